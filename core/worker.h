/* worker.h: every read of a git repository runs in a worker process.
 *
 * A hostile or broken repository must never take the chair's session down
 * (attacks.md B11, B12): libgit2 1.5 crashes on a crafted pack index, a FIFO
 * in place of .git/config or a ref blocks its reads forever, a zlib bomb
 * asks for gigabytes.  So rcb_verify_run_isolated() and
 * rcb_verify_tag_peek_isolated() (verify.h) -- which the register, the
 * command line, the TUI and the Go gate use -- run rcb_verify_run() /
 * rcb_verify_tag_peek() in a child process and get the answer over a pipe.
 * The in-process functions stay for unit tests and fuzzers.
 *
 * Process.  The parent fork()s; the child is the worker.  When the
 * parent has one thread -- rcb's front ends start none (the threads of a
 * verification run only in the worker) -- the child runs
 * rcb_worker_main() at once, in its copy of the parent: no exec, no second
 * dynamic link of ncurses, SQLite, libgit2, mbedtls and libcrypto (with
 * exec, a fifth of a small verification's CPU).  fork() of a one-thread
 * process leaves no lock held by a thread that is gone, so the child may
 * use malloc, stdio and libgit2; it closes every descriptor but its own
 * four (so no database handle: the parent's POSIX locks are the parent's,
 * and closing copies of its descriptors does not release them), resets
 * every signal handler to the default, and ends with _exit() (none of the
 * parent's atexit handlers or stdio buffers run twice).  It starts with
 * the parent's mappings, so its RLIMIT_AS is its own limit on top of the
 * parent's size.  Otherwise -- the parent has threads, or the build has
 * AddressSanitizer, whose leak check at exit must not see a copy of the
 * parent -- the child execs rcb's own binary (/proc/self/exe) with the one
 * private argument RCB_WORKER_ARG; main() passes argc/argv to
 * rcb_worker_dispatch() before anything else.  Between fork and exec the
 * child calls only async-signal-safe functions (dup2, close, setrlimit,
 * sigaction, execve, _exit), since a thread left behind may have held any
 * lock; exec also gives the worker a fresh address space to limit.  The
 * binary is the path /proc/self/exe links to (under valgrind the link
 * itself names valgrind's tool), or /proc/self/exe when that file was
 * deleted.  A binary replaced meanwhile by another rcb speaks its own
 * protocol version: a mismatch is an error, never a misread answer.
 * Either way a hostile repository's reads run in a process of their own.
 * A batch (verify --meeting, --all) and the TUI first start a forker
 * (rcb_worker_forker_start, worker.c says why): a fork of the parent
 * taken before it opens its database, which forks each worker with
 * CLONE_PARENT, so that the worker is the parent's child all the same.
 *
 * Limits, set in the child before it serves:
 *   RLIMIT_AS     $RCB_WORKER_MEM_MB MiB, default 2048 (64 .. 1048576), plus
 *                 the parent's size when forked without exec.  Not
 *                 in an AddressSanitizer build: its shadow memory alone
 *                 needs terabytes of address space.
 *   RLIMIT_CPU    per read, three times the time limit + 5 s more than the
 *                 worker used before (three threads work: the history, its
 *                 second reader and the Bill of Materials; SIGXCPU): the guard while
 *                 the parent is stopped
 *   RLIMIT_CORE   0: a crash leaves no core file of someone's repository
 *   RLIMIT_FSIZE  64 MiB: the worker writes nothing but the temporary files
 *                 of a signature check (gpg, ssh-keygen; verify_sig.c); past the
 *                 limit write() fails (SIGXFSZ is ignored) and the
 *                 signature is reported as not verified.
 * and by the parent: a wall-clock limit, $RCB_WORKER_TIMEOUT seconds
 * (1 .. 86400), default 120 for a verification and 15 for a tag peek; past
 * it the worker is SIGKILLed.  The worker also dies with its parent
 * (PR_SET_PDEATHSIG), and has stdin and stdout on /dev/null (stderr stays,
 * for sanitizer reports).  In the worker, libgit2's allocations are
 * watched: one that fails (the memory limit) turns the answer into an
 * error.  The limits are not a sandbox -- the worker runs as the user --
 * they turn a crash, a hang or a memory hog into a message.
 *
 * Protocol, over one AF_UNIX stream socketpair (the parent sends with
 * MSG_NOSIGNAL, so a dead worker is an error, never a SIGPIPE): frames of
 * one type byte, a 4-byte big-endian length and that many payload bytes.
 * Integers are big-endian; a string is its length (u32), its bytes and a
 * NUL (no NUL inside); an optional string is a byte 0 (absent) or 1 and a
 * string.  The parent sends one request frame:
 *   'V'  verify:   version, memory and time limits, repository, rcb_verify_input
 *   'K'  tag peek: version, memory and time limits, repository, tag
 *   'F'  fetch:    version, memory and time limits, mirror, url, ca_file,
 *                  credential_file (source.h; the worker ends after it)
 * and the worker answers with any number of
 *   'P'  progress: percentage (u8, 0..100), step (printable, < 128 bytes)
 * then exactly one of
 *   'R'  a rcb_verify_result     'T'  a rcb_tag_peek
 *   'G'  the mirror's tags after a fetch (rcb_source_tags)
 *   'E'  an error: code (RCB_E*), message (< 1024 bytes)
 *   'X'  the child could not exec the worker: errno (u32)
 * and waits for the next request (a worker that is out of memory, or was
 * sent a request it cannot read, exits after its answer; all exit, with
 * status 0, when the parent closes the socket).  The parent treats all of
 * it as hostile: each frame type has a maximum length, read incrementally
 * (never allocated from the header alone), every field is range-checked
 * (statuses, 40-hex ids, flags, counts against the bytes left, no
 * trailing bytes), overall must agree with the checks, and anything else
 * is "a malformed answer".
 *
 * What the parent reports, as RCB_EGIT, each message starting with the
 * repository path: the worker crashed (signal N, name), did not answer
 * within N s (a FIFO or a hung filesystem?, or busy: a huge or hostile
 * repository?), used more than N s of CPU, needed more than N MiB, sent a
 * malformed answer, exited without an answer, or could not be started.
 *
 * One worker per repository.  A worker that answered a read of repository
 * R (a result, not an error) is kept idle and serves the next reads of R
 * in this process -- up to 100, at most 8 repositories kept, the least
 * recently used ended first -- so that a command that reads a repository
 * many times (rcb demo, a meeting's gates) starts one worker, not one per
 * read.  A verification worker keeps R open between its verifications
 * (rcb_verify_run_held in verify.h says what is read again).  The worker
 * refuses a request for another repository, so what a
 * hostile R does to its worker touches only R's own answers; a crash, a
 * time-out or a malformed answer ends the worker.  At exit the idle
 * workers are killed (they hold nothing but an open repository) and
 * reaped.
 *
 * Programs that never call rcb_worker_dispatch() (unit tests, fuzzers) have
 * no worker to exec; there the isolated calls run in-process.
 *
 * Ownership: a rcb_verify_job from rcb_verify_job_start() belongs to the
 * caller and is freed with rcb_verify_job_free() (which kills a worker
 * still running); a result from rcb_verify_job_poll() belongs to the
 * caller (rcb_verify_result_free()). */
