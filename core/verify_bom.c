/* verify_bom.c: the Bill of Materials against the tagged tree (the check
 * bom; see verify.c for the whole). */
#include "verify.h"

#define RCB_VERIFY_PART
#include "verify_internal.h"

#include <ctype.h>
#include <git2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Bill of Materials against the tagged tree
 *
 * The BOM paths are sorted once; the tree is descended only into
 * directories that some BOM path needs, each tree object read once and its
 * entries matched by binary search among the wanted names -- no per-path
 * lookups from the root, no path strings built for files nobody listed. */

enum { BOM_UNSEEN, BOM_OK, BOM_MISSING, BOM_ISDIR, BOM_NOTDIR, BOM_INVALID, BOM_UNREADABLE, BOM_DUPLICATE };

typedef struct {
	const char *path;  /* normalised, points into the caller's string */
	size_t len;
	size_t idx;        /* index in the input */
} bom_ent;

typedef struct {
	git_odb *odb;      /* NULL until a tree must be read through libgit2 (bom_odb) */
	git_odb *shared;   /* the verification's */
	git_odb *own;      /* owned: objdir's own, opened by bom_odb (odb_own) */
	const char *objdir;
	const packs *ps;   /* the trees read straight from the packs; NULL: all through odb */
	pack_reader *rd;
	bom_ent *ent;      /* sorted by path */
	unsigned char *st; /* per input index */
	git_oid *found;    /* per input index */
	unsigned char *is_link; /* found a gitlink (submodule commit) */
	rcb_buf why;       /* first unreadable tree */
	int oom;
} bomctx;

typedef struct {
	const char *name;
	size_t len;
	int dir;
	size_t lo, hi;     /* ent range */
	int matched;
	int dup;           /* the tree lists this name more than once */
} bom_comp;

static int cmp_bom_ent(const void *a, const void *b)
{
	const bom_ent *x = a, *y = b;
	size_t l = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->path, y->path, l);
	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

static int cmp_comp(const void *a, const void *b)
{
	const bom_comp *x = a, *y = b;
	size_t l = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->name, y->name, l);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->dir - y->dir;
}

static void bom_mark(bomctx *b, size_t lo, size_t hi, int st)
{
	for (size_t i = lo; i < hi; i++)
		if (b->st[b->ent[i].idx] == BOM_UNSEEN)
			b->st[b->ent[i].idx] = (unsigned char)st;
}

/* Tree `tree`'s bytes [*d, *end): straight from the packs into *raw
 * (the caller frees it) when it can be read there whole, else through
 * libgit2 into *obj (git_odb_object_free), which also says in b->why what
 * is wrong with a tree that cannot be read (-1). */
static int bom_read(bomctx *b, const git_oid *tree, git_odb_object **obj, unsigned char **raw, const char **d,
		    const char **end)
{
	size_t len;
	int type;

	if (b->ps && pack_object_read(b->ps, b->rd, tree, &type, raw, &len) == 0 && type == GIT_OBJECT_TREE) {
		*d = (const char *)*raw;
		*end = *d + len;
		return 0;
	}
	free(*raw);
	*raw = NULL;
	if (!b->odb) /* a git_odb of this thread's own: libgit2 serializes the reads of one */
		b->odb = odb_own(&b->own, b->objdir, b->shared);
	if (read_obj(obj, b->odb, tree, &b->why) < 0 || git_odb_object_type(*obj) != GIT_OBJECT_TREE) {
		if (*obj) {
			char hex[GIT_OID_HEXSZ + 1];
			rcb_buf_clear(&b->why);
			rcb_buf_printf(&b->why, "object %s is a %s, not a tree", hex_of(hex, sizeof hex, tree),
				       type_name(git_odb_object_type(*obj)));
		}
		return -1;
	}
	*d = git_odb_object_data(*obj);
	*end = *d + git_odb_object_size(*obj);
	return 0;
}

