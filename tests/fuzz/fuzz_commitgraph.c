/* fuzz_commitgraph.c: arbitrary bytes as a commit-graph file.
 *
 * rcb_commitgraph_from_buffer() must refuse or accept any input without
 * reading outside it, and on a graph it accepted every query -- commit
 * records, parent lists (octopus lists included), ancestry and range walks
 * between commits the graph itself names -- must answer or fail with an
 * error code, never crash or loop.  Seeds: tests/fuzz/corpus/commitgraph/
 * (graphs git wrote: generation v1 and v2, an octopus merge, an overflow
 * entry).  Run: make fuzz (libFuzzer, ASan, UBSan). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "commitgraph.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rcb_commitgraph *g;
	git_oid ids[8];
	uint32_t n, par[4];
	size_t k = 0, np;
	int out[8];

	if (rcb_commitgraph_from_buffer(&g, data, size) != 0)
		return 0;
	n = rcb_commitgraph_count(g);
	for (uint32_t pos = 0; pos < n && pos < 4096; pos++) {
		rcb_commitgraph_commit c;
		uint64_t gen;
		uint32_t found;
		const git_oid *id = rcb_commitgraph_id(g, pos);
		if (rcb_commitgraph_commit_at(&c, g, pos) == 0 && k < 8 && (pos % 3 == 0 || pos + 1 == n))
			ids[k++] = c.id;
		(void)rcb_commitgraph_parents(par, 4, &np, g, pos);
		(void)rcb_commitgraph_generation(&gen, g, pos);
		(void)rcb_commitgraph_time(g, pos);
		if (id != NULL)
			(void)rcb_commitgraph_find(&found, g, id);
	}
	if (k > 0) {
		git_oid *r = NULL;
		size_t nr;
		(void)rcb_commitgraph_ancestors(out, g, &ids[k - 1], ids, k);
		(void)rcb_commitgraph_ancestors(out, g, &ids[0], ids, k);
		if (rcb_commitgraph_range(&r, &nr, g, &ids[k - 1], 1, ids, k / 2) == 0)
			free(r);
		if (rcb_commitgraph_range(&r, &nr, g, ids, k, NULL, 0) == 0)
			free(r);
	}
	rcb_commitgraph_free(g);
	return 0;
}
