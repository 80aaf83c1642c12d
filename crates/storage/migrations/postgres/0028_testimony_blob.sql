-- The testimony moves to the blob store (issue 18): sealed in chunks under a key of its
-- own, which the row keeps sealed under the case key. `sealed_file` stays for the rows from
-- before, and is emptied once `zeri serve` has moved their file (format 0: in the column,
-- 1: streamed in the blob store).
ALTER TABLE testimonies ADD COLUMN blob_key TEXT;
ALTER TABLE testimonies ADD COLUMN sealed_key BYTEA;
ALTER TABLE testimonies ADD COLUMN format BIGINT NOT NULL DEFAULT 0;
