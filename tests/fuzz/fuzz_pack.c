/* fuzz_pack.c: arbitrary bytes as a pack and its index.
 *
 * The input is a 4-byte little-endian length L, L bytes of a version-2
 * .idx, and the .pack (the harness copies the pack's trailing checksum
 * into the index, which a mutation would otherwise nearly always break,
 * and gives each part a buffer of exactly its size, so that AddressSanitizer
 * sees any read past it).  verify_pack.c must read every object the index
 * names -- whole commits (pack_commit_read) and any object through its
 * delta chain (pack_object_read) -- or refuse it, never read outside the
 * buffers, crash or loop; what it does return hashes to the id asked for.
 * Seeds: tests/fuzz/corpus/pack/ (a small repository's pack, and
 * tests/fixtures/delta_pack.py's good and hostile deltas).  Run: make fuzz. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "fuzz.h"
#include "verify.h"
#define RCB_VERIFY_PART
#include "verify_internal.h"

#define MAX_READS 512

static void read_all(const packs *ps, const pack_file *f, pack_reader *rd)
{
	for (size_t i = 0; i < f->n && i < MAX_READS; i++) {
		git_oid id, got;
		uint64_t where;
		unsigned char *out = NULL;
		size_t len = 0, size;
		int type = 0;
		memcpy(id.id, f->ids + 20 * i, 20);
		if (pack_object_read(ps, rd, &id, &type, &out, &len) == 0) {
			CHECK(out != NULL && type >= GIT_OBJECT_COMMIT && type <= GIT_OBJECT_TAG);
			CHECK(git_odb_hash(&got, out, len, (git_object_t)type) == 0 && git_oid_equal(&got, &id));
		} else {
			CHECK(out == NULL);
		}
		free(out);
		if (packs_find(ps, &id, &where) && (size = pack_commit_size(ps, where)) > 0) {
			unsigned char *buf = malloc(size);
			CHECK(buf != NULL);
			(void)pack_commit_read(ps, rd, where, &id, buf, size);
			free(buf);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	unsigned char *idx, *pack;
	size_t ilen, plen;
	packs ps;

	if (!init)
		init = git_libgit2_init() > 0;
	if (size < 4)
		return 0;
	ilen = (size_t)data[0] | (size_t)data[1] << 8 | (size_t)data[2] << 16 | (size_t)data[3] << 24;
	if (ilen > size - 4)
		return 0;
	plen = size - 4 - ilen;
	idx = malloc(ilen ? ilen : 1);
	pack = malloc(plen ? plen : 1);
	CHECK(idx != NULL && pack != NULL);
	memcpy(idx, data + 4, ilen);
	memcpy(pack, data + 4 + ilen, plen);
	if (ilen >= 40 && plen >= 20)
		memcpy(idx + ilen - 40, pack + plen - 20, 20);
	memset(&ps, 0, sizeof ps);
	if (packs_add_buffers(&ps, idx, ilen, pack, plen) == 0) {
		pack_reader *rd = pack_reader_new();
		CHECK(rd != NULL);
		read_all(&ps, &ps.f[0], rd);
		read_all(&ps, &ps.f[0], rd); /* again, through the bases it kept */
		pack_reader_free(rd);
	}
	packs_close(&ps);
	free(idx);
	free(pack);
	return 0;
}
