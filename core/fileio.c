/* fileio.c: atomic, private file writes (see fileio.h). */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

int rcb_file_write_atomic(const char *path, const char *data, size_t len)
{
	rcb_buf tmp = RCB_BUF_INIT;
	int fd, ok = 0, e = 0;

	if (path == NULL || *path == '\0')
		return rcb_error_set(RCB_EINVAL, "no file name given");
	if (rcb_buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0)
		return RCB_ENOMEM;
	fd = open(rcb_buf_cstr(&tmp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0) {
		size_t off = 0;
		while (off < len) {
			ssize_t n = write(fd, data + off, len - off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			off += (size_t)n;
		}
		ok = off == len && fsync(fd) == 0;
		e = errno;
		ok = close(fd) == 0 && ok;
		ok = ok && rename(rcb_buf_cstr(&tmp), path) == 0;
		if (!ok) {
			e = e ? e : errno;
			unlink(rcb_buf_cstr(&tmp));
		}
	} else {
		e = errno;
	}
	rcb_buf_free(&tmp);
	if (!ok)
		return rcb_error_set(RCB_EIO, "cannot write %s: %s", path, strerror(e ? e : EIO));
	return 0;
}
