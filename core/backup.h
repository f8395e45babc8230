/* backup.h: copies of the database and restoring from them (16.3 Backups).
 *
 * A backup is a consistent single-file copy taken with SQLite's online
 * backup API: it reads one snapshot while other processes go on writing
 * (WAL mode lets writers proceed), so it is safe during a live meeting.
 * A restore replaces the database only with a file that passes every check
 * (an SQLite file, rcb's application id, a schema this rcb knows, the
 * integrity check), atomically, and keeps the database it replaces beside
 * it.  A file that fails any check changes nothing. */
#ifndef RCB_BACKUP_H
#define RCB_BACKUP_H

#include "store.h"

/* Copy the open database st into a new file dest (mode 0600), which must
 * not exist: rcb never overwrites a file with a backup.  The copy is
 * written beside dest under a temporary name, checked (integrity check),
 * flushed to disk and only then linked into place, so dest is either
 * absent or a whole, checked backup.  The copy uses a rollback journal
 * (one file, no -wal).  Appends one audit row ("backup") to st afterwards,
 * skipped when st is read-only.  Returns 0, RCB_EEXISTS when dest exists,
 * RCB_EIO for file-system errors, a store error otherwise. */
int rcb_backup(rcb_store *st, const char *dest);

/* Replace the database at db_path with the backup at src.  Steps: src is
 * copied to a temporary file in db_path's directory, the copy is checked
 * (an SQLite database with rcb's application id, a schema version from 1
 * to this rcb's, passing the integrity check) and flushed; the current database (if any) is
 * locked, which fails with RCB_EBUSY when another process has it open,
 * copied to "DB.before-restore-YYYYMMDDTHHMMSSZ" (a copy, never a second
 * link) and the checked copy renamed over it in one step, so a kill at
 * any moment leaves a database at db_path (attacks.md B8).  What killed
 * restores left beside it ("DB.restore-XXXXXX") is swept first.  The restored database is then opened (migrated when
 * older) and an audit row ("restore") appended to it.
 * *kept (may be NULL) receives the path the old database was kept under,
 * or NULL when there was none; the caller frees it.  On any error before
 * the rename, the database is unchanged and the temporary file removed. */
int rcb_restore(char **kept, const char *db_path, const char *src);

#endif
