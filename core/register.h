/* register.h: the release register — components, environments, releases
 * and the reference data of the programme document.
 *
 * Two kinds of write function:
 *   rcb_X_insert()  writes inside the caller's transaction (plus its audit
 *                   row); for composing several writes into one user action.
 *   rcb_X_add()     is one whole user action: begin, insert, audit, commit.
 *
 * Row structs are filled in two modes: by *_get() with owned strings, freed
 * with the matching *_clear(); and by *_foreach() with borrowed strings that
 * live only during the callback.  A callback returning non-zero stops the
 * walk and that value is returned. */
#ifndef RCB_REGISTER_H
#define RCB_REGISTER_H

#include <stdint.h>

#include "store.h"
#include "version.h"

typedef struct {
	int64_t id;
	char *name;
	char *party;
	char *repo_path;      /* NULL when none */
	char *defect_pattern; /* NULL = default */
	int64_t releases;     /* count, filled by foreach */
} rcb_component;

typedef struct {
	int64_t id;
	char *name;
	char *phase;
	char *stage;          /* Table 2's "Testing Stage", as written */
	char *comments;       /* Table 2's "Comments", as written, or the user's */
	char *source;         /* "Table 2" for the document's four, "" for one added */
} rcb_environment;

/* 5.4 Participants: a party the document names (table party). */
typedef struct {
	int64_t id;
	const char *name;     /* "Data Integration Platform service provider" */
	const char *quote;    /* its line of 5.4 as written */
} rcb_party;

typedef struct {
	int64_t id;
	int64_t component_id;
	char *component;
	rcb_version version;
	char version_str[RCB_VERSION_STRLEN];
	rcb_reltype type;
	char *title;
	char *env;            /* target environment name or NULL */
	char *rfc_id;         /* NULL when none */
	char *rfc_status;
	char *step;           /* lifecycle step code, e.g. "4.1" */
	char *tag;            /* NULL when unknown */
	char *commit_id;
	char *planned_date;
	char *released_date;
	char *created_at;
	char *rfc_window_from; /* the RFC's agreed deployment window (009_lifecycle.sql); */
	char *rfc_window_to;   /* NULL when none */
} rcb_release;

/* What a new release carries (strings borrowed from the caller). */
typedef struct {
	const char *component;
	const char *version;
	rcb_reltype type;
	const char *title;
	const char *env;          /* NULL: none */
	const char *rfc_id;       /* NULL: none */
	const char *tag;          /* NULL: none */
	const char *commit_id;    /* NULL: none */
	const char *planned_date; /* NULL: none */
	const char *rfc_window;   /* NULL: none; else "FROM..TO" (lifecycle.h), needs rfc_id */
} rcb_release_spec;

typedef struct {
	int id;
	const char *name, *step, *responsible, *forum;
	int major_only;
} rcb_control_point;

/* Components */
/* party must name one of 5.4's parties (rcb_party_find; stored in its
 * canonical spelling), else RCB_EINVAL listing them. */
int rcb_component_add(rcb_store *st, const char *name, const char *party, const char *repo_path);
int rcb_component_get(rcb_store *st, const char *name, rcb_component *out);
/* The id of the component named `name` (case-insensitive); RCB_ENOTFOUND
 * with a message naming it when there is none. */
int rcb_component_find(rcb_store *st, const char *name, int64_t *id);
void rcb_component_clear(rcb_component *c);
int rcb_component_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_component *c), void *ctx);
/* Set (or with NULL clear) the repository path / defect pattern. */
int rcb_component_set(rcb_store *st, const char *name, const char *field, const char *value);

/* 5.4: the parties in the document's order (borrowed strings). */
int rcb_party_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_party *p), void *ctx);
/* The one rule for a component's party: `name` must be a party of 5.4
 * (case-insensitive); its canonical spelling is copied into buf (size n).
 * Otherwise RCB_EINVAL, the message listing the valid parties. */
