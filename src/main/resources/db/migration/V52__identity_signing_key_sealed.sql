-- Token signing keys' private parts are sealed with the master key (privacy.PlatformEncryption). Rows written before
-- this migration keep their plaintext JWK until the application seals them at start (SigningKeys), after which
-- private_jwk is NULL; exactly one of the two holds the key.
ALTER TABLE signing_key ADD COLUMN private_key_sealed bytea;
ALTER TABLE signing_key ALTER COLUMN private_jwk DROP NOT NULL;
ALTER TABLE signing_key ADD CONSTRAINT signing_key_private_part
    CHECK ((private_jwk IS NULL) <> (private_key_sealed IS NULL));
