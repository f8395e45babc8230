/* verify_internal.h: what the verify_*.c files share (see verify.c for the
 * map of them), and verify's own parsers of raw git objects and its Bill of
 * Materials tree walk, exposed for tests (tests/fuzz/fuzz_gitobj.c, unit
 * tests).  Nothing outside core/verify*.c and the tests includes this
 * header; the API is verify.h.
 *
 * The parsers are the parts of rcb -- not libgit2 -- that read bytes
 * straight out of a repository's objects, so they are what the fuzzer
 * drives:
 *
 *   commit   "tree", "parent"* and "committer" headers, the message
 *   tag      "object", "type", "tag", "tagger" headers
 *   person   a tagger/committer line, formatted for a check's detail
 *   signature the signature block of a tag, the gpgsig header of a commit
 *   bom      the BOM walk (bom_dir) over the trees of an object database
 *
 * Every parser takes the object's raw bytes as git_odb_object_data()
 * gives them (no "type size\0" header), never reads outside [d, d + n) and
 * keeps no pointer past the call except where said.  None of them runs
 * anything or touches the file system. */
#ifndef RCB_VERIFY_INTERNAL_H
#define RCB_VERIFY_INTERNAL_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "verify.h"

/* A parsed commit.  The pointers point into the parsed bytes. */
typedef struct {
	git_oid tree;
	const char *parents; /* value of the first "parent " line, or NULL */
	size_t nparents;
	int64_t time;        /* committer time, 0 when absent */
	const char *msg;     /* the message (after the blank line) */
	size_t msglen;
} rcb_commit_info;

/* A parsed tag object.  The pointers point into the parsed bytes. */
typedef struct {
	git_oid target;
	git_object_t type;
	const char *name;   /* "tag NAME" value, or NULL */
	size_t namelen;
	const char *tagger; /* "Name <email> time tz", or NULL */
	size_t taggerlen;
} rcb_tag_info;

/* Parse a raw commit: 0, or -1 when the headers are malformed. */
int rcb_verify_parse_commit(rcb_commit_info *ci, const char *d, size_t n);

/* The i-th parent (i < ci->nparents) of a commit parse_commit accepted. */
void rcb_verify_commit_parent(git_oid *out, const rcb_commit_info *ci, size_t i);

/* Parse a raw tag object: 0, or -1 when malformed. */
int rcb_verify_parse_tag(rcb_tag_info *ti, const char *d, size_t n);

/* Append a person line ("Jane <j@x> 1700000000 +0100") to b as a check's
 * detail shows it ("Jane <j@x> on 2023-11-14 23:13:20 +0100"). */
void rcb_verify_put_person(rcb_buf *b, const char *s, size_t len);

/* Where a raw tag's signature starts (git's rule: the last line opening
 * one), len when unsigned; *kind is 0 when unsigned, else non-zero. */
size_t rcb_verify_tag_sig_start(const char *d, size_t len, int *kind);

/* The gpgsig header of a raw commit into sig (unfolded), the commit
 * without it into payload (both appended).  Returns 1 when signed, else 0. */
int rcb_verify_commit_signature(const char *d, size_t n, rcb_buf *sig, rcb_buf *payload);

/* Set r->checks[RCB_VCHECK_BOM] from in's Bill of Materials against the
 * tree `tree`, reading trees through odb (the walk rcb_verify_run uses).
 * r must have its checks' details allocated (or NULL). */
void rcb_verify_check_bom(rcb_verify_result *r, git_odb *odb, const git_oid *tree, const rcb_verify_input *in);

/* The note's defect IDs that the pattern does not describe, found in a
 * message in one pass (Aho-Corasick, verify_match.c says why).  ids are
 * distinct and copied nowhere: they must outlive the matcher only for the
 * call to rcb_idmatch_new (lengths and edges are kept).  Returns 0 or
 * RCB_ENOMEM; *out is the caller's (rcb_idmatch_free). */
