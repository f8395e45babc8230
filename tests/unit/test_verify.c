/* test_verify.c: rcb_verify_run() against fixture repositories that the
 * tests build in temporary directories with the git CLI (tests/gitfix.sh).
 * rcb itself never runs git; only these tests do.
 *
 * The standard repository (gf_release_repo) has releases 1.0.0.0, 1.0.1.0,
 * 1.0.2.0 on main, emergency 1.0.1.1 merged back into 1.0.2.0, and
 * emergency 1.0.1.2 never merged.  Tests that change a repository build
 * their own. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fixture.h"
#include "verify.h"
#include "worker.h"
#define RCB_VERIFY_PART /* readahead_*: core/verify_readahead.c */
#include "verify_internal.h"

static char g_root[4096];
static char g_tmp[1024];   /* the group's temporary directory */
static char g_std[4096];   /* the standard repository */
static int g_n;

/* Run a shell script with tests/gitfix.sh loaded, in directory dir.
 * Output goes to dir/.log (shown on failure). */
static int sh(const char *dir, const char *fmt, ...)
{
	rcb_buf script = RCB_BUF_INIT, cmd = RCB_BUF_INIT;
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rcb_buf_vprintf(&script, fmt, ap);
	va_end(ap);
	setenv("GF_DIR", dir, 1);
	setenv("GF_SCRIPT", rcb_buf_cstr(&script), 1);
	rcb_buf_printf(&cmd, "sh -c '. \"$ROOT/tests/gitfix.sh\" && cd \"$GF_DIR\" && eval \"$GF_SCRIPT\"' "
			     ">\"$GF_DIR/.log\" 2>&1");
	rc = system(rcb_buf_cstr(&cmd));
	if (rc != 0) {
		rcb_buf log = RCB_BUF_INIT;
		rcb_buf_printf(&log, "cat \"%s/.log\" >&2", dir);
		fprintf(stderr, "fixture script failed (%d): %s\n", rc, rcb_buf_cstr(&script));
		if (system(rcb_buf_cstr(&log)) != 0)
			fprintf(stderr, "(no log)\n");
		rcb_buf_free(&log);
	}
	rcb_buf_free(&script);
	rcb_buf_free(&cmd);
	return rc;
}

/* A fresh directory under the group's temp dir; returns a static path. */
static const char *newdir(const char *name)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s/%s.%d", g_tmp, name, ++g_n);
	assert_int_equal(mkdir(path, 0700), 0);
	return path;
}

/* Output of a shell command (first line), for ids. */
static void capture(char *out, size_t size, const char *dir, const char *fmt, ...)
{
	rcb_buf script = RCB_BUF_INIT;
	char file[4200];
	va_list ap;
	FILE *f;
	va_start(ap, fmt);
	rcb_buf_vprintf(&script, fmt, ap);
	va_end(ap);
	snprintf(file, sizeof file, "%s/.out", g_tmp);
	rcb_buf_printf(&script, " >'%s'", file);
	assert_int_equal(sh(dir, "%s", rcb_buf_cstr(&script)), 0);
	rcb_buf_free(&script);
	f = fopen(file, "r");
	assert_non_null(f);
	out[0] = '\0';
	if (!fgets(out, (int)size, f))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

static int group_setup(void **state)
{
	const char *root = getenv("ROOT");
	const char *tmp = getenv("TMPDIR");
	(void)state;
	if (!root || !*root) {
		if (!getcwd(g_root, sizeof g_root))
			return -1;
		setenv("ROOT", g_root, 1);
	} else {
		snprintf(g_root, sizeof g_root, "%s", root);
	}
	snprintf(g_tmp, sizeof g_tmp, "%s/rcb-test-verify.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(g_tmp))
		return -1;
	/* no user configuration, no agent: gpg keys live in the temp dir */
	char home[4200];
	snprintf(home, sizeof home, "%s/home", g_tmp);
	mkdir(home, 0700);
	setenv("HOME", home, 1);
	setenv("GNUPGHOME", home, 1);
	snprintf(g_std, sizeof g_std, "%s/std", g_tmp);
	if (sh(g_tmp, "gf_release_repo std") != 0)
		return -1;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return getenv("KEEP") ? 0 : fx_rmtree(g_tmp);
}

/* The note of release 1.0.2.0 of the standard repository. */
static const char *std_bom_paths[] = {"app/main.c", "app/start.c", "conf/app.conf", "README"};
static const char *std_defects[] = {"DIP-12", "DIP-13", "DIP-20"};
static const rcb_verify_ref std_emerg_ok[] = {{"1.0.1.1", "dip-1.0.1.1"}};
static const rcb_verify_ref std_emerg_all[] = {{"1.0.1.1", "dip-1.0.1.1"}, {"1.0.1.2", "dip-1.0.1.2"}};

/* An input naming only the release's version, its tag and the previous
 * release's tag (NULL: none); a test sets what else it checks. */
static rcb_verify_input input_of(const char *version, const char *tag, const char *prev_tag)
{
	rcb_verify_input in;
	memset(&in, 0, sizeof in);
	in.version = version;
	in.tag = tag;
	in.prev_tag = prev_tag;
	return in;
}

static rcb_verify_input std_input(void)
{
	rcb_verify_input in = input_of("1.0.2.0", "dip-1.0.2.0", "dip-1.0.1.0");
	in.label = "DIP@1.0.2.0";
	in.bom_paths = std_bom_paths;
	in.nbom = 4;
	in.defects = std_defects;
	in.ndefects = 3;
	in.emergencies = std_emerg_ok;
	in.nemergencies = 1;
	in.can_pin = 1;
	return in;
}

/* The input of emergency 1.0.1.2 of the standard repository (after
 * 1.0.1.1), fixing DIP-21, without a bill of materials. */
static rcb_verify_input emergency_input(void)
{
	static const char *defects[] = {"DIP-21"};
	rcb_verify_input in = std_input();
	in.version = "1.0.1.2";
	in.tag = "dip-1.0.1.2";
	in.prev_tag = "dip-1.0.1.1";
	in.defects = defects;
	in.ndefects = 1;
	in.nbom = 0;
	return in;
}

static rcb_verify_result *run(const char *repo, const rcb_verify_input *in)
{
	rcb_verify_result *r = NULL;
	int rc = rcb_verify_run(&r, repo, in, NULL, NULL);
	if (rc != 0)
		fprintf(stderr, "rcb_verify_run: %s\n", rcb_error_msg());
	assert_int_equal(rc, 0);
	assert_non_null(r);
	return r;
}

/* Run in twice: reading git's commit-graph (*g) and with
 * RCB_VERIFY_NO_COMMIT_GRAPH (*n, in->flags is left so).  The first must
 * have read the graph, the second not, and every check's detail must be
 * the same in both.  The caller frees both. */
static void run_both(const char *repo, rcb_verify_input *in, rcb_verify_result **g, rcb_verify_result **n)
{
	*g = run(repo, in);
	in->flags = RCB_VERIFY_NO_COMMIT_GRAPH;
	*n = run(repo, in);
	assert_int_equal((*g)->commit_graph, 1);
	assert_int_equal((*n)->commit_graph, 0);
	assert_int_equal((*g)->n, (*n)->n);
	for (size_t i = 0; i < (*g)->n; i++)
		assert_string_equal((*g)->checks[i].detail, (*n)->checks[i].detail);
}

/* A new directory holding a repository r that script makes (sh(), the
 * gf_* helpers; no format arguments); the repository's path in repo.
 * Returns the directory (newdir()'s buffer). */
static const char *new_repo(const char *name, const char *script, char *repo, size_t size)
{
	const char *d = newdir(name);
	assert_int_equal(sh(d, "%s", script), 0);
	snprintf(repo, size, "%s/r", d);
	return d;
}

static const rcb_check *check_of(const rcb_verify_result *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->checks[i].name, name) == 0)
			return &r->checks[i];
	fail_msg("no check %s", name);
	return NULL;
}

/* The check has status st and its detail contains every given string. */
static void expect(const rcb_verify_result *r, const char *name, rcb_check_status st, ...)
{
	const rcb_check *c = check_of(r, name);
	va_list ap;
	const char *s;
	if (c->status != st)
		fail_msg("%s: %s, want %s: %s", name, rcb_check_status_name(c->status), rcb_check_status_name(st),
			 c->detail);
	va_start(ap, st);
	while ((s = va_arg(ap, const char *)) != NULL)
		if (!strstr(c->detail, s)) {
			va_end(ap);
			fail_msg("%s detail lacks '%s': %s", name, s, c->detail);
		}
	va_end(ap);
}

static void expect_not(const rcb_verify_result *r, const char *name, const char *s)
{
	const rcb_check *c = check_of(r, name);
	if (strstr(c->detail, s))
		fail_msg("%s detail has '%s': %s", name, s, c->detail);
}

/* ------------------------------------------------------------------ */

static void test_all_checks_pass_on_a_consistent_note(void **state)
{
	(void)state;
	rcb_verify_input in = std_input();
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "tag-exists", RCB_CHECK_PASS, "annotated tag dip-1.0.2.0", "Ada Builder <ada@example.org>", NULL);
	expect(r, "tag-commit", RCB_CHECK_PASS, NULL);
	expect(r, "tag-version", RCB_CHECK_PASS, NULL);
	expect(r, "bom", RCB_CHECK_PASS, "4 paths", NULL);
	expect(r, "defects", RCB_CHECK_PASS, "dip-1.0.1.0..dip-1.0.2.0", NULL);
	expect(r, "merge-back", RCB_CHECK_PASS, "1.0.1.1", NULL);
	expect(r, "tag-moved", RCB_CHECK_PASS, "first verification", NULL);
	expect(r, "signature", RCB_CHECK_WARN, "is signed", NULL);
	/* DIP-99 is mentioned but not in the note */
	expect(r, "undocumented", RCB_CHECK_WARN, "DIP-99", NULL);
	assert_int_equal(r->overall, RCB_CHECK_WARN);
	assert_int_equal(r->annotated, 1);
	assert_int_equal(strlen(r->tag_target), 40);
	assert_int_equal(strlen(r->tag_oid), 40);
	assert_string_not_equal(r->tag_target, r->tag_oid);
	/* merge + DIP-12 + DIP-13 + the emergency commit DIP-20 */
	assert_int_equal(r->range_commits, 4);
	rcb_verify_result_free(r);
}

static void test_tag_exists_names_a_lightweight_tag(void **state)
{
	(void)state;
	char repo[4200];
	new_repo("light", "gf_init r && gf_commit r 'DIP-1: x' a=1 && gf_tag r v1.0.0.0", repo, sizeof repo);
	rcb_verify_input in = input_of("1.0.0.0", "v1.0.0.0", NULL);
	rcb_verify_result *r = run(repo, &in);
	expect(r, "tag-exists", RCB_CHECK_PASS, "lightweight tag v1.0.0.0", NULL);
	expect(r, "tag-commit", RCB_CHECK_PASS, NULL);
	expect(r, "tag-version", RCB_CHECK_PASS, NULL);
	assert_int_equal(r->annotated, 0);
	assert_string_equal(r->tag_target, r->tag_oid);
	/* first release: the whole history */
	expect(r, "defects", RCB_CHECK_SKIP, "no fixed defects", NULL);
	expect(r, "undocumented", RCB_CHECK_WARN, "DIP-1", "whole history", NULL);
	expect(r, "tag-moved", RCB_CHECK_SKIP, "no register", NULL);
	rcb_verify_result_free(r);
}

static void test_tag_exists_follows_an_annotated_tag_on_an_annotated_tag(void **state)
{
	(void)state;
	const char *d = newdir("tagtag");
	assert_int_equal(sh(d, "gf_init r && gf_commit r one a=1 && gf_atag r inner 'inner' && "
			       "gf_atag r v2.0.0.0 'outer' inner"), 0);
	char repo[4200], commit[64];
	snprintf(repo, sizeof repo, "%s/r", d);
	capture(commit, sizeof commit, d, "gf_head r");
	rcb_verify_input in = input_of("2.0.0.0", "v2.0.0.0", NULL);
	in.commit = commit;
	rcb_verify_result *r = run(repo, &in);
	expect(r, "tag-exists", RCB_CHECK_PASS, "annotated", "another annotated tag", NULL);
	expect(r, "tag-commit", RCB_CHECK_PASS, commit, NULL);
	assert_string_equal(r->tag_target, commit);
	rcb_verify_result_free(r);
}

static void test_tag_exists_fails_when_the_tag_is_missing(void **state)
{
	(void)state;
	rcb_verify_input in = std_input();
	in.tag = "DIP-1.0.2.0";
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "tag-exists", RCB_CHECK_FAIL, "no tag DIP-1.0.2.0", "dip-1.0.2.0", NULL);
	expect(r, "tag-commit", RCB_CHECK_SKIP, NULL);
	expect(r, "bom", RCB_CHECK_SKIP, NULL);
	expect(r, "defects", RCB_CHECK_SKIP, NULL);
	assert_string_equal(r->tag_target, "");
	assert_string_equal(r->tag_oid, "");
	assert_int_equal(r->overall, RCB_CHECK_FAIL);
	rcb_verify_result_free(r);
}

static void test_empty_repository_is_named(void **state)
{
	(void)state;
	char repo[4200];
	new_repo("empty", "gf_init r", repo, sizeof repo);
	rcb_verify_input in = std_input();
	rcb_verify_result *r = run(repo, &in);
	expect(r, "tag-exists", RCB_CHECK_FAIL, "empty", NULL);
	rcb_verify_result_free(r);
}

static void test_not_a_repository_is_an_error(void **state)
{
	(void)state;
	const char *d = newdir("plain");
	rcb_verify_input in = std_input();
	rcb_verify_result *r = NULL;
	assert_int_equal(rcb_verify_run(&r, d, &in, NULL, NULL), RCB_EGIT);
	assert_null(r);
	assert_non_null(strstr(rcb_error_msg(), "not a git repository"));

	char missing[4200];
	snprintf(missing, sizeof missing, "%s/nowhere", d);
	assert_int_equal(rcb_verify_run(&r, missing, &in, NULL, NULL), RCB_EGIT);
	assert_non_null(strstr(rcb_error_msg(), "No such file"));

	/* a subdirectory of a repository is not searched upwards */
	char sub[4200];
	snprintf(sub, sizeof sub, "%s/app", g_std);
	assert_int_equal(rcb_verify_run(&r, sub, &in, NULL, NULL), RCB_EGIT);
}