int rcb_party_find(rcb_store *st, const char *name, char *buf, size_t n);
/* Components whose party is not one of 5.4's (kept from a database older
 * than 013_reference.sql), in name order: cb(ctx, component, party). */
int rcb_party_strays(rcb_store *st, int (*cb)(void *ctx, const char *component, const char *party), void *ctx);

/* Environments (8.2, Table 2 and any added) */
int rcb_env_add(rcb_store *st, const char *name, const char *phase, const char *comments);
int rcb_env_find(rcb_store *st, const char *name, int64_t *id);
int rcb_env_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_environment *e), void *ctx);

/* Releases */
/* Split "DIP@1.0.2.0" into component (into comp, size n) and version. */
int rcb_release_ref_parse(const char *ref, char *comp, size_t n, rcb_version *v);
/* 11: the version a new release of `component` of type t must carry into
 * *out; *has_latest says whether the component has any release yet (when
 * it has none, any valid version is accepted). */
int rcb_release_expected(rcb_store *st, const char *component, rcb_reltype t, rcb_version *out, int *has_latest);
/* 11 and 12.8: may a new release of component cid (named `component`, for
 * messages) carry version v as type t?  The one rule of the version
 * sequence, asked by `release add` (rcb_release_insert) and the notes
 * import and check (notes_store.c):
 *   - a component's first release has the shape of its type
 *     (rcb_version_shape): RCB_EINVAL otherwise;
 *   - a Major, Minor or Patch release, and an emergency on the latest
 *     release's line, carries next(latest, t);
 *   - an Emergency release may also fix an older line x.y.z (12.8: "a quick
 *     fix to an emergency problem" in the environment where it blocks
 *     testing) while later releases are in flight -- when a release of that
 *     line is the version deployed in some environment now: it then carries
 *     next(the line's latest release, emergency), 1.0.0.1 after 1.0.0.0,
 *     1.0.0.2 after 1.0.0.1.
 * Anything else (a duplicate, a skipped number, an emergency on a line
 * deployed nowhere) is RCB_EREFUSED with a message naming the version it
 * must be.  *base receives the release v is measured against -- the one it
 * follows when accepted -- and *has_base whether there is one (0 for a
 * first release); both are filled on a refusal too. */
int rcb_release_sequence(rcb_store *st, int64_t cid, const char *component, const rcb_version *v, rcb_reltype t,
			 rcb_version *base, int *has_base);
/* 12.8, Table 9 step 3: "Merge changes to CIs back into all other in-flight
 * releases".  1 when release r must contain the fix of emergency release
 * em (type Emergency, or a version with a fourth digit): r is a later
 * version of the same component on another line (x.y.z) and was in flight
 * when the fix came -- its RFC is not closed, or it was registered after
 * em.  The one rule behind the merge-back check of rcb verify, both ways
 * (verify_store.c). */
int rcb_release_takes_fix(const rcb_release *r, const rcb_release *em);
/* The release `rel` follows (11): the component's highest release below it,
 * leaving out an emergency fix of another line registered after rel (12.8:
 * a fix of an older deployed line, not rel's predecessor).
 * rcb_release_precedes() is that test for one release r.  *found = 0 when
 * rel is the component's first release. */
int rcb_release_precedes(const rcb_release *r, const rcb_release *rel);
int rcb_release_previous(rcb_store *st, const rcb_release *rel, rcb_version *out, int *found);
/* Latest (highest) version of a component; *found = 0 when none. */
int rcb_release_latest(rcb_store *st, int64_t component_id, rcb_version *out, int *found);
/* A new release starts at the first step of its type's lifecycle
 * (lifecycle.h: E1 for an Emergency release, else 4.1). */
int rcb_release_insert(rcb_store *st, const rcb_release_spec *spec, int64_t *id_out);
int rcb_release_add(rcb_store *st, const rcb_release_spec *spec, int64_t *id_out);
int rcb_release_get(rcb_store *st, const char *ref, rcb_release *out);
int rcb_release_get_id(rcb_store *st, int64_t id, rcb_release *out);
void rcb_release_clear(rcb_release *r);
/* All releases, or those of one component (NULL for all), newest version
 * last within a component. */
