-- Public releases of statistics with differential privacy: one per period and ε, with the
-- noisy counts as released, so that the same request gets the same figures (the same
-- noise) and the privacy budget spent survives restarts and is shared by every instance.
-- Only noisy counts are kept, never a true one. Keep in step with the other backend's
-- 0011_dp_releases.sql.
CREATE TABLE dp_releases (
    -- 2026-11, 2026-Q4 or 2026
    period        TEXT NOT NULL,
    -- ε in thousandths
    epsilon_milli BIGINT NOT NULL,
    -- The months it covers, counted from year 0 (year × 12 + month − 1).
    first_month   INTEGER NOT NULL,
    last_month    INTEGER NOT NULL,
    -- JSON: table id → rows of noisy counts
    counts        TEXT NOT NULL,
    released_at   BIGINT NOT NULL,
    PRIMARY KEY (period, epsilon_milli)
);
CREATE INDEX dp_releases_months ON dp_releases (first_month, last_month);
-- One row, updated first in every new release: the write lock (SQLite) or the row lock
-- (PostgreSQL) makes the budget check and the insert one step across instances.
CREATE TABLE dp_budget_lock (
    id       INTEGER PRIMARY KEY,
    releases BIGINT NOT NULL
);
INSERT INTO dp_budget_lock (id, releases) VALUES (1, 0);