/* Entries ent[lo..hi) all start with the directory prefix (length pfx). */
static int bom_dir(bomctx *b, const git_oid *tree, size_t pfx, size_t lo, size_t hi, int depth)
{
	bom_comp *comp = NULL;
	size_t ncomp = 0;
	git_odb_object *obj = NULL;
	unsigned char *bytes = NULL; /* the tree, when read straight from a pack */
	const char *d, *end;
	git_oid *sub = NULL;
	size_t *subc = NULL, nsub = 0;
	int rc = 0;

	if (depth > 512) {
		bom_mark(b, lo, hi, BOM_INVALID);
		return 0;
	}
	comp = calloc(hi - lo, sizeof *comp);
	if (!comp)
		return b->oom = 1, -1;
	for (size_t i = lo; i < hi;) {
		const char *p = b->ent[i].path + pfx;
		size_t rest = b->ent[i].len - pfx;
		const char *sl = memchr(p, '/', rest);
		bom_comp *c = &comp[ncomp++];
		c->name = p;
		if (!sl) {
			c->len = rest;
			c->lo = i;
			c->hi = ++i;
			continue;
		}
		c->len = (size_t)(sl - p);
		c->dir = 1;
		c->lo = i;
		for (i++; i < hi; i++) {
			const bom_ent *e = &b->ent[i];
			if (e->len - pfx <= c->len || memcmp(e->path + pfx, p, c->len + 1) != 0)
				break;
		}
		c->hi = i;
	}
	qsort(comp, ncomp, sizeof *comp, cmp_comp);

	if (bom_read(b, tree, &obj, &bytes, &d, &end) < 0) {
		bom_mark(b, lo, hi, BOM_UNREADABLE);
		goto out;
	}
	sub = calloc(ncomp, sizeof *sub);
	subc = calloc(ncomp, sizeof *subc);
	if (!sub || !subc) {
		rc = -1;
		b->oom = 1;
		goto out;
	}
	while (d < end) {
		unsigned mode = 0;
		const char *sp = memchr(d, ' ', (size_t)(end - d)), *name, *nul;
		if (!sp)
			break;
		for (const char *q = d; q < sp; q++)
			mode = mode * 8 + (unsigned)(*q - '0');
		name = sp + 1;
		nul = memchr(name, '\0', (size_t)(end - name));
		if (!nul || (size_t)(end - nul - 1) < GIT_OID_RAWSZ) {
			char hex[GIT_OID_HEXSZ + 1];
			rcb_buf_clear(&b->why);
			rcb_buf_printf(&b->why, "tree %s is malformed", hex_of(hex, sizeof hex, tree));
			break;
		}
		const unsigned char *raw = (const unsigned char *)nul + 1;
		size_t nl = (size_t)(nul - name);
		d = nul + 1 + GIT_OID_RAWSZ;
		/* binary search the first comp with this name */
		bom_comp key = {name, nl, 0, 0, 0, 0, 0};
		size_t clo = 0, chi = ncomp;
		while (clo < chi) {
			size_t mid = (clo + chi) / 2;
			if (cmp_comp(&comp[mid], &key) < 0)
				clo = mid + 1;
			else
				chi = mid;
		}
		for (size_t k = clo; k < ncomp && comp[k].len == nl && memcmp(comp[k].name, name, nl) == 0; k++) {
			bom_comp *c = &comp[k];
			int is_tree = (mode & 0170000) == 0040000;
			int is_link = (mode & 0170000) == 0160000;
			if (c->matched) {
				/* A hostile tree: the same name twice (git fsck's
				 * duplicateEntries).  Which one is meant is
				 * unknowable; neither is taken. */
				c->dup = 1;
				continue;
			}
			c->matched = 1;
			if (c->dir) {
				if (is_tree && nsub < ncomp) {
					memcpy(sub[nsub].id, raw, GIT_OID_RAWSZ);
					subc[nsub++] = k;
				} else {
					bom_mark(b, c->lo, c->hi, BOM_NOTDIR);
				}
			} else if (is_tree) {
				bom_mark(b, c->lo, c->hi, BOM_ISDIR);
			} else {
				size_t ix = b->ent[c->lo].idx;
				b->st[ix] = BOM_OK;
				memcpy(b->found[ix].id, raw, GIT_OID_RAWSZ);
				b->is_link[ix] = (unsigned char)is_link;
			}
		}
	}
	git_odb_object_free(obj);
	obj = NULL;
	free(bytes);
	bytes = NULL;
	for (size_t k = 0; k < ncomp; k++) {
		if (!comp[k].matched)
			bom_mark(b, comp[k].lo, comp[k].hi, BOM_MISSING);
		for (size_t i = comp[k].lo; comp[k].dup && i < comp[k].hi; i++)
			b->st[b->ent[i].idx] = BOM_DUPLICATE;
	}
	for (size_t s = 0; s < nsub; s++) {
		bom_comp *c = &comp[subc[s]];
		if (c->dup)
			continue;
		if ((rc = bom_dir(b, &sub[s], pfx + c->len + 1, c->lo, c->hi, depth + 1)) < 0)
			break;
	}
out:
	if (obj)
		git_odb_object_free(obj);
	free(bytes);
	free(sub);
	free(subc);
	free(comp);
	return rc;
}