typedef struct rcb_idmatch rcb_idmatch;
int rcb_idmatch_new(rcb_idmatch **out, const char *const *ids, size_t n);
void rcb_idmatch_free(rcb_idmatch *m);
/* Call fn(ctx, i) once for every ID i that occurs in text[0, len) as a
 * whole: no letter or digit right before it if it starts with one, none
 * right after it if it ends with one.  Stops at and returns fn's first
 * non-zero return; else 0.  IDs are reported in the order their first
 * whole occurrence ends. */
int rcb_idmatch_scan(rcb_idmatch *m, const char *text, size_t len, int (*fn)(void *ctx, size_t id), void *ctx);

/* ------------------------------------------------------------------ */
/* Between the verify_*.c files, not for tests: seen only where
 * RCB_VERIFY_PART is defined (each verify*.c defines it before including
 * this header), so a test keeps the short names below for its own.  The
 * names are the ones the functions had as statics of one verify.c; none is
 * an API. */
#ifdef RCB_VERIFY_PART

#include <regex.h>

#include "commitgraph.h"
#include "prog.h"
#include "version.h"

#define SHORT_HEX 12 /* hex digits of a commit id in a check's detail */

typedef rcb_commit_info commit_info;
typedef rcb_tag_info tag_info;

/* --- verify.c: details, hex, libgit2 --- */

/* The hex of id into buf (size bytes, truncated to size - 1 digits); buf. */
char *hex_of(char *buf, size_t size, const git_oid *id);

/* Is s[0, len) non-empty and all hex digits? */
int is_hex_string(const char *s, size_t len);

/* libgit2's last error message (static storage), never NULL. */
const char *lg2_msg(void);

/* Set check i to status with a printf detail.  On allocation failure the
 * detail stays "" (the status is still right). */
void set_check(rcb_verify_result *r, int i, rcb_check_status st, const char *fmt, ...) RCB_PRINTF(4, 5);

/* Set check i to status with b's text as the detail (b is detached: left
 * empty; unchanged when it holds nothing). */
void set_check_buf(rcb_verify_result *r, int i, rcb_check_status st, rcb_buf *b);

/* Initialise libgit2 once per process (joins rcb_verify_preload's thread
 * first).  Returns 0 or RCB_EGIT with the error set. */
int lg2_init(void);

/* Read an object; on failure fill why with a sentence and return <0
 * (GIT_ENOTFOUND when the object is missing).  *out is the caller's:
 * git_odb_object_free(). */
int read_obj(git_odb_object **out, git_odb *odb, const git_oid *id, rcb_buf *why);

/* "commit", "tree", "blob", "tag" or "unknown object" (static storage). */
const char *type_name(git_object_t t);

/* One header line "key value\n" starting at p (< end).  Returns the start of
 * the next line; *val and *vlen are the value (continuation lines excluded).
 * NULL when the line is not "key value\n". */
const char *header_line(const char *p, const char *end, const char *key, const char **val, size_t *vlen);

/* Open the repository at path (no search upwards).  Returns 0 with *repo
 * the caller's (git_repository_free), or RCB_EINVAL/RCB_EGIT with a
 * sentence saying why path is not a repository. */
int open_repo(git_repository **repo, const char *path);

/* A thread's own object database for the repository whose objects
 * directory is objdir (NULL: none), or shared when that cannot be opened.
 * libgit2 (1.5, odb.c odb_read_1) holds a per-database mutex through every
 * read -- the pack lookup, the inflate and the delta chain -- so threads
 * reading through one git_odb take turns; each reading thread opens its
 * own (the packs, their windows and their delta-base cache are still
 * shared, process-wide).  Returns the database to read through: *own when
 * one was opened (the caller's: git_odb_free, which NULL ignores), else
 * shared. */
git_odb *odb_own(git_odb **own, const char *objdir, git_odb *shared);

/* --- verify_tag.c: the tag --- */

/* A tag ref followed to its end (resolve_tag); free with tag_res_free. */
typedef struct {
	int exists;               /* ref found */
	int annotated;
	git_oid ref_oid;          /* the ref's target */
	git_object_t final_type;  /* what the chain ends at (0 when unreadable) */
	git_oid final_oid;
	int depth;                /* tag objects followed */
	git_odb_object *tagobj;   /* outermost tag object (annotated) */
	rcb_buf why;              /* why the chain could not be followed */
} tag_res;

