-- 001_init.sql: rcb's register and the programme's reference data.
-- Source: MHHS-DEL1089 Release and Configuration Approach and Plan v1.0
-- (../shared/seed), section numbers cited beside each table.

-- 10.1 Release Types.  digit = which part of the 4-part version it increments (11, Table 3).
CREATE TABLE release_type (
	id INTEGER PRIMARY KEY,          -- 0 major .. 3 emergency = version digit
	name TEXT NOT NULL UNIQUE,       -- Major, Minor, Patch, Emergency
	description TEXT NOT NULL
);
INSERT INTO release_type VALUES
 (0, 'Major', 'release of software that contains significant additions of functionality'),
 (1, 'Minor', 'release of software that contains minor additions of functionality'),
 (2, 'Patch', 'release of software that bundles defect fixes, for example a scheduled weekly release of defect fixes'),
 (3, 'Emergency', 'release of software which contains a fix for a blocking testing defect that can not wait until the next scheduled Patch Release');

-- 12.4 Deployment (Table 4), 12.5 Review and Closure (Table 5), 12.8 Emergency Release (Table 9).
CREATE TABLE lifecycle_step (
	code TEXT PRIMARY KEY,           -- '4.1' .. '5.3'; 'E1'..'E3' for the emergency lifecycle
	stage TEXT NOT NULL,
	name TEXT NOT NULL,
	seq INTEGER NOT NULL UNIQUE,
	emergency INTEGER NOT NULL DEFAULT 0
);
INSERT INTO lifecycle_step VALUES
 ('4.1', 'Deployment', 'Prepare Release for Deployment', 1, 0),
 ('4.2', 'Deployment', 'RFC Approval', 2, 0),
 ('4.3', 'Deployment', 'Communicate Release', 3, 0),
 ('4.4', 'Deployment', 'Deploy Release', 4, 0),
 ('5.1', 'Review and Closure', 'Regression Test', 5, 0),
 ('5.2', 'Review and Closure', 'Review Release', 6, 0),
 ('5.3', 'Review and Closure', 'Close Release', 7, 0),
 ('E1', 'Emergency', 'Plan, Build & Test', 8, 1),
 ('E2', 'Emergency', 'Deployment', 9, 1),
 ('E3', 'Emergency', 'Review & Close', 10, 1);

-- 12.7 Process Quality Control Points (Table 8).  Control point 2 applies to Major releases only.
CREATE TABLE control_point (
	id INTEGER PRIMARY KEY,          -- 1..10 as numbered in Table 8
	name TEXT NOT NULL,
	step TEXT NOT NULL REFERENCES lifecycle_step(code),
	responsible TEXT NOT NULL,
	forum TEXT NOT NULL,
	major_only INTEGER NOT NULL DEFAULT 0
);
INSERT INTO control_point VALUES
 (1, 'RFC Raised', '4.1', 'Release Manager', 'Release Control Board', 0),
 (2, 'Programme Governance Approval (for Major Releases only)', '4.1', 'Release Manager', 'Programme Governance Forum(s)', 1),
 (3, 'Environments are built / maintained at required configuration baseline', '4.1', 'Environments Manager', 'Release Control Board', 0),
 (4, 'Release Package and installation instructions are approved', '4.1', 'Build Manager', 'Release Control Board', 0),
 (5, 'List of known issues, workarounds and fixes to existing issues/workarounds is approved by / agreed with Resolving Defect Teams and distributed as appropriate', '4.1', 'Release Manager', 'Release Control Board', 0),
 (6, 'Release plans produced and approved by the Release Control Board', '4.1', 'Release Manager', 'Release Control Board', 0),
 (7, 'RFC Approval', '4.2', 'Release Manager', 'Release Control Board', 0),
 (8, 'Issues and resolutions are captured at time of deployment, and any amendments required in installation instructions are noted', '4.4', 'Release Manager', 'Release Control Board', 0),
 (9, 'Rollout completion / closure is approved', '5.2', 'Release Manager', 'Release Control Board', 0),
 (10, 'Rollout report is delivered & Lessons Learnt are captured', '5.2', 'Release Manager', 'Release Control Board', 0);

