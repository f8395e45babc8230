/* verify_history.c: raw commits and the history walk behind
 * history_walk() (see verify.c for the whole). */
#include "verify.h"

#define RCB_VERIFY_PART
#include "verify_internal.h"

#include <ctype.h>
#include <git2.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commitgraph.h"

/* Parse a raw commit.  Returns 0 or -1 (malformed). */
int parse_commit(commit_info *ci, const char *d, size_t n)
{
	const char *p = d, *end = d + n, *v, *next;
	size_t vl;

	memset(ci, 0, sizeof *ci);
	if (!(next = header_line(p, end, "tree", &v, &vl)) || vl != GIT_OID_HEXSZ ||
	    git_oid_fromstrn(&ci->tree, v, vl) < 0)
		return -1;
	p = next;
	while ((next = header_line(p, end, "parent", &v, &vl)) != NULL) {
		if (vl != GIT_OID_HEXSZ || !is_hex_string(v, vl))
			return -1;
		if (!ci->parents)
			ci->parents = v;
		ci->nparents++;
		p = next;
	}
	/* the other headers up to the blank line: find committer's time */
	while (p < end && *p != '\n') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if ((size_t)(nl - p) > 10 && memcmp(p, "committer ", 10) == 0) {
			const char *gt = NULL;
			for (const char *q = p; q < nl; q++)
				if (*q == '>')
					gt = q;
			if (gt) {
				long long t = 0;
				const char *q = gt + 1;
				while (q < nl && *q == ' ')
					q++;
				while (q < nl && isdigit((unsigned char)*q) && t < (LLONG_MAX - 9) / 10)
					t = t * 10 + (*q++ - '0');
				ci->time = (int64_t)t;
			}
		}
		p = nl < end ? nl + 1 : end;
	}
	if (p < end && *p == '\n')
		p++;
	ci->msg = p;
	ci->msglen = (size_t)(end - p);
	return 0;
}

/* The i-th parent id of a parsed commit. */
static void commit_parent(git_oid *out, const commit_info *ci, size_t i)
{
	/* parent lines are "parent <40 hex>\n": 48 bytes apart */
	git_oid_fromstrn(out, ci->parents + i * (7 + GIT_OID_HEXSZ + 1), GIT_OID_HEXSZ);
}

/* ------------------------------------------------------------------ */
/* the history walk
 *
 * Two questions, one walk: which commits are in prev..tag (their messages
 * are read on the way), and which emergency commits are ancestors of tag.
 * history_walk() is the only entry point.  With git's commit-graph file
 * (core/commitgraph.h: libgit2 1.5 cannot read the format git >= 2.36
 * writes) both answers come from generation-pruned walks over the file and
 * only the range's messages are inflated.  Without one -- no file, a shallow
 * clone, a damaged file -- the walk below reads the commits themselves:
 *
 * Tips: the release's commit B (flag FB) and the previous release's commit A
 * (flag FA), newest commit date first.  Flags flow to parents; git's rule
 * ends the range: keep going SLOP commits past the point where everything
 * queued is reachable from A, then drop any candidate that turned out to be
 * reachable from A (clock skew).  prev..tag = popped with FB and not FA.
 * After that only FB commits are expanded, and only while some unresolved
 * emergency commit could still be below the queue's top (its date minus a
 * day of skew): an emergency commit is an ancestor iff it ends up with FB.
 * Commits listed in the shallow file have no parents here; reaching one
 * with FB means an answer may be incomplete (reported as such). */

#define FB 1u          /* reachable from the release */
#define FA 2u          /* reachable from the previous release */
#define FPROP (FB | FA)
#define FQUEUED 4u
#define FPOPPED 8u
#define FEXPANDED 16u
#define FSHALLOW 32u   /* shallow boundary: parents not in the repository */
#define NO_NODE UINT32_MAX
#define SLOP 5
#define SKEW_SECONDS (24 * 3600)

typedef struct {
	git_oid oid;
	int64_t date;
	uint32_t flags;
	uint32_t poff, npar;  /* parent ids in w->poid */
	uint32_t ioff;        /* parent node indices in w->pidx once expanded */
	git_odb_object *obj;  /* raw commit, kept while queued */
} wnode;