/* Does version v appear in s as a whole (not inside a longer number)?
 * Returns the offset of the last such occurrence or -1. */
long find_version(const char *s, const char *v);

/* Parse a raw tag object: 0, or -1 when malformed (rcb_verify_parse_tag). */
int parse_tag(tag_info *ti, const char *d, size_t n);

/* Does the tag object name itself `name` (its "tag" header)?  A tag object
 * with no such header names nothing and counts as not. */
int tag_names_itself(const tag_info *ti, const char *name);

/* Append "Jane <j@x> on 2024-03-10 14:02:11 +0100" from a raw signature
 * line (rcb_verify_put_person). */
void put_person(rcb_buf *b, const char *s, size_t len);

/* Free what resolve_tag filled in t. */
void tag_res_free(tag_res *t);

/* Resolve refs/tags/NAME and follow tag objects to the end into *t (always
 * filled: free with tag_res_free).  Returns 0, or <0 with t->why set. */
int resolve_tag(tag_res *t, git_repository *repo, git_odb *odb, const char *name);

/* An empty repository: not a single reference (HEAD may name any unborn
 * branch, whatever init.defaultBranch was). */
int repo_has_no_refs(git_repository *repo);

/* Append to d the tags in the repository that contain the version (a hint
 * when the note's tag is missing). */
void similar_tags(rcb_buf *d, git_repository *repo, const char *version);

/* Free n refs that scan_tag_shapes found, and the array. */
void free_refs(rcb_verify_ref *em, size_t n);

/* Tags of the same shape as tag (tag with another version in place of
 * version), older than version: the newest one into *prev (when prev is
 * not NULL; NULL when none) and the emergency ones into *em / *nem (when em
 * is not NULL; strings owned, free with free_refs()).  Used without a
 * register (RCB_VERIFY_GUESS_PREV, RCB_VERIFY_GUESS_EMERGENCIES). */
int scan_tag_shapes(git_repository *repo, const char *tag, const char *version, char **prev,
		    rcb_verify_ref **em, size_t *nem);

/* Peel refs/tags/NAME to a commit for history checks.  Returns 0 with *id
 * set, or -1 with why set. */
int tag_commit_of(git_oid *id, git_repository *repo, git_odb *odb, const char *name, rcb_buf *why);

/* tag-commit: is commit the one the note names (given, full or abbreviated
 * hex; NULL or "" when the note names none)?  flags: the input's
 * (RCB_VERIFY_COMMIT_FROM_REGISTER names the register instead). */
void check_commit_id(rcb_verify_result *r, git_odb *odb, const git_oid *commit, const char *given, unsigned flags);

/* tag-moved from the pin (see rcb_verify_input). */
void check_moved(rcb_verify_result *r, const char *pinned_commit, const char *pinned_tag_oid, int can_pin);

/* tag-exists and tag-commit from tr (resolve_tag's), filling r->tag_oid,
 * r->annotated and r->tag_target.  When the tag ends at a commit,
 * *commit_obj is its object (the caller's: git_odb_object_free; NULL when
 * unreadable) and, when it parses, *tree its tree.  Returns 1 when the
 * commit is readable (the history and bom checks can run), else 0. */
int check_tag(rcb_verify_result *r, git_repository *repo, git_odb *odb, const tag_res *tr,
	      const rcb_verify_input *in, git_odb_object **commit_obj, git_oid *tree);

/* --- verify_history.c: commits and the history walk --- */

/* What the history checks need from the walk. */
typedef struct {
	const git_oid *tip;      /* B */
	const git_oid *hide;     /* A, or NULL for the whole history */
	const git_oid *targets;  /* emergency release commits */
	size_t ntargets;
	int no_range;            /* only the ancestry is wanted */
	/* called for every candidate commit of the range, about newest first;
	 * cand numbers the candidates from 0.  Non-zero return: out of memory. */
	int (*on_commit)(void *ctx, size_t cand, const char *msg, size_t len);
	void *ctx;
	rcb_verify_progress_fn progress; /* "walking history" now and then; may be NULL */
	void *pctx;
	const char *objdir;      /* the reading helper's own odb (odb_own); NULL: shared */
} walk_req;

