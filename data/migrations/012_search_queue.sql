-- Search without trusting the schema (issue 13).  rcb opens every
-- database with PRAGMA trusted_schema=OFF, under which no trigger may
-- write a virtual table: SQLite 3.40 does not mark FTS5 innocuous.  The
-- triggers of 005 wrote search_fts directly; these only queue the key of
-- what changed (rowid = id * 8 + kind, as in 005), and core/searchidx.c
-- re-indexes the queued rows from their sources as the last step of
-- every transaction rcb commits, so the index is current whenever a
-- reader can see the change.
CREATE TABLE search_stale (
	key INTEGER PRIMARY KEY
);

DROP TRIGGER search_release_ai;
DROP TRIGGER search_release_au;
DROP TRIGGER search_release_ad;
DROP TRIGGER search_note_ai;
DROP TRIGGER search_note_au;
DROP TRIGGER search_note_ad;
DROP TRIGGER search_decision_ai;
DROP TRIGGER search_decision_au;
DROP TRIGGER search_decision_ad;
DROP TRIGGER search_action_ai;
DROP TRIGGER search_action_au;
DROP TRIGGER search_action_ad;
DROP TRIGGER search_attendee_ai;
DROP TRIGGER search_attendee_au;
DROP TRIGGER search_attendee_ad;

CREATE TRIGGER search_release_ai AFTER INSERT ON release BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (NEW.id * 8 + 1);
END;
CREATE TRIGGER search_release_au AFTER UPDATE OF component_id, version, title, rfc_id, tag ON release BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (OLD.id * 8 + 1), (NEW.id * 8 + 1);
END;
CREATE TRIGGER search_release_ad AFTER DELETE ON release BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (OLD.id * 8 + 1);
END;
CREATE TRIGGER search_component_au AFTER UPDATE OF name ON component BEGIN
	INSERT OR IGNORE INTO search_stale(key) SELECT id * 8 + 1 FROM release WHERE component_id = NEW.id;
	INSERT OR IGNORE INTO search_stale(key)
		SELECT d.id * 8 + 3 FROM decision d JOIN release r ON r.id = d.release_id WHERE r.component_id = NEW.id;
END;

CREATE TRIGGER search_note_ai AFTER INSERT ON note BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (NEW.release_id * 8 + 2);
END;
CREATE TRIGGER search_note_au AFTER UPDATE OF release_id, text, title, rfc_id ON note BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (OLD.release_id * 8 + 2), (NEW.release_id * 8 + 2);
END;
CREATE TRIGGER search_note_ad AFTER DELETE ON note BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (OLD.release_id * 8 + 2);
END;

CREATE TRIGGER search_decision_ai AFTER INSERT ON decision BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (NEW.id * 8 + 3);
END;
CREATE TRIGGER search_decision_au AFTER UPDATE ON decision BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (OLD.id * 8 + 3), (NEW.id * 8 + 3);
END;
CREATE TRIGGER search_decision_ad AFTER DELETE ON decision BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (OLD.id * 8 + 3);
END;

CREATE TRIGGER search_action_ai AFTER INSERT ON action BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (NEW.id * 8 + 4);
END;
CREATE TRIGGER search_action_au AFTER UPDATE OF text, owner ON action BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (OLD.id * 8 + 4), (NEW.id * 8 + 4);
END;
CREATE TRIGGER search_action_ad AFTER DELETE ON action BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (OLD.id * 8 + 4);
END;

CREATE TRIGGER search_attendee_ai AFTER INSERT ON attendee BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (NEW.id * 8 + 5);
END;
CREATE TRIGGER search_attendee_au AFTER UPDATE OF name, role, organisation ON attendee BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (OLD.id * 8 + 5), (NEW.id * 8 + 5);
END;
CREATE TRIGGER search_attendee_ad AFTER DELETE ON attendee BEGIN
	INSERT OR IGNORE INTO search_stale(key) VALUES (OLD.id * 8 + 5);
END;