typedef struct walker {
	git_odb *odb;
	const git_oid *shallow;  /* sorted */
	size_t nshallow;
	wnode *node;
	size_t n, cap;
	uint32_t *tab;           /* open addressing: oid -> node + 1 */
	size_t tabcap;
	git_oid *poid;
	size_t npoid, poidcap;
	uint32_t *pidx;
	size_t npidx, pidxcap;
	uint32_t *heap;
	size_t hn, hcap;
	uint32_t *stack;
	size_t sn, scap;
	size_t interesting;      /* queued with FB and not FA */
	size_t walked;
	rcb_buf why;             /* what went wrong */
	const char *objdir;      /* for the readahead, started once the walk is long */
	readahead *ra;
} walker;

/* Commits a walk reads before it starts reading ahead: a short walk
 * (a small range, no emergencies) never lists the packs. */
#define RA_START 512

int w_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 64;
	while (nc < need)
		nc *= 2;
	void *na = realloc(*arr, nc * elem);
	if (!na)
		return -1;
	*arr = na;
	*cap = nc;
	return 0;
}

static size_t oid_hash(const git_oid *id)
{
	uint64_t h;
	memcpy(&h, id->id, sizeof h);
	return (size_t)h;
}

static int w_oom(walker *w)
{
	rcb_buf_clear(&w->why);
	rcb_buf_puts(&w->why, "out of memory");
	return -1;
}

static int w_tab_insert(walker *w, uint32_t idx)
{
	if ((w->n + 1) * 2 > w->tabcap) {
		size_t nc = w->tabcap ? w->tabcap * 2 : 1024;
		uint32_t *nt = calloc(nc, sizeof *nt);
		if (!nt)
			return -1;
		for (size_t i = 0; i < w->tabcap; i++)
			if (w->tab[i]) {
				size_t h = oid_hash(&w->node[w->tab[i] - 1].oid) & (nc - 1);
				while (nt[h])
					h = (h + 1) & (nc - 1);
				nt[h] = w->tab[i];
			}
		free(w->tab);
		w->tab = nt;
		w->tabcap = nc;
	}
	size_t h = oid_hash(&w->node[idx].oid) & (w->tabcap - 1);
	while (w->tab[h])
		h = (h + 1) & (w->tabcap - 1);
	w->tab[h] = idx + 1;
	return 0;
}

static uint32_t w_tab_find(const walker *w, const git_oid *id)
{
	if (!w->tabcap)
		return NO_NODE;
	size_t h = oid_hash(id) & (w->tabcap - 1);
	while (w->tab[h]) {
		if (git_oid_equal(&w->node[w->tab[h] - 1].oid, id))
			return w->tab[h] - 1;
		h = (h + 1) & (w->tabcap - 1);
	}
	return NO_NODE;
}

int oid_cmp_raw(const void *a, const void *b)
{
	return memcmp(a, b, GIT_OID_RAWSZ);
}

/* A new node for commit id, its time and parents from ci (hex, as
 * parsed) or rc (read ahead); it holds obj (or NULL).  0 or -1. */
static int w_add(walker *w, uint32_t *out, const git_oid *id, const commit_info *ci, const readahead_commit *rc,
		 git_odb_object *obj)
{
	size_t np = ci ? ci->nparents : rc->nparents;
	uint32_t i;

	if (w->n >= NO_NODE - 1 || w_grow((void **)&w->node, &w->cap, w->n + 1, sizeof *w->node) < 0 ||
	    w_grow((void **)&w->poid, &w->poidcap, w->npoid + np, sizeof *w->poid) < 0) {
		git_odb_object_free(obj);
		return w_oom(w);
	}
	i = (uint32_t)w->n++;
	wnode *n = &w->node[i];
	memset(n, 0, sizeof *n);
	git_oid_cpy(&n->oid, id);
	n->date = ci ? ci->time : rc->time;
	n->obj = obj;
	if (w->nshallow && bsearch(id, w->shallow, w->nshallow, sizeof *w->shallow, oid_cmp_raw)) {
		n->flags |= FSHALLOW;
	} else {
		n->poff = (uint32_t)w->npoid;
		n->npar = (uint32_t)np;
		for (size_t k = 0; k < np; k++) {
			if (ci)
				commit_parent(&w->poid[w->npoid++], ci, k);
			else
				git_oid_cpy(&w->poid[w->npoid++], &rc->parent[k]);
		}
	}
	if (w_tab_insert(w, i) < 0)
		return w_oom(w);
	*out = i;
	return 0;
}

