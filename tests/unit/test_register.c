/* test_register.c: the register on a real SQLite file — reference data
 * counts against the programme document, round trips, and the rules. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deploy.h"
#include "register.h"
#include "store.h"
#include "fixture.h"

static int setup(void **state)
{
	fixture *f = fx_open(FX_NOW);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	return fx_close(*state);
}

/* Reference data matches the document: 4 release types (10.1), 10 control
 * points (Table 8), 4 default environments (Table 2), 4 meeting types
 * (Tables 10-11), 16 roles of Table 12, 13 RACI activities x 8 roles
 * (Table 13), lifecycle steps 4.1-4.4, 5.1-5.3 and 3 emergency steps. */
static void test_reference_data_counts(void **state)
{
	fixture *f = *state;
	rcb_store *st = f->st;
	assert_int_equal(fx_count(st, "SELECT count(*) FROM release_type"), 4);
	assert_int_equal(fx_count(st, "SELECT count(*) FROM control_point"), 10);
	assert_int_equal(fx_count(st, "SELECT count(*) FROM control_point WHERE major_only"), 1);
	assert_int_equal(fx_count(st, "SELECT id FROM control_point WHERE major_only"), 2);
	assert_int_equal(fx_count(st, "SELECT count(*) FROM environment"), 4);
	assert_int_equal(fx_count(st, "SELECT count(*) FROM meeting_type"), 4);
	assert_int_equal(fx_count(st, "SELECT count(*) FROM role WHERE source = 'Table 12'"), 16);
	assert_int_equal(fx_count(st, "SELECT count(DISTINCT activity) FROM raci"), 13);
	assert_int_equal(fx_count(st, "SELECT count(*) FROM raci"), 13 * 8);
	assert_int_equal(fx_count(st, "SELECT count(*) FROM lifecycle_step WHERE NOT emergency"), 7);
	assert_int_equal(fx_count(st, "SELECT count(*) FROM lifecycle_step WHERE emergency"), 3);
	/* Table 10: the RCB's members are the chair plus four */
	assert_int_equal(fx_count(st, "SELECT count(*) FROM meeting_member m JOIN meeting_type t ON t.id = m.meeting_type_id "
				      "WHERE t.name = 'Release Control Board'"), 5);
	/* Table 8: control point 7 (RFC Approval) is at step 4.2 */
	assert_int_equal(fx_count(st, "SELECT count(*) FROM control_point WHERE id = 7 AND step = '4.2' AND name = 'RFC Approval'"), 1);
}

