/* verify_defects.c: defect IDs in commit messages (the note's pattern or
 * the default token rule), and check_history(): the checks defects,
 * undocumented and merge-back over one history walk (see verify.c for the
 * whole; merge-back's own steps are in verify_mergeback.c). */
#include "verify.h"

#define RCB_VERIFY_PART
#include "verify_internal.h"

#include <ctype.h>
#include <git2.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

/* ------------------------------------------------------------------ */
/* defect IDs in commit messages */

static int is_alnum(int c)
{
	return isalnum((unsigned char)c);
}

/* Tokens of the default pattern [A-Z][A-Z0-9]+-[0-9]+ that stand alone
 * (no letter or digit right before or after). */
static int scan_default(const char *s, size_t n,
			int (*fn)(void *ctx, const char *tok, size_t len), void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		size_t j, k;
		if (s[i] < 'A' || s[i] > 'Z' || (i > 0 && is_alnum(s[i - 1])))
			continue;
		j = i + 1;
		while (j < n && ((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')))
			j++;
		if (j - i < 2 || j + 1 >= n || s[j] != '-' || !isdigit((unsigned char)s[j + 1])) {
			i = j - 1;
			continue;
		}
		k = j + 1;
		while (k < n && isdigit((unsigned char)s[k]))
			k++;
		if (k < n && is_alnum(s[k])) {
			i = k - 1;
			continue;
		}
		if (fn(ctx, s + i, k - i))
			return -1;
		i = k - 1;
	}
	return 0;
}

/* Tokens matching sc->re, with the same stand-alone rule. */
static int scan_regex(scanner *sc, const char *s, size_t n,
		      int (*fn)(void *ctx, const char *tok, size_t len), void *ctx)
{
	const char *p;
	regmatch_t m;
	rcb_buf_clear(&sc->tmp);
	if (rcb_buf_put(&sc->tmp, s, n) < 0 || rcb_buf_putc(&sc->tmp, '\0') < 0)
		return sc->oom = 1, -1;
	p = sc->tmp.ptr;
	n = strlen(p); /* a NUL inside a message ends the text regex sees */
	for (size_t at = 0; at < n;) {
		if (regexec(&sc->re, p + at, 1, &m, at ? REG_NOTBOL : 0) != 0)
			break;
		size_t so = at + (size_t)m.rm_so, eo = at + (size_t)m.rm_eo;
		if (eo == so) {
			at = so + 1;
			continue;
		}
		if ((so > 0 && is_alnum(p[so - 1])) || (eo < n && is_alnum(p[eo]))) {
			at = so + 1;
			continue;
		}
		if (fn(ctx, p + so, eo - so))
			return -1;
		at = eo;
	}
	return 0;
}

static int scan_tokens(scanner *sc, const char *s, size_t n,
		       int (*fn)(void *ctx, const char *tok, size_t len), void *ctx)
{
	return sc->use_re ? scan_regex(sc, s, n, fn, ctx) : scan_default(s, n, fn, ctx);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* bsearch in a sorted string array for the len bytes at tok. */
static long find_tok(char *const *arr, size_t n, const char *tok, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(arr[mid], tok, len);
		if (c == 0 && arr[mid][len] != '\0')
			c = 1;
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

typedef struct {
	scanner *sc;
	uint32_t cand;
	int whole;       /* for the "is this ID a token" test */
	size_t idlen;
} scan_ctx;

static int sc_add_ev(scanner *sc, uint32_t cand, uint32_t kind, uint32_t off, uint32_t len)
{
	if (w_grow((void **)&sc->ev, &sc->evcap, sc->nev + 1, sizeof *sc->ev) < 0)
		return sc->oom = 1, -1;
	sc->ev[sc->nev++] = (scan_ev){cand, kind, off, len};
	return 0;
}

static int on_token(void *vctx, const char *tok, size_t len)
{
	scan_ctx *c = vctx;
	scanner *sc = c->sc;
	long k = find_tok(sc->ids, sc->nids, tok, len);
	if (k >= 0)
		return sc_add_ev(sc, c->cand, 0, (uint32_t)k, 0);
	if (find_tok(sc->other, sc->nother, tok, len) >= 0)
		return 0;
	if (len > 200)
		len = 200;
	size_t off = sc->arena.len;
	if (rcb_buf_put(&sc->arena, tok, len) < 0)
		return sc->oom = 1, -1;
	return sc_add_ev(sc, c->cand, 1, (uint32_t)off, (uint32_t)len);
}

static int on_whole(void *vctx, const char *tok, size_t len)
{
	scan_ctx *c = vctx;
	(void)tok;
	if (len == c->idlen)
		c->whole = 1;
	return 0;
}

static int on_odd(void *vctx, size_t k)
{
	scan_ctx *c = vctx;
	return sc_add_ev(c->sc, c->cand, 0, (uint32_t)c->sc->oddmap[k], 0);
}

/* The message of candidate cand: record every defect-like token and every
 * note defect that the pattern does not describe (found as a whole, in the
 * same pass for all of them: verify_match.c). */
static int scan_message(void *vsc, size_t cand, const char *msg, size_t len)
{
	scanner *sc = vsc;
	scan_ctx c = {sc, (uint32_t)cand, 0, 0};
	if (scan_tokens(sc, msg, len, on_token, &c) < 0)
		return -1;
	if (sc->oddm && rcb_idmatch_scan(sc->oddm, msg, len, on_odd, &c) != 0)
		return -1;
	return 0;
}

/* Forget what was scanned (the walk starts again). */
static void scan_reset(void *vsc)
{
	scanner *sc = vsc;
	sc->nev = 0;
	rcb_buf_clear(&sc->arena);
}

static char *trim_dup(const char *s)
{
	size_t l;
	while (*s && isspace((unsigned char)*s))
		s++;
	l = strlen(s);
	while (l && isspace((unsigned char)s[l - 1]))
		l--;
	char *d = malloc(l + 1);
	if (d) {
		memcpy(d, s, l);
		d[l] = '\0';
	}
	return d;
}

/* Sorted unique trimmed copies of the non-empty strings in src. */
static int dup_sorted(char ***out, size_t *nout, const char *const *src, size_t n)
{
	char **a = n ? calloc(n, sizeof *a) : NULL;
	size_t k = 0;
	*out = NULL;
	*nout = 0;
	if (n && !a)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!src[i])
			continue;
		char *d = trim_dup(src[i]);
		if (!d) {
			for (size_t j = 0; j < k; j++)
				free(a[j]);
			free(a);
			return -1;
		}
		if (!*d) {
			free(d);
			continue;
		}
		a[k++] = d;
	}
	if (k)
		qsort(a, k, sizeof *a, cmp_strp);
	size_t u = 0;
	for (size_t i = 0; i < k; i++) {
		if (u && strcmp(a[u - 1], a[i]) == 0) {
			free(a[i]);
			continue;
		}
		a[u++] = a[i];
	}
	*out = a;
	*nout = u;
	return 0;
}

void scanner_free(scanner *sc)
{
	if (sc->use_re)
		regfree(&sc->re);
	for (size_t i = 0; i < sc->nids; i++)
		free(sc->ids[i]);
	free(sc->ids);
	for (size_t i = 0; i < sc->nother; i++)
		free(sc->other[i]);
	free(sc->other);
	free(sc->odd);
	rcb_idmatch_free(sc->oddm);
	free(sc->oddmap);
	free(sc->ev);
	rcb_buf_free(&sc->arena);
	rcb_buf_free(&sc->tmp);
}

/* The matcher of the odd IDs (none: no matcher).  0 or RCB_ENOMEM. */
static int odd_matcher(scanner *sc)
{
	const char **v;
	size_t k = 0;
	int rc;
	if (!sc->nodd)
		return 0;
	if (!(v = calloc(sc->nodd, sizeof *v)) || !(sc->oddmap = calloc(sc->nodd, sizeof *sc->oddmap))) {
		free(v);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < sc->nids; i++)
		if (sc->odd[i]) {
			sc->oddmap[k] = i;
			v[k++] = sc->ids[i];
		}
	rc = rcb_idmatch_new(&sc->oddm, v, k);
	free(v);
	return rc;
}

/* Returns 0, RCB_EINVAL (bad pattern) or RCB_ENOMEM. */
int scanner_init(scanner *sc, const rcb_verify_input *in)
{
	memset(sc, 0, sizeof *sc);
	if (in->defect_pattern && *in->defect_pattern) {
		int e = regcomp(&sc->re, in->defect_pattern, REG_EXTENDED);
		if (e != 0) {
			char msg[256];
			regerror(e, &sc->re, msg, sizeof msg);
			return rcb_error_set(RCB_EINVAL, "defect pattern '%s': %s", in->defect_pattern, msg);
		}
		sc->use_re = 1;
	}
	if (dup_sorted(&sc->ids, &sc->nids, in->defects, in->ndefects) < 0 ||
	    dup_sorted(&sc->other, &sc->nother, in->other_ids, in->nother_ids) < 0 ||
	    (sc->nids && !(sc->odd = calloc(sc->nids, 1))))
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	for (size_t i = 0; i < sc->nids; i++) {
		scan_ctx c = {sc, 0, 0, strlen(sc->ids[i])};
		if (scan_tokens(sc, sc->ids[i], c.idlen, on_whole, &c) < 0)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		sc->odd[i] = !c.whole;
		sc->nodd += !c.whole;
	}
	return odd_matcher(sc);
}


typedef struct {
	const char *tok;
	size_t len;
	uint32_t cand;
} und;

static int cmp_und(const void *a, const void *b)
{
	const und *x = a, *y = b;
	size_t l = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->tok, y->tok, l);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->cand < y->cand ? -1 : x->cand > y->cand;
}


/* The previous release's tag (owned; NULL when there is none): the one
 * the input names, else derived from its version, else (with
 * RCB_VERIFY_GUESS_PREV) the newest older tag of this tag's shape.  *bad is
 * set when the version is given but no tag can be derived from it. */
static char *prev_tag_of(git_repository *repo, const rcb_verify_input *in, int *bad)
{
	char *prev_tag = NULL;
	if (in->prev_tag && *in->prev_tag)
		prev_tag = rcb_strdup(in->prev_tag);
	else if (in->prev_version && *in->prev_version) {
		if (rcb_verify_tag_for_version(&prev_tag, in->tag, in->version, in->prev_version) < 0)
			prev_tag = NULL, *bad = 1;
	} else if (in->flags & RCB_VERIFY_GUESS_PREV)
		scan_tag_shapes(repo, in->tag, in->version, &prev_tag, NULL, NULL);
	return prev_tag;
}

/* defects: every note defect found in a message of the range?  found[k]
 * is the candidate that names sc->ids[k], or -1. */
static void report_defects(rcb_verify_result *r, const scanner *sc, const long *found, const walk_out *wo,
			   const char *range, const rcb_verify_input *in, const char *prev_tag, int have_prev)
{
	rcb_buf d = RCB_BUF_INIT;
	size_t nmiss = 0;
	for (size_t k = 0; k < sc->nids; k++)
		if (found[k] < 0)
			rcb_buf_printf(&d, "%s%s", nmiss++ ? ", " : "", sc->ids[k]);
	if (in->flags & RCB_VERIFY_NO_NOTE) {
		set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_FAIL,
			  RCB_VERIFY_NO_NOTE_DETAIL ": no fixed defects to look for in %s", range);
	} else if (sc->nids == 0) {
		set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_SKIP, "the note lists no fixed defects");
	} else if (nmiss == 0) {
		rcb_buf msg = RCB_BUF_INIT;
		rcb_buf_printf(&msg, "all %zu defect%s found in %s", sc->nids, sc->nids == 1 ? "" : "s", range);
		set_check_buf(r, RCB_VCHECK_DEFECTS, RCB_CHECK_PASS, &msg);
	} else {
		rcb_buf msg = RCB_BUF_INIT;
		if (wo->truncated)
			rcb_buf_printf(&msg, "not completed: shallow clone, history ends before %s; not found in the available history: %s",
				       have_prev ? prev_tag : "the first commit", rcb_buf_cstr(&d));
		else
			rcb_buf_printf(&msg, "%zu of %zu not in any commit message of %s: %s", nmiss, sc->nids,
				       range, rcb_buf_cstr(&d));
		if (have_prev && wo->nrange == 0)
			rcb_buf_printf(&msg, " (%s already contains %s)", prev_tag, in->tag);
		set_check_buf(r, RCB_VCHECK_DEFECTS, wo->truncated ? RCB_CHECK_WARN : RCB_CHECK_FAIL, &msg);
		rcb_buf_free(&msg);
	}
	rcb_buf_free(&d);
}

