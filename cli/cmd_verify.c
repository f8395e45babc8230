/* cmd_verify.c: rcb verify — check a release against its git repository
 * (12.9, 12.8; core/verify.h, core/verify_store.h).
 *
 *   verify COMPONENT@VERSION [--repo PATH] [--json]
 *       the release in the register; the run is stored with the release's
 *       history, and drift since the latest decision is named
 *   verify --notes FILE --repo PATH [--json]
 *       a note file, no database
 *
 *   verify --meeting ID | --all [--component C] [--json]
 *       every release on a meeting's agenda, or in the register (of one
 *       component), in one process and in parallel across repositories;
 *       a progress bar on stderr when it is a terminal, then one table;
 *       exit 1 when a release failed or could not be verified
 *
 * Output: one line per check, "STATUS  CHECK-NAME  detail", under a check
 * that failed or warned a "next:" line (what the board can do, with its
 * section: rcb_check_advice), then a summary
 * line (and drift lines); --json prints one object instead:
 *   {"release": ..., "result": "pass|warn|fail", "checks": [{"name": ...,
 *    "status": "pass|warn|fail|skip", "detail": ...}, ...]}
 * Exit 0 when no check failed, 1 when one did, 2 when the repository or
 * the release cannot be read (or usage).
 *
 * A component with a remote source (core/source.h) is verified against
 * rcb's mirror: fetched first when older than $RCB_FETCH_MAX_AGE (600 s;
 * --fetch always, --offline never), and a "source" line says which URL and
 * when it was fetched (on stderr with --json). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_util.h"
#include "export.h"
#include "clock.h"
#include "source.h"
#include "verify.h"
#include "verify_store.h"
#include "worker.h"

/* "; run N stored", or why it was not */
static void print_stored(const rcb_verify_report *rep)
{
	if (rep->run_id)
		printf("; run %lld stored", (long long)rep->run_id);
	else if (rep->read_only)
		printf("; not stored: read-only");
}

static void print_text(const rcb_verify_report *rep)
{
	const rcb_verify_result *r = rep->result;
	size_t count[4] = {0, 0, 0, 0};

	for (size_t i = 0; i < r->n; i++) {
		const rcb_check *c = &r->checks[i];
		count[c->status]++;
		cli_printf(stdout, "%s  %-12s  %s\n", rcb_check_status_label(c->status), c->name, c->detail);
		if (rcb_check_advice(c)) /* what the board can do next (issue 16) */
			cli_printf(stdout, "      next: %s\n", rcb_check_advice(c));
	}
	cli_printf(stdout, "%s: %s (%zu passed, %zu warning%s, %zu failed, %zu skipped)", r->label,
		   rcb_check_status_name(r->overall), count[RCB_CHECK_PASS], count[RCB_CHECK_WARN],
		   count[RCB_CHECK_WARN] == 1 ? "" : "s", count[RCB_CHECK_FAIL], count[RCB_CHECK_SKIP]);
	print_stored(rep);
	fputc('\n', stdout);
	if (!rep->decision_id)
		return;
	cli_printf(stdout, "drift since the %s decision of %s", rep->decision_outcome, rep->decision_at);
	if (!rep->basis_run_id) {
		printf(": that decision relied on no verification run\n");
		return;
	}
	printf(" (run %lld): ", (long long)rep->basis_run_id);
	if (rep->ndrift == 0)
		printf("none\n");
	for (size_t i = 0; i < rep->ndrift; i++)
		cli_printf(stdout, "%s %s -> %s%s", rep->drift[i].name, rcb_check_status_name(rep->drift[i].then),
			   rcb_check_status_name(rep->drift[i].now), i + 1 < rep->ndrift ? ", " : "\n");
}

/* ------------------------------------------------ verify --meeting / --all */

/* The progress bar, on stderr and only on a terminal. */
static void many_progress(void *ctx, size_t done, size_t total, const char *label)
{
	char bar[31];
	size_t fill = total ? done * (sizeof bar - 1) / total : sizeof bar - 1;
	(void)ctx;
	memset(bar, ' ', sizeof bar - 1);
	memset(bar, '#', fill);
	bar[sizeof bar - 1] = '\0';
	fputs("\r\033[K", stderr);
	cli_printf(stderr, "verifying [%s] %zu/%zu %.40s", bar, done, total, label);
	fflush(stderr);
}

/* Passed, warnings, failed, skipped of one result. */
static void many_counts(const rcb_verify_result *r, size_t count[4])
{
	count[0] = count[1] = count[2] = count[3] = 0;
	for (size_t k = 0; k < r->n; k++)
		count[r->checks[k].status]++;
}

/* One summary table: a row per release, then a total line.  Returns the
 * exit code: 1 when a release failed or could not be verified. */
