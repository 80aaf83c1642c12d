-- Case work across agencies. Keep in step with the other backend's 0002_casework.sql.
-- Free text lives only in `sealed` columns (envelope-encrypted); the rest are codes and ids.

CREATE TABLE organisations (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    municipality TEXT,
    demo         BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX organisations_kind ON organisations(kind, municipality);

-- National organisations (services-public.csv) and one Child Protection Unit (NJMF) per
-- municipality (municipalities.csv); both files are in data/albania with their sources.
INSERT INTO organisations (id, kind, name, municipality) VALUES
    ('helpline', 'helpline', 'Linja Kombëtare e Këshillimit për Fëmijë ALO 116 111', NULL),
    ('hotline', 'hotline', 'ISIGURT.al', NULL),
    ('police', 'police', 'Policia e Shtetit', NULL),
    ('prosecution', 'prosecution', 'Prokuroria', NULL),
    ('barnahus', 'barnahus', 'Barnahus Shqipëri', NULL),
    ('cpu-berat', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Berat', 'Berat'),
    ('cpu-kucove', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Kuçovë', 'Kuçovë'),
    ('cpu-polican', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Poliçan', 'Poliçan'),
    ('cpu-skrapar', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Skrapar', 'Skrapar'),
    ('cpu-dimal', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Dimal', 'Dimal'),
    ('cpu-bulqize', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Bulqizë', 'Bulqizë'),
    ('cpu-diber', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Dibër', 'Dibër'),
    ('cpu-klos', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Klos', 'Klos'),
    ('cpu-mat', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Mat', 'Mat'),
    ('cpu-durres', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Durrës', 'Durrës'),
    ('cpu-kruje', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Krujë', 'Krujë'),
    ('cpu-shijak', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Shijak', 'Shijak'),
    ('cpu-elbasan', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Elbasan', 'Elbasan'),
    ('cpu-belsh', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Belsh', 'Belsh'),
    ('cpu-cerrik', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Cërrik', 'Cërrik'),
    ('cpu-gramsh', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Gramsh', 'Gramsh'),
    ('cpu-librazhd', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Librazhd', 'Librazhd'),
    ('cpu-peqin', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Peqin', 'Peqin'),
    ('cpu-prrenjas', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Prrenjas', 'Prrenjas'),
    ('cpu-divjake', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Divjakë', 'Divjakë'),
    ('cpu-fier', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Fier', 'Fier'),
    ('cpu-lushnje', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Lushnje', 'Lushnje'),
    ('cpu-mallakaster', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Mallakastër', 'Mallakastër'),
    ('cpu-patos', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Patos', 'Patos'),
    ('cpu-roskovec', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Roskovec', 'Roskovec'),
    ('cpu-dropull', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Dropull', 'Dropull'),
    ('cpu-gjirokaster', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Gjirokastër', 'Gjirokastër'),
    ('cpu-kelcyre', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Kelcyrë', 'Kelcyrë'),
    ('cpu-libohove', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Libohovë', 'Libohovë'),
    ('cpu-memaliaj', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Memaliaj', 'Memaliaj'),
    ('cpu-permet', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Përmet', 'Përmet'),
    ('cpu-tepelene', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Tepelenë', 'Tepelenë'),
    ('cpu-devoll', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Devoll', 'Devoll'),
    ('cpu-kolonje', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Kolonjë', 'Kolonjë'),
    ('cpu-korce', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Korçë', 'Korçë'),
    ('cpu-maliq', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Maliq', 'Maliq'),
    ('cpu-pogradec', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Pogradec', 'Pogradec'),
    ('cpu-pustec', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Pustec', 'Pustec'),
    ('cpu-has', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Has', 'Has'),
    ('cpu-kukes', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Kukës', 'Kukës'),
    ('cpu-tropoje', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Tropojë', 'Tropojë'),
    ('cpu-kurbin', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Kurbin', 'Kurbin'),
    ('cpu-lezhe', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Lezhë', 'Lezhë'),
    ('cpu-mirdite', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Mirditë', 'Mirditë'),
    ('cpu-fushe-arres', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Fushë Arrës', 'Fushë Arrës'),
    ('cpu-malesi-e-madhe', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Malësi e Madhe', 'Malësi e Madhe'),
    ('cpu-puke', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Pukë', 'Pukë'),
    ('cpu-shkoder', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Shkodër', 'Shkodër'),
    ('cpu-vau-i-dejes', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Vau i Dejës', 'Vau i Dejës'),
    ('cpu-kamez', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Kamëz', 'Kamëz'),
    ('cpu-kavaje', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Kavajë', 'Kavajë'),
    ('cpu-rrogozhine', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Rrogozhinë', 'Rrogozhinë'),
    ('cpu-tirane', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Tiranë', 'Tiranë'),
    ('cpu-vore', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Vorë', 'Vorë'),
    ('cpu-delvine', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Delvinë', 'Delvinë'),
    ('cpu-finiq', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Finiq', 'Finiq'),
    ('cpu-himare', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Himarë', 'Himarë'),
    ('cpu-konispol', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Konispol', 'Konispol'),
    ('cpu-sarande', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Sarandë', 'Sarandë'),
    ('cpu-selenice', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Selenicë', 'Selenicë'),
    ('cpu-vlore', 'cpu', 'Njësia për Mbrojtjen e Fëmijës, Bashkia Vlorë', 'Vlorë');

ALTER TABLE staff ADD COLUMN org_id TEXT REFERENCES organisations(id);
ALTER TABLE staff ADD COLUMN profession TEXT;
-- TOTP secret, sealed; `totp_pending` during enrolment; last accepted time step.
ALTER TABLE staff ADD COLUMN totp_sealed BLOB;
ALTER TABLE staff ADD COLUMN totp_pending BLOB;
ALTER TABLE staff ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
UPDATE staff SET org_id = 'helpline' WHERE role = 'counsellor';

-- The organisation holding the case: new reports arrive at the helpline.
ALTER TABLE reports ADD COLUMN org_id TEXT NOT NULL DEFAULT 'helpline';
ALTER TABLE reports ADD COLUMN urgency TEXT NOT NULL DEFAULT 'normal';
CREATE INDEX reports_org ON reports(org_id, stage);

-- The audit log: every read and change of case data, hash-chained (keyed). `seq` is
-- dense, starts at 1 and is handed out by `audit_head`, which also holds the last link,
-- so removing the newest entries is detected too.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    staff_id  TEXT,
    role      TEXT,
    org_id    TEXT,
    report_id TEXT,
    action    TEXT NOT NULL,
    detail    TEXT,
    sealed    BLOB,
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
);
CREATE INDEX audit_report ON audit(report_id, seq);

CREATE TABLE audit_head (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    seq           INTEGER NOT NULL,
    hash          BLOB NOT NULL,
    -- Entries up to here came from the old, unchained event table; they are chained
    -- once, at the first start after this migration, and this is set back to 0.
    legacy_until  INTEGER NOT NULL
);

INSERT INTO audit (seq, at, actor, staff_id, role, org_id, report_id, action, detail, prev_hash, hash)
    SELECT seq, at, actor, staff_id, role, CASE WHEN staff_id IS NULL THEN NULL ELSE 'helpline' END,
           report_id, action, detail, x'', x''
    FROM report_events;
INSERT INTO audit_head (id, seq, hash, legacy_until)
    SELECT 1, COALESCE(MAX(seq), 0), zeroblob(32), COALESCE(MAX(seq), 0) FROM report_events;
DROP TABLE report_events;

CREATE TABLE case_notes (
    id         TEXT PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports(id),
    staff_id   TEXT NOT NULL REFERENCES staff(id),
    at         INTEGER NOT NULL,
    sealed     BLOB NOT NULL
);
CREATE INDEX case_notes_report ON case_notes(report_id, at);

CREATE TABLE tasks (
    id         TEXT PRIMARY KEY,
    report_id  TEXT NOT NULL REFERENCES reports(id),
    owner_id   TEXT NOT NULL REFERENCES staff(id),
    created_by TEXT NOT NULL REFERENCES staff(id),
    created_at INTEGER NOT NULL,
    due_on     INTEGER NOT NULL,
    done_at    INTEGER,
    sealed     BLOB NOT NULL
);
CREATE INDEX tasks_report ON tasks(report_id, due_on);
CREATE INDEX tasks_open ON tasks(done_at, due_on);

CREATE TABLE consents (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports(id),
    kind        TEXT NOT NULL,
    org_id      TEXT REFERENCES organisations(id),
    giver       TEXT NOT NULL,
    decision    TEXT NOT NULL,
    at          INTEGER NOT NULL,
    recorded_by TEXT REFERENCES staff(id),
    sealed      BLOB
);
CREATE INDEX consents_report ON consents(report_id, at);

CREATE TABLE referrals (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports(id),
    to_org      TEXT NOT NULL REFERENCES organisations(id),
    status      TEXT NOT NULL,
    legal_duty  TEXT,
    created_by  TEXT NOT NULL REFERENCES staff(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    sealed      BLOB NOT NULL,
    answer_sealed BLOB
);
CREATE INDEX referrals_report ON referrals(report_id);
CREATE INDEX referrals_to ON referrals(to_org, status);

CREATE TABLE team_members (
    report_id TEXT NOT NULL REFERENCES reports(id),
    staff_id  TEXT NOT NULL REFERENCES staff(id),
    added_by  TEXT NOT NULL REFERENCES staff(id),
    added_at  INTEGER NOT NULL,
    PRIMARY KEY (report_id, staff_id)
);
CREATE INDEX team_members_staff ON team_members(staff_id);

CREATE TABLE meetings (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports(id),
    held_on     INTEGER NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES staff(id),
    created_at  INTEGER NOT NULL,
    sealed      BLOB NOT NULL
);
CREATE INDEX meetings_report ON meetings(report_id, held_on);

-- One testimony per case (Barnahus: the child tells the story once).
CREATE TABLE testimonies (
    report_id   TEXT PRIMARY KEY REFERENCES reports(id),
    recorded_on INTEGER NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES staff(id),
    created_at  INTEGER NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    sealed_meta BLOB NOT NULL,
    sealed_file BLOB NOT NULL
);

CREATE TABLE exports (
    id            TEXT PRIMARY KEY,
    report_id     TEXT NOT NULL REFERENCES reports(id),
    recipient_org TEXT NOT NULL REFERENCES organisations(id),
    created_by    TEXT NOT NULL REFERENCES staff(id),
    created_at    INTEGER NOT NULL,
    fingerprint   TEXT NOT NULL UNIQUE
);
