/* history.h: the board's offline review — the release register as pages,
 * the component x environment matrix (6.2: "visuals of release versions
 * currently in environments and the ability to drilldown into historical
 * versions"), one matrix cell's deployment history, and the timeline of a
 * component or release.
 *
 * Every list here is read in keyset pages: a page is one index range plus
 * LIMIT, so a screen costs what it shows, whether the register holds a
 * hundred releases or a hundred thousand.  Each row carries its cursor; to
 * scroll, pass the last row's cursor with RCB_PAGE_AFTER, or the first
 * row's with RCB_PAGE_BEFORE.  Rows always come back in display order.
 *
 * Ownership: a *_page (and rcb_matrix) returned through **out belongs to the
 * caller, who frees it with the matching *_free; every string in it lives
 * as long as the page.  Nothing here writes to the database. */
#ifndef RCB_HISTORY_H
#define RCB_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "deploy.h"
#include "store.h"
#include "version.h"

/* ------------------------------------------------------------------ paging */

typedef enum {
	RCB_PAGE_FIRST = 0,  /* the first `limit` rows (cursor ignored) */
	RCB_PAGE_AFTER,      /* the rows after the cursor's row */
	RCB_PAGE_BEFORE,     /* the rows before the cursor's row */
	RCB_PAGE_LAST        /* the last `limit` rows (cursor ignored) */
} rcb_page_dir;

/* A row's position in its list's order.  Opaque to callers: copy it from
 * a row, hand it back. */
typedef struct {
	char text[128];
	int64_t num[5];
} rcb_cursor;

/* Pages hold at most this many rows; larger limits are clamped. */
#define RCB_PAGE_MAX 1000

/* ---------------------------------------------------------------- register */

typedef enum {
	RCB_REG_BY_VERSION = 0, /* component name, then version */
	RCB_REG_BY_DATE = 1     /* release date (released, else planned, else registered), then id */
} rcb_reg_sort;

/* Filters of the register screen; every field is optional. */
typedef struct {
	const char *component; /* NULL: all; else its name (unknown: RCB_ENOTFOUND) */
	int type;              /* -1: any; else an rcb_reltype */
	const char *step;      /* NULL: any; else a lifecycle step code "4.1" ... "E3" */
	const char *env;       /* NULL: any; else the target environment's name */
	const char *decision;  /* NULL: any; "go", "no-go", "conditional", "deferred",
				* "rejected" (the newest decision), or "none" (undecided) */
	rcb_reg_sort sort;
	int descending;        /* 1: highest version / newest date first */
} rcb_reg_filter;

/* Fill f with "everything, by version". */
void rcb_reg_filter_init(rcb_reg_filter *f);

typedef struct {
	int64_t id;
	int64_t component_id;
	char *component;
	char version[RCB_VERSION_STRLEN];
	rcb_reltype type;
	char *title;
	char *env;             /* target environment; NULL when none */
	char *step;            /* "4.1" ... */
	char *rfc_id;          /* NULL when none */
	char *rfc_status;
	char date[11];         /* YYYY-MM-DD as sorted on */
	char decision[16];     /* newest decision outcome ("go" ...); "" when undecided */
	int64_t decision_id;   /* 0 when undecided */
	int go_stale;          /* 1: that decision is a Go gone stale (rcb_release_status_get's stale != 0) */
	int by_override;       /* 1: that decision overrode blockers (rcb_release_status.by_override) */
	rcb_cursor cursor;
} rcb_reg_row;

typedef struct {
	size_t n;
	rcb_reg_row *rows;
	int more_before;       /* rows exist before rows[0] */
	int more_after;        /* rows exist after rows[n-1] */
} rcb_reg_page;

/* One page of the register under filter f (NULL: everything by version).
 * limit 1..RCB_PAGE_MAX.  Returns 0 (an empty page when nothing matches),
 * RCB_ENOTFOUND for an unknown component or environment, RCB_EINVAL for a
 * bad decision/step/type value.  *out is the caller's: rcb_reg_page_free. */
