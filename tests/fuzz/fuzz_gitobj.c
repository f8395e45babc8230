/* fuzz_gitobj.c: rcb's own parsers of raw git objects and its Bill of
 * Materials tree walk (core/verify_internal.h) -- the code of rcb, not
 * libgit2, that reads bytes a hostile repository chose (attacks.md B1: the
 * BOM walk once wrote past its buffer on a tree listing a name twice).
 *
 * Input: BOM paths, one per line ("path" or "path<TAB>version"), up to the
 * first empty line; then objects separated by "\n@@\n".  Every object is
 * parsed as a commit (and its parents read), as a tag (its tagger
 * formatted), for a tag's signature block and a commit's gpgsig header.
 * Then the BOM is checked against an object database that holds only these
 * objects: object id X is object number X[0] % n, a blob when X[1] is 1, a
 * commit when 2, a tag when 3, else a tree; the root tree is 0000ffff...ff
 * (object 0; libgit2 never reads the all-zero id).  So a tree entry names any other object, or its own tree,
 * by the first two bytes of its id, and the walk meets duplicate names,
 * cycles, depth, entries cut short and objects of the wrong type.  (Hash
 * verification is off: the ids are not the objects' hashes.)
 *
 * Everything must answer -- parse or refuse, a check status with a detail
 * -- never crash, read outside the input, loop or leak.  Seeds:
 * tests/fuzz/corpus/gitobj/ (a real commit, annotated and signed tags,
 * trees, the tree of B1 that lists src 40 times).  Run: make fuzz. */
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "verify.h"
#include "verify_internal.h"
#include "fuzz.h"

#define MAX_OBJ 64
#define MAX_BOM 64
#define SEP "\n@@\n"

typedef struct {
	git_odb_backend parent;
	const char *obj[MAX_OBJ];
	size_t len[MAX_OBJ];
	size_t n;
} mem_backend;

static git_object_t kind_of(const git_oid *id)
{
	switch (id->id[1]) {
	case 1: return GIT_OBJECT_BLOB;
	case 2: return GIT_OBJECT_COMMIT;
	case 3: return GIT_OBJECT_TAG;
	default: return GIT_OBJECT_TREE;
	}
}

static int mb_read(void **out, size_t *len, git_object_t *type, git_odb_backend *b, const git_oid *id)
{
	mem_backend *m = (mem_backend *)b;
	size_t k = id->id[0] % m->n;
	if (!(*out = git_odb_backend_data_alloc(b, m->len[k] + 1)))
		return -1;
	memcpy(*out, m->obj[k], m->len[k]);
	((char *)*out)[m->len[k]] = '\0';
	*len = m->len[k];
	*type = kind_of(id);
	return 0;
}

static int mb_read_header(size_t *len, git_object_t *type, git_odb_backend *b, const git_oid *id)
{
	mem_backend *m = (mem_backend *)b;
	*len = m->len[id->id[0] % m->n];
	*type = kind_of(id);
	return 0;
}

static int mb_exists(git_odb_backend *b, const git_oid *id)
{
	(void)b, (void)id;
	return 1;
}

static void mb_free(git_odb_backend *b) { free(b); }

/* The parsers, on one object's bytes. */
static void parse_one(const char *d, size_t n)
{
	rcb_commit_info ci;
	rcb_tag_info ti;
	rcb_buf a = RCB_BUF_INIT, b = RCB_BUF_INIT;
	int kind;

	if (rcb_verify_parse_commit(&ci, d, n) == 0) {
		git_oid p;
		if (ci.msg < d || ci.msg + ci.msglen > d + n)
			abort();
		for (size_t i = 0; i < ci.nparents && i < 64; i++)
			rcb_verify_commit_parent(&p, &ci, i);
	}
	if (rcb_verify_parse_tag(&ti, d, n) == 0 && ti.tagger) {
		if (ti.tagger < d || ti.tagger + ti.taggerlen > d + n)
			abort();
		rcb_verify_put_person(&a, ti.tagger, ti.taggerlen);
	}
	if (rcb_verify_tag_sig_start(d, n, &kind) > n)
		abort();
	rcb_verify_commit_signature(d, n, &a, &b);
	rcb_buf_free(&a);
	rcb_buf_free(&b);
}

/* BOM lines "path" or "path\tversion" from [p, end) into paths/versions
 * (copies the caller frees). */
static size_t read_bom(const char *p, const char *end, char **paths, char **versions)
{
	size_t n = 0;
	while (p < end && n < MAX_BOM) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *tab;
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		tab = memchr(p, '\t', l);
		paths[n] = strndup(p, tab ? (size_t)(tab - p) : l);
		versions[n] = tab ? strndup(tab + 1, l - (size_t)(tab - p) - 1) : NULL;
		n++;
		p += l + (nl ? 1 : 0);
	}
	return n;
}

static void check_bom(mem_backend *m, char **paths, char **versions, size_t nbom)
{
	git_odb *odb = NULL;
	git_oid root;
	rcb_verify_input in;
	rcb_verify_result r;

	memset(&in, 0, sizeof in);
	memset(&r, 0, sizeof r);
	memset(&root, 0xff, sizeof root);
	root.id[0] = root.id[1] = 0;
	if (git_odb_new(&odb) < 0)
		abort();
	if (git_odb_add_backend(odb, &m->parent, 1) < 0)
		abort();
	in.bom_paths = (const char *const *)paths;
	in.bom_versions = (const char *const *)versions;
	in.nbom = nbom;
	r.n = RCB_VERIFY_NCHECKS;
	rcb_verify_check_bom(&r, odb, &root, &in);
	if (r.checks[RCB_VCHECK_BOM].status > RCB_CHECK_SKIP || !r.checks[RCB_VCHECK_BOM].detail)
		abort();
	for (size_t k = 0; k < RCB_VERIFY_NCHECKS; k++)
		free(r.checks[k].detail);
	git_odb_free(odb); /* frees m */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *d = (const char *)data, *end = d + size, *p, *objs;
	char *paths[MAX_BOM], *versions[MAX_BOM];
	size_t nbom;
	mem_backend *m;

	if (!ready) {
		git_libgit2_init();
		git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
		ready = 1;
	}
	/* the BOM, up to the first empty line */
	for (p = d; p < end && !(p + 1 < end && p[0] == '\n' && p[1] == '\n'); p++)
		;
	nbom = read_bom(d, p, paths, versions);
	objs = p + 2 < end ? p + 2 : end;
	if (!(m = calloc(1, sizeof *m)) || git_odb_init_backend(&m->parent, GIT_ODB_BACKEND_VERSION) < 0)
		abort();
	m->parent.read = mb_read;
	m->parent.read_header = mb_read_header;
	m->parent.exists = mb_exists;
	m->parent.free = mb_free;
	for (p = objs; m->n < MAX_OBJ;) {
		const char *s = p;
		while (s + 4 <= end && memcmp(s, SEP, 4) != 0)
			s++;
		if (s + 4 > end)
			s = end;
		m->obj[m->n] = p;
		m->len[m->n] = (size_t)(s - p);
		parse_one(p, m->len[m->n]);
		m->n++;
		if (s == end)
			break;
		p = s + 4;
	}
	check_bom(m, paths, versions, nbom);
	for (size_t i = 0; i < nbom; i++) {
		free(paths[i]);
		free(versions[i]);
	}
	return 0;
}
