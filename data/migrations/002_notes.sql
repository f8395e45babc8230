-- 002_notes.sql: Release Notes and the holidays that working days skip.
-- Source: MHHS-DEL1089 (../shared/seed), sections 12.9 and 12.10; the
-- file format is rcb-notes(5).

-- 12.10 Release Notes: the current note of a release, as imported (UTF-8,
-- byte-order mark removed).  One per release.  rcb re-parses text when it
-- needs the tables (Bill of Materials, defects, steps).
CREATE TABLE note (
	release_id INTEGER PRIMARY KEY REFERENCES release(id),
	revision INTEGER NOT NULL DEFAULT 1,   -- 1, 2, ... each accepted change
	text TEXT NOT NULL,
	title TEXT NOT NULL,
	submitted TEXT NOT NULL,               -- YYYY-MM-DD: the Submitted key, else the import date
	meeting_date TEXT,                     -- board the deadline was checked for (12.10), or NULL
	rfc_id TEXT NOT NULL,                  -- the RFC key of the note
	amend_rfc TEXT,                        -- 12.9: the new RFC that allowed a change after a Go
	imported_at TEXT NOT NULL,
	imported_by TEXT NOT NULL
);

-- 12.9 a build is static once it enters the process: every replaced text is
-- kept, with who replaced it and why.  Append-only.
CREATE TABLE note_history (
	id INTEGER PRIMARY KEY,
	release_id INTEGER NOT NULL REFERENCES release(id),
	revision INTEGER NOT NULL,
	text TEXT NOT NULL,
	title TEXT NOT NULL,
	submitted TEXT NOT NULL,
	meeting_date TEXT,
	rfc_id TEXT NOT NULL,
	amend_rfc TEXT,
	imported_at TEXT NOT NULL,
	imported_by TEXT NOT NULL,
	replaced_at TEXT NOT NULL,
	replaced_by TEXT NOT NULL,
	UNIQUE (release_id, revision)
);

-- 12.10 deadlines count working days: Monday to Friday minus these dates.
CREATE TABLE holiday (
	date TEXT PRIMARY KEY,                 -- YYYY-MM-DD
	name TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL
);
