-- Hashes that reach platforms. Keep in step with the PostgreSQL backend's 0018_hash_sharing.sql.
--
-- A take-down request is reviewed by a hotline analyst before anything of it is shared;
-- the child may withdraw it at any time (its hashes are then forgotten here).
ALTER TABLE takedown_requests ADD COLUMN review TEXT NOT NULL DEFAULT 'unreviewed';
ALTER TABLE takedown_requests ADD COLUMN reviewed_at INTEGER;
ALTER TABLE takedown_requests ADD COLUMN reviewed_by TEXT REFERENCES staff(id);
ALTER TABLE takedown_requests ADD COLUMN review_reason TEXT;
ALTER TABLE takedown_requests ADD COLUMN withdrawn_at INTEGER;
CREATE INDEX takedown_review ON takedown_requests(review, created_at);

-- One row per hash shared with platforms, whatever its source (docs/ARCHITECTURE.md).
-- `id` is stable (platforms key their copy by it); `seq` is the cursor and is given a new,
-- higher number at every change (a withdrawal), drawn from shared_hash_head in the writing
-- transaction, so numbers become visible in the order they were drawn.
CREATE TABLE shared_hashes (
    id             TEXT PRIMARY KEY,
    seq            INTEGER NOT NULL UNIQUE,
    -- 'takedown' (takedown_requests.id) or, later, 'item' (an assessed content item).
    source_kind    TEXT NOT NULL,
    source_id      TEXT NOT NULL,
    -- 'pdq' | 'md5' | 'sha256'; lower-case hex, '' once withdrawn.
    hash_type      TEXT NOT NULL,
    value          TEXT NOT NULL,
    quality        INTEGER,
    -- 'image' | 'video'
    media          TEXT NOT NULL,
    -- A short code: 'self-reported' for a child's request; for items the ICCAM verdict.
    classification TEXT NOT NULL,
    -- 'shared' | 'withdrawn'
    state          TEXT NOT NULL,
    shared_at      INTEGER NOT NULL,
    withdrawn_at   INTEGER
);
CREATE INDEX shared_hashes_source ON shared_hashes(source_kind, source_id);

CREATE TABLE shared_hash_head (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO shared_hash_head (id, seq) VALUES (1, 0);

-- Platforms that pull shared hashes. The token is kept only as a keyed digest; the contact
-- is sealed under the master key. `delivered_seq`: the highest sequence number handed to it.
CREATE TABLE platforms (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    contact_sealed BLOB NOT NULL,
    token_digest   BLOB NOT NULL UNIQUE,
    created_at     INTEGER NOT NULL,
    created_by     TEXT REFERENCES staff(id),
    revoked_at     INTEGER,
    delivered_seq  INTEGER NOT NULL DEFAULT 0,
    last_pull_at   INTEGER
);

-- What platforms report back about a shared hash: a match or a removal, how many, when.
-- Never anything about a person.
CREATE TABLE hash_reports (
    id             TEXT PRIMARY KEY,
    shared_hash_id TEXT NOT NULL REFERENCES shared_hashes(id),
    platform_id    TEXT NOT NULL REFERENCES platforms(id),
    outcome        TEXT NOT NULL,
    count          INTEGER NOT NULL,
    observed_at    INTEGER NOT NULL,
    received_at    INTEGER NOT NULL
);
CREATE INDEX hash_reports_hash ON hash_reports(shared_hash_id);
