/* test_inflate.c: core/inflate_small.c against libdeflate, the decoder
 * whose answer stands: on streams git wrote (a real repository's loose
 * objects), on libdeflate's own at every level, on hand-made edge cases,
 * and on thousands of damaged copies of them.  The rule under test: when
 * rcb_inflate_small() answers 1, libdeflate accepts the same stream at the
 * same size and gives the same bytes; on zlib's streams it answers 1. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libdeflate.h>

#include "inflate_small.h"

static struct libdeflate_decompressor *lib;

/* libdeflate's answer for in at exactly outlen bytes: 1 with out filled, or 0. */
static int lib_inflate(const unsigned char *in, size_t inlen, unsigned char *out, size_t outlen)
{
	size_t used;
	return libdeflate_zlib_decompress_ex(lib, in, inlen, out, outlen, &used, NULL) == LIBDEFLATE_SUCCESS;
}

/* The rule, for one stream at one size: returns rcb_inflate_small's answer.
 * Each side gets a buffer of exactly its size (AddressSanitizer sees a
 * write past it). */
static int agrees(const unsigned char *in, size_t inlen, size_t outlen)
{
	unsigned char *in_copy = malloc(inlen ? inlen : 1), *a = malloc(outlen ? outlen : 1),
		      *b = malloc(outlen ? outlen : 1);
	int mine, theirs;
	assert_non_null(in_copy);
	assert_non_null(a);
	assert_non_null(b);
	memcpy(in_copy, in, inlen);
	mine = rcb_inflate_small(in_copy, inlen, a, outlen);
	theirs = lib_inflate(in_copy, inlen, b, outlen);
	if (mine) {
		assert_true(theirs);
		assert_memory_equal(a, b, outlen);
	}
	free(in_copy);
	free(a);
	free(b);
	return mine;
}

/* The size libdeflate inflates in to (-1 if it does not). */
static long lib_size(const unsigned char *in, size_t inlen)
{
	size_t cap = 1 << 16, got, used;
	for (;;) {
		unsigned char *out = malloc(cap);
		enum libdeflate_result r;
		assert_non_null(out);
		r = libdeflate_zlib_decompress_ex(lib, in, inlen, out, cap, &used, &got);
		free(out);
		if (r == LIBDEFLATE_SUCCESS)
			return (long)got;
		if (r != LIBDEFLATE_INSUFFICIENT_SPACE || cap > (64u << 20))
			return -1;
		cap *= 4;
	}
}

/* A tiny deterministic generator (the same damage on every run). */
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* n damaged copies of in (a flipped bit, a byte replaced, a cut, a byte
 * dropped or repeated) and the right size one off either way, each under
 * the rule; returns how many rcb_inflate_small took. */
static int damage(const unsigned char *in, size_t inlen, size_t outlen, int n)
{
	unsigned char *c = malloc(inlen + 1);
	int took = 0;
	assert_non_null(c);
	for (int k = 0; k < n && inlen > 0; k++) {
		size_t at = next_rand() % inlen, len = inlen;
		memcpy(c, in, inlen);
		switch (next_rand() % 5) {
		case 0: c[at] ^= (unsigned char)(1u << (next_rand() % 8)); break;
		case 1: c[at] = (unsigned char)next_rand(); break;
		case 2: len = at; break;
		case 3: memmove(c + at, c + at + 1, inlen - at - 1), len--; break;
		default: memmove(c + at + 1, c + at, inlen - at), len++; break;
		}
		took += agrees(c, len, outlen);
	}
	if (outlen > 0)
		assert_int_equal(agrees(in, inlen, outlen - 1), 0);
	assert_int_equal(agrees(in, inlen, outlen + 1), 0);
	free(c);
	return took;
}

static int run(const char *cmd)
{
	return system(cmd);
}

/* git's own streams: every loose object of a repository made here, with
 * commits of one line to a few KiB, text and random files up to 300 KiB,
 * an empty one, nested trees. */
