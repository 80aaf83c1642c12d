-- Notice and take-down: where an item is hosted (which entry of the hosts table it belongs
-- to), every notice, reminder, answer, referral and re-check, and the mails they send.
-- Keep in step with the SQLite backend's 0021_notices.sql.

-- The entry of the hosts table the item was located at (no reference: an entry may be
-- removed later, the item keeps what was found), and when the notice job acts on the item
-- next (a reminder and a re-check); NULL: nothing scheduled.
ALTER TABLE content_items ADD COLUMN hosting_host_id TEXT;
ALTER TABLE content_items ADD COLUMN notice_due_at BIGINT;
CREATE INDEX content_items_notice_due ON content_items (notice_due_at);

-- The timeline of an item's take-down. `kind`: notice | reminder | answer | referral |
-- recheck | gone | still_there. `staff_id` NULL: the notice job. `outcome`: a code only
-- (a re-check's country or `no-such-host`). `sealed`, under the master key (context
-- `notice:<id>`): the free text (an answer may quote the host) and the mail it sends
-- (recipient, subject, body). `mail_state`: NULL (no mail) | pending | sent, so a mail
-- waits here, durably, while the SMTP server is away.
CREATE TABLE notices (
    id        TEXT PRIMARY KEY,
    item_id   TEXT NOT NULL REFERENCES content_items (id),
    at        BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    staff_id  TEXT REFERENCES staff (id),
    host_id   TEXT,
    outcome   TEXT,
    sealed    BYTEA,
    mail_state TEXT,
    mailed_at BIGINT,
    tries     BIGINT NOT NULL DEFAULT 0,
    -- A sender's claim on the mail until then (ms), so two instances never send it twice.
    claimed_until BIGINT
);
CREATE INDEX notices_item ON notices (item_id, at);
CREATE INDEX notices_mail ON notices (mail_state, at);
