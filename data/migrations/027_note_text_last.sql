-- 027_note_text_last.sql: a note's text becomes the last column of its row,
-- and a BLOB of its UTF-8 bytes (issue 17).  rcb stores a text as zero
-- bytes and writes it through a blob handle a piece at a time
-- (core/notes_store.c, fill_text): SQLite keeps zero bytes out of the
-- record it builds only when they are a BLOB and nothing follows them, so
-- with a TEXT in the middle of the row every import built a second copy
-- of the note in memory (a 5 MB note peaked at 3.5 times its size).  The
-- bytes are the same; SQLite's typeof() says 'blob' and a client library
-- returns bytes, for every note and history row alike (those stored before
-- are made BLOBs here).  Same rows and rowids (the release's id), so the
-- search index and every reference stay as they are; the triggers are
-- those of 007 and 012, made again for the new table.
CREATE TABLE note_new (
	release_id INTEGER PRIMARY KEY REFERENCES release(id),
	revision INTEGER NOT NULL DEFAULT 1,   -- 1, 2, ... each accepted change
	title TEXT NOT NULL,
	submitted TEXT NOT NULL,               -- YYYY-MM-DD: the Submitted key, else the import date
	meeting_date TEXT,                     -- board the deadline was checked for (12.10), or NULL
	rfc_id TEXT NOT NULL,                  -- the RFC key of the note
	amend_rfc TEXT,                        -- 12.9: the new RFC that allowed a change after a Go
	imported_at TEXT NOT NULL,
	imported_by TEXT NOT NULL,
	text TEXT NOT NULL                     -- last: see above
);
INSERT INTO note_new (release_id, revision, title, submitted, meeting_date, rfc_id, amend_rfc, imported_at,
		      imported_by, text)
	SELECT release_id, revision, title, submitted, meeting_date, rfc_id, amend_rfc, imported_at, imported_by,
	       CAST(text AS BLOB)
	FROM note;
DROP TABLE note;
ALTER TABLE note_new RENAME TO note;
UPDATE note_history SET text = CAST(text AS BLOB) WHERE typeof(text) = 'text';

CREATE TRIGGER release_change_note_ai AFTER INSERT ON note BEGIN
	INSERT INTO release_change(release_id, what, old, new) VALUES (NEW.release_id, 'note', NULL, NEW.revision);
END;
CREATE TRIGGER release_change_note_au AFTER UPDATE OF revision, text ON note
WHEN OLD.revision IS NOT NEW.revision OR OLD.text IS NOT NEW.text BEGIN
	INSERT INTO release_change(release_id, what, old, new) VALUES (NEW.release_id, 'note', OLD.revision, NEW.revision);
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
