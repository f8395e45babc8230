-- 005_review.sql: offline review (issue 7) — freeze windows, the indexes
-- that keep the register, environment and history screens proportional to
-- what they show, and the full-text search index.
-- Source: MHHS-DEL1089 (../shared/seed) sections 6.2, 8.2, 12.4, 12.5, 16.

-- 12.4 step 4.4: deploy "within agreed RFC window".  A freeze window is the
-- opposite: a span in which an environment takes no deployment (nor
-- rollback) unless forced with a reason.  Times are UTC
-- "YYYY-MM-DDTHH:MM:SSZ"; both ends are inclusive.
CREATE TABLE freeze (
	id INTEGER PRIMARY KEY,
	env_id INTEGER NOT NULL REFERENCES environment(id),
	starts_at TEXT NOT NULL,
	ends_at TEXT NOT NULL,
	reason TEXT NOT NULL,
	who TEXT NOT NULL,
	created_at TEXT NOT NULL,
	CHECK (starts_at <= ends_at)
);
CREATE INDEX freeze_by_env ON freeze(env_id, ends_at, starts_at);
CREATE INDEX freeze_by_start ON freeze(starts_at, id);

-- 13.1: a release's newest decision counts.  This side table keeps it per
-- release so that the register can filter by decision along an index; the
-- decision table itself stays append-only and is never touched.
CREATE TABLE release_decision (
	release_id INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL,
	outcome TEXT NOT NULL
);
CREATE INDEX release_decision_by_outcome ON release_decision(outcome, release_id);
INSERT INTO release_decision(release_id, decision_id, outcome)
	SELECT d.release_id, d.id, d.outcome FROM decision d
	WHERE d.id = (SELECT max(x.id) FROM decision x WHERE x.release_id = d.release_id);
CREATE TRIGGER release_decision_ai AFTER INSERT ON decision BEGIN
	INSERT INTO release_decision(release_id, decision_id, outcome)
		VALUES (NEW.release_id, NEW.id, NEW.outcome)
		ON CONFLICT(release_id) DO UPDATE SET decision_id = excluded.decision_id, outcome = excluded.outcome
		WHERE excluded.decision_id > release_decision.decision_id;
END;
-- Decisions are never edited or deleted by rcb; should someone do it behind
-- rcb's back (the chain reports it), the side table still follows.
CREATE TRIGGER release_decision_ad AFTER DELETE ON decision BEGIN
	DELETE FROM release_decision WHERE release_id = OLD.release_id;
	INSERT INTO release_decision(release_id, decision_id, outcome)
		SELECT d.release_id, d.id, d.outcome FROM decision d
		WHERE d.release_id = OLD.release_id ORDER BY d.id DESC LIMIT 1;
END;
CREATE TRIGGER release_decision_au AFTER UPDATE OF release_id, outcome ON decision BEGIN
	DELETE FROM release_decision WHERE release_id IN (OLD.release_id, NEW.release_id);
	INSERT OR REPLACE INTO release_decision(release_id, decision_id, outcome)
		SELECT release_id, id, outcome FROM decision WHERE release_id = OLD.release_id ORDER BY id DESC LIMIT 1;
	INSERT OR REPLACE INTO release_decision(release_id, decision_id, outcome)
		SELECT release_id, id, outcome FROM decision WHERE release_id = NEW.release_id ORDER BY id DESC LIMIT 1;
END;

