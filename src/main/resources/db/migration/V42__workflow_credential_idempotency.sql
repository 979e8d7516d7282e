-- The Idempotency-Key of the request that created a credential, so that a repeated POST answers the same one.
ALTER TABLE credential ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX credential_idempotency ON credential (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