static void test_every_object_git_writes_is_taken_and_matches(void **state)
{
	char dir[] = "/tmp/rcb-inflate-XXXXXX", cmd[1024], path[1200];
	int objects = 0;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof cmd,
		 "cd %s && git init -q r && cd r && git config user.name T && git config user.email t@e && "
		 "mkdir -p a/b/c && : > empty && head -c 300000 /dev/urandom > a/random.bin && "
		 "seq 1 40000 > a/b/numbers.txt && printf 'x' > a/b/c/one && "
		 "git add -A && git commit -q -m 'first' && "
		 "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do seq $i 7 9000 > a/b/f$i; git add -A; "
		 "git commit -q -m \"change $i: DEF-$i fixed\" -m \"$(seq -s ' word ' 1 $((i * 60)))\"; done",
		 dir);
	assert_int_equal(run(cmd), 0);
	for (int d = 0; d < 256; d++) {
		DIR *dp;
		struct dirent *e;
		snprintf(path, sizeof path, "%s/r/.git/objects/%02x", dir, d);
		if (!(dp = opendir(path)))
			continue;
		while ((e = readdir(dp))) {
			char file[1500];
			FILE *f;
			struct stat st;
			unsigned char *buf;
			long size;
			if (e->d_name[0] == '.')
				continue;
			snprintf(file, sizeof file, "%s/%s", path, e->d_name);
			assert_int_equal(stat(file, &st), 0);
			assert_non_null(buf = malloc((size_t)st.st_size));
			assert_non_null(f = fopen(file, "rb"));
			assert_int_equal(fread(buf, 1, (size_t)st.st_size, f), (size_t)st.st_size);
			fclose(f);
			size = lib_size(buf, (size_t)st.st_size);
			assert_true(size > 0);
			assert_int_equal(agrees(buf, (size_t)st.st_size, (size_t)size), 1);
			damage(buf, (size_t)st.st_size, (size_t)size, 40);
			free(buf);
			objects++;
		}
		closedir(dp);
	}
	assert_true(objects >= 40);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(run(cmd), 0);
}

/* libdeflate's streams at every level (0: stored blocks; low levels fixed
 * codes; high ones dynamic) of text, runs, random bytes and nothing. */
static void test_libdeflate_streams_at_every_level(void **state)
{
	static unsigned char in[200000], z[210000];
	size_t sizes[] = {0, 1, 2, 7, 233, 1000, 4096, 70000, sizeof in};
	int taken = 0, total = 0;
	(void)state;
	for (size_t i = 0; i < sizeof in; i++) /* text-like, then a run, then noise */
		in[i] = i < 80000 ? (unsigned char)("tree parent author DEF-1234 fixed\n"[i % 33] + (i / 997) % 3)
			: i < 120000 ? 'z' : (unsigned char)next_rand();
	for (int level = 0; level <= 12; level++) {
		struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
		assert_non_null(c);
		for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
			for (size_t from = 0; from + sizes[k] <= sizeof in; from += 60000) {
				size_t zn = libdeflate_zlib_compress(c, in + from, sizes[k], z, sizeof z);
				assert_true(zn > 0);
				taken += agrees(z, zn, sizes[k]);
				total++;
				if (sizes[k] <= 4096)
					damage(z, zn, sizes[k], 20);
				if (sizes[k] == 0)
					break;
			}
		libdeflate_free_compressor(c);
	}
	/* libdeflate may write a code zlib never does (an incomplete one):
	 * those go back to libdeflate; nearly all are taken here */
	assert_true(taken * 10 >= total * 9);
}

/* ---- hand-made streams ---- */

typedef struct {
	unsigned char b[256];
	size_t n;
	unsigned bit;
} bitw;