static void test_tag_commit_fails_for_a_tag_on_a_blob_or_tree(void **state)
{
	(void)state;
	char repo[4200];
	new_repo("blobtag", "gf_init r && gf_commit r one a.txt=1 && "
				 "gf_git r tag v1.0.0.0 $(gf_blob r HEAD a.txt) && "
				 "gf_atag r v1.0.0.1 tree-tag $(gf_rev r 'HEAD^{tree}')", repo, sizeof repo);
	rcb_verify_input in = std_input();
	in.version = "1.0.0.0";
	in.tag = "v1.0.0.0";
	in.prev_tag = NULL;
	rcb_verify_result *r = run(repo, &in);
	expect(r, "tag-exists", RCB_CHECK_PASS, "lightweight", NULL);
	expect(r, "tag-commit", RCB_CHECK_FAIL, "points at a blob", NULL);
	expect(r, "bom", RCB_CHECK_SKIP, NULL);
	expect(r, "defects", RCB_CHECK_SKIP, NULL);
	expect(r, "tag-moved", RCB_CHECK_SKIP, NULL);
	rcb_verify_result_free(r);

	in.version = "1.0.0.1";
	in.tag = "v1.0.0.1";
	r = run(repo, &in);
	expect(r, "tag-exists", RCB_CHECK_PASS, "annotated", NULL);
	expect(r, "tag-commit", RCB_CHECK_FAIL, "points at a tree", NULL);
	rcb_verify_result_free(r);
}

static void test_tag_commit_compares_full_and_abbreviated_ids(void **state)
{
	(void)state;
	char full[64], other[64], abbrev[16];
	capture(full, sizeof full, g_tmp, "gf_rev std 'dip-1.0.2.0^{commit}'");
	capture(other, sizeof other, g_tmp, "gf_rev std 'dip-1.0.1.0^{commit}'");
	rcb_verify_input in = std_input();
	in.commit = full;
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "tag-commit", RCB_CHECK_PASS, full, "as the note says", NULL);
	rcb_verify_result_free(r);

	snprintf(abbrev, sizeof abbrev, "%.8s", full);
	in.commit = abbrev;
	r = run(g_std, &in);
	expect(r, "tag-commit", RCB_CHECK_PASS, NULL);
	rcb_verify_result_free(r);

	in.commit = other;
	r = run(g_std, &in);
	expect(r, "tag-commit", RCB_CHECK_FAIL, full, other, NULL);
	rcb_verify_result_free(r);

	in.commit = "0000000000000000000000000000000000000001";
	r = run(g_std, &in);
	expect(r, "tag-commit", RCB_CHECK_FAIL, "not in this repository", NULL);
	rcb_verify_result_free(r);

	in.commit = "v1.2";
	r = run(g_std, &in);
	expect(r, "tag-commit", RCB_CHECK_FAIL, "not an object id", NULL);
	rcb_verify_result_free(r);
}

/* Two objects whose ids share 4 hex digits make that prefix ambiguous. */
static void test_tag_commit_refuses_an_ambiguous_abbreviation(void **state)
{
	(void)state;
	const char *d = newdir("ambig");
	assert_int_equal(sh(d, "gf_init r && gf_commit r one a=1 && gf_tag r v1.0.0.0"), 0);
	char repo[4200], prefix[8] = "";
	snprintf(repo, sizeof repo, "%s/r", d);
	git_repository *g = NULL;
	git_libgit2_init();
	assert_int_equal(git_repository_open(&g, repo), 0);
	static unsigned char seen[65536];
	memset(seen, 0, sizeof seen);
	for (int i = 0; i < 100000 && !prefix[0]; i++) {
		char buf[32];
		git_oid id;
		int n = snprintf(buf, sizeof buf, "blob %d", i);
		assert_int_equal(git_blob_create_from_buffer(&id, g, buf, (size_t)n), 0);
		unsigned k = (unsigned)id.id[0] << 8 | id.id[1];
		if (seen[k])
			git_oid_tostr(prefix, 5, &id);
		seen[k] = 1;
	}
	git_repository_free(g);
	git_libgit2_shutdown();
	assert_true(prefix[0] != '\0');
	rcb_verify_input in = input_of("1.0.0.0", "v1.0.0.0", NULL);
	in.commit = prefix;
	rcb_verify_result *r = run(repo, &in);
	expect(r, "tag-commit", RCB_CHECK_FAIL, "ambiguous", NULL);
	rcb_verify_result_free(r);
}

static void test_tag_version_warns_when_the_name_lacks_the_version(void **state)
{
	(void)state;
	char repo[4200];
	new_repo("tagver", "gf_init r && gf_commit r one a=1 && gf_tag r release-11.0.2.0 && gf_tag r v1.0.2.0", repo,
		 sizeof repo);
	rcb_verify_input in = input_of("1.0.2.0", "release-11.0.2.0", NULL); /* contains 1.0.2.0 only inside a longer number */
	rcb_verify_result *r = run(repo, &in);
	expect(r, "tag-version", RCB_CHECK_WARN, "does not contain", NULL);
	rcb_verify_result_free(r);
	in.tag = "v1.0.2.0";
	r = run(repo, &in);
	expect(r, "tag-version", RCB_CHECK_PASS, NULL);
	rcb_verify_result_free(r);
}

static void test_bom_names_a_missing_path(void **state)
{
	(void)state;
	const char *paths[] = {"app/main.c", "app/missing.c", "nodir/x", "README", "app"};
	rcb_verify_input in = std_input();
	in.bom_paths = paths;
	in.nbom = 5;
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "bom", RCB_CHECK_FAIL, "3 of 5", "app/missing.c", "nodir/x", "app (a directory)", NULL);
	expect_not(r, "bom", "README");
	expect_not(r, "bom", "app/main.c");
	rcb_verify_result_free(r);
}

static void test_bom_compares_hex_versions_with_blob_ids(void **state)
{
	(void)state;
	char blob[64], other[64], shortid[16];
	capture(blob, sizeof blob, g_tmp, "gf_blob std dip-1.0.2.0 app/main.c");
	capture(other, sizeof other, g_tmp, "gf_blob std dip-1.0.2.0 README");
	snprintf(shortid, sizeof shortid, "%.10s", blob);
	const char *paths[] = {"./app/main.c", "README", "conf/app.conf"};
	const char *vers[] = {shortid, "1.0.2", NULL};
	rcb_verify_input in = std_input();
	in.bom_paths = paths;
	in.bom_versions = vers;
	in.nbom = 3;
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "bom", RCB_CHECK_PASS, "1 blob id match", NULL);
	rcb_verify_result_free(r);

	vers[0] = other; /* README's blob given for app/main.c */
	r = run(g_std, &in);
	expect(r, "bom", RCB_CHECK_FAIL, "mismatched", "app/main.c", NULL);
	expect_not(r, "bom", "README");
	rcb_verify_result_free(r);
}

static void test_bom_handles_thousands_of_paths(void **state)
{
	(void)state;
	const char *d = newdir("bigtree");
	/* 3,000 files in 30 directories, one commit */
	assert_int_equal(sh(d, "gf_init r && i=0; while [ $i -lt 30 ]; do mkdir -p r/d$i; j=0; "
			       "while [ $j -lt 100 ]; do echo $i.$j > r/d$i/f$j; j=$((j+1)); done; i=$((i+1)); done && "
			       "gf_git r add -A && gf_tick && gf_git r commit -q -m 'many files' && gf_tag r v1.0.0.0"), 0);
	char repo[4200];
	snprintf(repo, sizeof repo, "%s/r", d);
	size_t n = 3001;
	char **paths = calloc(n, sizeof *paths);
	assert_non_null(paths);
	for (size_t k = 0; k < 3000; k++) {
		paths[k] = malloc(32);
		snprintf(paths[k], 32, "d%zu/f%zu", (k * 7) % 30, k / 30); /* unsorted order */
	}
	paths[3000] = strdup("d3/f100");
	rcb_verify_input in = input_of("1.0.0.0", "v1.0.0.0", NULL);
	in.bom_paths = (const char *const *)paths;
	in.nbom = n;
	rcb_verify_result *r = run(repo, &in);
	expect(r, "bom", RCB_CHECK_FAIL, "1 of 3001", "d3/f100", NULL);
	rcb_verify_result_free(r);
	in.nbom = 3000;
	r = run(repo, &in);
	expect(r, "bom", RCB_CHECK_PASS, "3000 paths", NULL);
	rcb_verify_result_free(r);
	for (size_t k = 0; k < n; k++)
		free(paths[k]);
	free(paths);
}

static void test_defects_names_an_id_missing_from_the_range(void **state)
{
	(void)state;
	/* DIP-11 was fixed before the previous release: not in the range */
	const char *defects[] = {"DIP-12", "DIP-11", "DIP-77"};
	rcb_verify_input in = std_input();
	in.defects = defects;
	in.ndefects = 3;
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "defects", RCB_CHECK_FAIL, "2 of 3", "DIP-11", "DIP-77", NULL);
	expect_not(r, "defects", "DIP-12");
	rcb_verify_result_free(r);
}

static void test_defects_matches_whole_ids_only(void **state)
{
	(void)state;
	/* DIP-1 and IP-12 are inside DIP-12 / DIP-13 but are not those IDs */
	const char *defects[] = {"DIP-1", "IP-12"};
	rcb_verify_input in = std_input();
	in.defects = defects;
	in.ndefects = 2;
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "defects", RCB_CHECK_FAIL, "DIP-1", "IP-12", NULL);
	rcb_verify_result_free(r);
}

static void test_undocumented_warns_of_ids_the_note_does_not_list(void **state)
{
	(void)state;
	rcb_verify_input in = std_input();
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "undocumented", RCB_CHECK_WARN, "1 ID", "DIP-99", NULL);
	expect_not(r, "undocumented", "DIP-12");
	rcb_verify_result_free(r);

	/* an ID the note lists elsewhere (a change request) is documented */
	const char *other[] = {"DIP-99"};
	in.other_ids = other;
	in.nother_ids = 1;
	r = run(g_std, &in);
	expect(r, "undocumented", RCB_CHECK_PASS, NULL);
	rcb_verify_result_free(r);
}

static void test_undocumented_uses_the_component_pattern(void **state)
{
	(void)state;
	rcb_verify_input in = std_input();
	in.defect_pattern = "DIP-9[0-9]";
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "undocumented", RCB_CHECK_WARN, "DIP-99", NULL);
	rcb_verify_result_free(r);
	in.defect_pattern = "BUG#[0-9]+";
	r = run(g_std, &in);
	expect(r, "undocumented", RCB_CHECK_PASS, NULL);
	/* the note's defects are still searched as whole words */
	expect(r, "defects", RCB_CHECK_PASS, NULL);
	rcb_verify_result_free(r);
	in.defect_pattern = "([A-Z";
	r = NULL;
	assert_int_equal(rcb_verify_run(&r, g_std, &in, NULL, NULL), RCB_EINVAL);
	assert_non_null(strstr(rcb_error_msg(), "defect pattern"));
}

static void test_merge_back_fails_for_an_emergency_not_merged(void **state)
{
	(void)state;
	rcb_verify_input in = std_input();
	in.emergencies = std_emerg_all;
	in.nemergencies = 2;
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "merge-back", RCB_CHECK_FAIL, "1.0.1.2", "dip-1.0.1.2", "merged back: 1.0.1.1", NULL);
	rcb_verify_result_free(r);
}

static void test_merge_back_skips_the_emergency_line_itself(void **state)
{
	(void)state;
	/* verifying emergency 1.0.1.2: 1.0.1.1 is its own line (no later regular release) */
	rcb_verify_input in = emergency_input();
	in.emergencies = std_emerg_all;
	in.nemergencies = 2;
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "merge-back", RCB_CHECK_SKIP, "1.0.1.1", "12.8", NULL);
	expect(r, "defects", RCB_CHECK_PASS, NULL);
	expect(r, "bom", RCB_CHECK_SKIP, NULL);
	rcb_verify_result_free(r);
}

/* 12.8, Table 9 step 3: "Merge changes to CIs back into all other in-flight
 * releases" -- verifying an emergency release names each later release in
 * flight that does not contain it. */
static void test_12_8_merge_back_of_an_emergency_into_every_later_release(void **state)
{
	(void)state;
	static const rcb_verify_ref later[] = {{"1.0.2.0", "dip-1.0.2.0"}, {"1.0.3.0", "dip-1.0.3.0"}};
	rcb_verify_input in = emergency_input();
	in.later = later;
	in.nlater = 2;
	rcb_verify_result *r = run(g_std, &in);
	/* 1.0.1.2 was never merged: 1.0.2.0 lacks it; 1.0.3.0 has no tag yet */
	expect(r, "merge-back", RCB_CHECK_WARN, "in flight without this fix (12.8, Table 9 step 3", "1.0.2.0 (dip-1.0.2.0)",
	       "not tagged yet: 1.0.3.0", NULL);
	expect_not(r, "merge-back", "no older emergency releases");
	rcb_verify_result_free(r);

	/* 1.0.1.1 was merged into main before 1.0.2.0 was tagged */
	in.version = "1.0.1.1";
	in.tag = "dip-1.0.1.1";
	in.prev_tag = "dip-1.0.1.0";
	in.ndefects = 0;
	in.nlater = 1;
	r = run(g_std, &in);
	expect(r, "merge-back", RCB_CHECK_PASS, "merged into later release in flight: 1.0.2.0", NULL);
	expect_not(r, "merge-back", "without this fix");
	rcb_verify_result_free(r);
}

static void test_merge_back_fails_for_an_emergency_tag_missing(void **state)
{
	(void)state;
	static const rcb_verify_ref em[] = {{"1.0.1.5", "dip-1.0.1.5"}, {"1.0.3.1", "dip-1.0.3.1"}};
	rcb_verify_input in = std_input();
	in.emergencies = em;
	in.nemergencies = 2; /* 1.0.3.1 is newer: ignored */
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "merge-back", RCB_CHECK_FAIL, "1.0.1.5", "not in the repository", NULL);
	expect_not(r, "merge-back", "1.0.3.1");
	rcb_verify_result_free(r);
}

