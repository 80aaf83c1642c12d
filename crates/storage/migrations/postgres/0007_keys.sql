-- Case keys and retention. Keep in step with the other backend's 0007_keys.sql.
-- Each case's data key, wrapped by the master key. Everything personal about the case is
-- sealed under it; deleting the row erases the case. Backups never copy this table.
CREATE TABLE case_keys (
    report_id  TEXT PRIMARY KEY REFERENCES reports (id),
    created_at BIGINT NOT NULL,
    wrapped    BYTEA NOT NULL
);

-- When the report entered its current stage (retention counts from there).
ALTER TABLE reports ADD COLUMN stage_at BIGINT;
UPDATE reports SET stage_at = updated_at;
-- Set when retention erased the case's personal data; the statistical facts stay.
ALTER TABLE reports ADD COLUMN erased_at BIGINT;
CREATE INDEX reports_retention ON reports (stage, stage_at) WHERE erased_at IS NULL;
