/* verify_pack.c: commits read straight from an objects directory's packs.
 *
 * A verification reads thousands of commits (a range's messages, a long
 * walk's parents).  libgit2's git_odb_read of each one does a binary
 * search of the pack index, takes the pack's, the window list's and the
 * object cache's mutexes (which the reading threads then take in turn),
 * allocates a zlib state and the object, inflates, and re-hashes the bytes
 * (perf of a 20-release `verify --meeting`: 5 % inflateInit, 5 % mutexes,
 * 4.6 % the index search).  A whole commit -- pack-objects rarely stores
 * one as a delta -- needs none of that: this file maps each pack's .idx
 * and .pack once, finds an id through the index's fan-out table, reads the
 * object's header at its offset, inflates it into a buffer of the size
 * the header gives (one call per object: inflate_small.c's decoder, whose
 * tables fit a small stream, then libdeflate for what it does not take,
 * each thread reusing its decompressor, pack_reader; libdeflate alone
 * took 17 % less CPU than zlib's streaming inflate on a no-commit-graph
 * verify of the bench's 75,000-commit walk, 865 -> 733 ms, paired runs),
 * and hashes the bytes
 * with git_odb_hash
 * (libgit2's SHA-1, collision-detecting, as its own reads): the bytes are
 * used only when they are the object of that id.  Anything else -- a
 * delta, another type, a bad header, a stream that does not inflate to
 * the size the header gives, a hash that differs -- answers -1, and the
 * caller reads the object through libgit2, which says what is wrong.
 *
 * The files are hostile: every offset, count and size is bounded by the
 * mapped lengths; an index whose fan-out table is not monotonic, or whose
 * object count does not fit its length, is left out (libgit2 reads it). */
#include "verify.h"

#define RCB_VERIFY_PART
#include "verify_internal.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libdeflate.h>

#include "inflate_small.h"

#define PACK_MAX_COMMIT (1u << 20) /* a larger commit is read by libgit2 */
#define PACK_MAX_OBJECT (16u << 20) /* a larger object (or delta) too */
#define PACK_MAX_DEPTH 64          /* a longer delta chain too (git's default is 50) */
#define BASES 64                   /* delta bases a reader keeps */
#define BASES_BYTES (8u << 20)     /* and their bytes at most */

/* A delta base this reader resolved: the object stored at where. */
typedef struct {
	uint64_t where;       /* UINT64_MAX: empty */
	int type;             /* GIT_OBJECT_COMMIT .. GIT_OBJECT_TAG */
	unsigned char *data;  /* owned */
	size_t len;
} pack_base;

struct pack_reader {
	struct libdeflate_decompressor *d; /* owned; NULL until the first read */
	pack_base base[BASES];             /* direct-mapped by where */
	size_t base_bytes;                 /* the sum of their len */
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Map a whole regular file read-only into *m; -1 when it cannot be (or is
 * empty).  O_NONBLOCK: a FIFO named like a pack never blocks the open. */
static int map_file(pack_map *m, const char *path)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	m->p = NULL;
	m->len = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		return -1;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	m->p = p;
	m->len = (size_t)st.st_size;
	return 0;
}

static void unmap(pack_map *m)
{
	if (m->p)
		munmap((void *)m->p, m->len);
	m->p = NULL;
	m->len = 0;
}

/* The index's layout into f, or -1 when it is not a version-2 index whose
 * fan-out table and tables fit its length.  Header 8, fan-out 1024, per
 * object its id 20, CRC 4 and offset 4, then the 64-bit offsets and two
 * trailing checksums 40. */
static int idx_layout(pack_file *f)
{
	const unsigned char *x = f->idx.p;
	size_t len = f->idx.len, n;
	uint32_t prev = 0;

	if (len < 8 + 1024 + 40 || memcmp(x, "\377tOc", 4) != 0 || be32(x + 4) != 2)
		return -1;
	for (int b = 0; b < 256; b++) {
		uint32_t c = be32(x + 8 + 4 * b);
		if (c < prev)
			return -1;
		prev = c;
	}
	n = prev;
	/* libgit2's (and git's) bounds: at most one 64-bit offset per object
	 * after the first; a longer index makes them refuse the whole pack */
	if (n > (len - 1072) / 28 || n >= ((size_t)1 << 24) || len - 1072 - n * 28 > (n ? (n - 1) * 8 : 0))
		return -1;
	f->n = n;
	f->ids = x + 1032;
	f->off32 = f->ids + n * 24; /* after the ids and the CRCs */
	f->off64 = f->off32 + n * 4;
	f->nlarge = (len - 1072 - n * 28) / 8;
	return 0;
}

