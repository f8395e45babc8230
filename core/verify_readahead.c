/* verify_readahead.c: the date walk's commits read ahead, in pack order.
 *
 * Without a commit-graph the walk (verify_history.c) reads every commit
 * it passes, one after another: it learns the next commit's id from the
 * one it just read, so it cannot read two at once.  But git writes a
 * pack's commits first and in the order a walk from the tips meets them
 * (pack-objects' recency order), so the order is on disk before the walk
 * starts.  A helper thread lists the packs' commits by offset (the .idx
 * gives every object's offset, one byte of the .pack its type) and reads
 * the odd-numbered blocks of RA_BLOCK of them into a ring, at most
 * RA_RING ahead of the walk; the walk takes a commit from the ring when
 * the helper has it (or is about to), and reads the even blocks itself.
 *
 * Either thread reads a commit straight from the pack the index points
 * into (verify_pack.c: inflate, and the SHA-1 of the bytes against the
 * id), and the walk gets its time and parents (readahead_commit): libgit2's
 * read does the same work behind a binary search of the index and its
 * pack, window and cache locks, which the two threads took in turn (perf:
 * 8 % memcmp in pack_entry_find_offset, 6 % mutexes).  Anything else (a
 * delta, a larger commit, one with more than READAHEAD_PARENTS parents),
 * or a commit that does not inflate to its size or hash to its id, is read
 * through git_odb_read (by the helper into the ring, or by the walk): when
 * it is damaged, libgit2 says why.  A commit's message, when the range
 * needs it, is read by the walk through libgit2.
 *
 * Listing costs a pass over every object of the packs (git.git: 850,000,
 * 100 ms of a processor), worth it only when the pack's order is the
 * walk's.  A pack written in another order (one git.git snapshot here has
 * its commits spread over all 496 MB among the trees and blobs) would make
 * the helper read commits the walk never asks for, so before listing it
 * looks up where the walk's first commits are (the sample the walk hands
 * over): when their offsets do not mostly rise, it lists nothing.  And
 * readahead_end does not wait for a listing the walk no longer needs: the
 * listing stops at the next RA_HALT_EVERY objects.
 *
 * The index is only a hint: a damaged, hostile or missing one makes the
 * helper read nothing or the wrong bytes (every offset and count is
 * bounded by the files' sizes, every read by its hash), never a different
 * answer. */
#include "verify.h"

#define RCB_VERIFY_PART
#include "verify_internal.h"

#include "buf.h"

#include <fcntl.h>
#include <git2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RA_RING 512            /* the helper's positions held ahead of the walk */
#define RA_BLOCK 32            /* positions read by one thread in a row */
#define RA_MIN_COMMITS 1024    /* fewer commits in the packs: nothing to gain */
#define RA_TAIL_STOP 65536     /* non-commits in a row after the commits: done */
#define RA_SAMPLE_MIN 64       /* fewer pairs of the walk's commits in one pack: no judging */
#define RA_NEAR 4096           /* bytes between the walk's commits in a pack git wrote */
#define RA_HALT_EVERY 4096     /* objects listed between looks at halt */

typedef struct {
	uint32_t pos;              /* position in order + 1; 0 empty */
	git_odb_object *obj;       /* owned until taken, or NULL */
	int commit;                /* c holds the commit (obj NULL) */
	readahead_commit c;
} ra_slot;

/* One thread's reads: its inflate state and the buffer it inflates into. */
typedef struct {
	pack_reader *r;            /* owned */
	unsigned char *buf;        /* owned */
	size_t cap;
} ra_reader;

struct readahead {
	git_odb *odb;              /* the walk's; the helper reads through its own */
	char *objdir;              /* owned */
	git_oid *sample;           /* owned: the walk's first commits, until judged */
	size_t nsample;
	atomic_int halt;           /* readahead_end: stop listing (no lock) */
	/* built by the helper before ready, read-only after */
	git_oid *order;            /* the packs' commits, in pack order */
	uint64_t *where;           /* each one's "where" (verify_pack.c) */
	size_t n, wcap;
	packs packs;               /* mapped for the direct reads */
	ra_reader walk;            /* the walk's own reads */
	uint32_t *tab;             /* open addressing: oid -> position + 1 */
	size_t tabcap;
	/* under lock */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int ready, stop, done;
	int declined;              /* the packs are not in the walk's order */
	int hwait, wwait;          /* the helper waits for room, the walk for a commit */
	size_t want;               /* the walk asked for positions below this */
	size_t asked;              /* how many commits it asked for */
	size_t taken;              /* and took from the ring */
	size_t at;                 /* the helper reads this position, or the next odd one after */
	ra_slot ring[RA_RING];     /* the helper's position p in ring[ra_slot_of(p)] */
	pthread_t thread;
};