static void put(bitw *w, unsigned v, unsigned k) /* k bits of v, LSB first */
{
	for (unsigned i = 0; i < k; i++) {
		if (w->bit == 0)
			w->b[w->n++] = 0;
		w->b[w->n - 1] |= (unsigned char)(((v >> i) & 1u) << w->bit);
		w->bit = (w->bit + 1) & 7;
	}
}

static void put_code(bitw *w, unsigned code, unsigned len) /* a codeword, first bit first */
{
	for (unsigned i = len; i-- > 0;)
		put(w, (code >> i) & 1u, 1);
}

/* A fixed-code literal/length symbol. */
static void fixed_sym(bitw *w, unsigned s)
{
	if (s < 144)
		put_code(w, 0x30 + s, 8);
	else if (s < 256)
		put_code(w, 0x190 + s - 144, 9);
	else if (s < 280)
		put_code(w, s - 256, 7);
	else
		put_code(w, 0xc0 + s - 280, 8);
}

static void zhead(bitw *w)
{
	w->n = 2, w->bit = 0;
	w->b[0] = 0x78, w->b[1] = 0x01; /* (0x78 << 8 | 0x01) % 31 == 0 */
}

static void ztail(bitw *w, const unsigned char *out, size_t outlen)
{
	uint32_t a = libdeflate_adler32(1, out, outlen);
	w->bit = 0;
	for (int i = 3; i >= 0; i--)
		w->b[w->n++] = (unsigned char)(a >> (8 * i));
}

static void test_hand_made_streams(void **state)
{
	bitw w;
	(void)state;

	/* "ab", then length 4 at distance 2: "ababab"; a stored block first */
	zhead(&w);
	put(&w, 0, 1), put(&w, 0, 2);                 /* stored, not final */
	w.bit = 0;
	w.b[w.n++] = 2, w.b[w.n++] = 0, w.b[w.n++] = 0xfd, w.b[w.n++] = 0xff;
	w.b[w.n++] = 'x', w.b[w.n++] = 'y';
	put(&w, 1, 1), put(&w, 1, 2);                 /* fixed, final */
	fixed_sym(&w, 'a'), fixed_sym(&w, 'b');
	fixed_sym(&w, 258), put_code(&w, 1, 5);       /* length 4, distance code 1 = 2 */
	fixed_sym(&w, 256);
	ztail(&w, (const unsigned char *)"xyababab", 8);
	assert_int_equal(agrees(w.b, w.n, 8), 1);
	assert_int_equal(agrees(w.b, w.n + 0, 7), 0); /* one byte short, one over */
	assert_int_equal(agrees(w.b, w.n, 9), 0);
	w.b[w.n++] = 0x55; /* bytes after the stream are not its business */
	assert_int_equal(agrees(w.b, w.n, 8), 1);
	for (size_t cut = 0; cut < w.n - 1; cut++)
		assert_int_equal(agrees(w.b, cut, 8), 0);
	w.b[w.n - 2] ^= 1; /* the Adler-32 */
	assert_int_equal(agrees(w.b, w.n, 8), 0);

	/* a distance before the start */
	zhead(&w);
	put(&w, 1, 1), put(&w, 1, 2);
	fixed_sym(&w, 'a'), fixed_sym(&w, 257), put_code(&w, 1, 5); /* length 3 at distance 2 */
	fixed_sym(&w, 256);
	ztail(&w, (const unsigned char *)"aaaa", 4);
	assert_int_equal(agrees(w.b, w.n, 4), 0);

	/* an empty output; the header's flags */
	zhead(&w);
	put(&w, 1, 1), put(&w, 1, 2), fixed_sym(&w, 256);
	ztail(&w, (const unsigned char *)"", 0);
	assert_int_equal(agrees(w.b, w.n, 0), 1);
	w.b[1] = 0x3f; /* FDICT set, the check right: 0x783f % 31 == 0 */
	assert_int_equal(agrees(w.b, w.n, 0), 0);
	w.b[1] = 0x02; /* a bad check */
	assert_int_equal(agrees(w.b, w.n, 0), 0);

	/* a stored block whose length and its complement disagree */
	zhead(&w);
	put(&w, 1, 1), put(&w, 0, 2);
	w.bit = 0;
	w.b[w.n++] = 1, w.b[w.n++] = 0, w.b[w.n++] = 0xfe, w.b[w.n++] = 0xfe, w.b[w.n++] = 'q';
	ztail(&w, (const unsigned char *)"q", 1);
	assert_int_equal(agrees(w.b, w.n, 1), 0);
	w.b[6] = 0xff; /* now they agree */
	assert_int_equal(agrees(w.b, w.n, 1), 1);

	/* block type 3, and literal/length symbols 286, 287 */
	zhead(&w);
	put(&w, 1, 1), put(&w, 3, 2);
	ztail(&w, (const unsigned char *)"", 0);
	assert_int_equal(agrees(w.b, w.n, 0), 0);
	zhead(&w);
	put(&w, 1, 1), put(&w, 1, 2), fixed_sym(&w, 286);
	ztail(&w, (const unsigned char *)"", 0);
	assert_int_equal(agrees(w.b, w.n, 0), 0);

	/* many empty blocks, then the end of the input: no loop */
	zhead(&w);
	for (int i = 0; i < 100; i++)
		put(&w, 0, 1), put(&w, 1, 2), fixed_sym(&w, 256);
	assert_int_equal(agrees(w.b, w.n, 0), 0);
}

