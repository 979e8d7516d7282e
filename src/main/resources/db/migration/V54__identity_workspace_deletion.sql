-- An owner deletes a workspace: the row stays, marked deleted (its audit log hangs off it and stays verifiable);
-- memberships, invitations, API keys and idempotency keys are deleted and sessions revoked in the same transaction,
-- and the WorkspaceDeleted event asks the other modules to purge what they hold for it.
ALTER TABLE workspace ADD COLUMN deleted_at timestamptz;
ALTER TABLE workspace ADD COLUMN deleted_by uuid REFERENCES app_user (id);
