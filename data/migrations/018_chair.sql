-- 018_chair.sql: what a chair needs (issue 16).
--
-- 13.2.1: the minutes of a closed meeting are the board's output and are
-- distributed; they must be the same bytes every time they are written,
-- whatever is recorded later (a release's lifecycle step or RFC status, a
-- new verification run, a control point marked after the board, an action
-- closed).  rcb_meeting_close() and rcb_meeting_cancel() (core/meeting.c)
-- keep the minutes as the board had them, both formats, in the close row,
-- in the close's transaction; the close row is chained (core/chain.c
-- hashes t.*), so the snapshot is covered by the chain entry whose hash is
-- the head the minutes end with.  rcb_minutes_write() (core/minutes.c)
-- prints a closed meeting from these columns only.  NULL for a meeting
-- closed before 018: its minutes say they are rebuilt from today's record.
-- Nullable, no default: a NULL column leaves every old row's hash as it was.
ALTER TABLE meeting_close ADD COLUMN minutes_md TEXT;
ALTER TABLE meeting_close ADD COLUMN minutes_txt TEXT;

-- rcb action list --owner ignores case ("ravi patel" finds "Ravi Patel";
-- ASCII letters, as SQLite's NOCASE); this index serves that filter.
CREATE INDEX action_open_by_owner_nocase ON action(owner COLLATE NOCASE, status, due);

-- 13.2, Table 11: the roll of a new meeting starts from the people of the
-- last meeting held of its type (rcb_meeting_roll, core/meeting.c), each
-- "expected": on the roll, counting for nothing in the quorum and in no
-- head count until marked present, apologies or absent.  An expected
-- attendee is stored with status 'absent' (the CHECK of 001 allows no new
-- word) and expected = 1; marking clears it.  Nullable, no default: the
-- attendee rows and attendance events are chained and a NULL column
-- leaves every old row's hash as it was.
ALTER TABLE attendee ADD COLUMN expected INTEGER CHECK (expected IS NULL OR expected = 1);
ALTER TABLE attendee_event ADD COLUMN expected INTEGER CHECK (expected IS NULL OR expected = 1);