-- 14 Roles & Responsibilities (Table 12), plus the governance roles that
-- Tables 10, 11 and 13 name.  counts_as maps a role onto the member role of
-- Table 11 it fills when counting a meeting's quorum.
CREATE TABLE role (
	name TEXT PRIMARY KEY,
	source TEXT NOT NULL,            -- 'Table 12' or 'Table 11'
	counts_as TEXT,
	definition TEXT NOT NULL DEFAULT ''
);
INSERT INTO role VALUES
 ('Release Manager', 'Table 11', 'Release Manager', 'Chairs the Release Control Board (Table 10)'),
 ('Environment Manager', 'Table 11', 'Environment Manager', 'Member of the Release Control Board (Table 10)'),
 ('Development Team Lead', 'Table 11', 'Development Team Lead', 'Member of the Release Control Board (Table 10)'),
 ('Test Manager', 'Table 11', 'Test Manager', 'Member of the Release Control Board (Table 10)'),
 ('Defect Manager', 'Table 11', 'Defect Manager', 'Member of the Release Control Board (Table 10)'),
 ('SI Environments & Release Manager', 'Table 12', 'Release Manager', 'Overall accountability for the operational efficiency and effectiveness of environments and release management'),
 ('SI Release Manager', 'Table 12', 'Release Manager', 'Manages the overall release process; point of escalation for process participants'),
 ('DevOps Teams', 'Table 12', 'Development Team Lead', 'Builds the release package, provides release content information and manages Release Note content'),
 ('SI Environment Manager', 'Table 12', 'Environment Manager', 'Provides and maintains the required non-production environments'),
 ('Deployment Team', 'Table 12', NULL, 'Performs the deployment of the Release into the test environments'),
 ('SI Test Manager', 'Table 12', 'Test Manager', 'Responsible for managing one or more test phases'),
 ('SI Defect Manager', 'Table 12', 'Defect Manager', 'Leadership and communication of the Defect management process'),
 ('SI Triage Team', 'Table 12', NULL, 'Reviews and analyses newly raised Defects'),
 ('Test Defect Manager', 'Table 12', NULL, 'Reviews and manages the quality of Defects submitted by Testers, per Test Participant'),
 ('Tester', 'Table 12', NULL, 'Submits new Defects and retests fixed Defects'),
 ('SI Design Authority', 'Table 12', NULL, 'Provides Design concurrence for the environment design activities'),
 ('SRO TMAG Chair', 'Table 12', NULL, 'Point of escalation for the System Integrator; oversight of Environment Management'),
 ('BSC and/or RECCO', 'Table 12', NULL, 'Point of escalation for the System Integrator during Qualification'),
 ('PMO', 'Table 12', NULL, 'Agenda for EWG meetings; communication and escalation point; documentation'),
 ('Security Points of Contact', 'Table 12', NULL, 'Central points of contact for certificates'),
 ('DIP Representatives', 'Table 12', NULL, 'Responsible for certificate registration');

-- 13.1 Release Control Board (Table 10) and 13.2 Meeting Guidelines (Table 11).
CREATE TABLE meeting_type (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	purpose TEXT NOT NULL,
	frequency TEXT NOT NULL,
	planned_minutes INTEGER NOT NULL DEFAULT 60
);
INSERT INTO meeting_type VALUES
 (1, 'Release Kick-Off', 'Determine the requirements for the release', 'Once', 60),
 (2, 'Release Plan Review', 'Review the release plans; ensure all teams have the same understanding of the plan; identify issues or risks', 'As required', 60),
 (3, 'Go / No-Go', 'Assess the readiness of the release and make a Go / No-Go decision for release deployment', 'Once', 45),
 (4, 'Release Control Board', 'Formal control point for each release, tracking and agreeing progress through the lifecycle', 'Daily/Weekly - as required', 60);

CREATE TABLE meeting_member (
	meeting_type_id INTEGER NOT NULL REFERENCES meeting_type(id),
	role TEXT NOT NULL REFERENCES role(name),
	is_chair INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (meeting_type_id, role)
);
INSERT INTO meeting_member VALUES
 (1, 'Release Manager', 1), (1, 'Environment Manager', 0), (1, 'Test Manager', 0), (1, 'Defect Manager', 0), (1, 'Development Team Lead', 0),
 (2, 'Release Manager', 1), (2, 'Environment Manager', 0), (2, 'Development Team Lead', 0),
 (3, 'Release Manager', 1), (3, 'Environment Manager', 0), (3, 'Development Team Lead', 0), (3, 'Test Manager', 0),
 (4, 'Release Manager', 1), (4, 'Environment Manager', 0), (4, 'Development Team Lead', 0), (4, 'Test Manager', 0), (4, 'Defect Manager', 0);

