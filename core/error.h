/* error.h: rcb's one error record (libgit2 convention).
 *
 * Every fallible core function returns an int: 0 on success, a negative
 * RCB_E* code on failure, having set the thread's error message with
 * rcb_error_set().  The front end reads it once with rcb_error_msg() and
 * prints it in the user's words.  core/ never prints and never exits. */
#ifndef RCB_ERROR_H
#define RCB_ERROR_H

#include <stddef.h>

enum {
	RCB_OK = 0,
	RCB_EINVAL = -1,   /* bad input from the user or a file */
	RCB_ENOTFOUND = -2,/* no such component, release, meeting ... */
	RCB_EEXISTS = -3,  /* already there */
	RCB_EDB = -4,      /* SQLite failed (message says why) */
	RCB_EIO = -5,      /* file system */
	RCB_ENOMEM = -6,
	RCB_EREFUSED = -7, /* a domain rule refused the act (e.g. wrong next version) */
	RCB_EGIT = -8,     /* libgit2 failed or the repository is unusable */
	RCB_EBUSY = -9,    /* the database stayed locked past the busy timeout */
	RCB_EREADONLY = -10 /* the database or disk cannot be written */
};

#if defined(__GNUC__)
#define RCB_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define RCB_PRINTF(a, b)
#endif

/* Set the calling thread's error message (printf format) and return code,
 * so that callers can write `return rcb_error_set(RCB_EINVAL, "...")`. */
int rcb_error_set(int code, const char *fmt, ...) RCB_PRINTF(2, 3);

/* Prefix the current message with "prefix: " (e.g. a file name). */
void rcb_error_prefix(const char *fmt, ...) RCB_PRINTF(1, 2);

/* The calling thread's last message; borrowed, valid until the next
 * rcb_error_set on this thread.  Never NULL ("" when none). */
const char *rcb_error_msg(void);

/* The code the last rcb_error_set on this thread gave (RCB_OK after
 * rcb_error_clear or none). */
int rcb_error_code(void);

void rcb_error_clear(void);

#endif
