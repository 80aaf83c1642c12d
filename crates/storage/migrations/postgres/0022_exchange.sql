-- Partner hotlines and the items exchanged with them (zeri-exchange/1, docs/EXCHANGE.md).
-- Keep in step with the SQLite backend's 0022_exchange.sql.

-- A partner hotline (another Zëri, or anything that reads the format): where to send, the
-- key we send with (sealed under the master key, `context::exchange_partner_key`) and the
-- keyed digest of the key it sends to us with (shown once at creation, as platform tokens).
CREATE TABLE exchange_partners (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    country         TEXT NOT NULL,          -- ISO 3166-1 alpha-2
    endpoint        TEXT NOT NULL,          -- https://… of their Zëri (…/api/v1/exchange/items is added)
    key_sealed      BYTEA NOT NULL,          -- the outgoing key
    incoming_digest BYTEA NOT NULL UNIQUE,   -- lookup_digest("partner-key", their key to us)
    created_at      BIGINT NOT NULL,
    created_by      TEXT REFERENCES staff (id),
    revoked_at      BIGINT
);
CREATE INDEX exchange_partners_country ON exchange_partners (country, revoked_at);

-- Every attempt to hand an item to a partner: sent (with their reference) or failed (with
-- a code). The hosting facts the item was sent with are sealed (`context::exchange_forward`).
CREATE TABLE exchange_forwards (
    id           TEXT PRIMARY KEY,
    item_id      TEXT NOT NULL REFERENCES content_items (id),
    partner_id   TEXT NOT NULL REFERENCES exchange_partners (id),
    at           BIGINT NOT NULL,
    staff_id     TEXT REFERENCES staff (id),
    outcome      TEXT NOT NULL,             -- sent | failed
    their_ref    TEXT,                      -- the receiver's id of the item
    error        TEXT,                      -- a code: http-401, unreachable, …
    country      TEXT NOT NULL,
    facts_sealed BYTEA NOT NULL
);
CREATE INDEX exchange_forwards_item ON exchange_forwards (item_id, at);

-- Every item received from a partner: the content report it made (source 'partner'), the
-- sender's reference (the same document twice is one item), the sender's classification
-- (shown as theirs; our analysts assess again) and the whole document sealed
-- (`context::exchange_received`).
CREATE TABLE exchange_received (
    id            TEXT PRIMARY KEY,
    partner_id    TEXT NOT NULL REFERENCES exchange_partners (id),
    sender_ref    TEXT NOT NULL,
    report_id     TEXT NOT NULL REFERENCES content_reports (id),
    item_id       TEXT NOT NULL REFERENCES content_items (id),
    received_at   BIGINT NOT NULL,
    verdict       TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    age_group     TEXT,
    site_type     TEXT NOT NULL,
    other_harm    TEXT,
    hosting_country TEXT NOT NULL,
    sealed        BYTEA NOT NULL,
    UNIQUE (partner_id, sender_ref)
);
CREATE INDEX exchange_received_item ON exchange_received (item_id);
