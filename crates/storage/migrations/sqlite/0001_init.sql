-- Zëri schema, SQLite. Keep in step with migrations/postgres/0001_init.sql.
-- Personal data and free text live only in the `sealed` columns (envelope-encrypted).
CREATE TABLE staff (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE reports (
    id             TEXT PRIMARY KEY,
    case_ref       TEXT NOT NULL UNIQUE,
    receipt_digest BLOB NOT NULL UNIQUE,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    stage          TEXT NOT NULL,
    category       TEXT NOT NULL,
    reporter       TEXT NOT NULL,
    age_band       TEXT NOT NULL,
    municipality   TEXT,
    contact_method TEXT NOT NULL,
    consent_cpo    BOOLEAN NOT NULL,
    consent_police BOOLEAN NOT NULL,
    assigned_to    TEXT REFERENCES staff(id),
    awaiting_reply BOOLEAN NOT NULL DEFAULT TRUE,
    key_id         TEXT NOT NULL,
    sealed         BLOB NOT NULL
);
CREATE INDEX reports_stage ON reports(stage, created_at);

CREATE TABLE messages (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    report_id  TEXT NOT NULL REFERENCES reports(id),
    author     TEXT NOT NULL,
    staff_id   TEXT REFERENCES staff(id),
    created_at INTEGER NOT NULL,
    key_id     TEXT NOT NULL,
    sealed     BLOB NOT NULL
);
CREATE INDEX messages_report ON messages(report_id, seq);

CREATE TABLE report_events (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id TEXT NOT NULL REFERENCES reports(id),
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    staff_id  TEXT REFERENCES staff(id),
    role      TEXT,
    action    TEXT NOT NULL,
    detail    TEXT
);
CREATE INDEX report_events_report ON report_events(report_id, seq);

CREATE TABLE sessions (
    token_digest BLOB PRIMARY KEY,
    kind         TEXT NOT NULL,
    subject      TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);

CREATE TABLE throttle (
    bucket       BLOB PRIMARY KEY,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL
);
