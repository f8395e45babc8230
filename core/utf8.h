/* utf8.h: the one UTF-8 decoder and encoder (RFC 3629).  Text reaches rcb
 * from notes, the database, the command line and the terminal; every layer
 * reads and writes it through these, so "valid" means one thing. */
#ifndef RCB_UTF8_H
#define RCB_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define RCB_UTF8_MAX 4 /* the longest sequence, in bytes */

/* Decode the sequence at s, of which at most n bytes may be read.  Returns
 * its length (1..4) with the code point in *cp, or 0 when it is not valid
 * UTF-8: a stray continuation byte, a truncated sequence, an overlong form,
 * a surrogate or a value past U+10FFFF (then *cp is untouched).  A NUL
 * byte decodes as U+0000, length 1. */
size_t rcb_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Decode for display: like rcb_utf8_decode on a NUL-terminated s, but never
 * fails.  Invalid input yields U+FFFD and the number of bytes to skip: 1
 * for a byte that cannot start a sequence, the lead and its continuation
 * bytes up to the first byte that is not one, or the whole sequence when
 * it was complete but overlong, a surrogate or out of range. */
size_t rcb_utf8_decode_lossy(const char *s, uint32_t *cp);

/* Encode cp (at most U+10FFFF; surrogates are not checked) into out, which
 * has room for RCB_UTF8_MAX bytes; no NUL is written.  Returns the length,
 * 1..4. */
size_t rcb_utf8_encode(char out[RCB_UTF8_MAX], uint32_t cp);

#endif