/* A stream cut inside a Huffman block whose all-zeros codeword is a
 * literal (bytes mostly 0, so literal 0 has the shortest code and, the
 * smallest symbol, the codeword 0): past the cut the bit reader supplies
 * zeros, each a literal, and a decoder that only stops when out is full
 * writes all 16 MiB of it.  This one stops within a few bytes of zeros
 * past the end: out far past what the input can hold is never written. */
static void test_cut_stream_is_refused_at_its_end(void **state)
{
	static unsigned char in[8192], z[9000];
	const size_t outlen = 16u << 20, far = 1u << 20;
	unsigned char *out = malloc(outlen);
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
	(void)state;
	assert_non_null(out);
	assert_non_null(c);
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = next_rand() % 2 ? 0 : (unsigned char)next_rand();
	size_t zn = libdeflate_zlib_compress(c, in, sizeof in, z, sizeof z);
	libdeflate_free_compressor(c);
	assert_true(zn > 100);
	assert_int_equal(z[2] & 7, 5); /* final, a dynamic block */
	for (size_t cut = zn / 2; cut < zn / 2 + 8; cut++) {
		memset(out, 0xaa, outlen);
		assert_int_equal(rcb_inflate_small(z, cut, out, outlen), 0);
		for (size_t i = far; i < outlen; i += 4096)
			assert_int_equal(out[i], 0xaa);
		assert_int_equal(out[outlen - 1], 0xaa);
	}
	free(out);
}

/* Random bytes as streams, at random sizes: the rule holds (nearly all
 * are refused by both). */
static void test_random_bytes(void **state)
{
	unsigned char b[300];
	(void)state;
	for (int k = 0; k < 20000; k++) {
		size_t n = next_rand() % sizeof b;
		for (size_t i = 0; i < n; i++)
			b[i] = (unsigned char)next_rand();
		if (n >= 2) /* a valid header, so that the blocks are decoded */
			b[0] = 0x78, b[1] = 0x9c;
		agrees(b, n, next_rand() % 400);
	}
}

static int setup(void **state)
{
	(void)state;
	lib = libdeflate_alloc_decompressor();
	return lib ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	libdeflate_free_decompressor(lib);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_object_git_writes_is_taken_and_matches),
		cmocka_unit_test(test_libdeflate_streams_at_every_level),
		cmocka_unit_test(test_hand_made_streams),
		cmocka_unit_test(test_cut_stream_is_refused_at_its_end),
		cmocka_unit_test(test_random_bytes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
