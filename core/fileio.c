/* fileio.c: atomic, private file writes (see fileio.h). */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "tempfile.h"

/* What an output file may never replace: a database (rcb's, a backup, a
 * kept copy: anything beginning with SQLite's header) or an SQLite
 * companion, and nothing that is not a regular file.  0 or RCB_EINVAL. */
static int replaceable(const char *path)
{
	static const char *const companions[] = {"-wal", "-shm", "-journal"};
	size_t n = strlen(path);
	struct stat sb;
	char hdr[16];
	ssize_t got;
	int fd;

	if (lstat(path, &sb) != 0)
		return 0; /* a new file */
	if (!S_ISREG(sb.st_mode))
		return rcb_error_set(RCB_EINVAL, "%s is not a regular file; rcb writes only regular files", path);
	for (size_t i = 0; i < sizeof companions / sizeof *companions; i++) {
		size_t c = strlen(companions[i]);
		if (n > c && strcmp(path + n - c, companions[i]) == 0)
			return rcb_error_set(RCB_EINVAL, "%s may be a database's %s file; rcb does not write over it", path,
					     companions[i] + 1);
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW)) < 0)
		return 0; /* unreadable: the rename decides */
	got = read(fd, hdr, sizeof hdr);
	close(fd);
	if (got == (ssize_t)sizeof hdr && memcmp(hdr, "SQLite format 3", 16) == 0)
		return rcb_error_set(RCB_EINVAL, "%s is an SQLite database; rcb never writes over a database", path);
	return 0;
}

int rcb_file_write_atomic(const char *path, const char *data, size_t len)
{
	rcb_temp tmp = RCB_TEMP_INIT;
	int ok = 0, e = 0, rc;
	size_t off = 0;

	if (path == NULL || *path == '\0')
		return rcb_error_set(RCB_EINVAL, "no file name given");
	if ((rc = replaceable(path)) < 0)
		return rc;
	rcb_temp_sweep_near(path, "tmp"); /* what a killed rcb left (attacks.md 72) */
	if ((rc = rcb_temp_create(&tmp, path, "tmp")) < 0)
		return rc;
	while (off < len) {
		ssize_t n = write(tmp.fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	ok = off == len && fsync(tmp.fd) == 0;
	e = ok ? 0 : errno;
	ok = ok && rename(tmp.path, path) == 0;
	if (!ok && !e)
		e = errno;
	rcb_temp_release(&tmp, !ok);
	if (!ok)
		return rcb_error_set(RCB_EIO, "cannot write %s: %s", path, strerror(e ? e : EIO));
	return 0;
}

int rcb_file_read(char **out, size_t *len, const char *path, size_t max)
{
	struct stat sb;
	char *buf = NULL;
	size_t n = 0;
	int fd;

	*out = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO put in the file's place must not hang the open */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return rcb_error_set(RCB_EIO, "cannot read %s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > max) {
		close(fd);
		return rcb_error_set(RCB_EIO, "cannot read %s: %s", path,
				     !S_ISREG(sb.st_mode) ? "not a regular file" : "too large");
	}
	if (!(buf = malloc((size_t)sb.st_size + 1))) {
		close(fd);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	while (n < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)sb.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}
