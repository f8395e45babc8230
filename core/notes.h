/* notes.h: Release Notes (12.10) — the file format of rcb-notes(5), its
 * parser and its checks.
 *
 * A note is a Markdown file: a level-1 title, `Key: Value` header lines,
 * then level-2 sections each holding one pipe table or the word `None`.
 * rcb_note_parse() reads any bytes at all into a rcb_note, recording what is
 * malformed as findings with line numbers; rcb_note_check() then applies the
 * rules of 12.10, 12.8 and 11 (required keys and sections, dates, versions,
 * step numbering, deadlines ...).  Neither ever fails on bad content: only
 * on memory exhaustion.
 *
 * Every string a rcb_note hands out is valid UTF-8 without NUL or control
 * characters (those are reported and replaced by '?'), so it is safe to
 * print.  Strings are borrowed: they live as long as the note.
 *
 * Ownership: rcb_note_parse() gives the caller a rcb_note, freed with
 * rcb_note_free(); a rcb_findings owns its messages, freed with
 * rcb_findings_free(). */
#ifndef RCB_NOTES_H
#define RCB_NOTES_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "version.h"

/* Notes larger than this are refused with one finding and not parsed. */
#define RCB_NOTE_MAX_BYTES ((size_t)64 << 20)
/* A findings list keeps at most this many; the rest are only counted. */
#define RCB_FINDINGS_MAX 1000

/* Section names (the `## ...` headings), for rcb_note_rows() / _cell(). */
#define RCB_NOTE_BOM "Bill of Materials"
#define RCB_NOTE_FIXED "Defects Fixed"
#define RCB_NOTE_OUTSTANDING "Outstanding Defects"
#define RCB_NOTE_CRS "Change Requests"
#define RCB_NOTE_PREREQ "Pre-Requisites"
#define RCB_NOTE_INSTRUCTIONS "Release Instructions"
#define RCB_NOTE_POSTCHECKS "Post Release Checks"
#define RCB_NOTE_BACKOUT "Backout Plan"
#define RCB_NOTE_ENVVERSIONS "Environment Versions"

/* ------------------------------------------------------------------ findings */

typedef enum { RCB_SEV_ERROR, RCB_SEV_WARNING } rcb_severity;

typedef struct {
	int line;         /* 1-based line of the note the finding is about */
	rcb_severity sev;
	char *msg;        /* owned by the list; printable UTF-8, no newline */
} rcb_finding;

typedef struct {
	rcb_finding *v;   /* sorted by line once parse/check return */
	size_t n, cap;
	size_t nerrors;   /* all errors found, including dropped ones */
	size_t nwarnings; /* all warnings found, including dropped ones */
	size_t dropped;   /* findings past RCB_FINDINGS_MAX, counted only */
} rcb_findings;

#define RCB_FINDINGS_INIT {NULL, 0, 0, 0, 0, 0}

/* Append a finding (printf format).  Past RCB_FINDINGS_MAX it is only
 * counted.  Returns 0 or RCB_ENOMEM. */
int rcb_findings_add(rcb_findings *f, int line, rcb_severity sev, const char *fmt, ...)
	RCB_PRINTF(4, 5);

/* Stable sort by line. */
void rcb_findings_sort(rcb_findings *f);

/* Free the messages and the array; the list becomes empty and reusable. */
void rcb_findings_free(rcb_findings *f);

/* ------------------------------------------------------------------ parsing */

typedef struct rcb_note rcb_note;

/* Read the file at path into *buf (NUL-terminated; caller frees) with its
 * length in *len.  Reads at most RCB_NOTE_MAX_BYTES + 1 bytes, so that
 * rcb_note_parse() can report an oversized file.  Returns 0, or RCB_EIO
 * naming the file and the reason (missing, a directory, unreadable). */
int rcb_note_load(char **buf, size_t *len, const char *path);

/* Parse len bytes of buf (which need not be NUL-terminated and may hold
 * anything).  Always produces a note, however malformed the input: what is
 * wrong with the structure (encoding, NUL bytes, control characters, title,
 * `Key: Value` lines, duplicate keys or sections, table shape, cell counts)
 * is appended to f, sorted by line.  Accepts LF or CRLF and a UTF-8
 * byte-order mark.  Time and memory are linear in len.
 * On success *out belongs to the caller (rcb_note_free()).  Returns 0, or
 * RCB_ENOMEM (then *out is NULL). */
int rcb_note_parse(rcb_note **out, const char *buf, size_t len, rcb_findings *f);

/* rcb_note_parse() on buf itself, which it takes whatever the result: buf
 * (from malloc, with room for len + 1 bytes, as rcb_note_load() gives it)
 * is split into the note's strings in place and freed with the note (or
 * at once on failure).  A huge note is then held once, not twice (issue
 * 17); the text is no longer the file's. */
int rcb_note_parse_take(rcb_note **out, char *buf, size_t len, rcb_findings *f);

void rcb_note_free(rcb_note *n);

/* The title without "# " (borrowed; "" when there is none). */
const char *rcb_note_title(const rcb_note *n);

/* The value of header key (case-insensitive, e.g. "Component", "Release",
 * "Type", "Tag", "Commit", "Previous release"), trimmed; borrowed.  NULL when
 * the key is absent or its value empty.  The first occurrence wins. */