/* Start the read-ahead, handing it the walk's commits so far in the order
 * they were met (it judges the packs' order by them).  Without memory for
 * that copy, none: the walk reads everything itself. */
static void w_readahead(walker *w)
{
	git_oid *sample = malloc(w->n * sizeof *sample);
	if (!sample)
		return;
	for (size_t i = 0; i < w->n; i++)
		git_oid_cpy(&sample[i], &w->node[i].oid);
	w->ra = readahead_start(w->odb, w->objdir, sample, w->n);
	free(sample);
}

/* The node of commit id, reading the commit on first use (a commit read
 * ahead gives only its time and parents: its message, if the range needs
 * it, is read when it is scanned).  Returns 0 or -1 (w->why says why). */
static int w_node(walker *w, uint32_t *out, const git_oid *id)
{
	uint32_t i;
	git_odb_object *obj = NULL;
	readahead_commit rc;
	commit_info ci;
	int got;

	if ((i = w_tab_find(w, id)) != NO_NODE) {
		*out = i;
		return 0;
	}
	if (!w->ra && w->objdir && w->n == RA_START)
		w_readahead(w);
	got = readahead_take(w->ra, id, &obj, &rc);
	if (got == READAHEAD_COMMIT)
		return w_add(w, out, id, NULL, &rc, NULL);
	if (got == READAHEAD_NONE && read_obj(&obj, w->odb, id, &w->why) < 0)
		return -1;
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT ||
	    parse_commit(&ci, git_odb_object_data(obj), git_odb_object_size(obj)) < 0) {
		char hex[GIT_OID_HEXSZ + 1];
		rcb_buf_clear(&w->why);
		rcb_buf_printf(&w->why, "object %s is a %s, not a well-formed commit",
			       hex_of(hex, sizeof hex, id), type_name(git_odb_object_type(obj)));
		git_odb_object_free(obj);
		return -1;
	}
	return w_add(w, out, id, &ci, NULL, obj);
}

/* Heap order: newer first, then the node created first. */
static int w_before(const walker *w, uint32_t a, uint32_t b)
{
	const wnode *x = &w->node[a], *y = &w->node[b];
	if (x->date != y->date)
		return x->date > y->date;
	return a < b;
}

static int w_push(walker *w, uint32_t i)
{
	size_t k;
	if (w_grow((void **)&w->heap, &w->hcap, w->hn + 1, sizeof *w->heap) < 0)
		return w_oom(w);
	k = w->hn++;
	while (k > 0) {
		size_t p = (k - 1) / 2;
		if (!w_before(w, i, w->heap[p]))
			break;
		w->heap[k] = w->heap[p];
		k = p;
	}
	w->heap[k] = i;
	w->node[i].flags |= FQUEUED;
	if ((w->node[i].flags & FPROP) == FB)
		w->interesting++;
	return 0;
}

static uint32_t w_pop(walker *w)
{
	uint32_t top = w->heap[0], last = w->heap[--w->hn];
	size_t k = 0;
	while (w->hn) {
		size_t c = 2 * k + 1;
		if (c >= w->hn)
			break;
		if (c + 1 < w->hn && w_before(w, w->heap[c + 1], w->heap[c]))
			c++;
		if (!w_before(w, w->heap[c], last))
			break;
		w->heap[k] = w->heap[c];
		k = c;
	}
	if (w->hn)
		w->heap[k] = last;
	w->node[top].flags &= ~FQUEUED;
	w->node[top].flags |= FPOPPED;
	if ((w->node[top].flags & FPROP) == FB)
		w->interesting--;
	return top;
}

/* Give node i the flags bits and pass them on through nodes that were
 * already expanded (a late FA after clock skew).  Iterative. */
static int w_mark(walker *w, uint32_t i, uint32_t bits)
{
	w->sn = 0;
	if (w_grow((void **)&w->stack, &w->scap, 1, sizeof *w->stack) < 0)
		return w_oom(w);
	w->stack[w->sn++] = i;
	while (w->sn) {
		uint32_t j = w->stack[--w->sn];
		wnode *n = &w->node[j];
		uint32_t nb = bits & ~n->flags & FPROP;
		if (!nb)
			continue;
		if ((n->flags & FQUEUED) && (n->flags & FPROP) == FB)
			w->interesting--;
		n->flags |= nb;
		if ((n->flags & FQUEUED) && (n->flags & FPROP) == FB)
			w->interesting++;
		if (n->flags & FEXPANDED) {
			uint32_t np = n->npar, off = n->ioff;
			if (w_grow((void **)&w->stack, &w->scap, w->sn + np, sizeof *w->stack) < 0)
				return w_oom(w);
			for (uint32_t k = 0; k < np; k++)
				w->stack[w->sn++] = w->pidx[off + k];
		}
	}
	return 0;
}

