-- Evidence, hash lists and take-down requests. Keep in step with the other backend's
-- 0005_evidence.sql. File contents live sealed in the blob store (`blob_key`); here only
-- their digests, perceptual hash and sealed metadata (file name, declared type).
CREATE TABLE evidence (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports(id),
    -- The follow-up message it came with; NULL when it came with the report.
    message_id  TEXT,
    received_at BIGINT NOT NULL,
    size        BIGINT NOT NULL,
    -- image | video | document | text | archive | other (from the bytes, not the name).
    kind        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    md5         TEXT NOT NULL,
    pdq         TEXT,
    pdq_quality BIGINT,
    blob_key    TEXT NOT NULL UNIQUE,
    key_id      TEXT NOT NULL,
    sealed      BYTEA NOT NULL
);
CREATE INDEX evidence_report ON evidence(report_id, received_at);
CREATE INDEX evidence_sha256 ON evidence(sha256);
CREATE INDEX evidence_md5 ON evidence(md5);

-- Hash lists imported by administrators (pdq, md5, sha256, label, source).
CREATE TABLE hash_lists (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    imported_by TEXT NOT NULL REFERENCES staff(id),
    entries     BIGINT NOT NULL
);
CREATE TABLE hash_entries (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    list_id TEXT NOT NULL REFERENCES hash_lists(id),
    pdq     TEXT,
    md5     TEXT,
    sha256  TEXT,
    label   TEXT NOT NULL,
    source  TEXT NOT NULL
);
CREATE INDEX hash_entries_sha256 ON hash_entries(sha256);
CREATE INDEX hash_entries_md5 ON hash_entries(md5);
CREATE INDEX hash_entries_list ON hash_entries(list_id);

-- What a piece of evidence matched when it arrived: an entry of a list, or earlier evidence.
CREATE TABLE evidence_matches (
    evidence_id       TEXT NOT NULL REFERENCES evidence(id),
    via               TEXT NOT NULL,
    distance          BIGINT NOT NULL,
    list_entry_id     BIGINT REFERENCES hash_entries(id),
    other_evidence_id TEXT REFERENCES evidence(id)
);
CREATE INDEX evidence_matches_evidence ON evidence_matches(evidence_id);

-- Hashes sent from the take-down page; the image never left the child's phone.
CREATE TABLE takedown_requests (
    id          TEXT PRIMARY KEY,
    reference   TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    report_id   TEXT REFERENCES reports(id),
    kind        TEXT NOT NULL,
    size        BIGINT NOT NULL,
    md5         TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    pdq         TEXT,
    quality     BIGINT,
    -- The seven other orientations, or the hashes of a video's frames, space-separated.
    dihedral    TEXT,
    frames      TEXT,
    exported_at BIGINT
);
CREATE INDEX takedown_created ON takedown_requests(created_at);