/* What the walk found; free with walk_out_free. */
typedef struct {
	size_t ncand;
	git_oid *cand_oid;
	unsigned char *alive;    /* ncand: in the range (not reachable from A) */
	size_t nrange;           /* alive candidates */
	unsigned char *anc;      /* ntargets: 1 ancestor, 0 not, 2 unknown (shallow) */
	int truncated;           /* the range reached the shallow boundary */
	int graph;               /* answered from the commit-graph */
	size_t walked;
	size_t read_ahead;       /* commits taken from the read-ahead thread */
} walk_out;

/* Parse a raw commit.  Returns 0 or -1 (malformed). */
int parse_commit(commit_info *ci, const char *d, size_t n);

/* qsort/bsearch comparison of two git_oids by their raw bytes. */
int oid_cmp_raw(const void *a, const void *b);

/* Make *arr (of *cap elements of elem bytes) hold at least need: 0, or -1
 * when out of memory (*arr unchanged). */
int w_grow(void **arr, size_t *cap, size_t need, size_t elem);

/* Free what a walk filled in o and zero it. */
void walk_out_free(walk_out *o);

/* The one entry point for history: graph walks when cg is given and can
 * answer, else the date walk.  reset() is called before falling back so
 * that the callback's state starts again.  Returns 0, or -1 with why. */
int history_walk(rcb_commitgraph *cg, git_odb *odb, const git_oid *shallow, size_t nshallow,
		 const walk_req *rq, walk_out *o, void (*reset)(void *ctx), rcb_buf *why);

/* --- verify_pack.c: commits read straight from the packs --- */

#define PACKS_MAX 64       /* packs of an objects directory read; the others: libgit2 */
#define PACK_OFF_BITS 40   /* a "where": pack number << PACK_OFF_BITS | offset */

typedef struct {
	const unsigned char *p; /* owned: mapped read-only (borrowed: packs_add_buffers) */
	size_t len;
} pack_map;

typedef struct {
	pack_map idx, pack;
	int borrowed;              /* the caller's buffers, not mapped here */
	size_t n;                  /* objects in the index */
	const unsigned char *ids;  /* n ids of 20 bytes, sorted */
	const unsigned char *off32, *off64;
	size_t nlarge;             /* 64-bit offsets */
} pack_file;

typedef struct {
	pack_file f[PACKS_MAX];
	unsigned n;
} packs;

/* objdir's packs (objdir/pack/ *.idx beside their .pack) mapped into *ps:
 * always 0 (a pack it cannot read, or a damaged index, is left out, and
 * none is none).  Read-only afterwards: any thread may use it. */
int packs_open(packs *ps, const char *objdir);
/* One more pack from the caller's buffers, borrowed until packs_close (the
 * fuzzer's way in): 0, or -1 when the index is not one packs_open would
 * read or the pack is not the one it describes (then nothing is added). */
int packs_add_buffers(packs *ps, const unsigned char *idx, size_t ilen, const unsigned char *pack, size_t plen);
void packs_close(packs *ps);
/* The offset of object i of pack f, UINT64_MAX when its index points
 * outside its table (not bounded by the pack: the caller checks). */
uint64_t pack_offset(const pack_file *f, size_t i);
/* 1 with *where when a pack's index has id (at an offset inside its pack), else 0. */
int packs_find(const packs *ps, const git_oid *id, uint64_t *where);
/* The size of the whole commit stored at where, or 0 when it is something
 * else (a delta, another type, a bad header, larger than 1 MiB). */
size_t pack_commit_size(const packs *ps, uint64_t where);

/* One thread's inflate state, reused object after object. */
typedef struct pack_reader pack_reader;
pack_reader *pack_reader_new(void);      /* NULL when out of memory */
void pack_reader_free(pack_reader *r);   /* r may be NULL */
/* The commit at where (size bytes: pack_commit_size) inflated into out
 * through r: 0 when it inflates to exactly size bytes whose SHA-1
 * (git_odb_hash) is id; -1 otherwise (libgit2 must read it). */
