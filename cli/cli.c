/* cli.c: helpers shared by the command-line commands (see cli.h), and the
 * one printer of data (cli_field, cli_printf). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth (ncursesw's cflags define it too) */
#endif
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "export.h"

/* Open the register: it must exist (attacks.md B8: a typo in --db, or a
 * restore killed between its renames, must not become an empty register
 * that "verifies intact").  Only `rcb init` creates one. */
rcb_store *cli_store(rcb_cli *cli)
{
	unsigned flags = cli->readonly ? RCB_STORE_READONLY : 0;
	if (cli->store == NULL && rcb_store_open(&cli->store, cli->db_path, flags) < 0) {
		cli_core_error();
		return NULL;
	}
	return cli->store;
}

rcb_store *cli_store_create(rcb_cli *cli)
{
	unsigned flags = cli->readonly ? RCB_STORE_READONLY : RCB_STORE_CREATE;
	if (cli->store == NULL && rcb_store_open(&cli->store, cli->db_path, flags) < 0) {
		cli_core_error();
		return NULL;
	}
	return cli->store;
}

int cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("rcb: ", stderr);
	va_start(ap, fmt);
	cli_vprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_ERROR;
}

/* The database path when neither --db nor RCB_DB named it (main says). */
static const char *default_db;

void cli_note_default_db(const char *path) { default_db = path; }

int cli_core_error(void)
{
	/* "no release X in the register" of a register nobody named: say which
	 * one was read (review chairing.md c: a forgotten --db). */
	if (rcb_error_code() == RCB_ENOTFOUND && default_db)
		return cli_error("%s (register %s: the default, as neither --db nor RCB_DB names one)", rcb_error_msg(),
				 default_db);
	return cli_error("%s", rcb_error_msg());
}

void cli_getopt_reset(void)
{
	optind = 0; /* glibc: 0 re-initialises getopt completely */
	opterr = 0; /* cli_getopt names the mistake itself */
}

/* ---- options ---------------------------------------------------------- */

static char command_name[64] = "rcb";

void cli_set_command(const char *cmd, const char *sub)
{
	snprintf(command_name, sizeof command_name, "rcb%s%s%s%s", cmd ? " " : "", cmd ? cmd : "", sub ? " " : "",
		 sub ? sub : "");
}

/* The row of longopts that word ("--name" or "--name=value") names: the
 * exact name, else the one option it is a prefix of (getopt_long's own
 * rule); NULL when none or several. */
static const struct option *long_named(const char *word, const struct option *longopts)
{
	const struct option *hit = NULL;
	size_t n = strcspn(word, "=");

	for (const struct option *o = longopts; o && o->name; o++) {
		if (strncmp(o->name, word, n) != 0)
			continue;
		if (o->name[n] == '\0')
			return o;
		if (hit)
			return NULL;
		hit = o;
	}
	return hit;
}

/* Say what getopt_long refused in argv[optind - 1]. */
static void option_mistake(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	const char *word = optind >= 1 && optind <= argc ? argv[optind - 1] : "";
	const char *p;

	if (strncmp(word, "--", 2) == 0) {
		const struct option *o = long_named(word + 2, longopts);
		int n = (int)strcspn(word + 2, "=");
		if (o && o->has_arg == required_argument)
			fprintf(stderr, "%s: option '--%s' requires an argument\n", command_name, o->name);
		else if (o && o->has_arg == no_argument && word[2 + n] == '=')
			fprintf(stderr, "%s: option '--%s' takes no argument\n", command_name, o->name);
		else {
			fprintf(stderr, "%s: unrecognized option '", command_name);
			cli_put_safe_n(stderr, word, strlen(word));
			fputs("'\n", stderr);
		}
	} else if (optopt > 0 && optopt < 0x80 && (p = strchr(shortopts, optopt)) != NULL && p[1] == ':') {
		fprintf(stderr, "%s: option '-%c' requires an argument\n", command_name, optopt);
	} else if (optopt > 0x20 && optopt < 0x7f) {
		fprintf(stderr, "%s: invalid option '-%c'\n", command_name, optopt);
	} else {
		fprintf(stderr, "%s: invalid option\n", command_name);
	}
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
	int opt;

	opterr = 0;
	opt = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (opt == '?' || opt == ':')
		option_mistake(argc, argv, shortopts, longopts);
	return opt;
}