/* undocumented: the defect-like tokens u[0, nu) of the range that the note
 * does not list (u is sorted here: by token, unique, the newest commit). */
static void report_undocumented(rcb_verify_result *r, und *u, size_t nu, const walk_out *wo, const char *range,
				int no_note)
{
	rcb_buf d = RCB_BUF_INIT;
	size_t nund = 0;
	if (nu > 1)
		qsort(u, nu, sizeof *u, cmp_und);
	for (size_t x = 0; x < nu; x++) {
		if (x && u[x].len == u[x - 1].len && memcmp(u[x].tok, u[x - 1].tok, u[x].len) == 0)
			continue;
		char hex[SHORT_HEX + 1];
		hex_of(hex, sizeof hex, &wo->cand_oid[u[x].cand]);
		rcb_buf_printf(&d, "%s%.*s (%s)", nund++ ? ", " : "", (int)u[x].len, u[x].tok, hex);
	}
	if (nund == 0)
		set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_PASS,
			  "no defect IDs in %s%s%s", range, no_note ? "" : " beyond the note's",
			  wo->truncated ? " (shallow clone: only the available history)" : "");
	else
		set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_WARN, "%zu ID%s in %s %s: %s%s", nund,
			  nund == 1 ? "" : "s", range, no_note ? "and no release note to list them" : "not in the note",
			  rcb_buf_cstr(&d),
			  wo->truncated ? " (shallow clone: only the available history)" : "");
	rcb_buf_free(&d);
}

