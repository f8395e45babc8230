/* test_commitgraph.c: rcb's reader of git's commit-graph against libgit2.
 *
 * Each test builds a real repository with the git CLI in a temporary
 * directory: a generated history (fixed seed) of several branches with
 * merges, octopus merges, more than one root and commits dated before their
 * parents (so corrected commit dates differ from commit dates), imported
 * with `git fast-import`, then a graph written by `git commit-graph write`
 * (generation v1 and v2, single file and split chains, complete and
 * stale).  Every answer of the reader is compared with libgit2's on the
 * same repository: parents and times (git_commit_*), ancestry
 * (git_graph_descendant_of), ranges (git_revwalk).  Broken files --
 * truncated at every length, every bit flipped, out-of-range parents,
 * generation numbers out of order, bad chains -- must be refused or make a
 * walk fail, never crash. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commitgraph.h"
#include "fixture.h"

#define MAXC 700
#define MAXP 5

typedef struct {
	char dir[64];
	char git[96];
	size_t n;
	git_oid id[MAXC];
	int np[MAXC];
	int par[MAXC][MAXP];
	uint64_t time[MAXC], level[MAXC], corrected[MAXC];
	git_repository *repo;
	/* libgit2's answer to "what does commit i reach", sorted; cached */
	git_oid *reach[MAXC];
	size_t nreach[MAXC];
} hist;

static unsigned long rng_state;
static unsigned rnd(void)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng_state >> 33);
}

static void sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

enum { H_OCTOPUS = 1, H_SKEW = 2 };

/* Build a bare repository of n commits (options H_*) under a new temp dir. */
static hist *history_new(size_t n, unsigned seed, unsigned opts)
{
	hist *h = calloc(1, sizeof *h);
	char path[160], line[128];
	int heads[6] = {-1, -1, -1, -1, -1, -1};
	FILE *f;

	assert_non_null(h);
	assert_true(n <= MAXC);
	fx_mkdtemp(h->dir, sizeof h->dir, "cg");
	snprintf(h->git, sizeof h->git, "%s/repo.git", h->dir);
	h->n = n;
	rng_state = seed;
	snprintf(path, sizeof path, "%s/stream", h->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (size_t i = 0; i < n; i++) {
		int j = (int)(rnd() % 6), np = 0;
		char msg[96];
		uint64_t t = 1600000000u + i * 1000u, lv = 0, cd = 0;

		if (heads[j] >= 0)
			h->par[i][np++] = heads[j];
		else if (j >= 2 && heads[0] >= 0)
			h->par[i][np++] = heads[0];  /* branches 2..5 fork from 0; 0 and 1 are roots */
		if (np > 0 && rnd() % 5 == 0) {
			int k = (int)(rnd() % 6);
			if (k != j && heads[k] >= 0 && heads[k] != h->par[i][0])
				h->par[i][np++] = heads[k];
		}
		if ((opts & H_OCTOPUS) && np > 0 && rnd() % 20 == 0) {
			for (int k = 0; k < 6 && np < MAXP; k++) {
				int dup = heads[k] < 0;
				for (int q = 0; q < np; q++)
					dup |= h->par[i][q] == heads[k];
				if (!dup)
					h->par[i][np++] = heads[k];
			}
		}
		if ((opts & H_SKEW) && rnd() % 8 == 0)
			t -= 400000; /* earlier than its parents */
		h->np[i] = np;
		h->time[i] = t;
		for (int q = 0; q < np; q++) {
			int p = h->par[i][q];
			if (h->level[p] > lv)
				lv = h->level[p];
			if (h->corrected[p] > cd)
				cd = h->corrected[p];
		}
		h->level[i] = lv + 1;
		h->corrected[i] = np ? (t > cd + 1 ? t : cd + 1) : t;

		snprintf(msg, sizeof msg, "commit %zu fixes DEF-%zu\n", i, i);
		fprintf(f, "commit refs/heads/b%d\nmark :%zu\ncommitter T <t@example.com> %llu +0000\ndata %zu\n%s", j,
			i + 1, (unsigned long long)t, strlen(msg), msg);
		for (int q = 0; q < np; q++)
			fprintf(f, "%s :%d\n", q == 0 ? "from" : "merge", h->par[i][q] + 1);
		fprintf(f, "M 644 inline f%zu\ndata %d\n%zu\n\n", i % 37, snprintf(NULL, 0, "%zu", i) + 1, i);
		if (i % 10 == 9)
			fprintf(f, "reset refs/tags/t%zu\nfrom :%zu\n\n", i, i + 1);
		heads[j] = (int)i;
	}
	assert_int_equal(fclose(f), 0);
	sh("git init -q --bare %s && git -C %s fast-import --quiet --export-marks=%s/marks <%s/stream", h->git, h->git,
	   h->dir, h->dir);
	snprintf(path, sizeof path, "%s/marks", h->dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		size_t m;
		char hex[64];
		assert_int_equal(sscanf(line, ":%zu %63s", &m, hex), 2);
		assert_true(m >= 1 && m <= n);
		assert_int_equal(git_oid_fromstr(&h->id[m - 1], hex), 0);
	}
	fclose(f);
	assert_int_equal(git_repository_open_bare(&h->repo, h->git), 0);
	return h;
}

static void history_free(hist *h)
{
	for (size_t i = 0; i < MAXC; i++)
		free(h->reach[i]);
	git_repository_free(h->repo);
	assert_int_equal(fx_rmtree(h->dir), 0);
	free(h);
}

/* git commit-graph write --reachable, generation version v. */
static void write_graph(hist *h, int v)
{
	sh("git -C %s -c commitGraph.generationVersion=%d commit-graph write --reachable", h->git, v);
}

/* Write the commits reachable from id[0..upto-1] as one more layer of a
 * split chain (--split=no-merge keeps every layer apart). */
static void write_layer(hist *h, size_t upto, int v)
{
	char path[160], hex[GIT_OID_HEXSZ + 1];
	FILE *f;
	snprintf(path, sizeof path, "%s/tips", h->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (size_t i = 0; i < upto; i++)
		fprintf(f, "%s\n", git_oid_tostr(hex, sizeof hex, &h->id[i]));
	fclose(f);
	sh("git -C %s -c commitGraph.generationVersion=%d commit-graph write --split=no-merge --stdin-commits <%s",
	   h->git, v, path);
}

static void graph_path(char *out, size_t size, const hist *h)
{
	snprintf(out, size, "%s/objects/info/commit-graph", h->git);
}

static unsigned char *slurp(size_t *len, const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *d;
	long n;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	d = malloc((size_t)n + 1);
	assert_non_null(d);
	assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return d;
}

static void spill(const char *path, const unsigned char *d, size_t len)
{
	FILE *f;
	unlink(path); /* git writes graphs read-only */
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d, 1, len, f), len);
	fclose(f);
}

