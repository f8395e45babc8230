/* sqlutil.h: small SQLite helpers that core/ modules share (column
 * reads, optional binds, one-step writes, ending a transaction), so that
 * every module maps errors the same way.  core/ only: cli/, tui/, demo/
 * and main.c never see SQL. */
#ifndef RCB_SQLUTIL_H
#define RCB_SQLUTIL_H

#include <sqlite3.h>
#include <stddef.h>
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
/* rcb_store_cached for a listing whose callback may run the same listing
 * again (re-entrant): when the cached statement is still being stepped,
 * *out is a new one and *fresh is 1 (the caller finalizes it); else *out
 * is the cached one, reset, and *fresh is 0 (the caller resets it).
 * rcb_store_done(s, fresh) is that ending. */
int rcb_store_cached_reentrant(rcb_store *st, sqlite3_stmt **out, const char *sql, int *fresh);
void rcb_store_done(sqlite3_stmt *s, int fresh);
/* The same for SQL built at run time (a page query per sort and filter):
 * keyed by the text, which is copied; the last RCB_TEXT_CACHE texts are
 * kept, the oldest finalized when a new one comes.  The same rules of use:
 * step, then sqlite3_reset(), never sqlite3_finalize(). */
int rcb_store_cached_text(rcb_store *st, sqlite3_stmt **out, const char *sql);

/* One-time set-up of the store's connection, such as SQL functions
 * registered on it: rcb_store_setup(st, bit) is 1 when `bit` was already
 * marked done on this connection, else 0; rcb_store_setup_done marks it. */
enum { RCB_SETUP_SEARCH_FUNCS = 1u << 0 };
int rcb_store_setup(const rcb_store *st, unsigned bit);
void rcb_store_setup_done(rcb_store *st, unsigned bit);

/* 13.1: a release's newest decision counts.  The id of the newest decision
 * on the release whose id is the SQL expression `rel` ("?1", "r.id"), as a
 * scalar subquery: the one spelling of the rule in SQL.  (Table
 * release_decision, 005_review.sql, keeps the same fact per release for
 * the register's index; triggers maintain it and chain.c checks that the
 * two agree.) */
#define RCB_SQL_NEWEST_DECISION(rel) "(SELECT max(id) FROM decision WHERE release_id = " rel ")"

/* Two commit ids name the same commit when one is a prefix (>= 7 hex
 * digits) of the other (a note may carry an abbreviated id), NULL read as
 * "": the SQL spelling of gate.c's same_commit() (tests/unit/test_decision
 * checks that the two agree).  a and b are column names. */
#define RCB_SQL_SAME_COMMIT(a, b)                                                                               \
	"(CASE WHEN coalesce(length(" a "), 0) = 0 OR coalesce(length(" b "), 0) = 0"                              \
	" THEN coalesce(length(" a "), 0) = coalesce(length(" b "), 0)"                                            \
	" WHEN length(" a ") <> length(" b ") AND min(length(" a "), length(" b ")) < 7 THEN 0"                    \
	" ELSE lower(substr(" a ", 1, min(length(" a "), length(" b "))))"                                         \
	" = lower(substr(" b ", 1, min(length(" a "), length(" b ")))) END)"

/* 12.9, 13.1: the stale-Go rule, its one definition, in SQL and set-based,
 * so that an export of every release runs it inside its own query (no
 * statement per row) and rcb_release_status_get() runs the same text for
 * one release.  Plain SQL (no function of rcb's): it runs on any
 * connection of the store.  For the release whose id is the SQL
 * expression `rel` ("r.id"):
 *   RCB_SQL_GO_JOIN(rel), put after the release in a FROM clause, joins
 *     its newest decision as gs_d (through release_decision, which keeps
 *     the fact of RCB_SQL_NEWEST_DECISION per release);
 *   RCB_SQL_GO_STALE(rel) is then 1 when that decision is a Go or a
 *     conditional Go that went stale, else 0: its tag moved
 *     (RCB_SQL_GO_TAG_MOVED: the newest verification run saw the tag
 *     elsewhere than the commit the Go was given on) or the release
 *     changed since (a release_change row, 007_gate.sql, after the
 *     decision's change_seen: RCB_SQL_GO_CHANGES);
 *   RCB_SQL_CHANGE_BIT(what) is the RCB_STALE_* bit (decision.h) of a
 *     change, which rcb_release_status_get() reports with its words. */
#define RCB_SQL_CHANGE_BIT(what)                                                                                \
	"CASE " what " WHEN 'note' THEN 2 WHEN 'rfc' THEN 4 WHEN 'rfc-status' THEN 4 WHEN 'tag' THEN 8"            \
	" WHEN 'commit' THEN 16 WHEN 'env' THEN 32 END"
#define RCB_SQL_GO_JOIN(rel)                                                                                    \
	" LEFT JOIN release_decision gs_rd ON gs_rd.release_id = " rel                                             \
	" LEFT JOIN decision gs_d ON gs_d.id = gs_rd.decision_id"
#define RCB_SQL_GO_TAG_MOVED(rel)                                                                               \
	"coalesce((SELECT NOT " RCB_SQL_SAME_COMMIT("gs_d.tag_commit", "gs_v.tag_target") " FROM verify_run gs_v"   \
	" WHERE gs_v.release_id = " rel " ORDER BY gs_v.id DESC LIMIT 1), 0)"
/* the FROM and WHERE of the changes after `seen` (an SQL expression):
 * every row, for every `what` 007_gate.sql's CHECK allows has a bit, so
 * the EXISTS of RCB_SQL_GO_STALE is one probe of release_change_by_release
 * (release_id, id), without reading the row */
#define RCB_SQL_GO_CHANGES(rel, seen)                                                                           \
	" FROM release_change WHERE release_id = " rel " AND id > " seen
#define RCB_SQL_GO_STALE(rel)                                                                                   \
	"(CASE WHEN gs_d.outcome IN ('go', 'conditional') THEN " RCB_SQL_GO_TAG_MOVED(rel)                         \
	" OR EXISTS (SELECT 1" RCB_SQL_GO_CHANGES(rel, "coalesce(gs_d.change_seen, 0)") ") ELSE 0 END)"

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

/* Run a write of one row: prepare sql (two parameters: text, bound to
 * text, then id) and step it.  Returns 0 or the error of rcb_step_done
 * naming `doing`. */
int rcb_exec_text_id(rcb_store *st, const char *sql, const char *text, int64_t id, const char *doing);

/* End the transaction begun by the caller: commit when rc >= 0 (returning
 * the commit's result), else roll back and return rc. */
int rcb_tx_finish(rcb_store *st, int rc);

/* The edit functions' one transaction: set(st, id, field, value) for each
 * of the n fields in turn, in one transaction begun and ended here;
 * the first refusal stops it, rolls everything back and, when failed is
 * not NULL, puts that field's index in *failed. */
typedef int (*rcb_field_setter)(rcb_store *st, int64_t id, const char *field, const char *value);
int rcb_edit_fields(rcb_store *st, int64_t id, const rcb_field_value *fv, size_t n, size_t *failed,
		    rcb_field_setter set);

#endif