-- 6.2: "visuals of release versions currently in environments and the
-- ability to drilldown into historical versions".  One row per deployment
-- carrying its component, so that one cell of the component x environment
-- matrix (and its history, newest first) is one index range.
CREATE TABLE deployment_cell (
	deployment_id INTEGER PRIMARY KEY,
	component_id INTEGER NOT NULL,
	env_id INTEGER NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX deployment_cell_by_cell ON deployment_cell(component_id, env_id, at, deployment_id);
CREATE INDEX deployment_cell_by_component ON deployment_cell(component_id, at, deployment_id);
INSERT INTO deployment_cell(deployment_id, component_id, env_id, at)
	SELECT d.id, r.component_id, d.env_id, d.at FROM deployment d JOIN release r ON r.id = d.release_id;
CREATE TRIGGER deployment_cell_ai AFTER INSERT ON deployment BEGIN
	INSERT INTO deployment_cell(deployment_id, component_id, env_id, at)
		VALUES (NEW.id, (SELECT component_id FROM release WHERE id = NEW.release_id), NEW.env_id, NEW.at);
END;
CREATE TRIGGER deployment_cell_ad AFTER DELETE ON deployment BEGIN
	DELETE FROM deployment_cell WHERE deployment_id = OLD.id;
END;
CREATE TRIGGER deployment_cell_au AFTER UPDATE OF release_id, env_id, at ON deployment BEGIN
	UPDATE deployment_cell SET component_id = (SELECT component_id FROM release WHERE id = NEW.release_id),
		env_id = NEW.env_id, at = NEW.at WHERE deployment_id = NEW.id;
END;
CREATE INDEX deployment_by_release ON deployment(release_id, at, id);
CREATE INDEX deployment_by_at ON deployment(at, id);

-- The register screen: keyset pages in date order, whole or filtered by
-- component, type, lifecycle step or target environment.  A release's
-- date is when it was released, else planned, else registered.  The
-- expression must match core/history.c's REL_DATE exactly.
CREATE INDEX release_by_date ON release(coalesce(released_date, planned_date, substr(created_at, 1, 10)), id);
CREATE INDEX release_by_component_date ON release(component_id, coalesce(released_date, planned_date, substr(created_at, 1, 10)), id);
CREATE INDEX release_by_type_date ON release(type, coalesce(released_date, planned_date, substr(created_at, 1, 10)), id);
CREATE INDEX release_by_step_date ON release(step, coalesce(released_date, planned_date, substr(created_at, 1, 10)), id);
CREATE INDEX release_by_env_date ON release(env_id, coalesce(released_date, planned_date, substr(created_at, 1, 10)), id);
-- In version order (component by component) a filter on type, step or
-- target environment is an equality inside each component's range.  The
-- last also finds the newest release of a component aimed at an
-- environment (a matrix cell's "decision pending").
CREATE INDEX release_by_component_env ON release(component_id, env_id, v_major, v_minor, v_patch, v_emergency);
CREATE INDEX release_by_component_type ON release(component_id, type, v_major, v_minor, v_patch, v_emergency);
CREATE INDEX release_by_component_step ON release(component_id, step, v_major, v_minor, v_patch, v_emergency);

-- Timelines: decisions and actions of a release in time order.
CREATE INDEX decision_by_release_at ON decision(release_id, at, id);
CREATE INDEX action_by_release ON action(release_id, created_at, id);

-- Search (issue 7): one FTS5 index over releases, notes, decisions (with
-- their conditions and override reasons), actions and attendees.  The
-- rowid encodes what a hit is: rowid = id * 8 + kind, kind 1 release,
-- 2 note (id = release id), 3 decision, 4 action, 5 attendee (see
-- core/search.h).  Triggers keep it in step with every write.
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER search_release_ai AFTER INSERT ON release BEGIN
	INSERT INTO search_fts(rowid, title, body) VALUES (NEW.id * 8 + 1,
		coalesce((SELECT name FROM component WHERE id = NEW.component_id), '') || ' ' || NEW.version,
		NEW.title || ' ' || coalesce(NEW.rfc_id, '') || ' ' || coalesce(NEW.tag, ''));
END;
CREATE TRIGGER search_release_au AFTER UPDATE OF component_id, version, title, rfc_id, tag ON release BEGIN
	DELETE FROM search_fts WHERE rowid = OLD.id * 8 + 1;
	INSERT INTO search_fts(rowid, title, body) VALUES (NEW.id * 8 + 1,
		coalesce((SELECT name FROM component WHERE id = NEW.component_id), '') || ' ' || NEW.version,
		NEW.title || ' ' || coalesce(NEW.rfc_id, '') || ' ' || coalesce(NEW.tag, ''));
END;
CREATE TRIGGER search_release_ad AFTER DELETE ON release BEGIN
	DELETE FROM search_fts WHERE rowid = OLD.id * 8 + 1;
END;

CREATE TRIGGER search_note_ai AFTER INSERT ON note BEGIN
	INSERT INTO search_fts(rowid, title, body) VALUES (NEW.release_id * 8 + 2,
		NEW.title || ' ' || NEW.rfc_id, NEW.text);
END;
CREATE TRIGGER search_note_au AFTER UPDATE OF release_id, text, title, rfc_id ON note BEGIN
	DELETE FROM search_fts WHERE rowid = OLD.release_id * 8 + 2;
	INSERT INTO search_fts(rowid, title, body) VALUES (NEW.release_id * 8 + 2,
		NEW.title || ' ' || NEW.rfc_id, NEW.text);
END;
CREATE TRIGGER search_note_ad AFTER DELETE ON note BEGIN
	DELETE FROM search_fts WHERE rowid = OLD.release_id * 8 + 2;
END;

CREATE TRIGGER search_decision_ai AFTER INSERT ON decision BEGIN
	INSERT INTO search_fts(rowid, title, body) VALUES (NEW.id * 8 + 3,
		coalesce((SELECT c.name || '@' || r.version FROM release r JOIN component c ON c.id = r.component_id
			  WHERE r.id = NEW.release_id), '') || ' ' || NEW.outcome,
		NEW.rationale || char(10) || NEW.conditions || char(10) || coalesce(NEW.override_reason, ''));
END;
CREATE TRIGGER search_decision_au AFTER UPDATE ON decision BEGIN
	DELETE FROM search_fts WHERE rowid = OLD.id * 8 + 3;
	INSERT INTO search_fts(rowid, title, body) VALUES (NEW.id * 8 + 3,
		coalesce((SELECT c.name || '@' || r.version FROM release r JOIN component c ON c.id = r.component_id
			  WHERE r.id = NEW.release_id), '') || ' ' || NEW.outcome,
		NEW.rationale || char(10) || NEW.conditions || char(10) || coalesce(NEW.override_reason, ''));
END;
CREATE TRIGGER search_decision_ad AFTER DELETE ON decision BEGIN
	DELETE FROM search_fts WHERE rowid = OLD.id * 8 + 3;
END;

CREATE TRIGGER search_action_ai AFTER INSERT ON action BEGIN
	INSERT INTO search_fts(rowid, title, body) VALUES (NEW.id * 8 + 4, NEW.owner, NEW.text);
END;
CREATE TRIGGER search_action_au AFTER UPDATE OF text, owner ON action BEGIN
	DELETE FROM search_fts WHERE rowid = OLD.id * 8 + 4;
	INSERT INTO search_fts(rowid, title, body) VALUES (NEW.id * 8 + 4, NEW.owner, NEW.text);
END;
CREATE TRIGGER search_action_ad AFTER DELETE ON action BEGIN
	DELETE FROM search_fts WHERE rowid = OLD.id * 8 + 4;
END;

CREATE TRIGGER search_attendee_ai AFTER INSERT ON attendee BEGIN
	INSERT INTO search_fts(rowid, title, body) VALUES (NEW.id * 8 + 5, NEW.name,
		NEW.role || ' ' || NEW.organisation);
END;
CREATE TRIGGER search_attendee_au AFTER UPDATE OF name, role, organisation ON attendee BEGIN
	DELETE FROM search_fts WHERE rowid = OLD.id * 8 + 5;
	INSERT INTO search_fts(rowid, title, body) VALUES (NEW.id * 8 + 5, NEW.name,
		NEW.role || ' ' || NEW.organisation);
END;
CREATE TRIGGER search_attendee_ad AFTER DELETE ON attendee BEGIN
	DELETE FROM search_fts WHERE rowid = OLD.id * 8 + 5;
END;

-- Index what is already there.
INSERT INTO search_fts(rowid, title, body)
	SELECT r.id * 8 + 1, c.name || ' ' || r.version, r.title || ' ' || coalesce(r.rfc_id, '') || ' ' || coalesce(r.tag, '')
	FROM release r JOIN component c ON c.id = r.component_id;
INSERT INTO search_fts(rowid, title, body)
	SELECT release_id * 8 + 2, title || ' ' || rfc_id, text FROM note;
INSERT INTO search_fts(rowid, title, body)
	SELECT d.id * 8 + 3, coalesce(c.name || '@' || r.version, '') || ' ' || d.outcome,
		d.rationale || char(10) || d.conditions || char(10) || coalesce(d.override_reason, '')
	FROM decision d LEFT JOIN release r ON r.id = d.release_id LEFT JOIN component c ON c.id = r.component_id;
INSERT INTO search_fts(rowid, title, body) SELECT id * 8 + 4, owner, text FROM action;
INSERT INTO search_fts(rowid, title, body) SELECT id * 8 + 5, name, role || ' ' || organisation FROM attendee;
