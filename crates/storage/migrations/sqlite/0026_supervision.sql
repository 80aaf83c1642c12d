-- The helpline as a team: every contact recorded (disposition and CHI category), canned
-- responses, a supervisor reading along and coaching, quality reviews and closure
-- approval. Keep in step with the other backend's 0026_supervision.sql.

-- One record per contact, chat or phone, made by the counsellor when it ends. No text:
-- categories only (zeri_domain::chi). A phone contact that was not about a case (a silent
-- call, a prank) has no report.
CREATE TABLE contact_records (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations (id),
    report_id   TEXT REFERENCES reports (id),
    chat_id     TEXT REFERENCES chats (id),
    staff_id    TEXT NOT NULL REFERENCES staff (id),
    -- chat | phone
    channel     TEXT NOT NULL,
    at          BIGINT NOT NULL,
    -- data | silent | hang_up | prank | abusive | thank_you | test | wrong_number
    disposition TEXT NOT NULL,
    -- CHI main and sub-category; NULL for a non-data contact.
    chi_main    TEXT,
    chi_sub     TEXT,
    -- The child's age band and gender where recorded (never asked for).
    age_band    TEXT NOT NULL,
    gender      TEXT NOT NULL
);
CREATE UNIQUE INDEX contact_records_chat ON contact_records (chat_id) WHERE chat_id IS NOT NULL;
CREATE INDEX contact_records_org ON contact_records (org_id, at);

-- Short texts counsellors insert in a chat reply, kept by the organisation's supervisor.
-- Templates written by staff: stored plain, never logged.
CREATE TABLE canned_responses (
    id         TEXT PRIMARY KEY,
    org_id     TEXT REFERENCES organisations (id),
    -- sq | en
    lang       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES staff (id)
);
CREATE INDEX canned_responses_org ON canned_responses (org_id, lang);

-- A supervisor reading a chat along (the counsellor is shown who).
CREATE TABLE chat_watchers (
    chat_id  TEXT NOT NULL REFERENCES chats (id),
    staff_id TEXT NOT NULL REFERENCES staff (id),
    since    BIGINT NOT NULL,
    PRIMARY KEY (chat_id, staff_id)
);

-- A supervisor's private note to the counsellor of a chat, never shown to the child;
-- sealed under the case key.
CREATE TABLE chat_coaching (
    id        TEXT PRIMARY KEY,
    chat_id   TEXT NOT NULL REFERENCES chats (id),
    report_id TEXT NOT NULL REFERENCES reports (id),
    staff_id  TEXT NOT NULL REFERENCES staff (id),
    at        BIGINT NOT NULL,
    sealed    BLOB NOT NULL
);
CREATE INDEX chat_coaching_chat ON chat_coaching (chat_id, at);

-- The quality review of a sampled contact: five answers 1-5 and a comment sealed under the
-- case key.
CREATE TABLE quality_reviews (
    record_id   TEXT PRIMARY KEY REFERENCES contact_records (id),
    report_id   TEXT NOT NULL REFERENCES reports (id),
    reviewer_id TEXT NOT NULL REFERENCES staff (id),
    at          BIGINT NOT NULL,
    q1          BIGINT NOT NULL,
    q2          BIGINT NOT NULL,
    q3          BIGINT NOT NULL,
    q4          BIGINT NOT NULL,
    q5          BIGINT NOT NULL,
    sealed      BLOB
);

-- Where the organisation requires it, closing a case waits for a supervisor.
ALTER TABLE organisations ADD COLUMN closure_needs_approval BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE closure_requests (
    id           TEXT PRIMARY KEY,
    report_id    TEXT NOT NULL REFERENCES reports (id),
    requested_by TEXT NOT NULL REFERENCES staff (id),
    requested_at BIGINT NOT NULL,
    -- pending | approved | returned
    status       TEXT NOT NULL,
    decided_by   TEXT REFERENCES staff (id),
    decided_at   BIGINT,
    -- The reason a closure was returned, sealed under the case key.
    sealed       BLOB
);
CREATE UNIQUE INDEX closure_requests_pending ON closure_requests (report_id) WHERE status = 'pending';