static int oid_cmp(const void *x, const void *y) { return git_oid_cmp(x, y); }

static int index_of(const hist *h, const git_oid *id)
{
	for (size_t i = 0; i < h->n; i++)
		if (git_oid_equal(&h->id[i], id))
			return (int)i;
	return -1;
}

/* Every commit: id, tree, time, level, generation, parents in order. */
static void check_commits(const hist *h, const rcb_commitgraph *g, size_t upto, int genv)
{
	for (size_t i = 0; i < upto; i++) {
		rcb_commitgraph_commit c;
		uint32_t pos, ppos[MAXP + 1];
		size_t np;
		git_commit *gc;

		assert_int_equal(rcb_commitgraph_find(&pos, g, &h->id[i]), 0);
		assert_int_equal(rcb_commitgraph_commit_at(&c, g, pos), 0);
		assert_true(git_oid_equal(&c.id, &h->id[i]));
		assert_int_equal(git_commit_lookup(&gc, h->repo, &h->id[i]), 0);
		assert_true(git_oid_equal(&c.tree, git_commit_tree_id(gc)));
		assert_int_equal(c.time, (uint64_t)git_commit_time(gc));
		assert_int_equal(c.time, h->time[i]);
		assert_int_equal(c.level, h->level[i]);
		assert_int_equal(c.generation, genv == 2 ? h->corrected[i] : h->level[i]);
		assert_int_equal(c.nparents, git_commit_parentcount(gc));
		assert_int_equal(rcb_commitgraph_parents(ppos, MAXP + 1, &np, g, pos), 0);
		assert_int_equal(np, (size_t)h->np[i]);
		for (size_t q = 0; q < np; q++) {
			rcb_commitgraph_commit pc;
			assert_int_equal(rcb_commitgraph_commit_at(&pc, g, ppos[q]), 0);
			assert_true(git_oid_equal(&pc.id, git_commit_parent_id(gc, (unsigned)q)));
		}
		git_commit_free(gc);
	}
}

/* Write the commit object text into h's repository as h->dir/name (git
 * hash-object): its id. */
