/* notes.c: the Release Note format of rcb-notes(5) — parser, checks and
 * normalised rendering (12.10; 12.8 for Emergency notes; 11 for versions).
 *
 * The parser takes one owned copy of the input and splits it in place: every
 * string the note hands out points into that copy.  It makes a single pass
 * over the lines, each line a bounded amount of work per byte, so a note of
 * any size costs time and memory linear in its length.  Before a line is
 * looked at, its bytes are made safe: NUL bytes, control characters (the
 * makings of terminal escape sequences) and invalid UTF-8 are reported and
 * replaced by '?', so nothing taken from a note can drive a terminal.
 *
 * Checks that compare rows with each other (unique IDs and paths, Backout
 * "From step") sort pointers instead of comparing every pair. */
#include "notes.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "utf8.h"
#include "workdays.h"

/* ------------------------------------------------------------ definitions */

enum key_id {
	K_PROGRAMME, K_COMPONENT, K_RELEASE, K_TYPE, K_DATE, K_SUBMITTED, K_RELEASED_TO,
	K_ISSUED_BY, K_SIGNATORIES, K_REPOSITORY, K_TAG, K_COMMIT, K_PREVIOUS, K_ENVIRONMENT,
	K_RFC, K_SERVICE_IMPACT, K_TARGET_OS, K_TARGET_HW, K_DB_SCHEMA, K_USER_GUIDES,
	NKEYS
};

/* 12.10 lists what a note contains; the "if applicable" items are optional. */
static const struct keydef {
	const char *name;
	int required;
	const char *why; /* for the "missing" message */
} keydefs[NKEYS] = {
	{"Programme", 1, "12.10: programme or project name"},
	{"Component", 1, "the component released"},
	{"Release", 1, "12.10: release number"},
	{"Type", 1, "10.1: Major, Minor, Patch or Emergency"},
	{"Date", 1, "12.10: date of release"},
	{"Submitted", 0, NULL},
	{"Released to", 1, "12.10: name and title of the party the build is released to"},
	{"Issued by", 1, "12.10: name and title of the authorised party issuing it"},
	{"Signatories", 1, "12.10: details of other authorised signatories, each 'Name, Title'"},
	{"Repository", 0, NULL},
	{"Tag", 1, "12.10: tag in source control, to regenerate the build"},
	{"Commit", 0, NULL},
	{"Previous release", 0, NULL},
	{"Environment", 1, "the test environment the release is for"},
	{"RFC", 1, "13.1: every release needs a Request for Change"},
	{"Service impact", 1, "12.10: disruption to the service during the build"},
	{"Target OS", 0, NULL},
	{"Target hardware", 0, NULL},
	{"Database schema", 0, NULL},
	{"User guides", 0, NULL},
};

enum sec_id { S_BOM, S_FIXED, S_OUT, S_CRS, S_PRE, S_INS, S_POST, S_BACK, S_ENV, NSECS };
enum sec_kind { SK_BOM, SK_IDS, SK_STEPS, SK_ENV };
#define MAXCOLS 5

static const struct secdef {
	const char *name;
	int min_rows;
	enum sec_kind kind;
	const char *cols[MAXCOLS];
	int ncols;
} secdefs[NSECS] = {
	{RCB_NOTE_BOM, 1, SK_BOM, {"Path", "Version", "Date", "Description"}, 4},
	{RCB_NOTE_FIXED, 0, SK_IDS, {"ID", "Severity", "Summary"}, 3},
	{RCB_NOTE_OUTSTANDING, 0, SK_IDS, {"ID", "Severity", "Summary", "Workaround"}, 4},
	{RCB_NOTE_CRS, 0, SK_IDS, {"ID", "Title", "Summary"}, 3},
	{RCB_NOTE_PREREQ, 0, SK_STEPS, {"Step", "Description", "Who", "Minutes"}, 4},
	{RCB_NOTE_INSTRUCTIONS, 1, SK_STEPS, {"Step", "Description", "Who", "Minutes", "Check"}, 5},
	{RCB_NOTE_POSTCHECKS, 1, SK_STEPS, {"Step", "Description", "Who", "Minutes"}, 4},
	{RCB_NOTE_BACKOUT, 1, SK_STEPS, {"Step", "Description", "Who", "Minutes", "From step"}, 5},
	/* 12.10: a note "must reflect the true picture of the relevant test
	 * environment and therefore must include all application and product
	 * versions at that point of time" */
	{RCB_NOTE_ENVVERSIONS, 0, SK_ENV, {"Component", "Version"}, 2},
};

#define MAX_MINUTES 99999L
#define QUOTE_MAX 60 /* characters of user text quoted in a message */
#define CELL_PAD_MAX 40 /* render pads cells to at most this width */

/* ------------------------------------------------------------ the note */

struct field {
	const char *value; /* NULL: absent */
	int line;
};

/* A table row: 28 bytes, for a 5 MB note has some 40,000 of them and
 * pointers made them twice that (issue 17: notes import's peak). */
struct row {
	int line;
	uint32_t ncells;        /* cells as written */
	uint32_t cell[MAXCOLS]; /* first columns: 1 + the offset of the cell in
				 * the note's text (cellv()); 0: none, past ncells */
};

struct section {
	int line;        /* heading line; 0 = absent */
	int none_line;   /* the `None` line; 0 = none */
	int table_line;  /* header row line; 0 = no table */
	size_t header_cells;
	struct row *rows;
	size_t nrows, cap;
	long total_claim; /* "Total: N ..." as written; -1 when none */
	int total_line;
};

struct rcb_note {
	char *mem;  /* owned: the text handed to rcb_note_parse_take() */
	char *text; /* within mem (after a byte-order mark), split into strings in place */
	const char *title;
	int title_line;
	int nlines;
	int blank;  /* no non-blank line at all */
	int unreadable; /* too large or not UTF-8: not parsed, nothing to check */
	struct field key[NKEYS];
	struct section sec[NSECS];
};

/* Column col of row r of note n, or NULL when the row has fewer cells. */
static const char *cellv(const rcb_note *n, const struct row *r, int col)
{
	return r->cell[col] ? n->text + (r->cell[col] - 1) : NULL;
}

/* ------------------------------------------------------------ findings */

int rcb_findings_add(rcb_findings *f, int line, rcb_severity sev, const char *fmt, ...)
{
	va_list ap;
	int len;
	char *msg;

	if (sev == RCB_SEV_ERROR)
		f->nerrors++;
	else
		f->nwarnings++;
	if (f->n >= RCB_FINDINGS_MAX) {
		f->dropped++;
		return 0;
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		rcb_finding *v = realloc(f->v, cap * sizeof *v);
		if (v == NULL)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		f->v = v;
		f->cap = cap;
	}
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	msg = malloc((size_t)len + 1);
	if (msg == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	f->v[f->n].line = line > 0 ? line : 1;
	f->v[f->n].sev = sev;
	f->v[f->n].msg = msg;
	f->n++;
	return 0;
}

void rcb_findings_sort(rcb_findings *f)
{
	/* Insertion-stable bottom-up merge sort; at most RCB_FINDINGS_MAX items. */
	rcb_finding *tmp;
	size_t n = f->n;

	if (n < 2)
		return;
	tmp = malloc(n * sizeof *tmp);
	if (tmp == NULL) {
		/* Fall back to a stable insertion sort (n is bounded). */
		for (size_t i = 1; i < n; i++) {
			rcb_finding x = f->v[i];
			size_t j = i;
			while (j > 0 && f->v[j - 1].line > x.line) {
				f->v[j] = f->v[j - 1];
				j--;
			}
			f->v[j] = x;
		}
		return;
	}
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n;
			size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = f->v[j].line < f->v[i].line ? f->v[j++] : f->v[i++];
			while (i < mid)
				tmp[k++] = f->v[i++];
			while (j < hi)
				tmp[k++] = f->v[j++];
		}
		memcpy(f->v, tmp, n * sizeof *tmp);
	}
	free(tmp);
}

void rcb_findings_free(rcb_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].msg);
	free(f->v);
	memset(f, 0, sizeof *f);
}

/* ------------------------------------------------------------ small helpers */

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Trim s .. e (e: its end, where the caller's NUL is or goes) in place. */
static char *trim_to(char *s, char *e)
{
	while (s < e && is_space(*s))
		s++;
	while (e > s && is_space(e[-1]))
		e--;
	*e = '\0';
	return s;
}

static char *trim(char *s) { return trim_to(s, s + strlen(s)); }

/* Compare names ignoring case and everything but letters and digits:
 * "Released to", "released-to" and "ReleasedTo" are the same key. */
static int name_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a && !isalnum((unsigned char)*a))
			a++;
		while (*b && !isalnum((unsigned char)*b))
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

static int key_find(const char *name)
{
	for (int k = 0; k < NKEYS; k++)
		if (name_eq(name, keydefs[k].name))
			return k;
	return -1;
}

static int sec_find(const char *name)
{
	for (int s = 0; s < NSECS; s++)
		if (name_eq(name, secdefs[s].name))
			return s;
	return -1;
}

static int col_find(int s, const char *column)
{
	for (int c = 0; c < secdefs[s].ncols; c++)
		if (name_eq(column, secdefs[s].cols[c]))
			return c;
	return -1;
}

/* Copy at most QUOTE_MAX characters of s (already safe UTF-8) into buf,
 * adding "..." when cut.  Returns buf. */