int rcb_reg_page_get(rcb_reg_page **out, rcb_store *st, const rcb_reg_filter *f,
		     rcb_page_dir dir, const rcb_cursor *from, int limit);
void rcb_reg_page_free(rcb_reg_page *p);

/* ------------------------------------------------------- environment matrix */

typedef enum {
	RCB_CELL_EMPTY = 0,     /* nothing deployed, nothing waiting */
	RCB_CELL_DEPLOYED,      /* `version` is in place */
	RCB_CELL_ROLLED_BACK,   /* the newest record is a rollback (16.5) */
	RCB_CELL_PENDING,       /* a newer release aimed at this environment awaits
				 * its decision (none yet, or deferred) */
	RCB_CELL_AWAITING       /* a newer release aimed at this environment has a
				 * Go (rcb_outcome_is_go) and is not deployed yet */
} rcb_cell_state;

/* "-", "deployed", "rolled back", "decision pending", "go, awaiting
 * deployment" (static). */
const char *rcb_cell_state_name(rcb_cell_state s);

/* One component in one environment. */
typedef struct {
	rcb_cell_state state;
	int64_t release_id;                   /* the version in place now; 0 when none */
	char version[RCB_VERSION_STRLEN];     /* "" when none */
	char since[RCB_TIME_LEN];             /* when it went in; "" when none */
	int forced;                           /* that deployment overrode a rule */
	int64_t last_id;                      /* newest deployment record of the cell; 0 none */
	char last_at[RCB_TIME_LEN];
	char rolled_back[RCB_VERSION_STRLEN]; /* ROLLED_BACK: the version taken out */
	int64_t next_release_id;              /* newest release aimed at this environment and
					       * newer than the one in place; 0 when none */
	char next_version[RCB_VERSION_STRLEN];
	char next_decision[16];               /* its newest decision; "" when undecided */
} rcb_env_cell;

/* The cell of component_id in env_id as of time as_of (NULL: now, i.e.
 * every record).  The version in place is the newest deployment not undone
 * by a later rollback.  A few indexed lookups. */
int rcb_env_cell_get(rcb_env_cell *out, rcb_store *st, int64_t component_id, int64_t env_id,
		     const char *as_of);

typedef struct {
	int64_t component_id;
	char *component;
	rcb_env_cell *cells;    /* nenv cells, in the order of rcb_matrix.envs */
	rcb_cursor cursor;
} rcb_matrix_row;

typedef struct {
	size_t nenv;
	int64_t *env_ids;
	char **envs;            /* environment names, in Table 2 order then as added */
	size_t n;
	rcb_matrix_row *rows;   /* components by name */
	int more_before, more_after;
} rcb_matrix;

/* A page of the matrix: `limit` components by name, each with a cell for
 * every environment (or only for environment `env` when not NULL; unknown:
 * RCB_ENOTFOUND).  Cost: limit x environments cell lookups.  *out is the
 * caller's: rcb_matrix_free. */
int rcb_matrix_page(rcb_matrix **out, rcb_store *st, const char *env,
		    rcb_page_dir dir, const rcb_cursor *from, int limit);
void rcb_matrix_free(rcb_matrix *m);

/* 12.10 ("all application and product versions" of an environment): call
 * cb with each component that has a version in place in environment env
 * (case-insensitive name; RCB_ENOTFOUND when unknown), by component name;
 * rolled-back cells give the version back in place, pending ones the
 * version still there.  Strings are borrowed for the call; a non-zero
 * return from cb stops the walk and is returned. */
int rcb_env_versions(rcb_store *st, const char *env,
		     int (*cb)(void *ctx, const char *component, const char *version), void *ctx);

/* ----------------------------------------------------- deployment records */

