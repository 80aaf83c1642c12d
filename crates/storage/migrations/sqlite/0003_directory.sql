-- The directory of services (Open Referral HSDS 3.0). Keep in step with the other
-- backend's 0003_directory.sql. Public data: nothing here is personal.

-- One row per service; `data` is the service as JSON (zeri_domain::directory::Service).
CREATE TABLE services (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    status     TEXT NOT NULL,
    demo       BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at INTEGER NOT NULL,
    data       TEXT NOT NULL
);

-- Every change, as HSDS metadata: who changed which field of which record, when, from what to what.
CREATE TABLE service_changes (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    id                TEXT NOT NULL UNIQUE,
    resource_id       TEXT NOT NULL,
    resource_type     TEXT NOT NULL,
    last_action_date  INTEGER NOT NULL,
    last_action_type  TEXT NOT NULL,
    field_name        TEXT NOT NULL,
    previous_value    TEXT NOT NULL,
    replacement_value TEXT NOT NULL,
    updated_by        TEXT NOT NULL
);
CREATE INDEX service_changes_resource ON service_changes(resource_id, seq);

-- Bumped on every change, so every instance knows when to rebuild its in-memory index.
CREATE TABLE directory_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO directory_version (id, version) VALUES (1, 0);
