/* fuzz.h: what the libFuzzer targets share (header only: each target is
 * one tests/fuzz/fuzz_NAME.c linked with build-fuzz/librcb.a, see the
 * Makefile's FUZZ_* rules).  A violated invariant aborts, which libFuzzer
 * reports as a crash with the input that caused it. */
#ifndef RCB_FUZZ_H
#define RCB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* libFuzzer's entry point, defined by each target. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The invariant c holds, or the target crashes. */
#define CHECK(c) do { if (!(c)) abort(); } while (0)

/* The input p[0..n) as a C string the caller free()s (bytes after a NUL
 * are cut off, as in argv). */
static inline char *cstr(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);
	if (s == NULL)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

#endif
