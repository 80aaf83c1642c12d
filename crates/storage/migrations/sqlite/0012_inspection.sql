-- Evidence is inspected (images decoded and hashed with PDQ, then matched) after the
-- report that brought it has committed, so decoding never delays a child's receipt.
-- pending | done | undecodable | bomb. Rows from before are done. Keep in step with the
-- PostgreSQL backend's 0012_inspection.sql.
ALTER TABLE evidence ADD COLUMN inspection TEXT NOT NULL DEFAULT 'done';
CREATE INDEX evidence_pending ON evidence (received_at) WHERE inspection = 'pending';
