/* condition.h: the conditions of an "Approved with conditions" Go (13.1),
 * tracked like actions.
 *
 * A conditional Go records one condition row per condition (rcb_decide()
 * writes them in its own transaction).  Each is open until it is met (with
 * an optional note of how) or waived (with a required reason): one
 * condition_close row, never a change to the condition (007_gate.sql:
 * both tables are insert-only and chained, chain.h).  While a condition of
 * a release's current Go is open, rcb deploy refuses the release (gate.h:
 * condition-open).
 *
 * Conventions as decision.h: write functions are whole user actions (own
 * transaction + audit row); rows passed to callbacks hold borrowed strings
 * that live only during the call. */
#ifndef RCB_CONDITION_H
#define RCB_CONDITION_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define RCB_CONDITION_MAX 50 /* conditions of one decision */

typedef enum {
	RCB_COND_OPEN = 0,
	RCB_COND_MET,
	RCB_COND_WAIVED
} rcb_cond_state;

const char *rcb_cond_state_name(rcb_cond_state s); /* "open", "met", "waived" */

/* One condition as the board states it (strings borrowed). */
typedef struct {
	const char *text;   /* required, 1..2000 bytes, no control characters but newline/tab */
	const char *owner;  /* NULL/"": none; else a name of 1..100 bytes */
	const char *due;    /* NULL/"": none; else a real YYYY-MM-DD */
} rcb_condition_spec;

/* Check a condition before it is stored (the field in error is named). */
int rcb_condition_spec_check(const rcb_condition_spec *c);

/* Inside the caller's transaction (rcb_decide): store n conditions of
 * decision_id on release_id, each chained.  Not a user action itself. */
int rcb_conditions_insert(rcb_store *st, int64_t decision_id, int64_t release_id,
			  const rcb_condition_spec *c, size_t n);

typedef struct {
	int64_t id;
	int64_t decision_id;
	int64_t release_id;
	const char *release;     /* "DIP@1.0.2.0" */
	const char *text;
	const char *owner;       /* NULL when none */
	const char *due;         /* NULL when none */
	rcb_cond_state state;
	const char *note;        /* met: how; waived: why; NULL when none */
	const char *closed_by, *closed_at; /* NULL while open */
	const char *created_at;
	int overdue;             /* open and due < rcb_today() */
	int current;             /* 1: a condition of the release's newest decision */
} rcb_condition;

/* Mark condition id met (note may be NULL) or waived (reason required) --
 * one user action, chained and audited.  RCB_ENOTFOUND for an unknown id,
 * RCB_EREFUSED when it is not open, RCB_EINVAL for a blank reason. */
int rcb_condition_done(rcb_store *st, int64_t id, const char *note);
int rcb_condition_waive(rcb_store *st, int64_t id, const char *reason);

typedef struct {
	int open_only;           /* 1: open conditions only */
	int64_t release_id;      /* 0: any */
	int64_t decision_id;     /* 0: any */
} rcb_condition_filter;

/* Conditions matching f (NULL: all), by release then id; at most limit
 * (1..100000).  A non-zero callback result stops the walk and is returned. */
int rcb_condition_list(rcb_store *st, const rcb_condition_filter *f, int limit,
		       int (*cb)(void *ctx, const rcb_condition *c), void *ctx);

#endif
