/* inflate_small.c: the zlib streams of small pack objects, inflated with
 * tables no larger than the stream needs.
 *
 * A commit is one zlib stream of about 160 bytes holding about 230: one
 * dynamic-Huffman block.  libdeflate builds a 2,048-entry literal/length
 * table (and an offset and a pre-code table) for every such block, and on
 * these streams the build is most of its time: perf of `verify --meeting`
 * (20 releases, 17,000 range commits) put 15 % of the whole run in its
 * build_decode_table against 11 % in the decoding itself.  This decoder
 * builds each table with as many index bits as the code's longest
 * codeword needs, nine at most, and decodes a longer codeword (a rare
 * symbol, by the code's construction) by walking the canonical code one
 * bit at a time.
 *
 * It takes only what it is sure of: stored, fixed and dynamic blocks with
 * complete codes (zlib, and so git, writes no others), a stream that ends
 * exactly at the size the caller gives, and whose Adler-32 matches.  For
 * anything else -- an incomplete or empty code, a distance before the
 * start, damage of any kind -- it answers 0 and the caller asks libdeflate,
 * whose answer stands.  So it never refuses a stream libdeflate takes, and
 * what it returns is what libdeflate returns (tests/unit/test_inflate.c,
 * tests/fuzz/fuzz_inflate.c compare the two).  Every read of the input is
 * bounded by inlen (past it the bit reader supplies zeros, which the end
 * refuses), every write by outlen. */
#include "inflate_small.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <libdeflate.h>

#define MAXBITS 15     /* the longest codeword deflate allows */
#define LIT_BITS 9     /* index bits of a literal/length table, at most */
#define DIST_BITS 8    /* of a distance table */
#define PRE_BITS 7     /* of the pre-code table: its codewords are <= 7 bits */
#define NLIT 288       /* literal/length symbols (286, 287 are invalid) */
#define NDIST 32       /* distance symbols (30, 31 are invalid) */

/* A table entry: the codeword's length in bits (0: a longer codeword, or
 * none) in bits 0-3, the kind in bits 4-5, the extra bits in 8-12 and the
 * value (a literal byte, a length or distance base, a pre-code symbol) in
 * 16-31. */
enum { K_LIT = 0, K_BASE = 1, K_END = 2, K_BAD = 3 };
#define ENTRY(kind, extra, value) ((uint32_t)(value) << 16 | (uint32_t)(extra) << 8 | (uint32_t)(kind) << 4)

typedef struct {
	uint32_t table[1u << LIT_BITS];  /* indexed by the next `bits` input bits */
	unsigned bits;                   /* index bits: min(longest codeword, the table's) */
	uint16_t count[MAXBITS + 1];     /* codewords of each length */
	uint16_t sorted[NLIT];           /* symbols by (length, symbol): the canonical order */
	const uint32_t *meaning;         /* each symbol's entry, length 0 */
} huff;

/* The input, read LSB first through a 64-bit buffer. */
typedef struct {
	const unsigned char *p, *end;
	uint64_t buf;
	unsigned n;       /* valid bits in buf */
	size_t past;      /* zero bytes supplied past end */
} bits_in;

static uint32_t lit_meaning[NLIT], dist_meaning[NDIST], pre_meaning[19];
static uint16_t reversed[1u << LIT_BITS]; /* each LIT_BITS-bit number, bits reversed */
static huff fixed_lit, fixed_dist;
static pthread_once_t fixed_once = PTHREAD_ONCE_INIT;

