-- 004_meeting.sql: what running a board meeting live needs beyond 001
-- (issue 6).  Source: MHHS-DEL1089 (../shared/seed) sections 13.1-13.2.1.

-- An attendee removed from a meeting stays in the record, flagged, because
-- attendance rows are chained (006_chain.sql) and must never disappear.
ALTER TABLE attendee ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;

-- An agenda item's clock: while running_since is set, the item is being
-- discussed; stopping adds the time to seconds_spent.
ALTER TABLE agenda_item ADD COLUMN running_since TEXT;
CREATE INDEX agenda_by_release ON agenda_item(release_id, meeting_id);

-- People who attended before, for the attendance picker (one row a name,
-- the role and organisation they last attended with).  A prefix search
-- walks the primary key, so it costs what it shows.
CREATE TABLE person (
	name TEXT PRIMARY KEY COLLATE NOCASE,
	role TEXT NOT NULL,
	organisation TEXT NOT NULL DEFAULT '',
	last_date TEXT NOT NULL
);
INSERT OR REPLACE INTO person (name, role, organisation, last_date)
 SELECT a.name, a.role, a.organisation, m.date
 FROM attendee a JOIN meeting m ON m.id = a.meeting_id
 ORDER BY m.date, a.id;

-- Lookups the meeting screens and the minutes make.
CREATE INDEX decision_by_meeting ON decision(meeting_id, id);
CREATE INDEX action_open_by_owner ON action(owner, status, due);
CREATE INDEX action_open_by_meeting ON action(meeting_id, status, due);
CREATE INDEX action_open_by_release ON action(release_id, status, due);

-- Where each user was in the TUI (meeting, item ...), so a restarted rcb
-- reopens it.  Not part of the board's record: no audit, no chain.
CREATE TABLE ui_state (
	who TEXT NOT NULL,
	key TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (who, key)
);
