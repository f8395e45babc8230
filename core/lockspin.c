/* lockspin.c: libgit2's mutexes spin before they sleep, in a worker.
 *
 * A verification reads one repository on three threads (the history, its
 * read-ahead, the Bill of Materials), each through its own git_odb, but
 * the packs are shared, and libgit2 (1.5) takes a pack's mutexes, the
 * global window list's and the delta-base cache's several times for every
 * object it reads, each held for a fraction of a microsecond.  A default
 * glibc mutex that finds the lock taken puts the thread to sleep at once:
 * perf's sched_switch showed ~1,800 sleeps and wake-ups in one 20,000-
 * commit verification, each costing more than the read it waited for.  An
 * adaptive mutex (PTHREAD_MUTEX_ADAPTIVE_NP, glibc: the same semantics as
 * the default type, no error checking, no recursion) spins a little
 * first, and the lock is free again before the spin ends.
 *
 * libgit2 creates its mutexes with pthread_mutex_init(m, NULL); rcb's
 * static link (Makefile, STATIC=1) passes -Wl,--wrap=pthread_mutex_init,
 * so that every such call in the linked archives comes here, and this
 * file is linked only then (nothing else in rcb refers to it;
 * tests/unit/test_lockspin.c calls it directly).  Outside a worker
 * (rcb_worker_adaptive_mutexes unset) and for a caller that passes its
 * own attributes, the call is the C library's, unchanged. */
#define _GNU_SOURCE /* PTHREAD_MUTEX_ADAPTIVE_NP */
#include <pthread.h>
#include <stdatomic.h>

#include "worker.h"

int __real_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a);
int __wrap_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a);

/* glibc's PTHREAD_MUTEX_ADAPTIVE_NP is an enum constant, not a macro, so
 * it cannot be tested with #ifdef (that made this function a bare call of
 * the C library's, test_lockspin.c); the static initializer beside it,
 * defined by the same _GNU_SOURCE, is a macro. */
int __wrap_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
#ifdef PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP
	pthread_mutexattr_t adaptive;
	int rc;
	if (a || !atomic_load(&rcb_worker_adaptive_mutexes) || pthread_mutexattr_init(&adaptive) != 0)
		return __real_pthread_mutex_init(m, a);
	rc = pthread_mutexattr_settype(&adaptive, PTHREAD_MUTEX_ADAPTIVE_NP) == 0
		     ? __real_pthread_mutex_init(m, &adaptive)
		     : __real_pthread_mutex_init(m, NULL);
	pthread_mutexattr_destroy(&adaptive);
	return rc;
#else
	return __real_pthread_mutex_init(m, a);
#endif
}
