-- Need-to-know down to the person: an accepted referral names who handles it; the rest of
-- the receiving organisation sees only what a pending referral shows. Referrals accepted
-- before keep no name (the whole organisation, as before). Keep in step with the SQLite
-- backend's 0015_handlers.sql.
ALTER TABLE referrals ADD COLUMN handled_by TEXT;