static git_oid hash_commit(const hist *h, const char *name, const char *text)
{
	char path[200], line[128];
	git_oid id;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", h->dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	sh("git -C %s hash-object -t commit -w %s >%s.id", h->git, path, path);
	snprintf(path, sizeof path, "%s/%s.id", h->dir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_int_equal(git_oid_fromstrn(&id, line, GIT_OID_HEXSZ), 0);
	return id;
}

/* libgit2's own range walk: push, hide, sorted by id. */
static size_t revwalk_range(const hist *h, git_oid *out, const git_oid *push, size_t npush, const git_oid *hide,
			    size_t nhide)
{
	git_revwalk *w;
	git_oid id;
	size_t n = 0;
	assert_int_equal(git_revwalk_new(&w, h->repo), 0);
	for (size_t i = 0; i < npush; i++)
		assert_int_equal(git_revwalk_push(w, &push[i]), 0);
	for (size_t i = 0; i < nhide; i++)
		assert_int_equal(git_revwalk_hide(w, &hide[i]), 0);
	while (git_revwalk_next(&id, w) == 0) {
		assert_true(n < MAXC);
		out[n++] = id;
	}
	git_revwalk_free(w);
	qsort(out, n, sizeof *out, oid_cmp);
	return n;
}

/* All commits reachable from the tips, by a plain libgit2 walk (exact
 * whatever the dates), sorted by id. */
static size_t reach(const hist *h, git_oid *out, const git_oid *tips, size_t ntips)
{
	return revwalk_range(h, out, tips, ntips, NULL, 0);
}

/* reach() of one tip, remembered per history (libgit2's revwalk inflates
 * every commit again on each walk). */
static size_t reach_cached(hist *h, git_oid *out, const git_oid *tip)
{
	int i = index_of(h, tip);
	assert_true(i >= 0);
	if (h->reach[i] == NULL) {
		h->nreach[i] = reach(h, out, tip, 1);
		h->reach[i] = malloc((h->nreach[i] + 1) * sizeof *out);
		assert_non_null(h->reach[i]);
		memcpy(h->reach[i], out, h->nreach[i] * sizeof *out);
	}
	memcpy(out, h->reach[i], h->nreach[i] * sizeof *out);
	return h->nreach[i];
}

/* Ancestry of many a at once, for b and a drawn from commits from..upto-1,
 * against libgit2: a is an ancestor of b when a plain git_revwalk from b
 * returns it, and (for a sample, it is slow) git_graph_descendant_of. */
static void check_ancestors(hist *h, rcb_commitgraph *g, size_t from, size_t upto)
{
	static git_oid a[MAXC], rb[MAXC];
	int out[MAXC];
	size_t na = 0;

	for (size_t i = from % 3; i < upto; i += 3)
		a[na++] = h->id[i];
	for (size_t bi = from; bi < upto; bi += 11) {
		size_t nrb = reach_cached(h, rb, &h->id[bi]);
		assert_int_equal(rcb_commitgraph_ancestors(out, g, &h->id[bi], a, na), 0);
		for (size_t k = 0; k < na; k++) {
			int want = bsearch(&a[k], rb, nrb, sizeof *rb, oid_cmp) != NULL;
			if (out[k] != want)
				fail_msg("ancestor(%d, %zu): got %d, libgit2 says %d", index_of(h, &a[k]), bi, out[k], want);
			if (k % 7 == bi % 7 && !git_oid_equal(&a[k], &h->id[bi]))
				assert_int_equal(git_graph_descendant_of(h->repo, &h->id[bi], &a[k]), want);
		}
	}
}


/* One range: the same set as libgit2 (set difference of two full walks,
 * and git_revwalk with hide when the dates are sane), in the documented
 * order (time descending, then generation descending). */
static void check_one_range(hist *h, rcb_commitgraph *g, const git_oid *push, size_t npush, const git_oid *hide,
			    size_t nhide, int exact_revwalk, int genv)
{
	static git_oid in[MAXC], out[MAXC], want[MAXC], got[MAXC];
	size_t nin = npush == 1 ? reach_cached(h, in, push) : reach(h, in, push, npush), nwant = 0, n;
	size_t nout = nhide == 1 ? reach_cached(h, out, hide) : nhide ? reach(h, out, hide, nhide) : 0;
	git_oid *r;

	for (size_t i = 0; i < nin; i++)
		if (bsearch(&in[i], out, nout, sizeof *out, oid_cmp) == NULL)
			want[nwant++] = in[i];
	assert_int_equal(rcb_commitgraph_range(&r, &n, g, push, npush, hide, nhide), 0);
	assert_int_equal(n, nwant);
	for (size_t i = 1; i < n; i++) {
		int a = index_of(h, &r[i - 1]), b = index_of(h, &r[i]);
		uint64_t ga = genv == 2 ? h->corrected[a] : h->level[a], gb = genv == 2 ? h->corrected[b] : h->level[b];
		assert_true(a >= 0 && b >= 0);
		assert_true(h->time[a] > h->time[b] || (h->time[a] == h->time[b] && ga >= gb));
	}
	if (n > 0)
		memcpy(got, r, n * sizeof *r);
	free(r);
	qsort(got, n, sizeof *got, oid_cmp);
	for (size_t i = 0; i < n; i++)
		assert_true(git_oid_equal(&got[i], &want[i]));
	if (exact_revwalk) {
		size_t nrw = revwalk_range(h, in, push, npush, hide, nhide);
		assert_int_equal(nrw, n);
		for (size_t i = 0; i < n; i++)
			assert_true(git_oid_equal(&got[i], &in[i]));
	}
}

static void check_ranges(hist *h, rcb_commitgraph *g, size_t from, size_t upto, int exact_revwalk, int genv)
{
	for (size_t b = from + 5; b < upto; b += 13)
		for (size_t a = from; a < upto; a += 37)
			check_one_range(h, g, &h->id[b], 1, &h->id[a], 1, exact_revwalk, genv);
	/* several tips on each side, and nothing hidden */
	{
		git_oid push[3] = {h->id[upto - 1], h->id[upto - 2], h->id[upto / 2]};
		git_oid hide[2] = {h->id[upto / 3], h->id[from + 1]};
		check_one_range(h, g, push, 3, hide, 2, exact_revwalk, genv);
		check_one_range(h, g, push, 3, NULL, 0, exact_revwalk, genv);
		check_one_range(h, g, push, 1, push, 1, exact_revwalk, genv); /* B..B is empty */
	}
}

/* The bytes of a fresh single-file graph of h written with generation v;
 * path gets its file name.  The caller frees the bytes. */
static unsigned char *graph_bytes(hist *h, int v, char *path, size_t size, size_t *len)
{
	write_graph(h, v);
	graph_path(path, size, h);
	return slurp(len, path);
}

/* A history and its commit-graph file, for the tests that damage the
 * file: d[0..len) its bytes (owned) as written at path, the file that
 * spill(path, ...) replaces. */
typedef struct {
	hist *h;
	unsigned char *d;
	size_t len;
	char path[160];
} graph_file;

/* history_new(n, seed, opts) with a graph file of version v. */
static void graph_file_new(graph_file *f, size_t n, unsigned seed, unsigned opts, int v)
{
	f->h = history_new(n, seed, opts);
	f->d = graph_bytes(f->h, v, f->path, sizeof f->path, &f->len);
}

static void graph_file_free(graph_file *f)
{
	free(f->d);
	history_free(f->h);
}

/* Where commit i of h stands in the graph held in d. */
static uint32_t graph_pos(const unsigned char *d, size_t len, const hist *h, size_t i)
{
	rcb_commitgraph *g;
	uint32_t pos;
	assert_int_equal(rcb_commitgraph_from_buffer(&g, d, len), 0);
	assert_int_equal(rcb_commitgraph_find(&pos, g, &h->id[i]), 0);
	rcb_commitgraph_free(g);
	return pos;
}

static rcb_commitgraph *open_graph(const hist *h)
{
	rcb_commitgraph *g;
	if (rcb_commitgraph_open_repo(&g, h->repo) != 0)
		fail_msg("open: %s", rcb_error_msg());
	return g;
}

/* ---------------------------------------------------------------- tests */

/* A graph shape written by the git CLI and what reading it must give.  Each
 * layer is written with `git commit-graph write` up to commit `upto` with
 * generation version `v`; one layer is a plain (unsplit) graph. */
typedef struct {
	const char *what; /* why the shape matters */
	size_t n;
	unsigned seed, opts;
	struct { size_t upto; int v; } layer[3];
	int nlayers;
	int genv;         /* the generation version the reader must use */
	int exact_walk;   /* libgit2's hide-walk is exact too (sane dates) */
	int check_commits;
} graph_case;

static const graph_case graph_cases[] = {
	{"generation v2 (git's default since 2.36): corrected dates from GDA2", 600, 7, H_OCTOPUS | H_SKEW,
	 {{600, 2}}, 1, 2, 0, 1},
	{"generation v1: topological levels only, no GDA2", 500, 11, H_OCTOPUS | H_SKEW, {{500, 1}}, 1, 1, 0, 1},
	{"sane dates: libgit2's hide-walk gives the same sets", 400, 3, H_OCTOPUS, {{400, 2}}, 1, 2, 1, 0},
	{"a split chain of three v2 layers: global positions, parents across layers", 450, 5, H_OCTOPUS | H_SKEW,
	 {{150, 2}, {300, 2}, {450, 2}}, 3, 2, 0, 1},
	{"lower layers without GDA2 under a top with it: git uses levels everywhere", 300, 9, H_SKEW,
	 {{100, 1}, {300, 2}}, 2, 1, 0, 1},
	{"a split chain written with generation v1 throughout", 300, 13, H_OCTOPUS, {{120, 1}, {300, 1}}, 2, 1, -1,
	 1},
};

/* Open the shape's graph and compare every commit, ancestry and range with
 * libgit2 (exact_walk -1: ranges not compared). */
static void test_graph_shape_matches_libgit2(void **state)
{
	const graph_case *c = *state;
	hist *h = history_new(c->n, c->seed, c->opts);
	rcb_commitgraph *g;
	if (c->nlayers == 1)
		write_graph(h, c->layer[0].v);
	else
		for (int i = 0; i < c->nlayers; i++)
			write_layer(h, c->layer[i].upto, c->layer[i].v);
	g = open_graph(h);
	assert_int_equal(rcb_commitgraph_count(g), c->n);
	assert_int_equal(rcb_commitgraph_layers(g), c->nlayers);
	assert_int_equal(rcb_commitgraph_generation_version(g), c->genv);
	if (c->check_commits) {
		check_commits(h, g, h->n, c->genv);
		check_ancestors(h, g, 0, h->n);
	}
	if (c->exact_walk >= 0)
		check_ranges(h, g, 0, h->n, c->exact_walk, c->genv);
	rcb_commitgraph_free(g);
	history_free(h);
}

/* Commits made after the graph was written are read through libgit2 and
 * the walks still agree with libgit2 (a stale graph, as after a fetch). */
static void test_stale_graph_reads_missing_commits_from_the_repository(void **state)
{
	hist *h = history_new(500, 17, H_OCTOPUS | H_SKEW);
	rcb_commitgraph *g;
	uint32_t pos;
	(void)state;
	write_layer(h, 300, 2);
	g = open_graph(h);
	assert_int_equal(rcb_commitgraph_find(&pos, g, &h->id[499]), RCB_ENOTFOUND);
	check_ancestors(h, g, 0, h->n);
	check_ranges(h, g, 0, h->n, 0, 2);
	rcb_commitgraph_free(g);
	history_free(h);
}

/* Commits missing from the graph are parsed from their raw objects: a
 * signature header whose continuation lines look like "parent" lines and
 * an encoding header change nothing; merges of graph commits and new
 * commits are walked like libgit2 walks them. */
static void test_missing_commits_parsed_from_raw_objects(void **state)
{
	hist *h = history_new(60, 59, H_SKEW);
	rcb_commitgraph *g;
	char hex0[GIT_OID_HEXSZ + 1], hexp[GIT_OID_HEXSZ + 1], hexm[GIT_OID_HEXSZ + 1], line[128];
	git_oid c1, c2, tree, a[6];
	int out[6], far;
	git_oid *r;
	size_t n;
	char text[1024];
	(void)state;
	write_graph(h, 2);
	{
		git_commit *gc;
		assert_int_equal(git_commit_lookup(&gc, h->repo, &h->id[59]), 0);
		tree = *git_commit_tree_id(gc);
		git_commit_free(gc);
	}
	/* the signature's continuation line names a commit that is NOT an
	 * ancestor: read as a parent, it would change the answers */
	for (far = 0; far < 59; far++)
		if (git_graph_descendant_of(h->repo, &h->id[59], &h->id[far]) == 0)
			break;
	assert_true(far < 59);
	git_oid_tostr(hex0, sizeof hex0, &h->id[far]);
	git_oid_tostr(hexp, sizeof hexp, &h->id[59]);
	git_oid_tostr(hexm, sizeof hexm, &h->id[10]);
	snprintf(text, sizeof text,
		 "tree %s\nparent %s\nauthor A <a@x> 1700000000 +0000\n"
		 "committer C <c@x> 1700000100 +0100\nencoding ISO-8859-1\n"
		 "gpgsig -----BEGIN PGP SIGNATURE-----\n parent %s\n -----END PGP SIGNATURE-----\n\nsigned\n",
		 git_oid_tostr(line, sizeof line, &tree), hexp, hex0);
	c1 = hash_commit(h, "c1", text);
	snprintf(text, sizeof text,
		 "tree %s\nparent %s\nparent %s\nauthor A <a@x> 1600000000 +0000\n"
		 "committer C <c@x> 1600000000 +0000\n\nmerge, dated before its parents\n",
		 git_oid_tostr(hexp, sizeof hexp, &tree), git_oid_tostr(hex0, sizeof hex0, &c1), hexm);
	c2 = hash_commit(h, "c2", text);

	g = open_graph(h);
	a[0] = h->id[0];
	a[1] = h->id[59];
	a[2] = c1;
	a[3] = h->id[10];
	a[4] = c2;
	a[5] = h->id[far];
	assert_int_equal(rcb_commitgraph_ancestors(out, g, &c2, a, 6), 0);
	for (int k = 0; k < 6; k++)
		if (k != 4)
			assert_int_equal(out[k], git_graph_descendant_of(h->repo, &c2, &a[k]));
	assert_int_equal(out[4], 1);
	assert_int_equal(rcb_commitgraph_ancestors(out, g, &c1, a, 6), 0);
	assert_int_equal(out[5], 0);
	assert_int_equal(out[3], git_graph_descendant_of(h->repo, &c1, &h->id[10]));
	assert_int_equal(out[4], 0);
	assert_int_equal(rcb_commitgraph_range(&r, &n, g, &c2, 1, &h->id[40], 1), 0);
	{
		static git_oid want[MAXC];
		size_t nwant = revwalk_range(h, want, &c2, 1, &h->id[40], 1);
		assert_int_equal(n, nwant);
		qsort(r, n, sizeof *r, oid_cmp);
		for (size_t i = 0; i < n; i++)
			assert_true(git_oid_equal(&r[i], &want[i]));
	}
	free(r);
	rcb_commitgraph_free(g);
	history_free(h);
}

/* Without a repository a commit the graph lacks is RCB_ENOTFOUND (the
 * caller falls back), not a wrong answer. */
static void test_missing_commit_without_repository_is_not_found(void **state)
{
	hist *h = history_new(100, 19, 0);
	rcb_commitgraph *g;
	char objects[160];
	int out[1];
	git_oid *r;
	size_t n;
	(void)state;
	write_layer(h, 50, 2);
	snprintf(objects, sizeof objects, "%s/objects", h->git);
	assert_int_equal(rcb_commitgraph_open(&g, objects), 0);
	assert_int_equal(rcb_commitgraph_ancestors(out, g, &h->id[99], &h->id[0], 1), RCB_ENOTFOUND);
	assert_int_equal(rcb_commitgraph_range(&r, &n, g, &h->id[99], 1, &h->id[0], 1), RCB_ENOTFOUND);
	assert_null(r);
	assert_int_equal(rcb_commitgraph_ancestors(out, g, &h->id[40], &h->id[0], 1), 0);
	rcb_commitgraph_free(g);
	history_free(h);
}

/* A commit dated 68+ years after its child: the corrected commit date
 * offset needs the overflow chunk GDO2. */
static void test_generation_overflow_chunk(void **state)
{
	char d[64], git[96], path[160];
	git_repository *repo;
	rcb_commitgraph *g;
	rcb_commitgraph_commit c;
	git_oid tip, root;
	uint32_t pos;
	int out[1];
	FILE *f;
	(void)state;
	fx_mkdtemp(d, sizeof d, "cg");
	snprintf(git, sizeof git, "%s/r.git", d);
	snprintf(path, sizeof path, "%s/stream", d);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "commit refs/heads/main\nmark :1\ncommitter A <a@x> 4000000000 +0000\ndata 2\na\n"
		   "M 644 inline f\ndata 1\n1\n"
		   "commit refs/heads/main\nmark :2\ncommitter A <a@x> 100 +0000\ndata 2\nb\nfrom :1\n"
		   "M 644 inline f\ndata 1\n2\n");
	fclose(f);
	sh("git init -q --bare %s && git -C %s fast-import --quiet <%s && git -C %s commit-graph write --reachable", git,
	   git, path, git);
	assert_int_equal(git_repository_open_bare(&repo, git), 0);
	assert_int_equal(git_reference_name_to_id(&tip, repo, "refs/heads/main"), 0);
	{
		git_commit *cm;
		assert_int_equal(git_commit_lookup(&cm, repo, &tip), 0);
		root = *git_commit_parent_id(cm, 0);
		git_commit_free(cm);
	}
	assert_int_equal(rcb_commitgraph_open_repo(&g, repo), 0);
	assert_int_equal(rcb_commitgraph_generation_version(g), 2);
	assert_int_equal(rcb_commitgraph_find(&pos, g, &tip), 0);
	assert_int_equal(rcb_commitgraph_commit_at(&c, g, pos), 0);
	assert_int_equal(c.time, 100);
	assert_int_equal(c.generation, 4000000001ULL);
	assert_int_equal(rcb_commitgraph_ancestors(out, g, &tip, &root, 1), 0);
	assert_int_equal(out[0], 1);
	rcb_commitgraph_free(g);
	git_repository_free(repo);
	assert_int_equal(fx_rmtree(d), 0);
}