static void test_tag_moved_after_the_first_verification_fails(void **state)
{
	(void)state;
	char repo[4200];
	const char *d = new_repo("moved", "gf_release_repo r", repo, sizeof repo);
	rcb_verify_input in = std_input();
	rcb_verify_result *first = run(repo, &in);
	expect(first, "tag-moved", RCB_CHECK_PASS, "pinned", NULL);
	char pinned[41], pinned_tag[41];
	memcpy(pinned, first->tag_target, sizeof pinned);
	memcpy(pinned_tag, first->tag_oid, sizeof pinned_tag);
	rcb_verify_result_free(first);

	/* same tag, same commit: still pinned there */
	in.pinned_commit = pinned;
	in.pinned_tag_oid = pinned_tag;
	rcb_verify_result *r = run(repo, &in);
	expect(r, "tag-moved", RCB_CHECK_PASS, "as first verified", NULL);
	rcb_verify_result_free(r);

	/* someone "fixes" the build in place: a new commit, the tag moved */
	assert_int_equal(sh(d, "gf_commit r 'tweak' conf/app.conf=level=3 && gf_git r tag -d dip-1.0.2.0 && "
			       "gf_atag r dip-1.0.2.0 'Release 1.0.2.0 again'"), 0);
	r = run(repo, &in);
	expect(r, "tag-moved", RCB_CHECK_FAIL, "moved", pinned, r->tag_target, NULL);
	assert_string_not_equal(r->tag_target, pinned);
	rcb_verify_result_free(r);

	/* re-created on the same commit: a warning */
	assert_int_equal(sh(d, "gf_git r tag -d dip-1.0.2.0 && gf_atag r dip-1.0.2.0 'again' %s", pinned), 0);
	r = run(repo, &in);
	expect(r, "tag-moved", RCB_CHECK_WARN, "re-created", NULL);
	rcb_verify_result_free(r);

	/* deleted */
	assert_int_equal(sh(d, "gf_git r tag -d dip-1.0.2.0"), 0);
	r = run(repo, &in);
	expect(r, "tag-moved", RCB_CHECK_FAIL, "no longer exists", NULL);
	rcb_verify_result_free(r);
}

/* Bare clone, everything packed (refs in packed-refs, objects in a pack),
 * with and without git's commit-graph: the same answers. */
static void test_bare_packed_repository_gives_the_same_answers(void **state)
{
	(void)state;
	const char *d = newdir("bare");
	assert_int_equal(sh(d, "git clone -q --bare --no-local \"$(dirname \"$GF_DIR\")/std\" b.git && "
			       "gf_git b.git pack-refs --all && gf_git b.git repack -qad && "
			       "cp -r b.git g.git && gf_git g.git commit-graph write --reachable && "
			       "test -f g.git/objects/info/commit-graph && "
			       "cp -r b.git s.git && gf_git s.git commit-graph write --reachable --split && "
			       "test -f s.git/objects/info/commit-graphs/commit-graph-chain"), 0);
	rcb_verify_input in = std_input();
	in.emergencies = std_emerg_all;
	in.nemergencies = 2;
	rcb_verify_result *ref = run(g_std, &in);
	const char *names[] = {"b.git", "g.git", "s.git"};
	for (size_t k = 0; k < 3; k++) {
		char repo[4200];
		snprintf(repo, sizeof repo, "%s/%s", d, names[k]);
		for (int nograph = 0; nograph < 2; nograph++) {
			in.flags = nograph ? RCB_VERIFY_NO_COMMIT_GRAPH : 0;
			rcb_verify_result *r = run(repo, &in);
			assert_int_equal(r->commit_graph, k > 0 && !nograph);
			for (size_t i = 0; i < r->n; i++) {
				if (r->checks[i].status != ref->checks[i].status ||
				    strcmp(r->checks[i].detail, ref->checks[i].detail) != 0)
					fail_msg("%s (graph %d) %s: %s / %s", names[k], !nograph, r->checks[i].name,
						 r->checks[i].detail, ref->checks[i].detail);
			}
			assert_string_equal(r->tag_target, ref->tag_target);
			assert_int_equal(r->range_commits, ref->range_commits);
			rcb_verify_result_free(r);
		}
	}
	rcb_verify_result_free(ref);
}

/* The range and the ancestry from the commit-graph and from the date walk
 * agree with libgit2's own revwalk and git_graph_descendant_of on a history
 * with merges and a skewed clock. */
static void test_history_answers_agree_with_libgit2(void **state)
{
	(void)state;
	const char *d = newdir("agree");
	/* 60 commits with branches and merges; some committer dates go backwards */
	assert_int_equal(sh(d, "gf_init r && gf_commit r 'base' f=0 && gf_tag r v0.0.0.0 && i=1; "
			       "while [ $i -le 20 ]; do "
			       "  gf_git r checkout -q -b side$i main && gf_commit r \"DIP-$i side\" s$i=$i && "
			       "  gf_git r checkout -q main && gf_commit r \"DIP-$((i+100)) main\" m$i=$i && "
			       "  if [ $((i %% 3)) = 0 ]; then GF_CLOCK=$((GF_CLOCK - 7200)); fi; "
			       "  if [ $((i %% 2)) = 0 ]; then gf_tick; gf_git r merge -q --no-ff -m \"merge $i\" side$i; fi; "
			       "  if [ $i = 7 ]; then gf_tag r v1.0.0.0; fi; "
			       "  if [ $((i %% 5)) = 1 ]; then gf_tag r e$i side$i; fi; "
			       "  i=$((i+1)); done && gf_tag r v2.0.0.0 && "
			       "cp -r r g && gf_git g commit-graph write --reachable"), 0);
	const char *names[] = {"r", "g"};
	static const rcb_verify_ref em[] = {{"0.0.0.1", "e1"}, {"0.0.0.2", "e6"}, {"0.0.0.3", "e11"}, {"0.0.0.4", "e16"}};
	for (size_t k = 0; k < 2; k++) {
		char repo[4200];
		snprintf(repo, sizeof repo, "%s/%s", d, names[k]);
		/* libgit2's answers */
		git_repository *g = NULL;
		git_revwalk *wk = NULL;
		git_oid id, b, a;
		size_t n = 0;
		git_libgit2_init();
		assert_int_equal(git_repository_open(&g, repo), 0);
		assert_int_equal(git_reference_name_to_id(&b, g, "refs/tags/v2.0.0.0"), 0);
		assert_int_equal(git_reference_name_to_id(&a, g, "refs/tags/v1.0.0.0"), 0);
		assert_int_equal(git_revwalk_new(&wk, g), 0);
		git_revwalk_push(wk, &b);
		git_revwalk_hide(wk, &a);
		while (git_revwalk_next(&id, wk) == 0)
			n++;
		git_revwalk_free(wk);
		int anc[4];
		for (int t = 0; t < 4; t++) {
			git_oid e;
			char ref[64];
			snprintf(ref, sizeof ref, "refs/tags/%s", em[t].tag);
			assert_int_equal(git_reference_name_to_id(&e, g, ref), 0);
			anc[t] = git_graph_descendant_of(g, &b, &e);
		}
		git_repository_free(g);
		git_libgit2_shutdown();

		for (int nograph = 0; nograph < 2; nograph++) {
			rcb_verify_input in = input_of("2.0.0.0", "v2.0.0.0", "v1.0.0.0");
			in.emergencies = em;
			in.nemergencies = 4;
			in.flags = nograph ? RCB_VERIFY_NO_COMMIT_GRAPH : 0;
			rcb_verify_result *r = run(repo, &in);
			assert_int_equal(r->commit_graph, k == 1 && !nograph);
			assert_int_equal(r->range_commits, n);
			const rcb_check *mb = check_of(r, "merge-back");
			for (int t = 0; t < 4; t++) {
				char needle[32];
				snprintf(needle, sizeof needle, "%s (%s,", em[t].version, em[t].tag);
				int listed_bad = strstr(mb->detail, needle) != NULL;
				if (listed_bad == anc[t])
					fail_msg("%s graph=%d: %s ancestor=%d but detail: %s", names[k], !nograph,
						 em[t].tag, anc[t], mb->detail);
			}
			rcb_verify_result_free(r);
		}
	}
}

/* Commits made after git wrote its commit-graph are read from the object
 * database; the answers stay the same. */
static void test_a_stale_commit_graph_gives_the_same_answers(void **state)
{
	(void)state;
	char repo[4200];
	new_repo("stale", "gf_release_repo r && gf_git r commit-graph write --reachable && "
				 "gf_commit r 'DIP-30: after the graph' app/late.c=late && "
				 "gf_commit r 'DIP-31: also after' app/late.c=later && gf_atag r dip-1.0.3.0 'Release 1.0.3.0'",
		 repo, sizeof repo);
	const char *defects[] = {"DIP-30", "DIP-31"};
	rcb_verify_input in = std_input();
	in.version = "1.0.3.0";
	in.tag = "dip-1.0.3.0";
	in.prev_tag = "dip-1.0.2.0";
	in.defects = defects;
	in.ndefects = 2;
	in.emergencies = std_emerg_all;
	in.nemergencies = 2;
	rcb_verify_result *g, *n;
	run_both(repo, &in, &g, &n);
	expect(g, "defects", RCB_CHECK_PASS, "(2 commits)", NULL);
	expect(g, "merge-back", RCB_CHECK_FAIL, "1.0.1.2", "merged back: 1.0.1.1", NULL);
	rcb_verify_result_free(g);
	rcb_verify_result_free(n);
}

/* A note's defects DIP-1 .. DIP-n, but DIP-`missing` listed as DIP-`extra`
 * (a defect the range does not have, and one it has that the note lacks):
 * names in defs (n of them), pointers in defects. */
static void dip_list_but(char (*defs)[16], const char **defects, int n, int missing, int extra)
{
	for (int i = 0; i < n; i++) {
		snprintf(defs[i], sizeof defs[i], "DIP-%d", i + 1 == missing ? extra : i + 1);
		defects[i] = defs[i];
	}
}

/* A range long enough to be read on two threads (verify_history.c's
 * prefetch, from 128 commits): the same answers as the date walk, which
 * reads on one; and a commit that cannot be read, whichever thread read
 * it first, is named as before. */
static void test_a_long_range_read_on_two_threads_gives_the_same_answers(void **state)
{
	(void)state;
	const char *d = newdir("long");
	assert_int_equal(sh(d, "gf_init r && gf_commit r 'base' f=0 && gf_tag r v1.0.0.0 && i=1; "
			       "while [ $i -le 150 ]; do gf_commit r \"DIP-$i: change $i\" f=$i || exit 1; i=$((i+1)); done && "
			       "gf_commit r 'CR-7: one more' f=x && gf_tag r v1.0.1.0 && "
			       "gf_git r commit-graph write --reachable"), 0);
	char repo[4200], defs[150][16];
	const char *defects[151];
	snprintf(repo, sizeof repo, "%s/r", d);
	dip_list_but(defs, defects, 150, 77, 999);
	rcb_verify_input in = input_of("1.0.1.0", "v1.0.1.0", "v1.0.0.0");
	in.defects = defects;
	in.ndefects = 150;
	rcb_verify_result *g, *n;
	run_both(repo, &in, &g, &n);
	assert_int_equal(g->range_commits, 151);
	expect(g, "defects", RCB_CHECK_FAIL, "DIP-999", NULL);
	expect_not(g, "defects", "DIP-150");
	expect(g, "undocumented", RCB_CHECK_WARN, "DIP-77", "CR-7", NULL);
	rcb_verify_result_free(g);
	rcb_verify_result_free(n);

	/* two neighbours damaged (loose objects): one of them is read by the
	 * helper thread, and the first in the range's order is named */
	assert_int_equal(sh(d, "for c in $(gf_rev r v1.0.1.0~40) $(gf_rev r v1.0.1.0~41); do "
			       "f=r/.git/objects/$(echo $c | cut -c1-2)/$(echo $c | cut -c3-) && "
			       "chmod u+w $f && printf 'garbage' > $f || exit 1; done"), 0);
	in.flags = 0;
	g = run(repo, &in);
	expect(g, "defects", RCB_CHECK_FAIL, "cannot be read", NULL);
	rcb_verify_result_free(g);
}

/* Without a commit-graph a long walk reads its commits ahead in pack order
 * on a second thread (core/verify_readahead.c).  1,600 commits packed by
 * git gc, a range of 100 and an emergency 1,590 commits down, so that the
 * walk goes through the whole history: the answers are the graph walk's,
 * with a second index of garbage (and no pack) beside the real one too,
 * and an index and a pack that are FIFOs (never opened blocking). */
static const char readahead_repo[] =
	"gf_init r && i=1 && while [ $i -le 1600 ]; do "
	"printf 'commit refs/heads/main\\nmark :%d\\ncommitter T <t@example.com> %d +0000\\ndata <<EOF\\n"
	"DIP-%d: change %d\\nEOF\\n' $i $((1700000000 + i * 60)) $i $i; "
	"[ $i -gt 1 ] && printf 'from :%d\\n' $((i - 1)); "
	"printf 'M 644 inline f\\ndata <<EOF\\n%d\\nEOF\\n\\n' $i; i=$((i + 1)); "
	"done | gf_git r fast-import --quiet && gf_git r reset -q --hard main && "
	"gf_git r tag v1.0.0.1 main~1590 && gf_git r tag v1.0.0.0 main~100 && gf_git r tag v1.0.1.0 main && "
	"gf_git r gc -q && gf_git r commit-graph write --reachable";

/* The verification of v1.0.1.0 in readahead_repo: the range of 100 and
 * the emergency 1,590 commits down, so that the walk goes through the
 * whole history. */
static void readahead_input(rcb_verify_input *in)
{
	static const rcb_verify_ref ra_emerg[] = {{"1.0.0.1", "v1.0.0.1"}};
	static const char *defects[] = {"DIP-1501", "DIP-1600"};
	memset(in, 0, sizeof *in);
	in->version = "1.0.1.0";
	in->tag = "v1.0.1.0";
	in->prev_tag = "v1.0.0.0";
	in->defects = defects;
	in->ndefects = 2;
	in->emergencies = ra_emerg;
	in->nemergencies = 1;
}

static void test_a_walk_without_the_graph_gives_the_graph_answers_reading_ahead(void **state)
{
	(void)state;
	char repo[4200];
	const char *d = new_repo("readahead", readahead_repo, repo, sizeof repo);
	rcb_verify_input in;
	readahead_input(&in);
	rcb_verify_result *g, *n;
	run_both(repo, &in, &g, &n);
	assert_int_equal(n->range_commits, 100);
	expect(n, "defects", RCB_CHECK_PASS, NULL);
	expect(n, "merge-back", RCB_CHECK_PASS, "1.0.0.1", NULL);
	assert_int_equal(g->read_ahead, 0);

	assert_int_equal(sh(d, "for x in r/.git/objects/pack/*.idx; do "
			       "head -c 1032 $x > r/.git/objects/pack/pack-0000.idx && "
			       "head -c 200000 /dev/urandom >> r/.git/objects/pack/pack-0000.idx || exit 1; done && "
			       "mkfifo r/.git/objects/pack/pack-fifo.idx r/.git/objects/pack/pack-fifo.pack"), 0);
	rcb_verify_result *b = run(repo, &in);
	for (size_t i = 0; i < b->n; i++)
		assert_string_equal(b->checks[i].detail, n->checks[i].detail);
	rcb_verify_result_free(b);
	rcb_verify_result_free(g);
	rcb_verify_result_free(n);
}

