-- The hosts and platforms the hotline sends notices to, kept by administrators: hosting
-- providers (matched by the address ranges they announce) and platforms (matched by their
-- domains), with whether the hotline is a trusted flagger there. In clear: what matching
-- and the list need (name, kind, country, domains, ranges, trusted flagger). The abuse
-- contact, the trusted-flagger channel and the notes are sealed under the master key
-- (context `host:<id>`). Every change is in the audit chain. Keep in step with the
-- SQLite backend's 0019_hosts.sql.
CREATE TABLE hosts (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('hosting_provider', 'platform')),
    -- ISO 3166-1 alpha-2, capitals; NULL when not known.
    country         TEXT,
    -- The networks it covers (CIDR, host bits zero), one per line; '' for none.
    ranges          TEXT NOT NULL,
    trusted_flagger BOOLEAN NOT NULL,
    sealed          BYTEA NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX hosts_name ON hosts (lower(name));

-- Each domain belongs to one entry at most (lower-case ASCII, no trailing dot); an entry
-- covers its domains and their subdomains.
CREATE TABLE host_domains (
    domain  TEXT PRIMARY KEY,
    host_id TEXT NOT NULL REFERENCES hosts (id) ON DELETE CASCADE
);
CREATE INDEX host_domains_host ON host_domains (host_id);