/* Strip "./" and leading "/"; refuse empty, "." and ".." components. */
static int bom_normalise(const char *p, const char **out, size_t *len)
{
	while (*p == ' ' || *p == '\t')
		p++;
	for (;;) {
		if (p[0] == '.' && p[1] == '/')
			p += 2;
		else if (p[0] == '/')
			p++;
		else
			break;
	}
	size_t l = strlen(p);
	while (l && (p[l - 1] == ' ' || p[l - 1] == '\t' || p[l - 1] == '\r'))
		l--;
	*out = p;
	*len = l;
	if (l == 0)
		return -1;
	for (size_t i = 0; i < l;) {
		size_t j = i;
		while (j < l && p[j] != '/')
			j++;
		if (j == i || (j - i == 1 && p[i] == '.') || (j - i == 2 && p[i] == '.' && p[i + 1] == '.'))
			return -1;
		i = j + 1;
		if (j == l - 1) /* trailing slash */
			return -1;
	}
	return 0;
}

/* Does Version cell v name a git object: 7 to 64 hex digits (rcb-notes(5);
 * longer than 40 cannot match in a SHA-1 repository and is a mismatch)? */
static int version_is_oid(const char *v, size_t *len)
{
	while (*v == ' ')
		v++;
	size_t l = strlen(v);
	while (l && isspace((unsigned char)v[l - 1]))
		l--;
	*len = l;
	return l >= 7 && l <= 64 && is_hex_string(v, l);
}

