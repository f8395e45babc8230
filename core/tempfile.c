/* tempfile.c: temporary files a killed rcb leaves for the next one to
 * sweep (see tempfile.h). */
#include "tempfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

/* A temporary younger than this may be between mkstemp() and flock(). */
#define GRACE_SECONDS 5

static const char *const companions[] = { "-journal", "-wal", "-shm" };
#define N_COMPANIONS (sizeof companions / sizeof companions[0])

int rcb_temp_create(rcb_temp *t, const char *near, const char *tag)
{
	rcb_buf b = RCB_BUF_INIT;
	int fd;

	t->path = NULL;
	t->fd = -1;
	if (rcb_buf_printf(&b, "%s.%s-XXXXXX", near, tag) < 0)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	if ((fd = mkstemp(b.ptr)) < 0) {
		int rc = rcb_error_set(RCB_EIO, "cannot create a temporary file beside %s: %s", near, strerror(errno));
		rcb_buf_free(&b);
		return rc;
	}
	/* mkstemp gives 0600 already; fchmod only guards an odd libc.  The
	 * lock is taken at once: GRACE_SECONDS covers the gap. */
	if (fchmod(fd, 0600) != 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int rc = rcb_error_set(RCB_EIO, "cannot lock the temporary file %s: %s", b.ptr, strerror(errno));
		close(fd);
		unlink(b.ptr);
		rcb_buf_free(&b);
		return rc;
	}
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	t->fd = fd;
	t->path = rcb_buf_detach(&b);
	return 0;
}

/* Unlink name in dirfd when it is a regular file of ours (never a
 * symlink's target, never another user's file). */
static int unlink_ours(int dirfd, const char *name)
{
	struct stat sb;

	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode) || sb.st_uid != geteuid())
		return 0;
	return unlinkat(dirfd, name, 0) == 0;
}

/* Unlink path and its companions path-journal, path-wal, path-shm. */
static int unlink_with_companions(int dirfd, const char *path)
{
	char name[4096];
	int n = unlink_ours(dirfd, path);

	for (size_t i = 0; i < N_COMPANIONS; i++)
		if ((size_t)snprintf(name, sizeof name, "%s%s", path, companions[i]) < sizeof name)
			n += unlink_ours(dirfd, name);
	return n;
}

void rcb_temp_release(rcb_temp *t, int remove)
{
	if (t->path && remove)
		unlink_with_companions(AT_FDCWD, t->path);
	if (t->fd >= 0)
		close(t->fd); /* drops the flock */
	free(t->path);
	t->path = NULL;
	t->fd = -1;
}

/* "XXXXXX" as mkstemp fills it: six of [A-Za-z0-9]. */
static int is_stamp(const char *s)
{
	for (int i = 0; i < 6; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

/* True when name is PREFIX.TAG-XXXXXX exactly (prefix may be any text
 * when prefix is NULL, but not empty). */
static int is_temp_name(const char *name, const char *prefix, const char *tag)
{
	size_t n = strlen(name), t = strlen(tag), p;

	if (n < t + 8) /* ".TAG-XXXXXX" plus at least nothing */
		return 0;
	p = n - t - 8; /* where '.' must be */
	if (name[p] != '.' || strncmp(name + p + 1, tag, t) != 0 || name[p + 1 + t] != '-' ||
	    !is_stamp(name + p + 2 + t))
		return 0;
	if (prefix)
		return p == strlen(prefix) && strncmp(name, prefix, p) == 0;
	return p > 0;
}

/* Remove temporary `name` in dirfd when nobody holds it, it is ours and
 * old enough.  Files removed. */
static int sweep_one(int dirfd, const char *name)
{
	struct stat sb;
	int fd, n = 0;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
	    sb.st_mtime + GRACE_SECONDS < time(NULL) &&
	    flock(fd, LOCK_EX | LOCK_NB) == 0)
		n = unlink_with_companions(dirfd, name);
	close(fd); /* drops the flock, if taken */
	return n;
}

/* The directory part of path ("." when none) into dir. */
static int split(char *dir, size_t size, const char **base, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*base = path;
		return snprintf(dir, size, ".") < (int)size ? 0 : -1;
	}
	*base = slash + 1;
	if (slash == path)
		return snprintf(dir, size, "/") < (int)size ? 0 : -1;
	return (size_t)(slash - path) < size ? (snprintf(dir, size, "%.*s", (int)(slash - path), path), 0) : -1;
}

/* A companion "PREFIX.TAG-XXXXXX-journal" (or -wal, -shm) whose main file
 * is gone (its creator died between the unlinks): removed when old. */
static int sweep_orphan(int dirfd, const char *name, const char *prefix, const char *tag)
{
	char main_name[4096];
	size_t n = strlen(name);
	struct stat sb;

	for (size_t i = 0; i < N_COMPANIONS; i++) {
		size_t c = strlen(companions[i]);
		if (n <= c || n - c >= sizeof main_name || strcmp(name + n - c, companions[i]) != 0)
			continue;
		memcpy(main_name, name, n - c);
		main_name[n - c] = '\0';
		if (!is_temp_name(main_name, prefix, tag) || fstatat(dirfd, main_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 ||
		    errno != ENOENT)
			return 0;
		if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_uid == geteuid() && sb.st_mtime + GRACE_SECONDS < time(NULL))
			return unlinkat(dirfd, name, 0) == 0;
		return 0;
	}
	return 0;
}

/* Sweep dir: prefix NULL takes any name before ".TAG-XXXXXX", so TAG must
 * be a name only rcb uses. */
static int sweep(const char *dir, const char *prefix, const char *tag)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (is_temp_name(e->d_name, prefix, tag))
			n += sweep_one(dirfd(d), e->d_name);
		else
			n += sweep_orphan(dirfd(d), e->d_name, prefix, tag);
	}
	closedir(d);
	return n;
}

int rcb_temp_sweep_near(const char *near, const char *tag)
{
	char dir[4096];
	const char *base;

	if (split(dir, sizeof dir, &base, near) < 0 || *base == '\0')
		return 0;
	return sweep(dir, base, tag);
}

int rcb_temp_sweep_dir(const char *dir, const char *tag)
{
	return sweep(dir, NULL, tag);
}
