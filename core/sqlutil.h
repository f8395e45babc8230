/* sqlutil.h: small SQLite helpers that core/ modules share (column
 * reads, optional binds, one-step writes, ending a transaction), so that
 * every module maps errors the same way.  core/ only: cli/, tui/, demo/
 * and main.c never see SQL. */
#ifndef RCB_SQLUTIL_H
#define RCB_SQLUTIL_H

#include <sqlite3.h>
#include <stdint.h>

#include "store.h"

/* The store's connection, borrowed: core/ modules only.  The front ends
 * never include this header (the Makefile builds them against a
 * sqlite3.h that is an #error), so the compiler keeps SQL out of them. */
sqlite3 *rcb_store_db(rcb_store *st);

/* A one-shot prepared statement on st.  Sets the error record on failure;
 * the caller finalizes. */
int rcb_store_prepare(rcb_store *st, sqlite3_stmt **out, const char *sql);

/* A statement prepared once per connection and kept by the store (freed
 * by rcb_store_close), for a lookup that runs once per row.  sql must be
 * a string literal: its address is the key.  *out comes reset with no
 * bindings; the caller steps it and then calls sqlite3_reset(), never
 * sqlite3_finalize().  Not re-entrant: the same sql must not be stepped
 * again while a previous use of it is still between step and reset. */
int rcb_store_cached(rcb_store *st, sqlite3_stmt **out, const char *sql);

/* 13.1: a release's newest decision counts.  The id of the newest decision
 * on the release whose id is the SQL expression `rel` ("?1", "r.id"), as a
 * scalar subquery: the one spelling of the rule in SQL.  (Table
 * release_decision, 005_review.sql, keeps the same fact per release for
 * the register's index; triggers maintain it and chain.c checks that the
 * two agree.) */
#define RCB_SQL_NEWEST_DECISION(rel) "(SELECT max(id) FROM decision WHERE release_id = " rel ")"

/* Column i of the current row as text; NULL when SQL NULL.  Borrowed:
 * valid until the next sqlite3_step/reset/finalize of s.  Not const only
 * because row structs hold borrowed and owned strings in the same fields. */
char *rcb_col_str(sqlite3_stmt *s, int i);

/* A copy of column i that the caller free()s; NULL when the column is
 * NULL or memory ran out (then the error record says so). */
char *rcb_col_dup(sqlite3_stmt *s, int i);

/* Bind v as text (copied), or NULL when v is NULL or "". */
void rcb_bind_opt_text(sqlite3_stmt *s, int i, const char *v);
/* Bind id, or NULL when it is 0 (no row). */
void rcb_bind_opt_id(sqlite3_stmt *s, int i, int64_t id);

/* Step a write statement to completion.  Returns 0 on SQLITE_DONE;
 * RCB_EEXISTS when a UNIQUE or PRIMARY KEY constraint refused the row
 * (callers reword it: "component X already exists"); otherwise the store's
 * error (rcb_store_error) naming `doing`. */
int rcb_step_done(rcb_store *st, sqlite3_stmt *s, const char *doing);

/* Step a query that yields at most one row.  Returns 1 on a row, 0 when
 * there is none, or the store's error naming `doing` (a failed read is
 * never "no row"). */
int rcb_step_row(rcb_store *st, sqlite3_stmt *s, const char *doing);

/* Look up one id: prepare sql (one text parameter, bound to key; at most
 * one row whose first column is the id) and step it.  Returns 1 with *id
 * set, 0 when there is no row (the caller words "not found"), or the
 * store's error naming `doing`. */
int rcb_query_id(rcb_store *st, const char *sql, const char *key, const char *doing, int64_t *id);

/* End the transaction begun by the caller: commit when rc >= 0 (returning
 * the commit's result), else roll back and return rc. */
int rcb_tx_finish(rcb_store *st, int rc);

#endif