const char *rcb_note_field(const rcb_note *n, const char *key);
/* Line of that key, 0 when absent. */
int rcb_note_field_line(const rcb_note *n, const char *key);

/* Parse a version-valued key ("Release", "Previous release") into *out.
 * Returns 0, RCB_ENOTFOUND when absent, RCB_EINVAL when malformed. */
int rcb_note_version(const rcb_note *n, const char *key, rcb_version *out);

/* Whether section (one of RCB_NOTE_*, case-insensitive) was present, and
 * the line of its heading (0 when absent). */
int rcb_note_section_line(const rcb_note *n, const char *section);

/* Data rows of a section's table (0 when absent, `None` or unknown). */
size_t rcb_note_rows(const rcb_note *n, const char *section);

/* The cell of row (0-based) under column (case-insensitive, e.g. "Path",
 * "Version", "ID"), trimmed and unescaped; borrowed.  Columns are matched by
 * their documented position, so a note with a misnamed header (an error)
 * still yields its cells.  NULL when out of range or the row is short. */
const char *rcb_note_cell(const rcb_note *n, const char *section, size_t row,
			  const char *column);

/* A table column resolved once, for reading many rows: rcb_note_cell()
 * matches the section and column names on every call, which dominates a
 * loop over a 4,500-row Bill of Materials. */
typedef struct {
	int sec, col; /* -1 when the name is unknown */
} rcb_note_column;

/* Resolve section and column (case-insensitive, as rcb_note_cell()) into
 * *out.  Returns 0, or RCB_ENOTFOUND (then rcb_note_cell_at() yields NULL). */
int rcb_note_column_find(rcb_note_column *out, const char *section, const char *column);

/* The cell of row (0-based) under a resolved column; as rcb_note_cell(). */
const char *rcb_note_cell_at(const rcb_note *n, rcb_note_column col, size_t row);

/* Line of a data row, 0 when out of range. */
int rcb_note_row_line(const rcb_note *n, const char *section, size_t row);

/* Is s an abbreviated or full git object id: 7 to 64 hexadecimal digits?
 * (A Bill of Materials Version of that shape names a git object.) */
int rcb_note_is_git_oid(const char *s);

/* Is s a placeholder rather than a statement (rcb-notes(5), Service impact):
 * no letter or digit at all ("-", "?", "..."), or, in any case, one of
 * n/a, na, n.a., tbc, tbd, tba, to be confirmed, to be decided, to be
 * advised, unknown, todo, to do, xxx, none?, pending, see above, see below. */
int rcb_note_is_placeholder(const char *s);

/* ------------------------------------------------------------------ checks */

typedef struct {
	/* "YYYY-MM-DD": the submission date assumed when the note has no
	 * Submitted key (12.10 via issue 4: the import date).  NULL: none. */
	const char *today;
	/* "YYYY-MM-DD" of the Release Control Board the note is for; NULL
	 * skips the deadline check. */
	const char *meeting_date;
	/* Holidays as "YYYY-MM-DD" (any order; invalid entries ignored). */
	const char *const *holidays;
	size_t nholidays;
	/* 1 when the register was consulted for the note's component: then
	 * register_previous is the release the note's Release must follow —
	 * the component's latest release if the note's release is not yet in
	 * the register, else the release just before it — or NULL when there
	 * is none (the component's first release). */
	int register_known;
	const rcb_version *register_previous;
	/* The component's name as the register spells it, for messages. */
	const char *register_component;
} rcb_note_ctx;

/* Apply every rule of rcb-notes(5) to n, appending findings to f (sorted by
 * line on return): required keys and sections, real dates, version and type
 * (section 11, against Previous release or the register), step numbering,
 * Who / Minutes / Check / From step, unique IDs and Bill of Materials paths,
 * an Emergency note fixing a Critical or High defect (12.8), and the
 * submission deadline for ctx->meeting_date (12.10).  ctx may be NULL.
 * Returns 0 or RCB_ENOMEM. */
int rcb_note_check(const rcb_note *n, const rcb_note_ctx *ctx, rcb_findings *f);

/* Totals computed for `rcb notes show`. */
typedef struct {
	long prereq_minutes, instructions_minutes, postchecks_minutes;
	long install_minutes; /* the three above */
	long backout_minutes;
	size_t defects_fixed, defects_outstanding, change_requests, bom_items;
} rcb_note_totals;

/* Sum the Minutes columns (cells that are not positive integers count 0)
 * and count the rows. */
void rcb_note_totals_get(const rcb_note *n, rcb_note_totals *t);

/* Append the note, normalised, to out: the title, the known keys in the
 * documented order and spelling, the nine sections in order with aligned
 * tables (`None` when empty), and after each step table a
 * "Total: N minutes" line, after each defect table "Total: N defects".  Any
 * unknown keys, sections and extra columns are left out.  A normalised note
 * parses back to the same note.  Returns 0 or RCB_ENOMEM. */
int rcb_note_render(const rcb_note *n, rcb_buf *out);
/* The same rendering handed to put in pieces (of about 64 KB, cut after a
 * table row), in order, so that it is never held whole: their
 * concatenation is rcb_note_render()'s text.  Returns 0, RCB_ENOMEM or
 * the first error put returned (put is not called again after one). */
int rcb_note_render_each(const rcb_note *n, int (*put)(void *ctx, const char *p, size_t len), void *ctx);

#endif