/* commit id's time and parents as libgit2 reads them, equal to c's. */
static void expect_commit(git_repository *r, const git_oid *id, const readahead_commit *c)
{
	git_commit *k;
	assert_int_equal(git_commit_lookup(&k, r, id), 0);
	assert_int_equal(c->time, (int64_t)git_commit_time(k));
	assert_int_equal(c->nparents, git_commit_parentcount(k));
	for (unsigned i = 0; i < c->nparents; i++)
		assert_true(git_oid_equal(&c->parent[i], git_commit_parent_id(k, i)));
	git_commit_free(k);
}

/* The helper itself, against the pack order git reports (verify-pack -v
 * lists objects by offset): once it has listed the packs, every commit
 * asked for comes straight from the pack (read by the helper for its
 * blocks, which it hands over, or by the caller for the others) with the
 * time and parents libgit2 reads; a caller that needs the object itself
 * (c NULL) gets libgit2's object of that id or nothing. */
static void test_the_read_ahead_reads_the_commits_in_pack_order(void **state)
{
	(void)state;
	char repo[4200], objdir[4300], list[64 * 1024];
	const char *d = new_repo("readahead2", readahead_repo, repo, sizeof repo);
	capture(list, sizeof list, d, "(cd r && git verify-pack -v .git/objects/pack/*.idx) | "
				      "awk '$2 == \"commit\" { print $1 }' | head -n 1000 | tr '\\n' ' '");
	git_oid order[1000];
	size_t n = 0;
	for (char *p = list; n < 1000 && strlen(p) >= GIT_OID_HEXSZ; p += GIT_OID_HEXSZ + 1)
		assert_int_equal(git_oid_fromstrn(&order[n++], p, GIT_OID_HEXSZ), 0);
	assert_int_equal(n, 1000);
	git_repository *r;
	git_odb *odb;
	assert_true(git_libgit2_init() > 0);
	assert_int_equal(git_repository_open(&r, repo), 0);
	assert_int_equal(git_repository_odb(&odb, r), 0);
	snprintf(objdir, sizeof objdir, "%s/.git/objects", repo);
	readahead *ra = readahead_start(odb, objdir, order, 512);
	assert_non_null(ra);
	git_odb_object *obj = NULL;
	readahead_commit c;
	for (int k = 0; k < 5000 && !readahead_take(ra, &order[1], &obj, &c); k++) /* listing the packs */
		usleep(1000);
	assert_null(obj);
	for (size_t i = 1; i < n - 100; i++) {
		memset(&c, 0, sizeof c);
		assert_int_equal(readahead_take(ra, &order[i], &obj, &c), READAHEAD_COMMIT);
		assert_null(obj);
		expect_commit(r, &order[i], &c);
	}
	assert_true(readahead_taken(ra) > 0); /* the helper's blocks */
	for (size_t i = n - 100; i < n; i++) {
		int got = readahead_take(ra, &order[i], &obj, NULL);
		assert_true(got == READAHEAD_NONE || got == READAHEAD_OBJECT);
		if (got == READAHEAD_OBJECT) {
			assert_true(git_oid_equal(git_odb_object_id(obj), &order[i]));
			git_odb_object_free(obj);
		}
		obj = NULL;
	}
	readahead_end(ra);
	git_odb_free(odb);
	git_repository_free(r);
	git_libgit2_shutdown();
}

/* readahead_repo's history with a 6,000-byte random blob in every commit,
 * so that a pack written commit by commit (each commit beside its tree and
 * blob, as fast-import writes them) holds the walk's commits 6 KB apart. */
static const char spread_repo[] =
	"gf_init r && python3 - <<'PY' | gf_git r fast-import --quiet\n"
	"import random, sys\n"
	"rnd, out = random.Random(17), sys.stdout.buffer\n"
	"for i in range(1, 1601):\n"
	"    out.write(b'commit refs/heads/main\\nmark :%d\\ncommitter T <t@example.com> %d +0000\\n' % (i, 1700000000 + i * 60))\n"
	"    out.write(b'data <<EOF\\nDIP-%d: change %d\\nEOF\\n' % (i, i))\n"
	"    if i > 1:\n"
	"        out.write(b'from :%d\\n' % (i - 1))\n"
	"    blob = rnd.randbytes(6000)\n"
	"    out.write(b'M 644 inline f\\ndata %d\\n' % len(blob) + blob + b'\\n\\n')\n"
	"PY\n"
	"gf_git r reset -q --hard main && "
	"gf_git r tag v1.0.0.1 main~1590 && gf_git r tag v1.0.0.0 main~100 && gf_git r tag v1.0.1.0 main && "
	"gf_git r gc -q && gf_git r commit-graph write --reachable";

/* Repack r commit by commit: each commit, its tree and its blob in a row,
 * newest first.  pack-objects keeps the order it is given until it meets
 * an object a tag points at, so the tags are taken away meanwhile. */
static const char spread_pack[] =
	"cd r && old=$(ls .git/objects/pack/pack-*) && tags=$(git show-ref --tags) && "
	"git tag -d $(git tag) >/dev/null && "
	"git log --root --raw --no-abbrev --format='%H %T' main | "
	"awk '/^:/ { print $4; next } NF == 2 { print $1; print $2 }' | git pack-objects -q .git/objects/pack/pack && "
	"chmod -R u+w .git/objects/pack && rm -f $old && "
	"echo \"$tags\" | while read id ref; do git update-ref $ref $id || exit 1; done && "
	"[ $(git verify-pack -v .git/objects/pack/*.idx | awk '$2 == \"commit\"' | wc -l) = 1600 ] && "
	"[ \"$(git verify-pack -v .git/objects/pack/*.idx | awk '$2 ~ /^(commit|tree|blob)$/ { print $2 }' | "
	"head -n 3 | tr '\\n' ' ')\" = 'commit tree blob ' ] && git commit-graph write --reachable";

/* Repack r as nine packs in git's order: eight of 64 commits each from
 * main down (the walk's first 512 commits lie in eight packs), then the
 * rest. */
static const char nine_packs[] =
	"cd r && old=$(ls .git/objects/pack/pack-*) && k=0 && while [ $k -lt 8 ]; do "
	"git rev-list --objects main~$((k * 64 + 64))..main~$((k * 64)) | git pack-objects -q .git/objects/pack/pack "
	">/dev/null || exit 1; k=$((k + 1)); done && "
	"git rev-list --objects main~512 | git pack-objects -q .git/objects/pack/pack >/dev/null && "
	"chmod -R u+w .git/objects/pack && rm -f $old && [ $(ls .git/objects/pack/*.pack | wc -l) = 9 ]";

/* What the helper makes of a sample of the walk's first commits (the first
 * n listed by git cmd in r): its state once it is done deciding. */
static int helper_state(const char *d, const char *repo, const char *cmd, size_t n)
{
	char list[64 * 1024], objdir[4300];
	git_oid sample[512];
	git_repository *r;
	git_odb *odb;
	size_t k = 0;
	int st;
	assert_true(n <= 512);
	capture(list, sizeof list, d, "cd r && git %s | head -n %zu | tr '\\n' ' '", cmd, n);
	for (char *p = list; k < n && strlen(p) >= GIT_OID_HEXSZ; p += GIT_OID_HEXSZ + 1)
		assert_int_equal(git_oid_fromstrn(&sample[k++], p, GIT_OID_HEXSZ), 0);
	assert_int_equal(k, n);
	assert_true(git_libgit2_init() > 0);
	assert_int_equal(git_repository_open(&r, repo), 0);
	assert_int_equal(git_repository_odb(&odb, r), 0);
	snprintf(objdir, sizeof objdir, "%s/.git/objects", repo);
	readahead *ra = readahead_start(odb, objdir, sample, n);
	assert_non_null(ra);
	for (int t = 0; t < 5000 && (st = readahead_state(ra)) == READAHEAD_LISTING; t++)
		usleep(1000);
	readahead_end(ra);
	git_odb_free(odb);
	git_repository_free(r);
	git_libgit2_shutdown();
	return st;
}

/* The helper lists the packs only when they hold the walk's commits as
 * git writes them, together and newest first: as git gc packed them it
 * reads ahead; given the oldest commits first it declines (a pack written
 * oldest first); with too few of the walk's commits to judge by, it
 * lists; split over nine packs in git's order it reads ahead (neighbours
 * are compared within a pack); and after a repack commit by commit (each
 * 6 KB from the next) it declines, while the walk's answers stay the
 * graph walk's and it takes nothing from the helper.  Helpers started and
 * ended at once run the listing's halt under the sanitizers (this cannot
 * tell whether readahead_end waited: the pack lists in a millisecond). */
static void test_a_pack_not_in_the_walks_order_is_not_read_ahead(void **state)
{
	(void)state;
	char repo[4200];
	const char *d = new_repo("spread", spread_repo, repo, sizeof repo);
	rcb_verify_input in;
	readahead_input(&in);
	rcb_verify_result *g, *n;
	run_both(repo, &in, &g, &n);
	assert_true(n->read_ahead > 0);
	rcb_verify_result_free(g);
	rcb_verify_result_free(n);
	assert_int_equal(helper_state(d, repo, "rev-list main", 512), READAHEAD_READY);
	assert_int_equal(helper_state(d, repo, "rev-list --reverse main", 512), READAHEAD_DECLINED);
	assert_int_equal(helper_state(d, repo, "rev-list --reverse main", 63), READAHEAD_READY);
	assert_int_equal(sh(d, "%s", nine_packs), 0);
	assert_int_equal(helper_state(d, repo, "rev-list main", 512), READAHEAD_READY);

	git_repository *r;
	git_odb *odb;
	char objdir[4300];
	assert_true(git_libgit2_init() > 0);
	assert_int_equal(git_repository_open(&r, repo), 0);
	assert_int_equal(git_repository_odb(&odb, r), 0);
	snprintf(objdir, sizeof objdir, "%s/.git/objects", repo);
	for (int k = 0; k < 20; k++) {
		readahead *ra = readahead_start(odb, objdir, NULL, 0);
		assert_non_null(ra);
		if (k % 2)
			usleep(100 * (useconds_t)k);
		readahead_end(ra);
	}
	git_odb_free(odb);
	git_repository_free(r);
	git_libgit2_shutdown();

	assert_int_equal(sh(d, "%s", spread_pack), 0);
	assert_int_equal(helper_state(d, repo, "rev-list main", 512), READAHEAD_DECLINED);
	in.flags = 0; /* run_both's graph walk first */
	run_both(repo, &in, &g, &n);
	assert_int_equal(n->range_commits, 100);
	expect(n, "merge-back", RCB_CHECK_PASS, "1.0.0.1", NULL);
	assert_int_equal(n->read_ahead, 0);
	rcb_verify_result_free(g);
	rcb_verify_result_free(n);
}

/* verify_pack.c against libgit2 and git: after a repack that stores some
 * commits as deltas, every object of the pack is found at the offset
 * `git verify-pack -v` gives; a whole commit reads back byte for byte as
 * git_odb_read gives it, a delta, tree or blob is not read (size 0), and a
 * wrong id for the bytes, a size that is not the header's or a damaged
 * index (fan-out not monotonic: left out) gives -1 or nothing found. */
static void test_the_pack_reader_reads_whole_commits_as_libgit2_does(void **state)
{
	(void)state;
	char repo[4200], objdir[4300], *list = malloc(1 << 20);
	const char *d = new_repo("packread", readahead_repo, repo, sizeof repo);
	assert_non_null(list);
	/* 30 commits of long, nearly equal messages on top: pack-objects
	 * stores most of them as deltas of each other */
	assert_int_equal(sh(d, "cd r && i=0 && while [ $i -lt 30 ]; do "
			       "{ echo \"DIP-$i: long\"; echo; seq 1 400; echo $i; } > ../msg && "
			       "git commit -q --allow-empty -F ../msg || exit 1; i=$((i + 1)); done && "
			       "git repack -adfq --window=250 --depth=50"), 0);
	/* id type offset depth: depth 0 for a whole object */
	capture(list, 1 << 20, d, "(cd r && git verify-pack -v .git/objects/pack/*.idx) | "
				  "awk 'NF >= 5 && $2 ~ /^(commit|tree|blob)$/ { print $1, $2, $5, (NF >= 7 ? $6 : 0) }' | "
				  "tr '\\n' ';'"); /* capture() keeps one line */
	git_repository *r;
	git_odb *odb;
	packs ps;
	pack_reader *rd = pack_reader_new();
	size_t ncommit = 0, ndelta = 0;
	assert_non_null(rd);
	assert_true(git_libgit2_init() > 0);
	assert_int_equal(git_repository_open(&r, repo), 0);
	assert_int_equal(git_repository_odb(&odb, r), 0);
	snprintf(objdir, sizeof objdir, "%s/.git/objects", repo);
	assert_int_equal(packs_open(&ps, objdir), 0);
	assert_int_equal(ps.n, 1);
	for (char *line = strtok(list, ";"); line; line = strtok(NULL, ";")) {
		char hex[64], type[16];
		unsigned long long off;
		int depth;
		git_oid id;
		uint64_t where;
		assert_int_equal(sscanf(line, "%63s %15s %llu %d", hex, type, &off, &depth), 4);
		assert_int_equal(git_oid_fromstr(&id, hex), 0);
		assert_int_equal(packs_find(&ps, &id, &where), 1);
		assert_int_equal(where & (((uint64_t)1 << PACK_OFF_BITS) - 1), off);
		size_t size = pack_commit_size(&ps, where);
		if (strcmp(type, "commit") != 0 || depth > 0) {
			assert_int_equal(size, 0);
			ndelta += strcmp(type, "commit") == 0;
			continue;
		}
		git_odb_object *obj;
		unsigned char *buf = malloc(size + 1);
		assert_non_null(buf);
		assert_int_equal(git_odb_read(&obj, odb, &id), 0);
		assert_int_equal(size, git_odb_object_size(obj));
		assert_int_equal(pack_commit_read(&ps, rd, where, &id, buf, size), 0);
		assert_memory_equal(buf, git_odb_object_data(obj), size);
		/* another id for the same bytes, or another size: refused */
		git_oid other = id;
		other.id[19] ^= 1;
		assert_int_equal(pack_commit_read(&ps, rd, where, &other, buf, size), -1);
		assert_int_equal(pack_commit_read(&ps, rd, where, &id, buf, size - 1), -1);
		git_odb_object_free(obj);
		free(buf);
		ncommit++;
	}
	print_message("# %zu whole commits read, %zu commits stored as deltas left to libgit2\n", ncommit, ndelta);
	assert_true(ncommit > 0 && ndelta > 0); /* both kinds were there */
	packs_close(&ps);
	/* a fan-out table that goes down: the pack is left out */
	assert_int_equal(sh(d, "cd r/.git/objects/pack && chmod u+w *.idx && idx=$(ls *.idx) && "
			       "printf '\\377\\377\\377\\377' | dd of=$idx bs=1 seek=8 conv=notrunc status=none"), 0);
	assert_int_equal(packs_open(&ps, objdir), 0);
	assert_int_equal(ps.n, 0);
	packs_close(&ps);
	pack_reader_free(rd);
	git_odb_free(odb);
	git_repository_free(r);
	git_libgit2_shutdown();
	free(list);
}