static void test_store_settings(void **state)
{
	fixture *f = *state;
	assert_int_equal(fx_count(f->st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(fx_count(f->st, "PRAGMA application_id"), RCB_APPLICATION_ID);
	assert_int_equal(fx_count(f->st, "PRAGMA user_version"), rcb_store_schema_version());
	{
		sqlite3_stmt *s;
		assert_int_equal(rcb_store_prepare(f->st, &s, "PRAGMA journal_mode"), 0);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
		sqlite3_finalize(s);
	}
}

static void add_dip(rcb_store *st)
{
	assert_int_equal(rcb_component_add(st, "DIP", "Data Integration Platform service provider", "/srv/git/dip.git"), 0);
}

static int add_rel(rcb_store *st, const char *v, rcb_reltype t)
{
	rcb_release_spec spec = {"DIP", v, t, "a release", NULL, NULL, NULL, NULL, NULL, NULL};
	return rcb_release_add(st, &spec, NULL);
}

static void test_component_round_trip(void **state)
{
	fixture *f = *state;
	rcb_component c;
	add_dip(f->st);
	assert_int_equal(rcb_component_get(f->st, "dip", &c), 0); /* names are case-insensitive */
	assert_string_equal(c.name, "DIP");
	assert_string_equal(c.party, "Data Integration Platform service provider");
	assert_string_equal(c.repo_path, "/srv/git/dip.git");
	assert_null(c.defect_pattern);
	rcb_component_clear(&c);
	assert_int_equal(rcb_component_add(f->st, "DIP", "Data Integration Platform service provider", NULL), RCB_EEXISTS);
	assert_int_equal(rcb_component_get(f->st, "NOPE", &c), RCB_ENOTFOUND);
	assert_int_equal(rcb_component_add(f->st, "", "Data Integration Platform service provider", NULL), RCB_EINVAL);
	assert_int_equal(rcb_component_add(f->st, "A@B", "Data Integration Platform service provider", NULL), RCB_EINVAL);
	assert_int_equal(rcb_component_add(f->st, "ESC", "x\033[2J", NULL), RCB_EINVAL);
}

/* 5.4 Participants: "These are: ... Each of the parties above is referred
 * to as a Test Participant": a component's party is one of them, in the
 * document's spelling; anything else is refused naming the valid ones. */
static void test_component_party_is_one_of_5_4(void **state)
{
	fixture *f = *state;
	rcb_component c;
	char buf[256];

	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM party"), 10);
	assert_int_equal(rcb_component_add(f->st, "DIP", "DIP service provider", NULL), RCB_EINVAL);
	assert_non_null(strstr(rcb_error_msg(), "'DIP service provider' is not one of the parties of 5.4"));
	assert_non_null(strstr(rcb_error_msg(), "'Data Integration Platform service provider'"));
	assert_non_null(strstr(rcb_error_msg(), "'St Clements and C&C'"));
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM component"), 0);
	/* any case; stored as the document spells it */
	assert_int_equal(rcb_component_add(f->st, "DIP", "data integration platform SERVICE provider", NULL), 0);
	assert_int_equal(rcb_component_get(f->st, "DIP", &c), 0);
	assert_string_equal(c.party, "Data Integration Platform service provider");
	rcb_component_clear(&c);
	assert_int_equal(rcb_component_set(f->st, "DIP", "party", "Elexon Central Systems"), RCB_EINVAL);
	assert_int_equal(rcb_component_set(f->st, "DIP", "party", NULL), RCB_EINVAL);
	assert_int_equal(rcb_component_set(f->st, "DIP", "party", "recco"), 0);
	assert_int_equal(rcb_component_get(f->st, "DIP", &c), 0);
	assert_string_equal(c.party, "RECCo");
	rcb_component_clear(&c);
	assert_int_equal(rcb_party_find(f->st, "(i)dnos", buf, sizeof buf), 0);
	assert_string_equal(buf, "(I)DNOs");
}

static void test_every_change_is_audited(void **state)
{
	fixture *f = *state;
	int64_t before = fx_count(f->st, "SELECT count(*) FROM audit");
	add_dip(f->st);
	assert_int_equal(add_rel(f->st, "1.0.0.0", RCB_MAJOR), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit"), before + 2);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit WHERE who = 'tester' AND action = 'release.add' "
				         "AND at = '2024-03-12T10:00:00Z' AND detail LIKE 'DIP@1.0.0.0%'"), 1);
}

/* 11: a new release must carry exactly next(latest, type). */
static void test_release_must_be_next_version(void **state)
{
	fixture *f = *state;
	add_dip(f->st);
	assert_int_equal(add_rel(f->st, "1.0.0.0", RCB_MAJOR), 0);
	assert_int_equal(add_rel(f->st, "1.0.1.0", RCB_MINOR), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "must be 1.1.0.0"));
	assert_int_equal(add_rel(f->st, "1.0.1.0", RCB_PATCH), 0);
	for (int i = 1; i <= 7; i++) {
		char v[32];
		snprintf(v, sizeof v, "1.0.1.%d", i);
		assert_int_equal(add_rel(f->st, v, RCB_EMERGENCY), 0);
	}
	assert_int_equal(add_rel(f->st, "1.0.1.9", RCB_EMERGENCY), RCB_EREFUSED);
	assert_int_equal(add_rel(f->st, "1.0.2.0", RCB_PATCH), 0);
	assert_int_equal(add_rel(f->st, "2.0.0.0", RCB_MAJOR), 0);
	assert_int_equal(add_rel(f->st, "2.0.0.0", RCB_MAJOR), RCB_EREFUSED);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM release"), 11);
}

/* The first release of a component may carry any version (joining mid-life). */
static void test_first_release_any_version(void **state)
{
	fixture *f = *state;
	rcb_release r;
	add_dip(f->st);
	assert_int_equal(add_rel(f->st, "3.2.1.4", RCB_EMERGENCY), 0);
	assert_int_equal(rcb_release_get(f->st, "DIP@3.2.1.4", &r), 0);
	assert_int_equal(r.type, RCB_EMERGENCY);
	assert_string_equal(r.step, "E1"); /* 12.8: an Emergency release starts at E1 */
	rcb_release_clear(&r);
	assert_int_equal(add_rel(f->st, "3.2.1.5", RCB_EMERGENCY), 0);
}