/* Create i's parents, give them i's flags, queue the new ones. */
static int w_expand(walker *w, uint32_t i)
{
	size_t np = w->node[i].npar, start = w->npidx;

	if (w->node[i].flags & (FEXPANDED | FSHALLOW))
		return 0;
	if (w_grow((void **)&w->pidx, &w->pidxcap, start + np, sizeof *w->pidx) < 0)
		return w_oom(w);
	for (size_t k = 0; k < np; k++) {
		git_oid pid = w->poid[w->node[i].poff + k];
		if (w_node(w, &w->pidx[start + k], &pid) < 0)
			return -1;
	}
	w->npidx = start + np;
	w->node[i].ioff = (uint32_t)start;
	w->node[i].flags |= FEXPANDED;
	for (size_t k = 0; k < np; k++) {
		uint32_t p = w->pidx[start + k];
		if (w_mark(w, p, w->node[i].flags & FPROP) < 0)
			return -1;
		if (!(w->node[p].flags & (FQUEUED | FPOPPED))) {
			if (w_push(w, p) < 0)
				return -1;
		} else if (w->node[p].obj && !(w->node[p].flags & FQUEUED)) {
			git_odb_object_free(w->node[p].obj);
			w->node[p].obj = NULL;
		}
	}
	return 0;
}

static void w_free(walker *w)
{
	readahead_end(w->ra); /* first: it reads through w->odb */
	for (size_t i = 0; i < w->n; i++)
		if (w->node[i].obj)
			git_odb_object_free(w->node[i].obj);
	free(w->node);
	free(w->tab);
	free(w->poid);
	free(w->pidx);
	free(w->heap);
	free(w->stack);
	rcb_buf_free(&w->why);
	memset(w, 0, sizeof *w);
}

void walk_out_free(walk_out *o)
{
	free(o->cand_oid);
	free(o->alive);
	free(o->anc);
	memset(o, 0, sizeof *o);
}

