/* utf8.c: UTF-8 decoding and encoding (see utf8.h). */
#include "utf8.h"

/* The length a lead byte announces, with its payload bits in *bits and the
 * smallest code point that length may carry in *min; 0 when c cannot lead
 * a sequence (a continuation byte, or 0xf8 and above). */
static size_t lead(unsigned char c, uint32_t *bits, uint32_t *min)
{
	if (c < 0x80)
		return *bits = c, *min = 0, 1;
	if ((c & 0xe0) == 0xc0)
		return *bits = c & 0x1fu, *min = 0x80, 2;
	if ((c & 0xf0) == 0xe0)
		return *bits = c & 0x0fu, *min = 0x800, 3;
	if ((c & 0xf8) == 0xf0)
		return *bits = c & 0x07u, *min = 0x10000, 4;
	return 0;
}

/* How many continuation bytes follow s[0], at most want - 1 and never past
 * n bytes. */
static size_t continuations(const unsigned char *s, size_t n, size_t want)
{
	size_t i = 1;
	while (i < want && i < n && (s[i] & 0xc0) == 0x80)
		i++;
	return i - 1;
}

size_t rcb_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t len;

	if (n == 0 || (len = lead(s[0], &c, &min)) == 0 || continuations(s, n, len) != len - 1)
		return 0;
	for (size_t i = 1; i < len; i++)
		c = (c << 6) | (s[i] & 0x3fu);
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t rcb_utf8_decode_lossy(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t bits, min;
	size_t want = lead(s[0], &bits, &min), have;

	*cp = 0xfffd;
	if (want == 0)
		return 1;
	/* a NUL is not a continuation byte, so this never reads past it */
	have = continuations(s, want, want) + 1;
	if (have < want)
		return have;
	if (rcb_utf8_decode(str, want, cp) == 0)
		*cp = 0xfffd;
	return want;
}

size_t rcb_utf8_encode(char out[RCB_UTF8_MAX], uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}