-- 14.1 RACI Matrix (Table 13): one row per activity and role.
CREATE TABLE raci (
	step TEXT NOT NULL,
	activity TEXT NOT NULL,
	role TEXT NOT NULL,
	letters TEXT NOT NULL,
	PRIMARY KEY (activity, role)
);
INSERT INTO raci (step, activity, role, letters)
 SELECT a.step, a.activity, r.role,
	CASE r.col WHEN 1 THEN a.c1 WHEN 2 THEN a.c2 WHEN 3 THEN a.c3 WHEN 4 THEN a.c4
		   WHEN 5 THEN a.c5 WHEN 6 THEN a.c6 WHEN 7 THEN a.c7 ELSE a.c8 END
 FROM (
  SELECT '4.1' step, 'Create & agree Rollout Plans & Deployment Schedule' activity, 'R, A' c1, 'C' c2, 'C' c3, 'C' c4, 'C' c5, 'C' c6, 'C' c7, 'I' c8
  UNION ALL SELECT '4.2', 'RFC Approval', 'R, A', 'C', 'C', 'C', 'C', 'C', 'I', 'I'
  UNION ALL SELECT '4.2', 'Deployment Go / No-Go meeting', 'R, A', 'C', 'C', 'C', 'C', 'C', 'R, C', 'I'
  UNION ALL SELECT '4.3', 'Send out Communication Plan & Materials', 'R, A', 'I', 'I', 'I', 'I', 'I', 'C, I', 'I'
  UNION ALL SELECT '4.4', 'Execute Implementation / Rollout Plan', 'R, A', 'I', 'I', 'I', 'I', 'I', 'R', 'I'
  UNION ALL SELECT '4.4', 'Perform Remediation if deployment failed', 'A', 'C', 'C', 'C', 'C', 'I', 'R', 'I'
  UNION ALL SELECT '4.4', 'Verify that all aspects of the Release are as expected', 'A', 'I', 'I', 'I', 'I', 'I', 'R', 'I'
  UNION ALL SELECT '4.4', 'Create report / log of issues & resolutions during deployment', 'A', 'I', 'I', 'I', 'I', 'I', 'R', 'I'
  UNION ALL SELECT '4.4', 'Conduct Rollback if any issues have been found after Rollout', 'A', 'C', 'I', 'I', 'I', 'C', 'R', 'I'
  UNION ALL SELECT '5.1', 'Conduct PIR', 'R, A', 'C', 'C', 'C', 'C', 'C', 'R', 'I'
  UNION ALL SELECT '5.1', 'Confirm Rollout results and Release Closure', 'R, A', 'I', 'I', 'I', 'I', 'I', 'R', 'I'
  UNION ALL SELECT '5.1', 'Document Lessons Learned', 'R, A', 'I', 'I', 'I', 'I', 'C', 'R', 'I'
  UNION ALL SELECT '5.2', 'Close RFC', 'R, A', 'C', 'C', 'C', 'C', 'C', 'C, I', 'I'
 ) a CROSS JOIN (
  SELECT 1 col, 'Release Manager' role UNION ALL SELECT 2, 'Development Manager' UNION ALL SELECT 3, 'Dev Ops'
  UNION ALL SELECT 4, 'Environment Manager' UNION ALL SELECT 5, 'Test Manager' UNION ALL SELECT 6, 'Defect Manager'
  UNION ALL SELECT 7, 'Core System Providers' UNION ALL SELECT 8, 'Test Participants'
 ) r;

-- 8.2 Environment Overview (Table 2): the default environments; users add more.
CREATE TABLE environment (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	phase TEXT NOT NULL DEFAULT '',
	stage TEXT NOT NULL DEFAULT '',
	comments TEXT NOT NULL DEFAULT '',
	seq INTEGER NOT NULL DEFAULT 100
);
INSERT INTO environment (name, phase, stage, comments, seq) VALUES
 ('SIT Staging', '', '', 'Readiness for SIT such as regression for changes, defect re-testing', 1),
 ('SIT A', 'SIT', 'SIT Component Integration, SIT Functional', 'Component integration, then full end-to-end testing', 2),
 ('SIT B', 'SIT', 'SIT Migration, SIT Non-Functional, SIT Operational', 'Three stages on one environment, not in parallel', 3),
 ('UIT', 'UIT', 'Qualification, E2E Sandbox', 'Testing service for Qualification and E2E Sandbox Testing', 4);

-- 5.4 Participants: the systems whose releases the board governs.
CREATE TABLE component (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	party TEXT NOT NULL,
	repo_path TEXT,                  -- optional local git repository
	defect_pattern TEXT,             -- NULL = default [A-Z][A-Z0-9]+-[0-9]+
	created_at TEXT NOT NULL
);