/* Is f's pack the one its index describes, as libgit2 checks before it
 * reads from it: "PACK", version 2 or 3, the index's object count, and
 * the trailing SHA-1 the index records?  A pack libgit2 refuses (its
 * objects are missing for every other read) must not be read around it:
 * the answer would differ (h-review9, F1). */
static int pack_matches(const pack_file *f)
{
	const unsigned char *p = f->pack.p;
	size_t plen = f->pack.len;
	return plen >= 12 + 20 && memcmp(p, "PACK", 4) == 0 && (be32(p + 4) == 2 || be32(p + 4) == 3) &&
	       be32(p + 8) == f->n && memcmp(p + plen - 20, f->idx.p + f->idx.len - 40, 20) == 0;
}

/* Pack `base` (its .idx and .pack, base without the extension) of dir
 * into *f: 0, or -1 when either cannot be read (nothing kept). */
static int pack_file_open(pack_file *f, const char *dir, const char *base)
{
	char path[4096];

	memset(f, 0, sizeof *f);
	if ((size_t)snprintf(path, sizeof path, "%s/%s.idx", dir, base) >= sizeof path || map_file(&f->idx, path) < 0)
		return -1;
	if (idx_layout(f) < 0 || (size_t)snprintf(path, sizeof path, "%s/%s.pack", dir, base) >= sizeof path ||
	    map_file(&f->pack, path) < 0 || !pack_matches(f)) {
		unmap(&f->pack);
		unmap(&f->idx);
		return -1;
	}
	return 0;
}

int packs_open(packs *ps, const char *objdir)
{
	char dir[4096], base[256];
	struct dirent *de;
	DIR *d;

	memset(ps, 0, sizeof *ps);
	if (!objdir || (size_t)snprintf(dir, sizeof dir, "%s/pack", objdir) >= sizeof dir)
		return 0;
	/* libgit2 finds objects through a multi-pack-index when there is one
	 * (its offsets, its choice among packs holding the same object): a
	 * crafted one could make it fail where these reads would not.  With
	 * one, nothing is read here -- every object goes through libgit2. */
	{
		char midx[sizeof dir + 20];
		struct stat st;
		if ((size_t)snprintf(midx, sizeof midx, "%s/multi-pack-index", dir) >= sizeof midx || lstat(midx, &st) == 0)
			return 0;
	}
	if (!(d = opendir(dir)))
		return 0;
	while ((de = readdir(d)) && ps->n < PACKS_MAX) {
		size_t l = strlen(de->d_name);
		if (l > 4 && l < sizeof base && strcmp(de->d_name + l - 4, ".idx") == 0) {
			memcpy(base, de->d_name, l - 4);
			base[l - 4] = '\0';
			if (pack_file_open(&ps->f[ps->n], dir, base) == 0)
				ps->n++;
		}
	}
	closedir(d);
	return 0;
}

int packs_add_buffers(packs *ps, const unsigned char *idx, size_t ilen, const unsigned char *pack, size_t plen)
{
	pack_file *f;
	if (ps->n >= PACKS_MAX)
		return -1;
	f = &ps->f[ps->n];
	memset(f, 0, sizeof *f);
	f->idx = (pack_map){idx, ilen};
	f->pack = (pack_map){pack, plen};
	f->borrowed = 1;
	if (idx_layout(f) < 0 || !pack_matches(f)) {
		memset(f, 0, sizeof *f);
		return -1;
	}
	ps->n++;
	return 0;
}

void packs_close(packs *ps)
{
	for (unsigned i = 0; i < ps->n; i++)
		if (!ps->f[i].borrowed) {
			unmap(&ps->f[i].idx);
			unmap(&ps->f[i].pack);
		}
	ps->n = 0;
}