/* Any object straight from the pack, its delta chain resolved
 * (verify_pack.c pack_object_read, which the Bill of Materials reads its
 * trees with): 40 commits changing files three directories deep, repacked
 * into delta chains up to 20 deep, then every object git verify-pack lists -- whole
 * or a delta, commit, tree or blob -- read twice through one reader (the
 * second time through the bases it kept) and once through a fresh one:
 * the same type and bytes as git_odb_read, every time. */
static void test_the_pack_reader_resolves_deltas_as_libgit2_does(void **state)
{
	(void)state;
	char repo[4200], objdir[4300], *list = malloc(1 << 20);
	const char *d = newdir("packdelta");
	assert_non_null(list);
	/* each version of a/d/g one more line away from the first: git
	 * chains the versions (and their trees) instead of basing all of
	 * them on one */
	assert_int_equal(sh(d, "gf_init r && cd r && mkdir -p a/b/c a/d && seq 1 400 > a/d/g && i=1 && "
			       "while [ $i -le 40 ]; do "
			       "sed -i \"$((i * 9))s/.*/changed $i and some more text to make it longer/\" a/d/g && "
			       "echo $i > a/b/c/f$((i % 7)) && git add -A && "
			       "git commit -q -m \"DIP-$i: change\" || exit 1; i=$((i + 1)); done && "
			       "git repack -adfq --window=250 --depth=50"), 0);
	capture(list, 1 << 20, d, "(cd r && git verify-pack -v .git/objects/pack/*.idx) | "
				  "awk 'NF >= 5 && $2 ~ /^(commit|tree|blob)$/ { print $1, $2, (NF >= 7 ? $6 : 0) }' | "
				  "tr '\\n' ';'");
	git_repository *r;
	git_odb *odb;
	packs ps;
	pack_reader *rd = pack_reader_new(), *fresh = pack_reader_new();
	size_t nobj = 0, ntree_delta = 0, ndeep = 0;
	assert_non_null(rd);
	assert_non_null(fresh);
	assert_true(git_libgit2_init() > 0);
	snprintf(repo, sizeof repo, "%s/r", d);
	assert_int_equal(git_repository_open(&r, repo), 0);
	assert_int_equal(git_repository_odb(&odb, r), 0);
	snprintf(objdir, sizeof objdir, "%s/.git/objects", repo);
	assert_int_equal(packs_open(&ps, objdir), 0);
	assert_int_equal(ps.n, 1);
	/* id type depth, one object a line */
	enum { MAX_OBJ = 4096 };
	git_oid *ids = calloc(MAX_OBJ, sizeof *ids);
	assert_non_null(ids);
	for (char *line = strtok(list, ";"); line && nobj < MAX_OBJ; line = strtok(NULL, ";")) {
		char hex[64], type[16];
		int depth;
		assert_int_equal(sscanf(line, "%63s %15s %d", hex, type, &depth), 3);
		assert_int_equal(git_oid_fromstr(&ids[nobj++], hex), 0);
		ntree_delta += depth > 0 && strcmp(type, "tree") == 0;
		ndeep += depth >= 10;
	}
	/* rd twice over (the second time through its bases), fresh once */
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < nobj; i++) {
			git_odb_object *obj;
			unsigned char *bytes;
			size_t n;
			int type;
			assert_int_equal(git_odb_read(&obj, odb, &ids[i]), 0);
			assert_int_equal(pack_object_read(&ps, round == 2 ? fresh : rd, &ids[i], &type, &bytes, &n), 0);
			assert_int_equal(type, git_odb_object_type(obj));
			assert_int_equal(n, git_odb_object_size(obj));
			assert_memory_equal(bytes, git_odb_object_data(obj), n);
			free(bytes);
			git_odb_object_free(obj);
		}
	free(ids);
	print_message("# %zu objects, %zu trees stored as deltas, %zu at depth 10 or more\n", nobj, ntree_delta, ndeep);
	assert_true(nobj < MAX_OBJ && ntree_delta > 0 && ndeep > 0);
	/* an id in no pack */
	git_oid none;
	unsigned char *buf = (unsigned char *)1;
	size_t len;
	int t;
	memset(&none, 0x5a, sizeof none);
	assert_int_equal(pack_object_read(&ps, rd, &none, &t, &buf, &len), -1);
	assert_null(buf);
	packs_close(&ps);
	pack_reader_free(rd);
	pack_reader_free(fresh);
	git_odb_free(odb);
	git_repository_free(r);
	git_libgit2_shutdown();
	free(list);
}

/* Deltas a repository's author can write into a pack by hand
 * (tests/fixtures/delta_pack.py: git's index-pack would refuse them, a
 * file on disk holds them all the same): every copy, insert and size is
 * bounded, a base offset inside the header, a REF_DELTA cycle, a chain
 * deeper than 64, a stream longer than its entry and bytes stored under
 * another object's id are refused (-1: libgit2 reads them, and says what
 * is wrong); the good deltas, three deep and 64 deep, give their bytes. */
static void test_the_pack_reader_refuses_hostile_deltas(void **state)
{
	(void)state;
	const char *d = newdir("hostiledelta");
	char objdir[4200], *list = malloc(1 << 16);
	assert_non_null(list);
	snprintf(objdir, sizeof objdir, "%s/objects", d);
	assert_int_equal(sh(d, "mkdir -p objects/pack && python3 \"$ROOT/tests/fixtures/delta_pack.py\" objects/pack "
			       "> list && [ -s objects/pack/pack-x.idx ]"), 0);
	capture(list, 1 << 16, d, "tr '\\n' ';' < list");
	packs ps;
	pack_reader *rd = pack_reader_new();
	size_t ngood = 0, nbad = 0;
	assert_non_null(rd);
	assert_int_equal(packs_open(&ps, objdir), 0);
	assert_int_equal(ps.n, 1);
	for (char *line = strtok(list, ";"); line; line = strtok(NULL, ";")) {
		char name[64], hex[64], want[8192];
		unsigned char *bytes = NULL;
		size_t n = 0;
		int type = 0;
		git_oid id;
		assert_int_equal(sscanf(line, "%63s %63s %8191s", name, hex, want), 3);
		assert_int_equal(git_oid_fromstr(&id, hex), 0);
		int rc = pack_object_read(&ps, rd, &id, &type, &bytes, &n);
		if (strcmp(want, "-") == 0) {
			if (rc != -1)
				fail_msg("%s: read, not refused", name);
			assert_null(bytes);
			nbad++;
			continue;
		}
		if (rc != 0)
			fail_msg("%s: refused", name);
		assert_int_equal(type, GIT_OBJECT_BLOB);
		assert_int_equal(2 * n, strlen(want));
		for (size_t i = 0; i < n; i++) {
			unsigned x;
			assert_int_equal(sscanf(want + 2 * i, "%2x", &x), 1);
			assert_int_equal(bytes[i], x);
		}
		free(bytes);
		ngood++;
	}
	assert_int_equal(ngood, 6);  /* base, good, deep0-2, chain64 */
	assert_int_equal(nbad, 13); /* every other line of the list */
	packs_close(&ps);
	pack_reader_free(rd);
	free(list);
}

/* A tree stored as a delta whose zlib stream is damaged in the pack: the
 * direct read refuses it, libgit2 reads it and fails, and the Bill of
 * Materials says which tree cannot be read -- as before the direct reads. */
static void test_a_damaged_tree_delta_is_reported_by_the_bom(void **state)
{
	(void)state;
	const char *d = newdir("treedelta");
	assert_int_equal(sh(d, "gf_init r && cd r && mkdir -p a/b && i=0 && while [ $i -lt 12 ]; do "
			       "seq 1 100 > a/b/f && echo $i >> a/b/f && echo $i > a/g$i && git add -A && "
			       "git commit -q -m \"DIP-$i: change\" || exit 1; i=$((i + 1)); done && "
			       "git tag v1.0.0.0 HEAD~6 && git repack -adfq --window=50 --depth=50 && "
			       "t=$(git rev-parse v1.0.0.0:a) && "
			       "line=$(git verify-pack -v .git/objects/pack/*.idx | awk -v t=$t '$1 == t') && "
			       "[ $(echo $line | wc -w) -ge 7 ] && off=$(echo $line | cut -d' ' -f5) && "
			       "sz=$(echo $line | cut -d' ' -f4) && pack=$(ls .git/objects/pack/*.pack) && chmod u+w $pack && "
			       "printf '\\377\\377\\377\\377' | dd of=$pack bs=1 seek=$((off + sz - 6)) conv=notrunc "
			       "status=none && ! git cat-file -p $t >/dev/null 2>&1"), 0);
	char repo[4200];
	snprintf(repo, sizeof repo, "%s/r", d);
	const char *paths[] = {"a/b/f", "a/g0"};
	rcb_verify_input in = input_of("1.0.0.0", "v1.0.0.0", NULL);
	in.bom_paths = paths;
	in.nbom = 2;
	rcb_verify_result *r = run(repo, &in);
	expect(r, "tag-commit", RCB_CHECK_PASS, NULL);
	expect(r, "bom", RCB_CHECK_FAIL, "tree unreadable", NULL);
	rcb_verify_result_free(r);
}

/* The one child process of this test program (a worker), 0 when there
 * are none or several. */
static pid_t only_child(void)
{
	char path[64], buf[256];
	long a = 0, b = 0;
	FILE *f;
	snprintf(path, sizeof path, "/proc/self/task/%ld/children", (long)getpid());
	if (!(f = fopen(path, "r")))
		return 0;
	buf[0] = '\0';
	if (!fgets(buf, sizeof buf, f))
		buf[0] = '\0';
	fclose(f);
	return sscanf(buf, "%ld %ld", &a, &b) == 1 ? (pid_t)a : 0;
}

/* A worker keeps its repository open for its next verification
 * (rcb_verify_run_held takes the handles over): what changed between two
 * verifications by the same worker is seen all the same -- the tag moved
 * to a new commit (tag-moved against the first run's pin), a commit more
 * in the range, every pack replaced by a repack and a commit-graph
 * written.  The second verification is the same worker's (the same
 * child process before and after), and gives what a fresh process gives. */
static void test_a_worker_reads_its_repository_again_after_it_changed(void **state)
{
	(void)state;
	const char *d = newdir("reuse");
	char repo[4200], pin_commit[64], pin_tag[64];
	rcb_verify_input in = std_input();
	rcb_verify_result *a = NULL, *b = NULL, *fresh;
	pid_t w;

	assert_int_equal(sh(d, "cp -a '%s' r && rm -f r/.git/objects/info/commit-graph", g_std), 0);
	snprintf(repo, sizeof repo, "%s/r", d);
	assert_int_equal(rcb_verify_run_isolated(&a, repo, &in, NULL, NULL), 0);
	assert_int_equal(a->commit_graph, 0);
	w = only_child();
	assert_true(w > 0); /* the worker, idle for this repository's next read */
	snprintf(pin_commit, sizeof pin_commit, "%s", a->tag_target);
	snprintf(pin_tag, sizeof pin_tag, "%s", a->tag_oid);
	assert_int_equal(sh(d, "gf_commit r 'DIP-14: a late fix' app/late.c=late && "
			       "gf_git r tag -f -a -m 'Release 1.0.2.0 again' dip-1.0.2.0 && "
			       "gf_git r repack -adfq && gf_git r commit-graph write --reachable"), 0);
	in.pinned_commit = pin_commit;
	in.pinned_tag_oid = pin_tag;
	assert_int_equal(rcb_verify_run_isolated(&b, repo, &in, NULL, NULL), 0);
	assert_int_equal(only_child(), w); /* the same worker read it */
	fresh = run(repo, &in);                 /* in this process, nothing held */
	assert_string_not_equal(b->tag_target, pin_commit);
	assert_string_equal(b->tag_target, fresh->tag_target);
	assert_int_equal(b->range_commits, a->range_commits + 1);
	assert_int_equal(b->commit_graph, 1);   /* written after the first read: found */
	expect(b, "tag-moved", RCB_CHECK_FAIL, NULL);
	expect(b, "undocumented", RCB_CHECK_WARN, "DIP-14", NULL);
	for (size_t i = 0; i < b->n; i++)
		assert_string_equal(b->checks[i].detail, fresh->checks[i].detail);
	rcb_verify_result_free(a);
	rcb_verify_result_free(b);
	rcb_verify_result_free(fresh);
}

/* The state letter of process pid (/proc/PID/stat: R, S, Z ...), or 0
 * when there is none. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* after the command's name, which may hold anything */
	return p && p[1] == ' ' ? p[2] : 0;
}

/* A batch retires the worker of a repository it has finished with
 * (rcb_worker_retire): the idle worker is killed at once -- a zombie until
 * its slot is wanted or the process exits, never handed a request again
 * -- and the next verification of that repository starts a new worker,
 * which answers as the first did.  Retiring a repository with no idle
 * worker does nothing. */
/* This process's children (up to max) into out; how many. */
static size_t children(pid_t *out, size_t max)
{
	char path[64], buf[1024], *p = buf, *end;
	size_t n = 0;
	FILE *f;
	snprintf(path, sizeof path, "/proc/self/task/%ld/children", (long)getpid());
	if (!(f = fopen(path, "r")))
		return 0;
	if (!fgets(buf, sizeof buf, f))
		buf[0] = '\0';
	fclose(f);
	for (long v; n < max && (v = strtol(p, &end, 10)) > 0; p = end)
		out[n++] = (pid_t)v;
	return n;
}

