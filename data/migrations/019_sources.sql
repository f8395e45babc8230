-- 019_sources.sql: each party's own git server as a component's source
-- (issue 18; core/source.c, rcb fetch).
-- Source: MHHS-DEL1089 12.9: builds are tagged in source control and are
-- static once in the process; a tag force-moved at the party's server is
-- that rule broken, and only the source can show it.
--
-- component.repo_path holds the source: a local path (read in place) or a
-- remote URL (read from rcb's bare mirror under $XDG_CACHE_HOME/rcb/repos).
-- source: one row per remote component, its settings and its last fetch.
-- source_tag: every tag of the source as the last successful fetch saw it
-- (the commit it peels to).  source_tag_move: append-only, a tag whose
-- target changed (or that vanished: new_target NULL) at the source between
-- two fetches; release_id names the release of the register it tags.
-- No credential or secret is ever stored: ca_file and credential_file are
-- paths the user named.
CREATE TABLE source (
	component_id INTEGER PRIMARY KEY REFERENCES component(id),
	ca_file TEXT,                    -- PEM bundle of a private CA; NULL: the system store
	credential_file TEXT,            -- https: "user:password" file named by the user
	fetched_at TEXT,                 -- last successful fetch, UTC; NULL: never
	fetched_url TEXT,                -- the URL that fetch read
	attempted_at TEXT,               -- last attempt
	last_error TEXT                  -- its error; NULL after a success
);

CREATE TABLE source_tag (
	component_id INTEGER NOT NULL REFERENCES component(id),
	name TEXT NOT NULL,              -- "v1.2.0" (without refs/tags/)
	target TEXT NOT NULL,            -- the commit it peels to (40 hex)
	first_seen TEXT NOT NULL,
	PRIMARY KEY (component_id, name)
);

CREATE TABLE source_tag_move (
	id INTEGER PRIMARY KEY,
	component_id INTEGER NOT NULL REFERENCES component(id),
	release_id INTEGER REFERENCES release(id),
	tag TEXT NOT NULL,
	old_target TEXT NOT NULL,
	new_target TEXT,                 -- NULL: the tag was deleted at the source
	url TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX source_tag_move_by_release ON source_tag_move(release_id, id);
CREATE TRIGGER source_tag_move_no_update BEFORE UPDATE ON source_tag_move
BEGIN SELECT RAISE(ABORT, 'tag moves are append-only'); END;
CREATE TRIGGER source_tag_move_no_delete BEFORE DELETE ON source_tag_move
BEGIN SELECT RAISE(ABORT, 'tag moves are append-only'); END;
