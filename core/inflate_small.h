/* inflate_small.h: small zlib streams inflated into a buffer of known
 * size (inflate_small.c). */
#ifndef RCB_INFLATE_SMALL_H
#define RCB_INFLATE_SMALL_H

#include <stddef.h>

/* Inflate the zlib stream at in (at most inlen bytes of it) into out,
 * exactly outlen bytes.  1 when done (out holds them and the stream's
 * Adler-32 matched); 0 when this decoder does not take the stream --
 * damaged, an incomplete code, not exactly outlen bytes -- and the caller
 * should ask libdeflate, whose answer stands.  out's bytes are then
 * unspecified.  Thread-safe. */
int rcb_inflate_small(const unsigned char *in, size_t inlen, unsigned char *out, size_t outlen);

#endif
