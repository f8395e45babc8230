/* prog.h: running a helper program (gpg, ssh-keygen) with a fixed argv,
 * never a shell, with a time limit; and private temporary files for what
 * it reads.  Nothing from a note or the database ever becomes an argument
 * that could be read as an option or a command (callers pass paths rcb
 * made itself). */
#ifndef RCB_PROG_H
#define RCB_PROG_H

#include <stddef.h>

#include "buf.h"

/* The full path of program prog on $PATH (absolute entries only; default
 * /usr/bin:/bin) into buf; 0, or -1 when it is not there. */
int rcb_prog_find(const char *prog, char *buf, size_t size);

/* Write len bytes to a new private file (mode 0600) under $TMPDIR (or
 * /tmp) named rcb-<tag>.XXXXXX; its path into path.  0 or -1. */
int rcb_prog_temp(char *path, size_t size, const char *tag, const char *data, size_t len);

/* Run argv[0] (a full path) with stdin from in_path (NULL: /dev/null),
 * its stdout (and stderr when merge_err, else stderr to /dev/null) into
 * out, at most 64 KiB kept.  Waits at most timeout_ms, then kills it.
 * Returns its exit status (0..255), or -1 when it could not be run, was
 * killed or timed out. */
int rcb_prog_run(char *const argv[], const char *in_path, int merge_err, rcb_buf *out, int timeout_ms);

#endif
