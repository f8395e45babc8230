/* commitgraph.c: git's commit-graph file, read-only, and the generation-
 * pruned walks of commitgraph.h.
 *
 * Layout of one file (gitformat-commit-graph(5), all numbers big-endian):
 *   header   "CGPH", version 1, hash version (1 = SHA-1), C chunks, B bases
 *   TOC      C+1 entries of (4-byte id, 8-byte offset); id 0 terminates and
 *            its offset ends the last chunk
 *   chunks   OIDF 256 x 4, OIDL N x 20, CDAT N x 36, [GDA2 N x 4],
 *            [GDO2 k x 8], [EDGE k x 4], [BASE B x 20], others ignored
 *   trailer  20-byte checksum of everything above
 * CDAT record: tree id, parent 1, parent 2 (0x70000000 = none; top bit set
 * = index into EDGE, whose last entry has the top bit set), then 30 bits of
 * topological level and 34 bits of commit time.
 *
 * Positions are global over a chain: the commits of layer i come after
 * those of the layers below it.  Commits read from the object database
 * because the graph lacks them ("extras") are numbered after all layers.
 *
 * Everything read from a file is checked before it is used: chunk offsets
 * and sizes at open, the fan-out and the order of the ids at open, parent
 * positions, octopus lists and overflow indices at every read. */
#include "commitgraph.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

#define CG_HASH 20
#define CG_PARENT_NONE 0x70000000u
#define CG_EDGE_BIT 0x80000000u
#define CG_OVERFLOW_BIT 0x80000000u
#define CG_MAX_LAYERS 256           /* B is one byte */
#define CG_MAX_COMMITS 0x70000000u  /* positions stay below PARENT_NONE */
#define CG_CHAIN_MAX_BYTES (CG_MAX_LAYERS * (2 * CG_HASH + 2))

#define CHUNK_ID(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))
#define ID_OIDF CHUNK_ID('O', 'I', 'D', 'F')
#define ID_OIDL CHUNK_ID('O', 'I', 'D', 'L')
#define ID_CDAT CHUNK_ID('C', 'D', 'A', 'T')
#define ID_GDA2 CHUNK_ID('G', 'D', 'A', '2')
#define ID_GDO2 CHUNK_ID('G', 'D', 'O', '2')
#define ID_EDGE CHUNK_ID('E', 'D', 'G', 'E')
#define ID_BASE CHUNK_ID('B', 'A', 'S', 'E')

typedef struct {
	const unsigned char *data; /* the whole file */
	size_t size;
	void *map;                 /* mmap'ed (munmap), or NULL */
	unsigned char *copy;       /* malloc'ed (free), or NULL */
	uint32_t n;                /* commits in this layer */
	uint32_t base;             /* global position of its first commit */
	const unsigned char *fanout, *oidl, *cdat, *gda2, *gdo2, *edge, *bases;
	size_t ngdo2, nedge;
} cg_layer;

enum { X_PENDING = 1, X_DONE = 2 };

/* A commit read from the object database because no layer has it. */
typedef struct {
	git_oid id;
	uint64_t time, gen;
	uint32_t level;
	uint32_t nparents;
	uint32_t *parents;  /* global positions, owned */
	git_oid *poids;     /* parent ids while loading, owned, then NULL */
	uint32_t resolved;  /* parents resolved so far while loading */
	int state;
} cg_extra;

struct rcb_commitgraph {
	cg_layer *layers; /* bottom (0) to top */
	size_t nlayers;
	uint32_t total;   /* commits over all layers */
	int genv2;
	git_odb *odb;     /* the repository's, owned; NULL: no extras */
	cg_extra *extra;
	size_t nextra, extracap;
	uint32_t *xhash;  /* open addressing: extra index + 1, 0 = empty */
	size_t xhashcap;  /* power of two, or 0 */
};

/* ------------------------------------------------------------ byte reading */

static uint32_t be32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return ((uint64_t)be32(p) << 32) | be32(p + 4);
}

static void oid_hex(char out[GIT_OID_HEXSZ + 1], const git_oid *id)
{
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, id);
}

/* ------------------------------------------------------------ parsing */

/* Parse one file already in L->data/L->size as layer number `index` of a
 * graph (index == its number of base graphs), whose commits start at global
 * position `base`.  Sets the chunk pointers and L->n, or returns RCB_EGIT. */
