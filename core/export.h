/* export.h: the register as CSV or JSON for spreadsheets and other tools
 * (16.2 Exports).
 *
 * CSV follows RFC 4180: a header line, CRLF line ends, a field holding a
 * comma, a double quote, CR or LF is quoted and its quotes are doubled;
 * NULL is the empty field.  JSON is one array of objects, one object per
 * row, keys as in the CSV header; integers are numbers, NULL is null,
 * text is a string with every control character (C1 and bidi formatting
 * too) escaped, valid UTF-8 passed through and invalid bytes replaced by
 * U+FFFD, so the output is always valid UTF-8 JSON.
 *
 * By default CSV is also safe to open and to print (README "Safe to
 * print"): a text cell that starts with = + - @ TAB or CR gets a leading
 * single quote, so that a spreadsheet does not run it as a formula (OWASP
 * "CSV injection"), and control characters and invalid UTF-8 inside a cell
 * are escaped as rcb_safe_char() shows them (a CR LF pair, RFC 4180's line
 * break, is kept).  RCB_EXPORT_RAW writes the stored bytes exactly.  JSON
 * needs neither: it is always escaped, losslessly.
 *
 * The data go to a caller-supplied writer, a row at a time, so exports of
 * any size use little memory; core/ never prints. */
#ifndef RCB_EXPORT_H
#define RCB_EXPORT_H

#include <stddef.h>
#include <stdint.h>

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
 * "decisions", "actions", "deployments", "conditions", "gate", "meetings",
 * "attendance". */
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

/* Flags of rcb_export_flags(). */
enum { RCB_EXPORT_RAW = 1 }; /* CSV: the exact bytes, nothing neutralised */

/* rcb_export() with flags; rcb_export() is rcb_export_flags(..., 0, ...). */
int rcb_export_flags(rcb_store *st, const char *what, rcb_export_format fmt, unsigned flags, rcb_write_fn write,
		     void *ctx);

/* Append s to b as one RFC 4180 field (quoted only when needed). */
int rcb_csv_field(rcb_buf *b, const char *s);
/* Append s to b as one CSV cell of an export: rcb_csv_field(), after the
 * neutralising described above unless flags has RCB_EXPORT_RAW. */
int rcb_csv_cell(rcb_buf *b, const char *s, unsigned flags);
/* Append s (len bytes) to b as a JSON string literal, quotes included. */
int rcb_json_string(rcb_buf *b, const char *s, size_t len);

/* Terminal-safe text, the one escaper of everything rcb prints from data
 * (README "Safe to print"; tui/cli.h prints with it).  Looks at the
 * character at s (n > 0 bytes left) and writes the form it is shown in to
 * out, NUL-terminated:
 *   - a printable UTF-8 character, LF and TAB: itself;
 *   - a C0 control (ESC, BEL, CR, ...) or DEL: "\x1b";
 *   - a byte that does not start valid UTF-8 (bad lead byte, truncated,
 *     overlong, surrogate, past U+10FFFF): "\xff", that byte only;
 *   - a C1 control (U+0080 to U+009F, e.g. CSI) or a bidirectional
 *     formatting character (U+061C, U+200E, U+200F, U+202A to U+202E,
 *     U+2066 to U+2069), which reorders what a line shows: "\u009b".
 * Returns the bytes of s consumed (1 to 4).  *cp is the code point when
 * the character is shown as itself, 0 when it is escaped (the escape is
 * plain ASCII). */
#define RCB_SAFE_MAX 8
size_t rcb_safe_char(const char *s, size_t n, char out[RCB_SAFE_MAX], uint32_t *cp);

#endif