void check_bom(rcb_verify_result *r, git_odb *odb, const char *objdir, const git_oid *tree,
	       const rcb_verify_input *in)
{
	packs ps;
	bomctx b;
	size_t n = in->nbom, nent = 0, nmissing = 0, nbad = 0, nids = 0, nok = 0;
	rcb_buf miss = RCB_BUF_INIT, bad = RCB_BUF_INIT, d = RCB_BUF_INIT;
	int i = RCB_VCHECK_BOM;

	memset(&b, 0, sizeof b);
	if (in->flags & RCB_VERIFY_NO_NOTE) {
		set_check(r, i, RCB_CHECK_FAIL, RCB_VERIFY_NO_NOTE_DETAIL ": no Bill of Materials to check");
		return;
	}
	if (n == 0) {
		set_check(r, i, RCB_CHECK_SKIP, "the note has no Bill of Materials");
		return;
	}
	b.shared = odb;
	b.objdir = objdir;
	if (objdir && (b.rd = pack_reader_new()) != NULL) {
		packs_open(&ps, objdir);
		b.ps = &ps;
	}
	b.ent = calloc(n, sizeof *b.ent);
	b.st = calloc(n, 1);
	b.found = calloc(n, sizeof *b.found);
	b.is_link = calloc(n, 1);
	if (!b.ent || !b.st || !b.found || !b.is_link)
		goto oom;
	for (size_t k = 0; k < n; k++) {
		const char *p;
		size_t l;
		if (!in->bom_paths[k] || bom_normalise(in->bom_paths[k], &p, &l) < 0) {
			b.st[k] = BOM_INVALID;
			continue;
		}
		b.ent[nent++] = (bom_ent){p, l, k};
	}
	qsort(b.ent, nent, sizeof *b.ent, cmp_bom_ent);
	if (nent && bom_dir(&b, tree, 0, 0, nent, 0) < 0)
		goto oom;
	for (size_t k = 0; k < n; k++) {
		const char *path = in->bom_paths[k] ? in->bom_paths[k] : "";
		const char *why = NULL;
		switch (b.st[k]) {
		case BOM_OK: {
			size_t vl;
			const char *v = in->bom_versions ? in->bom_versions[k] : NULL;
			nok++;
			if (v && version_is_oid(v, &vl)) {
				char hex[GIT_OID_HEXSZ + 1];
				while (*v == ' ')
					v++;
				hex_of(hex, sizeof hex, &b.found[k]);
				nids++;
				if (strncasecmp(hex, v, vl) != 0) {
					rcb_buf_printf(&bad, "%s%s (%s %.*s, note says %.*s)", nbad ? ", " : "", path,
						       b.is_link[k] ? "submodule commit" : "blob", SHORT_HEX, hex,
						       (int)vl, v);
					nbad++;
				}
			}
			continue;
		}
		case BOM_ISDIR: why = " (a directory)"; break;
		case BOM_NOTDIR: why = " (a parent is not a directory)"; break;
		case BOM_INVALID: why = " (not a valid path)"; break;
		case BOM_UNREADABLE: why = " (tree unreadable)"; break;
		case BOM_DUPLICATE: why = " (a tree lists it twice: corrupt, git fsck duplicateEntries)"; break;
		default: why = ""; break;
		}
		rcb_buf_printf(&miss, "%s%s%s", nmissing ? ", " : "", path, why);
		nmissing++;
	}
	if (b.oom)
		goto oom;
	if (nmissing == 0 && nbad == 0) {
		rcb_buf_printf(&d, "%zu path%s present in the tagged tree", n, n == 1 ? "" : "s");
		if (nids)
			rcb_buf_printf(&d, "; %zu blob id%s match", nids, nids == 1 ? "" : "s");
		set_check_buf(r, i, RCB_CHECK_PASS, &d);
	} else {
		if (nmissing)
			rcb_buf_printf(&d, "%zu of %zu path%s missing: %s", nmissing, n, n == 1 ? "" : "s",
				       rcb_buf_cstr(&miss));
		if (nbad)
			rcb_buf_printf(&d, "%s%zu blob id%s mismatched: %s", nmissing ? "; " : "", nbad,
				       nbad == 1 ? "" : "s", rcb_buf_cstr(&bad));
		if (b.why.len)
			rcb_buf_printf(&d, "; %s", rcb_buf_cstr(&b.why));
		set_check_buf(r, i, RCB_CHECK_FAIL, &d);
	}
	goto out;
oom:
	set_check(r, i, RCB_CHECK_FAIL, "out of memory checking the Bill of Materials");
out:
	if (b.ps)
		packs_close(&ps);
	pack_reader_free(b.rd);
	git_odb_free(b.own);
	free(b.ent);
	free(b.st);
	free(b.found);
	free(b.is_link);
	rcb_buf_free(&b.why);
	rcb_buf_free(&miss);
	rcb_buf_free(&bad);
	rcb_buf_free(&d);
}



void rcb_verify_check_bom(rcb_verify_result *r, git_odb *odb, const git_oid *tree, const rcb_verify_input *in)
{
	check_bom(r, odb, NULL, tree, in);
}
