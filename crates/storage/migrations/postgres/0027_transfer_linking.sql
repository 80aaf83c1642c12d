-- Linking and merging cases (issue 19, point 3). Keep in step with the other backend's
-- 0027_transfer_linking.sql. No personal data: ids, who and when.

-- Two reports that belong together (a phone call and an online report of the same child,
-- a parent's report), linked by staff who may read both. `a` < `b`, so a pair is one row.
CREATE TABLE case_links (
    a         TEXT NOT NULL REFERENCES reports (id),
    b         TEXT NOT NULL REFERENCES reports (id),
    linked_by TEXT NOT NULL REFERENCES staff (id),
    linked_at BIGINT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX case_links_b ON case_links (b);

-- A case merged into another (irreversible): the merged case's rows stay where they are,
-- sealed under its own key, and are read through the survivor; its receipt and passphrase
-- open the survivor; staff find it no more (404).
CREATE TABLE case_merges (
    merged_id   TEXT PRIMARY KEY REFERENCES reports (id),
    survivor_id TEXT NOT NULL REFERENCES reports (id),
    merged_by   TEXT NOT NULL REFERENCES staff (id),
    merged_at   BIGINT NOT NULL
);
CREATE INDEX case_merges_survivor ON case_merges (survivor_id);

-- A transfer of the lead on a case to another organisation (distinct from a referral):
-- the leading organisation asks, with a reason (sealed under the case key); staff of the
-- receiving organisation accept (the case's organisation changes) or reject it, with a
-- reason (sealed). status: pending | accepted | rejected. One pending per case.
CREATE TABLE case_transfers (
    id            TEXT PRIMARY KEY,
    report_id     TEXT NOT NULL REFERENCES reports (id),
    from_org      TEXT NOT NULL,
    to_org        TEXT NOT NULL,
    requested_by  TEXT NOT NULL REFERENCES staff (id),
    requested_at  BIGINT NOT NULL,
    sealed        BYTEA NOT NULL,
    status        TEXT NOT NULL,
    answered_by   TEXT REFERENCES staff (id),
    answered_at   BIGINT,
    answer_sealed BYTEA
);
CREATE INDEX case_transfers_report ON case_transfers (report_id, requested_at);
CREATE INDEX case_transfers_to ON case_transfers (to_org, status);
