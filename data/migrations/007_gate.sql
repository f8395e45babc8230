-- 007_gate.sql: the Go gate (issue 12; core/gate.c, rcb-gate in rcb(1)).
-- Source: MHHS-DEL1089 (../shared/seed) 12.7-12.10, 13.1, 13.2 (Table 11).

-- 13.1: a Go given despite blockers records which ones it overrode: the
-- blocker codes of core/gate.h, comma-separated in gate order.  NULL: the
-- decision overrode nothing.  Chained with the rest of the row.
ALTER TABLE decision ADD COLUMN overridden TEXT;
-- The newest release_change the decision was taken with; a later change
-- of that release makes its Go stale (core/decision.c, rcb_release_status).
ALTER TABLE decision ADD COLUMN change_seen INTEGER;
-- A forced deployment records the deploy blocker codes it forced past.
ALTER TABLE deployment ADD COLUMN forced_codes TEXT;

-- 13.2: a meeting called off.  A cancelled meeting takes no decision.
ALTER TABLE meeting ADD COLUMN cancelled_at TEXT;
ALTER TABLE meeting ADD COLUMN cancel_reason TEXT;

-- 12.9: "a build is static once it enters the process".  Every change to
-- what a Go was given on -- the note (any revision), the RFC, the tag, the
-- commit, the target environment -- is logged here by the triggers below,
-- whoever makes it (rcb, or anyone with an SQLite tool).  A Go taken before
-- a change is stale until the board decides again.  Append-only.
CREATE TABLE release_change (
	id INTEGER PRIMARY KEY,
	release_id INTEGER NOT NULL REFERENCES release(id),
	what TEXT NOT NULL CHECK (what IN ('note', 'rfc', 'rfc-status', 'tag', 'commit', 'env')),
	old TEXT,
	new TEXT
);
CREATE INDEX release_change_by_release ON release_change(release_id, id);
CREATE TRIGGER release_change_no_update BEFORE UPDATE ON release_change
BEGIN SELECT RAISE(ABORT, 'release changes are append-only'); END;
CREATE TRIGGER release_change_no_delete BEFORE DELETE ON release_change
BEGIN SELECT RAISE(ABORT, 'release changes are append-only'); END;

CREATE TRIGGER release_change_note_ai AFTER INSERT ON note BEGIN
	INSERT INTO release_change(release_id, what, old, new) VALUES (NEW.release_id, 'note', NULL, NEW.revision);
END;
CREATE TRIGGER release_change_note_au AFTER UPDATE OF revision, text ON note
WHEN OLD.revision IS NOT NEW.revision OR OLD.text IS NOT NEW.text BEGIN
	INSERT INTO release_change(release_id, what, old, new) VALUES (NEW.release_id, 'note', OLD.revision, NEW.revision);
END;
CREATE TRIGGER release_change_rfc AFTER UPDATE OF rfc_id ON release WHEN OLD.rfc_id IS NOT NEW.rfc_id BEGIN
	INSERT INTO release_change(release_id, what, old, new) VALUES (NEW.id, 'rfc', OLD.rfc_id, NEW.rfc_id);
END;
-- An RFC approved or closed after a Go takes nothing away from it; one
-- moved back to none, raised or rejected does.
CREATE TRIGGER release_change_rfc_status AFTER UPDATE OF rfc_status ON release
WHEN OLD.rfc_status IS NOT NEW.rfc_status AND NEW.rfc_status IN ('none', 'raised', 'rejected') BEGIN
	INSERT INTO release_change(release_id, what, old, new) VALUES (NEW.id, 'rfc-status', OLD.rfc_status, NEW.rfc_status);
END;
CREATE TRIGGER release_change_tag AFTER UPDATE OF tag ON release WHEN OLD.tag IS NOT NEW.tag BEGIN
	INSERT INTO release_change(release_id, what, old, new) VALUES (NEW.id, 'tag', OLD.tag, NEW.tag);
END;
-- A commit id made longer or shorter (an abbreviation of the same commit,
-- 7 hex digits or more) is no change.
CREATE TRIGGER release_change_commit AFTER UPDATE OF commit_id ON release WHEN OLD.commit_id IS NOT NEW.commit_id
AND NOT (length(OLD.commit_id) >= 7 AND length(NEW.commit_id) >= 7
	AND lower(substr(OLD.commit_id, 1, min(length(OLD.commit_id), length(NEW.commit_id))))
	  = lower(substr(NEW.commit_id, 1, min(length(OLD.commit_id), length(NEW.commit_id))))) BEGIN
	INSERT INTO release_change(release_id, what, old, new) VALUES (NEW.id, 'commit', OLD.commit_id, NEW.commit_id);
END;
CREATE TRIGGER release_change_env AFTER UPDATE OF env_id ON release WHEN OLD.env_id IS NOT NEW.env_id BEGIN
	INSERT INTO release_change(release_id, what, old, new) VALUES (NEW.id, 'env',
		(SELECT name FROM environment WHERE id = OLD.env_id), (SELECT name FROM environment WHERE id = NEW.env_id));
END;

-- 13.1: "Approved with conditions" -- each condition a tracked record, like
-- an action: open until met or waived (with a reason).  A deployment is
-- refused while a condition of its Go is open.  Insert-only, both tables
-- chained (core/chain.c): a condition is closed by one condition_close
-- row, never by changing it.  Conditional decisions recorded before this
-- migration keep their conditions as text only.
CREATE TABLE condition (
	id INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decision(id),
	release_id INTEGER NOT NULL REFERENCES release(id),
	text TEXT NOT NULL,
	owner TEXT,
	due TEXT,                        -- YYYY-MM-DD
	created_at TEXT NOT NULL
);
CREATE INDEX condition_by_decision ON condition(decision_id, id);
CREATE INDEX condition_by_release ON condition(release_id, id);
CREATE TABLE condition_close (
	id INTEGER PRIMARY KEY,
	condition_id INTEGER NOT NULL UNIQUE REFERENCES condition(id),
	release_id INTEGER NOT NULL REFERENCES release(id),
	state TEXT NOT NULL CHECK (state IN ('met', 'waived')),
	note TEXT,                       -- met: how (optional); waived: the reason (required)
	who TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE TRIGGER condition_no_update BEFORE UPDATE ON condition
BEGIN SELECT RAISE(ABORT, 'conditions are insert-only'); END;
CREATE TRIGGER condition_no_delete BEFORE DELETE ON condition
BEGIN SELECT RAISE(ABORT, 'conditions are insert-only'); END;
CREATE TRIGGER condition_close_no_update BEFORE UPDATE ON condition_close
BEGIN SELECT RAISE(ABORT, 'conditions are insert-only'); END;
CREATE TRIGGER condition_close_no_delete BEFORE DELETE ON condition_close
BEGIN SELECT RAISE(ABORT, 'conditions are insert-only'); END;