int rcb_release_foreach(rcb_store *st, const char *component, int (*cb)(void *ctx, const rcb_release *r), void *ctx);
/* The releases of rel's component around rel, oldest first, each to cb
 * (its return value as rcb_release_foreach's): RCB_NEAR_OLDER_FIXES the
 * emergency releases below rel (type Emergency or a fourth digit), what
 * rel must contain (12.8); RCB_NEAR_LATER every release above rel, where
 * a fix rel is must go.  A verification's preparation reads these instead
 * of the whole component (thousands of releases at programme scale,
 * for every release of `verify --all`). */
enum { RCB_NEAR_OLDER_FIXES, RCB_NEAR_LATER };
int rcb_release_foreach_near(rcb_store *st, const rcb_release *rel, int which,
			     int (*cb)(void *ctx, const rcb_release *r), void *ctx);
/* Update one mutable field of a release inside the caller's transaction:
 * "step", "rfc_id", "rfc_status", "tag", "commit_id", "title", "env",
 * "planned_date", "released_date".  Writes an audit row.  A raw write:
 * it applies none of the lifecycle's rules (lifecycle.h), which every
 * user action on "step" and "rfc_status" goes through. */
int rcb_release_update(rcb_store *st, int64_t id, const char *field, const char *value);

/* One user action: set a field of release `ref` ("DIP@1.0.2.0") after
 * validating the value.  field: "step" (a step of the release's lifecycle,
 * moved by rcb_step_move_insert), "rfc" (RFC id; raises an RFC that was
 * none), "rfc-status" (none, raised, approved, rejected, closed, by
 * rcb_rfc_status_insert), "rfc-window" ("FROM..TO" or "none"), "env",
 * "title", "date" (planned date), "tag" (the source-control tag), "commit"
 * (its commit id).  reason (NULL: none) is for step and rfc-status only:
 * an override or a move back (lifecycle.h).  A change of rfc, tag, commit
 * or env after a Go makes the Go stale (007_gate.sql). */
int rcb_release_set_why(rcb_store *st, const char *ref, const char *field, const char *value, const char *reason);
/* rcb_release_set_why() without a reason. */
int rcb_release_set(rcb_store *st, const char *ref, const char *field, const char *value);

/* Reference data */
int rcb_control_point_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_control_point *cp), void *ctx);
/* 14.1, Table 13 (RACI): one activity's letters for one role. */
typedef struct {
	const char *step;     /* "4.1" ... as Table 5 numbers it (Table 13's 5.1 and
			       * 5.2 are Table 5's 5.2 Review and 5.3 Close) */
	const char *activity;
	const char *role;
	const char *letters;  /* "R, A", "C", "I" ... */
} rcb_raci_row;

/* SQL for a raci row's step as Table 5 numbers it (Table 13 numbers
 * Review Release 5.1 and Close Release 5.2, Table 5 5.2 and 5.3).  The one
 * place that renumbers; `col` is the raci.step column expression. */
#define RCB_RACI_STEP_SQL(col) "(CASE " col " WHEN '5.1' THEN '5.2' WHEN '5.2' THEN '5.3' ELSE " col " END)"

/* The RACI matrix in Table 13's order (activity, then role column), of one
 * step (step NULL: all).  RCB_ENOTFOUND when the step has no activity.
 * Borrowed strings for the call. */
int rcb_raci_foreach(rcb_store *st, const char *step, int (*cb)(void *ctx, const rcb_raci_row *r), void *ctx);

/* Does control point `cp` apply to a release of type t?  (12.7: CP 2 is
 * for Major releases only.) */
int rcb_control_point_applies(const rcb_control_point *cp, rcb_reltype t);

#endif