static void test_no_graph_is_not_found(void **state)
{
	hist *h = history_new(20, 23, 0);
	rcb_commitgraph *g = (rcb_commitgraph *)1;
	(void)state;
	assert_int_equal(rcb_commitgraph_open_repo(&g, h->repo), RCB_ENOTFOUND);
	assert_null(g);
	history_free(h);
}

/* Like git, a shallow repository's graph is not used. */
static void test_shallow_repository_is_refused(void **state)
{
	hist *h = history_new(20, 29, 0);
	rcb_commitgraph *g;
	char hex[GIT_OID_HEXSZ + 1];
	git_repository *again;
	(void)state;
	write_graph(h, 2);
	sh("echo %s >%s/shallow", git_oid_tostr(hex, sizeof hex, &h->id[5]), h->git);
	assert_int_equal(git_repository_open_bare(&again, h->git), 0);
	assert_int_equal(rcb_commitgraph_open_repo(&g, again), RCB_ENOTFOUND);
	assert_non_null(strstr(rcb_error_msg(), "shallow"));
	git_repository_free(again);
	history_free(h);
}

/* A work tree repository: the graph is found through .git. */
static void test_work_tree_repository(void **state)
{
	char d[64];
	git_repository *repo;
	rcb_commitgraph *g;
	git_oid head;
	int out[1];
	(void)state;
	fx_mkdtemp(d, sizeof d, "cg");
	sh("cd %s && git init -q w && cd w && for i in 1 2 3; do echo $i >f; git add f; "
	   "GIT_COMMITTER_DATE='@170000000$i +0000' GIT_AUTHOR_DATE='@170000000$i +0000' "
	   "git -c user.name=T -c user.email=t@x commit -q -m c$i; done && git commit-graph write --reachable",
	   d);
	{
		char w[96];
		snprintf(w, sizeof w, "%s/w", d);
		assert_int_equal(git_repository_open(&repo, w), 0);
	}
	assert_int_equal(git_reference_name_to_id(&head, repo, "HEAD"), 0);
	assert_int_equal(rcb_commitgraph_open_repo(&g, repo), 0);
	assert_int_equal(rcb_commitgraph_count(g), 3);
	assert_int_equal(rcb_commitgraph_ancestors(out, g, &head, &head, 1), 0);
	assert_int_equal(out[0], 1);
	rcb_commitgraph_free(g);
	git_repository_free(repo);
	assert_int_equal(fx_rmtree(d), 0);
}

