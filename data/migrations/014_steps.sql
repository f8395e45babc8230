-- 014_steps.sql: what the steps record (issue 14; core/steps.c,
-- core/lifecycle.c).
-- Source: MHHS-DEL1089 (../shared/seed) 12.5 Table 5 step 5.1 "Following
-- deployment a Regression Test will be executed ... Outputs: Regression
-- Test Report"; 5.2 "Rollback: If Defect return to 2. Build & Package,
-- otherwise return to 4. Deployment ... Lessons Learnt if rollout was
-- unsuccessful"; 12.4 Table 4 step 4.3 "Create & send out required
-- communications", 12.11 (Major releases: the Release Communications
-- Plan); 16.2-16.4 exports, backups and refreshes of an environment: "an
-- FYI to participants, unless an outage is required in which case ... the
-- Release Process defined in this document is utilised".
--
-- Every table here is evidence the board relies on: insert-only and
-- chained (core/chain.c), like decisions and deployments.

-- 12.5 step 5.1: one row per regression test result.  A failed one names
-- the board's return (back_to '2' Build & Package for a defect, '4'
-- Deployment otherwise) and its reason.
CREATE TABLE regression (
	id INTEGER PRIMARY KEY,
	release_id INTEGER NOT NULL REFERENCES release(id),
	result TEXT NOT NULL CHECK (result IN ('passed','failed')),
	tested_by TEXT NOT NULL,         -- who ran it (--by)
	report TEXT NOT NULL,            -- a reference to the Regression Test Report
	at TEXT NOT NULL,                -- when it was run (UTC ISO-8601)
	back_to TEXT CHECK (back_to IN ('2','4')),
	reason TEXT,
	who TEXT NOT NULL                -- who recorded it (rcb_user)
);
CREATE INDEX regression_by_release ON regression(release_id, at, id);
CREATE TRIGGER regression_no_update BEFORE UPDATE ON regression
BEGIN SELECT RAISE(ABORT, 'regression results are insert-only'); END;
CREATE TRIGGER regression_no_delete BEFORE DELETE ON regression
BEGIN SELECT RAISE(ABORT, 'regression results are insert-only'); END;

-- 12.4 step 4.3, 12.11: a communication sent about a release.
CREATE TABLE communication (
	id INTEGER PRIMARY KEY,
	release_id INTEGER NOT NULL REFERENCES release(id),
	step TEXT NOT NULL,              -- the release's step when it was recorded
	what TEXT NOT NULL,
	sent_to TEXT NOT NULL,
	at TEXT NOT NULL,                -- when it was sent
	who TEXT NOT NULL
);
CREATE INDEX communication_by_release ON communication(release_id, at, id);
CREATE TRIGGER communication_no_update BEFORE UPDATE ON communication
BEGIN SELECT RAISE(ABORT, 'communications are insert-only'); END;
CREATE TRIGGER communication_no_delete BEFORE DELETE ON communication
BEGIN SELECT RAISE(ABORT, 'communications are insert-only'); END;

-- 12.5 step 5.2: the board's return of a release after a rollback or a
-- failed regression test.  settles: the rollback (deployment id) whose
-- return this is; NULL for a failed regression's return.  A rollback of
-- a release with no return settling it (or a later one) leaves the
-- release waiting for the board's choice.
CREATE TABLE release_return (
	id INTEGER PRIMARY KEY,
	release_id INTEGER NOT NULL REFERENCES release(id),
	back_to TEXT NOT NULL CHECK (back_to IN ('2','4')),
	from_step TEXT NOT NULL,
	to_step TEXT NOT NULL,
	cause TEXT NOT NULL CHECK (cause IN ('rollback','regression')),
	settles INTEGER REFERENCES deployment(id),
	regression_id INTEGER REFERENCES regression(id),
	change_seen INTEGER,             -- the newest release_change then (007_gate.sql):
	                                 -- after a return to 2 the build must change
	reason TEXT NOT NULL,
	at TEXT NOT NULL,
	who TEXT NOT NULL
);
CREATE INDEX release_return_by_release ON release_return(release_id, id);
CREATE TRIGGER release_return_no_update BEFORE UPDATE ON release_return
BEGIN SELECT RAISE(ABORT, 'returns are insert-only'); END;
CREATE TRIGGER release_return_no_delete BEFORE DELETE ON release_return
BEGIN SELECT RAISE(ABORT, 'returns are insert-only'); END;

-- 16.2-16.4: an export, backup or refresh of an environment, with the
-- notice sent to participants.  outage 1: it takes the environment down,
-- so it went through the release process: rfc names the approved RFC.
CREATE TABLE env_event (
	id INTEGER PRIMARY KEY,
	env_id INTEGER NOT NULL REFERENCES environment(id),
	kind TEXT NOT NULL CHECK (kind IN ('export','backup','refresh')),
	notice TEXT NOT NULL,
	outage INTEGER NOT NULL CHECK (outage IN (0,1)),
	rfc TEXT,
	at TEXT NOT NULL,
	who TEXT NOT NULL
);
CREATE INDEX env_event_by_env ON env_event(env_id, at, id);
CREATE TRIGGER env_event_no_update BEFORE UPDATE ON env_event
BEGIN SELECT RAISE(ABORT, 'environment events are insert-only'); END;
CREATE TRIGGER env_event_no_delete BEFORE DELETE ON env_event
BEGIN SELECT RAISE(ABORT, 'environment events are insert-only'); END;