-- A release of a component (11: 4-part version; 12.4-12.5 lifecycle step).
CREATE TABLE release (
	id INTEGER PRIMARY KEY,
	component_id INTEGER NOT NULL REFERENCES component(id),
	version TEXT NOT NULL,           -- canonical "M.m.p.e"
	v_major INTEGER NOT NULL, v_minor INTEGER NOT NULL, v_patch INTEGER NOT NULL, v_emergency INTEGER NOT NULL,
	type INTEGER NOT NULL REFERENCES release_type(id),
	title TEXT NOT NULL,
	env_id INTEGER REFERENCES environment(id),   -- target environment
	rfc_id TEXT,
	rfc_status TEXT NOT NULL DEFAULT 'none' CHECK (rfc_status IN ('none','raised','approved','rejected','closed')),
	step TEXT NOT NULL DEFAULT '4.1' REFERENCES lifecycle_step(code),
	tag TEXT,                        -- source-control tag (12.9)
	commit_id TEXT,
	planned_date TEXT,               -- YYYY-MM-DD
	released_date TEXT,
	created_at TEXT NOT NULL,
	UNIQUE (component_id, v_major, v_minor, v_patch, v_emergency)
);
CREATE INDEX release_by_created ON release(created_at, id);

-- 12.7: a mark on one control point of one release.  Append-only: the newest mark counts.
CREATE TABLE control_mark (
	id INTEGER PRIMARY KEY,
	release_id INTEGER NOT NULL REFERENCES release(id),
	control_point_id INTEGER NOT NULL REFERENCES control_point(id),
	status TEXT NOT NULL CHECK (status IN ('met','not-met','n/a')),
	comment TEXT NOT NULL DEFAULT '',
	who TEXT NOT NULL,
	at TEXT NOT NULL,
	commit_id TEXT                   -- the tag's commit when the mark was made
);
CREATE INDEX control_mark_by_release ON control_mark(release_id, control_point_id, id);

-- 13.2: meetings of the board.
CREATE TABLE meeting (
	id INTEGER PRIMARY KEY,
	type_id INTEGER NOT NULL REFERENCES meeting_type(id),
	date TEXT NOT NULL,              -- YYYY-MM-DD
	time TEXT NOT NULL DEFAULT '10:00',
	chair TEXT NOT NULL,
	title TEXT NOT NULL DEFAULT '',
	planned_minutes INTEGER NOT NULL DEFAULT 60,
	started_at TEXT,
	closed_at TEXT,
	created_at TEXT NOT NULL
);
CREATE INDEX meeting_by_date ON meeting(date, time, id);

CREATE TABLE attendee (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting(id),
	name TEXT NOT NULL,
	role TEXT NOT NULL REFERENCES role(name),
	organisation TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'present' CHECK (status IN ('present','apologies','absent')),
	UNIQUE (meeting_id, name)
);

CREATE TABLE agenda_item (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting(id),
	release_id INTEGER REFERENCES release(id),
	kind TEXT NOT NULL DEFAULT 'release' CHECK (kind IN ('release','review')),
	title TEXT NOT NULL DEFAULT '',  -- for review items (open conditions / actions)
	position INTEGER NOT NULL,
	seconds_spent INTEGER NOT NULL DEFAULT 0,
	carried_from INTEGER REFERENCES agenda_item(id)
);
CREATE INDEX agenda_by_meeting ON agenda_item(meeting_id, position);

-- 13.1: Go / No-Go decisions.  Never edited: a later decision supersedes an earlier one.
CREATE TABLE decision (
	id INTEGER PRIMARY KEY,
	release_id INTEGER NOT NULL REFERENCES release(id),
	meeting_id INTEGER REFERENCES meeting(id),
	outcome TEXT NOT NULL CHECK (outcome IN ('go','no-go','conditional','deferred','rejected')),
	conditions TEXT NOT NULL DEFAULT '',
	rationale TEXT NOT NULL DEFAULT '',
	override_reason TEXT,            -- a Go given despite unmet control points or failed checks
	tag_commit TEXT,                 -- the commit the release's tag pointed to
	verify_run_id INTEGER,           -- the verification run relied on (table from 003)
	who TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX decision_by_release ON decision(release_id, id);

-- 12.5 step 5.3 / 12.8 step 3: work-off actions.
CREATE TABLE action (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER REFERENCES meeting(id),
	release_id INTEGER REFERENCES release(id),
	text TEXT NOT NULL,
	owner TEXT NOT NULL,
	due TEXT,                        -- YYYY-MM-DD
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','dropped')),
	created_at TEXT NOT NULL,
	closed_at TEXT
);
CREATE INDEX action_open ON action(status, due);

-- 12.4 step 4.4 and 16.5: deployments and rollbacks.
CREATE TABLE deployment (
	id INTEGER PRIMARY KEY,
	release_id INTEGER NOT NULL REFERENCES release(id),
	env_id INTEGER NOT NULL REFERENCES environment(id),
	at TEXT NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN ('deployed','rolled-back')),
	note TEXT NOT NULL DEFAULT '',
	forced_reason TEXT,
	who TEXT NOT NULL
);
CREATE INDEX deployment_by_env ON deployment(env_id, release_id, at);

-- Every change: when, who, what.
CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	who TEXT NOT NULL,
	action TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT ''
);
