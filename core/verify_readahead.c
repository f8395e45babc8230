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
 * A whole commit (not a delta: pack-objects rarely deltifies one) is read
 * straight from the pack the index points into, by either thread: its
 * header, zlib's inflate into a buffer the thread reuses, and the SHA-1
 * of the bytes (git_odb_hash: libgit2's, collision-detecting, as its own
 * reads) compared with the id, so that only the commit of that id is ever
 * used; the walk gets its time and parents (readahead_commit).  libgit2's
 * read does the same work behind a binary search of the index and its
 * pack, window and cache locks, which the two threads took in turn (perf:
 * 8 % memcmp in pack_entry_find_offset, 6 % mutexes).  Anything else (a
 * delta, a larger commit, one with more than READAHEAD_PARENTS parents),
 * or a commit that does not inflate to its size or hash to its id, is read
 * through git_odb_read (by the helper into the ring, or by the walk): when
 * it is damaged, libgit2 says why.  A commit's message, when the range
 * needs it, is read by the walk through libgit2.
 *
 * The index is only a hint: a damaged, hostile or missing one makes the
 * helper read nothing or the wrong bytes (every offset and count is
 * bounded by the files' sizes, every read by its hash), never a different
 * answer. */
#include "verify.h"

#define RCB_VERIFY_PART
#include "verify_internal.h"

#include "buf.h"

#include <dirent.h>
#include <limits.h>
#include <fcntl.h>
#include <git2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define ZLIB_CONST
#include <zlib.h>

#define RA_RING 512            /* the helper's positions held ahead of the walk */
#define RA_BLOCK 32            /* positions read by one thread in a row */
#define RA_MIN_COMMITS 1024    /* fewer commits in the packs: nothing to gain */
#define RA_MAX_PACKS 64
#define RA_TAIL_STOP 65536     /* non-commits in a row after the commits: done */
#define RA_MAX_COMMIT (1u << 20) /* a larger commit is read by libgit2 */
#define RA_OFF_BITS 40         /* where[]: pack << 40 | offset */

typedef struct {
	uint32_t pos;              /* position in order + 1; 0 empty */
	git_odb_object *obj;       /* owned until taken, or NULL */
	int commit;                /* c holds the commit (obj NULL) */
	readahead_commit c;
} ra_slot;

typedef struct {
	const unsigned char *p;    /* owned: the .pack mapped */
	size_t len;
} ra_pack;

/* One thread's inflate state and buffer, reused commit after commit. */
typedef struct {
	z_stream z;
	int init;
	unsigned char *buf;        /* owned */
	size_t cap;
} ra_reader;

struct readahead {
	git_odb *odb;              /* the walk's; the helper reads through its own */
	char *objdir;              /* owned */
	char *packdir;             /* owned */
	/* built by the helper before ready, read-only after */
	git_oid *order;            /* the packs' commits, in pack order */
	uint64_t *where;           /* each one's pack and offset (RA_OFF_BITS) */
	size_t n, wcap;
	ra_pack packs[RA_MAX_PACKS];
	unsigned npacks;
	ra_reader walk;            /* the walk's own reads */
	uint32_t *tab;             /* open addressing: oid -> position + 1 */
	size_t tabcap;
	/* under lock */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int ready, stop, done;
	int hwait, wwait;          /* the helper waits for room, the walk for a commit */
	size_t want;               /* the walk asked for positions below this */
	size_t asked;              /* how many commits it asked for */
	size_t taken;              /* and took from the ring */
	size_t at;                 /* the helper reads this position, or the next odd one after */
	ra_slot ring[RA_RING];     /* the helper's position p in ring[ra_slot_of(p)] */
	pthread_t thread;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static size_t ra_hash(const git_oid *id)
{
	uint64_t h;
	memcpy(&h, id->id + 4, sizeof h);
	return (size_t)h;
}

/* Map a whole regular file read-only; NULL when it cannot be (or is
 * empty).  O_NONBLOCK: a FIFO named like a pack never blocks the open. */
static const unsigned char *map_file(const char *path, size_t *len)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	return p;
}

/* The offset of object i of a version-2 index (n objects, nlarge 64-bit
 * offsets); UINT64_MAX when the index points outside its table. */
static uint64_t idx_offset(const unsigned char *off32, const unsigned char *off64, size_t nlarge, size_t i)
{
	uint32_t o = be32(off32 + 4 * i);
	if (!(o & 0x80000000u))
		return o;
	o &= 0x7fffffffu;
	if (o >= nlarge)
		return UINT64_MAX;
	return (uint64_t)be32(off64 + 8 * (size_t)o) << 32 | be32(off64 + 8 * (size_t)o + 4);
}

/* Sort keys[0..n) by their top 40 bits (the offset): three passes of
 * 16 bits through tmp and count (65537).  A qsort of git.git's 400,000
 * objects would cost more than the walk it helps. */
static void radix_sort(uint64_t *keys, uint64_t *tmp, size_t *count, size_t n)
{
	static const unsigned shift[3] = {24, 40, 56};
	for (int pass = 0; pass < 3; pass++) {
		memset(count, 0, (65536 + 1) * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[((keys[i] >> shift[pass]) & 0xffff) + 1]++;
		for (size_t d = 0; d < 65536; d++)
			count[d + 1] += count[d];
		for (size_t i = 0; i < n; i++)
			tmp[count[(keys[i] >> shift[pass]) & 0xffff]++] = keys[i];
		memcpy(keys, tmp, n * sizeof *keys);
	}
}

/* Is the pack (plen bytes) the one its index (len bytes, cnt objects)
 * describes, as libgit2 checks before it reads from it: "PACK", version 2
 * or 3, cnt objects, and its trailing SHA-1 the one the index records?  A
 * pack libgit2 refuses (its objects are then missing for the walk) must
 * not be read around it: the answer would differ. */
static int pack_matches(const unsigned char *pack, size_t plen, const unsigned char *x, size_t len, size_t cnt)
{
	return plen >= 12 + 20 && memcmp(pack, "PACK", 4) == 0 && (be32(pack + 4) == 2 || be32(pack + 4) == 3) &&
	       be32(pack + 8) == cnt && memcmp(pack + plen - 20, x + len - 40, 20) == 0;
}

/* Append the commits of pack `base` (its .idx and .pack, base without
 * the extension) to ra->order, in the pack's order: the index's offsets
 * sorted (key = offset << 24 | entry), then the type in the first byte of
 * each object's header (1: commit), stopping after the commits.  Returns
 * 0 (a pack it cannot read adds nothing) or -1 when out of memory. */
static int add_pack(readahead *ra, size_t *cap, const char *base)
{
	char path[4096];
	size_t len = 0, plen = 0, cnt, nlarge, m = 0, since = 0, *count = NULL;
	const unsigned char *x = NULL, *pack = NULL, *ids, *off32, *off64;
	uint64_t *keys = NULL, *tmp = NULL;
	int rc = 0, seen = 0;

	if ((size_t)snprintf(path, sizeof path, "%s/%s.idx", ra->packdir, base) >= sizeof path ||
	    !(x = map_file(path, &len)))
		return 0;
	/* header 8, fan-out 1024, per object id 20 + CRC 4 + offset 4, the
	 * 64-bit offsets, two trailing checksums 40 */
	if (len < 8 + 1024 + 40 || memcmp(x, "\377tOc", 4) != 0 || be32(x + 4) != 2 ||
	    (cnt = be32(x + 8 + 255 * 4)) > (len - 1072) / 28 || cnt >= ((size_t)1 << 24))
		goto out;
	nlarge = (len - 1072 - cnt * 28) / 8;
	ids = x + 1032;
	off32 = ids + cnt * 24; /* after the ids and the CRCs */
	off64 = off32 + cnt * 4;
	if ((size_t)snprintf(path, sizeof path, "%s/%s.pack", ra->packdir, base) >= sizeof path ||
	    !(pack = map_file(path, &plen)) || !pack_matches(pack, plen, x, len, cnt))
		goto out;
	if (!(keys = malloc(cnt * sizeof *keys + 1)) || !(tmp = malloc(cnt * sizeof *tmp + 1)) ||
	    !(count = malloc((65536 + 1) * sizeof *count))) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < cnt; i++) {
		uint64_t o = idx_offset(off32, off64, nlarge, i);
		if (o >= 12 && o < plen - 20 && o < ((uint64_t)1 << 40))
			keys[m++] = o << 24 | i;
	}
	radix_sort(keys, tmp, count, m);
	for (size_t k = 0; k < m && !(seen && since > RA_TAIL_STOP); k++) {
		if (((pack[keys[k] >> 24] >> 4) & 7) != 1) {
			since++;
			continue;
		}
		if (w_grow((void **)&ra->order, cap, ra->n + 1, sizeof *ra->order) < 0 ||
		    w_grow((void **)&ra->where, &ra->wcap, ra->n + 1, sizeof *ra->where) < 0) {
			rc = -1;
			goto out;
		}
		memcpy(ra->order[ra->n].id, ids + 20 * (keys[k] & 0xffffff), 20);
		ra->where[ra->n++] = (uint64_t)ra->npacks << RA_OFF_BITS | keys[k] >> 24;
		seen = 1;
		since = 0;
	}
	if (seen) { /* kept for the direct reads */
		ra->packs[ra->npacks].p = pack;
		ra->packs[ra->npacks++].len = plen;
		pack = NULL;
	}
out:
	free(keys);
	free(tmp);
	free(count);
	if (pack)
		munmap((void *)pack, plen);
	munmap((void *)x, len);
	return rc;
}

/* The packs' commits in pack order into ra->order (helper thread, before
 * ready).  Returns 0 (possibly none) or -1 (out of memory). */
static int list_commits(readahead *ra)
{
	char base[256];
	size_t cap = 0;
	unsigned np = 0;
	int rc = 0;
	DIR *d = opendir(ra->packdir);
	struct dirent *de;
	if (!d)
		return 0;
	while (rc == 0 && (de = readdir(d)) && np < RA_MAX_PACKS) {
		size_t l = strlen(de->d_name);
		if (l > 4 && l < sizeof base && strcmp(de->d_name + l - 4, ".idx") == 0) {
			memcpy(base, de->d_name, l - 4);
			base[l - 4] = '\0';
			rc = add_pack(ra, &cap, base);
			np++;
		}
	}
	closedir(d);
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
	return ra->asked < RA_RING ? 8 + 2 * ra->asked : 2 * RA_RING;
}

/* The object header at pack p: its type and size, *hdr its length.  -1
 * when it runs past the pack or the size past SIZE_MAX. */
static int entry_header(const ra_pack *pk, size_t off, int *type, size_t *size, size_t *hdr)
{
	size_t i = off, sz;
	unsigned c, shift = 4;

	if (i >= pk->len)
		return -1;
	c = pk->p[i++];
	*type = (c >> 4) & 7;
	sz = c & 15;
	while (c & 0x80) {
		if (i >= pk->len || shift > 8 * sizeof sz - 7)
			return -1;
		c = pk->p[i++];
		sz |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	}
	*size = sz;
	*hdr = i - off;
	return 0;
}

/* n bytes inflated from in (at most avail bytes of zlib stream) into
 * rd's buffer: 0 when the stream ends there exactly, else -1. */
static int inflate_exact(ra_reader *rd, const unsigned char *in, size_t avail, size_t n)
{
	if (rd->cap < n) {
		unsigned char *b = realloc(rd->buf, n);
		if (!b)
			return -1;
		rd->buf = b;
		rd->cap = n;
	}
	if (!rd->init) {
		memset(&rd->z, 0, sizeof rd->z);
		if (inflateInit(&rd->z) != Z_OK)
			return -1;
		rd->init = 1;
	} else if (inflateReset(&rd->z) != Z_OK) {
		return -1;
	}
	rd->z.next_in = in;
	rd->z.avail_in = avail < UINT_MAX ? (uInt)avail : UINT_MAX;
	rd->z.next_out = rd->buf;
	rd->z.avail_out = (uInt)n;
	return inflate(&rd->z, Z_FINISH) == Z_STREAM_END && rd->z.total_out == n ? 0 : -1;
}

/* Position p's commit read straight from its pack into *c through rd (see
 * the top): 0, or -1 when libgit2 must read it. */
static int ra_direct(const readahead *ra, ra_reader *rd, size_t p, readahead_commit *c)
{
	const ra_pack *pk = &ra->packs[ra->where[p] >> RA_OFF_BITS];
	size_t off = (size_t)(ra->where[p] & (((uint64_t)1 << RA_OFF_BITS) - 1)), size, hdr;
	commit_info ci;
	git_oid got;
	int type;

	if (entry_header(pk, off, &type, &size, &hdr) < 0 || type != GIT_OBJECT_COMMIT || size == 0 ||
	    size > RA_MAX_COMMIT || inflate_exact(rd, pk->p + off + hdr, pk->len - off - hdr, size) < 0 ||
	    git_odb_hash(&got, rd->buf, size, GIT_OBJECT_COMMIT) < 0 || !git_oid_equal(&got, &ra->order[p]) ||
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
	if (rd->init)
		inflateEnd(&rd->z);
	free(rd->buf);
	memset(rd, 0, sizeof *rd);
}

static void *ra_main(void *arg)
{
	readahead *ra = arg;
	ra_reader rd;
	git_odb *own, *odb;
	int ok = list_commits(ra) == 0 && ra->n >= RA_MIN_COMMITS && ra->n < UINT32_MAX && build_table(ra) == 0;
	size_t p;

	memset(&rd, 0, sizeof rd);
	odb = odb_own(&own, ok ? ra->objdir : NULL, ra->odb);
	pthread_mutex_lock(&ra->lock);
	ra->ready = ok;
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

readahead *readahead_start(git_odb *odb, const char *objdir)
{
	readahead *ra;
	size_t l;
	if (!objdir || !(ra = calloc(1, sizeof *ra)))
		return NULL;
	l = strlen(objdir);
	ra->odb = odb;
	if (!(ra->packdir = malloc(l + 6)) || !(ra->objdir = rcb_strdup(objdir))) {
		free(ra->packdir);
		free(ra);
		return NULL;
	}
	memcpy(ra->packdir, objdir, l);
	memcpy(ra->packdir + l, "/pack", 6);
	pthread_mutex_init(&ra->lock, NULL);
	pthread_cond_init(&ra->cond, NULL);
	if (pthread_create(&ra->thread, NULL, ra_main, ra) != 0) {
		pthread_cond_destroy(&ra->cond);
		pthread_mutex_destroy(&ra->lock);
		free(ra->packdir);
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

void readahead_end(readahead *ra)
{
	if (!ra)
		return;
	pthread_mutex_lock(&ra->lock);
	ra->stop = 1;
	pthread_cond_broadcast(&ra->cond);
	pthread_mutex_unlock(&ra->lock);
	pthread_join(ra->thread, NULL);
	for (size_t i = 0; i < RA_RING; i++)
		if (ra->ring[i].obj)
			git_odb_object_free(ra->ring[i].obj);
	for (unsigned i = 0; i < ra->npacks; i++)
		munmap((void *)ra->packs[i].p, ra->packs[i].len);
	reader_end(&ra->walk);
	free(ra->where);
	pthread_cond_destroy(&ra->cond);
	pthread_mutex_destroy(&ra->lock);
	free(ra->order);
	free(ra->tab);
	free(ra->packdir);
	free(ra->objdir);
	free(ra);
}