/* At least 56 valid bits in b->buf. */
static inline void refill(bits_in *b)
{
	if (b->end - b->p >= 8) {
		uint64_t w;
		memcpy(&w, b->p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		b->buf |= w << b->n;
		b->p += (63 - b->n) >> 3;
		b->n |= 56;
		return;
	}
	while (b->n <= 56) {
		uint64_t c = 0;
		if (b->p < b->end)
			c = *b->p++;
		else
			b->past++;
		b->buf |= c << b->n;
		b->n += 8;
	}
}

/* The next k bits (k <= 32; refilled by the caller), consumed. */
static inline unsigned take(bits_in *b, unsigned k)
{
	unsigned v = (unsigned)(b->buf & ((1ull << k) - 1));
	b->buf >>= k;
	b->n -= k;
	return v;
}

/* Whether the bits consumed so far are all real input (none of the zeros
 * supplied past the end). */
static inline int within(const bits_in *b)
{
	return b->past * 8 <= b->n;
}

/* The symbols' meanings: literal bytes, the end of block, the length and
 * distance bases with their extra bits (RFC 1951, 3.2.5), the pre-code's
 * own symbols. */
static void meanings(void)
{
	static const uint16_t lbase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
					   31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
	static const uint8_t lextra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
					   2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
	static const uint16_t dbase[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
					   193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
	static const uint8_t dextra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
					   6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
	for (unsigned s = 0; s < 256; s++)
		lit_meaning[s] = ENTRY(K_LIT, 0, s);
	lit_meaning[256] = ENTRY(K_END, 0, 0);
	for (unsigned s = 257; s < 286; s++)
		lit_meaning[s] = ENTRY(K_BASE, lextra[s - 257], lbase[s - 257]);
	lit_meaning[286] = lit_meaning[287] = ENTRY(K_BAD, 0, 0);
	for (unsigned s = 0; s < 30; s++)
		dist_meaning[s] = ENTRY(K_BASE, dextra[s], dbase[s]);
	dist_meaning[30] = dist_meaning[31] = ENTRY(K_BAD, 0, 0);
	for (unsigned s = 0; s < 19; s++)
		pre_meaning[s] = ENTRY(K_LIT, 0, s);
}

/* Build h from the code lengths len[] of its symbols, of which nz[0..nnz)
 * (in increasing order) are not 0 and count[l] are l; cap: the table's
 * index bits at most.  0, or -1 when the code is not complete
 * (over-subscribed, incomplete or empty: libdeflate's to judge). */
static int build(huff *h, const uint8_t *len, const uint16_t *nz, unsigned nnz, const uint16_t *count,
		 unsigned cap, const uint32_t *meaning)
{
	uint16_t offs[MAXBITS + 2];
	unsigned maxlen = 0, code = 0, k = 0;
	int left = 1;

	memcpy(h->count, count, sizeof h->count);
	for (unsigned l = 1; l <= MAXBITS; l++) {
		left = (left << 1) - h->count[l];
		if (left < 0)
			return -1;
		maxlen = h->count[l] ? l : maxlen;
	}
	if (left != 0)
		return -1;
	offs[1] = 0;
	for (unsigned l = 1; l <= MAXBITS; l++)
		offs[l + 1] = (uint16_t)(offs[l] + h->count[l]);
	for (unsigned i = 0; i < nnz; i++)
		h->sorted[offs[len[nz[i]]]++] = nz[i];
	h->bits = maxlen < cap ? maxlen : cap;
	h->meaning = meaning;

	/* Lengths in increasing order: the table of l - 1 bits doubled into
	 * one of l (each entry now twice), then each codeword of l bits
	 * written once, where its bits reversed point (deflate sends a
	 * codeword's first bit first).  Entry 0 of the 1-entry table says
	 * "longer codeword": what no codeword of up to `bits` bits covers keeps
	 * it. */
	h->table[0] = 0;
	for (unsigned l = 1; l <= h->bits; l++) {
		unsigned half = 1u << (l - 1);
		memcpy(h->table + half, h->table, half * sizeof h->table[0]);
		for (unsigned end = k + h->count[l]; k < end; k++, code++)
			h->table[reversed[code] >> (LIT_BITS - l)] = meaning[h->sorted[k]] | l;
		code <<= 1;
	}
	return 0;
}

/* The next symbol's entry under h (its length consumed), from a buffer of
 * at least 15 bits: the table, or for a codeword longer than its index
 * bits, the canonical code walked one bit at a time. */
static inline uint32_t decode(bits_in *b, const huff *h)
{
	uint32_t e = h->table[b->buf & ((1u << h->bits) - 1)];
	unsigned l = e & 15;
	if (l) {
		b->buf >>= l;
		b->n -= l;
		return e;
	}
	int code = 0, first = 0, index = 0;
	for (l = 1; l <= MAXBITS; l++) {
		code |= (int)((b->buf >> (l - 1)) & 1);
		int count = h->count[l];
		if (code - first < count) {
			b->buf >>= l;
			b->n -= l;
			return h->meaning[h->sorted[index + code - first]];
		}
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return ENTRY(K_BAD, 0, 0); /* cannot happen with a complete code */
}

static void fixed_build(void)
{
	uint8_t len[NLIT + NDIST];
	unsigned s = 0;
	for (unsigned v = 0; v < 1u << LIT_BITS; v++)
		for (unsigned i = 0; i < LIT_BITS; i++)
			reversed[v] |= (uint16_t)(((v >> i) & 1u) << (LIT_BITS - 1 - i));
	meanings();
	for (; s < 144; s++)
		len[s] = 8;
	for (; s < 256; s++)
		len[s] = 9;
	for (; s < 280; s++)
		len[s] = 7;
	for (; s < NLIT; s++)
		len[s] = 8;
	for (s = 0; s < NDIST; s++)
		len[NLIT + s] = 5;
	uint16_t nlit[MAXBITS + 1] = {0}, ndist[MAXBITS + 1] = {0}, all[NLIT];
	nlit[7] = 24, nlit[8] = 152, nlit[9] = 112, ndist[5] = NDIST;
	for (s = 0; s < NLIT; s++)
		all[s] = (uint16_t)s;
	build(&fixed_lit, len, all, NLIT, nlit, LIT_BITS, lit_meaning);
	build(&fixed_dist, len + NLIT, all, NDIST, ndist, DIST_BITS, dist_meaning);
}

/* A dynamic block's code lengths (RFC 1951, 3.2.7) into lit and dist.
 * Each length is counted, and each symbol that has one listed, as it is
 * read (a run at once; a run may cross from one code to the other).  0,
 * or -1. */
static int dynamic_tables(bits_in *b, huff *lit, huff *dist)
{
	static const uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
	uint8_t len[NLIT + NDIST], pre[19]; /* len[]: only the listed symbols' are set */
	uint16_t count[2][2][MAXBITS + 1], pcount[MAXBITS + 1], nz[NLIT + NDIST], pnz[19];
	unsigned nnz[2] = {0, 0}, npnz = 0, prev = 0;
	huff *ph = dist; /* the pre-code's table, before dist needs it */
	unsigned nlit, ndist, npre, i = 0;

	refill(b);
	nlit = take(b, 5) + 257;
	ndist = take(b, 5) + 1;
	npre = take(b, 4) + 4;
	if (nlit > 286 || ndist > 30)
		return -1;
	memset(pre, 0, sizeof pre);
	memset(pcount, 0, sizeof pcount);
	memset(count, 0, sizeof count);
	for (unsigned k = 0; k < npre; k++) {
		refill(b);
		pre[order[k]] = (uint8_t)take(b, 3);
		pcount[pre[order[k]]]++;
	}
	for (unsigned k = 0; k < 19; k++) {
		pnz[npnz] = (uint16_t)k;
		npnz += pre[k] != 0;
	}
	if (build(ph, pre, pnz, npnz, pcount, PRE_BITS, pre_meaning) < 0)
		return -1;
	/* nz: the literal/length code's symbols from the front, the
	 * distance code's (less nlit) from NLIT on */
	while (i < nlit + ndist) {
		unsigned sym, rep, part;
		refill(b);
		sym = decode(b, ph) >> 16;
		if (sym < 16) {
			part = i >= nlit;
			count[part][i & 1][sym]++; /* two by turns: no increment waits for the last */
			nz[part * NLIT + nnz[part]] = (uint16_t)(i - part * nlit);
			nnz[part] += sym != 0;
			len[i++] = (uint8_t)(prev = sym);
			continue;
		}
		if (sym == 16) {
			if (i == 0)
				return -1;
			rep = 3 + take(b, 2);
		} else {
			rep = sym == 17 ? 3 + take(b, 3) : 11 + take(b, 7);
			prev = 0;
		}
		if (rep > nlit + ndist - i)
			return -1;
		if (prev == 0) { /* unused symbols: nothing reads their len[] */
			i += rep;
			continue;
		}
		for (unsigned end = i + rep; i < end; i++) {
			part = i >= nlit;
			count[part][0][prev]++;
			nz[part * NLIT + nnz[part]++] = (uint16_t)(i - part * nlit);
			len[i] = (uint8_t)prev;
		}
	}
	for (unsigned l = 1; l <= MAXBITS; l++) {
		count[0][0][l] = (uint16_t)(count[0][0][l] + count[0][1][l]);
		count[1][0][l] = (uint16_t)(count[1][0][l] + count[1][1][l]);
	}
	if (!within(b) || build(lit, len, nz, nnz[0], count[0][0], LIT_BITS, lit_meaning) < 0 ||
	    build(dist, len + nlit, nz + NLIT, nnz[1], count[1][0], DIST_BITS, dist_meaning) < 0)
		return -1;
	return 0;
}

/* One Huffman block's symbols into out[*o..outlen).  0 at its end, -1.
 * The buffer is refilled before every symbol (no branch to mispredict:
 * a length's codeword, its extra bits and a distance's codeword take
 * 15 + 5 + 15 of its 56 bits), and before a distance's extra bits. */
static int codes(bits_in *b, const huff *lit, const huff *dist, unsigned char *out, size_t *o, size_t outlen)
{
	size_t at = *o;
	for (;;) {
		uint32_t e;
		refill(b);
		/* a cut stream: past its end a code whose zero codeword is a
		 * literal would fill out with zeros (16 MiB in 166 ms) */
		if (b->past > 8)
			return -1;
		e = decode(b, lit);
		if (((e >> 4) & 3) == K_LIT) {
			if (at == outlen)
				return -1;
			out[at++] = (unsigned char)(e >> 16);
			e = decode(b, lit); /* a second symbol: 56 - 15 bits are left */
			if (((e >> 4) & 3) == K_LIT) {
				if (at == outlen)
					return -1;
				out[at++] = (unsigned char)(e >> 16);
				continue;
			}
			refill(b);
		}
		if (((e >> 4) & 3) == K_END) {
			*o = at;
			return within(b) ? 0 : -1;
		}
		if (((e >> 4) & 3) == K_BAD)
			return -1;
		size_t n = (e >> 16) + take(b, (e >> 8) & 31);
		uint32_t d = decode(b, dist);
		if (((d >> 4) & 3) != K_BASE)
			return -1;
		refill(b);
		size_t back = (d >> 16) + take(b, (d >> 8) & 31);
		if (back > at || n > outlen - at || !within(b))
			return -1;
		const unsigned char *from = out + at - back;
		if (back >= 8 && outlen - at - n >= 8) {
			/* eight bytes at a time, the last eight past the match
			 * still inside out: what follows overwrites them */
			for (size_t k = 0; k < n; k += 8)
				memcpy(out + at + k, from + k, 8);
		} else {
			for (size_t k = 0; k < n; k++)
				out[at + k] = from[k];
		}
		at += n;
	}
}

/* A stored block (after its header bits) into out. */
static int stored(bits_in *b, unsigned char *out, size_t *o, size_t outlen)
{
	unsigned len, nlen;
	take(b, b->n & 7); /* to a byte boundary */
	refill(b);
	len = take(b, 16);
	nlen = take(b, 16);
	if (len != (~nlen & 0xffffu) || len > outlen - *o)
		return -1;
	/* the buffered whole bytes first, then straight from the input */
	while (len && b->n >= 8) {
		out[(*o)++] = (unsigned char)take(b, 8);
		len--;
	}
	if (!within(b))
		return -1;
	if (len) { /* the buffer is empty: its bits above n are the bytes at p, which this skips */
		if ((size_t)(b->end - b->p) < len)
			return -1;
		memcpy(out + *o, b->p, len);
		*o += len;
		b->p += len;
		b->buf = 0;
	}
	return 0;
}

int rcb_inflate_small(const unsigned char *in, size_t inlen, unsigned char *out, size_t outlen)
{
	bits_in b = {in, in + inlen, 0, 0, 0};
	huff lit, dist;
	size_t o = 0;
	unsigned final;

	pthread_once(&fixed_once, fixed_build);
	if (inlen < 6 || (in[0] & 0x0f) != 8 || (in[0] >> 4) > 7 || (in[1] & 0x20) || ((unsigned)in[0] << 8 | in[1]) % 31)
		return 0;
	b.p += 2;
	do {
		int rc;
		refill(&b);
		final = take(&b, 1);
		switch (take(&b, 2)) {
		case 0:
			rc = stored(&b, out, &o, outlen);
			break;
		case 1:
			rc = codes(&b, &fixed_lit, &fixed_dist, out, &o, outlen);
			break;
		case 2:
			rc = dynamic_tables(&b, &lit, &dist);
			if (rc == 0)
				rc = codes(&b, &lit, &dist, out, &o, outlen);
			break;
		default:
			rc = -1;
		}
		if (rc < 0 || b.past > 8)
			return 0;
	} while (!final);
	if (o != outlen || !within(&b))
		return 0;
	/* the Adler-32 after the last block, from the next byte boundary */
	take(&b, b.n & 7);
	size_t at = (size_t)(b.p - in) - b.n / 8 + b.past;
	if (at > inlen || inlen - at < 4)
		return 0;
	uint32_t want = (uint32_t)in[at] << 24 | (uint32_t)in[at + 1] << 16 | (uint32_t)in[at + 2] << 8 | in[at + 3];
	return libdeflate_adler32(1, out, outlen) == want;
}
