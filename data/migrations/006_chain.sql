-- 006_chain.sql: the tamper-evident chain over the board's record (issue 8).
-- 13.1 (Table 10): the Release Control Board "retains a record of the
-- decisions and versions of releases as they are promoted through the
-- environments".  Decisions, control-point marks, attendance and
-- deployments written by rcb get one entry each here (core/chain.c):
--   row_hash  = SHA-256 over the row's canonical content
--   prev_hash = hash of the entry before (64 zeros for the first)
--   hash      = SHA-256 over (id, tbl, row_id, row_hash, prev_hash)
-- AUTOINCREMENT keeps sqlite_sequence at the highest id ever used, so a
-- deleted last entry shows as a gap.  Hashes are lowercase hex.
CREATE TABLE chain (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	tbl TEXT NOT NULL,               -- decision, control_mark, attendee, deployment
	row_id INTEGER NOT NULL,
	row_hash TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX chain_by_row ON chain(tbl, row_id, id);

-- Append-only: rcb itself never changes or removes an entry; these make a
-- slip in rcb's own code fail loudly (they do not stop a determined editor,
-- which is what rcb audit verify is for).
CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain
BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;
CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain
BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;