static const char *quote(char *buf, size_t size, const char *s)
{
	size_t i = 0, chars = 0, o = 0;

	assert(size > QUOTE_MAX * 4 + 4);
	if (s == NULL)
		s = "";
	while (s[i] && chars < QUOTE_MAX) {
		size_t l = 1;
		while ((s[i + l] & 0xC0) == 0x80)
			l++;
		memcpy(buf + o, s + i, l);
		o += l;
		i += l;
		chars++;
	}
	if (s[i]) {
		memcpy(buf + o, "\u2026", 3); /* the ellipsis draw.c uses */
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}
#define QBUF (QUOTE_MAX * 4 + 8)

/* Parse a whole cell of decimal digits (1..9 of them) into *out. */
static int parse_uint(const char *s, long *out)
{
	long v = 0;
	size_t i;

	if (s == NULL || *s == '\0')
		return -1;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 9)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int rcb_note_is_git_oid(const char *s)
{
	size_t n = 0;
	if (s == NULL)
		return 0;
	for (; s[n]; n++)
		if (!isxdigit((unsigned char)s[n]))
			return 0;
	return n >= 7 && n <= 64;
}

/* ------------------------------------------------------------ loading */

/* path opened for reading into *out (closed with fclose), and its status
 * into *st: 0, or RCB_EIO naming the file and the reason. */
static int note_open(FILE **out, struct stat *st, const char *path)
{
	FILE *fp;
	int fd;

	*out = NULL;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; only regular
	 * files are read (a FIFO, a device such as /dev/zero or a directory
	 * is refused before any byte is read). */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return rcb_error_set(RCB_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, st) < 0) {
		int e = errno;
		close(fd);
		return rcb_error_set(RCB_EIO, "%s: %s", path, strerror(e));
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return rcb_error_set(RCB_EIO, "%s: %s", path,
				     S_ISDIR(st->st_mode) ? "is a directory" : "is not a regular file");
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0 || (fp = fdopen(fd, "rb")) == NULL) {
		int e = errno;
		close(fd);
		return rcb_error_set(RCB_EIO, "%s: %s", path, strerror(e));
	}
	*out = fp;
	return 0;
}

int rcb_note_open(FILE **fp, const char *path)
{
	struct stat st;
	return note_open(fp, &st, path);
}

int rcb_note_load(char **buf, size_t *len, const char *path)
{
	FILE *fp;
	struct stat st;
	rcb_buf b = RCB_BUF_INIT;
	char chunk[65536];
	size_t got;
	int rc;

	*buf = NULL;
	*len = 0;
	if ((rc = note_open(&fp, &st, path)) < 0)
		return rc;
	/* Room for the file as it is now, so that a 10 MB note takes 10 MB
	 * and not the next power of two (issue 17); one that grows while it
	 * is read grows the buffer as usual. */
	if (st.st_size > 0 && (uintmax_t)st.st_size <= RCB_NOTE_MAX_BYTES) {
		b.cap = (size_t)st.st_size + 2;
		if ((b.ptr = malloc(b.cap)) == NULL) {
			fclose(fp);
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		}
		b.ptr[0] = '\0';
	}
	while (b.len <= RCB_NOTE_MAX_BYTES && (got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (rcb_buf_put(&b, chunk, got) < 0) {
			fclose(fp);
			rcb_buf_free(&b);
			return RCB_ENOMEM;
		}
	}
	if (ferror(fp)) {
		int e = errno;
		fclose(fp);
		rcb_buf_free(&b);
		return rcb_error_set(RCB_EIO, "%s: %s", path, strerror(e ? e : EIO));
	}
	fclose(fp);
	if (b.len > RCB_NOTE_MAX_BYTES + 1)
		b.len = RCB_NOTE_MAX_BYTES + 1; /* enough to say it is too large */
	*len = b.len;
	*buf = b.ptr ? rcb_buf_detach(&b) : calloc(1, 1);
	if (*buf == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	(*buf)[*len] = '\0';
	return 0;
}

/* ------------------------------------------------------------ parsing */

enum tstate { T_EMPTY, T_HEADER, T_ROWS, T_ENDED, T_NONE, T_IGNORE };

typedef struct {
	rcb_note *n;
	rcb_findings *f;
	int rc;            /* first ENOMEM */
	int cur;           /* section being read; -1 unknown/duplicate; -2 header area */
	enum tstate ts;
	int prose_warned;  /* one "text ignored" warning per section */
	int seen_content;  /* a non-blank line has been seen */
} parser;

#define ADD(p, line, sev, ...)                                                              \
	do {                                                                               \
		if (rcb_findings_add((p)->f, (line), (sev), __VA_ARGS__) < 0 && (p)->rc == 0) \
			(p)->rc = RCB_ENOMEM;                                              \
	} while (0)

/* Make line s (n bytes, NUL at s[n]) safe: one finding per kind of problem
 * per line, each bad byte replaced by '?'. */
static void sanitize_line(parser *p, char *s, size_t n, int line)
{
	int nul = 0, ctl = 0, bad = 0, bidi = 0;
	size_t i = 0;
	long col = 1;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t l;

		if (c >= 0x20 && c < 0x7f) { /* a run of printable ASCII: nothing to check */
			size_t from = i;
			while (++i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f)
				;
			col += (long)(i - from);
			continue;
		}
		if (c == 0) {
			if (!nul++)
				ADD(p, line, RCB_SEV_ERROR, "NUL byte at column %ld: a release note is text",
				    col);
			s[i++] = '?';
		} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			if (!ctl++)
				ADD(p, line, RCB_SEV_ERROR,
				    "control character \\x%02x at column %ld%s", c, col,
				    c == 0x1b ? " (a terminal escape sequence)"
					      : c == '\r' ? " (a carriage return inside the line)" : "");
			s[i++] = '?';
		} else if (c < 0x80) {
			i++;
		} else if ((l = rcb_utf8_decode(s + i, n - i, &cp)) == 0) {
			if (!bad++)
				ADD(p, line, RCB_SEV_ERROR,
				    "invalid UTF-8 (byte \\x%02x) at column %ld: save the note as UTF-8", c,
				    col);
			s[i++] = '?';
		} else if (cp >= 0x80 && cp <= 0x9f) {
			if (!ctl++)
				ADD(p, line, RCB_SEV_ERROR,
				    "control character U+%04X at column %ld (a terminal control code)",
				    (unsigned)cp, col);
			memset(s + i, '?', l);
			i += l;
		} else if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
			if (!bidi++)
				ADD(p, line, RCB_SEV_WARNING,
				    "bidirectional control character U+%04X at column %ld replaced",
				    (unsigned)cp, col);
			memset(s + i, '?', l);
			i += l;
		} else {
			i += l;
		}
		col++;
	}
}

/* Split a table row (s starts with '|') into trimmed, unescaped cells, in
 * place.  Stores the first `max` into cells; returns the number of cells. */
static size_t split_row(char *s, const char **cells, size_t max)
{
	size_t ncells = 0;
	char *r, *w, *start;

	assert(*s == '|');
	r = s + 1;
	for (;;) {
		start = w = r;
		while (*r && *r != '|') {
			size_t run = strcspn(r, "|\\"); /* up to the next pipe or backslash */
			if (w != r)
				memmove(w, r, run);
			w += run;
			r += run;
			if (*r == '\\') {
				if (r[1] == '|')
					r++; /* "\|" is a literal pipe */
				*w++ = *r++;
			}
		}
		if (*r == '\0') {
			/* the text after the last pipe is a cell only when not blank
			 * (a row may omit its closing pipe) */
			start = trim_to(start, w);
			if (*start) {
				if (ncells < max)
					cells[ncells] = start;
				ncells++;
			}
			return ncells;
		}
		r++;
		start = trim_to(start, w); /* w <= r - 1: the pipe's place, or before it */
		if (ncells < max)
			cells[ncells] = start;
		ncells++;
	}
}

static int is_separator_row(const char *const *cells, size_t ncells, size_t stored)
{
	if (ncells == 0)
		return 0;
	for (size_t i = 0; i < stored; i++) {
		const char *c = cells[i];
		int dashes = 0;
		if (*c == ':')
			c++;
		while (*c == '-') {
			c++;
			dashes++;
		}
		if (*c == ':')
			c++;
		if (dashes == 0 || *c != '\0')
			return 0;
	}
	return 1;
}

static void cols_list(char *buf, size_t size, int s)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int c = 0; c < secdefs[s].ncols && o < size; c++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", c ? " | " : "", secdefs[s].cols[c]);
}

static void table_header(parser *p, char *t, int line)
{
	rcb_note *n = p->n;
	int s = p->cur;
	struct section *sec = &n->sec[s];
	/* the whole header is needed to name extra columns */
	const char *cells[MAXCOLS + 1];
	size_t k = split_row(t, cells, MAXCOLS + 1);
	char q[QBUF], list[160];

	sec->table_line = line;
	sec->header_cells = k;
	cols_list(list, sizeof list, s);
	for (int c = 0; c < secdefs[s].ncols; c++) {
		if ((size_t)c >= k) {
			ADD(p, line, RCB_SEV_ERROR, "%s: column '%s' is missing; the columns are %s",
			    secdefs[s].name, secdefs[s].cols[c], list);
			return;
		}
		if (!name_eq(cells[c], secdefs[s].cols[c])) {
			ADD(p, line, RCB_SEV_ERROR, "%s: column %d is '%s', expected '%s'; the columns are %s",
			    secdefs[s].name, c + 1, quote(q, sizeof q, cells[c]), secdefs[s].cols[c], list);
			return;
		}
	}
	if (k > (size_t)secdefs[s].ncols)
		ADD(p, line, RCB_SEV_WARNING, "%s: %zu extra column%s after '%s' (starting with '%s') ignored",
		    secdefs[s].name, k - (size_t)secdefs[s].ncols, k - (size_t)secdefs[s].ncols == 1 ? "" : "s",
		    secdefs[s].cols[secdefs[s].ncols - 1], quote(q, sizeof q, cells[secdefs[s].ncols]));
}

