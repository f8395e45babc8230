-- 026_presence.sql: where each running TUI is, so an observer follows the
-- chair (issue 16).  A writable rcb keeps one row per process: the meeting
-- and agenda item on its screen, when it last moved, and a heartbeat it
-- refreshes every couple of seconds while it runs (core/uistate.c,
-- rcb_presence_*).  An observer (`rcb --read-only`) only reads it: it
-- follows the freshest chair whose heartbeat is recent, and a row whose
-- heartbeat is old (the chair exited without cleaning up, or crashed) is
-- ignored.  Times are the real clock in Unix seconds, never RCB_NOW.
-- Navigation, not record: no audit row, no chain, removed at exit.
CREATE TABLE ui_presence (
	who TEXT NOT NULL,
	host TEXT NOT NULL,
	pid INTEGER NOT NULL,
	meeting_id INTEGER,
	item_id INTEGER,
	moved INTEGER NOT NULL,
	beat INTEGER NOT NULL,
	PRIMARY KEY (host, pid)
);