static int parse_layer(cg_layer *L, uint32_t index, uint32_t base)
{
	const unsigned char *d = L->data;
	size_t size = L->size, toc_end, end;
	unsigned nchunks;
	size_t sz_oidf = 0, sz_oidl = 0, sz_cdat = 0, sz_gda2 = 0, sz_base = 0;

	if (size < 8 + 12 + CG_HASH)
		return rcb_error_set(RCB_EGIT, "commit-graph: file too short (%zu bytes)", size);
	if (memcmp(d, "CGPH", 4) != 0)
		return rcb_error_set(RCB_EGIT, "commit-graph: bad signature");
	if (d[4] != 1)
		return rcb_error_set(RCB_EGIT, "commit-graph: unsupported version %u", d[4]);
	if (d[5] != 1)
		return rcb_error_set(RCB_EGIT, "commit-graph: unsupported hash version %u (only SHA-1)", d[5]);
	nchunks = d[6];
	if (d[7] != index)
		return rcb_error_set(RCB_EGIT, "commit-graph: layer %u says it has %u base graphs", index, d[7]);
	end = size - CG_HASH;
	toc_end = 8 + ((size_t)nchunks + 1) * 12;
	if (toc_end > end)
		return rcb_error_set(RCB_EGIT, "commit-graph: table of contents past the end of the file");

	for (unsigned i = 0; i < nchunks; i++) {
		const unsigned char *e = d + 8 + (size_t)i * 12;
		uint32_t id = be32(e);
		uint64_t off = be64(e + 4), next = be64(e + 16);
		const unsigned char *p;
		size_t len;

		if (id == 0)
			return rcb_error_set(RCB_EGIT, "commit-graph: early terminating chunk id");
		if (off < toc_end || off > end || next < off || next > end)
			return rcb_error_set(RCB_EGIT, "commit-graph: chunk %u at an improper offset", i);
		p = d + off;
		len = (size_t)(next - off);
#define TAKE(ptr, szvar)                                                                       \
	do {                                                                                   \
		if ((ptr) != NULL)                                                             \
			return rcb_error_set(RCB_EGIT, "commit-graph: duplicate chunk %08x", id); \
		(ptr) = p;                                                                     \
		(szvar) = len;                                                                 \
	} while (0)
		switch (id) {
		case ID_OIDF: TAKE(L->fanout, sz_oidf); break;
		case ID_OIDL: TAKE(L->oidl, sz_oidl); break;
		case ID_CDAT: TAKE(L->cdat, sz_cdat); break;
		case ID_GDA2: TAKE(L->gda2, sz_gda2); break;
		case ID_GDO2: TAKE(L->gdo2, L->ngdo2); break;
		case ID_EDGE: TAKE(L->edge, L->nedge); break;
		case ID_BASE: TAKE(L->bases, sz_base); break;
		default: break; /* Bloom filters and future chunks */
		}
#undef TAKE
	}
	{
		const unsigned char *term = d + 8 + (size_t)nchunks * 12;
		if (be32(term) != 0)
			return rcb_error_set(RCB_EGIT, "commit-graph: no terminating chunk id");
	}
	if (L->fanout == NULL || L->oidl == NULL || L->cdat == NULL)
		return rcb_error_set(RCB_EGIT, "commit-graph: missing a required chunk (OIDF, OIDL, CDAT)");
	if (sz_oidf != 256 * 4)
		return rcb_error_set(RCB_EGIT, "commit-graph: OID fan-out has the wrong size");

	{
		uint32_t prev = 0;
		for (unsigned i = 0; i < 256; i++) {
			uint32_t f = be32(L->fanout + 4 * i);
			if (f < prev)
				return rcb_error_set(RCB_EGIT, "commit-graph: OID fan-out is not sorted");
			prev = f;
		}
		L->n = prev;
	}
	if ((uint64_t)L->n > CG_MAX_COMMITS || (uint64_t)base + L->n >= CG_MAX_COMMITS)
		return rcb_error_set(RCB_EGIT, "commit-graph: too many commits");
	if ((uint64_t)sz_oidl != (uint64_t)L->n * CG_HASH)
		return rcb_error_set(RCB_EGIT, "commit-graph: OID lookup has the wrong size");
	if ((uint64_t)sz_cdat != (uint64_t)L->n * (CG_HASH + 16))
		return rcb_error_set(RCB_EGIT, "commit-graph: commit data has the wrong size");
	if (L->gda2 != NULL && (uint64_t)sz_gda2 != (uint64_t)L->n * 4)
		return rcb_error_set(RCB_EGIT, "commit-graph: generation data has the wrong size");
	if (L->gdo2 != NULL && L->ngdo2 % 8 != 0)
		return rcb_error_set(RCB_EGIT, "commit-graph: generation overflow has the wrong size");
	if (L->edge != NULL && L->nedge % 4 != 0)
		return rcb_error_set(RCB_EGIT, "commit-graph: extra edge list has the wrong size");
	L->ngdo2 /= 8;
	L->nedge /= 4;
	if (L->gda2 == NULL)
		L->gdo2 = NULL, L->ngdo2 = 0; /* GDO2 means nothing without GDA2 */
	if (index > 0) {
		if (L->bases == NULL || sz_base != (size_t)index * CG_HASH)
			return rcb_error_set(RCB_EGIT, "commit-graph: layer %u lacks a proper base graph list", index);
	} else {
		L->bases = NULL;
	}

	/* The ids are strictly ascending and agree with the fan-out: binary
	 * search (find) relies on both. */
	for (uint32_t i = 0; i < L->n; i++) {
		const unsigned char *o = L->oidl + (size_t)i * CG_HASH;
		unsigned b = o[0];
		uint32_t lo = b ? be32(L->fanout + 4 * (b - 1)) : 0, hi = be32(L->fanout + 4 * b);
		if (i < lo || i >= hi)
			return rcb_error_set(RCB_EGIT, "commit-graph: OID lookup disagrees with the fan-out");
		if (i > 0 && memcmp(o - CG_HASH, o, CG_HASH) >= 0)
			return rcb_error_set(RCB_EGIT, "commit-graph: OID lookup is not sorted");
	}
	L->base = base;
	return 0;
}

static void layer_release(cg_layer *L)
{
	if (L->map != NULL)
		munmap(L->map, L->size);
	free(L->copy);
	memset(L, 0, sizeof *L);
}

/* Open path for reading only if it is a regular file, with its status in
 * *sb.  A FIFO or a device in a hostile repository (attacks.md B12) would
 * block open() or read() forever: O_NONBLOCK makes the open return at once
 * on a FIFO (and is cleared before any read), fstat refuses everything but
 * a regular file, and O_NOFOLLOW refuses a symlink (git writes these files
 * itself, never as links: one to /dev/zero or /proc/kmsg is not followed).
 * Returns the descriptor, or RCB_ENOTFOUND (absent), RCB_EGIT (not a
 * regular file, a symlink), RCB_EIO. */
static int open_regular(const char *path, struct stat *sb, const char *what)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW), fl, e;

	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return rcb_error_set(RCB_ENOTFOUND, "%s: no %s", path, what);
		if (errno == ELOOP)
			return rcb_error_set(RCB_EGIT, "%s: a symlink, not a %s file", path, what);
		return rcb_error_set(RCB_EIO, "%s: %s", path, strerror(errno));
	}
	if (fstat(fd, sb) != 0 || (fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		e = errno;
		close(fd);
		return rcb_error_set(RCB_EIO, "%s: %s", path, strerror(e));
	}
	if (!S_ISREG(sb->st_mode)) {
		close(fd);
		return rcb_error_set(RCB_EGIT, "%s: not a regular file (%s), not a %s file", path,
				     S_ISFIFO(sb->st_mode) ? "a FIFO" : S_ISDIR(sb->st_mode) ? "a directory" : "a device or socket",
				     what);
	}
	return fd;
}

/* Map the file at path read-only into L.  RCB_ENOTFOUND when absent. */
static int map_file(cg_layer *L, const char *path)
{
	struct stat sb;
	void *m;
	int fd = open_regular(path, &sb, "commit-graph");

	if (fd < 0)
		return fd;
	if (sb.st_size < 8 + 12 + CG_HASH || (uint64_t)sb.st_size > SIZE_MAX / 2) {
		close(fd);
		return rcb_error_set(RCB_EGIT, "%s: commit-graph: bad file size", path);
	}
	m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return rcb_error_set(RCB_EIO, "%s: cannot map: %s", path, strerror(errno));
	L->map = m;
	L->data = m;
	L->size = (size_t)sb.st_size;
	return 0;
}

