/* test_lockspin.c: core/lockspin.c, the wrapper rcb's static link puts in
 * front of every pthread_mutex_init (-Wl,--wrap=pthread_mutex_init).
 *
 * This test is linked without --wrap, so it calls the wrapper directly and
 * stands in for the C library's function (__real_pthread_mutex_init below):
 * the stand-in records the attributes the wrapper passed on, then creates
 * the mutex with them.  In a worker (rcb_worker_adaptive_mutexes set) a
 * mutex created without attributes must be adaptive; otherwise, and for a
 * caller's own attributes, the call must pass through unchanged. */
#define _GNU_SOURCE /* PTHREAD_MUTEX_ADAPTIVE_NP */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>

#include "worker.h"

int __real_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a);
int __wrap_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a);

static int calls;     /* calls of the stand-in */
static int got_attr;  /* the last call had attributes */
static int got_type;  /* and their type */

int __real_pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	calls++;
	got_attr = a != NULL;
	got_type = -1;
	if (a && pthread_mutexattr_gettype(a, &got_type) != 0)
		got_type = -2;
	return pthread_mutex_init(m, a);
}

/* A mutex created with attributes a through the wrapper: the type the C
 * library was asked for (-1: none, the default), checked to work. */
static int type_through_wrapper(const pthread_mutexattr_t *a)
{
	pthread_mutex_t m;
	int before = calls;
	assert_int_equal(__wrap_pthread_mutex_init(&m, a), 0);
	assert_int_equal(calls, before + 1);
	assert_int_equal(pthread_mutex_lock(&m), 0);
	assert_int_equal(pthread_mutex_unlock(&m), 0);
	assert_int_equal(pthread_mutex_destroy(&m), 0);
	return got_attr ? got_type : -1;
}

/* Outside a worker: libgit2's pthread_mutex_init(m, NULL) is unchanged. */
static void test_outside_a_worker_the_default_mutex(void **state)
{
	(void)state;
	atomic_store(&rcb_worker_adaptive_mutexes, 0);
	assert_int_equal(type_through_wrapper(NULL), -1);
}

/* In a worker: "the mutexes libgit2 creates then spin before they sleep"
 * (worker.h) -- they are adaptive. */
static void test_in_a_worker_a_mutex_without_attributes_is_adaptive(void **state)
{
	(void)state;
	atomic_store(&rcb_worker_adaptive_mutexes, 1);
#ifdef __GLIBC__
	assert_int_equal(type_through_wrapper(NULL), PTHREAD_MUTEX_ADAPTIVE_NP);
#else
	assert_int_equal(type_through_wrapper(NULL), -1); /* no adaptive type here */
#endif
	atomic_store(&rcb_worker_adaptive_mutexes, 0);
}

/* A caller's own attributes (a recursive mutex) are never replaced. */
static void test_a_callers_attributes_are_kept(void **state)
{
	(void)state;
	pthread_mutexattr_t a;
	assert_int_equal(pthread_mutexattr_init(&a), 0);
	assert_int_equal(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), 0);
	atomic_store(&rcb_worker_adaptive_mutexes, 1);
	assert_int_equal(type_through_wrapper(&a), PTHREAD_MUTEX_RECURSIVE);
	atomic_store(&rcb_worker_adaptive_mutexes, 0);
	pthread_mutexattr_destroy(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outside_a_worker_the_default_mutex),
		cmocka_unit_test(test_in_a_worker_a_mutex_without_attributes_is_adaptive),
		cmocka_unit_test(test_a_callers_attributes_are_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
