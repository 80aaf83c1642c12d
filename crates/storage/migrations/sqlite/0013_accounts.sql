-- Staff accounts an administrator cannot turn into a way in: who created an account, and
-- who (a second person) confirmed it; an account is not usable until confirmed. Accounts
-- from before are confirmed. Keep in step with the PostgreSQL backend's 0013_accounts.sql.
ALTER TABLE staff ADD COLUMN created_by TEXT;
ALTER TABLE staff ADD COLUMN confirmed_at BIGINT;
ALTER TABLE staff ADD COLUMN confirmed_by TEXT;
UPDATE staff SET confirmed_at = created_at;