static int graph_alloc(rcb_commitgraph **out, size_t nlayers)
{
	rcb_commitgraph *g = calloc(1, sizeof *g);
	if (g == NULL || (g->layers = calloc(nlayers ? nlayers : 1, sizeof *g->layers)) == NULL) {
		free(g);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	*out = g;
	return 0;
}

/* Decide the generation version and the total once the layers are parsed:
 * v2 only when every layer has GDA2 (as git does for mixed chains). */
static void graph_finish(rcb_commitgraph *g)
{
	int v2 = g->nlayers > 0;
	for (size_t i = 0; i < g->nlayers; i++)
		if (g->layers[i].gda2 == NULL)
			v2 = 0;
	g->genv2 = v2;
	g->total = g->nlayers ? g->layers[g->nlayers - 1].base + g->layers[g->nlayers - 1].n : 0;
}

int rcb_commitgraph_from_buffer(rcb_commitgraph **out, const void *data, size_t len)
{
	rcb_commitgraph *g;
	int rc;

	*out = NULL;
	if (len < 8 + 12 + CG_HASH)
		return rcb_error_set(RCB_EGIT, "commit-graph: file too short (%zu bytes)", len);
	if ((rc = graph_alloc(&g, 1)) < 0)
		return rc;
	g->nlayers = 1;
	if ((g->layers[0].copy = malloc(len)) == NULL) {
		rcb_commitgraph_free(g);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	memcpy(g->layers[0].copy, data, len);
	g->layers[0].data = g->layers[0].copy;
	g->layers[0].size = len;
	if ((rc = parse_layer(&g->layers[0], 0, 0)) < 0) {
		rcb_commitgraph_free(g);
		return rc;
	}
	graph_finish(g);
	*out = g;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Read objects_dir/info/commit-graphs/commit-graph-chain: up to
 * CG_MAX_LAYERS lines of 40 lowercase hex digits, bottom layer first. */
static int read_chain(unsigned char (**hashes)[CG_HASH], size_t *n, const char *path)
{
	char buf[CG_CHAIN_MAX_BYTES + 1];
	size_t len = 0, count = 0;
	ssize_t r;
	unsigned char (*h)[CG_HASH];
	struct stat sb;
	int fd = open_regular(path, &sb, "commit-graph chain");

	if (fd == RCB_ENOTFOUND)
		return rcb_error_set(RCB_ENOTFOUND, "no commit-graph");
	if (fd < 0)
		return fd;
	while (len < sizeof buf && ((r = read(fd, buf + len, sizeof buf - len)) > 0 || (r < 0 && errno == EINTR)))
		len += r > 0 ? (size_t)r : 0;
	close(fd);
	if (len == sizeof buf)
		return rcb_error_set(RCB_EGIT, "%s: commit-graph chain too long", path);
	if ((h = calloc(CG_MAX_LAYERS, sizeof *h)) == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	for (size_t pos = 0; pos < len;) {
		size_t eol = pos;
		while (eol < len && buf[eol] != '\n')
			eol++;
		if (eol - pos != 2 * CG_HASH || count == CG_MAX_LAYERS) {
			free(h);
			return rcb_error_set(RCB_EGIT, "%s: malformed commit-graph chain", path);
		}
		for (size_t k = 0; k < CG_HASH; k++) {
			int a = hexval(buf[pos + 2 * k]), b = hexval(buf[pos + 2 * k + 1]);
			if (a < 0 || b < 0) {
				free(h);
				return rcb_error_set(RCB_EGIT, "%s: malformed commit-graph chain", path);
			}
			h[count][k] = (unsigned char)(a << 4 | b);
		}
		count++;
		pos = eol + 1;
	}
	if (count == 0) {
		free(h);
		return rcb_error_set(RCB_EGIT, "%s: empty commit-graph chain", path);
	}
	*hashes = h;
	*n = count;
	return 0;
}

static int open_chain(rcb_commitgraph **out, const char *objects_dir)
{
	rcb_buf path = RCB_BUF_INIT;
	unsigned char (*hashes)[CG_HASH] = NULL;
	size_t n = 0;
	rcb_commitgraph *g = NULL;
	uint32_t base = 0;
	int rc;

	if ((rc = rcb_buf_printf(&path, "%s/info/commit-graphs/commit-graph-chain", objects_dir)) < 0)
		goto cleanup;
	if ((rc = read_chain(&hashes, &n, rcb_buf_cstr(&path))) < 0)
		goto cleanup;
	if ((rc = graph_alloc(&g, n)) < 0)
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		cg_layer *L = &g->layers[i];
		char hex[2 * CG_HASH + 1];
		for (size_t k = 0; k < CG_HASH; k++)
			snprintf(hex + 2 * k, 3, "%02x", hashes[i][k]);
		rcb_buf_clear(&path);
		if ((rc = rcb_buf_printf(&path, "%s/info/commit-graphs/graph-%s.graph", objects_dir, hex)) < 0)
			goto cleanup;
		g->nlayers = i + 1;
		if ((rc = map_file(L, rcb_buf_cstr(&path))) < 0) {
			if (rc == RCB_ENOTFOUND)
				rc = rcb_error_set(RCB_EGIT, "commit-graph chain names a missing file graph-%s.graph", hex);
			goto cleanup;
		}
		if ((rc = parse_layer(L, (uint32_t)i, base)) < 0) {
			rcb_error_prefix("graph-%s.graph", hex);
			goto cleanup;
		}
		/* The file is named by its checksum, and lists the layers below
		 * it in the same order as the chain. */
		if (memcmp(L->data + L->size - CG_HASH, hashes[i], CG_HASH) != 0) {
			rc = rcb_error_set(RCB_EGIT, "commit-graph: graph-%s.graph has another checksum", hex);
			goto cleanup;
		}
		if (i > 0 && memcmp(L->bases, hashes, i * CG_HASH) != 0) {
			rc = rcb_error_set(RCB_EGIT, "commit-graph: graph-%s.graph has other base graphs than the chain",
					   hex);
			goto cleanup;
		}
		base += L->n;
	}
	graph_finish(g);
	*out = g;
	g = NULL;
	rc = 0;
cleanup:
	rcb_commitgraph_free(g);
	free(hashes);
	rcb_buf_free(&path);
	return rc;
}

int rcb_commitgraph_open(rcb_commitgraph **out, const char *objects_dir)
{
	rcb_buf path = RCB_BUF_INIT;
	rcb_commitgraph *g = NULL;
	int rc;

	*out = NULL;
	if ((rc = rcb_buf_printf(&path, "%s/info/commit-graph", objects_dir)) < 0)
		return rc;
	if ((rc = graph_alloc(&g, 1)) < 0)
		goto cleanup;
	g->nlayers = 1;
	rc = map_file(&g->layers[0], rcb_buf_cstr(&path));
	if (rc == RCB_ENOTFOUND) {
		/* git reads the single file first, then the chain. */
		rcb_commitgraph_free(g);
		g = NULL;
		rc = open_chain(out, objects_dir);
		goto cleanup;
	}
	if (rc < 0)
		goto cleanup;
	if ((rc = parse_layer(&g->layers[0], 0, 0)) < 0) {
		rcb_error_prefix("%s", rcb_buf_cstr(&path));
		goto cleanup;
	}
	graph_finish(g);
	*out = g;
	g = NULL;
cleanup:
	rcb_commitgraph_free(g);
	rcb_buf_free(&path);
	return rc;
}

int rcb_commitgraph_open_repo(rcb_commitgraph **out, git_repository *repo)
{
	const char *common = git_repository_commondir(repo);
	rcb_buf path = RCB_BUF_INIT;
	struct stat sb;
	size_t len;
	int rc;

	*out = NULL;
	if (common == NULL)
		return rcb_error_set(RCB_ENOTFOUND, "no commit-graph: repository without a directory");
	if (git_repository_is_shallow(repo) == 1)
		return rcb_error_set(RCB_ENOTFOUND, "no commit-graph: shallow repository");
	len = strlen(common);
	while (len > 1 && common[len - 1] == '/')
		len--;
	if ((rc = rcb_buf_printf(&path, "%.*s/info/grafts", (int)len, common)) < 0)
		return rc;
	if (stat(rcb_buf_cstr(&path), &sb) == 0) {
		rcb_buf_free(&path);
		return rcb_error_set(RCB_ENOTFOUND, "no commit-graph: the repository has grafts");
	}
	rcb_buf_clear(&path);
	if ((rc = rcb_buf_printf(&path, "%.*s/objects", (int)len, common)) < 0)
		return rc;
	rc = rcb_commitgraph_open(out, rcb_buf_cstr(&path));
	rcb_buf_free(&path);
	if (rc == 0 && git_repository_odb(&(*out)->odb, repo) < 0) {
		const git_error *e = git_error_last();
		rcb_commitgraph_free(*out);
		*out = NULL;
		return rcb_error_set(RCB_EGIT, "cannot read the object database: %s", e ? e->message : "?");
	}
	return rc;
}

void rcb_commitgraph_free(rcb_commitgraph *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->nlayers; i++)
		layer_release(&g->layers[i]);
	free(g->layers);
	for (size_t i = 0; i < g->nextra; i++) {
		free(g->extra[i].parents);
		free(g->extra[i].poids);
	}
	free(g->extra);
	free(g->xhash);
	git_odb_free(g->odb);
	free(g);
}

uint32_t rcb_commitgraph_count(const rcb_commitgraph *g) { return g->total; }

size_t rcb_commitgraph_layers(const rcb_commitgraph *g) { return g->nlayers; }

int rcb_commitgraph_generation_version(const rcb_commitgraph *g) { return g->genv2 ? 2 : 1; }

/* ------------------------------------------------------------ lookups */

static const cg_layer *layer_of(const rcb_commitgraph *g, uint32_t pos)
{
	size_t lo = 0, hi = g->nlayers;
	/* layers are in ascending base order */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (g->layers[mid].base <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return &g->layers[lo];
}

int rcb_commitgraph_find(uint32_t *pos, const rcb_commitgraph *g, const git_oid *id)
{
	/* Top layer first, as git does. */
	for (size_t i = g->nlayers; i-- > 0;) {
		const cg_layer *L = &g->layers[i];
		unsigned b = id->id[0];
		uint32_t lo = b ? be32(L->fanout + 4 * (b - 1)) : 0, hi = be32(L->fanout + 4 * b);
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			int c = memcmp(L->oidl + (size_t)mid * CG_HASH, id->id, CG_HASH);
			if (c == 0) {
				*pos = L->base + mid;
				return 0;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return RCB_ENOTFOUND;
}

static const unsigned char *cdat_of(const cg_layer *L, uint32_t pos)
{
	return L->cdat + (size_t)(pos - L->base) * (CG_HASH + 16);
}

/* Generation of a graph commit (pos < g->total). */
static int graph_generation(uint64_t *gen, const rcb_commitgraph *g, uint32_t pos)
{
	const cg_layer *L = layer_of(g, pos);
	const unsigned char *c = cdat_of(L, pos);
	uint32_t hi = be32(c + CG_HASH + 8);
	uint64_t time = ((uint64_t)(hi & 3) << 32) | be32(c + CG_HASH + 12), off;

	if (!g->genv2) {
		*gen = hi >> 2;
		return 0;
	}
	off = be32(L->gda2 + (size_t)(pos - L->base) * 4);
	if (off & CG_OVERFLOW_BIT) {
		uint64_t k = off & ~(uint64_t)CG_OVERFLOW_BIT;
		if (k >= L->ngdo2)
			return rcb_error_set(RCB_EGIT, "commit-graph: generation overflow index out of range");
		off = be64(L->gdo2 + k * 8);
	}
	if (off > UINT64_MAX - time)
		return rcb_error_set(RCB_EGIT, "commit-graph: corrected commit date overflows");
	*gen = time + off;
	return 0;
}

/* A growable array of positions, for parent lists. */
typedef struct {
	uint32_t *v;
	size_t n, cap;
} posvec;

static int posvec_push(posvec *p, uint32_t x)
{
	uint32_t *v = rcb_array_room(p->v, &p->cap, p->n, sizeof *v, 16);
	if (v == NULL)
		return RCB_ENOMEM;
	p->v = v;
	p->v[p->n++] = x;
	return 0;
}

/* Parents of graph commit pos: the first max positions into out, their
 * number into *n (which may exceed max).  Each is checked to lie in this
 * layer or below. */
static int graph_parents(uint32_t *out, size_t max, size_t *n, const rcb_commitgraph *g, uint32_t pos)
{
	const cg_layer *L = layer_of(g, pos);
	const unsigned char *c = cdat_of(L, pos);
	uint32_t limit = L->base + L->n, p1 = be32(c + CG_HASH), p2 = be32(c + CG_HASH + 4);
	size_t k = 0;

	*n = 0;
	if (p1 == CG_PARENT_NONE)
		return 0;
	if (p1 >= limit)
		return rcb_error_set(RCB_EGIT, "commit-graph: parent position out of range");
	if (k < max)
		out[k] = p1;
	k++;
	if (p2 != CG_PARENT_NONE && !(p2 & CG_EDGE_BIT)) {
		if (p2 >= limit)
			return rcb_error_set(RCB_EGIT, "commit-graph: parent position out of range");
		if (k < max)
			out[k] = p2;
		k++;
	} else if (p2 != CG_PARENT_NONE) {
		for (size_t e = p2 & ~CG_EDGE_BIT;; e++) {
			uint32_t v;
			if (L->edge == NULL || e >= L->nedge)
				return rcb_error_set(RCB_EGIT, "commit-graph: octopus parent list out of range");
			v = be32(L->edge + e * 4);
			if ((v & ~CG_EDGE_BIT) >= limit)
				return rcb_error_set(RCB_EGIT, "commit-graph: parent position out of range");
			if (k < max)
				out[k] = v & ~CG_EDGE_BIT;
			k++;
			if (v & CG_EDGE_BIT)
				break;
		}
	}
	*n = k;
	return 0;
}

int rcb_commitgraph_commit_at(rcb_commitgraph_commit *out, const rcb_commitgraph *g, uint32_t pos)
{
	const cg_layer *L;
	const unsigned char *c;
	uint32_t hi;
	int rc;

	if (pos >= g->total)
		return rcb_error_set(RCB_EINVAL, "commit-graph: position %u out of range", pos);
	L = layer_of(g, pos);
	c = cdat_of(L, pos);
	memset(out, 0, sizeof *out);
	memcpy(out->id.id, L->oidl + (size_t)(pos - L->base) * CG_HASH, CG_HASH);
	memcpy(out->tree.id, c, CG_HASH);
	hi = be32(c + CG_HASH + 8);
	out->level = hi >> 2;
	out->time = ((uint64_t)(hi & 3) << 32) | be32(c + CG_HASH + 12);
	if ((rc = graph_generation(&out->generation, g, pos)) < 0)
		return rc;
	return graph_parents(NULL, 0, &out->nparents, g, pos);
}

int rcb_commitgraph_parents(uint32_t *out, size_t max, size_t *n, const rcb_commitgraph *g, uint32_t pos)
{
	*n = 0;
	if (pos >= g->total)
		return rcb_error_set(RCB_EINVAL, "commit-graph: position %u out of range", pos);
	return graph_parents(out, max, n, g, pos);
}

int rcb_commitgraph_generation(uint64_t *gen, const rcb_commitgraph *g, uint32_t pos)
{
	if (pos >= g->total)
		return rcb_error_set(RCB_EINVAL, "commit-graph: position %u out of range", pos);
	return graph_generation(gen, g, pos);
}

const git_oid *rcb_commitgraph_id(const rcb_commitgraph *g, uint32_t pos)
{
	const cg_layer *L;
	if (pos >= g->total)
		return NULL;
	L = layer_of(g, pos);
	/* git_oid is a plain array of GIT_OID_RAWSZ bytes: no alignment */
	return (const git_oid *)(const void *)(L->oidl + (size_t)(pos - L->base) * CG_HASH);
}

uint64_t rcb_commitgraph_time(const rcb_commitgraph *g, uint32_t pos)
{
	const unsigned char *c;
	if (pos >= g->total)
		return 0;
	c = cdat_of(layer_of(g, pos), pos);
	return ((uint64_t)(be32(c + CG_HASH + 8) & 3) << 32) | be32(c + CG_HASH + 12);
}

/* ------------------------------------------------------------ extras */

static size_t xslot(const git_oid *id, size_t cap)
{
	uint32_t h = be32(id->id);
	return (size_t)h & (cap - 1);
}

static int xfind(const rcb_commitgraph *g, const git_oid *id, uint32_t *idx)
{
	if (g->xhashcap == 0)
		return RCB_ENOTFOUND;
	for (size_t s = xslot(id, g->xhashcap);; s = (s + 1) & (g->xhashcap - 1)) {
		uint32_t v = g->xhash[s];
		if (v == 0)
			return RCB_ENOTFOUND;
		if (git_oid_equal(&g->extra[v - 1].id, id)) {
			*idx = v - 1;
			return 0;
		}
	}
}

static int xhash_rebuild(rcb_commitgraph *g, size_t cap)
{
	uint32_t *h = calloc(cap, sizeof *h);
	if (h == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	free(g->xhash);
	g->xhash = h;
	g->xhashcap = cap;
	for (size_t i = 0; i < g->nextra; i++) {
		size_t s = xslot(&g->extra[i].id, cap);
		while (h[s] != 0)
			s = (s + 1) & (cap - 1);
		h[s] = (uint32_t)i + 1;
	}
	return 0;
}

/* Drop the extras from index `keep` on (a load that failed half-way). */
static void xtruncate(rcb_commitgraph *g, size_t keep)
{
	for (size_t i = keep; i < g->nextra; i++) {
		free(g->extra[i].parents);
		free(g->extra[i].poids);
	}
	g->nextra = keep;
	if (g->xhashcap && xhash_rebuild(g, g->xhashcap) < 0) {
		/* no memory for a new table: forget every extra instead */
		for (size_t i = 0; i < keep; i++) {
			free(g->extra[i].parents);
			free(g->extra[i].poids);
		}
		g->nextra = 0;
		memset(g->xhash, 0, g->xhashcap * sizeof *g->xhash);
	}
}

/* The parents and committer time of a raw commit object (git's format:
 * header lines up to the first empty line; "parent HEX" lines; "committer
 * NAME <EMAIL> TIME TZ").  *parents is malloc'ed (NULL when none). */
static int parse_commit(git_oid **parents, unsigned *np, uint64_t *time, const char *d, size_t len)
{
	const char *p = d, *end = d + len;
	git_oid *v = NULL;
	unsigned n = 0, cap = 0;

	*parents = NULL;
	*np = 0;
	*time = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t l;
		if (eol == NULL)
			eol = end;
		l = (size_t)(eol - p);
		if (l == 0)
			break; /* end of the header */
		if (l == 7 + GIT_OID_HEXSZ && memcmp(p, "parent ", 7) == 0) {
			if (n == cap) {
				git_oid *nv = realloc(v, (cap = cap ? cap * 2 : 2) * sizeof *nv);
				if (nv == NULL) {
					free(v);
					return rcb_error_set(RCB_ENOMEM, "out of memory");
				}
				v = nv;
			}
			if (git_oid_fromstrn(&v[n], p + 7, GIT_OID_HEXSZ) < 0) {
				free(v);
				return rcb_error_set(RCB_EGIT, "malformed parent line in a commit");
			}
			n++;
		} else if (l > 10 && memcmp(p, "committer ", 10) == 0) {
			const char *gt = NULL;
			uint64_t t = 0;
			for (const char *q = p; q < eol; q++)
				if (*q == '>')
					gt = q;
			if (gt != NULL && gt + 1 < eol && gt[1] == ' ')
				for (const char *q = gt + 2; q < eol && *q >= '0' && *q <= '9'; q++)
					t = t < UINT64_MAX / 10 - 9 ? t * 10 + (uint64_t)(*q - '0') : t;
			*time = t;
		}
		p = eol + 1;
	}
	*parents = v;
	*np = n;
	return 0;
}

/* Read commit id from the object database into a new PENDING extra; *idx
 * is its index. */
static int xload(rcb_commitgraph *g, const git_oid *id, uint32_t *idx)
{
	git_odb_object *obj = NULL;
	cg_extra *x;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid *poids = NULL;
	unsigned np = 0;
	uint64_t time = 0;
	int rc;

	if (g->nextra >= RCB_COMMITGRAPH_MAX_EXTRA)
		return rcb_error_set(RCB_ENOTFOUND, "more than %d commits are missing from the commit-graph",
				     RCB_COMMITGRAPH_MAX_EXTRA);
	cg_extra *v = rcb_array_room(g->extra, &g->extracap, g->nextra, sizeof *v, 64);
	if (v == NULL)
		return RCB_ENOMEM;
	g->extra = v;
	if ((g->nextra + 1) * 2 > g->xhashcap && (rc = xhash_rebuild(g, g->xhashcap ? g->xhashcap * 2 : 256)) < 0)
		return rc;
	oid_hex(hex, id);
	if (git_odb_read(&obj, g->odb, id) < 0) {
		const git_error *e = git_error_last();
		return rcb_error_set(RCB_ENOTFOUND, "commit %s: %s", hex, e ? e->message : "cannot be read");
	}
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(obj);
		return rcb_error_set(RCB_ENOTFOUND, "object %s is not a commit", hex);
	}
	rc = parse_commit(&poids, &np, &time, git_odb_object_data(obj), git_odb_object_size(obj));
	git_odb_object_free(obj);
	if (rc < 0)
		return rc;
	x = &g->extra[g->nextra];
	memset(x, 0, sizeof *x);
	x->id = *id;
	x->time = time;
	if (np > 0 && (x->parents = calloc(np, sizeof *x->parents)) == NULL) {
		free(poids);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	x->poids = poids;
	x->nparents = np;
	x->state = X_PENDING;
	{
		size_t slot = xslot(id, g->xhashcap);
		while (g->xhash[slot] != 0)
			slot = (slot + 1) & (g->xhashcap - 1);
		g->xhash[slot] = (uint32_t)g->nextra + 1;
	}
	*idx = (uint32_t)g->nextra++;
	return 0;
}

/* Generation and level of any position (graph or extra). */
static int generation_of(uint64_t *gen, uint32_t *level, const rcb_commitgraph *g, uint32_t pos)
{
	if (pos < g->total) {
		int rc = graph_generation(gen, g, pos);
		if (level != NULL)
			*level = be32(cdat_of(layer_of(g, pos), pos) + CG_HASH + 8) >> 2;
		return rc;
	}
	*gen = g->extra[pos - g->total].gen;
	if (level != NULL)
		*level = g->extra[pos - g->total].level;
	return 0;
}

/* The global position of commit id: in a layer, among the extras, or read
 * now from the object database together with every ancestor of it that the graph
 * lacks (depth first, computing each one's generation once its parents
 * have theirs). */
static int resolve(uint32_t *pos, rcb_commitgraph *g, const git_oid *id)
{
	uint32_t idx;
	size_t keep = g->nextra;
	posvec stack = {NULL, 0, 0};
	int rc;

	if (rcb_commitgraph_find(pos, g, id) == 0)
		return 0;
	if (xfind(g, id, &idx) == 0) {
		*pos = g->total + idx;
		return 0;
	}
	if (g->odb == NULL) {
		char hex[GIT_OID_HEXSZ + 1];
		oid_hex(hex, id);
		return rcb_error_set(RCB_ENOTFOUND, "commit %s is not in the commit-graph", hex);
	}
	if ((rc = xload(g, id, &idx)) < 0 || (rc = posvec_push(&stack, idx)) < 0)
		goto fail;
	while (stack.n > 0) {
		cg_extra *x = &g->extra[stack.v[stack.n - 1]];
		uint32_t ppos, pidx;
		int descended = 0;

		while (x->resolved < x->nparents) {
			const git_oid *pid = &x->poids[x->resolved];
			if (rcb_commitgraph_find(&ppos, g, pid) == 0) {
				x->parents[x->resolved++] = ppos;
			} else if (xfind(g, pid, &pidx) == 0) {
				if (g->extra[pidx].state != X_DONE) {
					rc = rcb_error_set(RCB_EGIT, "commit history has a cycle");
					goto fail;
				}
				x->parents[x->resolved++] = g->total + pidx;
			} else {
				git_oid copy = *pid; /* xload may move g->extra */
				if ((rc = xload(g, &copy, &pidx)) < 0 || (rc = posvec_push(&stack, pidx)) < 0)
					goto fail;
				descended = 1;
				break;
			}
		}
		if (descended)
			continue;
		/* every parent known: v1 level = 1 + max parent level; v2
		 * corrected date = max(time, 1 + max parent's). */
		{
			uint64_t gen = 0, pg;
			uint32_t level = 0, pl;
			for (uint32_t i = 0; i < x->nparents; i++) {
				if ((rc = generation_of(&pg, &pl, g, x->parents[i])) < 0)
					goto fail;
				if (pg + 1 > gen)
					gen = pg + 1;
				if (pl + 1 > level)
					level = pl + 1;
			}
			if (level == 0)
				level = 1;
			x->level = level;
			if (g->genv2)
				x->gen = x->time > gen ? x->time : gen;
			else
				x->gen = level;
		}
		free(x->poids);
		x->poids = NULL;
		x->state = X_DONE;
		stack.n--;
	}
	free(stack.v);
	*pos = g->total + idx;
	return 0;
fail:
	free(stack.v);
	xtruncate(g, keep);
	return rc;
}

/* ------------------------------------------------------------ walks */

typedef struct {
	uint64_t gen;
	uint32_t pos;
} hent;

typedef struct {
	hent *v;
	size_t n, cap;
} heap;

static int heap_push(heap *h, uint64_t gen, uint32_t pos)
{
	size_t i;
	hent *v = rcb_array_room(h->v, &h->cap, h->n, sizeof *v, 256);
	if (v == NULL)
		return RCB_ENOMEM;
	h->v = v;
	i = h->n++;
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (h->v[parent].gen > gen || (h->v[parent].gen == gen && h->v[parent].pos >= pos))
			break;
		h->v[i] = h->v[parent];
		i = parent;
	}
	h->v[i].gen = gen;
	h->v[i].pos = pos;
	return 0;
}

static int stack_push(heap *h, uint64_t gen, uint32_t pos)
{
	hent *v = rcb_array_room(h->v, &h->cap, h->n, sizeof *v, 256);
	if (v == NULL)
		return RCB_ENOMEM;
	h->v = v;
	h->v[h->n].gen = gen;
	h->v[h->n].pos = pos;
	h->n++;
	return 0;
}

static hent heap_pop(heap *h)
{
	hent top = h->v[0], last = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const hent *best = &last;
		if (l < h->n && (h->v[l].gen > best->gen || (h->v[l].gen == best->gen && h->v[l].pos > best->pos)))
			m = l, best = &h->v[l];
		if (r < h->n && (h->v[r].gen > best->gen || (h->v[r].gen == best->gen && h->v[r].pos > best->pos)))
			m = r, best = &h->v[r];
		if (m == i)
			break;
		h->v[i] = h->v[m];
		i = m;
	}
	if (h->n > 0)
		h->v[i] = last;
	return top;
}

/* Parents of any position into p (resized as needed). */
static int parents_of(posvec *p, const rcb_commitgraph *g, uint32_t pos)
{
	const cg_extra *x;
	size_t n;
	int rc;
	if (pos < g->total) {
		if ((rc = graph_parents(p->v, p->cap, &n, g, pos)) < 0)
			return rc;
		if (n > p->cap) {
			uint32_t *v = realloc(p->v, n * sizeof *v);
			if (v == NULL)
				return rcb_error_set(RCB_ENOMEM, "out of memory");
			p->v = v;
			p->cap = n;
			if ((rc = graph_parents(p->v, p->cap, &n, g, pos)) < 0)
				return rc;
		}
		p->n = n;
		return 0;
	}
	x = &g->extra[pos - g->total];
	p->n = 0;
	for (uint32_t i = 0; i < x->nparents; i++)
		if ((rc = posvec_push(p, x->parents[i])) < 0)
			return rc;
	return 0;
}

enum { F_SEEN = 1, F_HIDDEN = 2, F_TARGET = 4, F_DONE = 8 };

static int broken_order(void)
{
	return rcb_error_set(RCB_EGIT, "commit-graph: a parent's generation is not below its child's");
}

/* The topological level of a position (graph or extra), as a generation
 * for rcb_commitgraph_ancestors: a parent's is always lower, so it prunes
 * the walk as the corrected commit date does, and it is in the commit's
 * own CDAT row, which the walk reads anyway for the parents -- the date's
 * GDA2 entry was a second cache miss per commit (8.5 % of a verification's
 * samples on a 75,000-commit history, bench/results.md). */
static int level_of(uint64_t *level, const rcb_commitgraph *g, uint32_t pos)
{
	uint64_t unused;
	uint32_t lv = 0;
	if (pos < g->total) {
		*level = be32(cdat_of(layer_of(g, pos), pos) + CG_HASH + 8) >> 2;
		return 0;
	}
	int rc = generation_of(&unused, &lv, g, pos);
	*level = lv;
	return rc;
}

/* A long ancestry walk's view of the graph: each graph commit's first
 * two parent fields and its level, copied from the CDAT rows in one
 * sequential pass.  The walk from a tip to old targets follows parents
 * from row to row, and the rows are in object-id order, so each step was
 * a cache miss on the mapped file (level_of: 10 % of a verification's
 * samples on a 75,000-commit history, all of it the one load); the copy is
 * 12 bytes a commit, small enough to stay in the cache.  Built only when
 * every row's parents are in range (else the walk reads the rows as
 * before, and reports the bad one if it gets there). */
typedef struct {
	uint32_t p1, p2, level;
} cg_dense;

/* Whether a walk over `span` levels (the tip's level less the lowest
 * target's) builds the copy: when it may visit a quarter of the graph or
 * more, copying every row in order costs less than the misses it saves. */
static int dense_pays(const rcb_commitgraph *g, uint64_t span)
{
	return span >= 64 && span >= g->total / 4;
}

/* The dense copy of g's rows (the caller's: free), or NULL when a row is
 * out of range or memory runs short. */
static cg_dense *dense_of(const rcb_commitgraph *g)
{
	cg_dense *d = malloc((size_t)g->total * sizeof *d);
	if (!d)
		return NULL;
	for (size_t l = 0; l < g->nlayers; l++) {
		const cg_layer *L = &g->layers[l];
		uint32_t limit = L->base + L->n;
		for (uint32_t i = 0; i < L->n; i++) {
			const unsigned char *c = L->cdat + (size_t)i * (CG_HASH + 16);
			cg_dense *e = &d[L->base + i];
			e->p1 = be32(c + CG_HASH);
			e->p2 = be32(c + CG_HASH + 4);
			e->level = be32(c + CG_HASH + 8) >> 2;
			if ((e->p1 != CG_PARENT_NONE && e->p1 >= limit) ||
			    (e->p2 != CG_PARENT_NONE && !(e->p2 & CG_EDGE_BIT) && e->p2 >= limit)) {
				free(d);
				return NULL;
			}
		}
	}
	return d;
}

/* Parents of pos into p, through d when given for a graph commit without
 * an octopus list (parents_of otherwise). */
static int parents_fast(posvec *p, const rcb_commitgraph *g, const cg_dense *d, uint32_t pos)
{
	if (!d || pos >= g->total || (d[pos].p2 != CG_PARENT_NONE && (d[pos].p2 & CG_EDGE_BIT)))
		return parents_of(p, g, pos);
	p->n = 0;
	if (d[pos].p1 != CG_PARENT_NONE) {
		p->v[p->n++] = d[pos].p1; /* p->cap >= 2: the caller's */
		if (d[pos].p2 != CG_PARENT_NONE)
			p->v[p->n++] = d[pos].p2;
	}
	return 0;
}

static int level_fast(uint64_t *level, const rcb_commitgraph *g, const cg_dense *d, uint32_t pos)
{
	if (d && pos < g->total) {
		*level = d[pos].level;
		return 0;
	}
	return level_of(level, g, pos);
}

int rcb_commitgraph_ancestors(int *out, rcb_commitgraph *g, const git_oid *b, const git_oid *a, size_t n)
{
	uint32_t pb, *pa = NULL;
	unsigned char *flags = NULL;
	heap h = {NULL, 0, 0};
	posvec par = {NULL, 0, 0};
	cg_dense *dense = NULL;
	uint64_t *ga = NULL, min_gen = UINT64_MAX, gen;
	size_t remaining = n;
	int rc;

	for (size_t i = 0; i < n; i++)
		out[i] = 0;
	if (n == 0)
		return 0;
	if ((pa = calloc(n, sizeof *pa)) == NULL || (ga = calloc(n, sizeof *ga)) == NULL) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = resolve(&pb, g, b)) < 0)
		goto cleanup;
	for (size_t i = 0; i < n; i++)
		if ((rc = resolve(&pa[i], g, &a[i])) < 0 || (rc = level_of(&ga[i], g, pa[i])) < 0)
			goto cleanup;
	/* extras cannot grow past here: every input is resolved */
	if ((flags = calloc((size_t)g->total + g->nextra, 1)) == NULL) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		flags[pa[i]] |= F_TARGET;
		if (ga[i] < min_gen)
			min_gen = ga[i];
	}
	if ((rc = level_of(&gen, g, pb)) < 0 || (rc = stack_push(&h, gen, pb)) < 0)
		goto cleanup;
	flags[pb] |= F_SEEN;
	if (gen > min_gen && dense_pays(g, gen - min_gen) && (par.v = malloc(2 * sizeof *par.v)) != NULL) {
		par.cap = 2;
		dense = dense_of(g); /* NULL: the rows directly */
	}
	/* Depth first, first parents first (a stack, not a queue by
	 * generation): a first-parent dive reaches old targets early, which
	 * raises min_gen and prunes the rest; on a 75,000-commit history with
	 * 21 old emergency tags this visits half the commits the generation
	 * queue did, at a fraction of the cost per commit.  Correct in any
	 * order: only reachability is asked, and a commit below min_gen
	 * cannot lead to a target at or above it. */
	while (h.n > 0 && remaining > 0) {
		hent e = h.v[--h.n];
		if (e.gen < min_gen)
			continue; /* min_gen rose since it was pushed */
		if (flags[e.pos] & F_TARGET) {
			flags[e.pos] &= (unsigned char)~F_TARGET;
			min_gen = UINT64_MAX;
			for (size_t i = 0; i < n; i++) {
				if (!out[i] && pa[i] == e.pos) {
					out[i] = 1;
					remaining--;
				}
				if (!out[i] && ga[i] < min_gen)
					min_gen = ga[i];
			}
			if (remaining == 0)
				break;
		}
		if ((rc = parents_fast(&par, g, dense, e.pos)) < 0)
			goto cleanup;
		for (size_t i = par.n; i-- > 0;) { /* last pushed = first parent */
			uint32_t p = par.v[i];
			if ((rc = level_fast(&gen, g, dense, p)) < 0)
				goto cleanup;
			if (gen >= e.gen) {
				rc = broken_order();
				goto cleanup;
			}
			if ((flags[p] & F_SEEN) || gen < min_gen)
				continue;
			flags[p] |= F_SEEN;
			if ((rc = stack_push(&h, gen, p)) < 0)
				goto cleanup;
		}
	}
	rc = 0;
cleanup:
	if (rc < 0)
		for (size_t i = 0; i < n; i++)
			out[i] = 0;
	free(dense);
	free(par.v);
	free(h.v);
	free(flags);
	free(ga);
	free(pa);
	return rc;
}

