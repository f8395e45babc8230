/* snippet.h: rcb_snippet(), the search hits' excerpt (snippet.c). */
#ifndef RCB_SNIPPET_H
#define RCB_SNIPPET_H

struct fts5_api; /* sqlite3.h's, which this header leaves to snippet.c */

/* Register rcb_snippet() on FTS5 api: the arguments, the choice of
 * window and the text of FTS5's snippet(table, column, open, close,
 * ellipsis, tokens), in time linear in the row's matches and text.
 * Returns an SQLite result code. */
int rcb_snippet_register(struct fts5_api *api);

#endif
