/* minutes.h: the minutes of a board meeting (13.2.1: "all meeting output
 * will be distributed to all meeting attendees"), and the summary the TUI
 * shows when a meeting closes.
 *
 * The minutes hold: the header (type, date, time, chair, planned and
 * elapsed time), the attendees with their status and the quorum verdict,
 * each agenda item with its decision, rationale, conditions, override
 * reason and a control-point summary, the items skipped without a
 * decision, the work-off actions raised at the meeting, and a final line
 * "Record chain head at close of meeting N: <hash>" (rcb_chain_close_head:
 * the same bytes whatever is recorded later), or for a meeting still open
 * "Record chain head: <hash> (the meeting is still open)".  Minutes are
 * refused (RCB_EREFUSED) when the record fails rcb_chain_verify(). */
#ifndef RCB_MINUTES_H
#define RCB_MINUTES_H

#include <stdint.h>

#include "buf.h"
#include "store.h"

typedef enum {
	RCB_MINUTES_MD = 0, /* Markdown */
	RCB_MINUTES_TXT     /* plain text */
} rcb_minutes_format;

/* "md"/"markdown", "txt"/"text" -> format; RCB_EINVAL otherwise. */
int rcb_minutes_format_parse(rcb_minutes_format *out, const char *s);

/* Append the minutes of meeting_id to out (the caller owns out and frees it
 * with rcb_buf_free).  Read-only; the output depends only on the database
 * and $RCB_NOW (for a meeting still running).  RCB_ENOTFOUND for an
 * unknown meeting. */
int rcb_minutes_write(rcb_store *st, int64_t meeting_id, rcb_minutes_format fmt, rcb_buf *out);

/* The minutes of a closed meeting are the snapshot kept with its close
 * (13.2.1: the same bytes every time, whatever is recorded later); a
 * meeting closed before rcb kept one (018_chair.sql) gets minutes rebuilt
 * from today's record, with a "Note" saying so under the header. */

/* The minutes of meeting_id without the chain head (which the close
 * itself makes), from the record as it is now, appended to out.  Called
 * by rcb_meeting_close()/rcb_meeting_cancel() inside their transaction to
 * keep the snapshot; not a user action, no audit check. */
int rcb_minutes_snapshot(rcb_store *st, int64_t meeting_id, rcb_minutes_format fmt, rcb_buf *out);

/* The close summary of a meeting, in numbers. */
typedef struct {
	int items;           /* agenda items */
	int decided;         /* release items with a decision at this meeting */
	int skipped;         /* release items without one */
	int go, nogo, conditional, deferred, rejected; /* latest decision per item */
	int overrides;       /* decisions at this meeting that carry an override */
	int actions;         /* actions raised at this meeting */
	int quorate;
	int64_t elapsed;     /* seconds, rcb_meeting_elapsed() */
} rcb_meeting_summary;

int rcb_meeting_summary_get(rcb_store *st, int64_t meeting_id, rcb_meeting_summary *out);

#endif
