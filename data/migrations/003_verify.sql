-- 003_verify.sql: verification runs of releases against their repositories
-- (rcb verify; core/verify.c, core/verify_store.c).
-- Source: MHHS-DEL1089 (../shared/seed) 12.9: every build is tagged in
-- source control, can be regenerated from it and is never fixed in place
-- once it enters the process; 12.8: emergency fixes are merged back.
--
-- One verify_run per `rcb verify COMPONENT@VERSION`, with one verify_check
-- row per check in output order.  The first run that found the tag pointing
-- at a commit pins it: later runs compare the tag with that run's
-- tag_target (check tag-moved), so the pin survives note re-imports.  A
-- decision records the run it relied on (decision.verify_run_id, 001).
-- The per-component defect pattern is component.defect_pattern (001).
CREATE TABLE verify_run (
	id INTEGER PRIMARY KEY,
	release_id INTEGER NOT NULL REFERENCES release(id),
	at TEXT NOT NULL,                -- UTC ISO-8601
	who TEXT NOT NULL,
	result TEXT NOT NULL CHECK (result IN ('pass','warn','fail')),
	repo_path TEXT NOT NULL,         -- the repository read
	tag TEXT NOT NULL,               -- the tag name checked
	tag_target TEXT,                 -- the commit the tag peeled to; NULL: none
	tag_oid TEXT,                    -- the ref's own target: the tag object of an
	                                 -- annotated tag, the commit of a lightweight one
	note_revision INTEGER            -- revision of the note checked; NULL: no note
);
CREATE INDEX verify_run_by_release ON verify_run(release_id, id);

CREATE TABLE verify_check (
	run_id INTEGER NOT NULL REFERENCES verify_run(id),
	seq INTEGER NOT NULL,            -- 0.. in output order
	name TEXT NOT NULL,              -- tag-exists, tag-commit, ... signature
	status TEXT NOT NULL CHECK (status IN ('pass','warn','fail','skip')),
	detail TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (run_id, seq)
);

-- A run is a record of what was found: never changed, never removed.
CREATE TRIGGER verify_run_no_update BEFORE UPDATE ON verify_run
BEGIN SELECT RAISE(ABORT, 'verification runs are append-only'); END;
CREATE TRIGGER verify_run_no_delete BEFORE DELETE ON verify_run
BEGIN SELECT RAISE(ABORT, 'verification runs are append-only'); END;
CREATE TRIGGER verify_check_no_update BEFORE UPDATE ON verify_check
BEGIN SELECT RAISE(ABORT, 'verification runs are append-only'); END;
CREATE TRIGGER verify_check_no_delete BEFORE DELETE ON verify_check
BEGIN SELECT RAISE(ABORT, 'verification runs are append-only'); END;
