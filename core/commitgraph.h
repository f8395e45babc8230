/* commitgraph.h: a read-only reader of git's commit-graph file, and the two
 * history walks `rcb verify` needs, pruned by generation numbers.
 *
 * Why: libgit2 up to 1.9 cannot read the commit-graph git >= 2.36 writes by
 * default (GDA2/GDO2 chunks: it fails and falls back silently), and
 * git_graph_descendant_of() never prunes, so one merge-back check can walk
 * the whole history (../shared/perf/verify-baseline.md: 60 ms per tag on
 * git's own repository).  This module reads the file itself, from git's
 * documented format (gitformat-commit-graph(5)):
 *
 *   objects/info/commit-graph                      one file, or
 *   objects/info/commit-graphs/commit-graph-chain  a chain of layers
 *     + objects/info/commit-graphs/graph-HASH.graph
 *
 * with the chunks OIDF (fan-out), OIDL (sorted ids), CDAT (tree, parents,
 * topological level, commit time), EDGE (octopus parents), GDA2/GDO2
 * (corrected commit date offsets, generation number v2) and BASE (the
 * layers below).  Other chunks (Bloom filters) are ignored.  Files are
 * mapped read-only; every offset, length and parent position is checked
 * against the file before use, and anything unexpected makes the open (or
 * the walk that meets it) fail with RCB_EGIT, so that the caller falls back
 * to libgit2.  Nothing is ever written.
 *
 * Generation numbers: the corrected commit date (v2) when every layer has a
 * GDA2 chunk, otherwise the topological level (v1) from CDAT -- git's own
 * rule.  Either way a parent's generation is strictly below its child's;
 * the walks check that on every edge they follow and fail with RCB_EGIT
 * when a file breaks it, rather than give a wrong answer.
 *
 * Commits missing from the graph (made after it was written): when the
 * graph was opened with rcb_commitgraph_open_repo(), the walks read such
 * commits from the repository's object database (git_odb, thread-safe; no
 * object cache), compute their generation numbers from their parents and
 * carry on inside the graph.  At most RCB_COMMITGRAPH_MAX_EXTRA commits
 * are read that way per graph; past that (a very stale graph) a walk fails
 * with RCB_ENOTFOUND so the caller uses plain libgit2.
 *
 * Only SHA-1 repositories (the only kind libgit2 1.5 opens).  Not thread
 * safe: a rcb_commitgraph caches the commits it read itself, so use one
 * per thread.
 *
 * Ownership: rcb_commitgraph_open*() / _from_buffer() give the caller a
 * graph, freed with rcb_commitgraph_free().  A graph opened on a repository
 * holds its own reference to the repository's object database, so it may
 * outlive the git_repository.  rcb_commitgraph_range()
 * returns an array the caller free()s. */
#ifndef RCB_COMMITGRAPH_H
#define RCB_COMMITGRAPH_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct rcb_commitgraph rcb_commitgraph;

/* Most commits a graph reads from the object database because the file
 * lacks them (see above). */
#define RCB_COMMITGRAPH_MAX_EXTRA 100000

/* One commit as the graph records it. */
typedef struct {
	git_oid id;
	git_oid tree;          /* root tree */
	uint64_t time;         /* committer time, seconds since the epoch */
	uint64_t generation;   /* v2 corrected commit date, or v1 level */
	uint32_t level;        /* topological level (generation number v1) */
	size_t nparents;
} rcb_commitgraph_commit;

/* Open the commit-graph of the repository whose object directory is
 * objects_dir (".git/objects" or "repo.git/objects"): the single file
 * info/commit-graph if present, else the chain in info/commit-graphs/.
 * Returns 0 with *out set (caller frees with rcb_commitgraph_free()),
 * RCB_ENOTFOUND when there is no graph, RCB_EGIT when the file is not one
 * this reader accepts (the message says why), RCB_EIO / RCB_ENOMEM. */
int rcb_commitgraph_open(rcb_commitgraph **out, const char *objects_dir);