/* Exercise every query on a graph that opened; nothing may crash. */
static void poke(rcb_commitgraph *g)
{
	uint32_t n = rcb_commitgraph_count(g), par[8];
	git_oid ids[4];
	size_t k = 0, np;
	int out[4];
	git_oid *r = NULL;
	size_t nr;

	for (uint32_t p = 0; p < n && p < 64; p++) {
		rcb_commitgraph_commit c;
		if (rcb_commitgraph_commit_at(&c, g, p) == 0 && k < 4)
			ids[k++] = c.id;
		(void)rcb_commitgraph_parents(par, 8, &np, g, p);
	}
	assert_int_equal(rcb_commitgraph_commit_at(NULL, g, n), RCB_EINVAL);
	if (k > 0) {
		(void)rcb_commitgraph_ancestors(out, g, &ids[0], ids, k);
		if (rcb_commitgraph_range(&r, &nr, g, ids, k, ids + k / 2, k - k / 2) == 0)
			free(r);
		if (rcb_commitgraph_range(&r, &nr, g, ids, 1, NULL, 0) == 0)
			free(r);
	}
}

/* Every truncation of a real graph file is refused (RCB_EGIT). */
static void test_truncated_graph_is_refused(void **state)
{
	graph_file f;
	rcb_commitgraph *g;
	(void)state;
	graph_file_new(&f, 40, 31, H_OCTOPUS | H_SKEW, 2);
	assert_int_equal(rcb_commitgraph_from_buffer(&g, f.d, f.len), 0);
	rcb_commitgraph_free(g);
	for (size_t l = 0; l < f.len; l++) {
		g = (rcb_commitgraph *)1;
		assert_int_equal(rcb_commitgraph_from_buffer(&g, f.d, l), RCB_EGIT);
		assert_null(g);
	}
	/* and through the file system */
	spill(f.path, f.d, f.len / 2);
	assert_int_equal(rcb_commitgraph_open_repo(&g, f.h->repo), RCB_EGIT);
	spill(f.path, f.d, 0);
	assert_int_equal(rcb_commitgraph_open_repo(&g, f.h->repo), RCB_EGIT);
	graph_file_free(&f);
}

