-- Remote sessions: a professional offers times, the child picks one with the receipt, and
-- the session happens in the chat. Keep in step with the other backend's 0010_sessions.sql.
CREATE TABLE session_slots (
    id         TEXT PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports (id),
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    starts_at  BIGINT NOT NULL,
    minutes    INTEGER NOT NULL,
    -- offered | booked | cancelled
    status     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    booked_at  BIGINT
);
CREATE INDEX session_slots_report ON session_slots (report_id, starts_at);