/* The date walk (see the section comment).  Returns 0 or -1 with w->why. */
static int walk_dates(walker *w, const walk_req *rq, walk_out *o)
{
	uint32_t b, a = NO_NODE, *tnode = NULL, *order = NULL;
	size_t lowest = 0, candcap = 0;
	int64_t oldest_cand = INT64_MAX;
	int slop = SLOP, range_done = rq->no_range, rc = -1, shallow_hit = 0;

	if (w_node(w, &b, rq->tip) < 0 || (rq->hide && w_node(w, &a, rq->hide) < 0))
		goto out;
	if (rq->ntargets) {
		tnode = calloc(rq->ntargets, sizeof *tnode);
		order = calloc(rq->ntargets, sizeof *order);
		o->anc = calloc(rq->ntargets, 1);
		if (!tnode || !order || !o->anc) {
			w_oom(w);
			goto out;
		}
		for (size_t t = 0; t < rq->ntargets; t++) {
			if (w_node(w, &tnode[t], &rq->targets[t]) < 0)
				goto out;
			if (tnode[t] != b && tnode[t] != a && w->node[tnode[t]].obj) {
				git_odb_object_free(w->node[tnode[t]].obj);
				w->node[tnode[t]].obj = NULL;
			}
		}
		/* oldest target first: it decides how deep the walk goes */
		for (size_t t = 0; t < rq->ntargets; t++) {
			size_t k = t;
			while (k > 0 && w->node[tnode[t]].date < w->node[tnode[order[k - 1]]].date) {
				order[k] = order[k - 1];
				k--;
			}
			order[k] = (uint32_t)t;
		}
	}
	w->node[b].flags |= FB;
	if (w_push(w, b) < 0)
		goto out;
	if (a != NO_NODE) {
		if (w_mark(w, a, FA) < 0 || (a != b && w_push(w, a) < 0))
			goto out;
	}
	while (w->hn) {
		const wnode *top = &w->node[w->heap[0]];
		uint32_t i;
		if (!range_done) {
			if (w->interesting)
				slop = SLOP;
			else if (top->date >= oldest_cand)
				slop = SLOP;
			else if (--slop <= 0)
				range_done = 1;
		}
		if (range_done) {
			while (lowest < rq->ntargets &&
			       (w->node[tnode[order[lowest]]].flags & (FPOPPED | FB)) == (FPOPPED | FB))
				lowest++;
			if (lowest >= rq->ntargets ||
			    top->date + SKEW_SECONDS < w->node[tnode[order[lowest]]].date)
				break;
		}
		i = w_pop(w);
		if ((++w->walked & 8191) == 0 && rq->progress) /* a long walk: 40..89 % */
			rq->progress(rq->pctx, "walking history", 40 + (int)(w->walked / 8192 < 49 ? w->walked / 8192 : 49));
		if (!range_done && (w->node[i].flags & FPROP) == FB) {
			/* a candidate for the range: scan its message now */
			git_odb_object *obj = w->node[i].obj;
			commit_info ci;
			if (!obj && !readahead_take(w->ra, &w->node[i].oid, &obj, NULL) &&
			    read_obj(&obj, w->odb, &w->node[i].oid, &w->why) < 0)
				goto out;
			w->node[i].obj = obj;
			parse_commit(&ci, git_odb_object_data(obj), git_odb_object_size(obj));
			if (w_grow((void **)&o->cand_oid, &candcap, o->ncand + 1, sizeof *o->cand_oid) < 0) {
				w_oom(w);
				goto out;
			}
			git_oid_cpy(&o->cand_oid[o->ncand], &w->node[i].oid);
			if (rq->on_commit && rq->on_commit(rq->ctx, o->ncand, ci.msg, ci.msglen)) {
				w_oom(w);
				goto out;
			}
			o->ncand++;
			if (w->node[i].date < oldest_cand)
				oldest_cand = w->node[i].date;
			if (w->node[i].flags & FSHALLOW)
				o->truncated = 1;
		}
		if ((w->node[i].flags & (FSHALLOW | FB)) == (FSHALLOW | FB))
			shallow_hit = 1;
		if ((!range_done || (w->node[i].flags & FB)) && w_expand(w, i) < 0)
			goto out;
		if (w->node[i].obj) {
			git_odb_object_free(w->node[i].obj);
			w->node[i].obj = NULL;
		}
	}
	/* the verdicts: flags are final now */
	if (o->ncand && !(o->alive = calloc(o->ncand, 1))) {
		w_oom(w);
		goto out;
	}
	for (size_t c = 0; c < o->ncand; c++) {
		uint32_t j = w_tab_find(w, &o->cand_oid[c]);
		o->alive[c] = j != NO_NODE && !(w->node[j].flags & FA);
		o->nrange += o->alive[c];
	}
	for (size_t t = 0; t < rq->ntargets; t++)
		o->anc[t] = (w->node[tnode[t]].flags & FB) ? 1 : shallow_hit ? 2 : 0;
	o->walked = w->walked;
	rc = 0;
out:
	free(tnode);
	free(order);
	return rc;
}

/* The range's messages, read on two threads.  With the commit-graph the
 * range is a list of ids known before any is read, and reading them
 * (inflate and the SHA-1 re-hash, which stays on) is most of a long
 * range's time, on one thread.  So the range is cut into blocks of
 * PF_BLOCK commits, read into a ring of PF_BLOCKS blocks ahead of this
 * thread, each by whichever thread claims it first: a helper thread
 * claims the next block whenever there is room in the ring, and this
 * thread, when the block it has reached is not read yet, claims and reads
 * the next one itself instead of waiting.  This thread alone hands every
 * message to the callback, in order -- the same calls in the same order
 * as one thread would make -- so the helper, which only reads, takes as
 * many blocks as it can.  A thread is woken only when the other one
 * sleeps (hwait, wwait): a sleep and a wake-up cost more than reading a
 * commit.  A whole commit is read straight from its pack (verify_pack.c:
 * no index search through libgit2, none of its locks, one decompressor per
 * thread, the SHA-1 checked against the id) into its block's own buffer;
 * anything else through git_odb_read, the helper through its own git_odb
 * (odb_own: libgit2 serializes the reads of one).  A commit that could not
 * be read ahead is read again here, which gives the same error and
 * message.  Ranges under PF_MIN commits stay on one thread (the thread
 * costs more than it saves). */
#define PF_BLOCK 32
#define PF_BLOCKS 8
#define PF_MIN 128