/* 11, Table 3: "Versioning following the first major release will be
 * 1.0.0.0" -- a component's first release has its type's shape. */
static void test_11_first_release_has_its_type_shape(void **state)
{
	fixture *f = *state;
	add_dip(f->st);
	assert_int_equal(add_rel(f->st, "1.0.3.0", RCB_MAJOR), RCB_EINVAL);
	assert_non_null(strstr(rcb_error_msg(), "Release 1.0.3.0 is not a Major version"));
	assert_int_equal(add_rel(f->st, "1.0.0.0", RCB_EMERGENCY), RCB_EINVAL);
	assert_non_null(strstr(rcb_error_msg(), "is not an Emergency version"));
	assert_int_equal(add_rel(f->st, "1.2.0.0", RCB_PATCH), RCB_EINVAL);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM release"), 0);
	assert_int_equal(add_rel(f->st, "1.2.0.0", RCB_MINOR), 0);
}

/* Deploy DIP@v to env, forced past the deploy gate (the rules of the deploy
 * are deploy.c's; here only the version in place counts). */
static void deploy_forced(rcb_store *st, const char *v, const char *env)
{
	char ref[64];
	rcb_deploy_spec d = {ref, env, RCB_OUTCOME_DEPLOYED, NULL, NULL, "unit test set-up", NULL};
	snprintf(ref, sizeof ref, "DIP@%s", v);
	assert_int_equal(rcb_deploy_record(NULL, st, &d), 0);
}

/* 12.8: "An Emergency Release is a type of release which is a quick fix to an
 * emergency problem": a fix of the version deployed in an environment is
 * registrable while a later regular release is in flight. */
static void test_12_8_emergency_on_the_deployed_line_while_later_in_flight(void **state)
{
	fixture *f = *state;
	rcb_version v, base;
	int64_t cid;
	int has;

	add_dip(f->st);
	assert_int_equal(add_rel(f->st, "1.0.0.0", RCB_MAJOR), 0);
	assert_int_equal(add_rel(f->st, "1.1.0.0", RCB_MINOR), 0);
	/* the 1.0.0 line is deployed nowhere yet: refused, naming why */
	assert_int_equal(add_rel(f->st, "1.0.0.1", RCB_EMERGENCY), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "must be 1.1.0.1"));
	assert_non_null(strstr(rcb_error_msg(), "no environment has 1.0.0.x"));
	deploy_forced(f->st, "1.0.0.0", "SIT A");
	assert_int_equal(add_rel(f->st, "1.0.0.1", RCB_EMERGENCY), 0);
	/* the fix follows 1.0.0.0, not the latest 1.1.0.0 */
	assert_int_equal(rcb_component_find(f->st, "DIP", &cid), 0);
	assert_int_equal(rcb_version_parse(&v, "1.0.0.2"), 0);
	assert_int_equal(rcb_release_sequence(f->st, cid, "DIP", &v, RCB_EMERGENCY, &base, &has), 0);
	assert_int_equal(has, 1);
	assert_int_equal(base.part[3], 1); /* the latest emergency on the line: 1.0.0.1 */
	/* duplicates and skipped numbers on the line are refused */
	assert_int_equal(add_rel(f->st, "1.0.0.1", RCB_EMERGENCY), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "must be 1.0.0.2"));
	assert_int_equal(add_rel(f->st, "1.0.0.3", RCB_EMERGENCY), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "on the 1.0.0 line (DIP 1.0.0.0 is deployed in SIT A) after 1.0.0.1 must be 1.0.0.2"));
	assert_int_equal(add_rel(f->st, "1.0.0.2", RCB_EMERGENCY), 0);
	/* a regular release still follows the latest; so does an emergency of its line */
	assert_int_equal(add_rel(f->st, "1.0.1.0", RCB_PATCH), RCB_EREFUSED);
	assert_string_equal(rcb_error_msg(), "DIP 1.0.1.0: a patch release after 1.1.0.0 must be 1.1.1.0");
	assert_int_equal(add_rel(f->st, "1.1.0.1", RCB_EMERGENCY), 0);
	assert_int_equal(add_rel(f->st, "1.2.0.0", RCB_MINOR), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM release"), 6);
}

