-- The child in control (issue 19, points 4 and 5): a passphrase as a second way in, the
-- child's requests for erasure and staff's answers, and anonymous chat ratings. Keep in
-- step with the other backend's 0025_child_control.sql.

-- A passphrase the child chose. `bucket`: the first two bytes (hex) of a keyed digest of
-- the normalised passphrase, so a passphrase is found among a few candidates without a
-- searchable full digest; `phc`: its Argon2id hash, which verifies it. One per report.
CREATE TABLE child_passphrases (
    report_id  TEXT PRIMARY KEY REFERENCES reports (id),
    bucket     TEXT NOT NULL,
    phc        TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX child_passphrases_bucket ON child_passphrases (bucket);

-- The child asks for their report to be erased; staff with the case decide.
-- status: pending | accepted | refused; reason: a code from the list when refused;
-- sealed: the optional words of the answer, sealed under the case key.
CREATE TABLE erasure_requests (
    id           TEXT PRIMARY KEY,
    report_id    TEXT NOT NULL REFERENCES reports (id),
    requested_at BIGINT NOT NULL,
    status       TEXT NOT NULL,
    reason       TEXT,
    sealed       BYTEA,
    decided_by   TEXT REFERENCES staff (id),
    decided_at   BIGINT
);
CREATE INDEX erasure_requests_report ON erasure_requests (report_id, requested_at);
-- At most one request waiting for an answer per case, whatever races.
CREATE UNIQUE INDEX erasure_requests_pending ON erasure_requests (report_id) WHERE status = 'pending';

-- One rating per chat: a token handed to the child when the chat ends, marked used when
-- the rating comes (no time, no rating kept with it).
CREATE TABLE chat_rating_tokens (
    chat_id      TEXT PRIMARY KEY,
    token_digest TEXT NOT NULL UNIQUE,
    org_id       TEXT NOT NULL,
    used         BOOLEAN NOT NULL DEFAULT FALSE
);

-- Ratings as counts only, by organisation and month: no row per rating, no chat, no case,
-- no time finer than the month, so a rating cannot be tied to a child.
-- listened: yes | partly | no; come_back: yes | no.
CREATE TABLE chat_ratings (
    org_id    TEXT NOT NULL,
    month     TEXT NOT NULL,
    listened  TEXT NOT NULL,
    come_back TEXT NOT NULL,
    count     BIGINT NOT NULL,
    PRIMARY KEY (org_id, month, listened, come_back)
);
