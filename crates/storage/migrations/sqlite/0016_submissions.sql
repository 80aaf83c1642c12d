-- The report form is sent once: each form carries a one-time token, kept here only as a
-- keyed digest with the report it made, so sending the same form again (a reload, a
-- double tap) files nothing new. The receipt is shown on a page of its own for a few
-- minutes, sealed here meanwhile and blanked after. Keep in step with the PostgreSQL backend's
-- 0016_submissions.sql.
CREATE TABLE submissions (
    token_digest   TEXT PRIMARY KEY, -- hex
    report_id      TEXT NOT NULL REFERENCES reports (id),
    created_at     BIGINT NOT NULL,
    receipt_sealed BLOB,
    shown_until    BIGINT NOT NULL
);