/* 12.8: a line whose version left every environment (replaced there) is
 * deployed nowhere: no emergency fix of it; a rollback puts it back. */
static void test_12_8_emergency_refused_once_the_line_is_replaced(void **state)
{
	fixture *f = *state;
	rcb_deploy_spec rb = {"DIP@1.1.0.0", "SIT A", RCB_OUTCOME_ROLLED_BACK, NULL, NULL, "unit test set-up", NULL};

	add_dip(f->st);
	assert_int_equal(add_rel(f->st, "1.0.0.0", RCB_MAJOR), 0);
	assert_int_equal(add_rel(f->st, "1.1.0.0", RCB_MINOR), 0);
	setenv("RCB_NOW", "2024-03-12T11:00:00Z", 1);
	deploy_forced(f->st, "1.0.0.0", "SIT A");
	setenv("RCB_NOW", "2024-03-12T12:00:00Z", 1);
	deploy_forced(f->st, "1.1.0.0", "SIT A");
	assert_int_equal(add_rel(f->st, "1.0.0.1", RCB_EMERGENCY), RCB_EREFUSED);
	setenv("RCB_NOW", "2024-03-12T13:00:00Z", 1);
	assert_int_equal(rcb_deploy_record(NULL, f->st, &rb), 0);
	assert_int_equal(add_rel(f->st, "1.0.0.1", RCB_EMERGENCY), 0);
}

/* 12.8, Table 9 step 3: "Merge changes to CIs back into all other in-flight
 * releases": which releases must take an emergency fix. */
static void test_12_8_takes_fix_every_later_release_in_flight(void **state)
{
	rcb_release em = {0}, r = {0};
	(void)state;
	em.component_id = r.component_id = 1;
	em.type = RCB_EMERGENCY;
	assert_int_equal(rcb_version_parse(&em.version, "1.0.0.1"), 0);
	em.created_at = "2024-03-12T10:00:00Z";
	r.type = RCB_MINOR;
	r.rfc_status = "approved";
	r.created_at = "2024-03-01T09:00:00Z";
	assert_int_equal(rcb_version_parse(&r.version, "1.1.0.0"), 0);
	assert_true(rcb_release_takes_fix(&r, &em));        /* later, in flight */
	assert_int_equal(rcb_version_parse(&r.version, "2.0.0.0"), 0);
	assert_true(rcb_release_takes_fix(&r, &em));        /* every later one, not only the next */
	r.rfc_status = "closed";
	assert_false(rcb_release_takes_fix(&r, &em));       /* closed before the fix came: not in flight */
	r.created_at = "2024-03-13T09:00:00Z";
	assert_true(rcb_release_takes_fix(&r, &em));        /* registered after the fix */
	assert_int_equal(rcb_version_parse(&r.version, "1.0.0.0"), 0);
	assert_false(rcb_release_takes_fix(&r, &em));       /* older */
	assert_int_equal(rcb_version_parse(&r.version, "1.0.0.2"), 0);
	assert_false(rcb_release_takes_fix(&r, &em));       /* the fix's own line */
	assert_int_equal(rcb_version_parse(&r.version, "1.1.0.0"), 0);
	r.component_id = 2;
	assert_false(rcb_release_takes_fix(&r, &em));       /* another component */
}

/* 11: a release follows the one below it -- not an emergency fix of an
 * older line that came after it (12.8). */