static size_t ra_hash(const git_oid *id)
{
	uint64_t h;
	memcpy(&h, id->id + 4, sizeof h);
	return (size_t)h;
}

/* Whether readahead_end has asked the listing to stop. */
static int halted(readahead *ra)
{
	return atomic_load_explicit(&ra->halt, memory_order_relaxed);
}

/* Sort keys[0..n) by their top 40 bits (the offset): three passes of
 * 16 bits through tmp and count (65537).  A qsort of git.git's 400,000
 * objects would cost more than the walk it helps.  Returns -1 when halted
 * between two passes, else 0. */
static int radix_sort(readahead *ra, uint64_t *keys, uint64_t *tmp, size_t *count, size_t n)
{
	static const unsigned shift[3] = {24, 40, 56};
	for (int pass = 0; pass < 3; pass++) {
		if (halted(ra))
			return -1;
		memset(count, 0, (65536 + 1) * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[((keys[i] >> shift[pass]) & 0xffff) + 1]++;
		for (size_t d = 0; d < 65536; d++)
			count[d + 1] += count[d];
		for (size_t i = 0; i < n; i++)
			tmp[count[(keys[i] >> shift[pass]) & 0xffff]++] = keys[i];
		memcpy(keys, tmp, n * sizeof *keys);
	}
	return 0;
}

/* Append the commits of pack k to ra->order, in the pack's order: the
 * index's offsets sorted (key = offset << 24 | entry), then the type in
 * the first byte of each object's header (1: commit), stopping after the
 * commits.  Returns 0, or -1 when out of memory or halted. */
static int add_pack(readahead *ra, size_t *cap, unsigned k)
{
	const pack_file *f = &ra->packs.f[k];
	size_t m = 0, since = 0, *count = NULL;
	uint64_t *keys = NULL, *tmp = NULL;
	int rc = 0, seen = 0;

	if (!(keys = malloc(f->n * sizeof *keys + 1)) || !(tmp = malloc(f->n * sizeof *tmp + 1)) ||
	    !(count = malloc((65536 + 1) * sizeof *count))) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < f->n; i++) {
		uint64_t o = pack_offset(f, i);
		if (i % RA_HALT_EVERY == 0 && halted(ra)) {
			rc = -1;
			goto out;
		}
		if (o >= 12 && o < f->pack.len - 20 && o < ((uint64_t)1 << PACK_OFF_BITS))
			keys[m++] = o << 24 | i;
	}
	if (radix_sort(ra, keys, tmp, count, m) < 0) {
		rc = -1;
		goto out;
	}
	for (size_t j = 0; j < m && !(seen && since > RA_TAIL_STOP); j++) {
		if (j % RA_HALT_EVERY == 0 && halted(ra)) {
			rc = -1;
			goto out;
		}
		if (((f->pack.p[keys[j] >> 24] >> 4) & 7) != 1) {
			since++;
			continue;
		}
		if (w_grow((void **)&ra->order, cap, ra->n + 1, sizeof *ra->order) < 0 ||
		    w_grow((void **)&ra->where, &ra->wcap, ra->n + 1, sizeof *ra->where) < 0) {
			rc = -1;
			goto out;
		}
		memcpy(ra->order[ra->n].id, f->ids + 20 * (keys[j] & 0xffffff), 20);
		ra->where[ra->n++] = (uint64_t)k << PACK_OFF_BITS | keys[j] >> 24;
		seen = 1;
		since = 0;
	}
out:
	free(keys);
	free(tmp);
	free(count);
	return rc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static uint64_t pack_of_where(uint64_t where) { return where >> PACK_OFF_BITS; }

/* Do the packs hold the walk's first commits (ra->sample) as git writes
 * them, together and in the order the walk met them?  Where each one is
 * (pack << PACK_OFF_BITS | offset), neighbours compared only within one
 * pack (packs lie in no order among themselves: a repository fetched
 * often has many): in offset order the median distance between
 * neighbours is at most RA_NEAR (a commit or two: git.git's own packs
 * 300 B; the spread-out snapshot 116 KB), and of those met one after the
 * other at least one in four lies after the one before it (not a pack
 * written oldest first).  With fewer than RA_SAMPLE_MIN such pairs (or no
 * memory to look) there is nothing to judge by, and the answer is yes. */
static int walk_order_is_pack_order(const readahead *ra)
{
	uint64_t *at = malloc(ra->nsample * sizeof *at + 1);
	size_t found = 0, rises = 0, pairs = 0, ngaps = 0;
	int yes = 1;

	for (size_t i = 0; at && i < ra->nsample; i++) {
		uint64_t where;
		if (packs_find(&ra->packs, &ra->sample[i], &where) != 1)
			continue;
		if (found && pack_of_where(where) == pack_of_where(at[found - 1])) {
			pairs++;
			rises += where > at[found - 1];
		}
		at[found++] = where;
	}
	if (pairs >= RA_SAMPLE_MIN) {
		qsort(at, found, sizeof *at, cmp_u64);
		for (size_t i = 1; i < found; i++) /* gaps within a pack, in place */
			if (pack_of_where(at[i]) == pack_of_where(at[i - 1]))
				at[ngaps++] = at[i] - at[i - 1];
		qsort(at, ngaps, sizeof *at, cmp_u64);
		yes = ngaps && at[(ngaps - 1) / 2] <= RA_NEAR && rises * 4 >= pairs;
	}
	free(at);
	return yes;
}

/* The packs' commits in pack order into ra->order (helper thread, before
 * ready).  Returns 0 (possibly none), 1 when the packs are not in the
 * walk's order (ra->order empty), or -1 (out of memory, or halted). */
static int list_commits(readahead *ra)
{
	size_t cap = 0;
	int rc = packs_open(&ra->packs, ra->objdir), judged = rc == 0 && walk_order_is_pack_order(ra);
	free(ra->sample); /* read by this thread alone, and only here */
	ra->sample = NULL;
	ra->nsample = 0;
	if (rc == 0 && !judged)
		return 1;
	for (unsigned k = 0; rc == 0 && k < ra->packs.n; k++)
		rc = add_pack(ra, &cap, k);
	return rc;
}

/* ra->tab over ra->order; -1 when out of memory. */
static int build_table(readahead *ra)
{
	size_t cap = 1024;
	while (cap < ra->n * 2)
		cap *= 2;
	if (!(ra->tab = calloc(cap, sizeof *ra->tab)))
		return -1;
	ra->tabcap = cap;
	for (size_t i = 0; i < ra->n; i++) {
		size_t h = ra_hash(&ra->order[i]) & (cap - 1);
		while (ra->tab[h])
			h = (h + 1) & (cap - 1);
		ra->tab[h] = (uint32_t)i + 1;
	}
	return 0;
}

/* The position of id in the pack order, or SIZE_MAX. */
static size_t ra_find(const readahead *ra, const git_oid *id)
{
	size_t h = ra_hash(id) & (ra->tabcap - 1);
	while (ra->tab[h]) {
		if (git_oid_equal(&ra->order[ra->tab[h] - 1], id))
			return ra->tab[h] - 1;
		h = (h + 1) & (ra->tabcap - 1);
	}
	return SIZE_MAX;
}

/* Positions are read in blocks of RA_BLOCK: the helper's are the odd
 * blocks (a hand-over per block, not per commit: waking a thread costs
 * more than reading one), held in ring[ra_slot_of(p)]. */
static int ra_helpers(size_t p) { return p / RA_BLOCK % 2 == 1; }
static size_t ra_slot_of(size_t p) { return (p / (2 * RA_BLOCK) * RA_BLOCK + p % RA_BLOCK) % RA_RING; }

/* The next of the helper's positions to read from p on: none the walk has
 * gone past, but the one it waits for (want - 1) if it is the helper's
 * (locked). */
static size_t next_odd(const readahead *ra, size_t p)
{
	if (ra->want && p < ra->want - 1)
		p = ra->want - 1;
	return ra_helpers(p) ? p : (p / RA_BLOCK + 1) * RA_BLOCK;
}

/* How far ahead of the walk the helper reads: as far as the walk has
 * come, up to the ring (a walk that stops early wastes little; locked). */
static size_t lead(const readahead *ra)
{
	size_t l = 8 + 2 * ra->asked;
	/* never past the ring: a position 2 * RA_RING ahead is held in the
	 * slot of one the walk has not taken yet, and the walk may not have
	 * taken the one it waits for (want - 1) when the helper, having read
	 * it, goes on: so a block short of that */
	return l < 2 * RA_RING - 2 * RA_BLOCK ? l : 2 * RA_RING - 2 * RA_BLOCK;
}

/* Position p's commit read straight from its pack into *c through rd (see
 * the top): 0, or -1 when libgit2 must read it. */
static int ra_direct(const readahead *ra, ra_reader *rd, size_t p, readahead_commit *c)
{
	size_t size = pack_commit_size(&ra->packs, ra->where[p]);
	commit_info ci;

	if (size == 0)
		return -1;
	if (!rd->r && !(rd->r = pack_reader_new()))
		return -1;
	if (rd->cap < size) {
		unsigned char *b = realloc(rd->buf, size);
		if (!b)
			return -1;
		rd->buf = b;
		rd->cap = size;
	}
	if (pack_commit_read(&ra->packs, rd->r, ra->where[p], &ra->order[p], rd->buf, size) < 0 ||
	    rcb_verify_parse_commit(&ci, (const char *)rd->buf, size) < 0 || ci.nparents > READAHEAD_PARENTS)
		return -1;
	c->time = ci.time;
	c->nparents = (uint32_t)ci.nparents;
	for (size_t k = 0; k < ci.nparents; k++)
		rcb_verify_commit_parent(&c->parent[k], &ci, k);
	return 0;
}

static void reader_end(ra_reader *rd)
{
	pack_reader_free(rd->r);
	free(rd->buf);
	memset(rd, 0, sizeof *rd);
}

static void *ra_main(void *arg)
{
	readahead *ra = arg;
	ra_reader rd;
	git_odb *own, *odb;
	int listed = list_commits(ra);
	int ok = listed == 0 && ra->n >= RA_MIN_COMMITS && ra->n < UINT32_MAX && build_table(ra) == 0;
	size_t p;

	memset(&rd, 0, sizeof rd);
	odb = odb_own(&own, ok ? ra->objdir : NULL, ra->odb);
	pthread_mutex_lock(&ra->lock);
	ra->ready = ok;
	ra->declined = listed == 1;
	ra->at = p = next_odd(ra, RA_BLOCK);
	pthread_cond_broadcast(&ra->cond);
	while (ok && !ra->stop && p < ra->n) {
		git_odb_object *obj = NULL;
		readahead_commit c;
		int direct;
		ra_slot *s;
		if (p >= ra->want + lead(ra)) { /* far enough ahead: until half is taken */
			ra->hwait = 1;
			pthread_cond_wait(&ra->cond, &ra->lock);
			ra->hwait = 0;
			ra->at = p = next_odd(ra, p);
			if (ra->wwait) /* it may wait for a position this skipped */
				pthread_cond_broadcast(&ra->cond);
			continue;
		}
		pthread_mutex_unlock(&ra->lock);
		direct = ra_direct(ra, &rd, p, &c) == 0;
		if (!direct && git_odb_read(&obj, odb, &ra->order[p]) < 0)
			obj = NULL; /* read again by the walk, for its message */
		pthread_mutex_lock(&ra->lock);
		s = &ra->ring[ra_slot_of(p)];
		if (s->obj) /* never taken: the walk went past it */
			git_odb_object_free(s->obj);
		s->pos = (uint32_t)p + 1;
		s->obj = obj;
		s->commit = direct;
		if (direct)
			s->c = c;
		ra->at = p = next_odd(ra, p + 1);
		if (ra->wwait)
			pthread_cond_broadcast(&ra->cond);
	}
	ra->done = 1;
	pthread_cond_broadcast(&ra->cond);
	pthread_mutex_unlock(&ra->lock);
	reader_end(&rd);
	git_odb_free(own);
	return NULL;
}

readahead *readahead_start(git_odb *odb, const char *objdir, const git_oid *sample, size_t nsample)
{
	readahead *ra;
	if (!objdir || !(ra = calloc(1, sizeof *ra)))
		return NULL;
	ra->odb = odb;
	atomic_init(&ra->halt, 0);
	if (nsample && (ra->sample = malloc(nsample * sizeof *sample)) != NULL) {
		memcpy(ra->sample, sample, nsample * sizeof *sample);
		ra->nsample = nsample;
	}
	if (!(ra->objdir = rcb_strdup(objdir))) {
		free(ra->sample);
		free(ra);
		return NULL;
	}
	pthread_mutex_init(&ra->lock, NULL);
	pthread_cond_init(&ra->cond, NULL);
	if (pthread_create(&ra->thread, NULL, ra_main, ra) != 0) {
		pthread_cond_destroy(&ra->cond);
		pthread_mutex_destroy(&ra->lock);
		free(ra->sample);
		free(ra->objdir);
		free(ra);
		return NULL;
	}
	return ra;
}

int readahead_take(readahead *ra, const git_oid *id, git_odb_object **obj, readahead_commit *c)
{
	size_t p;
	ra_slot *s;
	int got = READAHEAD_NONE, own = 0;
	*obj = NULL;
	if (!ra)
		return READAHEAD_NONE;
	pthread_mutex_lock(&ra->lock);
	if (!ra->ready || (p = ra_find(ra, id)) == SIZE_MAX)
		goto out;
	ra->asked++;
	if (p + 1 > ra->want)
		ra->want = p + 1;
	if (ra->hwait && ra->at < ra->want + lead(ra) / 2)
		pthread_cond_broadcast(&ra->cond);
	if (!ra_helpers(p)) {
		own = 1; /* the walk's own: read below, unlocked */
		goto out;
	}
	s = &ra->ring[ra_slot_of(p)];
	/* the helper reads p soon: wait for it, unless it went past */
	while (!ra->done && s->pos != p + 1 && ra->at <= p) {
		ra->wwait = 1;
		pthread_cond_wait(&ra->cond, &ra->lock);
		ra->wwait = 0;
	}
	if (s->pos == p + 1 && s->obj) {
		*obj = s->obj;
		s->obj = NULL;
		s->pos = 0;
		got = READAHEAD_OBJECT;
	} else if (s->pos == p + 1 && s->commit && c) {
		*c = s->c;
		s->commit = 0;
		s->pos = 0;
		got = READAHEAD_COMMIT;
	}
	if (got)
		ra->taken++;
out:
	pthread_mutex_unlock(&ra->lock);
	/* order, where and the packs are read-only once ready */
	if (own && c && ra_direct(ra, &ra->walk, p, c) == 0)
		got = READAHEAD_COMMIT;
	return got;
}

size_t readahead_taken(const readahead *ra)
{
	return ra ? ra->taken : 0; /* written by the walk's thread only */
}

int readahead_state(readahead *ra)
{
	int st;
	if (!ra)
		return READAHEAD_OFF;
	pthread_mutex_lock(&ra->lock);
	st = ra->ready ? READAHEAD_READY
	     : ra->declined ? READAHEAD_DECLINED
	     : ra->done ? READAHEAD_OFF : READAHEAD_LISTING;
	pthread_mutex_unlock(&ra->lock);
	return st;
}

void readahead_end(readahead *ra)
{
	if (!ra)
		return;
	atomic_store_explicit(&ra->halt, 1, memory_order_relaxed);
	pthread_mutex_lock(&ra->lock);
	ra->stop = 1;
	pthread_cond_broadcast(&ra->cond);
	pthread_mutex_unlock(&ra->lock);
	pthread_join(ra->thread, NULL);
	for (size_t i = 0; i < RA_RING; i++)
		if (ra->ring[i].obj)
			git_odb_object_free(ra->ring[i].obj);
	packs_close(&ra->packs);
	reader_end(&ra->walk);
	free(ra->where);
	pthread_cond_destroy(&ra->cond);
	pthread_mutex_destroy(&ra->lock);
	free(ra->order);
	free(ra->tab);
	free(ra->sample);
	free(ra->objdir);
	free(ra);
}
