-- Zëri schema, PostgreSQL. Keep in step with migrations/sqlite/0001_init.sql.
-- Personal data and free text live only in the `sealed` columns (envelope-encrypted).
CREATE TABLE staff (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE reports (
    id             TEXT PRIMARY KEY,
    case_ref       TEXT NOT NULL UNIQUE,
    receipt_digest BYTEA NOT NULL UNIQUE,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
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
    sealed         BYTEA NOT NULL
);
CREATE INDEX reports_stage ON reports(stage, created_at);

CREATE TABLE messages (
    seq        BIGSERIAL PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    report_id  TEXT NOT NULL REFERENCES reports(id),
    author     TEXT NOT NULL,
    staff_id   TEXT REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    key_id     TEXT NOT NULL,
    sealed     BYTEA NOT NULL
);
CREATE INDEX messages_report ON messages(report_id, seq);

CREATE TABLE report_events (
    seq       BIGSERIAL PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id),
    at        BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    staff_id  TEXT REFERENCES staff(id),
    role      TEXT,
    action    TEXT NOT NULL,
    detail    TEXT
);
CREATE INDEX report_events_report ON report_events(report_id, seq);

CREATE TABLE sessions (
    token_digest BYTEA PRIMARY KEY,
    kind         TEXT NOT NULL,
    subject      TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);

CREATE TABLE throttle (
    bucket       BYTEA PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL
);