static void test_11_previous_release_skips_a_later_fix_of_an_older_line(void **state)
{
	fixture *f = *state;
	rcb_release r;
	rcb_version prev;
	int found;

	add_dip(f->st);
	assert_int_equal(add_rel(f->st, "1.0.0.0", RCB_MAJOR), 0);
	assert_int_equal(add_rel(f->st, "1.1.0.0", RCB_MINOR), 0);
	deploy_forced(f->st, "1.0.0.0", "SIT A");
	setenv("RCB_NOW", "2024-03-12T11:00:00Z", 1);
	assert_int_equal(add_rel(f->st, "1.0.0.1", RCB_EMERGENCY), 0);
	assert_int_equal(add_rel(f->st, "1.2.0.0", RCB_MINOR), 0);
	assert_int_equal(rcb_release_get(f->st, "DIP@1.1.0.0", &r), 0);
	assert_int_equal(rcb_release_previous(f->st, &r, &prev, &found), 0);
	assert_int_equal(found, 1);
	assert_int_equal(rcb_version_cmp(&prev, &(rcb_version){{1, 0, 0, 0}}), 0);
	rcb_release_clear(&r);
	/* 1.2.0.0, registered after the fix, follows 1.1.0.0 */
	assert_int_equal(rcb_release_get(f->st, "DIP@1.2.0.0", &r), 0);
	assert_int_equal(rcb_release_previous(f->st, &r, &prev, &found), 0);
	assert_int_equal(rcb_version_cmp(&prev, &(rcb_version){{1, 1, 0, 0}}), 0);
	rcb_release_clear(&r);
	/* the fix itself follows 1.0.0.0 */
	assert_int_equal(rcb_release_get(f->st, "DIP@1.0.0.1", &r), 0);
	assert_int_equal(rcb_release_previous(f->st, &r, &prev, &found), 0);
	assert_int_equal(rcb_version_cmp(&prev, &(rcb_version){{1, 0, 0, 0}}), 0);
	rcb_release_clear(&r);
}

/* rcb_release_previous reads the register newest first and stops at the
 * first release that precedes: the same answer as the whole walk it
 * replaced (every release of the component, the last that precedes),
 * for every release of a register of 40 versions over eight lines, each
 * line's fix registered after the next line began. */
typedef struct {
	const rcb_release *rel;
	rcb_version prev;
	int found;
} walk_all;

static int walk_all_cb(void *ctx, const rcb_release *r)
{
	walk_all *w = ctx;
	if (rcb_release_precedes(r, w->rel)) {
		w->prev = r->version;
		w->found = 1;
	}
	return 0;
}

typedef struct {
	char refs[80][64];
	int n;
} ref_list;

static int ref_cb(void *ctx, const rcb_release *r)
{
	ref_list *l = ctx;
	if (l->n < 80)
		snprintf(l->refs[l->n++], sizeof l->refs[0], "DIP@%s", r->version_str);
	return 0;
}

/* What a verification's preparation reads of the component instead of
 * every release (rcb_release_foreach_near): for every release of the
 * register below, the emergency releases under it and every release
 * above it, oldest first -- the whole walk filtered by the same rules. */
static void expect_near(rcb_store *st, const ref_list *all, int i)
{
	rcb_release r;
	ref_list older = {.n = 0}, later = {.n = 0};
	int k = 0;
	assert_int_equal(rcb_release_get(st, all->refs[i], &r), 0);
	assert_int_equal(rcb_release_foreach_near(st, &r, RCB_NEAR_OLDER_FIXES, ref_cb, &older), 0);
	assert_int_equal(rcb_release_foreach_near(st, &r, RCB_NEAR_LATER, ref_cb, &later), 0);
	for (int j = 0; j < i; j++) {
		rcb_release o;
		assert_int_equal(rcb_release_get(st, all->refs[j], &o), 0);
		if (o.type == RCB_EMERGENCY || o.version.part[3] != 0) {
			assert_true(k < older.n);
			assert_string_equal(older.refs[k++], all->refs[j]);
		}
		rcb_release_clear(&o);
	}
	assert_int_equal(k, older.n);
	assert_int_equal(later.n, all->n - i - 1);
	for (int j = i + 1; j < all->n; j++)
		assert_string_equal(later.refs[j - i - 1], all->refs[j]);
	rcb_release_clear(&r);
}