int cli_options(int argc, char **argv, const cli_opt *opts, int nargs, const char *usage)
{
	struct option lo[CLI_OPTS_MAX + 1];
	int n = 0, opt;

	for (; opts[n].name; n++) {
		if (n == CLI_OPTS_MAX)
			return cli_error("%s: more than %d options (CLI_OPTS_MAX)", usage, CLI_OPTS_MAX);
		/* val n + 1: 1 .. CLI_OPTS_MAX, never getopt's '?' or ':' */
		lo[n] = (struct option){opts[n].name, opts[n].value ? required_argument : no_argument, NULL, n + 1};
	}
	lo[n] = (struct option){NULL, 0, NULL, 0};
	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", lo)) != -1) {
		if (opt < 1 || opt > n)
			return cli_usage(usage);
		if (opts[opt - 1].value)
			*opts[opt - 1].value = optarg;
		else
			*opts[opt - 1].flag = 1;
	}
	if (nargs >= 0 && optind != argc - nargs)
		return cli_usage(usage);
	return 0;
}

/* ---- the printer of data ---------------------------------------------- */

#define MAX_WIDTH 10000 /* widths and precisions beyond are a bug */

/* The display columns of a character shown as itself (code point cp). */
static int char_width(uint32_t cp)
{
	int w = 1;
#ifdef __STDC_ISO_10646__
	if (cp >= 0x80)
		w = wcwidth((wchar_t)cp); /* -1 in a non-UTF-8 locale */
#endif
	return w < 0 ? 1 : w;
}

/* Printable ASCII, LF and TAB: shown as they are, one column each. */
static int plain(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t';
}

/* Write the n bytes at s escaped to f (NULL: only measure), at most max
 * columns (max < 0: no limit).  Returns the columns. */
static int put_escaped(FILE *f, const char *s, size_t n, int max)
{
	char out[RCB_SAFE_MAX];
	uint32_t cp;
	int cols = 0, w;

	while (n > 0) {
		size_t used = 0;
		while (used < n && plain((unsigned char)s[used]) && (max < 0 || cols + (int)used < max))
			used++;
		if (used) { /* a run of plain text at once */
			w = (int)used;
			if (f)
				fwrite(s, 1, used, f);
		} else {
			used = rcb_safe_char(s, n, out, &cp);
			w = cp ? char_width(cp) : (int)strlen(out);
			if (max >= 0 && cols + w > max)
				break;
			if (f)
				fputs(out, f);
		}
		cols += w;
		s += used;
		n -= used;
	}
	return cols;
}

void cli_put_safe(FILE *f, const char *s)
{
	if (s)
		put_escaped(f, s, strlen(s), -1);
}

void cli_put_safe_n(FILE *f, const char *s, size_t n) { put_escaped(f, s, n, -1); }

void cli_put_line(FILE *f, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, "\r\n");
		put_escaped(f, s, n, -1);
		s += n;
		if (*s == '\n')
			fputs(" / ", f);
		if (*s)
			s++;
	}
}

int cli_width(const char *s) { return s ? put_escaped(NULL, s, strlen(s), -1) : 0; }

/* s escaped, at most prec columns (prec < 0: all), padded to width as
 * cli_field() says. */
static int field(FILE *f, const char *s, int width, int prec)
{
	size_t n = s ? strlen(s) : 0;
	int cols = width > 0 ? put_escaped(NULL, s, n, prec) : 0, pad;

	for (pad = width - cols; pad > 0; pad--)
		fputc(' ', f);
	cols = put_escaped(f, s, n, prec);
	for (pad = -width - cols; pad > 0; pad--)
		fputc(' ', f);
	return cols > abs(width) ? cols : abs(width);
}

int cli_field(FILE *f, const char *s, int width) { return field(f, s, width, -1); }

/* One conversion of cli_printf: "%", flags, width, precision, length,
 * type. */