typedef struct {
	/* ready: read, owned until taken; else what was taken and given
	 * back (prefetch_put), freed by the slot's next reader */
	git_odb_object *obj[PF_BLOCK];
	/* or read from the pack: len[k] bytes at raw + off[k] (len 0: not) */
	unsigned char *raw;            /* owned, reused by the slot's readers */
	size_t rawcap;
	size_t off[PF_BLOCK], len[PF_BLOCK];
	size_t block;                  /* the block these are (valid when ready) */
	int ready;
	int helpers;                   /* the helper read it */
} pf_ring_block;

typedef struct {
	git_odb *odb;
	const char *objdir;            /* for the helper's own odb (odb_own) */
	packs packs;                   /* mapped: the direct reads */
	pack_reader *rd;               /* owned: this thread's direct reads */
	const git_oid *ids;
	size_t n, nblocks;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pf_ring_block ring[PF_BLOCKS]; /* block b in ring[b % PF_BLOCKS] */
	size_t claimed;                /* blocks 0 .. claimed-1 have a reader */
	size_t at;                     /* this thread takes from block `at` */
	int hwait, wwait;              /* the helper waits for room, this thread for a block */
	int stop;
	pthread_t thread;
	int running;                   /* the helper was started */
} prefetch;

/* Claim the next block if the ring has room for it: its number, or
 * SIZE_MAX.  Locked. */
static size_t pf_claim(prefetch *p)
{
	if (p->claimed >= p->nblocks || p->claimed >= p->at + PF_BLOCKS)
		return SIZE_MAX;
	return p->claimed++;
}

/* Commit c straight from its pack into rb's buffer as entry k (see the
 * top): 1 when it was, 0 when git_odb_read must. */
static int pf_read_direct(prefetch *p, pack_reader *rd, pf_ring_block *rb, size_t k, size_t c, size_t *used)
{
	uint64_t where;
	size_t size;

	if (!rd || !packs_find(&p->packs, &p->ids[c], &where) || (size = pack_commit_size(&p->packs, where)) == 0)
		return 0;
	if (rb->rawcap - *used < size) {
		size_t cap = rb->rawcap ? rb->rawcap : 16384;
		unsigned char *r;
		while (cap - *used < size)
			cap *= 2;
		if (!(r = realloc(rb->raw, cap)))
			return 0;
		rb->raw = r;
		rb->rawcap = cap;
	}
	if (pack_commit_read(&p->packs, rd, where, &p->ids[c], rb->raw + *used, size) < 0)
		return 0;
	rb->off[k] = *used;
	rb->len[k] = size;
	*used += size;
	return 1;
}

/* Read claimed block b into its ring slot through rd, or odb (the
 * helper's when helpers), then mark it ready (unlocked while reading;
 * locked on entry and return).  What was given back in the slot is freed
 * first: by the thread that read it, as a rule, so that glibc's allocator
 * does not have to lock another thread's arena for every object. */
static void pf_read_block(prefetch *p, git_odb *odb, pack_reader *rd, size_t b, int helpers)
{
	pf_ring_block *rb = &p->ring[b % PF_BLOCKS];
	size_t used = 0;
	pthread_mutex_unlock(&p->lock);
	for (size_t c = b * PF_BLOCK, k = 0; k < PF_BLOCK; c++, k++) {
		if (rb->obj[k])
			git_odb_object_free(rb->obj[k]);
		rb->obj[k] = NULL;
		rb->len[k] = 0;
		if (c < p->n && !pf_read_direct(p, rd, rb, k, c, &used) && git_odb_read(&rb->obj[k], odb, &p->ids[c]) < 0)
			rb->obj[k] = NULL; /* read again by the caller, for its message */
	}
	pthread_mutex_lock(&p->lock);
	rb->block = b;
	rb->helpers = helpers;
	rb->ready = 1;
}

