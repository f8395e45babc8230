-- 008_evidence.sql: an append-only record (issue 13; core/chain.c).
-- Source: MHHS-DEL1089 (../shared/seed) 13.1, Table 10: the board "retains
-- a record of the decisions and versions of releases".
--
-- Chained records are insert-only: a change is a new row, never an update,
-- and each row has exactly one chain entry (rcb audit verify reports a
-- second entry as tampering).  These triggers make a slip in rcb's own code
-- fail loudly; rcb audit verify is what catches a determined editor.
CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision
BEGIN SELECT RAISE(ABORT, 'decisions are insert-only'); END;
CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
BEGIN SELECT RAISE(ABORT, 'decisions are insert-only'); END;
CREATE TRIGGER control_mark_no_update BEFORE UPDATE ON control_mark
BEGIN SELECT RAISE(ABORT, 'control-point marks are insert-only'); END;
CREATE TRIGGER control_mark_no_delete BEFORE DELETE ON control_mark
BEGIN SELECT RAISE(ABORT, 'control-point marks are insert-only'); END;
CREATE TRIGGER deployment_no_update BEFORE UPDATE ON deployment
BEGIN SELECT RAISE(ABORT, 'deployments are insert-only'); END;
CREATE TRIGGER deployment_no_delete BEFORE DELETE ON deployment
BEGIN SELECT RAISE(ABORT, 'deployments are insert-only'); END;

-- 13.2: attendance changes (present, apologies, absent, removed) are
-- events.  The attendee row holds the current state for the screens and
-- the quorum; rcb audit verify checks it against its newest event.  Entries
-- of the attendee table itself in the chain are those made before this
-- migration (chain_epoch.legacy_max); a later one is tampering.
CREATE TABLE attendee_event (
	id INTEGER PRIMARY KEY,
	attendee_id INTEGER NOT NULL REFERENCES attendee(id),
	meeting_id INTEGER NOT NULL REFERENCES meeting(id),
	name TEXT NOT NULL,
	role TEXT NOT NULL,
	organisation TEXT NOT NULL,
	status TEXT NOT NULL,
	removed INTEGER NOT NULL,
	who TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX attendee_event_by_attendee ON attendee_event(attendee_id, id);
CREATE INDEX attendee_event_by_meeting ON attendee_event(meeting_id, id);
CREATE TRIGGER attendee_event_no_update BEFORE UPDATE ON attendee_event
BEGIN SELECT RAISE(ABORT, 'attendance events are insert-only'); END;
CREATE TRIGGER attendee_event_no_delete BEFORE DELETE ON attendee_event
BEGIN SELECT RAISE(ABORT, 'attendance events are insert-only'); END;

CREATE TABLE chain_epoch (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	legacy_max INTEGER NOT NULL      -- the newest chain entry made before 008
);
INSERT INTO chain_epoch(id, legacy_max) SELECT 1, coalesce(max(id), 0) FROM chain;
CREATE TRIGGER chain_epoch_no_update BEFORE UPDATE ON chain_epoch
BEGIN SELECT RAISE(ABORT, 'the chain epoch is fixed'); END;
CREATE TRIGGER chain_epoch_no_delete BEFORE DELETE ON chain_epoch
BEGIN SELECT RAISE(ABORT, 'the chain epoch is fixed'); END;

-- 13.2.1: a meeting's close (or cancellation) is itself a chained record.
-- Nothing of that meeting (a decision, an attendance event) may be chained
-- after it; its chain entry's hash is the head the minutes print.
CREATE TABLE meeting_close (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL UNIQUE REFERENCES meeting(id),
	cancelled INTEGER NOT NULL DEFAULT 0,
	reason TEXT,
	who TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE TRIGGER meeting_close_no_update BEFORE UPDATE ON meeting_close
BEGIN SELECT RAISE(ABORT, 'a meeting''s close is insert-only'); END;
CREATE TRIGGER meeting_close_no_delete BEFORE DELETE ON meeting_close
BEGIN SELECT RAISE(ABORT, 'a meeting''s close is insert-only'); END;

-- rcb audit sign: a chain head signed with the chair's SSH key
-- (ssh-keygen -Y sign, namespace "rcb-audit"); rcb audit verify
-- --allowed-signers checks each.  Insert-only.
CREATE TABLE chain_signature (
	id INTEGER PRIMARY KEY,
	chain_id INTEGER NOT NULL,       -- the entry signed
	head TEXT NOT NULL,              -- its hash, as signed
	principal TEXT NOT NULL,         -- who signed (the allowed-signers identity)
	signature TEXT NOT NULL,         -- the armoured SSH signature
	at TEXT NOT NULL
);
CREATE TRIGGER chain_signature_no_update BEFORE UPDATE ON chain_signature
BEGIN SELECT RAISE(ABORT, 'signatures are insert-only'); END;
CREATE TRIGGER chain_signature_no_delete BEFORE DELETE ON chain_signature
BEGIN SELECT RAISE(ABORT, 'signatures are insert-only'); END;