/* The child of this process not among before[0..nbefore) (0: none). */
static pid_t new_child(const pid_t *before, size_t nbefore)
{
	pid_t now[16];
	size_t n = children(now, 16);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < nbefore && before[k] != now[i])
			k++;
		if (k == nbefore)
			return now[i];
	}
	return 0;
}

static void test_a_retired_worker_is_killed_and_replaced(void **state)
{
	(void)state;
	const char *d = newdir("retire");
	char repo[4200];
	rcb_verify_input in = std_input();
	rcb_verify_result *a = NULL, *b = NULL;
	pid_t before[17], first, second;
	size_t nbefore = children(before, 16);

	assert_int_equal(sh(d, "cp -a '%s' r", g_std), 0);
	snprintf(repo, sizeof repo, "%s/r", d);
	assert_int_equal(rcb_verify_run_isolated(&a, repo, &in, NULL, NULL), 0);
	assert_true((first = new_child(before, nbefore)) > 0); /* idle, kept for this repository */
	assert_int_not_equal(proc_state(first), 'Z');
	rcb_worker_retire("/no/such/repository");
	assert_int_not_equal(proc_state(first), 'Z');
	rcb_worker_retire(repo);
	for (int i = 0; i < 200 && proc_state(first) != 'Z'; i++)
		usleep(5000); /* SIGKILL is delivered at once; the end takes a moment */
	assert_int_equal(proc_state(first), 'Z');
	before[nbefore++] = first;
	assert_int_equal(rcb_verify_run_isolated(&b, repo, &in, NULL, NULL), 0);
	second = new_child(before, nbefore);
	assert_true(second > 0 && second != first);
	assert_int_equal(b->overall, a->overall);
	assert_int_equal(b->range_commits, a->range_commits);
	for (size_t i = 0; i < b->n; i++)
		assert_string_equal(b->checks[i].detail ? b->checks[i].detail : "",
				    a->checks[i].detail ? a->checks[i].detail : "");
	rcb_verify_result_free(a);
	rcb_verify_result_free(b);
}

/* A repository that is not there, or not a directory, is refused before
 * any worker starts (rcb_verify_repo_path_check): the job answers at once
 * with the message a worker's open gives, and no child process is made
 * (a batch over 4,000 releases of a missing repository forked 4,000). */
static void test_a_missing_repository_starts_no_worker(void **state)
{
	(void)state;
	const char *d = newdir("missing");
	char nope[4200], file[4200], want[4300];
	rcb_verify_input in = std_input();
	pid_t before[17];
	size_t nbefore = children(before, 16);
	const char *paths[] = {nope, file};

	snprintf(nope, sizeof nope, "%s/no-such-repo", d);
	snprintf(file, sizeof file, "%s/a-file", d);
	assert_int_equal(sh(d, "echo x > a-file"), 0);
	for (size_t k = 0; k < 2; k++) {
		rcb_verify_job *j = NULL;
		rcb_verify_result *r = NULL;
		assert_int_equal(rcb_verify_job_start(&j, paths[k], &in), 0);
		assert_int_equal(new_child(before, nbefore), 0);
		assert_int_equal(rcb_verify_job_poll(j, 1000, &r, NULL, NULL), RCB_EGIT);
		assert_null(r);
		snprintf(want, sizeof want, k == 0 ? "%s: No such file or directory" : "%s: not a directory, so not a git repository",
			 paths[k]);
		assert_string_equal(rcb_error_msg(), want);
		rcb_verify_job_free(j);
		assert_int_equal(rcb_verify_repo_path_check(paths[k]), RCB_EGIT);
		assert_string_equal(rcb_error_msg(), want);
		rcb_error_clear();
	}
	assert_int_equal(rcb_verify_repo_path_check(d), 0);
	assert_int_equal(rcb_verify_repo_path_check(""), RCB_EINVAL);
	rcb_error_clear();
}

/* The bom check of in against tree, every tree read through odb
 * (rcb_verify_check_bom: the libgit2-only path); its detail in detail. */
static rcb_check_status libgit2_bom(git_odb *odb, const git_oid *tree, const rcb_verify_input *in, char *detail,
				    size_t size)
{
	rcb_verify_result r;
	rcb_check_status st;
	memset(&r, 0, sizeof r);
	r.n = RCB_VERIFY_NCHECKS;
	rcb_verify_check_bom(&r, odb, tree, in);
	st = r.checks[RCB_VCHECK_BOM].status;
	snprintf(detail, size, "%s", r.checks[RCB_VCHECK_BOM].detail ? r.checks[RCB_VCHECK_BOM].detail : "");
	for (size_t k = 0; k < RCB_VERIFY_NCHECKS; k++)
		free(r.checks[k].detail);
	return st;
}

/* Tree hex of repo, which libgit2 cannot read: the libgit2-only Bill of
 * Materials of paths says "tree unreadable", packs_open maps npacks
 * packs of it, the direct read refuses it (why: what libgit2 refuses),
 * and the verification's BOM says what libgit2 alone says. */
static void expect_refused_as_libgit2(const char *repo, const char *hex, const char **paths, size_t npaths,
				      unsigned npacks, const char *why_refused)
{
	char objdir[4300], why[1024];
	git_odb *odb;
	git_odb_object *obj = NULL;
	git_oid id;
	packs ps;
	pack_reader *rd = pack_reader_new();
	unsigned char *bytes = NULL;
	size_t n = 0;
	int type = 0;
	rcb_verify_input in = input_of("1.0.0.0", "v1.0.0.0", NULL);

	in.bom_paths = paths;
	in.nbom = npaths;
	snprintf(objdir, sizeof objdir, "%s/.git/objects", repo);
	assert_non_null(rd);
	assert_true(git_libgit2_init() > 0);
	assert_int_equal(git_oid_fromstr(&id, hex), 0);
	assert_int_equal(git_odb_open(&odb, objdir), 0);
	assert_int_not_equal(git_odb_read(&obj, odb, &id), 0); /* libgit2 refuses it */
	assert_int_equal(libgit2_bom(odb, &id, &in, why, sizeof why), RCB_CHECK_FAIL);
	assert_non_null(strstr(why, "tree unreadable"));
	assert_int_equal(packs_open(&ps, objdir), 0);
	unsigned opened = ps.n;
	int rc = pack_object_read(&ps, rd, &id, &type, &bytes, &n);
	free(bytes);
	packs_close(&ps);
	pack_reader_free(rd);
	git_odb_free(odb);
	git_libgit2_shutdown();
	if (opened != npacks || rc == 0)
		fail_msg("%s: %u packs opened (want %u), %s read (%d)", why_refused, opened, npacks, hex, rc);
	rcb_verify_result *r = run(repo, &in); /* as libgit2 alone says */
	expect(r, "bom", RCB_CHECK_FAIL, "tree unreadable", NULL);
	rcb_verify_result_free(r);
}

/* The Bill of Materials' tree, a REF_DELTA whose base is in another pack
 * (tests/fixtures/ref_delta_packs.py).  git and libgit2 look a REF_DELTA's
 * base up in the delta's own pack only (libgit2 pack.c get_delta_base:
 * "base entry delta is not in the same pack"): the tree cannot be read,
 * and the libgit2-only path says so.  The direct read must refuse it too
 * (h-review10). */
static void test_a_ref_delta_based_in_another_pack_is_not_read(void **state)
{
	(void)state;
	const char *d = newdir("crosspack");
	char repo[4200], hex[64];
	assert_int_equal(sh(d, "gf_init r && cd r && echo x > f && git add f && git commit -q -m 'DIP-1: a' && "
			       "echo y > g && git add g && git commit -q -m 'DIP-2: b' && git tag v1.0.0.0 && "
			       "t0=$(git rev-parse HEAD~1^{tree}) && t1=$(git rev-parse HEAD^{tree}) && "
			       "git cat-file tree $t0 > ../t0 && git cat-file tree $t1 > ../t1 && "
			       "rm .git/objects/$(echo $t0 | cut -c1-2)/$(echo $t0 | cut -c3-) "
			       ".git/objects/$(echo $t1 | cut -c1-2)/$(echo $t1 | cut -c3-) && "
			       "[ $(python3 \"$ROOT/tests/fixtures/ref_delta_packs.py\" .git/objects/pack tree ../t0 ../t1) = $t1 ] && "
			       "echo $t1 > ../t1id && git cat-file -p $t0 >/dev/null && ! git cat-file -p $t1 >/dev/null 2>&1"), 0);
	snprintf(repo, sizeof repo, "%s/r", d);
	capture(hex, sizeof hex, d, "cat t1id");
	const char *paths[] = {"f", "g"};
	expect_refused_as_libgit2(repo, hex, paths, 2, 2, "a REF_DELTA based in another pack");
}

/* An index longer than its objects' tables can be (8 bytes of 64-bit
 * offset per object after the first, at most): libgit2 (pack.c
 * pack_index_check, "wrong index size") and git ("wrong index file size")
 * refuse the whole pack, and every object only it holds is missing for
 * them.  The direct reads must not read around that, as for a pack whose
 * checksum differs (h-review9, F1): here the trees are in that pack only,
 * and the libgit2-only path says the tree cannot be read (h-review10). */
static void test_an_index_too_long_for_libgit2_is_not_read(void **state)
{
	(void)state;
	const char *d = newdir("longidx");
	char repo[4200], hex[64];
	assert_int_equal(sh(d, "gf_init r && cd r && mkdir -p a/b && echo x > a/b/f && echo y > a/g && git add -A && "
			       "git commit -q -m 'DIP-1: c' && git tag v1.0.0.0 && "
			       "git rev-list --objects --all | cut -d' ' -f1 | git cat-file --batch-check='%%(objectname) %%(objecttype)' | "
			       "awk '$2 == \"tree\" { print $1 }' > ../trees && [ $(wc -l < ../trees) = 3 ] && "
			       "git pack-objects -q .git/objects/pack/pack < ../trees > /dev/null && git prune-packed && "
			       "idx=$(ls .git/objects/pack/*.idx) && sz=$(stat -c %%s $idx) && "
			       "{ head -c $((sz - 40)) $idx && head -c 24 /dev/zero && tail -c 40 $idx; } > ../idx && "
			       "chmod u+w $idx && cat ../idx > $idx && "
			       "git cat-file -e HEAD && ! git cat-file -p HEAD^{tree} >/dev/null 2>&1"), 0);
	snprintf(repo, sizeof repo, "%s/r", d);
	capture(hex, sizeof hex, d, "head -1 trees");
	const char *paths[] = {"a/b/f", "a/g"};
	expect_refused_as_libgit2(repo, hex, paths, 2, 0, "an index too long for libgit2");
}

/* A multi-pack-index beside the packs: libgit2 finds objects through it
 * (its offsets, its choice of pack), so nothing is read straight from the
 * packs -- packs_open leaves them all to libgit2 -- and the answers are
 * the same as without one. */
static void test_a_multi_pack_index_leaves_every_read_to_libgit2(void **state)
{
	(void)state;
	const char *d = newdir("midx");
	char repo[4200], objdir[4300];
	packs ps;
	rcb_verify_input in = std_input();
	assert_int_equal(sh(d, "cp -a '%s' r && gf_git r repack -adq", g_std), 0);
	snprintf(repo, sizeof repo, "%s/r", d);
	snprintf(objdir, sizeof objdir, "%s/.git/objects", repo);
	rcb_verify_result *before = run(repo, &in);
	assert_int_equal(packs_open(&ps, objdir), 0);
	assert_int_equal(ps.n, 1);
	packs_close(&ps);
	assert_int_equal(sh(d, "gf_git r multi-pack-index write && [ -f r/.git/objects/pack/multi-pack-index ]"), 0);
	assert_int_equal(packs_open(&ps, objdir), 0);
	assert_int_equal(ps.n, 0);
	packs_close(&ps);
	rcb_verify_result *after = run(repo, &in);
	assert_int_equal(before->n, after->n);
	for (size_t i = 0; i < before->n; i++)
		assert_string_equal(before->checks[i].detail, after->checks[i].detail);
	rcb_verify_result_free(before);
	rcb_verify_result_free(after);
}

/* A commit read straight from the pack is used only when its bytes hash to
 * its id.  The index is rewritten so that two commits' offsets are
 * swapped (the index's own checksum no longer matches, which libgit2 does
 * not check on open): the direct reads then inflate the other commit, its
 * SHA-1 is not the id asked for, and libgit2 reads it instead and says the
 * object is damaged; verify reports the walk's failure, never the other
 * commit's parents.  A byte changed inside a commit's zlib stream in the
 * pack is reported the same way. */
static void test_a_read_ahead_commit_that_does_not_hash_to_its_id_is_not_used(void **state)
{
	(void)state;
	char repo[4200];
	const char *d = new_repo("readahead3", readahead_repo, repo, sizeof repo);
	rcb_verify_input in;
	readahead_input(&in);
	assert_int_equal(sh(d, "rm -f r/.git/objects/info/commit-graph && chmod -R u+w r/.git/objects/pack"), 0);
	/* swap the offsets of the index's entries for main~800 and main~801 */
	assert_int_equal(sh(d, "cd r/.git/objects/pack && idx=$(ls *.idx) && cp $idx ../../idx.orig && "
			       "a=$(git rev-parse main~800) && b=$(git rev-parse main~801) && python3 - \"$idx\" $a $b <<'PY'\n"
			       "import sys, struct\n"
			       "p, a, b = sys.argv[1], bytes.fromhex(sys.argv[2]), bytes.fromhex(sys.argv[3])\n"
			       "x = bytearray(open(p, 'rb').read())\n"
			       "n = struct.unpack('>I', x[8 + 255 * 4:8 + 256 * 4])[0]\n"
			       "ids = [bytes(x[1032 + 20 * i:1052 + 20 * i]) for i in range(n)]\n"
			       "ia, ib = ids.index(a), ids.index(b)\n"
			       "o = 1032 + 24 * n\n"
			       "ea, eb = x[o + 4 * ia:o + 4 * ia + 4], x[o + 4 * ib:o + 4 * ib + 4]\n"
			       "x[o + 4 * ia:o + 4 * ia + 4], x[o + 4 * ib:o + 4 * ib + 4] = eb, ea\n"
			       "open(p, 'wb').write(x)\n"
			       "PY"), 0);
	rcb_verify_result *g = run(repo, &in);
	expect(g, "merge-back", RCB_CHECK_FAIL, "cannot be read", "hash mismatch", NULL);
	rcb_verify_result_free(g);
	/* the index as git wrote it, and one byte of main~700's zlib stream
	 * changed in the pack */
	assert_int_equal(sh(d, "cd r && cp .git/idx.orig .git/objects/pack/$(cd .git/objects/pack && ls *.idx) && "
			       "c=$(git rev-parse main~700) && "
			       "off=$(git verify-pack -v .git/objects/pack/*.idx | awk -v c=$c '$1 == c { print $5 }') && "
			       "[ -n \"$off\" ] && pack=$(ls .git/objects/pack/*.pack) && "
			       "printf '\\377' | dd of=$pack bs=1 seek=$((off + 8)) conv=notrunc status=none"), 0);
	g = run(repo, &in);
	expect(g, "merge-back", RCB_CHECK_FAIL, "cannot be read", NULL);
	rcb_verify_result_free(g);
}