#ifndef RCB_WORKER_H
#define RCB_WORKER_H

#include <stdatomic.h>

#include "source.h"
#include "verify.h"

/* The private first argument that makes rcb a worker. */
#define RCB_WORKER_ARG "--rcb-worker"

/* Called first thing in main(): when argv is {"rcb", RCB_WORKER_ARG}, runs
 * the worker on descriptor 3 and returns its exit status (>= 0); otherwise
 * records that this program can serve as a worker and returns -1. */
int rcb_worker_dispatch(int argc, char **argv);

/* The worker: serve requests from in_fd, answering on out_fd (the same
 * socket in practice), until the parent closes it; returns the process's
 * exit status (0, or 3 when the socket failed mid-request). */
int rcb_worker_main(int in_fd, int out_fd);

/* Start a verification worker now, before its request, so that its exec
 * and libgit2's set-up overlap the caller's own work (reading the note,
 * the register); the next verification in this process uses it (its time
 * limit starts then).  Never fails (if it cannot start, the verification
 * starts its own).  A caller that may return without verifying calls
 * rcb_worker_prestart_drop(), which kills an unused one. */
void rcb_worker_prestart(void);
void rcb_worker_prestart_drop(void);

/* Start the forker: a small copy of this process that forks the
 * workers from now on (each this process's child all the same), so that
 * this process is not forked again once it holds a database, notes and
 * a page cache -- after each fork every page it writes is copied.  Call
 * it before opening the database, for a batch that will start many
 * workers (verify --meeting, --all) or a session that starts them for
 * hours (the TUI).  Never fails: without it (it could
 * not start, threads, AddressSanitizer) workers are forked
 * here.  It ends at exit. */
