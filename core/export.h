/* export.h: the register as CSV or JSON for spreadsheets and other tools
 * (16.2 Exports).
 *
 * CSV follows RFC 4180: a header line, CRLF line ends, a field holding a
 * comma, a double quote, CR or LF is quoted and its quotes are doubled;
 * NULL is the empty field.  JSON is one array of objects, one object per
 * row, keys as in the CSV header; integers are numbers, NULL is null,
 * text is a string with every control character escaped, valid UTF-8
 * passed through and invalid bytes replaced by U+FFFD, so the output is
 * always valid UTF-8 JSON.
 *
 * The data go to a caller-supplied writer, a row at a time, so exports of
 * any size use little memory; core/ never prints. */
#ifndef RCB_EXPORT_H
#define RCB_EXPORT_H

#include <stddef.h>

#include "buf.h"
#include "store.h"

typedef enum {
	RCB_EXPORT_CSV = 0,
	RCB_EXPORT_JSON = 1
} rcb_export_format;

/* "csv" or "json" (case-insensitive); RCB_EINVAL otherwise. */
int rcb_export_format_parse(rcb_export_format *out, const char *s);

/* Writes len bytes; returns 0, or a negative RCB_E* code (having set the
 * error record) to stop the export. */
typedef int (*rcb_write_fn)(void *ctx, const char *data, size_t len);

/* The tables that can be exported, NULL-terminated: "releases",
 * "decisions", "actions", "deployments". */
extern const char *const rcb_export_tables[];

/* Write table `what` in format fmt through write(ctx, ...), rows in a
 * stable order (releases by component and version, the others by id or
 * time).  The rows come from one read of the database, so they are
 * consistent even while another process writes.  After a complete export
 * one audit row ("export") is appended in its own transaction, skipped
 * when the database is read-only.  Returns 0; RCB_EINVAL for an unknown
 * table; the writer's code when it fails; a store error otherwise (the
 * output may then be partial). */
int rcb_export(rcb_store *st, const char *what, rcb_export_format fmt, rcb_write_fn write, void *ctx);

/* Append s to b as one RFC 4180 field (quoted only when needed). */
int rcb_csv_field(rcb_buf *b, const char *s);
/* Append s (len bytes) to b as a JSON string literal, quotes included. */
int rcb_json_string(rcb_buf *b, const char *s, size_t len);

#endif