int pack_commit_read(const packs *ps, pack_reader *r, uint64_t where, const git_oid *id, unsigned char *out,
		     size_t size);
/* The object id from the packs, its delta chain resolved through r (which
 * keeps the bases it meets): 0 with *type (GIT_OBJECT_COMMIT .. TAG), *out
 * (malloc'd, the caller's) and *len when the bytes' SHA-1 (git_odb_hash)
 * is id; -1 otherwise -- not in these packs, a chain deeper than 64, an
 * object over 16 MiB, anything malformed -- and libgit2 must read it. */
int pack_object_read(const packs *ps, pack_reader *r, const git_oid *id, int *type, unsigned char **out,
		     size_t *len);

/* --- verify_readahead.c: the date walk's commits read ahead --- */

/* A helper thread reading the commits of objdir's packs in pack order,
 * ahead of the walk that asks for them (readahead_take).  sample[0..n):
 * the walk's first commits in the order it met them (copied): when the
 * packs do not hold them in that order, the helper lists nothing.  NULL
 * when it cannot start (the walk then reads everything itself). */
typedef struct readahead readahead;
readahead *readahead_start(git_odb *odb, const char *objdir, const git_oid *sample, size_t nsample);

#define READAHEAD_PARENTS 4 /* a commit with more is read by libgit2 */

/* What the walk needs of a commit it only passes: its committer time and
 * parents, from the commit's bytes whose SHA-1 was checked against its
 * id (git_odb_hash). */
typedef struct {
	int64_t time;
	uint32_t nparents;
	git_oid parent[READAHEAD_PARENTS];
} readahead_commit;

enum { READAHEAD_NONE, READAHEAD_OBJECT, READAHEAD_COMMIT };

/* Commit id, when the read-ahead has it or can read it at once:
 * READAHEAD_OBJECT with *obj (the caller's: git_odb_object_free; always
 * libgit2's object of id, hash checked) or, when c is not NULL,
 * READAHEAD_COMMIT with *c, the commit read straight from its pack (a
 * whole commit, not a delta; its SHA-1 checked); the helper's are waited
 * for if it is about to read them.  READAHEAD_NONE when the caller must
 * read it (ra NULL, id not in a pack, or a read that failed: libgit2 then
 * says why). */
int readahead_take(readahead *ra, const git_oid *id, git_odb_object **obj, readahead_commit *c);
/* How many commits readahead_take gave (ra may be NULL). */
size_t readahead_taken(const readahead *ra);
/* Where the helper is: listing the packs, ready (reading ahead), declined
 * (the packs are not in the walk's order) or off (nothing to read ahead:
 * too few commits, out of memory; ra NULL). */
enum { READAHEAD_LISTING, READAHEAD_READY, READAHEAD_DECLINED, READAHEAD_OFF };
int readahead_state(readahead *ra);
/* Stop the helper and free everything (ra may be NULL). */
void readahead_end(readahead *ra);

/* --- verify_defects.c: defect IDs and the history checks --- */

typedef struct {
	uint32_t cand;
	uint32_t kind;  /* 0: note defect (idx), 1: other token (arena off/len) */
	uint32_t off, len;
} scan_ev;

/* The message scanner: what the note lists and what the messages hold.
 * scanner_init fills it, scanner_free frees it. */
typedef struct {
	int use_re;
	regex_t re;
	char **ids;            /* note defects, sorted, unique */
	size_t nids;
	unsigned char *odd;    /* ids[i] is not a token of the pattern */
	size_t nodd;
	rcb_idmatch *oddm;     /* the odd ones, one pass per message (NULL: none) */
	size_t *oddmap;        /* matcher ID k is ids[oddmap[k]] */
	char **other;          /* other IDs the note lists, sorted */
	size_t nother;
	scan_ev *ev;
	size_t nev, evcap;
	rcb_buf arena;
	rcb_buf tmp;
	int oom;
} scanner;