static int many_table(const rcb_verify_many *m)
{
	size_t nres[4] = {0, 0, 0, 0}, nerr = 0;
	int w = 7;
	for (size_t i = 0; i < m->n; i++)
		if (cli_width(m->items[i].label) > w)
			w = cli_width(m->items[i].label) > 60 ? 60 : cli_width(m->items[i].label);
	cli_printf(stdout, "%-*s  %-6s  %4s %4s %4s %4s  %s\n", w, "RELEASE", "RESULT", "PASS", "WARN", "FAIL", "SKIP",
		   "FAILED CHECKS / ERROR");
	for (size_t i = 0; i < m->n; i++) {
		const rcb_verify_many_item *it = &m->items[i];
		size_t c[4];
		if (!it->rep) {
			nerr++;
			cli_printf(stdout, "%-*.60s  %-6s  %4s %4s %4s %4s  %s\n", w, it->label, "error", "-", "-", "-", "-",
				   it->error);
			continue;
		}
		many_counts(it->rep->result, c);
		nres[it->rep->result->overall]++;
		cli_printf(stdout, "%-*.60s  %-6s  %4zu %4zu %4zu %4zu  ", w, it->label,
			   rcb_check_status_name(it->rep->result->overall), c[0], c[1], c[2], c[3]);
		for (size_t k = 0, nf = 0; k < it->rep->result->n; k++)
			if (it->rep->result->checks[k].status == RCB_CHECK_FAIL)
				cli_printf(stdout, "%s%s", nf++ ? ", " : "", it->rep->result->checks[k].name);
		putchar('\n');
	}
	cli_printf(stdout, "%zu release%s over %zu repositor%s: %zu passed, %zu with warnings, %zu failed, %zu not verified; %s\n",
		   m->n, m->n == 1 ? "" : "s", m->nrepos, m->nrepos == 1 ? "y" : "ies", nres[RCB_CHECK_PASS] + nres[RCB_CHECK_SKIP],
		   nres[RCB_CHECK_WARN], nres[RCB_CHECK_FAIL], nerr,
		   m->read_only ? "not stored: read-only" : m->n - nerr ? "runs stored" : "nothing stored");
	return nres[RCB_CHECK_FAIL] || nerr ? CLI_PROBLEMS : CLI_OK;
}

/* --json: {"releases": [each run's object, or {"release": L, "result":
 * "error", "error": MSG}], "result": "pass|warn|fail|error"}. */
static int many_json(const rcb_verify_many *m)
{
	rcb_buf b = RCB_BUF_INIT;
	int rc = rcb_buf_puts(&b, "{\"releases\": ["), worst = RCB_CHECK_PASS, err = 0;
	for (size_t i = 0; i < m->n && rc == 0; i++) {
		const rcb_verify_many_item *it = &m->items[i];
		rc |= i ? rcb_buf_puts(&b, ", ") : 0;
		if (it->rep) {
			rc |= rcb_verify_json(&b, it->rep->result);
			if (it->rep->result->overall == RCB_CHECK_FAIL ||
			    (it->rep->result->overall == RCB_CHECK_WARN && worst == RCB_CHECK_PASS))
				worst = it->rep->result->overall;
			continue;
		}
		err = 1;
		rc |= rcb_buf_puts(&b, "{\"release\": ") | rcb_json_string(&b, it->label, strlen(it->label));
		rc |= rcb_buf_puts(&b, ", \"result\": \"error\", \"error\": ") |
		      rcb_json_string(&b, it->error, strlen(it->error)) | rcb_buf_puts(&b, "}");
	}
	rc |= rcb_buf_printf(&b, "], \"result\": \"%s\"}", err ? "error" : rcb_check_status_name(worst));
	if (rc < 0) {
		rcb_buf_free(&b);
		return cli_error("out of memory");
	}
	/* every string escaped: rcb_verify_json(), rcb_json_string() */
	fwrite(b.ptr, 1, b.len, stdout);
	putchar('\n');
	rcb_buf_free(&b);
	return err || worst == RCB_CHECK_FAIL ? CLI_PROBLEMS : CLI_OK;
}

/* rcb verify --meeting ID | --all [--component C] [--json] */
static int verify_many_cmd(rcb_cli *cli, const char *meeting, const char *component, unsigned flags, int json)
{
	rcb_verify_many *m = NULL;
	rcb_store *st;
	int64_t id = 0;
	int rc, bar = isatty(STDERR_FILENO);
	if (meeting && cli_parse_id("meeting", meeting, &id) < 0)
		return cli_core_error();
	rcb_worker_forker_start(); /* before the database: the workers fork from a small process */
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	rc = meeting ? rcb_verify_meeting(&m, st, id, flags, bar ? many_progress : NULL, NULL)
		     : rcb_verify_all(&m, st, component, flags, bar ? many_progress : NULL, NULL);
	if (bar)
		fputs("\r\033[K", stderr);
	if (rc < 0)
		return cli_core_error();
	rc = json ? many_json(m) : many_table(m);
	rcb_verify_many_free(m);
	return rc;
}

enum { FETCH_IF_OLD, FETCH_ALWAYS, FETCH_NEVER };

/* Issue 18: fetch the release's remote source first when its mirror is
 * older than the limit (or always / never), and say which URL was read and
 * when it was fetched.  A failed fetch is reported and the mirror used, with
 * its age; without any mirror there is nothing to verify (CLI_ERROR). */
