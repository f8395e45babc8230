/* store.h: the rcb database — one SQLite file, versioned schema, audit log.
 *
 * A rcb_store is an open database handle.  Every user action is one
 * transaction: callers wrap their writes in rcb_store_begin() ...
 * rcb_store_commit() (rcb_store_rollback() on error) and append one audit
 * row per change with rcb_audit() inside the same transaction.
 *
 * The schema lives in data/migrations/NNN_*.sql, compiled into the binary;
 * PRAGMA user_version holds the number of migrations applied and
 * PRAGMA application_id marks the file as rcb's. */
#ifndef RCB_STORE_H
#define RCB_STORE_H

#include <stdint.h>

#include "error.h"

#define RCB_APPLICATION_ID 0x52434231 /* "RCB1" */

typedef struct rcb_store rcb_store;

enum {
	RCB_STORE_CREATE = 1 << 0,   /* create the file (mode 0600, dir 0700) if absent */
	RCB_STORE_READONLY = 1 << 1, /* open read-only; never migrates */
	RCB_STORE_NOMIGRATE = 1 << 2 /* open as is, for tests of old schemas */
};

/* Open (and create / migrate) the database at path.  A file that is not an
 * SQLite database, an SQLite database that is not rcb's, a corrupt file or
 * one written by a newer rcb is refused with a message and left untouched.
 * On success *out belongs to the caller: rcb_store_close() it. */
int rcb_store_open(rcb_store **out, const char *path, unsigned flags);
void rcb_store_close(rcb_store *st);
/* A second connection to st's file for one reading thread (audit verify's
 * second half, chain.c): read-only, SQLITE_OPEN_NOMUTEX (its thread is its
 * only user), configured as st's connection; the file was checked when st
 * was opened, so it is not checked again.  *out is the caller's:
 * rcb_store_close() it.  It opens no transaction. */
int rcb_store_open_reader(const rcb_store *st, rcb_store **out);

/* The default database path: $RCB_DB, else $XDG_DATA_HOME/rcb/rcb.db, else
 * ~/.local/share/rcb/rcb.db.  Caller frees *out. */
int rcb_store_default_path(char **out);

/* The schema version this binary writes (number of migrations). */
int rcb_store_schema_version(void);
/* Apply migrations up to version `to` (tests use it to build old schemas). */
int rcb_store_migrate_to(rcb_store *st, int to);
/* The file's current user_version. */
int rcb_store_user_version(rcb_store *st);

const char *rcb_store_path(const rcb_store *st);

/* Make st a scratch database built in one go (rcb demo): commits are no
 * longer synced to disk (synchronous=OFF), so a power cut can lose the
 * file; a re-run makes it again.  Best effort: nothing is reported. */
void rcb_store_scratch(rcb_store *st);

/* Transactions.  begin takes the write lock at once (BEGIN IMMEDIATE), waiting
 * up to the busy timeout for another writer.  Nested begin is an error. */
int rcb_store_begin(rcb_store *st);
/* commit re-indexes what the transaction queued for search (searchidx.h)
 * before it commits. */
int rcb_store_commit(rcb_store *st);
void rcb_store_rollback(rcb_store *st);

/* Bring derived data (the search index) up to date with writes made
 * outside rcb_store_commit (plain autocommit statements), in a
 * transaction of its own.  A no-op on a read-only store or inside a
 * transaction (the commit will do it).  Returns 0 or the error. */
int rcb_store_sync_derived(rcb_store *st);

/* One field of a record and its new value: the edit functions
 * (rcb_meeting_edit, rcb_action_edit, rcb_attendee_edit) change several
 * fields as one user action, in one transaction. */
typedef struct {
	const char *field;
	const char *value;
} rcb_field_value;

/* Append one audit row (when, who, action, detail) — call inside the
 * transaction of the change it records. */
int rcb_audit(rcb_store *st, const char *action, const char *fmt, ...) RCB_PRINTF(3, 4);

/* The acting user: $RCB_USER, else the name set with `rcb config user`
 * (config.h), else the login name.  Static storage. */
const char *rcb_user(void);

/* Map a failed SQLite call to the error record: returns RCB_EDB, RCB_EBUSY
 * or RCB_EREADONLY with a message naming what was being done. */
int rcb_store_error(rcb_store *st, const char *doing);

/* A change counter that moves when another connection commits (PRAGMA
 * data_version); the TUI polls it to refresh. */
int64_t rcb_store_data_version(rcb_store *st);

/* One row of the audit log (borrowed strings, valid during the callback). */
typedef struct {
	int64_t id;
	const char *at, *who, *action, *detail;
} rcb_audit_row;

/* The newest `limit` audit rows, newest first.  A callback returning
 * non-zero stops the walk and that value is returned. */
int rcb_audit_foreach(rcb_store *st, int64_t limit, int (*cb)(void *ctx, const rcb_audit_row *r), void *ctx);

/* One row that refers to a missing parent (PRAGMA foreign_key_check). */
typedef struct {
	const char *table;  /* the referring table */
	int64_t rowid;      /* 0 when the table has no rowid */
	const char *parent; /* the table it refers to */
} rcb_fk_problem;

/* Call cb for every foreign-key problem; *count receives how many there
 * are.  Returns 0 (even when problems were found) or a store error. */
int rcb_store_fk_check(rcb_store *st, int64_t *count, int (*cb)(void *ctx, const rcb_fk_problem *p), void *ctx);

/* PRAGMA integrity_check; returns 0 when "ok", RCB_EDB with the first
 * problem otherwise. */
int rcb_store_check(rcb_store *st);

#endif