static void test_previous_release_agrees_with_the_whole_walk(void **state)
{
	fixture *f = *state;
	ref_list l = {.n = 0};
	char v[32], when[32];

	add_dip(f->st);
	assert_int_equal(add_rel(f->st, "1.0.0.0", RCB_MAJOR), 0);
	for (int line = 1; line <= 8; line++) {
		for (int patch = 0; patch < 4; patch++) {
			snprintf(when, sizeof when, "2024-%02d-%02dT10:00:00Z", line, 1 + patch);
			setenv("RCB_NOW", when, 1);
			snprintf(v, sizeof v, "1.%d.%d.0", line, patch);
			assert_int_equal(add_rel(f->st, v, patch ? RCB_PATCH : RCB_MINOR), 0);
		}
		/* a fix of the line before, registered after this line began */
		snprintf(v, sizeof v, "1.%d.3.0", line - 1);
		if (line > 1) {
			deploy_forced(f->st, v, "SIT A");
			snprintf(when, sizeof when, "2024-%02d-20T10:00:00Z", line);
			setenv("RCB_NOW", when, 1);
			snprintf(v, sizeof v, "1.%d.3.1", line - 1);
			assert_int_equal(add_rel(f->st, v, RCB_EMERGENCY), 0);
		}
	}
	assert_int_equal(rcb_release_foreach(f->st, "DIP", ref_cb, &l), 0);
	assert_int_equal(l.n, 40); /* 1.0.0.0, 8 lines of 4, 7 fixes */
	int nfound = 0, nskipped = 0;
	for (int i = 0; i < l.n; i++) {
		rcb_release r;
		rcb_version prev;
		int found;
		assert_int_equal(rcb_release_get(f->st, l.refs[i], &r), 0);
		walk_all w = {&r, {{0}}, 0};
		assert_int_equal(rcb_release_foreach(f->st, "DIP", walk_all_cb, &w), 0);
		assert_int_equal(rcb_release_previous(f->st, &r, &prev, &found), 0);
		assert_int_equal(found, w.found);
		if (found) {
			assert_int_equal(rcb_version_cmp(&prev, &w.prev), 0);
			nfound++;
			/* the release just below was passed over (an emergency
			 * fix of an older line registered after this one) */
			rcb_version below;
			assert_int_equal(rcb_version_parse(&below, l.refs[i - 1] + 4), 0);
			nskipped += rcb_version_cmp(&prev, &below) != 0;
		}
		rcb_release_clear(&r);
	}
	assert_int_equal(nfound, 39); /* all but the first */
	for (int i = 0; i < l.n; i++)
		expect_near(f->st, &l, i);
	print_message("# %d of 39 passed over the release just below\n", nskipped);
	assert_true(nskipped > 0);
}

/* rcb_release_foreach keeps its statement prepared, and a callback may
 * list the register again (verify's preparation does, through the
 * register): the inner listing gets a statement of its own, the outer one
 * goes on where it was, and both see every release in order. */
typedef struct {
	rcb_store *st;
	int depth;
	char seen[2][8][RCB_VERSION_STRLEN];
	int n[2];
} nested_list;

static int nested_cb(void *ctx, const rcb_release *r)
{
	nested_list *l = ctx;
	int d = l->depth;
	if (l->n[d] < 8)
		snprintf(l->seen[d][l->n[d]], sizeof l->seen[d][0], "%s", r->version_str);
	l->n[d]++;
	if (d == 0 && strcmp(r->version_str, "1.1.0.0") == 0) {
		l->depth = 1;
		assert_int_equal(rcb_release_foreach(l->st, "DIP", nested_cb, l), 0);
		l->depth = 0;
	}
	return 0;
}

static void test_release_listing_may_be_nested(void **state)
{
	fixture *f = *state;
	nested_list l;
	const char *want[] = {"1.0.0.0", "1.1.0.0", "2.0.0.0"};
	add_dip(f->st);
	assert_int_equal(add_rel(f->st, "1.0.0.0", RCB_MAJOR), 0);
	assert_int_equal(add_rel(f->st, "1.1.0.0", RCB_MINOR), 0);
	assert_int_equal(add_rel(f->st, "2.0.0.0", RCB_MAJOR), 0);
	for (int round = 0; round < 2; round++) { /* the second time from the cache */
		memset(&l, 0, sizeof l);
		l.st = f->st;
		assert_int_equal(rcb_release_foreach(f->st, NULL, nested_cb, &l), 0);
		assert_int_equal(l.n[0], 3);
		assert_int_equal(l.n[1], 3);
		for (int i = 0; i < 3; i++) {
			assert_string_equal(l.seen[0][i], want[i]);
			assert_string_equal(l.seen[1][i], want[i]);
		}
	}
	/* nothing is left between step and reset: a write goes through */
	assert_int_equal(add_rel(f->st, "2.0.1.0", RCB_PATCH), 0);
}

