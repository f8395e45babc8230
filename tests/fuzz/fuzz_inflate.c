/* fuzz_inflate.c: arbitrary bytes as a zlib stream for rcb_inflate_small
 * (core/inflate_small.c), against libdeflate.
 *
 * The input is a 2-byte little-endian output size, then the stream.  Each
 * side gets buffers of exactly their sizes (AddressSanitizer sees a read
 * or write past them).  When rcb_inflate_small takes the stream,
 * libdeflate must take it at that size and give the same bytes; it may
 * refuse what libdeflate takes (the caller then asks libdeflate).  Seeds:
 * tests/fuzz/corpus/inflate/ (git's loose objects: commits, trees, blobs;
 * a stored and a fixed-code stream).  Run: make fuzz. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "fuzz.h"
#include "inflate_small.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct libdeflate_decompressor *lib;
	unsigned char *in, *a, *b;
	size_t outlen, inlen, used;
	int mine;

	if (size < 2)
		return 0;
	if (!lib && !(lib = libdeflate_alloc_decompressor()))
		abort();
	outlen = (size_t)data[0] | (size_t)data[1] << 8;
	inlen = size - 2;
	in = malloc(inlen ? inlen : 1);
	a = malloc(outlen ? outlen : 1);
	b = malloc(outlen ? outlen : 1);
	CHECK(in && a && b);
	memcpy(in, data + 2, inlen);
	mine = rcb_inflate_small(in, inlen, a, outlen);
	CHECK(mine == 0 || mine == 1);
	if (mine) {
		CHECK(libdeflate_zlib_decompress_ex(lib, in, inlen, b, outlen, &used, NULL) == LIBDEFLATE_SUCCESS);
		CHECK(memcmp(a, b, outlen) == 0);
	}
	free(in);
	free(a);
	free(b);
	return 0;
}