typedef struct {
	uint64_t time, gen;
	git_oid id;
} rangeent;

static int range_cmp(const void *x, const void *y)
{
	const rangeent *a = x, *b = y;
	if (a->time != b->time)
		return a->time > b->time ? -1 : 1;
	if (a->gen != b->gen)
		return a->gen > b->gen ? -1 : 1;
	return git_oid_cmp(&a->id, &b->id);
}

static void id_time_of(git_oid *id, uint64_t *time, const rcb_commitgraph *g, uint32_t pos)
{
	if (pos < g->total) {
		const cg_layer *L = layer_of(g, pos);
		const unsigned char *c = cdat_of(L, pos);
		memcpy(id->id, L->oidl + (size_t)(pos - L->base) * CG_HASH, CG_HASH);
		*time = ((uint64_t)(be32(c + CG_HASH + 8) & 3) << 32) | be32(c + CG_HASH + 12);
	} else {
		*id = g->extra[pos - g->total].id;
		*time = g->extra[pos - g->total].time;
	}
}

int rcb_commitgraph_range(git_oid **out, size_t *n, rcb_commitgraph *g, const git_oid *push, size_t npush,
			  const git_oid *hide, size_t nhide)
{
	uint32_t *pp = NULL, *ph = NULL;
	unsigned char *flags = NULL;
	heap h = {NULL, 0, 0};
	posvec par = {NULL, 0, 0}, result = {NULL, 0, 0};
	rangeent *ents = NULL;
	git_oid *ids = NULL;
	size_t interesting = 0; /* queued commits not hidden */
	uint64_t gen;
	int rc;

	*out = NULL;
	*n = 0;
	if ((npush && (pp = calloc(npush, sizeof *pp)) == NULL) || (nhide && (ph = calloc(nhide, sizeof *ph)) == NULL)) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < npush; i++)
		if ((rc = resolve(&pp[i], g, &push[i])) < 0)
			goto cleanup;
	for (size_t i = 0; i < nhide; i++)
		if ((rc = resolve(&ph[i], g, &hide[i])) < 0)
			goto cleanup;
	if ((flags = calloc((size_t)g->total + g->nextra, 1)) == NULL) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < nhide; i++) {
		if (flags[ph[i]] & F_SEEN)
			continue;
		flags[ph[i]] = F_SEEN | F_HIDDEN;
		if ((rc = generation_of(&gen, NULL, g, ph[i])) < 0 || (rc = heap_push(&h, gen, ph[i])) < 0)
			goto cleanup;
	}
	for (size_t i = 0; i < npush; i++) {
		if (flags[pp[i]] & F_SEEN)
			continue;
		flags[pp[i]] = F_SEEN;
		interesting++;
		if ((rc = generation_of(&gen, NULL, g, pp[i])) < 0 || (rc = heap_push(&h, gen, pp[i])) < 0)
			goto cleanup;
	}
	/* Highest generation first: when a commit is popped, every child of
	 * it that the walk can reach has been popped already, so its hidden
	 * flag is final. */
	while (h.n > 0 && interesting > 0) {
		hent e = heap_pop(&h);
		int hidden = (flags[e.pos] & F_HIDDEN) != 0;
		if (!hidden) {
			interesting--;
			if ((rc = posvec_push(&result, e.pos)) < 0)
				goto cleanup;
		}
		flags[e.pos] |= F_DONE;
		if ((rc = parents_of(&par, g, e.pos)) < 0)
			goto cleanup;
		for (size_t i = 0; i < par.n; i++) {
			uint32_t p = par.v[i];
			if ((rc = generation_of(&gen, NULL, g, p)) < 0)
				goto cleanup;
			if (gen >= e.gen) {
				rc = broken_order();
				goto cleanup;
			}
			if (!(flags[p] & F_SEEN)) {
				flags[p] = (unsigned char)(F_SEEN | (hidden ? F_HIDDEN : 0));
				if (!hidden)
					interesting++;
				if ((rc = heap_push(&h, gen, p)) < 0)
					goto cleanup;
			} else if (hidden && !(flags[p] & F_HIDDEN)) {
				if (flags[p] & F_DONE) { /* cannot happen with sound generations */
					rc = broken_order();
					goto cleanup;
				}
				flags[p] |= F_HIDDEN;
				interesting--;
			}
		}
	}
	if (result.n > 0) {
		if ((ents = calloc(result.n, sizeof *ents)) == NULL || (ids = calloc(result.n, sizeof *ids)) == NULL) {
			rc = rcb_error_set(RCB_ENOMEM, "out of memory");
			goto cleanup;
		}
		for (size_t i = 0; i < result.n; i++) {
			id_time_of(&ents[i].id, &ents[i].time, g, result.v[i]);
			if ((rc = generation_of(&ents[i].gen, NULL, g, result.v[i])) < 0)
				goto cleanup;
		}
		qsort(ents, result.n, sizeof *ents, range_cmp);
		for (size_t i = 0; i < result.n; i++)
			ids[i] = ents[i].id;
		*out = ids;
		*n = result.n;
		ids = NULL;
	}
	rc = 0;
cleanup:
	free(ids);
	free(ents);
	free(result.v);
	free(par.v);
	free(h.v);
	free(flags);
	free(ph);
	free(pp);
	return rc;
}