uint64_t pack_offset(const pack_file *f, size_t i)
{
	uint32_t o = be32(f->off32 + 4 * i);
	if (!(o & 0x80000000u))
		return o;
	o &= 0x7fffffffu;
	if (o >= f->nlarge)
		return UINT64_MAX;
	return (uint64_t)be32(f->off64 + 8 * (size_t)o) << 32 | be32(f->off64 + 8 * (size_t)o + 4);
}

/* The first 8 bytes of an id as a big-endian number: ordered as memcmp
 * orders the ids. */
static inline uint64_t first8(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* id in pack k alone: 1 (*where), 0 when it is not there, -1 when its
 * offset is out of bounds. */
static int pack_find_in(const packs *ps, unsigned k, const git_oid *id, uint64_t *where)
{
	const pack_file *f = &ps->f[k];
	unsigned b = id->id[0];
	size_t lo = b ? be32(f->idx.p + 8 + 4 * (b - 1)) : 0, hi = be32(f->idx.p + 8 + 4 * b);

	uint64_t key = first8(id->id);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t here = first8(f->ids + 20 * mid); /* most steps differ in the first 8 bytes */
		int c = here != key ? (here < key ? -1 : 1) : memcmp(f->ids + 20 * mid, id->id, 20);
		if (c == 0) {
			uint64_t o = pack_offset(f, mid);
			if (o < 12 || o >= f->pack.len - 20 || o >= (uint64_t)1 << PACK_OFF_BITS)
				return -1;
			*where = (uint64_t)k << PACK_OFF_BITS | o;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int packs_find(const packs *ps, const git_oid *id, uint64_t *where)
{
	for (unsigned k = 0; k < ps->n; k++) {
		int rc = pack_find_in(ps, k, id, where);
		if (rc != 0)
			return rc > 0;
	}
	return 0;
}

/* The object header at off in pack m: its type and size, *hdr its length.
 * -1 when it runs past the pack or the size past SIZE_MAX. */
static int entry_header(const pack_map *m, size_t off, int *type, size_t *size, size_t *hdr)
{
	size_t i = off, sz;
	unsigned c, shift = 4;

	if (i >= m->len)
		return -1;
	c = m->p[i++];
	*type = (c >> 4) & 7;
	sz = c & 15;
	while (c & 0x80) {
		if (i >= m->len || shift > 8 * sizeof sz - 7)
			return -1;
		c = m->p[i++];
		sz |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	}
	*size = sz;
	*hdr = i - off;
	return 0;
}

static const pack_map *pack_of(const packs *ps, uint64_t where, size_t *off)
{
	*off = (size_t)(where & (((uint64_t)1 << PACK_OFF_BITS) - 1));
	return &ps->f[where >> PACK_OFF_BITS].pack;
}

size_t pack_commit_size(const packs *ps, uint64_t where)
{
	size_t off, size, hdr;
	const pack_map *m;
	int type;

	if ((where >> PACK_OFF_BITS) >= ps->n)
		return 0;
	m = pack_of(ps, where, &off);
	if (entry_header(m, off, &type, &size, &hdr) < 0 || type != GIT_OBJECT_COMMIT || size == 0 ||
	    size > PACK_MAX_COMMIT)
		return 0;
	return size;
}

pack_reader *pack_reader_new(void)
{
	pack_reader *r = calloc(1, sizeof *r);
	for (size_t i = 0; r && i < BASES; i++)
		r->base[i].where = UINT64_MAX;
	return r;
}

void pack_reader_free(pack_reader *r)
{
	if (!r)
		return;
	if (r->d)
		libdeflate_free_decompressor(r->d);
	for (size_t i = 0; i < BASES; i++)
		free(r->base[i].data);
	free(r);
}

/* Which streams go to rcb_inflate_small first: those whose first block
 * has a dynamic code (the table build it saves is most of a small
 * stream's cost) and that inflate to SMALL_INFLATE_MAX bytes at most.
 * Measured on this repository's own objects at zlib level 6: commits of
 * up to 384 bytes 2.9 against libdeflate's 3.2 us, up to 512 3.5 vs 3.7,
 * up to 768 5.0 vs 4.3, up to 1 KiB 6.1 vs 4.8 (its decoding loop costs
 * more a symbol); trees, fixed codes whose tables libdeflate keeps from
 * one stream to the next, 0.75 vs 0.56 us at 256 bytes and behind at
 * every size. */
#define SMALL_INFLATE_MAX 512

static int small_first(const unsigned char *p, size_t avail, size_t size)
{
	return size <= SMALL_INFLATE_MAX && avail > 2 && (p[2] >> 1 & 3) == 2;
}

/* Inflate the zlib stream at p (at most avail bytes of it) into out,
 * exactly size bytes: rcb_inflate_small first for the streams it is
 * quicker at (small_first; tables built to the stream's code:
 * inflate_small.c), libdeflate for the rest and for whatever it does not
 * take, whose answer stands.  Exact size (no actual_out): a stream that
 * inflates to more or less than the header says fails; the Adler-32 is
 * checked; the stream may end before the pack does.  0 or -1. */
static int inflate_into(pack_reader *r, const unsigned char *p, size_t avail, unsigned char *out, size_t size)
{
	size_t used;
	if (small_first(p, avail, size) && rcb_inflate_small(p, avail, out, size))
		return 0;
	if (!r->d && !(r->d = libdeflate_alloc_decompressor()))
		return -1;
	return libdeflate_zlib_decompress_ex(r->d, p, avail, out, size, &used, NULL) == LIBDEFLATE_SUCCESS ? 0 : -1;
}

int pack_commit_read(const packs *ps, pack_reader *r, uint64_t where, const git_oid *id, unsigned char *out,
		     size_t size)
{
	size_t off, sz, hdr;
	const pack_map *m;
	git_oid got;
	int type;

	if (size == 0 || size != pack_commit_size(ps, where))
		return -1;
	m = pack_of(ps, where, &off);
	if (entry_header(m, off, &type, &sz, &hdr) < 0)
		return -1;
	if (inflate_into(r, m->p + off + hdr, m->len - off - hdr, out, size) < 0)
		return -1;
	return git_odb_hash(&got, out, size, GIT_OBJECT_COMMIT) == 0 && git_oid_equal(&got, id) ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Any object, its delta chain resolved
 *
 * A tree is usually a delta against another version of itself (depth 0-8
 * in the bench's repositories, up to 50 by git's default).  libgit2 reads
 * each one through a fresh zlib state and a few allocations per level
 * (perf of a 20-release `verify --meeting`: inflateInit 27 % of the Bill
 * of Materials, malloc and the heap's growth a third).  Here the chain is
 * followed down to a whole object or a base this reader already holds,
 * then each delta is inflated and applied upwards; the bases met on the
 * way are kept (direct-mapped, BASES slots, BASES_BYTES at most), the
 * object asked for is the caller's.  git's delta format
 * (Documentation/technical/pack-format.txt): the base's size and the
 * result's, both varints, then copy ops (bit 7 set: which offset and size
 * bytes follow) and insert ops (1-127 literal bytes); every one is bounded
 * by the base, the delta and the result. */

/* Inflate the zlib stream at p (at most avail bytes of it) into a new
 * buffer of exactly size bytes (*out, owned by the caller); -1 when it
 * does not inflate to that. */
static int inflate_exact(pack_reader *r, const unsigned char *p, size_t avail, size_t size, unsigned char **out)
{
	unsigned char *b;

	*out = NULL;
	if (!(b = malloc(size ? size : 1)))
		return -1;
	if (inflate_into(r, p, avail, b, size) < 0) {
		free(b);
		return -1;
	}
	*out = b;
	return 0;
}

/* A delta's size varint at *p (before end): -1 when it runs out or past
 * PACK_MAX_OBJECT. */
static int delta_size(const unsigned char **p, const unsigned char *end, size_t *out)
{
	size_t v = 0;
	unsigned shift = 0, c;
	do {
		if (*p >= end || shift > 28)
			return -1;
		c = *(*p)++;
		v |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	if (v > PACK_MAX_OBJECT)
		return -1;
	*out = v;
	return 0;
}

/* One copy op's offset and size (op's low 7 bits say which bytes
 * follow); -1 when they run past end. */
static int copy_op(unsigned op, const unsigned char **p, const unsigned char *end, size_t *off, size_t *size)
{
	*off = *size = 0;
	for (unsigned k = 0; k < 7; k++) {
		if (!(op & (1u << k)))
			continue;
		if (*p >= end)
			return -1;
		if (k < 4)
			*off |= (size_t)*(*p)++ << (8 * k);
		else
			*size |= (size_t)*(*p)++ << (8 * (k - 4));
	}
	if (*size == 0)
		*size = 0x10000;
	return 0;
}

/* base (blen bytes) with delta (dlen bytes) applied, into a new buffer
 * (*out, *olen; owned by the caller): -1 when the delta is not one for
 * this base or does not build exactly the size it says. */
static int delta_apply(const unsigned char *base, size_t blen, const unsigned char *delta, size_t dlen,
		       unsigned char **out, size_t *olen)
{
	const unsigned char *p = delta, *end = delta + dlen;
	size_t src, dst, at = 0;
	unsigned char *o;

	*out = NULL;
	if (delta_size(&p, end, &src) < 0 || src != blen || delta_size(&p, end, &dst) < 0)
		return -1;
	if (!(o = malloc(dst ? dst : 1)))
		return -1;
	while (p < end) {
		unsigned op = *p++;
		size_t off, n;
		if (op & 0x80) {
			if (copy_op(op, &p, end, &off, &n) < 0 || off > blen || n > blen - off || n > dst - at)
				break;
			memcpy(o + at, base + off, n);
		} else if (op) {
			n = op;
			if (n > (size_t)(end - p) || n > dst - at)
				break;
			memcpy(o + at, p, n);
			p += n;
		} else {
			break; /* op 0 is reserved */
		}
		at += n;
	}
	if (p != end || at != dst) {
		free(o);
		return -1;
	}
	*out = o;
	*olen = dst;
	return 0;
}

static size_t base_slot(uint64_t where) { return (size_t)((where * 0x9E3779B97F4A7C15u) >> 58) % BASES; }

static const pack_base *base_find(const pack_reader *r, uint64_t where)
{
	const pack_base *b = &r->base[base_slot(where)];
	return b->where == where ? b : NULL;
}

/* Keep data (owned, len bytes) as the object at where: 0, or -1 when it
 * would take the reader past BASES_BYTES (data is freed then). */
static int base_keep(pack_reader *r, uint64_t where, int type, unsigned char *data, size_t len)
{
	pack_base *b = &r->base[base_slot(where)];
	if (b->where != UINT64_MAX) {
		r->base_bytes -= b->len;
		free(b->data);
		b->where = UINT64_MAX;
		b->data = NULL;
	}
	if (len > BASES_BYTES - r->base_bytes) {
		free(data);
		return -1;
	}
	*b = (pack_base){where, type, data, len};
	r->base_bytes += len;
	return 0;
}

/* The entry at where: its type, its size and where its zlib data starts
 * (*data), and for a delta where its base is (*base_at). */
typedef struct {
	int type;
	size_t size;
	const unsigned char *data;
	size_t avail;
	uint64_t base_at;
} pack_entry;

static int entry_at(const packs *ps, uint64_t where, pack_entry *e)
{
	size_t off, hdr, i;
	const pack_map *m;

	if ((where >> PACK_OFF_BITS) >= ps->n)
		return -1;
	m = pack_of(ps, where, &off);
	if (entry_header(m, off, &e->type, &e->size, &hdr) < 0 || e->size > PACK_MAX_OBJECT)
		return -1;
	i = off + hdr;
	e->base_at = UINT64_MAX;
	if (e->type == GIT_OBJECT_OFS_DELTA) {
		size_t back;
		unsigned c;
		if (i >= m->len)
			return -1;
		c = m->p[i++];
		back = c & 0x7f;
		while (c & 0x80) {
			if (i >= m->len || back >= ((size_t)1 << (PACK_OFF_BITS - 7)))
				return -1;
			c = m->p[i++];
			back = ((back + 1) << 7) | (c & 0x7f);
		}
		if (back == 0 || back > off - 12)
			return -1;
		e->base_at = (where & ~(((uint64_t)1 << PACK_OFF_BITS) - 1)) | (off - back);
	} else if (e->type == GIT_OBJECT_REF_DELTA) {
		git_oid bid;
		if (m->len - i < 20 + 20)
			return -1;
		memcpy(bid.id, m->p + i, 20);
		i += 20;
		/* in the delta's own pack only, as libgit2 and git look for it
		 * ("base entry delta is not in the same pack") */
		if (pack_find_in(ps, (unsigned)(where >> PACK_OFF_BITS), &bid, &e->base_at) != 1)
			return -1;
	} else if (e->type < GIT_OBJECT_COMMIT || e->type > GIT_OBJECT_TAG) {
		return -1;
	}
	if (i >= m->len - 20)
		return -1;
	e->data = m->p + i;
	e->avail = m->len - 20 - i;
	return 0;
}

/* What a chain's walk down found: the object at its bottom (held by the
 * reader, or own: inflated for this read) and the deltas above it. */
typedef struct {
	uint64_t chain[PACK_MAX_DEPTH]; /* chain[0] the object asked for */
	size_t n;
	uint64_t bottom;
	const unsigned char *base;
	size_t blen;
	int btype;
	unsigned char *own; /* base, when this read inflated it */
} pack_walk;

/* From where down the delta chain to a whole object or a base held. */
static int chain_down(const packs *ps, pack_reader *r, uint64_t where, pack_walk *w)
{
	pack_entry e;
	for (w->n = 0;; where = e.base_at) {
		const pack_base *b = base_find(r, where);
		if (b) {
			w->base = b->data, w->blen = b->len, w->btype = b->type;
			break;
		}
		if (entry_at(ps, where, &e) < 0)
			return -1;
		if (e.base_at == UINT64_MAX) {
			if (inflate_exact(r, e.data, e.avail, e.size, &w->own) < 0)
				return -1;
			w->base = w->own, w->blen = e.size, w->btype = e.type;
			break;
		}
		if (w->n == PACK_MAX_DEPTH)
			return -1;
		w->chain[w->n++] = where;
	}
	w->bottom = where;
	return 0;
}

/* The object at chain[k]: its delta applied to w->base, which becomes it
 * (w->own: the caller's; kept as a base when k > 0). */
static int chain_up(const packs *ps, pack_reader *r, pack_walk *w, size_t k)
{
	unsigned char *delta, *next;
	size_t nlen;
	pack_entry e;
	int rc;

	if (entry_at(ps, w->chain[k], &e) < 0 || inflate_exact(r, e.data, e.avail, e.size, &delta) < 0)
		return -1;
	rc = delta_apply(w->base, w->blen, delta, e.size, &next, &nlen);
	free(delta);
	if (rc < 0)
		return -1;
	free(w->own);
	w->own = next, w->base = next, w->blen = nlen;
	if (k == 0)
		return 0;
	w->own = NULL;
	return base_keep(r, w->chain[k], w->btype, next, nlen);
}

int pack_object_read(const packs *ps, pack_reader *r, const git_oid *id, int *type, unsigned char **out,
		     size_t *len)
{
	pack_walk w;
	uint64_t where;
	git_oid got;

	*out = NULL;
	memset(&w, 0, sizeof w);
	if (!packs_find(ps, id, &where) || chain_down(ps, r, where, &w) < 0)
		return -1;
	if (w.n == 0 && !w.own) { /* a base held: the caller gets a copy */
		if (!(w.own = malloc(w.blen ? w.blen : 1)))
			return -1;
		memcpy(w.own, w.base, w.blen);
	} else if (w.n && w.own) { /* the whole object below the deltas is a base */
		unsigned char *b = w.own;
		w.own = NULL;
		if (base_keep(r, w.bottom, w.btype, b, w.blen) < 0)
			return -1;
	}
	for (size_t k = w.n; k-- > 0;)
		if (chain_up(ps, r, &w, k) < 0)
			goto fail;
	if (git_odb_hash(&got, w.own, w.blen, (git_object_t)w.btype) != 0 || !git_oid_equal(&got, id))
		goto fail;
	*out = w.own, *len = w.blen, *type = w.btype;
	return 0;
fail:
	free(w.own);
	return -1;
}