/* A pack libgit2 will not read is not read around it either.  The oldest
 * history (main~1591 back) is moved into a pack of its own whose trailing
 * checksum is then no longer its index's: libgit2 refuses the whole pack
 * (its objects are missing, as git says too), so the libgit2-only walk
 * fails when it expands the emergency fix at main~1590.  The read-ahead's
 * direct reads must refuse that pack too, not pass the walk over commits
 * the libgit2-only walk cannot read. */
static void test_a_pack_libgit2_refuses_is_not_read_ahead(void **state)
{
	(void)state;
	char repo[4200];
	const char *d = new_repo("readahead4", readahead_repo, repo, sizeof repo);
	rcb_verify_input in;
	readahead_input(&in);
	assert_int_equal(sh(d, "cd r && rm -f .git/objects/info/commit-graph && old=$(ls .git/objects/pack/*.pack) && "
			       "git rev-list --objects --all ^main~1591 | git pack-objects -q .git/objects/pack/pack && "
			       "b=$(git rev-list --objects main~1591 | git pack-objects -q .git/objects/pack/pack) && "
			       "rm -f ${old%%.pack}.* && [ $(ls .git/objects/pack/*.pack | wc -l) = 2 ] && "
			       "p=.git/objects/pack/pack-$b.pack && chmod u+w $p && sz=$(stat -c %%s $p) && "
			       "last=$(tail -c 1 $p | od -An -tu1) && printf \"\\\\$(printf %%o $(( (last + 1) %% 256 )))\" | "
			       "dd of=$p bs=1 seek=$((sz - 1)) conv=notrunc status=none && "
			       "! git cat-file -e main~1591 2>/dev/null && git cat-file -e main~1590"), 0);
	rcb_verify_result *g = run(repo, &in);
	expect(g, "merge-back", RCB_CHECK_FAIL, "history unreadable", NULL);
	rcb_verify_result_free(g);
}

/* A range many times the read-ahead's ring (verify_history.c: blocks of
 * 32 commits, 8 in the ring, each read by whichever thread claims it):
 * 1,000 commits made with git fast-import.  The same answers as the date
 * walk; then commits damaged far apart (whoever read their blocks), and the
 * first of them in the range's order is named. */
static void test_a_range_longer_than_the_read_ahead_ring_gives_the_same_answers(void **state)
{
	(void)state;
	const char *d = newdir("ring");
	assert_int_equal(sh(d, "gf_init r && gf_commit r 'base' f=0 && gf_tag r v1.0.0.0 && "
			       "i=1; while [ $i -le 1000 ]; do "
			       "printf 'commit refs/heads/main\\ncommitter T <t@example> %%d +0000\\ndata <<EOF\\n"
			       "DIP-%%d: change %%d\\nEOF\\n\\n' $((1700000000 + i)) $i $i; i=$((i+1)); done > s && "
			       "(printf 'reset refs/heads/main\\nfrom %%s\\n\\n' $(gf_rev r main); cat s) | "
			       "gf_git r fast-import --quiet && gf_git r reset -q --hard main && "
			       "gf_tag r v1.0.1.0 && gf_git r commit-graph write --reachable"), 0);
	char repo[4200], defs[1000][16];
	const char *defects[1000];
	snprintf(repo, sizeof repo, "%s/r", d);
	dip_list_but(defs, defects, 1000, 500, 4242);
	rcb_verify_input in = input_of("1.0.1.0", "v1.0.1.0", "v1.0.0.0");
	in.defects = defects;
	in.ndefects = 1000;
	rcb_verify_result *g, *n;
	run_both(repo, &in, &g, &n);
	assert_int_equal(g->range_commits, 1000);
	expect(g, "defects", RCB_CHECK_FAIL, "DIP-4242", NULL);
	expect_not(g, "defects", "DIP-1000");
	expect(g, "undocumented", RCB_CHECK_WARN, "DIP-500", NULL);
	rcb_verify_result_free(g);
	rcb_verify_result_free(n);

	/* damage commits 700 and 300 from the tip (loose copies written
	 * over the packed ones' place: fast-import packed them, so unpack) */
	assert_int_equal(sh(d, "mkdir -p x && mv r/.git/objects/pack/*.pack x/ && rm -f r/.git/objects/pack/*.idx && "
			       "for p in x/*.pack; do gf_git r unpack-objects -q < $p || exit 1; done && "
			       "for c in $(gf_rev r v1.0.1.0~700) $(gf_rev r v1.0.1.0~300); do "
			       "f=r/.git/objects/$(echo $c | cut -c1-2)/$(echo $c | cut -c3-) && "
			       "chmod u+w $f && printf 'garbage' > $f || exit 1; done"), 0);
	char first[64], second[64];
	capture(first, sizeof first, d, "gf_rev r v1.0.1.0~300");
	capture(second, sizeof second, d, "gf_rev r v1.0.1.0~700");
	in.flags = 0;
	g = run(repo, &in);
	expect(g, "defects", RCB_CHECK_FAIL, "cannot be read", first, NULL);
	expect_not(g, "defects", second);
	rcb_verify_result_free(g);
}

static void test_shallow_clone_says_what_could_not_be_completed(void **state)
{
	(void)state;
	const char *d = newdir("shallow");
	assert_int_equal(sh(d, "git clone -q --depth 2 --no-single-branch \"file://$(dirname \"$GF_DIR\")/std\" s && "
			       "gf_git s fetch -q --depth 2 origin 'refs/tags/*:refs/tags/*' && "
			       "test -f s/.git/shallow"), 0);
	char repo[4200];
	snprintf(repo, sizeof repo, "%s/s", d);
	const char *defects[] = {"DIP-12", "DIP-13", "DIP-20"};
	rcb_verify_input in = std_input();
	in.defects = defects;
	in.ndefects = 3;
	in.prev_tag = "dip-1.0.0.0"; /* deeper than the clone */
	rcb_verify_result *r = run(repo, &in);
	assert_int_equal(r->shallow, 1);
	expect(r, "tag-exists", RCB_CHECK_PASS, NULL);
	expect(r, "bom", RCB_CHECK_PASS, NULL);
	/* DIP-20 came in by a merge beyond the shallow boundary: cannot tell */
	expect(r, "defects", RCB_CHECK_WARN, "not completed: shallow clone", "DIP-20", NULL);
	expect_not(r, "defects", "DIP-12");
	expect(r, "undocumented", RCB_CHECK_WARN, "DIP-99", "shallow clone", NULL);
	rcb_verify_result_free(r);

	/* merge-back cannot be decided either: said so, not passed, not failed */
	in.emergencies = std_emerg_all;
	in.nemergencies = 2;
	r = run(repo, &in);
	expect(r, "merge-back", RCB_CHECK_WARN, "not completed: shallow clone", "1.0.1.1", "1.0.1.2", NULL);
	assert_int_equal(r->commit_graph, 0);
	rcb_verify_result_free(r);
	in.emergencies = std_emerg_ok;
	in.nemergencies = 1;

	/* a defect that really is missing is reported as not completed, not as a pass */
	const char *more[] = {"DIP-12", "DIP-404"};
	in.defects = more;
	in.ndefects = 2;
	r = run(repo, &in);
	expect(r, "defects", RCB_CHECK_WARN, "not completed", "DIP-404", NULL);
	rcb_verify_result_free(r);
}

static void test_corrupt_object_is_reported_not_fatal(void **state)
{
	(void)state;
	const char *d = newdir("corrupt");
	/* loose objects; damage the tree of the tagged commit */
	assert_int_equal(sh(d, "gf_init r && gf_commit r 'DIP-1: one' a/b=1 c=2 && gf_tag r v1.0.0.0 && "
			       "t=$(gf_rev r 'HEAD^{tree}') && f=r/.git/objects/$(echo $t | cut -c1-2)/$(echo $t | cut -c3-) && "
			       "chmod u+w $f && printf 'garbage' > $f"), 0);
	char repo[4200];
	snprintf(repo, sizeof repo, "%s/r", d);
	const char *paths[] = {"a/b", "c"};
	rcb_verify_input in = input_of("1.0.0.0", "v1.0.0.0", NULL);
	in.bom_paths = paths;
	in.nbom = 2;
	rcb_verify_result *r = run(repo, &in);
	expect(r, "tag-commit", RCB_CHECK_PASS, NULL);
	expect(r, "bom", RCB_CHECK_FAIL, "cannot be read", NULL);
	rcb_verify_result_free(r);
}

/* An annotated tag whose object cannot be read: nothing says which kind of
 * tag it is, so it is not called lightweight (issue 13). */
static void test_an_unreadable_tag_object_is_not_called_lightweight(void **state)
{
	(void)state;
	char repo[4200];
	new_repo("badtag", "gf_init r && gf_commit r 'DIP-1: one' c=2 && gf_atag r v1.0.0.0 one && "
				 "t=$(gf_rev r refs/tags/v1.0.0.0) && f=r/.git/objects/$(echo $t | cut -c1-2)/$(echo $t | cut -c3-) && "
				 "chmod u+w $f && printf 'garbage' > $f", repo, sizeof repo);
	rcb_verify_input in = input_of("1.0.0.0", "v1.0.0.0", NULL);
	rcb_verify_result *r = run(repo, &in);
	expect(r, "tag-exists", RCB_CHECK_FAIL, "tag v1.0.0.0; object ", "cannot be read", NULL);
	expect_not(r, "tag-exists", "lightweight");
	expect(r, "tag-commit", RCB_CHECK_FAIL, "cannot follow the tag", NULL);
	rcb_verify_result_free(r);
}

/* A .git file naming no repository, and a .git directory whose HEAD is a
 * FIFO: the message says which, and the FIFO is never opened. */
static void test_a_broken_dot_git_is_named(void **state)
{
	(void)state;
	const char *d = newdir("dotgit");
	assert_int_equal(sh(d, "mkdir f && echo 'gitdir: /etc' > f/.git && gf_init h && rm h/.git/HEAD && "
			       "mkfifo h/.git/HEAD"), 0);
	rcb_verify_input in = input_of("1.0.0.0", "v1.0.0.0", NULL);
	rcb_verify_result *r = NULL;
	char repo[4200];
	snprintf(repo, sizeof repo, "%s/f", d);
	assert_int_equal(rcb_verify_run(&r, repo, &in, NULL, NULL), RCB_EGIT);
	assert_null(r);
	assert_non_null(strstr(rcb_error_msg(), "not a git repository (its .git file does not name a git directory)"));
	snprintf(repo, sizeof repo, "%s/h", d);
	assert_int_equal(rcb_verify_run(&r, repo, &in, NULL, NULL), RCB_EGIT);
	assert_null(r);
	assert_non_null(strstr(rcb_error_msg(), "its .git directory lacks a regular HEAD, objects or refs"));
}

static void test_a_long_tag_chain_is_refused_clearly(void **state)
{
	(void)state;
	char repo[4200];
	new_repo("chain", "gf_init r && gf_commit r one a=1 && gf_atag r t0 t0 && i=1; "
				 "while [ $i -le 34 ]; do gf_atag r t$i t$i t$((i-1)); i=$((i+1)); done", repo, sizeof repo);
	rcb_verify_input in = input_of("1.0.0.0", "t34", NULL);
	rcb_verify_result *r = run(repo, &in);
	expect(r, "tag-exists", RCB_CHECK_FAIL, "more than 32 tags", NULL);
	expect(r, "tag-commit", RCB_CHECK_FAIL, NULL);
	rcb_verify_result_free(r);
	in.tag = "t30";
	r = run(repo, &in);
	expect(r, "tag-commit", RCB_CHECK_PASS, NULL);
	rcb_verify_result_free(r);
}

/* Snapshot of every file under dir: path, size, mode, mtime, content. */
static void snapshot(rcb_buf *out, const char *dir)
{
	char file[4200];
	snprintf(file, sizeof file, "%s/.snap", g_tmp);
	assert_int_equal(sh(g_tmp, "cd '%s' && find . -exec stat -c '%%n %%s %%a %%Y' {} + | sort && "
				   "find . -type f -exec md5sum {} + | sort > '%s.sum'; cat '%s.sum'",
			    dir, file, file), 0);
	snprintf(file, sizeof file, "%s/.log", g_tmp);
	FILE *f = fopen(file, "r");
	char line[8192];
	assert_non_null(f);
	while (fgets(line, sizeof line, f))
		rcb_buf_puts(out, line);
	fclose(f);
}

static void test_verification_never_writes_into_the_repository(void **state)
{
	(void)state;
	char repo[4200];
	const char *d = new_repo("ro", "gf_release_repo r && gf_git r commit-graph write --reachable && "
				 "gf_git r pack-refs --all && chmod -R a-w r", repo, sizeof repo);
	rcb_buf before = RCB_BUF_INIT, after = RCB_BUF_INIT;
	snapshot(&before, repo);
	rcb_verify_input in = std_input();
	in.emergencies = std_emerg_all;
	in.nemergencies = 2;
	for (int k = 0; k < 2; k++) {
		in.flags = k ? RCB_VERIFY_NO_COMMIT_GRAPH : 0;
		rcb_verify_result *r = run(repo, &in);
		expect(r, "bom", RCB_CHECK_PASS, NULL);
		rcb_verify_result_free(r);
	}
	snapshot(&after, repo);
	assert_string_equal(rcb_buf_cstr(&before), rcb_buf_cstr(&after));
	rcb_buf_free(&before);
	rcb_buf_free(&after);
	assert_int_equal(sh(d, "chmod -R u+w r"), 0);
}

static void test_signature_missing_is_a_warning(void **state)
{
	(void)state;
	rcb_verify_input in = std_input();
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "signature", RCB_CHECK_WARN, "neither the tag nor its commit is signed", NULL);
	rcb_verify_result_free(r);
}

static int have_gpg(void)
{
	return system("gpg --version >/dev/null 2>&1") == 0;
}

