-- Several instances on one database: which instance runs each background job, e-mails
-- claimed by the sender that sends them, and the master key each instance wraps with (so a
-- rotation made while instances serve waits until every one of them has taken up the new
-- key). Keep in step with the other backend's 0023_leases.sql.

-- One row per job (`mail`, `deadlines`, `retention`, `purge`, `keys-rotate`): the instance
-- holding it until `expires_at`. Taken and renewed by one compare-and-set statement
-- (`LeaseStore::take_lease`): only the holder, or anyone once it has expired.
CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- A notification's e-mail is claimed by one sender before it is sent
-- (`LeaseStore::claim_mail`), so two senders never send it twice.
ALTER TABLE notifications ADD COLUMN claimed_by TEXT;
ALTER TABLE notifications ADD COLUMN claimed_until BIGINT;

-- Each running instance and the id (never the key) of the master key it wraps new records
-- with, written every few seconds.
CREATE TABLE instance_keys (
    instance_id    TEXT PRIMARY KEY,
    primary_key_id TEXT NOT NULL,
    seen_at        BIGINT NOT NULL
);