static int fetch_before_verify(rcb_store *st, const char *ref, int mode, FILE *out)
{
	char comp[80], age[40];
	size_t n = strcspn(ref, "@");
	rcb_source_info si;
	rcb_source_report *rep = NULL;
	int64_t max_age;

	if (n >= sizeof comp || !ref[n])
		return 0;
	memcpy(comp, ref, n);
	comp[n] = '\0';
	if (rcb_source_info_get(st, comp, &si) < 0 || !si.remote) {
		rcb_error_clear(); /* the verification names what is wrong */
		return 0;
	}
	if (rcb_source_max_age(&max_age) < 0)
		return cli_core_error();
	if (mode == FETCH_ALWAYS || (mode == FETCH_IF_OLD && (si.age_s < 0 || si.age_s > max_age))) {
		if (rcb_source_fetch_sync(st, comp, 0, NULL, &rep) < 0)
			cli_error("fetch %s: %s", comp, rcb_error_msg());
		for (size_t i = 0; rep && i < rep->nchanges; i++)
			if (rep->changes[i].kind != RCB_TAG_NEW && rep->changes[i].release[0])
				cli_printf(out, "source: %s: tag %s moved at the source: %s -> %s\n", rep->changes[i].release,
					   rep->changes[i].tag, rep->changes[i].old_target,
					   rep->changes[i].new_target[0] ? rep->changes[i].new_target : "(deleted)");
		rcb_source_report_free(rep);
		if (rcb_source_info_get(st, comp, &si) < 0)
			return cli_core_error();
	}
	if (!si.fetched_at[0])
		return cli_error("%s has never been fetched from %s: no mirror to verify against (rcb fetch %s)", comp,
				 si.url, comp);
	rcb_age_format(age, sizeof age, si.age_s);
	cli_printf(out, "source: %s, fetched %s (%s ago)%s\n", si.url, si.fetched_at, age,
		   si.last_error[0] ? "; the last fetch failed: verifying against the mirror as it was" : "");
	return 0;
}

int cmd_verify(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"repo", required_argument, NULL, 'r'},
		{"notes", required_argument, NULL, 'n'},
		{"json", no_argument, NULL, 'j'},
		{"no-commit-graph", no_argument, NULL, 'G'},
		{"meeting", required_argument, NULL, 'm'},
		{"all", no_argument, NULL, 'a'},
		{"component", required_argument, NULL, 'c'},
		{"fetch", no_argument, NULL, 'F'},
		{"offline", no_argument, NULL, 'O'},
		{NULL, 0, NULL, 0},
	};
	int fetch = FETCH_IF_OLD;
	const char *repo = NULL, *notes = NULL, *ref = NULL, *meeting = NULL, *component = NULL;
	int all = 0;
	unsigned flags = 0;
	int json = 0, opt, rc;
	rcb_verify_report *rep = NULL;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (opt) {
		case 'r': repo = optarg; break;
		case 'n': notes = optarg; break;
		case 'j': json = 1; break;
		case 'G': flags |= RCB_VERIFY_NO_COMMIT_GRAPH; break;
		case 'm': meeting = optarg; break;
		case 'a': all = 1; break;
		case 'c': component = optarg; break;
		case 'F': fetch = FETCH_ALWAYS; break;
		case 'O': fetch = FETCH_NEVER; break;
		default: return cli_usage("verify");
		}
	}
	if (meeting || all || component) {
		if (optind != argc || notes || repo || (meeting && (all || component)) || (component && !all))
			return cli_usage("verify");
		return verify_many_cmd(cli, meeting, component, flags, json);
	}
	if (notes) {
		if (optind != argc)
			return cli_usage("verify");
		if (!repo || !*repo)
			return cli_error("verify --notes needs --repo PATH");
		rc = rcb_verify_notes_file(&rep, notes, repo, flags, NULL, NULL);
	} else {
		rcb_store *st;
		if (optind != argc - 1)
			return cli_usage("verify");
		ref = argv[optind];
		if ((st = cli_store(cli)) == NULL)
			return CLI_ERROR;
		if (!repo && fetch_before_verify(st, ref, fetch, json ? stderr : stdout) != 0)
			return CLI_ERROR;
		rc = rcb_verify_release(&rep, st, ref, repo, flags, NULL, NULL);
	}
	if (rc < 0)
		return cli_core_error();
	if (json) {
		rcb_buf b = RCB_BUF_INIT;
		if (rcb_verify_json(&b, rep->result) < 0) {
			rcb_verify_report_free(rep);
			return cli_core_error();
		}
		/* rcb_verify_json() escapes every string (rcb_json_string()) */
		fwrite(b.ptr, 1, b.len, stdout);
		putchar('\n');
		rcb_buf_free(&b);
	} else {
		print_text(rep);
	}
	rc = rep->result->overall == RCB_CHECK_FAIL ? CLI_PROBLEMS : CLI_OK;
	rcb_verify_report_free(rep);
	return rc;
}
