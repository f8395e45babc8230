/* backup.c: online backups and checked, atomic restores (16.3). */
#include "backup.h"

#include "chain.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "tempfile.h"
#include "sqlutil.h"

/* How long a backup retries while the source is busy (rare in WAL mode:
 * only during another process's recovery). */
#define BUSY_RETRY_MS 15000

/* A backup's private copy beside its destination is "DEST.rcb-backup-XXXXXX":
 * a name no one else uses, so a later backup into that directory may sweep
 * what a killed one left (attacks.md 72). */
#define BACKUP_TAG "rcb-backup"

/* The directory part of path ("." when none) into dir. */
static int dir_of(char *dir, size_t n, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return snprintf(dir, n, ".") >= (int)n ? -1 : 0;
	if (slash == path)
		return snprintf(dir, n, "/") >= (int)n ? -1 : 0;
	if ((size_t)(slash - path) >= n)
		return -1;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return 0;
}

/* fsync a file or directory by path. */
static int sync_path(const char *path, int is_dir)
{
	int fd = open(path, (is_dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	int rc = 0;
	if (fd < 0)
		return rcb_error_set(RCB_EIO, "cannot open %s to flush it: %s", path, strerror(errno));
	if (fsync(fd) != 0 && !(is_dir && (errno == EINVAL || errno == EROFS)))
		rc = rcb_error_set(RCB_EIO, "cannot flush %s to disk: %s", path, strerror(errno));
	close(fd);
	return rc;
}

/* Run one-row PRAGMA q; its integer into *v.  -1 with the db's error. */
static int pragma_int(sqlite3 *db, const char *q, long long *v)
{
	sqlite3_stmt *s;
	int rc = -1;
	if (sqlite3_prepare_v2(db, q, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*v = sqlite3_column_int64(s, 0);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

/* The checks a restorable file passes, on an open handle; `name` for
 * messages.  *schema gets user_version. */
static int check_db(sqlite3 *db, const char *name, int *schema)
{
	sqlite3_stmt *s;
	long long appid, uv;
	int rc = 0, step;

	if (pragma_int(db, "PRAGMA application_id", &appid) < 0)
		return rcb_error_set(RCB_EDB, "%s is not a readable SQLite database (%s)", name, sqlite3_errmsg(db));
	if (appid != RCB_APPLICATION_ID)
		return rcb_error_set(RCB_EINVAL, "%s is an SQLite database but not an rcb database (application id %lld)",
				     name, appid);
	if (pragma_int(db, "PRAGMA user_version", &uv) < 0)
		return rcb_error_set(RCB_EDB, "%s: cannot read its schema version (%s)", name, sqlite3_errmsg(db));
	if (uv < 1 || uv > rcb_store_schema_version())
		return rcb_error_set(RCB_EINVAL, uv < 1 ? "%s has no rcb schema (version %lld)"
						       : "%s was written by a newer rcb (schema version %lld; this rcb knows up to %d)",
				     name, uv, rcb_store_schema_version());
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return rcb_error_set(RCB_EDB, "%s is corrupt (%s)", name, sqlite3_errmsg(db));
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		if (r == NULL || strcmp(r, "ok") != 0) {
			rc = rcb_error_set(RCB_EDB, "%s fails the integrity check: %.200s", name, r ? r : "?");
			break;
		}
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_error_set(RCB_EDB, "%s is corrupt (%s)", name, sqlite3_errmsg(db));
	sqlite3_finalize(s);
	if (rc == 0 && schema)
		*schema = (int)uv;
	return rc;
}

/* A regular file beginning with the SQLite header; `name` for messages. */
static int check_header(const char *path)
{
	unsigned char hdr[100];
	struct stat sb;
	ssize_t n;
	int fd;

	if (stat(path, &sb) != 0)
		return rcb_error_set(RCB_EIO, "cannot read %s: %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return rcb_error_set(RCB_EINVAL, "%s is not a regular file", path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return rcb_error_set(RCB_EIO, "cannot read %s: %s", path, strerror(errno));
	n = read(fd, hdr, sizeof hdr);
	close(fd);
	if (n < (ssize_t)sizeof hdr || memcmp(hdr, "SQLite format 3", 16) != 0)
		return rcb_error_set(RCB_EINVAL, "%s is not an SQLite database, so not an rcb backup", path);
	return 0;
}

/* ------------------------------------------------------------------ backup */

int rcb_backup(rcb_store *st, const char *dest)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *bk;
	struct stat sb;
	rcb_temp tmp = RCB_TEMP_INIT;
	char dir[4096];
	int rc, src, waited = 0;

	if (dest == NULL || *dest == '\0')
		return rcb_error_set(RCB_EINVAL, "no backup file given");
	if (lstat(dest, &sb) == 0)
		return rcb_error_set(RCB_EEXISTS, "%s already exists; rcb never overwrites a file with a backup", dest);
	if (dir_of(dir, sizeof dir, dest) < 0)
		return rcb_error_set(RCB_EINVAL, "backup path too long");
	/* attacks.md 72: the copies of backups killed half-way. */
	rcb_temp_sweep_dir(dir, BACKUP_TAG);
	if ((rc = rcb_temp_create(&tmp, dest, BACKUP_TAG)) < 0)
		return rc;
	if (sqlite3_open_v2(tmp.path, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		rc = rcb_error_set(RCB_EIO, "cannot open %s: %s", tmp.path, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto fail;
	}
	if ((bk = sqlite3_backup_init(dst, "main", rcb_store_db(st), "main")) == NULL) {
		rc = rcb_error_set(RCB_EDB, "cannot start the backup: %s", sqlite3_errmsg(dst));
		goto fail;
	}
	/* -1: every page in one step, inside one read transaction of the
	 * source, hence one consistent snapshot however much others write. */
	while ((src = sqlite3_backup_step(bk, -1)) == SQLITE_BUSY || src == SQLITE_LOCKED) {
		if (waited >= BUSY_RETRY_MS)
			break;
		sqlite3_sleep(50);
		waited += 50;
	}
	sqlite3_backup_finish(bk);
	if (src != SQLITE_DONE) {
		rc = (src & 0xff) == SQLITE_BUSY || (src & 0xff) == SQLITE_LOCKED
			? rcb_error_set(RCB_EBUSY, "the database stayed busy; no backup taken")
			: (src & 0xff) == SQLITE_FULL
			? rcb_error_set(RCB_EIO, "the disk holding %s is full; no backup taken", dest)
			: rcb_error_set(RCB_EDB, "the backup failed: %s", sqlite3_errstr(src));
		goto fail;
	}
	/* One self-contained file: leave WAL mode in the copy. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = rcb_error_set(RCB_EDB, "cannot finish the backup: %s", sqlite3_errmsg(dst));
		goto fail;
	}
	if ((rc = check_db(dst, dest, NULL)) < 0)
		goto fail;
	sqlite3_close(dst);
	dst = NULL;
	if ((rc = sync_path(tmp.path, 0)) < 0)
		goto fail;
	/* link() refuses to replace an existing file, even one created since
	 * the check above. */
	if (link(tmp.path, dest) != 0) {
		rc = errno == EEXIST
			? rcb_error_set(RCB_EEXISTS, "%s already exists; rcb never overwrites a file with a backup", dest)
			: rcb_error_set(RCB_EIO, "cannot create %s: %s", dest, strerror(errno));
		goto fail;
	}
	rcb_temp_release(&tmp, 1);
	if ((rc = sync_path(dir, 1)) < 0)
		return rc;
	/* 16.3: the record says who took a copy of it, and where to. */
	if ((rc = rcb_store_begin(st)) < 0)
		return rc == RCB_EREADONLY ? 0 : rc;
	if ((rc = rcb_audit(st, "backup", "to %s", dest)) < 0) {
		rcb_store_rollback(st);
		return rc;
	}
	return rcb_store_commit(st);
fail:
	if (dst)
		sqlite3_close(dst);
	rcb_temp_release(&tmp, 1);
	return rc;
}

/* ----------------------------------------------------------------- restore */

/* Copy the bytes of src into the (existing, empty) file dst and flush. */
static int copy_file(const char *src, const char *dst)
{
	char buf[65536];
	struct stat sb;
	ssize_t n;
	int in, out, rc = 0;

	/* Non-blocking and checked on the descriptor: a FIFO or a device put
	 * in the file's place after it was checked is refused, never read. */
	if ((in = open(src, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) < 0)
		return rcb_error_set(RCB_EIO, "cannot read %s: %s", src, strerror(errno));
	if (fstat(in, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(in);
		return rcb_error_set(RCB_EINVAL, "%s is not a regular file", src);
	}
	if ((out = open(dst, O_WRONLY | O_TRUNC | O_CLOEXEC)) < 0) {
		close(in);
		return rcb_error_set(RCB_EIO, "cannot write %s: %s", dst, strerror(errno));
	}
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = rcb_error_set(RCB_EIO, "cannot read %s: %s", src, strerror(errno));
			break;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				rc = rcb_error_set(RCB_EIO, "cannot write %s: %s", dst, strerror(errno));
				break;
			}
			off += w;
		}
		if (rc < 0)
			break;
	}
	if (rc == 0 && fsync(out) != 0)
		rc = rcb_error_set(RCB_EIO, "cannot flush %s: %s", dst, strerror(errno));
	close(in);
	close(out);
	return rc;
}

/* "DB.before-restore-20240312T100000Z", or with "-2", "-3" ... when taken. */
static int kept_name(char **out, const char *db_path)
{
	char now[64], stamp[32];
	size_t j = 0;
	struct stat sb;

	rcb_now(now, sizeof now);
	for (size_t i = 0; now[i] && j + 1 < sizeof stamp; i++)
		if (now[i] != '-' && now[i] != ':')
			stamp[j++] = now[i];
	stamp[j] = '\0';
	for (int n = 1; n < 1000; n++) {
		rcb_buf b = RCB_BUF_INIT;
		int rc = n == 1 ? rcb_buf_printf(&b, "%s.before-restore-%s", db_path, stamp)
				: rcb_buf_printf(&b, "%s.before-restore-%s-%d", db_path, stamp, n);
		if (rc < 0)
			return rc;
		if (lstat(b.ptr, &sb) != 0) {
			*out = rcb_buf_detach(&b);
			return 0;
		}
		rcb_buf_free(&b);
	}
	return rcb_error_set(RCB_EEXISTS, "too many earlier copies of %s beside it", db_path);
}

static const char *const companion_suffix[] = {"-wal", "-journal", "-shm"};

/* Move "FROM-wal", "-journal", "-shm" to "TO-..." where they exist; the
 * bit of each one moved is set in the result, for move_companions_back. */
static unsigned move_companions(const char *from, const char *to)
{
	unsigned moved = 0;

	for (unsigned i = 0; i < sizeof companion_suffix / sizeof *companion_suffix; i++) {
		rcb_buf a = RCB_BUF_INIT, b = RCB_BUF_INIT;
		if (rcb_buf_printf(&a, "%s%s", from, companion_suffix[i]) == 0 &&
		    rcb_buf_printf(&b, "%s%s", to, companion_suffix[i]) == 0 && access(a.ptr, F_OK) == 0 &&
		    rename(a.ptr, b.ptr) == 0)
			moved |= 1u << i;
		rcb_buf_free(&a);
		rcb_buf_free(&b);
	}
	return moved;
}

/* Undo move_companions(from, to) for the bits in moved. */
static void move_companions_back(const char *from, const char *to, unsigned moved)
{
	for (unsigned i = 0; i < sizeof companion_suffix / sizeof *companion_suffix; i++) {
		rcb_buf a = RCB_BUF_INIT, b = RCB_BUF_INIT;
		if ((moved & (1u << i)) && rcb_buf_printf(&a, "%s%s", from, companion_suffix[i]) == 0 &&
		    rcb_buf_printf(&b, "%s%s", to, companion_suffix[i]) == 0)
			rename(b.ptr, a.ptr);
		rcb_buf_free(&a);
		rcb_buf_free(&b);
	}
}

/* Does path begin with SQLite's header?  (Read by rcb, not SQLite: an
 * SQLite open of an unreadable file may already delete its -wal.) */
static int has_sqlite_header(const char *path)
{
	char hdr[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, hdr, sizeof hdr);
	close(fd);
	return n == (ssize_t)sizeof hdr && memcmp(hdr, "SQLite format 3", 16) == 0;
}

/* Take the live database out of use: leave WAL mode (possible only when no
 * other connection has it open) and hold an exclusive lock until *live is
 * closed.  A database that SQLite cannot read at all (corrupt) is left to
 * the caller to move aside as is: *live = NULL, return 0. */
static int lock_live(sqlite3 **live, const char *db_path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	const char *mode = NULL;
	int rc = 0;

	*live = NULL;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return 0;
	}
	sqlite3_busy_timeout(db, 2000);
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode=DELETE", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		mode = (const char *)sqlite3_column_text(s, 0);
	if (mode == NULL) {
		int code = sqlite3_extended_errcode(db) & 0xff;
		if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
			rc = rcb_error_set(RCB_EBUSY, "%s is in use by another rcb process; close it and retry the restore",
					   db_path);
		/* else: unreadable, moved aside as it is */
	} else if (strcmp(mode, "delete") != 0) {
		rc = rcb_error_set(RCB_EBUSY, "%s is in use by another rcb process (it stays in %s mode); close it and retry the restore",
				   db_path, mode);
	}
	sqlite3_finalize(s);
	if (mode && rc == 0) {
		if (sqlite3_exec(db, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK) {
			rc = rcb_error_set(RCB_EBUSY, "%s is in use by another rcb process; close it and retry the restore",
					   db_path);
		} else {
			*live = db;
			return 0;
		}
	}
	sqlite3_close(db);
	return rc;
}

/* Open the private copy at tmp as rcb opens any database (the schema
 * compared with rcb's, older ones migrated) and verify its chain. */
static int check_record(const char *tmp, const char *src)
{
	rcb_store *st = NULL;
	int rc = rcb_store_open(&st, tmp, 0);

	if (rc == 0)
		rc = rcb_chain_verify(st, NULL);
	rcb_store_close(st);
	if (rc < 0)
		rcb_error_prefix("%s is not restored%s", src, rc == RCB_EREFUSED ? ": its record fails its audit" : "");
	return rc;
}

/* The replaced database kept as *old: a copy of its bytes (never a second
 * link to the live file, which SQLite documents as a way to corrupt it),
 * written to a private temporary and renamed into place. */
static int keep_copy(char **old, const char *db_path)
{
	rcb_temp keep = RCB_TEMP_INIT;
	int rc;

	if ((rc = kept_name(old, db_path)) < 0 || (rc = rcb_temp_create(&keep, db_path, "restore")) < 0)
		return rc;
	if ((rc = copy_file(db_path, keep.path)) == 0 && (rc = sync_path(keep.path, 0)) == 0 &&
	    rename(keep.path, *old) != 0)
		rc = rcb_error_set(RCB_EIO, "cannot keep a copy of %s: %s", db_path, strerror(errno));
	rcb_temp_release(&keep, rc < 0);
	return rc;
}

/* Put the checked copy at tmp in db_path's place (attacks.md B8): the old
 * database is copied to *old first, then one rename(2) replaces it, so a
 * kill at any moment leaves a database at db_path, the old one or the
 * restored one.  `moved` are the old database's companions already moved
 * beside *old (an unreadable one's); those of a readable one move here,
 * before the restored copy could be opened with them. */
static int swap_in(char **old, const char *tmp, const char *db_path, int exists, unsigned moved)
{
	int rc;

	if (exists) {
		if (*old == NULL && (rc = keep_copy(old, db_path)) < 0)
			return rc;
		moved |= move_companions(db_path, *old);
	}
	if (rename(tmp, db_path) != 0) {
		int e = errno;
		if (*old) { /* nothing was replaced: no copy kept, companions back */
			move_companions_back(db_path, *old, moved);
			unlink(*old);
			free(*old);
			*old = NULL;
		}
		return rcb_error_set(RCB_EIO, "cannot move the restored copy into place: %s", strerror(e));
	}
	return 0;
}

/* A private copy of src beside db_path, checked as a record rcb would
 * accept; *schema its version. */
static int prepare_copy(rcb_temp *tmp, const char *db_path, const char *src, int *schema)
{
	sqlite3 *db = NULL;
	int rc;

	/* attacks.md 72: what restores killed half-way left here. */
	rcb_temp_sweep_near(db_path, "restore");
	if ((rc = rcb_temp_create(tmp, db_path, "restore")) < 0)
		return rc;
	if ((rc = copy_file(src, tmp->path)) < 0)
		return rc;
	if (sqlite3_open_v2(tmp->path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		rc = rcb_error_set(RCB_EDB, "cannot open the copy of %s: %s", src, db ? sqlite3_errmsg(db) : "out of memory");
	else if ((rc = check_db(db, src, schema)) == 0 &&
		 sqlite3_exec(db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = rcb_error_set(RCB_EDB, "cannot prepare the copy of %s: %s", src, sqlite3_errmsg(db));
	sqlite3_close(db);
	/* attacks.md B7: what is restored is a record rcb would accept: its
	 * schema rcb's own (no planted trigger), its chain intact. */
	if (rc == 0 && (rc = check_record(tmp->path, src)) == 0)
		rc = sync_path(tmp->path, 0);
	return rc;
}

/* The restored database records its own restore. */
static int audit_restore(const char *db_path, const char *src, int schema, const char *old)
{
	rcb_store *st = NULL;
	int rc;

	if ((rc = rcb_store_open(&st, db_path, 0)) < 0) {
		rcb_error_prefix("restored %s, but cannot open it", db_path);
		return rc;
	}
	if ((rc = rcb_store_begin(st)) == 0) {
		if ((rc = rcb_audit(st, "restore", "from %s (schema version %d); the replaced database is kept as %s",
				    src, schema, old ? old : "(none)")) < 0)
			rcb_store_rollback(st);
		else
			rc = rcb_store_commit(st);
	}
	rcb_store_close(st);
	return rc;
}

int rcb_restore(char **kept, const char *db_path, const char *src)
{
	struct stat a, b;
	sqlite3 *live = NULL;
	rcb_temp tmp = RCB_TEMP_INIT;
	char *old = NULL, dir[4096];
	unsigned moved = 0;
	int rc, exists, schema = 0;

	if (kept)
		*kept = NULL;
	if ((rc = check_header(src)) < 0)
		return rc;
	exists = stat(db_path, &b) == 0;
	if (exists && stat(src, &a) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return rcb_error_set(RCB_EINVAL, "%s is the database itself", src);
	if (dir_of(dir, sizeof dir, db_path) < 0)
		return rcb_error_set(RCB_EINVAL, "database path too long");

	/* Check a private copy, so that what is checked is what is restored. */
	if ((rc = prepare_copy(&tmp, db_path, src, &schema)) < 0)
		goto fail;
	if (exists && !has_sqlite_header(db_path)) {
		/* Unreadable: kept as it is, and its -wal or journal moved with
		 * it before any SQLite open could apply or delete them. */
		if ((rc = keep_copy(&old, db_path)) < 0)
			goto fail;
		moved = move_companions(db_path, old);
	} else if (exists && (rc = lock_live(&live, db_path)) < 0) {
		goto fail;
	}
	if ((rc = swap_in(&old, tmp.path, db_path, exists, moved)) < 0)
		goto fail;
	rcb_temp_release(&tmp, 0); /* it is db_path now */
	if (live) {
		sqlite3_exec(live, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(live);
	}
	if ((rc = sync_path(dir, 1)) == 0)
		rc = audit_restore(db_path, src, schema, old);
	if (kept)
		*kept = old;
	else
		free(old);
	return rc;
fail:
	if (live) {
		sqlite3_exec(live, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(live);
	}
	if (old) { /* the restore did not happen: neither a kept copy nor moved companions */
		move_companions_back(db_path, old, moved);
		unlink(old);
	}
	rcb_temp_release(&tmp, 1);
	free(old);
	return rc;
}
