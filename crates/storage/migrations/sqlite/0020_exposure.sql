-- Protecting the staff who look at abuse material: every opening of material counted per
-- staff member, and the limits the administrator sets. Keep in step with the PostgreSQL
-- backend's 0020_exposure.sql.
--
-- No content and no case: which file was opened, and in which case, is in the chain of
-- custody already (the audit log); here only who, when, what kind and how long it counts.
CREATE TABLE exposure (
    id        TEXT PRIMARY KEY,
    staff_id  TEXT NOT NULL REFERENCES staff (id),
    at        BIGINT NOT NULL,
    -- image | video | other: an opening; break: a break the staff member confirmed.
    kind      TEXT NOT NULL,
    -- The seconds it counts: exact once ended, the most it may count (its cap) while open.
    counted_s BIGINT NOT NULL,
    -- When it ended (the next opening, leaving the page); NULL while still open.
    ended_at  BIGINT
);
CREATE INDEX exposure_staff_at ON exposure (staff_id, at);
CREATE INDEX exposure_at ON exposure (at);

-- One row: the daily limit and the break interval, in minutes.
CREATE TABLE exposure_limits (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    daily_limit_minutes BIGINT NOT NULL,
    break_after_minutes BIGINT NOT NULL,
    updated_at          BIGINT
);
INSERT INTO exposure_limits (id, daily_limit_minutes, break_after_minutes) VALUES (1, 300, 60);
