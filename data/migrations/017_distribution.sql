-- 017_distribution.sql: who the board's output and a release note were
-- sent to (issue 14; core/distribution.c).
-- Source: MHHS-DEL1089 13.2.1: "All meeting output will be distributed to
-- all meeting attendees. In addition Core System Provider and Test
-- Participant representatives will receive the meeting output."  12.6
-- (Table 7): Release Notes go to "All impacted stakeholders in accordance
-- with the agreed Release Note distribution list / Step 4.1".
--
-- ref is what was sent: for minutes the chain head at the meeting's close
-- (the minutes of a closed meeting are fixed bytes; "" for a close made
-- before 008 chained closes), for a note "revision N".  Chained and
-- insert-only like the board's other records (core/chain.c).
CREATE TABLE distribution (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER REFERENCES meeting(id),
	release_id INTEGER REFERENCES release(id),
	what TEXT NOT NULL CHECK (what IN ('minutes', 'note')),
	ref TEXT NOT NULL,
	recipient TEXT NOT NULL,
	capacity TEXT NOT NULL CHECK (capacity IN ('attendee', 'csp', 'test-participant', 'other')),
	who TEXT NOT NULL,
	at TEXT NOT NULL,
	CHECK ((what = 'minutes' AND meeting_id IS NOT NULL AND release_id IS NULL)
	    OR (what = 'note' AND release_id IS NOT NULL AND meeting_id IS NULL))
);
CREATE INDEX distribution_by_meeting ON distribution(meeting_id, id);
CREATE INDEX distribution_by_release ON distribution(release_id, id);
CREATE TRIGGER distribution_no_update BEFORE UPDATE ON distribution
BEGIN SELECT RAISE(ABORT, 'distributions are insert-only'); END;
CREATE TRIGGER distribution_no_delete BEFORE DELETE ON distribution
BEGIN SELECT RAISE(ABORT, 'distributions are insert-only'); END;