static void test_release_round_trip(void **state)
{
	fixture *f = *state;
	rcb_release r;
	rcb_release_spec spec = {"DIP", "1.0.2.0", RCB_PATCH, "patch release for SIT Functional testing",
				 "SIT A", "RFC-0042", "dip-1.0.2.0", "9fceb02d0ae598e95dc970b74767f19372d61af8", "2024-03-18", NULL};
	add_dip(f->st);
	assert_int_equal(rcb_release_add(f->st, &spec, NULL), 0);
	assert_int_equal(rcb_release_get(f->st, "DIP@1.0.2.0", &r), 0);
	assert_string_equal(r.component, "DIP");
	assert_string_equal(r.version_str, "1.0.2.0");
	assert_string_equal(r.title, "patch release for SIT Functional testing");
	assert_string_equal(r.env, "SIT A");
	assert_string_equal(r.rfc_id, "RFC-0042");
	assert_string_equal(r.rfc_status, "raised");
	assert_string_equal(r.tag, "dip-1.0.2.0");
	assert_string_equal(r.commit_id, "9fceb02d0ae598e95dc970b74767f19372d61af8");
	assert_string_equal(r.planned_date, "2024-03-18");
	rcb_release_clear(&r);
}

static void test_release_bad_input_refused(void **state)
{
	fixture *f = *state;
	rcb_release_spec spec = {"DIP", "1.0.0.0", RCB_MAJOR, "t", "Nowhere", NULL, NULL, NULL, NULL, NULL};
	rcb_release r;
	add_dip(f->st);
	assert_int_equal(rcb_release_add(f->st, &spec, NULL), RCB_ENOTFOUND); /* unknown environment */
	spec.env = NULL;
	spec.planned_date = "2024-02-30";
	assert_int_equal(rcb_release_add(f->st, &spec, NULL), RCB_EINVAL);
	spec.planned_date = NULL;
	spec.component = "NOPE";
	assert_int_equal(rcb_release_add(f->st, &spec, NULL), RCB_ENOTFOUND);
	spec.component = "DIP";
	spec.version = "1.0.0";
	assert_int_equal(rcb_release_add(f->st, &spec, NULL), RCB_EINVAL);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM release"), 0);
	assert_int_equal(rcb_release_get(f->st, "DIP1.0.0.0", &r), RCB_EINVAL);
	assert_int_equal(rcb_release_get(f->st, "DIP@9.9.9.9", &r), RCB_ENOTFOUND);
}

static int count_cp(void *ctx, const rcb_control_point *cp)
{
	int *n = ctx;
	n[0]++;
	n[1] += rcb_control_point_applies(cp, RCB_MAJOR);
	n[2] += rcb_control_point_applies(cp, RCB_PATCH);
	return 0;
}

/* 12.7: control point 2 applies to Major releases only. */
static void test_control_point_2_major_only(void **state)
{
	fixture *f = *state;
	int n[3] = {0, 0, 0};
	assert_int_equal(rcb_control_point_foreach(f->st, count_cp, n), 0);
	assert_int_equal(n[0], 10);
	assert_int_equal(n[1], 10);
	assert_int_equal(n[2], 9);
}

static void test_user_environment_added(void **state)
{
	fixture *f = *state;
	int64_t id;
	assert_int_equal(rcb_env_add(f->st, "Pre-Prod", "NFT", NULL), 0);
	assert_int_equal(rcb_env_find(f->st, "pre-prod", &id), 0);
	assert_int_equal(rcb_env_add(f->st, "SIT A", NULL, NULL), RCB_EEXISTS);
}

static void test_foreign_keys_enforced(void **state)
{
	fixture *f = *state;
	assert_int_not_equal(sqlite3_exec(rcb_store_db(f->st),
		"INSERT INTO release(component_id, version, v_major, v_minor, v_patch, v_emergency, type, title, created_at) "
		"VALUES (999, '1.0.0.0', 1, 0, 0, 0, 0, 'x', 'now')", NULL, NULL, NULL), SQLITE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reference_data_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_component_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_component_party_is_one_of_5_4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_change_is_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_must_be_next_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_release_any_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_11_first_release_has_its_type_shape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_12_8_emergency_on_the_deployed_line_while_later_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_12_8_emergency_refused_once_the_line_is_replaced, setup, teardown),
		cmocka_unit_test(test_12_8_takes_fix_every_later_release_in_flight),
		cmocka_unit_test_setup_teardown(test_previous_release_agrees_with_the_whole_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_11_previous_release_skips_a_later_fix_of_an_older_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_bad_input_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_control_point_2_major_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_environment_added, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_keys_enforced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_listing_may_be_nested, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
