-- Live chat, who is on duty, professionals' hours and staff notifications. Keep in step
-- with the other backend's 0008_chat.sql.

-- A live conversation on a report. Its messages are ordinary messages (sealed under the
-- case key) that name the chat, so the chat and the follow-up messages are one thread.
CREATE TABLE chats (
    id          TEXT PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports (id),
    opened_at   BIGINT NOT NULL,
    -- waiting | active | ended
    status      TEXT NOT NULL,
    -- A professional the chat goes to first (a psychologist within the hours they set);
    -- NULL: the helpline queue.
    routed_to   TEXT REFERENCES staff (id),
    -- Who answers now.
    staff_id    TEXT REFERENCES staff (id),
    answered_at BIGINT,
    ended_at    BIGINT,
    -- child | staff | blocked
    ended_by    TEXT,
    -- The last hand-over note or the reason for a block, sealed under the case key.
    sealed      BLOB
);
CREATE UNIQUE INDEX chats_one_open ON chats (report_id) WHERE status <> 'ended';
CREATE INDEX chats_queue ON chats (status, opened_at);

ALTER TABLE messages ADD COLUMN chat_id TEXT REFERENCES chats (id);
-- When the other side's screen received it, and when they read it.
ALTER TABLE messages ADD COLUMN delivered_at BIGINT;
ALTER TABLE messages ADD COLUMN read_at BIGINT;

-- Counsellors who are answering chats now.
CREATE TABLE on_duty (
    staff_id TEXT PRIMARY KEY REFERENCES staff (id),
    since    BIGINT NOT NULL
);

-- When a professional answers chats of the cases referred to them: minutes from Monday
-- 00:00, Albanian local time, [start, end).
CREATE TABLE staff_hours (
    staff_id  TEXT NOT NULL REFERENCES staff (id),
    start_min INTEGER NOT NULL,
    end_min   INTEGER NOT NULL,
    PRIMARY KEY (staff_id, start_min)
);

-- "Something is waiting for you": what kind, never what it is about beyond the case id
-- (shown only in the staff area, after sign-in).
CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    staff_id   TEXT NOT NULL REFERENCES staff (id),
    kind       TEXT NOT NULL,
    report_id  TEXT REFERENCES reports (id),
    created_at BIGINT NOT NULL,
    read_at    BIGINT,
    emailed_at BIGINT
);
CREATE INDEX notifications_staff ON notifications (staff_id, created_at);
CREATE INDEX notifications_mail ON notifications (emailed_at);

-- A staff member's e-mail address for notifications, sealed under the master key.
ALTER TABLE staff ADD COLUMN email_sealed BLOB;
