-- A request belongs to the caller who made it (the token's subject): only they and the front desk may read it, and an
-- Idempotency-Key is that caller's own, so two callers' equal keys never meet. Requests from before sign-in belong to
-- nobody ('').
ALTER TABLE requests ADD COLUMN caller text NOT NULL DEFAULT '';
ALTER TABLE requests DROP CONSTRAINT requests_idempotency_key_key;
CREATE UNIQUE INDEX requests_caller_idempotency_key ON requests (caller, idempotency_key);
