/* version.h: 4-part release versions and the four release types.
 *
 * Section 11 of the programme document: MAJOR.MINOR.PATCH.EMERGENCY, each
 * release type increments its own digit and resets the digits after it. */
#ifndef RCB_VERSION_H
#define RCB_VERSION_H

#include <stddef.h>
#include <stdint.h>

/* 10.1: the four release types, in digit order. */
typedef enum {
	RCB_MAJOR = 0,
	RCB_MINOR = 1,
	RCB_PATCH = 2,
	RCB_EMERGENCY = 3
} rcb_reltype;

#define RCB_NRELTYPES 4
#define RCB_VERSION_PART_MAX 2147483647u /* 2^31 - 1 */
#define RCB_VERSION_STRLEN 48            /* buffer for a formatted version */

typedef struct {
	uint32_t part[4]; /* each 0 .. RCB_VERSION_PART_MAX */
} rcb_version;

/* Parse "1.0.2.0": exactly four decimal integers separated by single dots,
 * no sign, no spaces, none above 2^31-1.  Returns 0, or RCB_EINVAL with a
 * message naming what is wrong. */
int rcb_version_parse(rcb_version *out, const char *s);

/* Format into buf (at least RCB_VERSION_STRLEN bytes); returns buf. */
char *rcb_version_format(char *buf, size_t size, const rcb_version *v);

/* <0, 0, >0 as a is older than, equal to or newer than b. */
int rcb_version_cmp(const rcb_version *a, const rcb_version *b);

/* 11: the version a release of type t carries after cur.  cur may be NULL
 * for the first release of a component: the first Major is 1.0.0.0, and the
 * first of any other type counts from 0.0.0.0 (0.1.0.0, ...).  Returns
 * RCB_EINVAL if the digit would pass 2^31-1. */
int rcb_version_next(rcb_version *out, const rcb_version *cur, rcb_reltype t);

/* The release type that turns prev into next, or -1 when next is not
 * next(prev, t) for any t. */
int rcb_version_step_type(const rcb_version *prev, const rcb_version *next);

/* 11, Table 3: the shape of a version of type t -- a Major x.0.0.0, a
 * Minor x.y.0.0, a Patch x.y.z.0, an Emergency x.y.z.w: its own digit
 * non-zero and every digit after it 0.  What a component's first release
 * must have (register.h, rcb_release_sequence).  Returns 0, or RCB_EINVAL
 * with "Release 1.0.3.0 is not a Major version: its first digit must be
 * non-zero and the digits after it 0 (section 11)". */
int rcb_version_shape(const rcb_version *v, rcb_reltype t);

/* Parse "major", "Major", "MAJOR" ...  Returns 0 or RCB_EINVAL. */
int rcb_reltype_parse(rcb_reltype *out, const char *s);

/* "Major" (files and screen) and "major" (command line); static strings. */
const char *rcb_reltype_name(rcb_reltype t);
const char *rcb_reltype_cli(rcb_reltype t);

#endif