/* Open the commit-graph of an open repository (its common directory's
 * objects/), and let the walks read commits missing from the graph from
 * repo's object database.  Like git, refuses (RCB_ENOTFOUND) a shallow
 * repository or one with info/grafts, where the file's parents need not be
 * the history libgit2 sees.  repo is only used during the call. */
int rcb_commitgraph_open_repo(rcb_commitgraph **out, git_repository *repo);

/* Parse len bytes as one commit-graph file (no chain), e.g. for the fuzzer.
 * The bytes are copied.  Same returns as rcb_commitgraph_open(). */
int rcb_commitgraph_from_buffer(rcb_commitgraph **out, const void *data, size_t len);

void rcb_commitgraph_free(rcb_commitgraph *g);

/* Commits in the file(s), over all layers. */
uint32_t rcb_commitgraph_count(const rcb_commitgraph *g);
/* Number of files: 1 for a single file, the chain's length otherwise. */
size_t rcb_commitgraph_layers(const rcb_commitgraph *g);
/* 2 when the walks use corrected commit dates (GDA2), 1 for levels. */
int rcb_commitgraph_generation_version(const rcb_commitgraph *g);

/* The graph position of commit id (file only, never libgit2): 0 with *pos
 * set, or RCB_ENOTFOUND. */
int rcb_commitgraph_find(uint32_t *pos, const rcb_commitgraph *g, const git_oid *id);

/* The commit at graph position pos (< rcb_commitgraph_count()).  Returns 0,
 * RCB_EINVAL for a position out of range, RCB_EGIT for corrupt data. */
int rcb_commitgraph_commit_at(rcb_commitgraph_commit *out, const rcb_commitgraph *g, uint32_t pos);

/* The graph positions of the parents of the commit at pos, in order, into
 * out[0 .. max-1]; *n is the number of parents (may exceed max: then only
 * max are stored).  Returns 0, RCB_EINVAL or RCB_EGIT (a parent position
 * outside the graph, a broken octopus list). */
int rcb_commitgraph_parents(uint32_t *out, size_t max, size_t *n, const rcb_commitgraph *g, uint32_t pos);

/* Cheap accessors for a caller's own walk (no checks beyond the range:
 * pos must be < rcb_commitgraph_count(), else NULL / 0 / RCB_EINVAL).
 * The id is borrowed from the mapped file and lives as long as g. */
const git_oid *rcb_commitgraph_id(const rcb_commitgraph *g, uint32_t pos);
uint64_t rcb_commitgraph_time(const rcb_commitgraph *g, uint32_t pos);
/* The generation number the walks use (see rcb_commitgraph_generation_version).
 * Returns 0, RCB_EINVAL, or RCB_EGIT (a corrupt overflow entry). */
int rcb_commitgraph_generation(uint64_t *gen, const rcb_commitgraph *g, uint32_t pos);

/* Ancestry of many commits at once: out[i] = 1 when a[i] is b itself or an
 * ancestor of b, else 0 (git merge-base --is-ancestor a[i] b).  One walk
 * down from b (depth first, first parents first), never below the lowest
 * generation among the a[i] still unanswered, stopping as soon as every
 * a[i] is answered.
 * Returns 0, RCB_ENOTFOUND when a commit is neither in the graph nor
 * readable (no repository attached, missing object, more than
 * RCB_COMMITGRAPH_MAX_EXTRA to read), RCB_EGIT on a corrupt graph,
 * RCB_ENOMEM.  out must hold n ints. */
int rcb_commitgraph_ancestors(int *out, rcb_commitgraph *g, const git_oid *b, const git_oid *a, size_t n);

/* The commits reachable from any of push[] and from none of hide[] (git log
 * hide..push), newest first: by committer time descending, ties broken by
 * generation descending (children first), then by id.  *out (caller
 * free()s; NULL when *n is 0) gets the ids, *n their number.  The walk
 * stops as soon as everything left in its queue is hidden.
 * Returns as rcb_commitgraph_ancestors(). */
int rcb_commitgraph_range(git_oid **out, size_t *n, rcb_commitgraph *g, const git_oid *push, size_t npush,
			  const git_oid *hide, size_t nhide);

#endif
