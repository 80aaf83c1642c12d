-- Frontline-worker surveys and their anonymous responses. Keep in step with the other
-- backend's 0006_surveys.sql.
CREATE TABLE surveys (
    id          TEXT PRIMARY KEY,
    -- Random and unguessable: the public link is /sq/survey/<slug>.
    slug        TEXT NOT NULL UNIQUE,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    -- The questions in Albanian and English (zeri_domain::survey::Survey as JSON).
    definition  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    created_by  TEXT NOT NULL REFERENCES staff(id),
    updated_at  INTEGER NOT NULL,
    -- Bumped by every change, so two administrators editing at once cannot overwrite
    -- each other's work unseen.
    version     INTEGER NOT NULL
);

-- A response carries nothing about who gave it: no address, browser, cookie, session or
-- account, and only the day it came (no time of day), so that it cannot be lined up with
-- anything else. WITHOUT ROWID: rows are kept in the order of their random ids, not in
-- the order they arrived.
CREATE TABLE survey_responses (
    id           TEXT PRIMARY KEY,
    survey_id    TEXT NOT NULL REFERENCES surveys(id),
    -- Days since 1970-01-01 (UTC).
    submitted_on INTEGER NOT NULL,
    -- Choices and ratings by question id; free-text answers appear only as "written".
    answers      TEXT NOT NULL,
    -- The free-text answers, sealed; NULL when there are none.
    sealed       BLOB
) WITHOUT ROWID;
CREATE INDEX survey_responses_survey ON survey_responses(survey_id);
