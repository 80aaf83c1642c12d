-- What became of each case. Keep in step with the other backend's 0004_outcomes.sql.
CREATE TABLE outcomes (
    id           TEXT PRIMARY KEY,
    report_id    TEXT NOT NULL REFERENCES reports(id),
    outcome      TEXT NOT NULL,
    support_kind TEXT,
    -- Days since 1970-01-01: the date it happened.
    occurred_on  BIGINT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES staff(id),
    recorded_at  BIGINT NOT NULL
);
CREATE INDEX outcomes_report ON outcomes(report_id, occurred_on);
CREATE INDEX outcomes_kind ON outcomes(outcome, occurred_on);