/* defects and undocumented from the scanner's events of the candidates
 * that survived the walk.  Returns 0, or -1 when out of memory (neither
 * check set). */
static int report_range(rcb_verify_result *r, const scanner *sc, const walk_out *wo, const rcb_verify_input *in,
			const char *prev_tag, int have_prev)
{
	long *found = sc->nids ? calloc(sc->nids, sizeof *found) : NULL;
	char range[600];
	if (sc->nids && !found)
		return -1;
	for (size_t k = 0; k < sc->nids; k++)
		found[k] = -1;
	r->range_commits = wo->nrange;
	if (have_prev)
		snprintf(range, sizeof range, "%s..%s (%zu commit%s)", prev_tag, in->tag, wo->nrange,
			 wo->nrange == 1 ? "" : "s");
	else
		snprintf(range, sizeof range, "the whole history of %s (%zu commit%s; no previous release)",
			 in->tag, wo->nrange, wo->nrange == 1 ? "" : "s");
	und *u = calloc(sc->nev + 1, sizeof *u);
	size_t nu = 0;
	if (!u) {
		free(found);
		return -1;
	}
	for (size_t e = 0; e < sc->nev; e++) {
		const scan_ev *ev = &sc->ev[e];
		if (!wo->alive[ev->cand])
			continue;
		if (ev->kind == 0) {
			if (found[ev->off] < 0)
				found[ev->off] = (long)ev->cand;
		} else {
			u[nu++] = (und){sc->arena.ptr + ev->off, ev->len, ev->cand};
		}
	}
	report_defects(r, sc, found, wo, range, in, prev_tag, have_prev);
	report_undocumented(r, u, nu, wo, range, (in->flags & RCB_VERIFY_NO_NOTE) != 0);
	free(u);
	free(found);
	return 0;
}

