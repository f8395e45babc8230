/* fileio.h: writing files rcb creates (minutes, exports to a file) and
 * reading small files it is handed. */
#ifndef RCB_FILEIO_H
#define RCB_FILEIO_H

#include <stddef.h>

/* Write len bytes of data to path atomically: a private temporary file
 * beside it (mode 0600, whatever the umask), synced, then renamed over
 * path, so a reader never sees half a file and a failure leaves any
 * earlier file as it was.  An existing path that is not a regular file,
 * is an SQLite database (the register, a backup) or an SQLite companion
 * (-wal, -shm, -journal) is never replaced: RCB_EINVAL.  Returns 0 or
 * RCB_EIO naming the path. */
int rcb_file_write_atomic(const char *path, const char *data, size_t len);

/* Read the regular file at path (not a FIFO, device or directory; at most
 * max bytes) into *out, NUL-terminated, owned by the caller (free()), its
 * length in *len.  Returns 0, or RCB_EIO naming the path and why. */
int rcb_file_read(char **out, size_t *len, const char *path, size_t max);

#endif
