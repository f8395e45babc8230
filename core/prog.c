/* prog.c: helper programs and their temporary files (prog.h). */
#include "prog.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define CAPTURE_MAX 65536

int rcb_prog_find(const char *prog, char *buf, size_t size)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/bin:/bin";
	while (*path) {
		const char *c = strchr(path, ':');
		size_t l = c ? (size_t)(c - path) : strlen(path);
		/* a relative entry ("." or "") would run whatever sits in the
		 * current directory: absolute entries only */
		if (l && path[0] == '/') {
			int w = snprintf(buf, size, "%.*s/%s", (int)l, path, prog);
			struct stat st;
			if (w > 0 && (size_t)w < size && access(buf, X_OK) == 0 && stat(buf, &st) == 0 &&
			    S_ISREG(st.st_mode))
				return 0;
		}
		path += l + (c ? 1 : 0);
	}
	return -1;
}

int rcb_prog_temp(char *path, size_t size, const char *tag, const char *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (!dir || dir[0] != '/')
		dir = "/tmp";
	if (snprintf(path, size, "%s/rcb-%s.XXXXXX", dir, tag) >= (int)size)
		return -1;
	if ((fd = mkstemp(path)) < 0)
		return -1;
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			unlink(path);
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	if (close(fd) < 0) {
		unlink(path);
		return -1;
	}
	return 0;
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Read the child's output until it closes or the time is up (then kill). */
static void drain(int fd, pid_t pid, rcb_buf *out, int timeout_ms)
{
	struct timespec t0;
	char buf[4096];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		long left = timeout_ms - elapsed_ms(&t0);
		int pr;
		ssize_t n;
		if (left <= 0 || (pr = poll(&p, 1, (int)left)) == 0) {
			kill(pid, SIGKILL);
			return;
		}
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0) {
			kill(pid, SIGKILL);
			return;
		}
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		if (out->len < CAPTURE_MAX)
			rcb_buf_put(out, buf, (size_t)n);
	}
}

int rcb_prog_run(char *const argv[], const char *in_path, int merge_err, rcb_buf *out, int timeout_ms)
{
	posix_spawn_file_actions_t fa;
	int pfd[2], status = 0, spawned;
	pid_t pid;

	if (pipe(pfd) < 0)
		return -1;
	fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
	if (posix_spawn_file_actions_init(&fa) != 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	posix_spawn_file_actions_addopen(&fa, 0, in_path ? in_path : "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	if (merge_err)
		posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
	else
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addclose(&fa, pfd[1]);
	spawned = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) == 0;
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (spawned)
		drain(pfd[0], pid, out, timeout_ms);
	close(pfd[0]);
	if (!spawned)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