/* The history checks: defects, undocumented, merge-back.  Steps: the
 * previous release's commit bounds the range; the older emergency releases
 * are the walk's targets (verify_mergeback.c); one walk answers both; then
 * each check reports. */
void check_history(rcb_verify_result *r, git_repository *repo, git_odb *odb, rcb_commitgraph *cg,
			  const git_oid *shallow, size_t nshallow, const git_oid *tip,
			  const rcb_verify_input *in, scanner *sc, int tip_ok,
			  rcb_verify_progress_fn progress, void *pctx)
{
	git_oid prev;
	int have_prev = 0, prev_bad = 0;
	rcb_buf why = RCB_BUF_INIT;
	mergeback mb;
	walk_out wo;
	rcb_version cur;
	char *prev_tag;
	int rc;

	memset(&wo, 0, sizeof wo);
	memset(&mb, 0, sizeof mb);
	rcb_version_parse(&cur, in->version);

	prev_tag = prev_tag_of(repo, in, &prev_bad);
	if (prev_tag)
		r->prev_tag = rcb_strdup(prev_tag);
	mergeback_guess(&mb, repo, in);

	if (!tip_ok) {
		const char *m = "the tag does not point at a readable commit";
		set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_SKIP, "%s", m);
		set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_SKIP, "%s", m);
		set_check(r, RCB_VCHECK_MERGE_BACK, RCB_CHECK_SKIP, "%s", m);
		goto out;
	}
	if (prev_bad) {
		set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_FAIL,
			  "previous release %s: cannot derive its tag, '%s' does not contain %s",
			  in->prev_version, in->tag, in->version);
		set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_SKIP, "the range cannot be bounded");
	} else if (prev_tag) {
		if (tag_commit_of(&prev, repo, odb, prev_tag, &why) < 0) {
			set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_FAIL,
				  "previous release %s; the range cannot be bounded", rcb_buf_cstr(&why));
			set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_SKIP, "the range cannot be bounded");
			prev_bad = 1;
		} else {
			have_prev = 1;
		}
	}

	if (mergeback_targets(&mb, repo, odb, &cur) < 0)
		goto oom;

	/* one walk: prev..tag and every emergency commit's ancestry */
	if (!prev_bad || mb.ntargets) {
		git_buf objdir = {NULL, 0, 0};
		walk_req rq = {tip, have_prev ? &prev : NULL, mb.targets, mb.ntargets, prev_bad,
			       prev_bad ? NULL : scan_message, sc, progress, pctx, NULL};
		if (git_repository_item_path(&objdir, repo, GIT_REPOSITORY_ITEM_OBJECTS) == 0)
			rq.objdir = objdir.ptr;
		rcb_buf_clear(&why);
		rc = history_walk(cg, odb, shallow, nshallow, &rq, &wo, scan_reset, &why);
		git_buf_dispose(&objdir);
		r->commit_graph = wo.graph;
		r->read_ahead = wo.read_ahead;
		if (rc < 0 || sc->oom) {
			const char *m = sc->oom ? "out of memory" : rcb_buf_cstr(&why);
			if (!prev_bad) {
				set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_FAIL, "history unreadable: %s", m);
				set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_SKIP, "history unreadable: %s", m);
			}
			set_check(r, RCB_VCHECK_MERGE_BACK, mb.ntargets ? RCB_CHECK_FAIL : RCB_CHECK_SKIP,
				  "history unreadable: %s", m);
			goto out;
		}
	}

	if (!prev_bad && report_range(r, sc, &wo, in, prev_tag, have_prev) < 0)
		goto oom;
	mergeback_report(r, &mb, &wo, repo, odb, cg, shallow, nshallow, tip, in);
	goto out;
oom:
	set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_FAIL, "out of memory");
out:
	mergeback_free(&mb);
	free(prev_tag);
	walk_out_free(&wo);
	rcb_buf_free(&why);
}
