-- The hotline's content items: links (URLs) reported because they show child sexual abuse
-- material, assessed by hotline analysts (INHOPE/ICCAM). No child is in them: a report
-- from a child's case keeps only the case's id, for an analyst who may read it.
-- Keep in step with the SQLite backend's 0017_hotline.sql.

-- One piece of material at one place. Its first URL is `url_digest` (in `content_urls`);
-- the classification columns repeat its current assessment, for the queue and statistics.
CREATE TABLE content_items (
    id                 TEXT PRIMARY KEY,
    created_at         BIGINT NOT NULL, -- first reported
    last_reported_at   BIGINT NOT NULL,
    times_reported     BIGINT NOT NULL,
    url_digest         TEXT NOT NULL UNIQUE, -- hex keyed digest of the normalised first URL
    source             TEXT NOT NULL,   -- public | analyst | case (how it first came)
    shows              TEXT,            -- what the first reporter said it shows
    state              TEXT NOT NULL,   -- new | assessed | confirmed | disputed
    assessment_id      TEXT,            -- the current assessment
    verdict            TEXT,            -- baseline | national | not_illegal
    content_type       TEXT,
    age_group          TEXT,
    site_type          TEXT,
    other_harm         TEXT,
    assessed_by        TEXT REFERENCES staff (id),
    assessed_at        BIGINT,
    reviewed_by        TEXT REFERENCES staff (id),
    reviewed_at        BIGINT,
    -- Filled by the work after assessment; NULL until then.
    hosting_country    TEXT,            -- ISO 3166-1 alpha-2 of where it is hosted
    hosting_checked_at BIGINT,          -- when that was found
    removed_at         BIGINT,          -- when it was seen gone
    forwarded_to       TEXT             -- the partner hotline it was handed to
);
CREATE INDEX content_items_queue ON content_items (state, created_at);
CREATE INDEX content_items_created ON content_items (created_at);

-- Every URL known for an item, found again by the keyed digest of its normal form; the
-- URL itself only sealed (it may name a person). Further URLs join an item when a report
-- carries a hash the item has.
CREATE TABLE content_urls (
    url_digest TEXT PRIMARY KEY,
    item_id    TEXT NOT NULL REFERENCES content_items (id),
    added_at   BIGINT NOT NULL,
    url_sealed BYTEA NOT NULL
);
CREATE INDEX content_urls_item ON content_urls (item_id, added_at);

-- Each time links were reported: by the public form (anonymous; a receipt only if asked
-- for, kept as a keyed digest), by an analyst, or from a child's case.
CREATE TABLE content_reports (
    id             TEXT PRIMARY KEY,
    created_at     BIGINT NOT NULL,
    source         TEXT NOT NULL,
    shows          TEXT,
    receipt_digest BYTEA UNIQUE,
    -- The web form's one-time token (keyed digest, hex): a form sent twice files once.
    form_digest    TEXT UNIQUE,
    -- The receipt, sealed, for its page, until `shown_until`; blanked after.
    receipt_sealed BYTEA,
    shown_until    BIGINT,
    case_id        TEXT REFERENCES reports (id),
    staff_id       TEXT REFERENCES staff (id)
);

CREATE TABLE content_report_items (
    report_id TEXT NOT NULL REFERENCES content_reports (id),
    item_id   TEXT NOT NULL REFERENCES content_items (id),
    joined    BOOLEAN NOT NULL, -- the item was there before this report
    PRIMARY KEY (report_id, item_id)
);
CREATE INDEX content_report_items_item ON content_report_items (item_id);

-- Content hashes of an item's material (as given by reporters or analysts).
CREATE TABLE content_hashes (
    item_id  TEXT NOT NULL REFERENCES content_items (id),
    kind     TEXT NOT NULL, -- sha256 | md5 | pdq
    value    TEXT NOT NULL, -- lower-case hex
    added_at BIGINT NOT NULL,
    PRIMARY KEY (item_id, kind, value)
);
CREATE INDEX content_hashes_value ON content_hashes (kind, value);

-- Every assessment, with a second analyst's answer to it.
CREATE TABLE content_assessments (
    id           TEXT PRIMARY KEY,
    item_id      TEXT NOT NULL REFERENCES content_items (id),
    at           BIGINT NOT NULL,
    staff_id     TEXT NOT NULL REFERENCES staff (id),
    verdict      TEXT NOT NULL,
    content_type TEXT NOT NULL,
    age_group    TEXT,
    site_type    TEXT NOT NULL,
    other_harm   TEXT,
    review       TEXT, -- confirm | dispute
    reviewed_by  TEXT REFERENCES staff (id),
    reviewed_at  BIGINT
);
CREATE INDEX content_assessments_item ON content_assessments (item_id, at);

-- Audit entries about an item carry its id first in `detail` (action `item-…`).
CREATE INDEX audit_item ON audit (substr(detail, 1, 32)) WHERE action LIKE 'item-%';