static void *prefetch_main(void *arg)
{
	prefetch *p = arg;
	git_odb *own, *odb = odb_own(&own, p->objdir, p->odb);
	pack_reader *rd = pack_reader_new();
	size_t b;
	pthread_mutex_lock(&p->lock);
	while (!p->stop && p->claimed < p->nblocks) {
		if ((b = pf_claim(p)) == SIZE_MAX) {
			p->hwait = 1;
			pthread_cond_wait(&p->cond, &p->lock);
			p->hwait = 0;
			continue;
		}
		pf_read_block(p, odb, rd, b, 1);
		if (p->wwait)
			pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	pack_reader_free(rd);
	git_odb_free(own);
	return NULL;
}

/* Start the helper for ids[0..n) when the range is long enough. */
static void prefetch_start(prefetch *p, git_odb *odb, const char *objdir, const git_oid *ids, size_t n)
{
	memset(p, 0, sizeof *p);
	p->odb = odb;
	p->objdir = objdir;
	p->ids = ids;
	p->n = n;
	p->nblocks = (n + PF_BLOCK - 1) / PF_BLOCK;
	if (n < PF_MIN)
		return;
	packs_open(&p->packs, objdir);
	p->rd = pack_reader_new();
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	if (pthread_create(&p->thread, NULL, prefetch_main, p) == 0) {
		p->running = 1;
	} else {
		pthread_cond_destroy(&p->cond);
		pthread_mutex_destroy(&p->lock);
		pack_reader_free(p->rd);
		p->rd = NULL;
		packs_close(&p->packs);
	}
}

/* This thread enters block b (the previous one is all taken): until b is
 * read, read the next unclaimed block here, or wait when there is none.
 * Locked. */
static void prefetch_enter(prefetch *p, size_t b)
{
	size_t k;
	if (b > 0)
		p->ring[(b - 1) % PF_BLOCKS].ready = 0; /* taken: its slot is free */
	p->at = b;
	if (p->hwait)
		pthread_cond_broadcast(&p->cond); /* room in the ring */
	while (!(p->ring[b % PF_BLOCKS].ready && p->ring[b % PF_BLOCKS].block == b)) {
		if ((k = pf_claim(p)) != SIZE_MAX) {
			pf_read_block(p, p->odb, p->rd, k, 0);
			continue;
		}
		p->wwait = 1;
		pthread_cond_wait(&p->cond, &p->lock);
		p->wwait = 0;
	}
}

/* Commit c of the range, in order (read ahead by either thread): its
 * bytes in *d, *n -- straight from the pack (*obj NULL; they stay in the
 * ring until the next block is entered) or libgit2's object (*obj, the
 * caller's to give back with prefetch_put; *d its data).  0, or
 * read_obj()'s error with why. */
static int prefetch_get(prefetch *p, size_t c, git_odb_object **obj, const char **d, size_t *n, rcb_buf *why)
{
	pf_ring_block *rb = &p->ring[c / PF_BLOCK % PF_BLOCKS];
	size_t k = c % PF_BLOCK;
	*obj = NULL;
	if (p->running && c % PF_BLOCK == 0) {
		pthread_mutex_lock(&p->lock);
		prefetch_enter(p, c / PF_BLOCK);
		pthread_mutex_unlock(&p->lock);
	}
	if (p->running && rb->len[k]) { /* ready: nobody else touches it now */
		*d = (const char *)rb->raw + rb->off[k];
		*n = rb->len[k];
		return 0;
	}
	if (p->running) {
		*obj = rb->obj[k];
		rb->obj[k] = NULL;
	}
	if (!*obj && read_obj(obj, p->odb, &p->ids[c], why) < 0)
		return -1;
	if (git_odb_object_type(*obj) != GIT_OBJECT_COMMIT) {
		char hex[GIT_OID_HEXSZ + 1];
		rcb_buf_printf(why, "object %s is not a well-formed commit", hex_of(hex, sizeof hex, &p->ids[c]));
		return -1;
	}
	*d = git_odb_object_data(*obj);
	*n = git_odb_object_size(*obj);
	return 0;
}

/* Done with commit c's object (from prefetch_get; NULL: none): the
 * helper's go back to their slot, for it to free. */
static void prefetch_put(prefetch *p, size_t c, git_odb_object *obj)
{
	pf_ring_block *rb = &p->ring[c / PF_BLOCK % PF_BLOCKS];
	if (p->running && rb->helpers && !rb->obj[c % PF_BLOCK])
		rb->obj[c % PF_BLOCK] = obj;
	else if (obj)
		git_odb_object_free(obj);
}

/* Stop the helper and free what was read and not taken. */
static void prefetch_end(prefetch *p)
{
	if (!p->running)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	for (size_t i = 0; i < PF_BLOCKS; i++) {
		for (size_t k = 0; k < PF_BLOCK; k++)
			if (p->ring[i].obj[k])
				git_odb_object_free(p->ring[i].obj[k]);
		free(p->ring[i].raw);
	}
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	pack_reader_free(p->rd);
	p->rd = NULL;
	packs_close(&p->packs);
	p->running = 0;
}

/* Each range commit's message to rq->on_commit, in order (two threads
 * reading, prefetch above).  Returns 0 or -1 with why. */
static int graph_messages(git_odb *odb, const walk_req *rq, const git_oid *ids, size_t n, rcb_buf *why)
{
	prefetch pf;
	int rc = 0;

	prefetch_start(&pf, odb, rq->objdir, ids, n);
	for (size_t c = 0; c < n && rc == 0; c++) {
		git_odb_object *obj = NULL;
		const char *d = NULL;
		size_t dn = 0;
		commit_info ci;
		if (prefetch_get(&pf, c, &obj, &d, &dn, why) < 0) {
			rc = -1;
		} else if (parse_commit(&ci, d, dn) < 0) {
			char hex[GIT_OID_HEXSZ + 1];
			rcb_buf_printf(why, "object %s is not a well-formed commit", hex_of(hex, sizeof hex, &ids[c]));
			rc = -1;
		} else if (rq->on_commit(rq->ctx, c, ci.msg, ci.msglen)) {
			rcb_buf_puts(why, "out of memory");
			rc = -1;
		}
		prefetch_put(&pf, c, obj);
	}
	prefetch_end(&pf);
	return rc;
}

/* The graph walks: the range from the file, then each range commit's
 * message.  Returns 0, -1 (a commit unreadable: w->why), or 1 when the graph
 * cannot answer (the caller walks by date instead). */
static int walk_graph(rcb_commitgraph *cg, git_odb *odb, const walk_req *rq, walk_out *o, rcb_buf *why)
{
	git_oid *ids = NULL;
	size_t n = 0;
	int *anc = NULL;

	if (!rq->no_range && rcb_commitgraph_range(&ids, &n, cg, rq->tip, 1, rq->hide, rq->hide ? 1 : 0) < 0)
		return 1;
	if (rq->ntargets) {
		if (!(anc = calloc(rq->ntargets, sizeof *anc)) || !(o->anc = calloc(rq->ntargets, 1))) {
			free(ids);
			free(anc);
			return rcb_buf_puts(why, "out of memory"), -1;
		}
		if (rcb_commitgraph_ancestors(anc, cg, rq->tip, rq->targets, rq->ntargets) < 0) {
			free(ids);
			free(anc);
			free(o->anc);
			o->anc = NULL;
			return 1;
		}
		for (size_t t = 0; t < rq->ntargets; t++)
			o->anc[t] = anc[t] ? 1 : 0;
		free(anc);
	}
	o->cand_oid = ids;
	o->ncand = n;
	o->nrange = n;
	o->walked = n;
	o->graph = 1;
	if (n && !(o->alive = malloc(n))) {
		rcb_buf_puts(why, "out of memory");
		return -1;
	}
	if (n)
		memset(o->alive, 1, n);
	return rq->on_commit ? graph_messages(odb, rq, ids, n, why) : 0;
}

/* The one entry point for history: graph walks when cg is given and can
 * answer, else the date walk.  reset() is called before falling back so
 * that the callback's state starts again.  Returns 0, or -1 with why. */
int history_walk(rcb_commitgraph *cg, git_odb *odb, const git_oid *shallow, size_t nshallow,
			const walk_req *rq, walk_out *o, void (*reset)(void *ctx), rcb_buf *why)
{
	walker w;
	int rc;

	memset(o, 0, sizeof *o);
	if (cg) {
		rc = walk_graph(cg, odb, rq, o, why);
		if (rc <= 0)
			return rc;
		walk_out_free(o);
		if (reset)
			reset(rq->ctx);
	}
	memset(&w, 0, sizeof w);
	w.odb = odb;
	w.shallow = shallow;
	w.nshallow = nshallow;
	w.objdir = rq->objdir && *rq->objdir ? rq->objdir : NULL;
	rc = walk_dates(&w, rq, o);
	o->read_ahead = readahead_taken(w.ra);
	if (rc < 0)
		rcb_buf_puts(why, rcb_buf_cstr(&w.why));
	w_free(&w);
	return rc;
}

int rcb_verify_parse_commit(rcb_commit_info *ci, const char *d, size_t n) { return parse_commit(ci, d, n); }

void rcb_verify_commit_parent(git_oid *out, const rcb_commit_info *ci, size_t i) { commit_parent(out, ci, i); }