typedef struct {
	char spec[24]; /* its text, for fprintf when it is a number */
	int left, star, width, prec; /* prec -1: none */
	char len;                    /* 0, 'l', 'L' (ll) or 'z' */
	char conv;
	size_t used; /* bytes of the format */
} conv_spec;

/* A decimal number of at most MAX_WIDTH at *p, advancing *p. */
static int parse_num(const char **p)
{
	int v = 0;
	for (; **p >= '0' && **p <= '9'; ++*p)
		if ((v = v * 10 + (**p - '0')) > MAX_WIDTH)
			v = MAX_WIDTH;
	return v;
}

/* Parse the conversion at p (*p == '%'); -1 if cli_printf lacks it. */
static int parse_conv(const char *p, conv_spec *c)
{
	const char *q = p + 1;
	int text;

	memset(c, 0, sizeof *c);
	c->prec = -1;
	for (; *q == '-' || *q == '0'; q++)
		c->left |= *q == '-';
	if (*q == '*')
		c->star = 1, q++;
	else
		c->width = parse_num(&q);
	if (*q == '.')
		q++, c->prec = parse_num(&q);
	if (q[0] == 'l' && q[1] == 'l')
		c->len = 'L', q += 2;
	else if (*q == 'l' || *q == 'z')
		c->len = *q++;
	c->conv = *q;
	if (c->conv == '\0' || strchr("diuxXsc%", c->conv) == NULL || (size_t)(q + 1 - p) >= sizeof c->spec)
		return -1;
	text = c->conv == 's' || c->conv == 'c';
	if ((text && c->len) || (!text && (c->star || c->prec >= 0)) || (c->conv == 'd' && c->len == 'z'))
		return -1;
	c->used = (size_t)(q + 1 - p);
	memcpy(c->spec, p, c->used);
	c->spec[c->used] = '\0';
	return 0;
}

/* A number argument, printed by fprintf with the conversion's own text. */
static void put_number(FILE *f, const conv_spec *c, va_list *ap)
{
	int sign = c->conv == 'd' || c->conv == 'i';

	if (c->len == 'z')
		fprintf(f, c->spec, va_arg(*ap, size_t));
	else if (c->len == 'L' && sign)
		fprintf(f, c->spec, va_arg(*ap, long long));
	else if (c->len == 'L')
		fprintf(f, c->spec, va_arg(*ap, unsigned long long));
	else if (c->len == 'l' && sign)
		fprintf(f, c->spec, va_arg(*ap, long));
	else if (c->len == 'l')
		fprintf(f, c->spec, va_arg(*ap, unsigned long));
	else if (sign)
		fprintf(f, c->spec, va_arg(*ap, int));
	else
		fprintf(f, c->spec, va_arg(*ap, unsigned));
}

/* A %s or %c argument, escaped and padded. */
static void put_text(FILE *f, const conv_spec *c, va_list *ap)
{
	int width = c->star ? va_arg(*ap, int) : c->width;
	char one[2] = {0, 0};
	const char *s = one;

	if (c->conv == 's')
		s = va_arg(*ap, const char *);
	else
		one[0] = (char)va_arg(*ap, int);
	if (width < -MAX_WIDTH || width > MAX_WIDTH)
		width = width < 0 ? -MAX_WIDTH : MAX_WIDTH;
	if (c->left && width > 0)
		width = -width; /* as printf: a negative "*" width left-aligns too */
	field(f, s, width, c->prec);
}

int cli_vprintf(FILE *f, const char *fmt, va_list ap)
{
	conv_spec c;
	va_list aq;
	int rc = 0;

	va_copy(aq, ap);
	while (*fmt) {
		size_t n = strcspn(fmt, "%");
		fwrite(fmt, 1, n, f);
		if (fmt[n] == '\0')
			break;
		fmt += n;
		if (parse_conv(fmt, &c) < 0) {
			fputs("%?", f);
			rc = -1;
			break;
		}
		if (c.conv == '%')
			fputc('%', f);
		else if (c.conv == 's' || c.conv == 'c')
			put_text(f, &c, &aq);
		else
			put_number(f, &c, &aq);
		fmt += c.used;
	}
	va_end(aq);
	return rc;
}

int cli_printf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = cli_vprintf(f, fmt, ap);
	va_end(ap);
	return rc;
}
