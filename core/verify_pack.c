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
 * object's header at its offset, inflates it with libdeflate into a
 * buffer of the size the header gives (one call per object, each thread
 * reusing its decompressor, pack_reader: a no-commit-graph verify of the
 * bench's 75,000-commit walk took 17 % less CPU than with zlib's
 * streaming inflate, 865 -> 733 ms, paired runs), and hashes the bytes
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

#define PACK_MAX_COMMIT (1u << 20) /* a larger commit is read by libgit2 */

struct pack_reader {
	struct libdeflate_decompressor *d; /* owned; NULL until the first read */
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
	if (n > (len - 1072) / 28 || n >= ((size_t)1 << 24))
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
	if (!objdir || (size_t)snprintf(dir, sizeof dir, "%s/pack", objdir) >= sizeof dir || !(d = opendir(dir)))
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

void packs_close(packs *ps)
{
	for (unsigned i = 0; i < ps->n; i++) {
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

int packs_find(const packs *ps, const git_oid *id, uint64_t *where)
{
	unsigned b = id->id[0];

	for (unsigned k = 0; k < ps->n; k++) {
		const pack_file *f = &ps->f[k];
		size_t lo = b ? be32(f->idx.p + 8 + 4 * (b - 1)) : 0, hi = be32(f->idx.p + 8 + 4 * b);
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = memcmp(f->ids + 20 * mid, id->id, 20);
			if (c == 0) {
				uint64_t o = pack_offset(f, mid);
				if (o < 12 || o >= f->pack.len - 20 || o >= (uint64_t)1 << PACK_OFF_BITS)
					return 0;
				*where = (uint64_t)k << PACK_OFF_BITS | o;
				return 1;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
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
	return calloc(1, sizeof(pack_reader));
}

void pack_reader_free(pack_reader *r)
{
	if (r && r->d)
		libdeflate_free_decompressor(r->d);
	free(r);
}

int pack_commit_read(const packs *ps, pack_reader *r, uint64_t where, const git_oid *id, unsigned char *out,
		     size_t size)
{
	size_t off, sz, hdr, used;
	const pack_map *m;
	git_oid got;
	int type;

	if (size == 0 || size != pack_commit_size(ps, where))
		return -1;
	m = pack_of(ps, where, &off);
	if (entry_header(m, off, &type, &sz, &hdr) < 0)
		return -1;
	if (!r->d && !(r->d = libdeflate_alloc_decompressor()))
		return -1;
	/* out's exact size (no actual_out): a stream that inflates to more or
	 * less than the header says fails; the Adler-32 is checked; the
	 * stream may end before the pack does (used). */
	if (libdeflate_zlib_decompress_ex(r->d, m->p + off + hdr, m->len - off - hdr, out, size, &used, NULL) !=
	    LIBDEFLATE_SUCCESS)
		return -1;
	return git_odb_hash(&got, out, size, GIT_OBJECT_COMMIT) == 0 && git_oid_equal(&got, id) ? 0 : -1;
}
