-- Webhook delivery keys (Idempotency-Key on /hooks/{token}, a definition's "dedupe") live in run.idempotency_key as
-- 'hook:<workflow id>:<key>' and are forgotten (set to NULL) once older than levqor.engine.hooks.idempotency.retention.
-- This partial index holds only runs that still carry such a key, so the sweep finds them without reading the history.
CREATE INDEX run_hook_key ON run (created_at) WHERE idempotency_key LIKE 'hook:%';
