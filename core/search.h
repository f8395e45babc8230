/* search.h: full-text search (SQLite FTS5) over releases (component,
 * version, title, RFC, tag), release notes, decisions (rationale,
 * conditions, override reasons), work-off actions and attendees.
 *
 * The index (table search_fts, 005_review.sql) is kept in step by
 * triggers that queue each changed row and by the store, which re-indexes
 * the queue as it commits (searchidx.h), so whatever rcb writes is
 * searchable at once.  Each hit says what it is and
 * where it belongs (release, meeting), so a screen can open it.
 *
 * Ownership: rcb_search() returns an rcb_hits owned by the caller, freed
 * with rcb_hits_free(); its strings live as long as it. */
#ifndef RCB_SEARCH_H
#define RCB_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

typedef enum {
	RCB_HIT_RELEASE = 1,  /* id = release id */
	RCB_HIT_NOTE = 2,     /* id = release id (a release has one current note) */
	RCB_HIT_DECISION = 3, /* id = decision id */
	RCB_HIT_ACTION = 4,   /* id = action id */
	RCB_HIT_ATTENDEE = 5  /* id = attendee id */
} rcb_hit_kind;

/* "release", "note", "decision", "action", "attendee" (static). */
const char *rcb_hit_kind_name(rcb_hit_kind k);

typedef struct {
	rcb_hit_kind kind;
	int64_t id;
	int64_t release_id;   /* the release it is about; 0 when none */
	int64_t meeting_id;   /* the meeting it was recorded at; 0 when none */
	char *release;        /* "DIP@1.0.2.0" or NULL */
	char *title;          /* short label: "DIP 1.0.2.0", "DIP@1.0.2.0 go", an owner, a name */
	char *snippet;        /* the best-matching passage, matches between the caller's marks;
			       * may hold newlines and any text users typed: print it safely */
	double rank;          /* bm25 with phrases weighted alike (search.c rcb_rank): lower is better */
} rcb_hit;

typedef struct {
	size_t n;
	rcb_hit *hits;
	int more;             /* further hits exist past offset + n */
} rcb_hits;

enum {
	/* The query is plain words, not FTS5 syntax: each word is matched as
	 * typed (punctuation and all, e.g. DIP-123 or 1.0.2.0), all must
	 * occur, and the last one may be the start of a word — what a search
	 * box that searches as you type wants. */
	RCB_SEARCH_PLAIN = 1 << 0
};

/* Search for query: FTS5 syntax (words, "phrases", prefix*, AND, OR, NOT,
 * NEAR(...), parentheses) unless RCB_SEARCH_PLAIN is in flags.  Hits best
 * first, [offset, offset + limit), limit 1..500.  mark_open / mark_close
 * (NULL: "[" and "]") surround the matched words in each snippet.  A
 * query that FTS5 cannot parse (DEF-1822, DIP@6.0.1.0, 1.0.2.0: issue 16)
 * is searched for as with RCB_SEARCH_PLAIN.  An empty query is RCB_EINVAL,
 * as is one that even then cannot be run, with a message that says how to
 * write it; never a crash.  Ranking: the newest
 * 1,000 matches are scored (bm25 without the
 * rarity weight, whose whole-doclist read grows with history) and the page is taken from them, so a
 * search costs the same at any size of history; older matches of a very
 * common word are reached by narrowing the query. */
int rcb_search(rcb_hits **out, rcb_store *st, const char *query, unsigned flags,
	       const char *mark_open, const char *mark_close, int64_t offset, int limit);
void rcb_hits_free(rcb_hits *h);

#endif