static void test_signature_is_verified_with_gpg(void **state)
{
	(void)state;
	if (!have_gpg())
		skip();
	const char *d = newdir("gpg");
	/* a throw-away key in $GNUPGHOME (the temp dir); a good tag, a tag whose
	 * message was changed after signing, a signed commit */
	int rc = sh(d, "gpg --batch --quiet --passphrase '' --quick-gen-key 'Rel Eng <releng@example.org>' ed25519 sign never && "
		       "gf_init r && gf_commit r one a=1 && "
		       "gf_git r -c user.signingkey=releng@example.org tag -s -m 'signed release' v1.0.0.0 && "
		       "gf_git r cat-file tag v1.0.0.0 | sed 's/signed release/tampered release/' > bad.tag && "
		       "t=$(gf_git r hash-object -t tag -w ../bad.tag) && gf_git r tag v1.0.0.1 $t && "
		       "gf_git r -c user.signingkey=releng@example.org commit -q --allow-empty -S -m 'signed commit' && "
		       "gf_tag r v1.0.0.2");
	assert_int_equal(rc, 0);
	char repo[4200];
	snprintf(repo, sizeof repo, "%s/r", d);
	rcb_verify_input in = input_of("1.0.0.0", "v1.0.0.0", NULL);
	rcb_verify_result *r = run(repo, &in);
	expect(r, "signature", RCB_CHECK_PASS, "good PGP signature", "Rel Eng", NULL);
	rcb_verify_result_free(r);

	in.tag = "v1.0.0.1";
	in.version = "1.0.0.1";
	r = run(repo, &in);
	expect(r, "signature", RCB_CHECK_FAIL, "BAD PGP signature", NULL);
	rcb_verify_result_free(r);

	in.tag = "v1.0.0.2";
	in.version = "1.0.0.2";
	r = run(repo, &in);
	expect(r, "signature", RCB_CHECK_PASS, "the commit has a good PGP signature", NULL);
	rcb_verify_result_free(r);

	/* without gpg on PATH: detected, not verified */
	char *path = strdup(getenv("PATH"));
	setenv("PATH", "/nonexistent", 1);
	in.tag = "v1.0.0.0";
	in.version = "1.0.0.0";
	r = run(repo, &in);
	setenv("PATH", path, 1);
	free(path);
	expect(r, "signature", RCB_CHECK_WARN, "not verified: gpg not installed", NULL);
	rcb_verify_result_free(r);

	/* an unknown key is not a failure */
	char home[4200];
	snprintf(home, sizeof home, "%s/emptygpg", d);
	mkdir(home, 0700);
	char *old = strdup(getenv("GNUPGHOME"));
	setenv("GNUPGHOME", home, 1);
	r = run(repo, &in);
	setenv("GNUPGHOME", old, 1);
	free(old);
	expect(r, "signature", RCB_CHECK_WARN, "not in the keyring", NULL);
	rcb_verify_result_free(r);
}

static void test_previous_tag_is_derived_from_the_version(void **state)
{
	(void)state;
	char *t = NULL;
	assert_int_equal(rcb_verify_tag_for_version(&t, "dip-1.0.2.0", "1.0.2.0", "1.0.1.7"), 0);
	assert_string_equal(t, "dip-1.0.1.7");
	free(t);
	assert_int_equal(rcb_verify_tag_for_version(&t, "v1.0.2.0-final", "1.0.2.0", "1.0.1.0"), 0);
	assert_string_equal(t, "v1.0.1.0-final");
	free(t);
	assert_int_equal(rcb_verify_tag_for_version(&t, "dip-11.0.2.0", "1.0.2.0", "1.0.1.0"), RCB_ENOTFOUND);
	assert_null(t);

	/* prev_version substitutes; GUESS_PREV finds the newest older tag */
	rcb_verify_input in = std_input();
	in.prev_tag = NULL;
	in.prev_version = "1.0.1.0";
	rcb_verify_result *r = run(g_std, &in);
	expect(r, "defects", RCB_CHECK_PASS, "dip-1.0.1.0..dip-1.0.2.0", NULL);
	rcb_verify_result_free(r);
	in.prev_version = NULL;
	in.flags = RCB_VERIFY_GUESS_PREV;
	r = run(g_std, &in);
	/* the newest older tag is the unmerged emergency 1.0.1.2 */
	assert_string_equal(r->prev_tag, "dip-1.0.1.2");
	rcb_verify_result_free(r);
	in.prev_version = "1.0.1.9";
	in.flags = 0;
	r = run(g_std, &in);
	expect(r, "defects", RCB_CHECK_FAIL, "dip-1.0.1.9", "not in the repository", NULL);
	expect(r, "undocumented", RCB_CHECK_SKIP, "cannot be bounded", NULL);
	/* the ancestry is still answered */
	expect(r, "merge-back", RCB_CHECK_PASS, "1.0.1.1", NULL);
	rcb_verify_result_free(r);
}

static void test_json_has_the_issue_shape_and_escapes_strings(void **state)
{
	(void)state;
	rcb_buf b = RCB_BUF_INIT;
	rcb_verify_input in = std_input();
	in.label = "DIP@1.0.2.0 \"quoted\"\n";
	rcb_verify_result *r = run(g_std, &in);
	assert_int_equal(rcb_verify_json(&b, r), 0);
	assert_non_null(strstr(rcb_buf_cstr(&b), "{\"release\": \"DIP@1.0.2.0 \\\"quoted\\\"\\n\", \"result\": \"warn\", \"checks\": [{\"name\": \"tag-exists\", \"status\": \"pass\", \"detail\": "));
	rcb_buf_free(&b);
	rcb_verify_result_free(r);
}

/* Issue 16: every check that fails says what the board can do next, with
 * the section of the document it rests on; a pass or a skip says nothing. */
static void test_every_failing_check_has_advice_citing_a_section(void **state)
{
	(void)state;
	for (size_t k = 0; k < RCB_VERIFY_NCHECKS; k++) {
		rcb_check c = {rcb_verify_check_name(k), RCB_CHECK_FAIL, (char *)"something failed"};
		const char *a;
		if (k == RCB_VCHECK_UNDOCUMENTED || k == RCB_VCHECK_TAG_VERSION)
			continue; /* these only ever WARN */
		a = rcb_check_advice(&c);
		assert_non_null(a);
		assert_non_null(strstr(a, "(12."));
		c.status = RCB_CHECK_PASS;
		assert_null(rcb_check_advice(&c));
		c.status = RCB_CHECK_SKIP;
		assert_null(rcb_check_advice(&c));
	}
	{
		rcb_check mb = {"merge-back", RCB_CHECK_FAIL, (char *)"not merged back"};
		rcb_check tm = {"tag-moved", RCB_CHECK_FAIL, (char *)"tag moved"};
		rcb_check nn = {"bom", RCB_CHECK_FAIL, (char *)RCB_VERIFY_NO_NOTE_DETAIL ": no Bill of Materials to check"};
		rcb_check un = {"undocumented", RCB_CHECK_WARN, (char *)"2 IDs"};
		assert_non_null(strstr(rcb_check_advice(&mb), "No-Go until the emergency fix is merged"));
		assert_non_null(strstr(rcb_check_advice(&mb), "12.8"));
		assert_non_null(strstr(rcb_check_advice(&tm), "reject; rebuild under a new version and RFC"));
		assert_non_null(strstr(rcb_check_advice(&tm), "12.9"));
		assert_non_null(strstr(rcb_check_advice(&nn), "rcb notes import"));
		assert_non_null(strstr(rcb_check_advice(&un), "12.10"));
	}
}

static void test_status_names_round_trip(void **state)
{
	(void)state;
	rcb_check_status s;
	for (int k = 0; k < 4; k++) {
		assert_int_equal(rcb_check_status_parse(&s, rcb_check_status_name((rcb_check_status)k)), 0);
		assert_int_equal(s, k);
		assert_int_equal(rcb_check_status_parse(&s, rcb_check_status_label((rcb_check_status)k)), 0);
	}
	assert_int_equal(rcb_check_status_parse(&s, "ok"), RCB_EINVAL);
	const char *want[] = {"tag-exists", "tag-commit", "tag-version", "bom", "defects",
			      "undocumented", "merge-back", "tag-moved", "signature"};
	for (size_t k = 0; k < RCB_VERIFY_NCHECKS; k++)
		assert_string_equal(rcb_verify_check_name(k), want[k]);
	assert_null(rcb_verify_check_name(RCB_VERIFY_NCHECKS));
}

static void test_bad_input_is_refused(void **state)
{
	(void)state;
	rcb_verify_result *r = NULL;
	rcb_verify_input in = std_input();
	in.tag = "";
	assert_int_equal(rcb_verify_run(&r, g_std, &in, NULL, NULL), RCB_EINVAL);
	in = std_input();
	in.version = "1.0.2";
	assert_int_equal(rcb_verify_run(&r, g_std, &in, NULL, NULL), RCB_EINVAL);
	in = std_input();
	in.tag = "bad..name";
	r = run(g_std, &in);
	expect(r, "tag-exists", RCB_CHECK_FAIL, "not a valid tag name", NULL);
	rcb_verify_result_free(r);
}

typedef struct {
	int calls, last;
} prog;

static void on_progress(void *ctx, const char *step, int pct)
{
	prog *p = ctx;
	assert_non_null(step);
	assert_true(pct >= p->last);
	p->last = pct;
	p->calls++;
}

static void test_progress_is_reported_in_order(void **state)
{
	(void)state;
	prog p = {0, 0};
	rcb_verify_result *r = NULL;
	rcb_verify_input in = std_input();
	assert_int_equal(rcb_verify_run(&r, g_std, &in, on_progress, &p), 0);
	assert_true(p.calls >= 4);
	assert_int_equal(p.last, 100);
	rcb_verify_result_free(r);
}

int main(int argc, char **argv)
{
	int wrc = rcb_worker_dispatch(argc, argv); /* a worker exec'd from here (sanitizer builds) */
	if (wrc >= 0)
		return wrc;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_checks_pass_on_a_consistent_note),
		cmocka_unit_test(test_tag_exists_names_a_lightweight_tag),
		cmocka_unit_test(test_tag_exists_follows_an_annotated_tag_on_an_annotated_tag),
		cmocka_unit_test(test_tag_exists_fails_when_the_tag_is_missing),
		cmocka_unit_test(test_empty_repository_is_named),
		cmocka_unit_test(test_not_a_repository_is_an_error),
		cmocka_unit_test(test_tag_commit_fails_for_a_tag_on_a_blob_or_tree),
		cmocka_unit_test(test_tag_commit_compares_full_and_abbreviated_ids),
		cmocka_unit_test(test_tag_commit_refuses_an_ambiguous_abbreviation),
		cmocka_unit_test(test_tag_version_warns_when_the_name_lacks_the_version),
		cmocka_unit_test(test_bom_names_a_missing_path),
		cmocka_unit_test(test_bom_compares_hex_versions_with_blob_ids),
		cmocka_unit_test(test_bom_handles_thousands_of_paths),
		cmocka_unit_test(test_defects_names_an_id_missing_from_the_range),
		cmocka_unit_test(test_defects_matches_whole_ids_only),
		cmocka_unit_test(test_undocumented_warns_of_ids_the_note_does_not_list),
		cmocka_unit_test(test_undocumented_uses_the_component_pattern),
		cmocka_unit_test(test_merge_back_fails_for_an_emergency_not_merged),
		cmocka_unit_test(test_merge_back_skips_the_emergency_line_itself),
		cmocka_unit_test(test_merge_back_fails_for_an_emergency_tag_missing),
		cmocka_unit_test(test_12_8_merge_back_of_an_emergency_into_every_later_release),
		cmocka_unit_test(test_tag_moved_after_the_first_verification_fails),
		cmocka_unit_test(test_bare_packed_repository_gives_the_same_answers),
		cmocka_unit_test(test_history_answers_agree_with_libgit2),
		cmocka_unit_test(test_a_stale_commit_graph_gives_the_same_answers),
		cmocka_unit_test(test_a_long_range_read_on_two_threads_gives_the_same_answers),
		cmocka_unit_test(test_a_walk_without_the_graph_gives_the_graph_answers_reading_ahead),
		cmocka_unit_test(test_the_read_ahead_reads_the_commits_in_pack_order),
		cmocka_unit_test(test_a_pack_not_in_the_walks_order_is_not_read_ahead),
		cmocka_unit_test(test_a_read_ahead_commit_that_does_not_hash_to_its_id_is_not_used),
		cmocka_unit_test(test_the_pack_reader_reads_whole_commits_as_libgit2_does),
		cmocka_unit_test(test_the_pack_reader_resolves_deltas_as_libgit2_does),
		cmocka_unit_test(test_the_pack_reader_refuses_hostile_deltas),
		cmocka_unit_test(test_a_worker_reads_its_repository_again_after_it_changed),
		cmocka_unit_test(test_a_retired_worker_is_killed_and_replaced),
		cmocka_unit_test(test_a_missing_repository_starts_no_worker),
		cmocka_unit_test(test_a_damaged_tree_delta_is_reported_by_the_bom),
		cmocka_unit_test(test_a_ref_delta_based_in_another_pack_is_not_read),
		cmocka_unit_test(test_an_index_too_long_for_libgit2_is_not_read),
		cmocka_unit_test(test_a_multi_pack_index_leaves_every_read_to_libgit2),
		cmocka_unit_test(test_a_pack_libgit2_refuses_is_not_read_ahead),
		cmocka_unit_test(test_a_range_longer_than_the_read_ahead_ring_gives_the_same_answers),
		cmocka_unit_test(test_shallow_clone_says_what_could_not_be_completed),
		cmocka_unit_test(test_corrupt_object_is_reported_not_fatal),
		cmocka_unit_test(test_an_unreadable_tag_object_is_not_called_lightweight),
		cmocka_unit_test(test_a_broken_dot_git_is_named),
		cmocka_unit_test(test_a_long_tag_chain_is_refused_clearly),
		cmocka_unit_test(test_verification_never_writes_into_the_repository),
		cmocka_unit_test(test_signature_missing_is_a_warning),
		cmocka_unit_test(test_signature_is_verified_with_gpg),
		cmocka_unit_test(test_previous_tag_is_derived_from_the_version),
		cmocka_unit_test(test_json_has_the_issue_shape_and_escapes_strings),
		cmocka_unit_test(test_status_names_round_trip),
		cmocka_unit_test(test_every_failing_check_has_advice_citing_a_section),
		cmocka_unit_test(test_bad_input_is_refused),
		cmocka_unit_test(test_progress_is_reported_in_order),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
