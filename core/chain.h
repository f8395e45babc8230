/* chain.h: tamper evidence for the board's record.
 *
 * Decisions, overrides, control-point marks, attendance, deployments and
 * what the steps record (regression results, communications, returns and
 * environment events, 014_steps.sql) are chained: every such row written by rcb gets a chain entry holding a
 * SHA-256 over the row's canonical content and the previous entry's hash.
 * rcb_chain_verify() recomputes the chain and names the first record that
 * was changed, inserted or deleted behind rcb's back. */
#ifndef RCB_CHAIN_H
#define RCB_CHAIN_H

#include <stdint.h>

#include "store.h"

#define RCB_HASH_HEX 65 /* 64 hex digits + NUL */

/* Append the row `row_id` of `table` ("decision", "control_mark",
 * "attendee", "deployment") to the chain.  Call inside the transaction that
 * wrote (or changed) the row, after writing it.  A changed row (e.g. an
 * attendee's status) is appended again; the newest entry for a row must
 * match its current content. */
int rcb_chain_append(rcb_store *st, const char *table, int64_t row_id);

/* Recompute the whole chain.  Returns 0 when intact; RCB_EREFUSED with a
 * message naming the first bad record ("decision 12 was changed outside
 * rcb", "chain entry 40 was deleted", "attendee 7 is not in the chain")
 * otherwise.  head (RCB_HASH_HEX bytes, may be NULL) receives the hash of
 * the last entry. */
int rcb_chain_verify(rcb_store *st, char *head);

/* rcb_chain_verify, with the walk of a chain of $RCB_CHAIN_SPLIT entries
 * or more (20000 by default; 0: never) on two threads, each with its own
 * connection in one snapshot (issue 17); from > 0 splits it at entry from
 * instead, whatever its length (tests).  The result is the one-thread
 * walk's, byte for byte.  *halves (may be NULL) is 2 when two threads gave
 * it, else 1. */
int rcb_chain_verify_split(rcb_store *st, char *head, int64_t from, int *halves);

/* The current chain head (hash of the newest entry; "" when empty). */
int rcb_chain_head(rcb_store *st, char *head);

/* The head at meeting_id's close: the hash of its meeting_close entry
 * (008_evidence.sql) into head (RCB_HASH_HEX bytes); "" when the meeting
 * is open or was closed before rcb chained closes. */
int rcb_chain_close_head(rcb_store *st, int64_t meeting_id, char *head);

/* A head held outside the database (printed in minutes, kept in a file):
 * it must be an entry of the chain, and when meeting_id is given no record
 * of that meeting (a decision, an attendance event, its close) may have
 * been chained after it.  Call after rcb_chain_verify() succeeded.
 * Returns 0, or RCB_EREFUSED with a message naming what was rewritten or
 * added after the witness. */
int rcb_chain_witness(rcb_store *st, const char *head, int64_t meeting_id);

#endif
