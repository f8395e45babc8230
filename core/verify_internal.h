/* verify_internal.h: verify.c's own parsers of raw git objects and its Bill
 * of Materials tree walk, exposed FOR TESTS ONLY (tests/fuzz/fuzz_gitobj.c,
 * unit tests).  Nothing in rcb itself includes this header; the API is
 * verify.h.
 *
 * These are the parts of rcb -- not libgit2 -- that read bytes straight out
 * of a repository's objects, so they are what the fuzzer drives:
 *
 *   commit   "tree", "parent"* and "committer" headers, the message
 *   tag      "object", "type", "tag", "tagger" headers
 *   person   a tagger/committer line, formatted for a check's detail
 *   signature the signature block of a tag, the gpgsig header of a commit
 *   bom      the BOM walk (bom_dir) over the trees of an object database
 *
 * Every function takes the object's raw bytes as git_odb_object_data()
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

#endif