/* Every single bit flipped, anywhere in the file: refused, or opened and
 * every query answers or fails cleanly (ASan/UBSan catch the rest). */
static void test_every_bit_flip_is_survived(void **state)
{
	graph_file f;
	rcb_commitgraph *g;
	size_t opened = 0;
	(void)state;
	graph_file_new(&f, 30, 37, H_OCTOPUS | H_SKEW, 2);
	for (size_t i = 0; i < f.len; i++)
		for (int b = 0; b < 8; b++) {
			f.d[i] ^= (unsigned char)(1u << b);
			if (rcb_commitgraph_from_buffer(&g, f.d, f.len) == 0) {
				opened++;
				poke(g);
				rcb_commitgraph_free(g);
			}
			f.d[i] ^= (unsigned char)(1u << b);
		}
	assert_true(opened > 0); /* flips in tree ids, dates, the trailer ... */
	graph_file_free(&f);
}

static size_t chunk_offset(const unsigned char *d, const char *id)
{
	for (unsigned i = 0; i < d[6]; i++) {
		const unsigned char *e = d + 8 + 12 * i;
		if (memcmp(e, id, 4) == 0)
			return ((size_t)e[8] << 24) | ((size_t)e[9] << 16) | ((size_t)e[10] << 8) | e[11];
	}
	fail_msg("no chunk %s", id);
	return 0;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Specific corruptions each name what is wrong. */
static void test_corrupt_headers_are_refused_with_a_reason(void **state)
{
	graph_file f;
	rcb_commitgraph *g;
	unsigned char *m;
	(void)state;
	graph_file_new(&f, 30, 41, H_OCTOPUS, 2);
	m = malloc(f.len);
	assert_non_null(m);
#define REFUSED(what, edit)                                                       \
	do {                                                                      \
		memcpy(m, f.d, f.len);                                            \
		edit;                                                             \
		assert_int_equal(rcb_commitgraph_from_buffer(&g, m, f.len), RCB_EGIT); \
		if (strstr(rcb_error_msg(), what) == NULL)                        \
			fail_msg("'%s' does not say '%s'", rcb_error_msg(), what); \
	} while (0)
	REFUSED("signature", m[0] = 'X');
	REFUSED("version", m[4] = 2);
	REFUSED("hash version", m[5] = 2);
	REFUSED("base graphs", m[7] = 1);
	REFUSED("table of contents", m[6] = 255);
	REFUSED("offset", m[8 + 4] = 0xff);                           /* first chunk past the end */
	REFUSED("duplicate", memcpy(m + 8 + 12, m + 8, 4));           /* second chunk id = first */
	REFUSED("fan-out", put32(m + chunk_offset(f.d, "OIDF"), 0xffff)); /* F[0] > F[1] */
	REFUSED("OID lookup", memcpy(m + chunk_offset(f.d, "OIDL"), m + chunk_offset(f.d, "OIDL") + 20, 20));
#undef REFUSED
	free(m);
	graph_file_free(&f);
}

/* A parent position past the graph: the file opens (parents are checked
 * when read) but reading that commit or walking through it fails. */
static void test_parent_out_of_range_fails_the_walk(void **state)
{
	graph_file f;
	rcb_commitgraph *g;
	size_t cdat;
	uint32_t pos;
	rcb_commitgraph_commit c;
	int out[1];
	git_oid *r;
	size_t n;
	(void)state;
	graph_file_new(&f, 30, 43, 0, 2);
	pos = graph_pos(f.d, f.len, f.h, 29);
	cdat = chunk_offset(f.d, "CDAT");
	put32(f.d + cdat + (size_t)pos * 36 + 20, 0x6fffffff);
	spill(f.path, f.d, f.len);
	g = open_graph(f.h);
	assert_int_equal(rcb_commitgraph_commit_at(&c, g, pos), RCB_EGIT);
	assert_int_equal(rcb_commitgraph_ancestors(out, g, &f.h->id[29], &f.h->id[0], 1), RCB_EGIT);
	assert_int_equal(out[0], 0);
	assert_int_equal(rcb_commitgraph_range(&r, &n, g, &f.h->id[29], 1, &f.h->id[0], 1), RCB_EGIT);
	/* an octopus index past the edge list */
	put32(f.d + cdat + (size_t)pos * 36 + 20, 0);
	put32(f.d + cdat + (size_t)pos * 36 + 24, 0x80000000u | 5000);
	rcb_commitgraph_free(g);
	spill(f.path, f.d, f.len);
	g = open_graph(f.h);
	assert_int_equal(rcb_commitgraph_commit_at(&c, g, pos), RCB_EGIT);
	rcb_commitgraph_free(g);
	graph_file_free(&f);
}

/* Generation numbers that do not decrease along an edge make the walk
 * fail rather than answer wrongly. */
static void test_generations_out_of_order_fail_the_walk(void **state)
{
	graph_file f;
	rcb_commitgraph *g;
	size_t cdat;
	uint32_t tip, parent;
	size_t np;
	int out[1];
	(void)state;
	graph_file_new(&f, 30, 47, 0, 1);
	tip = graph_pos(f.d, f.len, f.h, 29);
	assert_int_equal(rcb_commitgraph_from_buffer(&g, f.d, f.len), 0);
	assert_int_equal(rcb_commitgraph_parents(&parent, 1, &np, g, tip), 0);
	assert_true(np >= 1);
	rcb_commitgraph_free(g);
	cdat = chunk_offset(f.d, "CDAT");
	/* the parent's level := 1000 (> the tip's), keeping its date bits */
	put32(f.d + cdat + (size_t)parent * 36 + 28, (1000u << 2) | (f.d[cdat + (size_t)parent * 36 + 31] & 3u));
	spill(f.path, f.d, f.len);
	g = open_graph(f.h);
	assert_int_equal(rcb_commitgraph_ancestors(out, g, &f.h->id[29], &f.h->id[0], 1), RCB_EGIT);
	assert_non_null(strstr(rcb_error_msg(), "generation"));
	rcb_commitgraph_free(g);
	graph_file_free(&f);
}

/* Chains: a missing layer file, a chain naming layers in the wrong order,
 * a garbled chain file. */
static void test_broken_chains_are_refused(void **state)
{
	hist *h = history_new(90, 53, 0);
	rcb_commitgraph *g;
	char chain[192];
	unsigned char *c;
	size_t len;
	(void)state;
	write_layer(h, 30, 2);
	write_layer(h, 60, 2);
	write_layer(h, 90, 2);
	g = open_graph(h);
	assert_int_equal(rcb_commitgraph_layers(g), 3);
	rcb_commitgraph_free(g);
	snprintf(chain, sizeof chain, "%s/objects/info/commit-graphs/commit-graph-chain", h->git);
	c = slurp(&len, chain);
	assert_int_equal(len, 3 * 41);

	/* lines 1 and 2 swapped: layer 1's base list disagrees */
	{
		unsigned char *s = malloc(len);
		assert_non_null(s);
		memcpy(s, c + 41, 41);
		memcpy(s + 41, c, 41);
		memcpy(s + 82, c + 82, 41);
		spill(chain, s, len);
		free(s);
		assert_int_equal(rcb_commitgraph_open_repo(&g, h->repo), RCB_EGIT);
	}
	/* only the top line: it has 2 base graphs, the chain says 0 */
	spill(chain, c + 82, 41);
	assert_int_equal(rcb_commitgraph_open_repo(&g, h->repo), RCB_EGIT);
	/* garbage */
	spill(chain, (const unsigned char *)"not a hash\n", 11);
	assert_int_equal(rcb_commitgraph_open_repo(&g, h->repo), RCB_EGIT);
	/* a missing layer */
	spill(chain, c, len);
	sh("cd %s/objects/info/commit-graphs && rm -f graph-$(sed -n 2p commit-graph-chain).graph", h->git);
	assert_int_equal(rcb_commitgraph_open_repo(&g, h->repo), RCB_EGIT);
	assert_non_null(strstr(rcb_error_msg(), "missing"));
	free(c);
	history_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define GRAPH_CASE(i) cmocka_unit_test_prestate(test_graph_shape_matches_libgit2, (void *)&graph_cases[i])
		GRAPH_CASE(0), GRAPH_CASE(1), GRAPH_CASE(2), GRAPH_CASE(3), GRAPH_CASE(4), GRAPH_CASE(5),
#undef GRAPH_CASE
		cmocka_unit_test(test_stale_graph_reads_missing_commits_from_the_repository),
		cmocka_unit_test(test_missing_commits_parsed_from_raw_objects),
		cmocka_unit_test(test_missing_commit_without_repository_is_not_found),
		cmocka_unit_test(test_generation_overflow_chunk),
		cmocka_unit_test(test_no_graph_is_not_found),
		cmocka_unit_test(test_shallow_repository_is_refused),
		cmocka_unit_test(test_work_tree_repository),
		cmocka_unit_test(test_truncated_graph_is_refused),
		cmocka_unit_test(test_every_bit_flip_is_survived),
		cmocka_unit_test(test_corrupt_headers_are_refused_with_a_reason),
		cmocka_unit_test(test_parent_out_of_range_fails_the_walk),
		cmocka_unit_test(test_generations_out_of_order_fail_the_walk),
		cmocka_unit_test(test_broken_chains_are_refused),
	};
	int rc;
	char home[64];
	snprintf(home, sizeof home, "/tmp/rcb-cg-home.XXXXXX");
	if (mkdtemp(home) == NULL)
		return 2;
	/* the git CLI must not read the user's configuration */
	setenv("HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_DIR");
	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	rmdir(home);
	return rc;
}