typedef struct {
	int64_t id;
	int64_t release_id;
	char *component;
	char version[RCB_VERSION_STRLEN];
	char *env;
	rcb_deploy_outcome outcome;
	char at[RCB_TIME_LEN];
	char *note;             /* "" when none */
	char *forced_reason;    /* NULL when nothing was forced */
	char *who;
	char *event;            /* NULL for a deployment; for an event of the
				 * environment (16.2-16.4) "export", "backup" or
				 * "refresh": version "", release_id 0, note the
				 * notice (with "[outage; RFC ID]") */
	rcb_cursor cursor;
} rcb_deploy_row;

typedef struct {
	size_t n;
	rcb_deploy_row *rows;
	int more_before, more_after;
} rcb_deploy_page;

/* A matrix cell's history, newest first ("after" = older): the
 * deployments of component_id in env_id and the environment's events
 * (exports, backups, refreshes: 16.2-16.4), interleaved by time.  *out is
 * the caller's: rcb_deploy_page_free. */
int rcb_cell_history_page(rcb_deploy_page **out, rcb_store *st, int64_t component_id, int64_t env_id,
			  rcb_page_dir dir, const rcb_cursor *from, int limit);
/* The deployments of one release in any environment, newest first. */
int rcb_release_deploys_page(rcb_deploy_page **out, rcb_store *st, int64_t release_id,
			     rcb_page_dir dir, const rcb_cursor *from, int limit);
void rcb_deploy_page_free(rcb_deploy_page *p);

/* ---------------------------------------------------------------- timeline */

typedef enum {
	RCB_EV_RELEASE = 0,      /* registered (id = release id) */
	RCB_EV_NOTE,             /* the current note's import (id = release id) */
	RCB_EV_NOTE_REVISION,    /* an earlier note revision's import (id = note_history id) */
	RCB_EV_VERIFY,           /* a verification run (id = verify_run id) */
	RCB_EV_DECISION,         /* id = decision id */
	RCB_EV_DEPLOYMENT,       /* id = deployment id (deployed or rolled back) */
	RCB_EV_ACTION,           /* a work-off action raised (id = action id) */
	RCB_EV_ACTION_CLOSED,    /* ... and closed (id = action id) */
	RCB_EV_REGRESSION,       /* a regression test result, 12.5 step 5.1 (id = regression id) */
	RCB_EV_COMMS,            /* a communication sent, 12.4 step 4.3 (id = communication id) */
	RCB_EV_RETURN            /* the board's return after a rollback or failed regression
				  * test, 12.5 step 5.2 (id = release_return id) */
} rcb_event_kind;

/* "release", "note", "note-revision", "verify", "decision", "deployment",
 * "action", "action-closed", "regression", "comms", "return" (static). */
const char *rcb_event_kind_name(rcb_event_kind k);

typedef struct {
	rcb_event_kind kind;
	int64_t id;
	int64_t release_id;
	char version[RCB_VERSION_STRLEN];
	char at[32];            /* when, as stored (ISO-8601) */
	char *summary;          /* one line for a screen; may hold newlines from the
				 * user's text: print it safely */
	char *who;              /* "" when unknown */
	rcb_cursor cursor;
} rcb_event;

typedef struct {
	size_t n;
	rcb_event *rows;
	int more_before, more_after;
} rcb_event_page;

/* The timeline of `ref`: "COMPONENT" (all its releases) or
 * "COMPONENT@VERSION" — registrations, note imports (table note, 002),
 * verification runs (table verify_run, 003), decisions,
 * deployments and rollbacks, actions raised and closed, regression test
 * results, communications and returns (014) — ordered by time
 * (oldest first, or newest first when newest_first is set).  *out is the
 * caller's: rcb_event_page_free. */
int rcb_timeline_page(rcb_event_page **out, rcb_store *st, const char *ref, int newest_first,
		      rcb_page_dir dir, const rcb_cursor *from, int limit);
void rcb_event_page_free(rcb_event_page *p);

#endif