static void table_row(parser *p, char *t, int line)
{
	struct section *sec = &p->n->sec[p->cur];
	struct row r;
	const char *cells[MAXCOLS];
	size_t ncols = (size_t)secdefs[p->cur].ncols, ncells;

	memset(&r, 0, sizeof r);
	r.line = line;
	ncells = split_row(t, cells, ncols);
	r.ncells = ncells > UINT32_MAX ? UINT32_MAX : (uint32_t)ncells;
	if (ncells != sec->header_cells)
		ADD(p, line, RCB_SEV_ERROR, "%s: row has %zu cell%s, the header has %zu",
		    secdefs[p->cur].name, ncells, ncells == 1 ? "" : "s", sec->header_cells);
	for (size_t c = 0; c < ncols && c < ncells; c++)
		r.cell[c] = (uint32_t)(cells[c] - p->n->text) + 1; /* within the text: RCB_NOTE_MAX_BYTES */
	if (sec->nrows == sec->cap) {
		size_t cap = sec->cap ? sec->cap * 2 : 8;
		struct row *v = realloc(sec->rows, cap * sizeof *v);
		if (v == NULL) {
			p->rc = rcb_error_set(RCB_ENOMEM, "out of memory");
			return;
		}
		sec->rows = v;
		sec->cap = cap;
	}
	sec->rows[sec->nrows++] = r;
}

/* "Total: 15 minutes" (any words after the number) into *v; -1 when the line
 * is a total of something else ("Total from step 2: ...") or unreadable. */
static int parse_total(const char *t, long *v)
{
	const char *c = t + 5; /* after "Total" */
	long x = 0;
	int nd = 0;

	while (is_space(*c))
		c++;
	if (*c != ':')
		return -1;
	c++;
	while (is_space(*c))
		c++;
	while (*c >= '0' && *c <= '9' && nd < 12) {
		x = x * 10 + (*c++ - '0');
		nd++;
	}
	if (nd == 0 || (*c != '\0' && !is_space(*c)))
		return -1;
	*v = x;
	return 0;
}

static void section_heading(parser *p, char *t, int line)
{
	char *name = t + 2, *e;
	char q[QBUF];
	int s;

	name = trim(name);
	/* an optional closing sequence of '#' */
	e = name + strlen(name);
	while (e > name && e[-1] == '#')
		e--;
	if (e < name + strlen(name) && (e == name || is_space(e[-1]))) {
		*e = '\0';
		name = trim(name);
	}
	p->ts = T_EMPTY;
	p->prose_warned = 0;
	s = sec_find(name);
	if (s < 0 && name_eq(name, "Totals")) {
		p->cur = -1; /* computed by rcb_note_render(); ignored on input */
		return;
	}
	if (s < 0) {
		ADD(p, line, RCB_SEV_WARNING, "unknown section '%s' ignored", quote(q, sizeof q, name));
		p->cur = -1;
		return;
	}
	if (p->n->sec[s].line) {
		ADD(p, line, RCB_SEV_ERROR, "section '%s' appears twice (first on line %d); this one is ignored",
		    secdefs[s].name, p->n->sec[s].line);
		p->cur = -1;
		return;
	}
	p->n->sec[s].line = line;
	p->cur = s;
}

static void header_line(parser *p, char *t, int line)
{
	char *colon = strchr(t, ':');
	char *key, *value;
	char q[QBUF];
	int k;

	if (colon == NULL) {
		ADD(p, line, RCB_SEV_ERROR, "expected 'Key: Value' or a '## Section' heading, found '%s'",
		    quote(q, sizeof q, t));
		return;
	}
	*colon = '\0';
	key = trim(t);
	value = trim(colon + 1);
	if (*key == '\0') {
		ADD(p, line, RCB_SEV_ERROR, "a 'Key: Value' line with no key");
		return;
	}
	k = key_find(key);
	if (k < 0) {
		ADD(p, line, RCB_SEV_WARNING, "unknown key '%s' ignored", quote(q, sizeof q, key));
		return;
	}
	if (p->n->key[k].line) {
		ADD(p, line, RCB_SEV_ERROR, "key '%s' appears twice (first on line %d)", keydefs[k].name,
		    p->n->key[k].line);
		return;
	}
	p->n->key[k].value = value;
	p->n->key[k].line = line;
}

static void section_line(parser *p, char *t, int line)
{
	struct section *sec;
	const char *name;
	char q[QBUF];

	if (p->cur < 0)
		return; /* unknown or duplicate section: skip its content */
	sec = &p->n->sec[p->cur];
	name = secdefs[p->cur].name;
	if (*t == '|') {
		switch (p->ts) {
		case T_EMPTY:
			table_header(p, t, line);
			p->ts = T_HEADER;
			return;
		case T_HEADER: {
			const char *cells[MAXCOLS + 1];
			size_t k;
			/* look before splitting in place: a non-separator is a row */
			int sep = t[strspn(t, "|:- \t")] == '\0';
			if (sep) {
				k = split_row(t, cells, MAXCOLS + 1);
				if (!is_separator_row(cells, k, k < MAXCOLS + 1 ? k : MAXCOLS + 1)) {
					ADD(p, line, RCB_SEV_ERROR,
					    "%s: the separator row is malformed; write |---|---| with one cell per column",
					    name);
				} else if (k != sec->header_cells) {
					ADD(p, line, RCB_SEV_ERROR, "%s: separator row has %zu cells, the header has %zu",
					    name, k, sec->header_cells);
				}
			} else {
				ADD(p, sec->table_line, RCB_SEV_ERROR,
				    "%s: the header row must be followed by a separator row like |---|---|", name);
				table_row(p, t, line);
			}
			p->ts = T_ROWS;
			return;
		}
		case T_ROWS:
			table_row(p, t, line);
			return;
		case T_ENDED:
			ADD(p, line, RCB_SEV_ERROR,
			    "%s: a second table (the first starts on line %d); a section holds one table",
			    name, sec->table_line);
			p->ts = T_IGNORE;
			return;
		case T_NONE:
			ADD(p, line, RCB_SEV_ERROR, "%s: a table after 'None' (line %d)", name, sec->none_line);
			p->ts = T_IGNORE;
			return;
		case T_IGNORE:
			return;
		}
	}
	if (p->ts == T_ROWS || p->ts == T_HEADER)
		p->ts = T_ENDED;
	if (strcasecmp(t, "none") == 0) {
		if (p->ts == T_EMPTY) {
			sec->none_line = line;
			p->ts = T_NONE;
		} else if (p->ts == T_NONE) {
			/* harmless repetition */
		} else {
			ADD(p, line, RCB_SEV_ERROR, "%s: 'None' after a table (line %d)", name, sec->table_line);
		}
		return;
	}
	if (strncasecmp(t, "total", 5) == 0 && strchr(t, ':') != NULL) {
		long v;
		/* 12.10: "a summary of the total time" — checked against the rows */
		if (sec->total_line == 0 && parse_total(t, &v) == 0) {
			sec->total_claim = v;
			sec->total_line = line;
		}
		return;
	}
	if (!p->prose_warned) {
		ADD(p, line, RCB_SEV_WARNING, "%s: text '%s' ignored; a section holds one table or 'None'",
		    name, quote(q, sizeof q, t));
		p->prose_warned = 1;
	}
}

static void parse_line(parser *p, char *s, size_t len, int line)
{
	rcb_note *n = p->n;
	char *t;

	sanitize_line(p, s, len, line);
	t = trim(s);
	if (*t == '\0') {
		if (p->ts == T_ROWS || p->ts == T_HEADER)
			p->ts = T_ENDED;
		return;
	}
	n->blank = 0;
	if (t[0] == '#' && (t[1] == ' ' || t[1] == '\t' || t[1] == '\0')) {
		if (!p->seen_content) {
			char *title = trim(t + 1);
			n->title = title;
			n->title_line = line;
			p->seen_content = 1;
			if (*title == '\0')
				ADD(p, line, RCB_SEV_ERROR, "the title is empty; 12.10 wants the release and the reason for it");
			return;
		}
		if (n->title_line)
			ADD(p, line, RCB_SEV_ERROR, "a second level-1 title (the title is on line %d) ignored",
			    n->title_line);
		else
			ADD(p, line, RCB_SEV_ERROR, "the title must be the first line of the note");
		return;
	}
	if (!p->seen_content) {
		ADD(p, line, RCB_SEV_ERROR,
		    "expected the title '# Release Note: COMPONENT VERSION - reason' as the first line");
		p->seen_content = 1;
	}
	if (t[0] == '#' && t[1] == '#' && (t[2] == ' ' || t[2] == '\t' || t[2] == '\0')) {
		section_heading(p, t, line);
		return;
	}
	if (t[0] == '#' && t[1] == '#' && t[2] == '#') {
		ADD(p, line, RCB_SEV_WARNING, "headings below level 2 are not part of the format; ignored");
		return;
	}
	if (p->cur == -2)
		header_line(p, t, line);
	else
		section_line(p, t, line);
}