/* Returns 0, RCB_EINVAL (bad pattern) or RCB_ENOMEM. */
int scanner_init(scanner *sc, const rcb_verify_input *in);

/* Free what scanner_init and the scans allocated. */
void scanner_free(scanner *sc);

/* The history checks: defects, undocumented, merge-back. */
void check_history(rcb_verify_result *r, git_repository *repo, git_odb *odb, rcb_commitgraph *cg,
		   const git_oid *shallow, size_t nshallow, const git_oid *tip,
		   const rcb_verify_input *in, scanner *sc, int tip_ok,
		   rcb_verify_progress_fn progress, void *pctx);

/* --- verify_mergeback.c: emergency releases (12.8) --- */

/* An older emergency release whose fix this release must contain. */
typedef struct {
	const char *version;
	const char *tag;
	rcb_version v;
	git_oid commit;
	int usable;
	int own_line;       /* same patch line as an emergency release: skipped */
	char *problem;      /* why it cannot be checked */
} emerg;

/* What merge-back asks of the walk and answers from it: the older
 * emergency releases and their commits.  Zero it, fill it with
 * mergeback_guess then mergeback_targets, free it with mergeback_free. */
typedef struct {
	const rcb_verify_ref *emergencies; /* in->emergencies, or found */
	size_t nemergencies;
	rcb_verify_ref *found;   /* guessed from the tags (owned), or NULL */
	size_t nfound;
	emerg *em;               /* the older ones, oldest first (owned) */
	size_t nem;
	git_oid *targets;        /* the usable ones' commits, for the walk */
	size_t *tmap;            /* targets[t] is em[tmap[t]] */
	size_t ntargets;
} mergeback;

/* The emergency releases of in; without any and with
 * RCB_VERIFY_GUESS_EMERGENCIES, the older tags of this tag's shape with an
 * emergency version. */
void mergeback_guess(mergeback *mb, git_repository *repo, const rcb_verify_input *in);

/* The ones older than cur into mb->em, sorted, each peeled to its commit
 * (a target of the walk) or given a problem, or skipped as on cur's own
 * patch line (12.8).  Returns 0, or -1 when out of memory. */
int mergeback_targets(mergeback *mb, git_repository *repo, git_odb *odb, const rcb_version *cur);

/* Set the merge-back check from the walk's answers (wo->anc, one per
 * target) and, when in->later is given, check_later. */
void mergeback_report(rcb_verify_result *r, const mergeback *mb, const walk_out *wo, git_repository *repo,
		      git_odb *odb, rcb_commitgraph *cg, const git_oid *shallow, size_t nshallow,
		      const git_oid *tip, const rcb_verify_input *in);

/* Free what mb holds and zero it. */
void mergeback_free(mergeback *mb);

/* 12.8, Table 9 step 3: "Merge changes to CIs back into all other
 * in-flight releases".  This release is an emergency fix (commit tip):
 * which of the later releases in flight (in->later) contain it?  One
 * ancestry walk from each later tag (history_walk, no range).  Appends to
 * d, replacing its "no older emergency releases" when that is all it says,
 * and returns the merge-back status: a later release without the fix makes
 * it WARN (a FAIL stays FAIL); all of them with it, PASS. */
rcb_check_status check_later(git_repository *repo, git_odb *odb, rcb_commitgraph *cg, const git_oid *shallow,
			     size_t nshallow, const git_oid *tip, const rcb_verify_input *in,
			     rcb_check_status st, rcb_buf *d);

/* --- verify_bom.c --- */

/* The bom check (rcb_verify_check_bom). */
/* objdir: its packs are read straight (verify_pack.c), what cannot be
 * through an odb of objdir's own (odb_own: odb when there is none); NULL:
 * all through odb. */
void check_bom(rcb_verify_result *r, git_odb *odb, const char *objdir, const git_oid *tree,
	       const rcb_verify_input *in);

/* --- verify_sig.c --- */

/* The signature check: the tag's own signature, else its commit's. */
void check_signature(rcb_verify_result *r, const rcb_verify_input *in, const tag_res *tr,
		     git_odb_object *commit_obj);

#endif /* RCB_VERIFY_PART */

#endif