void rcb_worker_forker_start(void);

/* The idle worker kept for repo (if any) is killed now, not at exit: a
 * batch whose releases of repo are all done frees its processor and
 * memory while the rest still run (its teardown overlaps them).  It is
 * reaped when its slot is wanted or at exit. */
void rcb_worker_retire(const char *repo);

/* A verification running in a worker, for a caller that must not block
 * (the TUI: poll rcb_verify_job_fd() with its own input, cancel with Esc). */
typedef struct rcb_verify_job rcb_verify_job;

/* Start verifying in a worker (the arguments as rcb_verify_run(); in is
 * copied, nothing is borrowed past the call).  Returns 0 with *out set, or
 * RCB_EINVAL (a bad $RCB_WORKER_TIMEOUT / $RCB_WORKER_MEM_MB), RCB_ENOMEM,
 * RCB_EGIT (no worker could be started). */
int rcb_verify_job_start(rcb_verify_job **out, const char *repo_path, const rcb_verify_input *in);

/* The descriptor to poll (-1 when the job runs in-process), and the
 * events to poll it for: POLLIN, and POLLOUT while the request is still
 * being sent (a large Bill of Materials fills the socket's buffer; a
 * caller that polled for input alone would wait for nothing). */
int rcb_verify_job_fd(const rcb_verify_job *job);
short rcb_verify_job_events(const rcb_verify_job *job);

/* Let the job make progress for at most timeout_ms (-1: until it ends),
 * calling progress (may be NULL) for each progress message.  Returns 0
 * while it is still running, 1 when it finished with *out set (owned by
 * the caller), or a negative code with the error record set (the worker
 * failed or answered with an error).  After 1 or an error, only
 * rcb_verify_job_free() is allowed. */
int rcb_verify_job_poll(rcb_verify_job *job, int timeout_ms, rcb_verify_result **out,
			rcb_verify_progress_fn progress, void *ctx);

/* Free a job; a worker still running is killed (SIGKILL) and reaped. */
void rcb_verify_job_free(rcb_verify_job *job);

/* A fetch of url into the bare mirror, in a worker of its own (never an
 * idle one) with timeout_s of wall clock and a 16 GiB file-size limit (the
 * source's pack); request 'F' (mirror as the repository, then url, ca_file
 * and credential_file as optional strings), answer 'G': the mirror's tags
 * as a count (u32, at most RCB_SOURCE_MAX_TAGS) and, for each, its name
 * (at most RCB_SOURCE_MAX_NAME bytes, no control characters) and its
 * target (40 hex).  The worker ends after its answer.  Used by source.c;
 * the same shape as rcb_verify_job. */
typedef struct rcb_fetch_worker rcb_fetch_worker;

int rcb_fetch_worker_start(rcb_fetch_worker **out, const char *mirror, const char *url, const char *ca_file,
			   const char *credential_file, int timeout_s);
int rcb_fetch_worker_fd(const rcb_fetch_worker *j);
/* 0 running, 1 done with *out (owned by the caller), <0 error. */
int rcb_fetch_worker_poll(rcb_fetch_worker *j, int timeout_ms, rcb_source_tags *out, rcb_verify_progress_fn progress,
			  void *ctx);
void rcb_fetch_worker_free(rcb_fetch_worker *j);

/* Set in a worker process before libgit2 starts: the mutexes libgit2
 * creates then spin before they sleep (lockspin.c; rcb's static link
 * only). */
extern atomic_int rcb_worker_adaptive_mutexes;

#endif