int rcb_note_parse(rcb_note **out, const char *buf, size_t len, rcb_findings *f)
{
	char *copy = malloc(len + 1);

	*out = NULL;
	if (copy == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	if (len)
		memcpy(copy, buf, len);
	return rcb_note_parse_take(out, copy, len, f);
}

int rcb_note_parse_take(rcb_note **out, char *buf, size_t len, rcb_findings *f)
{
	rcb_note *n;
	parser p;
	size_t start = 0;
	int line = 0;

	*out = NULL;
	n = calloc(1, sizeof *n);
	if (n == NULL) {
		free(buf);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	n->mem = buf;
	for (int s = 0; s < NSECS; s++)
		n->sec[s].total_claim = -1;
	n->title = "";
	n->blank = 1;
	memset(&p, 0, sizeof p);
	p.n = n;
	p.f = f;
	p.cur = -2;

	if (len > RCB_NOTE_MAX_BYTES) {
		ADD(&p, 1, RCB_SEV_ERROR, "the file is larger than %zu MiB; not read",
		    RCB_NOTE_MAX_BYTES >> 20);
		n->unreadable = 1;
		len = 0;
	} else if (len >= 2 && (((unsigned char)buf[0] == 0xff && (unsigned char)buf[1] == 0xfe) ||
				((unsigned char)buf[0] == 0xfe && (unsigned char)buf[1] == 0xff))) {
		ADD(&p, 1, RCB_SEV_ERROR, "the file is UTF-16 (byte-order mark \\x%02x\\x%02x); save it as UTF-8",
		    (unsigned char)buf[0], (unsigned char)buf[1]);
		n->unreadable = 1;
		len = 0;
	} else if (len >= 4 && ((buf[0] != 0 && buf[1] == 0 && buf[2] != 0 && buf[3] == 0) ||
				(buf[0] == 0 && buf[1] != 0 && buf[2] == 0 && buf[3] != 0))) {
		ADD(&p, 1, RCB_SEV_ERROR, "the file looks like UTF-16 (alternate NUL bytes); save it as UTF-8");
		n->unreadable = 1;
		len = 0;
	} else if (len >= 3 && (unsigned char)buf[0] == 0xef && (unsigned char)buf[1] == 0xbb &&
		   (unsigned char)buf[2] == 0xbf) {
		buf += 3; /* UTF-8 byte-order mark */
		len -= 3;
	}
	n->text = buf;
	n->text[len] = '\0';

	while (start < len && p.rc == 0) {
		char *s = n->text + start;
		char *nl = memchr(s, '\n', len - start);
		size_t l = nl ? (size_t)(nl - s) : len - start;

		line++;
		start += l + 1;
		if (l > 0 && s[l - 1] == '\r')
			l--; /* CRLF */
		s[l] = '\0';
		parse_line(&p, s, l, line);
	}
	n->nlines = line;
	if (p.rc == 0 && n->blank && !n->unreadable)
		ADD(&p, 1, RCB_SEV_ERROR, "the note is empty");
	if (p.rc < 0) {
		rcb_note_free(n);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	rcb_findings_sort(f);
	*out = n;
	return 0;
}

void rcb_note_free(rcb_note *n)
{
	if (n == NULL)
		return;
	for (int s = 0; s < NSECS; s++)
		free(n->sec[s].rows);
	free(n->mem);
	free(n);
}

/* ------------------------------------------------------------ accessors */

const char *rcb_note_title(const rcb_note *n)
{
	return n->title;
}

const char *rcb_note_field(const rcb_note *n, const char *key)
{
	int k = key_find(key);
	if (k < 0 || n->key[k].value == NULL || n->key[k].value[0] == '\0')
		return NULL;
	return n->key[k].value;
}

int rcb_note_field_line(const rcb_note *n, const char *key)
{
	int k = key_find(key);
	return k < 0 ? 0 : n->key[k].line;
}

int rcb_note_version(const rcb_note *n, const char *key, rcb_version *out)
{
	const char *v = rcb_note_field(n, key);
	if (v == NULL)
		return rcb_error_set(RCB_ENOTFOUND, "the note has no %s", key);
	return rcb_version_parse(out, v);
}

int rcb_note_section_line(const rcb_note *n, const char *section)
{
	int s = sec_find(section);
	return s < 0 ? 0 : n->sec[s].line;
}

size_t rcb_note_rows(const rcb_note *n, const char *section)
{
	int s = sec_find(section);
	return s < 0 ? 0 : n->sec[s].nrows;
}

int rcb_note_column_find(rcb_note_column *out, const char *section, const char *column)
{
	out->sec = sec_find(section);
	out->col = out->sec < 0 ? -1 : col_find(out->sec, column);
	if (out->col < 0) {
		out->sec = -1;
		return rcb_error_set(RCB_ENOTFOUND, "no column %s in section %s", column, section);
	}
	return 0;
}

const char *rcb_note_cell_at(const rcb_note *n, rcb_note_column col, size_t row)
{
	if (col.sec < 0 || col.sec >= NSECS || col.col < 0 || col.col >= secdefs[col.sec].ncols ||
	    row >= n->sec[col.sec].nrows)
		return NULL;
	return cellv(n, &n->sec[col.sec].rows[row], col.col);
}

const char *rcb_note_cell(const rcb_note *n, const char *section, size_t row, const char *column)
{
	rcb_note_column col;
	if (rcb_note_column_find(&col, section, column) < 0) {
		rcb_error_clear();
		return NULL;
	}
	return rcb_note_cell_at(n, col, row);
}

int rcb_note_row_line(const rcb_note *n, const char *section, size_t row)
{
	int s = sec_find(section);
	if (s < 0 || row >= n->sec[s].nrows)
		return 0;
	return n->sec[s].rows[row].line;
}

/* ------------------------------------------------------------ checks */

typedef struct {
	const rcb_note *n;
	rcb_findings *f;
	int rc;
} checker;

#define FIND(c, line, sev, ...)                                                             \
	do {                                                                               \
		if (rcb_findings_add((c)->f, (line), (sev), __VA_ARGS__) < 0 && (c)->rc == 0) \
			(c)->rc = RCB_ENOMEM;                                              \
	} while (0)

/* Where a finding about a missing key goes: the title, else line 1. */
static int missing_key_line(const rcb_note *n)
{
	return n->title_line ? n->title_line : 1;
}

static int missing_section_line(const rcb_note *n)
{
	return n->nlines ? n->nlines : 1;
}

/* A git tag name by the rules of git-check-ref-format that matter here. */
static const char *bad_tag(const char *s)
{
	size_t n = strlen(s);
	if (s[0] == '-')
		return "starts with '-'";
	if (s[0] == '/' || s[n - 1] == '/')
		return "starts or ends with '/'";
	if (s[n - 1] == '.')
		return "ends with '.'";
	if (n >= 5 && strcmp(s + n - 5, ".lock") == 0)
		return "ends with '.lock'";
	if (strstr(s, "..") != NULL)
		return "contains '..'";
	if (strstr(s, "@{") != NULL)
		return "contains '@{'";
	if (strstr(s, "//") != NULL)
		return "contains '//'";
	if (strcmp(s, "@") == 0)
		return "is '@'";
	for (size_t i = 0; i < n; i++)
		if (strchr(" \t~^:?*[\\", s[i]) != NULL)
			return "contains a space or one of ~ ^ : ? * [ \\";
	return NULL;
}


/* A row whose cell count disagrees with its header was reported by the
 * parser; its cells may sit under the wrong columns, so they are not
 * checked one by one. */
static int row_shaped(const struct section *sec, const struct row *r)
{
	return r->ncells == sec->header_cells;
}

/* 12.10: "Name and title of party build is released to", "Name and title
 * of authorised party release is issued by & details of other authorised
 * signatories".  A value lists one or more parties separated by ';', each
 * written "Name, Title" with both parts non-empty. */
static void check_parties(checker *c, int k)
{
	const struct field *fd = &c->n->key[k];
	const char *p;
	int party = 0;
	char q[QBUF], part[520];

	if (fd->value == NULL || fd->value[0] == '\0')
		return; /* reported as missing or empty */
	for (p = fd->value;;) {
		size_t l = strcspn(p, ";");
		size_t a = 0, b = l;
		const char *comma;
		party++;
		while (a < l && is_space(p[a]))
			a++;
		while (b > a && is_space(p[b - 1]))
			b--;
		snprintf(part, sizeof part, "%.*s", (int)(b - a), p + a);
		comma = strchr(part, ',');
		if (part[0] == '\0' || comma == NULL || comma == part || comma[1 + strspn(comma + 1, " \t")] == '\0' ||
		    strspn(part, " \t,") == (size_t)(comma - part)) {
			if (strchr(fd->value, ';'))
				FIND(c, fd->line, RCB_SEV_ERROR,
				     "%s: party %d '%s' is not given as 'Name, Title', e.g. 'A. Example, DIP Release Manager' "
				     "(12.10: name and title)", keydefs[k].name, party, quote(q, sizeof q, part));
			else
				FIND(c, fd->line, RCB_SEV_ERROR,
				     "%s '%s' is not given as 'Name, Title', e.g. 'A. Example, DIP Release Manager' "
				     "(12.10: name and title)", keydefs[k].name, quote(q, sizeof q, part));
		}
		if (p[l] == '\0')
			break;
		p += l + 1;
	}
}

/* Values that hold a place instead of saying what the service suffers:
 * rcb-notes(5) lists them.  Compared without case; a value with no letter
 * or digit at all ("-", "?", "...") is a placeholder too. */
static const char *const placeholders[] = {
	"n/a", "na", "n.a.", "tbc", "tbd", "tba", "to be confirmed", "to be decided", "to be advised",
	"unknown", "todo", "to do", "xxx", "none?", "pending", "see above", "see below",
};

int rcb_note_is_placeholder(const char *s)
{
	int alnum = 0;
	for (const char *p = s; *p; p++)
		if (isalnum((unsigned char)*p) || ((unsigned char)*p & 0x80))
			alnum = 1;
	if (!alnum)
		return 1;
	for (size_t i = 0; i < sizeof placeholders / sizeof *placeholders; i++)
		if (strcasecmp(s, placeholders[i]) == 0)
			return 1;
	return 0;
}

/* 12.10: "These conditions should be highlighted as a separate item in the
 * Release Note": the Service impact says what happens to the service. */
static void check_service_impact(checker *c)
{
	const struct field *fd = &c->n->key[K_SERVICE_IMPACT];
	char q[QBUF];

	if (fd->value && fd->value[0] && rcb_note_is_placeholder(fd->value))
		FIND(c, fd->line, RCB_SEV_ERROR,
		     "Service impact '%s' is a placeholder; say whether the build disrupts the service (none, a frozen "
		     "database, an outage and for how long) (12.10: \"these conditions should be highlighted\")",
		     quote(q, sizeof q, fd->value));
}

static void check_keys(checker *c, const rcb_note_ctx *ctx)
{
	const rcb_note *n = c->n;
	char q[QBUF];
	rcb_day date = 0, submitted = 0;
	int have_date = 0, have_sub = 0;

	(void)ctx;
	for (int k = 0; k < NKEYS; k++) {
		const struct field *fd = &n->key[k];
		if (!keydefs[k].required)
			continue;
		if (fd->line == 0 && !n->blank)
			FIND(c, missing_key_line(n), RCB_SEV_ERROR, "missing required key '%s' (%s)",
			     keydefs[k].name, keydefs[k].why);
		else if (fd->line && fd->value[0] == '\0')
			FIND(c, fd->line, RCB_SEV_ERROR, "%s is empty (%s)", keydefs[k].name, keydefs[k].why);
	}
	for (int k = 0; k < NKEYS; k++) {
		/* the register's limits: RFC ids 64 bytes, names 100, text 500 */
		size_t max = k == K_RFC ? 64 : k == K_COMPONENT ? 100 : 500;
		const struct field *fd = &n->key[k];
		if (fd->value && strlen(fd->value) > max)
			FIND(c, fd->line, RCB_SEV_ERROR, "%s is longer than %zu bytes", keydefs[k].name, max);
	}
	if (strlen(n->title) > 500)
		FIND(c, n->title_line, RCB_SEV_ERROR, "the title is longer than 500 bytes");
	if (n->key[K_RELEASE].value && n->key[K_RELEASE].value[0]) {
		rcb_version v;
		if (rcb_version_parse(&v, n->key[K_RELEASE].value) < 0)
			FIND(c, n->key[K_RELEASE].line, RCB_SEV_ERROR, "Release: %s (section 11)", rcb_error_msg());
	}
	if (n->key[K_PREVIOUS].value && n->key[K_PREVIOUS].value[0]) {
		rcb_version v;
		if (rcb_version_parse(&v, n->key[K_PREVIOUS].value) < 0)
			FIND(c, n->key[K_PREVIOUS].line, RCB_SEV_ERROR, "Previous release: %s", rcb_error_msg());
	}
	if (n->key[K_TYPE].value && n->key[K_TYPE].value[0]) {
		rcb_reltype t;
		if (rcb_reltype_parse(&t, n->key[K_TYPE].value) < 0)
			FIND(c, n->key[K_TYPE].line, RCB_SEV_ERROR,
			     "Type '%s' is not one of Major, Minor, Patch, Emergency (10.1)",
			     quote(q, sizeof q, n->key[K_TYPE].value));
	}
	if (n->key[K_DATE].value && n->key[K_DATE].value[0]) {
		if (rcb_date_parse(&date, n->key[K_DATE].value) < 0)
			FIND(c, n->key[K_DATE].line, RCB_SEV_ERROR, "Date: %s", rcb_error_msg());
		else
			have_date = 1;
	}
	if (n->key[K_SUBMITTED].value && n->key[K_SUBMITTED].value[0]) {
		if (rcb_date_parse(&submitted, n->key[K_SUBMITTED].value) < 0)
			FIND(c, n->key[K_SUBMITTED].line, RCB_SEV_ERROR, "Submitted: %s", rcb_error_msg());
		else
			have_sub = 1;
	}
	if (have_date && have_sub && submitted > date)
		FIND(c, n->key[K_SUBMITTED].line, RCB_SEV_WARNING,
		     "Submitted %s is after the release Date %s", n->key[K_SUBMITTED].value,
		     n->key[K_DATE].value);
	if (n->key[K_COMMIT].value && n->key[K_COMMIT].value[0] &&
	    !rcb_note_is_git_oid(n->key[K_COMMIT].value))
		FIND(c, n->key[K_COMMIT].line, RCB_SEV_ERROR,
		     "Commit '%s' is not a git object id (7 to 64 hexadecimal digits)",
		     quote(q, sizeof q, n->key[K_COMMIT].value));
	if (n->key[K_TAG].value && n->key[K_TAG].value[0]) {
		const char *why = bad_tag(n->key[K_TAG].value);
		if (why)
			FIND(c, n->key[K_TAG].line, RCB_SEV_ERROR, "Tag '%s' is not a valid git tag name: it %s",
			     quote(q, sizeof q, n->key[K_TAG].value), why);
	}
	/* 12.10: "name and title" of every party */
	for (int k = K_RELEASED_TO; k <= K_SIGNATORIES; k++)
		check_parties(c, k);
	check_service_impact(c);
}

/* 11: Type and Release agree with Previous release, or with the release the
 * register says this one follows. */
static void check_version(checker *c, const rcb_note_ctx *ctx)
{
	const rcb_note *n = c->n;
	rcb_version rel, prev, base, next;
	rcb_reltype type;
	const rcb_version *basep = NULL;
	int have_prev = 0;
	char a[RCB_VERSION_STRLEN], b[RCB_VERSION_STRLEN], x[RCB_VERSION_STRLEN];
	const char *comp = ctx && ctx->register_component ? ctx->register_component
			   : n->key[K_COMPONENT].value ? n->key[K_COMPONENT].value : "";
	int tline = n->key[K_TYPE].line, rline = n->key[K_RELEASE].line;

	if (n->key[K_RELEASE].value == NULL || rcb_version_parse(&rel, n->key[K_RELEASE].value) < 0)
		return;
	if (n->key[K_TYPE].value == NULL || rcb_reltype_parse(&type, n->key[K_TYPE].value) < 0)
		return;
	if (n->key[K_PREVIOUS].value && n->key[K_PREVIOUS].value[0] &&
	    rcb_version_parse(&prev, n->key[K_PREVIOUS].value) == 0) {
		have_prev = 1;
		base = prev;
		basep = &base;
	}
	if (ctx && ctx->register_known) {
		if (ctx->register_previous) {
			if (have_prev && rcb_version_cmp(&prev, ctx->register_previous) != 0) {
				FIND(c, n->key[K_PREVIOUS].line, RCB_SEV_ERROR,
				     "Previous release is %s but the register has %s %s as the release %s follows",
				     rcb_version_format(a, sizeof a, &prev), comp,
				     rcb_version_format(b, sizeof b, ctx->register_previous),
				     rcb_version_format(x, sizeof x, &rel));
			}
			base = *ctx->register_previous;
			basep = &base;
		} else if (have_prev) {
			FIND(c, n->key[K_PREVIOUS].line, RCB_SEV_WARNING,
			     "Previous release %s is not in the register (it has no earlier %s release)",
			     rcb_version_format(a, sizeof a, &prev), comp);
		}
	}
	if (basep) {
		int t = rcb_version_step_type(basep, &rel);
		rcb_version_format(a, sizeof a, basep);
		rcb_version_format(x, sizeof x, &rel);
		if (t < 0) {
			if (rcb_version_next(&next, basep, type) == 0)
				FIND(c, rline, RCB_SEV_ERROR,
				     "Release %s does not follow %s: the next %s release is %s (section 11)", x, a,
				     rcb_reltype_name(type), rcb_version_format(b, sizeof b, &next));
			else
				FIND(c, rline, RCB_SEV_ERROR, "Release %s does not follow %s (section 11)", x, a);
		} else if ((rcb_reltype)t != type) {
			FIND(c, tline, RCB_SEV_ERROR,
			     "Type is %s but %s follows %s as a %s release (section 11)",
			     rcb_reltype_name(type), x, a, rcb_reltype_name((rcb_reltype)t));
		}
		return;
	}
	/* No base: the version must at least have the shape of its type (the
	 * rule of a component's first release, version.h). */
	if (rcb_version_shape(&rel, type) < 0) {
		char why[200];
		snprintf(why, sizeof why, "%s", rcb_error_msg());
		rcb_error_clear();
		FIND(c, tline, RCB_SEV_ERROR, "Type is %s but %s", rcb_reltype_name(type), why);
	}
}

/* Words of a title that say nothing of why there is a release. */
static int filler_word(const char *w, size_t l)
{
	static const char *const filler[] = {"release", "releases", "note", "build", "version", "v", "of", "for",
					     "the", "a", "an", "to", "in", "and", "major", "minor", "patch",
					     "emergency", "rcb"};
	for (size_t i = 0; i < sizeof filler / sizeof *filler; i++)
		if (strlen(filler[i]) == l && strncasecmp(w, filler[i], l) == 0)
			return 1;
	return 0;
}

/* Is the word w (l bytes) one of the words of name (letters and digits)? */
static int word_of(const char *name, const char *w, size_t l)
{
	for (const char *p = name; *p;) {
		size_t k;
		while (*p && !isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80))
			p++;
		for (k = 0; p[k] && (isalnum((unsigned char)p[k]) || ((unsigned char)p[k] & 0x80)); k++)
			;
		if (k == l && k > 0 && strncasecmp(p, w, l) == 0)
			return 1;
		p += k;
	}
	return 0;
}

/* Does s hold needle (any case) with no letter or digit touching it? */
static int has_token(const char *s, const char *needle)
{
	size_t l = strlen(needle);
	if (l == 0)
		return 0;
	for (const char *p = s; *p; p++) {
		if (strncasecmp(p, needle, l) != 0)
			continue;
		if (p > s && (isalnum((unsigned char)p[-1]) || ((unsigned char)p[-1] & 0x80)))
			continue;
		if (isalnum((unsigned char)p[l]) || ((unsigned char)p[l] & 0x80) ||
		    (p[l] == '.' && isdigit((unsigned char)p[l + 1])))
			continue;
		return 1;
	}
	return 0;
}

/* 12.10: "Title of the release including reason for release (e.g. Build
 * x.y - release for CIT Testing in SIT or Migration Testing)".  The title
 * names the component and the release, and says why: at least one word
 * beyond "Release Note", the component, the version and filler words. */
static void check_title(checker *c)
{
	const rcb_note *n = c->n;
	const char *rel = n->key[K_RELEASE].value, *comp = n->key[K_COMPONENT].value;
	const char *t = n->title;
	int reason = 0;
	char q[QBUF];
	rcb_version v;

	if (n->title_line == 0 || t[0] == '\0')
		return; /* the parser reported it */
	if (comp && comp[0] && !has_token(t, comp))
		FIND(c, n->title_line, RCB_SEV_ERROR,
		     "the title does not name the component %s (12.10: \"title of the release including reason for release\")",
		     quote(q, sizeof q, comp));
	if (rel && rel[0] && rcb_version_parse(&v, rel) == 0 && !has_token(t, rel))
		FIND(c, n->title_line, RCB_SEV_ERROR,
		     "the title does not name release %s (12.10: \"title of the release including reason for release\")",
		     quote(q, sizeof q, rel));
	for (const char *p = t; *p && !reason;) {
		size_t l;
		int letter = 0;
		while (*p && !isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80))
			p++;
		for (l = 0; p[l] && (isalnum((unsigned char)p[l]) || ((unsigned char)p[l] & 0x80) ||
				     (p[l] == '.' && isalnum((unsigned char)p[l + 1])));
		     l++)
			if (!isdigit((unsigned char)p[l]) && p[l] != '.' &&
			    !(l == 0 && (p[0] == 'v' || p[0] == 'V') && isdigit((unsigned char)p[1])))
				letter = 1; /* "v1.0.2.0" is a version, not a reason */
		if (l && letter && !filler_word(p, l) && !(comp && word_of(comp, p, l)) &&
		    !(rel && strlen(rel) == l && strncmp(p, rel, l) == 0))
			reason = 1;
		p += l;
	}
	if (!reason)
		FIND(c, n->title_line, RCB_SEV_ERROR,
		     "the title gives no reason for the release, e.g. '# Release Note: DIP 1.0.2.0 - patch release for "
		     "SIT Functional testing' (12.10: \"title of the release including reason for release\")");
}

static void check_cell_nonempty(checker *c, int s, const struct row *r, int col, size_t i)
{
	const char *v = cellv(c->n, r, col);
	if (v != NULL && *v == '\0')
		FIND(c, r->line, RCB_SEV_ERROR, "%s row %zu: %s is empty", secdefs[s].name, i + 1,
		     secdefs[s].cols[col]);
}

/* A row pointer with the key it is sorted by. */
struct keyed {
	const char *key;
	int line;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int d = strcmp(x->key, y->key);
	if (d)
		return d;
	return (x->line > y->line) - (x->line < y->line);
}

/* Rows a and b of sec in order of their key in column col, then of the
 * row (a total order: equal keys keep the rows' order). */
static int row_key_cmp(const rcb_note *n, const struct section *sec, int col, uint32_t a, uint32_t b)
{
	int d = strcmp(cellv(n, &sec->rows[a], col), cellv(n, &sec->rows[b], col));
	return d ? d : (a > b) - (a < b);
}

/* The row numbers v[0..k) sorted by row_key_cmp, through tmp (k more):
 * a bottom-up merge sort, O(k log k) whatever the keys.  A hash of the
 * keys was linear probing that a note's author could make quadratic
 * (80,000 IDs chosen to share a hash neighbourhood: 10 s of notes check,
 * against 0.1 s sorting). */
static void sort_rows_by_key(const rcb_note *n, const struct section *sec, int col, uint32_t *v, uint32_t *tmp,
			     size_t k)
{
	uint32_t *from = v, *to = tmp, *t;

	for (size_t w = 1; w < k; w *= 2) {
		for (size_t lo = 0; lo < k; lo += 2 * w) {
			size_t mid = lo + w < k ? lo + w : k, hi = lo + 2 * w < k ? lo + 2 * w : k;
			size_t a = lo, b = mid, o = lo;
			while (a < mid && b < hi)
				to[o++] = row_key_cmp(n, sec, col, from[a], from[b]) <= 0 ? from[a++] : from[b++];
			while (a < mid)
				to[o++] = from[a++];
			while (b < hi)
				to[o++] = from[b++];
		}
		t = from;
		from = to;
		to = t;
	}
	if (from != v)
		memcpy(v, from, k * sizeof *v);
}

/* Report keys that occur twice, each against its first row, in the rows'
 * order: the rows with a key sorted by it (4 bytes a row and as many for
 * the merge, where a sorted copy of the keys and qsort's own were 32 bytes
 * a row at the peak of a 5 MB note's import: issue 17), each run of equal
 * keys marked against its first row in the second half, then reported. */
static void check_unique(checker *c, int s, int col, const char *what)
{
	const struct section *sec = &c->n->sec[s];
	uint32_t *v, *first; /* owned: row numbers; then first[row]: 1 + its key's first row, or 0 */
	size_t k = 0;
	char q[QBUF];

	if (sec->nrows < 2)
		return;
	if ((v = malloc(2 * sec->nrows * sizeof *v)) == NULL) {
		c->rc = RCB_ENOMEM;
		return;
	}
	first = v + sec->nrows;
	for (size_t i = 0; i < sec->nrows; i++) {
		const char *key = cellv(c->n, &sec->rows[i], col);
		if (key != NULL && *key != '\0')
			v[k++] = (uint32_t)i;
	}
	sort_rows_by_key(c->n, sec, col, v, first, k);
	memset(first, 0, sec->nrows * sizeof *first);
	for (size_t i = 1, run = 0; i < k; i++) {
		if (strcmp(cellv(c->n, &sec->rows[v[i]], col), cellv(c->n, &sec->rows[v[run]], col)) != 0)
			run = i;
		else
			first[v[i]] = v[run] + 1;
	}
	for (size_t i = 0; i < sec->nrows; i++)
		if (first[i] != 0)
			FIND(c, sec->rows[i].line, RCB_SEV_ERROR, "%s: %s '%s' appears twice (first on line %d)",
			     secdefs[s].name, what, quote(q, sizeof q, cellv(c->n, &sec->rows[i], col)),
			     sec->rows[first[i] - 1].line);
	free(v);
}

/* 12.10 BOM paths name files of the build: relative, inside the tree. */
static void check_path(checker *c, const struct row *r, size_t i, const char *path)
{
	char q[QBUF];
	const char *p;

	if (path == NULL || *path == '\0')
		return;
	if (path[0] == '/' || path[0] == '\\' || path[0] == '~' ||
	    (isalpha((unsigned char)path[0]) && path[1] == ':')) {
		FIND(c, r->line, RCB_SEV_ERROR,
		     "Bill of Materials row %zu: Path '%s' is absolute; give it relative to the repository",
		     i + 1, quote(q, sizeof q, path));
		return;
	}
	for (p = path;;) {
		size_t l = strcspn(p, "/\\");
		if (l == 2 && p[0] == '.' && p[1] == '.') {
			FIND(c, r->line, RCB_SEV_ERROR,
			     "Bill of Materials row %zu: Path '%s' has a '..' component; paths stay inside the repository",
			     i + 1, quote(q, sizeof q, path));
			return;
		}
		if (p[l] == '\0')
			break;
		p += l + 1;
	}
	if (strchr(path, '\\') != NULL)
		FIND(c, r->line, RCB_SEV_WARNING, "Bill of Materials row %zu: Path '%s' uses '\\'; write '/'",
		     i + 1, quote(q, sizeof q, path));
}

static void check_bom(checker *c)
{
	const struct section *sec = &c->n->sec[S_BOM];
	char q[QBUF];

	for (size_t i = 0; i < sec->nrows; i++) {
		const struct row *r = &sec->rows[i];
		const char *date = cellv(c->n, r, 2);
		if (!row_shaped(sec, r))
			continue;
		for (int col = 0; col < 4; col++)
			check_cell_nonempty(c, S_BOM, r, col, i);
		check_path(c, r, i, cellv(c->n, r, 0));
		if (date && *date && !rcb_date_valid(date))
			FIND(c, r->line, RCB_SEV_ERROR, "Bill of Materials row %zu: Date '%s' is not a real date (YYYY-MM-DD)",
			     i + 1, quote(q, sizeof q, date));
	}
	check_unique(c, S_BOM, 0, "Path");
}

static int known_severity(const char *s)
{
	static const char *const sev[] = {"Critical", "High", "Medium", "Low"};
	for (size_t i = 0; i < sizeof sev / sizeof *sev; i++)
		if (strcasecmp(s, sev[i]) == 0)
			return 1;
	return 0;
}

static void check_ids(checker *c, int s)
{
	const struct section *sec = &c->n->sec[s];
	char q[QBUF];

	for (size_t i = 0; i < sec->nrows; i++) {
		const struct row *r = &sec->rows[i];
		if (!row_shaped(sec, r))
			continue;
		for (int col = 0; col < secdefs[s].ncols; col++)
			check_cell_nonempty(c, s, r, col, i);
		if (s != S_CRS && cellv(c->n, r, 1) && *cellv(c->n, r, 1) && !known_severity(cellv(c->n, r, 1)))
			FIND(c, r->line, RCB_SEV_WARNING,
			     "%s row %zu: Severity '%s' is not one of Critical, High, Medium, Low",
			     secdefs[s].name, i + 1, quote(q, sizeof q, cellv(c->n, r, 1)));
	}
	check_unique(c, s, 0, "ID");
}

/* A defect both fixed and outstanding is a contradiction worth a warning. */
static void check_fixed_vs_outstanding(checker *c)
{
	const struct section *fx = &c->n->sec[S_FIXED], *os = &c->n->sec[S_OUT];
	struct keyed *v;
	size_t k = 0;
	char q[QBUF];

	if (fx->nrows == 0 || os->nrows == 0)
		return;
	v = malloc(fx->nrows * sizeof *v);
	if (v == NULL) {
		c->rc = RCB_ENOMEM;
		return;
	}
	for (size_t i = 0; i < fx->nrows; i++) {
		const char *id = cellv(c->n, &fx->rows[i], 0);
		if (id && id[0]) {
			v[k].key = id;
			v[k].line = fx->rows[i].line;
			k++;
		}
	}
	qsort(v, k, sizeof *v, cmp_keyed);
	for (size_t i = 0; i < os->nrows; i++) {
		struct keyed key = {cellv(c->n, &os->rows[i], 0), 0}, *hit;
		size_t lo = 0, hi = k;
		if (key.key == NULL || !*key.key)
			continue;
		hit = NULL;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int d = strcmp(v[mid].key, key.key);
			if (d == 0) {
				hit = &v[mid];
				break;
			}
			if (d < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (hit)
			FIND(c, os->rows[i].line, RCB_SEV_WARNING,
			     "Outstanding Defects: '%s' is also listed as fixed (line %d)", quote(q, sizeof q, key.key),
			     hit->line);
	}
	free(v);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* 12.10: each step has a number, a description, who performs it and how
 * many minutes it takes; steps run 1..n. */
static void check_steps(checker *c, int s, const long *ri_steps, size_t nri)
{
	const struct section *sec = &c->n->sec[s];
	const char *name = secdefs[s].name;
	long expect = 1, sum = 0;
	char q[QBUF];

	for (size_t i = 0; i < sec->nrows; i++) {
		const struct row *r = &sec->rows[i];
		const char *step = cellv(c->n, r, 0), *min = cellv(c->n, r, 3);
		long v;

		if (step != NULL) {
			if (parse_uint(step, &v) < 0) {
				FIND(c, r->line, RCB_SEV_ERROR, "%s row %zu: Step '%s' is not a step number", name,
				     i + 1, quote(q, sizeof q, step));
				expect++;
			} else if (v != expect) {
				FIND(c, r->line, RCB_SEV_ERROR,
				     "%s: expected step %ld, found %ld; steps are numbered 1..n without gaps",
				     name, expect, v);
				expect = v + 1;
			} else {
				expect++;
			}
		}
		if (!row_shaped(sec, r))
			continue;
		check_cell_nonempty(c, s, r, 1, i);
		check_cell_nonempty(c, s, r, 2, i);
		if (min != NULL) {
			if (parse_uint(min, &v) < 0 || v < 1 || v > MAX_MINUTES)
				FIND(c, r->line, RCB_SEV_ERROR,
				     "%s row %zu: Minutes '%s' must be a whole number from 1 to %ld", name, i + 1,
				     quote(q, sizeof q, min), MAX_MINUTES);
			else
				sum += v;
		}
		if (s == S_INS)
			check_cell_nonempty(c, s, r, 4, i); /* 12.10: checks/expected results */
		if (s == S_BACK && cellv(c->n, r, 4) != NULL) {
			const char *from = cellv(c->n, r, 4);
			if (*from == '\0')
				FIND(c, r->line, RCB_SEV_ERROR, "%s row %zu: From step is empty", name, i + 1);
			else if (parse_uint(from, &v) < 0 || nri == 0 ||
				 bsearch(&v, ri_steps, nri, sizeof *ri_steps, cmp_long) == NULL)
				FIND(c, r->line, RCB_SEV_ERROR,
				     "%s row %zu: From step '%s' is not a step of the Release Instructions", name,
				     i + 1, quote(q, sizeof q, from));
		}
	}
	if (sec->total_line && sec->total_claim != sum)
		FIND(c, sec->total_line, RCB_SEV_WARNING, "%s: the total says %ld minutes, the steps add up to %ld",
		     name, sec->total_claim, sum);
}

/* 12.10: "If this is different depending on where the installer has
 * reached within the installation instructions then the rollback plan needs
 * to cover all eventualities".  A Backout step applies from its From step
 * on, so a failure at Release Instructions step N is covered when some
 * Backout step has a From step of N or earlier.  rcb cannot tell a step
 * that changes nothing from one that does, so every step must be covered:
 * the earliest From step must be the first instruction step. */
static void check_backout_coverage(checker *c, const long *ri, size_t nri)
{
	const struct section *sec = &c->n->sec[S_BACK];
	long first = -1;
	size_t uncovered = 0;

	if (nri == 0)
		return;
	for (size_t i = 0; i < sec->nrows; i++) {
		const struct row *r = &sec->rows[i];
		long v;
		if (!row_shaped(sec, r) || cellv(c->n, r, 4) == NULL || parse_uint(cellv(c->n, r, 4), &v) < 0 ||
		    bsearch(&v, ri, nri, sizeof *ri, cmp_long) == NULL)
			continue; /* reported by check_steps */
		if (first < 0 || v < first)
			first = v;
	}
	if (first < 0)
		return; /* no usable From step: reported row by row, or no rows */
	while (uncovered < nri && ri[uncovered] < first)
		uncovered++;
	if (uncovered == 0)
		return;
	if (uncovered == 1)
		FIND(c, sec->table_line ? sec->table_line : sec->line, RCB_SEV_ERROR,
		     "Backout Plan: no backout step covers a failure at Release Instructions step %ld: the earliest "
		     "From step is %ld (12.10: \"the rollback plan needs to cover all eventualities\")",
		     ri[0], first);
	else
		FIND(c, sec->table_line ? sec->table_line : sec->line, RCB_SEV_ERROR,
		     "Backout Plan: no backout step covers a failure at Release Instructions steps %ld to %ld: the "
		     "earliest From step is %ld (12.10: \"the rollback plan needs to cover all eventualities\")",
		     ri[0], ri[uncovered - 1], first);
}

/* 12.10: the note "must include all application and product versions" of
 * its test environment: one row per other component, a 4-part version
 * each, no component twice, not the note's own component. */
static void check_env_versions(checker *c)
{
	const rcb_note *n = c->n;
	const struct section *sec = &n->sec[S_ENV];
	const char *own = n->key[K_COMPONENT].value;
	char q[QBUF];

	for (size_t i = 0; i < sec->nrows; i++) {
		const struct row *r = &sec->rows[i];
		const char *comp = cellv(c->n, r, 0), *ver = cellv(c->n, r, 1);
		rcb_version v;
		if (!row_shaped(sec, r))
			continue;
		check_cell_nonempty(c, S_ENV, r, 0, i);
		check_cell_nonempty(c, S_ENV, r, 1, i);
		if (ver && *ver && rcb_version_parse(&v, ver) < 0)
			FIND(c, r->line, RCB_SEV_ERROR, "%s row %zu: %s (section 11)", secdefs[S_ENV].name, i + 1,
			     rcb_error_msg());
		if (comp && *comp && own && *own && strcasecmp(comp, own) == 0)
			FIND(c, r->line, RCB_SEV_ERROR,
			     "%s row %zu: %s is the note's own component; list the other components of the environment",
			     secdefs[S_ENV].name, i + 1, quote(q, sizeof q, comp));
	}
	check_unique(c, S_ENV, 0, "Component");
}

static void check_sections(checker *c)
{
	const rcb_note *n = c->n;
	long *ri = NULL;
	size_t nri = 0;

	for (int s = 0; s < NSECS; s++) {
		const struct section *sec = &n->sec[s];
		if (sec->line == 0) {
			if (!n->blank)
				FIND(c, missing_section_line(n), RCB_SEV_ERROR, "missing section '## %s'%s",
				     secdefs[s].name,
				     s == S_ENV ? " (12.10: the note \"must include all application and product versions\" "
						  "of its environment)" : "");
			continue;
		}
		if (sec->table_line == 0 && sec->none_line == 0)
			FIND(c, sec->line, RCB_SEV_ERROR, "%s: expected a table%s", secdefs[s].name,
			     secdefs[s].min_rows ? "" : " or 'None'");
		else if (secdefs[s].min_rows && sec->nrows == 0)
			FIND(c, sec->none_line ? sec->none_line : sec->line, RCB_SEV_ERROR,
			     "%s needs at least one row (12.10)", secdefs[s].name);
		if (sec->total_line && secdefs[s].kind == SK_IDS && sec->total_claim != (long)sec->nrows)
			FIND(c, sec->total_line, RCB_SEV_WARNING, "%s: the total says %ld, the table has %zu rows",
			     secdefs[s].name, sec->total_claim, sec->nrows);
	}
	check_bom(c);
	check_ids(c, S_FIXED);
	check_ids(c, S_OUT);
	check_ids(c, S_CRS);
	check_fixed_vs_outstanding(c);

	/* Release Instructions step numbers, sorted, for Backout "From step". */
	if (n->sec[S_INS].nrows) {
		ri = malloc(n->sec[S_INS].nrows * sizeof *ri);
		if (ri == NULL) {
			c->rc = RCB_ENOMEM;
			return;
		}
		for (size_t i = 0; i < n->sec[S_INS].nrows; i++) {
			long v;
			if (parse_uint(cellv(n, &n->sec[S_INS].rows[i], 0), &v) == 0)
				ri[nri++] = v;
		}
		qsort(ri, nri, sizeof *ri, cmp_long);
	}
	check_steps(c, S_PRE, ri, nri);
	check_steps(c, S_INS, ri, nri);
	check_steps(c, S_POST, ri, nri);
	check_steps(c, S_BACK, ri, nri);
	check_backout_coverage(c, ri, nri);
	check_env_versions(c);
	free(ri);
}

/* 12.8: an Emergency release fixes a critical or blocking defect. */
static void check_emergency(checker *c)
{
	const rcb_note *n = c->n;
	const struct section *fx = &n->sec[S_FIXED];
	rcb_reltype t;

	if (n->key[K_TYPE].value == NULL || rcb_reltype_parse(&t, n->key[K_TYPE].value) < 0 ||
	    t != RCB_EMERGENCY)
		return;
	for (size_t i = 0; i < fx->nrows; i++) {
		const char *sev = cellv(c->n, &fx->rows[i], 1);
		if (sev && (strcasecmp(sev, "critical") == 0 || strcasecmp(sev, "high") == 0))
			return;
	}
	FIND(c, fx->line ? fx->line : n->key[K_TYPE].line, RCB_SEV_ERROR,
	     "an Emergency release must fix at least one Critical or High defect (12.8); Defects Fixed lists none");
}

/* 12.10: a Major note is due 5 working days before the board, any other 1. */
static void check_deadline(checker *c, const rcb_note_ctx *ctx)
{
	const rcb_note *n = c->n;
	rcb_reltype t;
	rcb_day meeting, submitted, due, *hol = NULL;
	size_t nhol = 0;
	const char *sub;
	unsigned days;
	int line;
	char dbuf[RCB_DATE_STRLEN];

	if (ctx == NULL || ctx->meeting_date == NULL || rcb_date_parse(&meeting, ctx->meeting_date) < 0)
		return;
	if (n->key[K_TYPE].value == NULL || rcb_reltype_parse(&t, n->key[K_TYPE].value) < 0)
		return;
	sub = n->key[K_SUBMITTED].value && n->key[K_SUBMITTED].value[0] ? n->key[K_SUBMITTED].value : ctx->today;
	line = n->key[K_SUBMITTED].line ? n->key[K_SUBMITTED].line
	       : n->key[K_TYPE].line   ? n->key[K_TYPE].line : missing_key_line(n);
	if (sub == NULL || rcb_date_parse(&submitted, sub) < 0)
		return;
	if (rcb_holidays_from_strings(&hol, &nhol, ctx->holidays, ctx->nholidays) < 0) {
		c->rc = RCB_ENOMEM;
		return;
	}
	days = t == RCB_MAJOR ? 5 : 1;
	due = rcb_workdays_before(meeting, days, hol, nhol);
	if (submitted > due)
		FIND(c, line, RCB_SEV_ERROR,
		     "late: a %s note for the board on %s was due by %s (%u working day%s before, 12.10); submitted %s%s",
		     rcb_reltype_name(t), ctx->meeting_date, rcb_date_format(dbuf, sizeof dbuf, due), days,
		     days == 1 ? "" : "s", sub, n->key[K_SUBMITTED].line ? "" : " (today: no Submitted key)");
	free(hol);
}

int rcb_note_check(const rcb_note *n, const rcb_note_ctx *ctx, rcb_findings *f)
{
	checker c = {n, f, 0};

	if (n->blank || n->unreadable) {
		rcb_findings_sort(f);
		return 0; /* the parser said why there is nothing to check */
	}
	check_keys(&c, ctx);
	check_version(&c, ctx);
	check_title(&c);
	check_sections(&c);
	check_emergency(&c);
	check_deadline(&c, ctx);
	rcb_findings_sort(f);
	if (c.rc < 0)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	return 0;
}

/* ------------------------------------------------------------ totals, render */

static long section_minutes(const rcb_note *n, const struct section *sec)
{
	long sum = 0, v;
	for (size_t i = 0; i < sec->nrows; i++)
		if (parse_uint(cellv(n, &sec->rows[i], 3), &v) == 0 && v >= 1 && v <= MAX_MINUTES)
			sum += v;
	return sum;
}

void rcb_note_totals_get(const rcb_note *n, rcb_note_totals *t)
{
	memset(t, 0, sizeof *t);
	t->prereq_minutes = section_minutes(n, &n->sec[S_PRE]);
	t->instructions_minutes = section_minutes(n, &n->sec[S_INS]);
	t->postchecks_minutes = section_minutes(n, &n->sec[S_POST]);
	t->install_minutes = t->prereq_minutes + t->instructions_minutes + t->postchecks_minutes;
	t->backout_minutes = section_minutes(n, &n->sec[S_BACK]);
	t->defects_fixed = n->sec[S_FIXED].nrows;
	t->defects_outstanding = n->sec[S_OUT].nrows;
	t->change_requests = n->sec[S_CRS].nrows;
	t->bom_items = n->sec[S_BOM].nrows;
}

static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

/* A cell with '|' escaped, padded to w characters. */
static int put_cell(rcb_buf *out, const char *s, size_t w)
{
	size_t have = 0;
	int rc = rcb_buf_puts(out, "| ");
	for (const char *p = s; rc == 0 && *p; p++) {
		if (*p == '|') {
			rc = rcb_buf_put(out, "\\|", 2);
			have++;
		} else {
			rc = rcb_buf_putc(out, *p);
			if (((unsigned char)*p & 0xC0) != 0x80)
				have++;
		}
	}
	while (rc == 0 && have < w) {
		rc = rcb_buf_putc(out, ' ');
		have++;
	}
	if (rc == 0)
		rc = rcb_buf_putc(out, ' ');
	return rc;
}

/* Where a rendering goes: out, handed to put and emptied whenever it holds
 * RENDER_PIECE bytes (after a table row), when put is set; else all of it
 * stays in out. */
#define RENDER_PIECE (64 * 1024)
typedef struct {
	rcb_buf *out;
	int (*put)(void *ctx, const char *p, size_t len);
	void *ctx;
} render_sink;

/* Hand out's contents to k's put when it holds a piece, or anything when
 * last.  0 or put's error. */
static int sink_flush(render_sink *k, int last)
{
	int rc;
	if (k->put == NULL || k->out->len == 0 || (!last && k->out->len < RENDER_PIECE))
		return 0;
	rc = k->put(k->ctx, k->out->ptr, k->out->len);
	rcb_buf_clear(k->out);
	return rc;
}

static int render_table(render_sink *sink, const rcb_note *n, int s, const struct section *sec)
{
	rcb_buf *out = sink->out;
	size_t w[MAXCOLS];
	int rc = 0;
	int nc = secdefs[s].ncols;

	for (int c = 0; c < nc; c++) {
		w[c] = width(secdefs[s].cols[c]);
		for (size_t i = 0; i < sec->nrows; i++) {
			const char *v = cellv(n, &sec->rows[i], c);
			size_t x = v ? width(v) : 0;
			if (v && strchr(v, '|'))
				x = CELL_PAD_MAX; /* escaped pipes widen it; do not bother */
			if (x > w[c])
				w[c] = x > CELL_PAD_MAX ? CELL_PAD_MAX : x;
		}
		if (w[c] < 3)
			w[c] = 3;
	}
	for (int c = 0; rc == 0 && c < nc; c++)
		rc = put_cell(out, secdefs[s].cols[c], w[c]);
	if (rc == 0)
		rc = rcb_buf_puts(out, "|\n");
	for (int c = 0; rc == 0 && c < nc; c++) {
		rc = rcb_buf_putc(out, '|');
		for (size_t k = 0; rc == 0 && k < w[c] + 2; k++)
			rc = rcb_buf_putc(out, '-');
	}
	if (rc == 0)
		rc = rcb_buf_puts(out, "|\n");
	for (size_t i = 0; rc == 0 && i < sec->nrows; i++) {
		for (int c = 0; rc == 0 && c < nc; c++) {
			const char *v = cellv(n, &sec->rows[i], c);
			rc = put_cell(out, v ? v : "", w[c]);
		}
		if (rc == 0)
			rc = rcb_buf_puts(out, "|\n");
		if (rc == 0)
			rc = sink_flush(sink, 0);
	}
	return rc;
}

static int render(const rcb_note *n, render_sink *sink)
{
	rcb_buf *out = sink->out;
	int rc = 0;

	rc = rcb_buf_printf(out, "# %s\n\n", n->title);
	for (int k = 0; rc == 0 && k < NKEYS; k++)
		if (n->key[k].value && n->key[k].value[0])
			rc = rcb_buf_printf(out, "%s: %s\n", keydefs[k].name, n->key[k].value);
	for (int s = 0; rc == 0 && s < NSECS; s++) {
		const struct section *sec = &n->sec[s];
		rc = rcb_buf_printf(out, "\n## %s\n", secdefs[s].name);
		if (rc < 0)
			break;
		if (sec->nrows == 0) {
			rc = rcb_buf_puts(out, "None\n");
			continue;
		}
		rc = render_table(sink, n, s, sec);
		if (rc == 0 && secdefs[s].kind == SK_STEPS)
			rc = rcb_buf_printf(out, "\nTotal: %ld minutes\n", section_minutes(n, sec));
		else if (rc == 0 && secdefs[s].kind == SK_IDS && s != S_CRS)
			rc = rcb_buf_printf(out, "\nTotal: %zu defect%s\n", sec->nrows, sec->nrows == 1 ? "" : "s");
	}
	if (rc == 0) {
		rcb_note_totals t;
		rcb_note_totals_get(n, &t);
		rc = rcb_buf_printf(out, "\n## Totals\n"
				    "| Item | Total |\n|------|-------|\n"
				    "| Installation minutes (pre-requisites, instructions, checks) | %ld |\n"
				    "| Backout minutes | %ld |\n"
				    "| Defects fixed | %zu |\n| Defects outstanding | %zu |\n",
				    t.install_minutes, t.backout_minutes, t.defects_fixed, t.defects_outstanding);
	}
	return rc < 0 ? rc : 0;
}

int rcb_note_render(const rcb_note *n, rcb_buf *out)
{
	render_sink k = {out, NULL, NULL};
	return render(n, &k);
}

int rcb_note_render_each(const rcb_note *n, int (*put)(void *ctx, const char *p, size_t len), void *ctx)
{
	rcb_buf b = RCB_BUF_INIT; /* owned: the piece being rendered */
	render_sink k = {&b, put, ctx};
	int rc = render(n, &k);

	if (rc == 0)
		rc = sink_flush(&k, 1);
	rcb_buf_free(&b);
	return rc;
}
