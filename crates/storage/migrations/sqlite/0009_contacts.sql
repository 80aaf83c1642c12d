-- Helpline phone contacts. Keep in step with the other backend's 0009_contacts.sql.

-- How a report came in: online (the form or the API) or by phone (logged by a counsellor).
ALTER TABLE reports ADD COLUMN channel TEXT NOT NULL DEFAULT 'online';

-- A phone call about a case: who took it, when, how long, what follow-up was agreed; what
-- was said is sealed under the case key.
CREATE TABLE contacts (
    id        TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (id),
    staff_id  TEXT NOT NULL REFERENCES staff (id),
    at        BIGINT NOT NULL,
    channel   TEXT NOT NULL,
    minutes   INTEGER,
    -- none | call_back | chat | messages | visit
    follow_up TEXT NOT NULL,
    sealed    BLOB NOT NULL
);
CREATE INDEX contacts_report ON contacts (report_id, at);
