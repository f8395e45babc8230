/* test_meeting.c: meetings of the board on a real SQLite file — creation
 * and validation, the upcoming-first list, attendance and the quorum of
 * Table 11, the agenda with its carry-over and clocks, closed meetings, the
 * TUI's state.  The clock is pinned with RCB_NOW (2024-03-12T10:00:00Z). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "action.h"
#include "chain.h"
#include "clock.h"
#include "decision.h"
#include "meeting.h"
#include "register.h"
#include "store.h"
#include "fixture.h"
#include "uistate.h"

static int setup(void **state)
{
	fixture *f = fx_open(FX_NOW);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	int rc = fx_close(*state);
	fx_clock(FX_NOW);
	return rc;
}

static int64_t meeting(rcb_store *st, const char *type, const char *date, const char *time, const char *chair)
{
	rcb_meeting_spec spec = {type, date, time, chair, NULL, 0};
	int64_t id = 0;
	assert_int_equal(rcb_meeting_add(st, &spec, &id), 0);
	assert_true(id > 0);
	return id;
}

static int64_t release(rcb_store *st, const char *comp, const char *v, rcb_reltype t)
{
	rcb_release_spec spec = {comp, v, t, "a release", NULL, NULL, NULL, "abc1234def", NULL, NULL};
	int64_t id = 0;
	rcb_component c;
	if (rcb_component_get(st, comp, &c) == 0)
		rcb_component_clear(&c);
	else
		assert_int_equal(rcb_component_add(st, comp, "Data Integration Platform service provider", NULL), 0);
	assert_int_equal(rcb_release_add(st, &spec, &id), 0);
	return id;
}

static int64_t attend(rcb_store *st, int64_t mid, const char *name, const char *role, rcb_attend_status s)
{
	int64_t id = 0;
	assert_int_equal(rcb_attendee_add(st, mid, name, role, "SI", s, &id), 0);
	return id;
}

/* ---- creating meetings ------------------------------------------------- */

static void test_meeting_takes_type_length_and_default_time(void **state)
{
	fixture *f = *state;
	rcb_meeting m;
	int64_t id = meeting(f->st, "Go / No-Go", "2024-03-14", NULL, "Ann Smith");

	assert_int_equal(rcb_meeting_get(f->st, id, &m), 0);
	assert_string_equal(m.type, "Go / No-Go");
	assert_string_equal(m.date, "2024-03-14");
	assert_string_equal(m.time, "10:00");
	assert_int_equal(m.planned_minutes, 45); /* meeting_type row 3 */
	assert_int_equal(m.state, RCB_MEETING_PLANNED);
	assert_null(m.started_at);
	rcb_meeting_clear(&m);
}

static void test_meeting_type_by_name_any_case_or_id(void **state)
{
	fixture *f = *state;
	int64_t id;
	assert_int_equal(rcb_meeting_type_find(f->st, "GO / NO-GO", &id), 0);
	assert_int_equal(id, 3);
	assert_int_equal(rcb_meeting_type_find(f->st, "gonogo", &id), 0);
	assert_int_equal(id, 3);
	assert_int_equal(rcb_meeting_type_find(f->st, "release control board", &id), 0);
	assert_int_equal(id, 4);
	assert_int_equal(rcb_meeting_type_find(f->st, "2", &id), 0);
	assert_int_equal(id, 2);
	assert_int_equal(rcb_meeting_type_find(f->st, "Go", &id), RCB_ENOTFOUND);
	assert_non_null(strstr(rcb_error_msg(), "Release Kick-Off"));
	assert_int_equal(rcb_meeting_type_find(f->st, "9", &id), RCB_ENOTFOUND);
}

static void test_meeting_bad_input_refused_and_nothing_written(void **state)
{
	fixture *f = *state;
	rcb_meeting_spec bad[] = {
		{"Go / No-Go", "2024-02-30", NULL, "Ann", NULL, 0},   /* not a real date */
		{"Go / No-Go", "2023-02-29", NULL, "Ann", NULL, 0},   /* not a leap year */
		{"Go / No-Go", "12/03/2024", NULL, "Ann", NULL, 0},
		{"Go / No-Go", "2024-03-12", "24:00", "Ann", NULL, 0},
		{"Go / No-Go", "2024-03-12", "9:30", "Ann", NULL, 0},
		{"Go / No-Go", "2024-03-12", "10:60", "Ann", NULL, 0},
		{"Go / No-Go", "2024-03-12", NULL, "", NULL, 0},
		{"Go / No-Go", "2024-03-12", NULL, "Ann\033[2J", NULL, 0},
		{"Go / No-Go", "2024-03-12", NULL, "\xff\xfe", NULL, 0},  /* not UTF-8 */
		{"Go / No-Go", "2024-03-12", NULL, "Ann", NULL, 1441},
		{"Go / No-Go", "2024-03-12", NULL, "Ann", NULL, -5},
		{"Weekly", "2024-03-12", NULL, "Ann", NULL, 0},
		{"Go / No-Go", NULL, NULL, "Ann", NULL, 0},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = rcb_meeting_add(f->st, &bad[i], NULL);
		assert_true(rc == RCB_EINVAL || rc == RCB_ENOTFOUND);
		assert_true(rcb_error_msg()[0] != '\0');
	}
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM meeting"), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit WHERE action = 'meeting.add'"), 0);
}

typedef struct {
	int64_t ids[16];
	int n;
} id_list;

static int collect_meeting(void *ctx, const rcb_meeting *m)
{
	id_list *l = ctx;
	l->ids[l->n++] = m->id;
	return 0;
}

/* Today is 2024-03-12: today's and later meetings come first, soonest
 * first; then past ones, newest first. */
static void test_meeting_list_upcoming_first(void **state)
{
	fixture *f = *state;
	int64_t past_old = meeting(f->st, "4", "2024-02-01", NULL, "Ann");
	int64_t later = meeting(f->st, "4", "2024-03-20", NULL, "Ann");
	int64_t today = meeting(f->st, "4", "2024-03-12", "14:00", "Ann");
	int64_t past = meeting(f->st, "4", "2024-03-01", NULL, "Ann");
	id_list l = {{0}, 0};
	int64_t n;

	assert_int_equal(rcb_meeting_list(f->st, 0, 10, collect_meeting, &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.ids[0], today);
	assert_int_equal(l.ids[1], later);
	assert_int_equal(l.ids[2], past);
	assert_int_equal(l.ids[3], past_old);
	assert_int_equal(rcb_meeting_count(f->st, &n), 0);
	assert_int_equal(n, 4);
}

static void test_meeting_list_pages_across_the_boundary(void **state)
{
	fixture *f = *state;
	int64_t past_old = meeting(f->st, "4", "2024-02-01", NULL, "Ann");
	int64_t later = meeting(f->st, "4", "2024-03-20", NULL, "Ann");
	int64_t today = meeting(f->st, "4", "2024-03-12", "14:00", "Ann");
	int64_t past = meeting(f->st, "4", "2024-03-01", NULL, "Ann");
	id_list l = {{0}, 0};

	(void)today;
	assert_int_equal(rcb_meeting_list(f->st, 1, 2, collect_meeting, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.ids[0], later);
	assert_int_equal(l.ids[1], past);
	l.n = 0;
	assert_int_equal(rcb_meeting_list(f->st, 3, 2, collect_meeting, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.ids[0], past_old);
	l.n = 0;
	assert_int_equal(rcb_meeting_list(f->st, 9, 2, collect_meeting, &l), 0);
	assert_int_equal(l.n, 0);
}

/* ---- attendance and quorum --------------------------------------------- */

typedef struct {
	char names[8][64];
	rcb_attend_status st[8];
	int n;
} att_list;

static int collect_att(void *ctx, const rcb_attendee *a)
{
	att_list *l = ctx;
	snprintf(l->names[l->n], sizeof l->names[l->n], "%s", a->name);
	l->st[l->n++] = a->status;
	return 0;
}

static void test_attendee_utf8_name_round_trip(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Zoë Ørsted");
	att_list l = {{{0}}, {0}, 0};
	int64_t id;

	attend(f->st, mid, "Zoë Ørsted", "SI Release Manager", RCB_PRESENT);
	assert_int_equal(rcb_attendee_foreach(f->st, mid, collect_att, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.names[0], "Zoë Ørsted");
	assert_int_equal(rcb_attendee_find(f->st, mid, "Zoë Ørsted", &id), 0);
}

static void test_attendee_role_must_exist_and_is_canonical(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	sqlite3_stmt *s;

	assert_int_equal(rcb_attendee_add(f->st, mid, "Bob", "Chief Wizard", "", RCB_PRESENT, NULL), RCB_ENOTFOUND);
	assert_int_equal(rcb_attendee_add(f->st, mid, "Bob", "si test manager", "", RCB_PRESENT, NULL), 0);
	assert_int_equal(rcb_store_prepare(f->st, &s, "SELECT role FROM attendee WHERE name = 'Bob'"), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "SI Test Manager");
	sqlite3_finalize(s);
}

static void test_attendee_twice_refused(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	attend(f->st, mid, "Bob", "Test Manager", RCB_PRESENT);
	assert_int_equal(rcb_attendee_add(f->st, mid, "Bob", "Test Manager", "", RCB_ABSENT, NULL), RCB_EEXISTS);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM attendee"), 1);
}

/* Attendance is chained evidence: removing keeps the row, flagged. */
static void test_attendee_removed_stays_in_the_record(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	int64_t id = attend(f->st, mid, "Bob", "Test Manager", RCB_PRESENT), again = 0;
	att_list l = {{{0}}, {0}, 0};

	assert_int_equal(rcb_attendee_remove(f->st, id), 0);
	assert_int_equal(rcb_attendee_foreach(f->st, mid, collect_att, &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM attendee WHERE removed = 1"), 1);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM chain WHERE tbl = 'attendee_event'"), 2);
	/* Added back: the same row returns. */
	assert_int_equal(rcb_attendee_add(f->st, mid, "Bob", "Defect Manager", "", RCB_APOLOGIES, &again), 0);
	assert_int_equal(again, id);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM attendee WHERE removed = 0 AND role = 'Defect Manager'"), 1);
	assert_int_equal(rcb_attendee_remove(f->st, 999), RCB_ENOTFOUND);
}

static void test_attendee_mark_changes_status_and_chains(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	int64_t id = attend(f->st, mid, "Bob", "Test Manager", RCB_PRESENT);
	att_list l = {{{0}}, {0}, 0};

	assert_int_equal(rcb_attendee_mark(f->st, id, RCB_ABSENT), 0);
	assert_int_equal(rcb_attendee_foreach(f->st, mid, collect_att, &l), 0);
	assert_int_equal(l.st[0], RCB_ABSENT);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM chain WHERE tbl = 'attendee_event'"), 2);
	assert_int_equal(rcb_chain_verify(f->st, NULL), 0);
}

/* rcb_quorum_describe() of q, chaired by chair, says want. */
/* A line of a meeting's roll: who, in which role, and whether they came. */
typedef struct {
	const char *name, *role;
	rcb_attend_status s;
} roll_row;

/* The quorum of a new meeting of type on 2024-03-12 chaired by Ann, with
 * the n people of roll on its roll (*q to be cleared by the caller). */
static void quorum_of(rcb_quorum *q, rcb_store *st, const char *type, const roll_row *roll, size_t n)
{
	int64_t mid = meeting(st, type, "2024-03-12", NULL, "Ann");
	for (size_t i = 0; i < n; i++)
		attend(st, mid, roll[i].name, roll[i].role, roll[i].s);
	assert_int_equal(rcb_meeting_quorum(st, mid, q), 0);
}

static void expect_described(const rcb_quorum *q, const char *chair, const char *want)
{
	rcb_buf b = RCB_BUF_INIT;
	assert_int_equal(rcb_quorum_describe(q, chair, &b), 0);
	assert_string_equal(rcb_buf_cstr(&b), want);
	rcb_buf_free(&b);
}

static int missing_has(const rcb_quorum *q, const char *role)
{
	for (size_t i = 0; i < q->nmissing; i++)
		if (strcmp(q->missing[i], role) == 0)
			return 1;
	return 0;
}

/* 13.2, Table 11: a Go / No-Go needs the Release Manager, Environment
 * Manager, Development Team Lead and Test Manager. */
static void test_quorum_names_missing_member_roles(void **state)
{
	static const roll_row roll[] = {
		{"Ann", "SI Release Manager", RCB_PRESENT},
		{"Eve", "SI Environment Manager", RCB_PRESENT},
	};
	fixture *f = *state;
	rcb_quorum q;

	quorum_of(&q, f->st, "Go / No-Go", roll, sizeof roll / sizeof roll[0]);
	assert_false(q.quorate);
	assert_true(q.chair_present);
	assert_int_equal(q.nmissing, 2);
	assert_string_equal(q.missing[0], "Development Team Lead");
	assert_string_equal(q.missing[1], "Test Manager");
	assert_false(missing_has(&q, "Defect Manager")); /* not a Go / No-Go member */
	expect_described(&q, "Ann", "NOT quorate: missing Development Team Lead, Test Manager");
	rcb_quorum_clear(&q);
}

static void test_quorum_reached_through_counts_as(void **state)
{
	static const roll_row roll[] = {
		{"Ann", "SI Release Manager", RCB_PRESENT},
		{"Eve", "SI Environment Manager", RCB_PRESENT},
		{"Dev", "DevOps Teams", RCB_PRESENT},
		{"Tess", "SI Test Manager", RCB_PRESENT},
	};
	fixture *f = *state;
	rcb_quorum q;

	quorum_of(&q, f->st, "Go / No-Go", roll, sizeof roll / sizeof roll[0]);
	assert_true(q.quorate);
	assert_int_equal(q.nmissing, 0);
	assert_int_equal(q.present, 4);
	expect_described(&q, "Ann", "quorate");
	rcb_quorum_clear(&q);
}

static void test_quorum_apologies_do_not_count(void **state)
{
	static const roll_row roll[] = {
		{"Ann", "Release Manager", RCB_PRESENT},
		{"Eve", "Environment Manager", RCB_APOLOGIES},
		{"Dev", "Development Team Lead", RCB_ABSENT},
	};
	fixture *f = *state;
	rcb_quorum q;

	quorum_of(&q, f->st, "Release Plan Review", roll, sizeof roll / sizeof roll[0]);
	assert_false(q.quorate);
	assert_int_equal(q.nmissing, 2);
	assert_int_equal(q.apologies, 1);
	assert_int_equal(q.absent, 1);
	rcb_quorum_clear(&q);
}

static void test_quorum_needs_the_chair_present(void **state)
{
	static const roll_row roll[] = {
		{"Rita", "Release Manager", RCB_PRESENT}, /* a deputy, not the chair */
		{"Eve", "Environment Manager", RCB_PRESENT},
		{"Dev", "Development Team Lead", RCB_PRESENT},
	};
	fixture *f = *state;
	rcb_quorum q;

	quorum_of(&q, f->st, "Release Plan Review", roll, sizeof roll / sizeof roll[0]);
	assert_false(q.quorate);
	assert_false(q.chair_present);
	assert_int_equal(q.nmissing, 0);
	expect_described(&q, "Ann", "NOT quorate: missing chair (Ann)");
	rcb_quorum_clear(&q);
}

typedef struct {
	char names[8][64];
	char roles[8][64];
	int n;
} person_list;

static int collect_person(void *ctx, const rcb_person *p)
{
	person_list *l = ctx;
	snprintf(l->names[l->n], 64, "%s", p->name);
	snprintf(l->roles[l->n++], 64, "%s", p->role);
	return 0;
}

/* The picker: people who attended before, by prefix, with their last role. */
static void test_person_suggest_by_prefix(void **state)
{
	fixture *f = *state;
	int64_t m1 = meeting(f->st, "4", "2024-03-01", NULL, "Ann");
	int64_t m2 = meeting(f->st, "4", "2024-03-08", NULL, "Ann");
	person_list l = {{{0}}, {{0}}, 0};

	attend(f->st, m1, "Zoë Ørsted", "Test Manager", RCB_PRESENT);
	attend(f->st, m1, "Zack", "Tester", RCB_PRESENT);
	attend(f->st, m1, "Bob", "Tester", RCB_PRESENT);
	attend(f->st, m2, "Zoë Ørsted", "SI Test Manager", RCB_PRESENT);
	assert_int_equal(rcb_person_suggest(f->st, "z", 10, collect_person, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.names[0], "Zack");
	assert_string_equal(l.names[1], "Zoë Ørsted");
	assert_string_equal(l.roles[1], "SI Test Manager"); /* the newest meeting's role */
	l.n = 0;
	assert_int_equal(rcb_person_suggest(f->st, "", 1, collect_person, &l), 0);
	assert_int_equal(l.n, 1);
	l.n = 0;
	assert_int_equal(rcb_person_suggest(f->st, "%", 10, collect_person, &l), 0); /* a literal % */
	assert_int_equal(l.n, 0);
}

/* ---- agenda ------------------------------------------------------------ */

typedef struct {
	int64_t ids[16], rel[16], carried[16], seconds[16];
	int kind[16], running[16];
	char titles[16][96];
	char outcome[16][16];
	int n;
} item_list;

static int collect_item(void *ctx, const rcb_agenda_item *it)
{
	item_list *l = ctx;
	assert_int_equal(it->position, l->n + 1);
	l->ids[l->n] = it->id;
	l->rel[l->n] = it->release_id;
	l->carried[l->n] = it->carried_from;
	l->seconds[l->n] = it->seconds;
	l->kind[l->n] = it->kind;
	l->running[l->n] = it->running;
	snprintf(l->titles[l->n], 96, "%s", it->title);
	snprintf(l->outcome[l->n], 16, "%s", it->outcome ? it->outcome : "");
	l->n++;
	return 0;
}

static item_list agenda(rcb_store *st, int64_t mid)
{
	item_list l;
	memset(&l, 0, sizeof l);
	assert_int_equal(rcb_agenda_foreach(st, mid, collect_item, &l), 0);
	return l;
}

static void test_agenda_release_once(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	int64_t r = release(f->st, "DIP", "1.0.0.0", RCB_MAJOR);

	assert_int_equal(rcb_agenda_add(f->st, mid, r, NULL), 0);
	assert_int_equal(rcb_agenda_add(f->st, mid, r, NULL), RCB_EEXISTS);
	assert_int_equal(rcb_agenda_add(f->st, mid, 4242, NULL), RCB_ENOTFOUND);
	assert_int_equal(agenda(f->st, mid).n, 1);
}

static void test_agenda_move_up_and_down(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	int64_t a, b, c;
	item_list l;

	assert_int_equal(rcb_agenda_add(f->st, mid, release(f->st, "DIP", "1.0.0.0", RCB_MAJOR), &a), 0);
	assert_int_equal(rcb_agenda_add(f->st, mid, release(f->st, "DIP", "1.1.0.0", RCB_MINOR), &b), 0);
	assert_int_equal(rcb_agenda_add(f->st, mid, release(f->st, "DIP", "1.1.1.0", RCB_PATCH), &c), 0);
	assert_int_equal(rcb_agenda_move(f->st, c, -1), 0);
	l = agenda(f->st, mid);
	assert_int_equal(l.ids[0], a);
	assert_int_equal(l.ids[1], c);
	assert_int_equal(l.ids[2], b);
	assert_int_equal(rcb_agenda_move(f->st, a, +1), 0);
	l = agenda(f->st, mid);
	assert_int_equal(l.ids[0], c);
	assert_int_equal(l.ids[1], a);
	/* Past either end: nothing happens. */
	assert_int_equal(rcb_agenda_move(f->st, c, -1), 0);
	assert_int_equal(rcb_agenda_move(f->st, b, +1), 0);
	l = agenda(f->st, mid);
	assert_int_equal(l.ids[0], c);
	assert_int_equal(l.ids[2], b);
	assert_int_equal(rcb_agenda_move(f->st, b, 2), RCB_EINVAL);
}

static void test_agenda_remove_refused_once_decided(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	int64_t r1 = release(f->st, "DIP", "1.0.0.0", RCB_MAJOR), r2 = release(f->st, "DIP", "1.1.0.0", RCB_MINOR);
	int64_t i1, i2;
	rcb_decision_spec d = {r1, mid, RCB_NOGO, "not ready", NULL, NULL, NULL, 0};

	assert_int_equal(rcb_agenda_add(f->st, mid, r1, &i1), 0);
	assert_int_equal(rcb_agenda_add(f->st, mid, r2, &i2), 0);
	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	assert_int_equal(rcb_agenda_remove(f->st, i1), RCB_EREFUSED);
	assert_int_equal(rcb_agenda_remove(f->st, i2), 0);
	assert_int_equal(agenda(f->st, mid).n, 1);
}

/* 13.2: a new meeting starts with what the previous one left open. */
static void test_carry_over_deferred_and_undecided_items(void **state)
{
	fixture *f = *state;
	int64_t m1 = meeting(f->st, "4", "2024-03-05", NULL, "Ann");
	int64_t go = release(f->st, "DIP", "1.0.0.0", RCB_MAJOR);
	int64_t deferred = release(f->st, "DIP", "1.1.0.0", RCB_MINOR);
	int64_t none = release(f->st, "DIP", "1.1.1.0", RCB_PATCH);
	int64_t redeferred = release(f->st, "DIP", "1.1.2.0", RCB_PATCH);
	rcb_decision_spec d1 = {go, m1, RCB_GO, NULL, NULL, "tested elsewhere", NULL, 0};
	rcb_decision_spec d2 = {deferred, m1, RCB_DEFERRED, "next week", NULL, NULL, NULL, 0};
	rcb_decision_spec d3a = {redeferred, m1, RCB_NOGO, NULL, NULL, NULL, NULL, 0};
	rcb_decision_spec d3b = {redeferred, m1, RCB_DEFERRED, NULL, NULL, NULL, NULL, 0};
	int64_t i_def, i_none, i_redef, m2;
	item_list l;

	assert_int_equal(rcb_agenda_add(f->st, m1, go, NULL), 0);
	assert_int_equal(rcb_agenda_add(f->st, m1, deferred, &i_def), 0);
	assert_int_equal(rcb_agenda_add(f->st, m1, none, &i_none), 0);
	assert_int_equal(rcb_agenda_add(f->st, m1, redeferred, &i_redef), 0);
	assert_int_equal(rcb_decide(f->st, &d1, NULL), 0);
	assert_int_equal(rcb_decide(f->st, &d2, NULL), 0);
	assert_int_equal(rcb_decide(f->st, &d3a, NULL), 0);
	assert_int_equal(rcb_decide(f->st, &d3b, NULL), 0); /* the later decision counts */

	m2 = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	l = agenda(f->st, m2);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.rel[0], deferred);
	assert_int_equal(l.carried[0], i_def);
	assert_int_equal(l.rel[1], none);
	assert_int_equal(l.carried[1], i_none);
	assert_int_equal(l.rel[2], redeferred);
	assert_int_equal(l.carried[2], i_redef);
}

static void test_carry_over_only_from_the_previous_meeting(void **state)
{
	fixture *f = *state;
	int64_t m1 = meeting(f->st, "4", "2024-03-01", NULL, "Ann");
	int64_t m2 = meeting(f->st, "4", "2024-03-05", NULL, "Ann");
	int64_t r = release(f->st, "DIP", "1.0.0.0", RCB_MAJOR), m3;

	(void)m2;
	assert_int_equal(rcb_agenda_add(f->st, m1, r, NULL), 0);
	m3 = meeting(f->st, "4", "2024-03-12", NULL, "Ann"); /* previous = m2, empty */
	assert_int_equal(agenda(f->st, m3).n, 0);
}

static void test_carry_over_review_item_for_open_actions_and_conditions(void **state)
{
	fixture *f = *state;
	int64_t m1 = meeting(f->st, "4", "2024-03-05", NULL, "Ann");
	int64_t r = release(f->st, "DIP", "1.0.0.0", RCB_MAJOR), m2;
	rcb_decision_spec d = {r, m1, RCB_CONDITIONAL, NULL, "runbook updated", "accepted risk", NULL, 0};
	rcb_action_spec a1 = {"update runbook", "Bob", "2024-03-10", m1, r};
	rcb_action_spec a2 = {"send comms", "Eve", NULL, m1, 0};
	item_list l;

	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	setenv("RCB_NOW", "2024-03-05T10:30:00Z", 1); /* agreed at m1, before it fell due (12.5 step 5.3) */
	assert_int_equal(rcb_action_add(f->st, &a1, NULL), 0);
	assert_int_equal(rcb_action_add(f->st, &a2, NULL), 0);
	setenv("RCB_NOW", FX_NOW, 1);
	m2 = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	l = agenda(f->st, m2);
	assert_int_equal(l.n, 1); /* the conditional item was decided: not carried */
	assert_int_equal(l.kind[0], RCB_ITEM_REVIEW);
	assert_string_equal(l.titles[0], "Review: 2 open actions, 1 open condition");
}

static void test_item_clock_accumulates_and_one_runs_at_a_time(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	int64_t a, b;
	item_list l;
	rcb_meeting m;

	assert_int_equal(rcb_agenda_add(f->st, mid, release(f->st, "DIP", "1.0.0.0", RCB_MAJOR), &a), 0);
	assert_int_equal(rcb_agenda_add(f->st, mid, release(f->st, "DIP", "1.1.0.0", RCB_MINOR), &b), 0);
	assert_int_equal(rcb_agenda_item_start(f->st, a), 0); /* also starts the meeting */
	setenv("RCB_NOW", "2024-03-12T10:01:30Z", 1);
	l = agenda(f->st, mid);
	assert_int_equal(l.seconds[0], 90); /* running: counts to now */
	assert_true(l.running[0]);
	assert_int_equal(rcb_agenda_item_start(f->st, b), 0);
	setenv("RCB_NOW", "2024-03-12T10:05:30Z", 1);
	assert_int_equal(rcb_agenda_item_stop(f->st, b), 0);
	assert_int_equal(rcb_agenda_item_stop(f->st, b), 0); /* not running: no-op */
	l = agenda(f->st, mid);
	assert_int_equal(l.seconds[0], 90);
	assert_false(l.running[0]);
	assert_int_equal(l.seconds[1], 240);
	assert_false(l.running[1]);
	assert_int_equal(rcb_meeting_get(f->st, mid, &m), 0);
	assert_string_equal(m.started_at, FX_NOW);
	assert_int_equal(rcb_meeting_elapsed(&m), 330);
	rcb_meeting_clear(&m);
}

static void test_meeting_close_stops_clock_and_elapsed_freezes(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann"), a;
	rcb_meeting m;

	assert_int_equal(rcb_agenda_add(f->st, mid, release(f->st, "DIP", "1.0.0.0", RCB_MAJOR), &a), 0);
	assert_int_equal(rcb_meeting_start(f->st, mid), 0);
	assert_int_equal(rcb_meeting_start(f->st, mid), RCB_EREFUSED);
	assert_int_equal(rcb_agenda_item_start(f->st, a), 0);
	setenv("RCB_NOW", "2024-03-12T10:40:00Z", 1);
	assert_int_equal(rcb_meeting_close(f->st, mid), 0);
	setenv("RCB_NOW", "2024-03-12T12:00:00Z", 1);
	assert_int_equal(rcb_meeting_get(f->st, mid, &m), 0);
	assert_int_equal(m.state, RCB_MEETING_CLOSED);
	assert_int_equal(rcb_meeting_elapsed(&m), 40 * 60);
	rcb_meeting_clear(&m);
	assert_int_equal(agenda(f->st, mid).seconds[0], 40 * 60);
	assert_int_equal(rcb_meeting_close(f->st, mid), RCB_EREFUSED);
}

static void test_closed_meeting_refuses_changes(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	int64_t r = release(f->st, "DIP", "1.0.0.0", RCB_MAJOR), att = attend(f->st, mid, "Bob", "Tester", RCB_PRESENT);
	rcb_decision_spec d = {r, mid, RCB_NOGO, NULL, NULL, NULL, NULL, 0};
	int64_t before;

	assert_int_equal(rcb_meeting_close(f->st, mid), 0);
	before = fx_count(f->st, "SELECT count(*) FROM audit");
	assert_int_equal(rcb_attendee_add(f->st, mid, "Eve", "Tester", "", RCB_PRESENT, NULL), RCB_EREFUSED);
	assert_int_equal(rcb_attendee_mark(f->st, att, RCB_ABSENT), RCB_EREFUSED);
	assert_int_equal(rcb_agenda_add(f->st, mid, r, NULL), RCB_EREFUSED);
	assert_int_equal(rcb_decide(f->st, &d, NULL), RCB_EREFUSED);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit"), before);
}

typedef struct {
	char refs[8][64];
	int n;
} pick_list;

static int collect_pick(void *ctx, const rcb_release_pick *p)
{
	pick_list *l = ctx;
	snprintf(l->refs[l->n++], 64, "%s", p->ref);
	return 0;
}

static void test_agenda_candidates_filter_as_you_type(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann");
	int64_t r1 = release(f->st, "DIP", "1.0.0.0", RCB_MAJOR);
	pick_list l = {{{0}}, 0};

	release(f->st, "DIP", "1.1.0.0", RCB_MINOR);
	release(f->st, "DIP", "1.2.0.0", RCB_MINOR);
	release(f->st, "MDS", "2.0.0.0", RCB_MAJOR);
	assert_int_equal(rcb_agenda_add(f->st, mid, r1, NULL), 0);
	assert_int_equal(rcb_agenda_candidates(f->st, mid, "di", 10, collect_pick, &l), 0);
	assert_int_equal(l.n, 2); /* 1.0.0.0 is on the agenda already */
	assert_string_equal(l.refs[0], "DIP@1.2.0.0");
	assert_string_equal(l.refs[1], "DIP@1.1.0.0");
	l.n = 0;
	assert_int_equal(rcb_agenda_candidates(f->st, mid, "DIP@1.1", 10, collect_pick, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.refs[0], "DIP@1.1.0.0");
	l.n = 0;
	assert_int_equal(rcb_agenda_candidates(f->st, mid, "", 2, collect_pick, &l), 0);
	assert_int_equal(l.n, 2);
}

/* ---- one action, one transaction, one audit row ------------------------- */

static void test_every_meeting_action_is_audited_once(void **state)
{
	fixture *f = *state;
	int64_t mid = meeting(f->st, "4", "2024-03-12", NULL, "Ann"), before, att, item;

	before = fx_count(f->st, "SELECT count(*) FROM audit");
	att = attend(f->st, mid, "Bob", "Tester", RCB_PRESENT);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit"), before + 1);
	assert_int_equal(rcb_attendee_mark(f->st, att, RCB_ABSENT), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit"), before + 2);
	assert_int_equal(rcb_agenda_add_review(f->st, mid, "Open risks", &item), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit"), before + 3);
	assert_int_equal(rcb_meeting_start(f->st, mid), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit"), before + 4);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit WHERE action = 'attendee.mark' AND who = 'tester' "
				         "AND detail LIKE '%Bob absent%'"), 1);
}

static void test_ui_state_per_user(void **state)
{
	fixture *f = *state;
	char *v = NULL;

	assert_int_equal(rcb_state_get(f->st, "meeting", &v), 0);
	assert_null(v);
	assert_int_equal(rcb_state_set(f->st, "meeting", "12"), 0);
	assert_int_equal(rcb_state_set(f->st, "meeting", "13"), 0);
	assert_int_equal(rcb_state_get(f->st, "meeting", &v), 0);
	assert_string_equal(v, "13");
	free(v);
	setenv("RCB_USER", "observer", 1);
	assert_int_equal(rcb_state_get(f->st, "meeting", &v), 0);
	assert_null(v);
	setenv("RCB_USER", "tester", 1);
	assert_int_equal(rcb_state_set(f->st, "meeting", NULL), 0);
	assert_int_equal(rcb_state_get(f->st, "meeting", &v), 0);
	assert_null(v);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit WHERE action LIKE 'state%'"), 0);
}

/* Issue 16: "An observer (--read-only) follows the chair".  The chair's
 * rcb records where it is with a heartbeat; the observer follows a fresh
 * one, the chair of its meeting first, and never a stale one (a crashed
 * chair) nor itself. */
static void test_presence_follows_a_fresh_chair(void **state)
{
	fixture *f = *state;
	rcb_presence p;
	char sql[512];
	long long now = (long long)time(NULL);
	int64_t mid = meeting(f->st, "Release Control Board", "2024-03-12", NULL, "Ann Smith");

	assert_int_equal(rcb_presence_chair(f->st, &p), 0);
	assert_null(p.who);
	/* this process's own row is never the chair to follow */
	assert_int_equal(rcb_presence_set(f->st, mid, 0, NULL), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM ui_presence WHERE who = 'tester' AND meeting_id = 1"), 1);
	assert_int_equal(rcb_presence_chair(f->st, &p), 0);
	/* moving keeps one row a process; staying does not change `moved` */
	assert_int_equal(rcb_presence_set(f->st, mid, 7, NULL), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM ui_presence"), 1);
	fx_sql(f, "UPDATE ui_presence SET moved = 5");
	assert_int_equal(rcb_presence_set(f->st, mid, 7, NULL), 0);
	assert_int_equal(fx_count(f->st, "SELECT moved FROM ui_presence"), 5);
	/* others: a stale chair (crashed), a fresh bystander who moved last,
	 * a fresh chair of meeting 1 who moved earlier */
	snprintf(sql, sizeof sql,
		 "INSERT INTO ui_presence(who, host, pid, meeting_id, item_id, moved, beat)"
		 " VALUES ('Ann Smith', 'h1', 1, 1, 3, %lld, %lld);"
		 "INSERT INTO ui_presence(who, host, pid, meeting_id, item_id, moved, beat)"
		 " VALUES ('Bo Lee', 'h1', 2, 1, -1, %lld, %lld);",
		 now - 100, now - RCB_PRESENCE_STALE - 1, now - 1, now);
	fx_sql(f, sql);
	assert_int_equal(rcb_presence_chair(f->st, &p), 1);
	assert_string_equal(p.who, "Bo Lee");
	assert_int_equal(p.item_id, 0); /* -1 is the view "actions" */
	assert_string_equal(p.view, "actions");
	rcb_presence_free(&p);
	fx_sql(f, "UPDATE ui_presence SET beat = strftime('%s','now') WHERE who = 'Ann Smith'");
	assert_int_equal(rcb_presence_chair(f->st, &p), 1);
	assert_string_equal(p.who, "Ann Smith");
	assert_int_equal(p.meeting_id, 1);
	assert_int_equal(p.item_id, 3);
	assert_null(p.view);
	rcb_presence_free(&p);
	/* a view changes the place, so `moved` */
	fx_sql(f, "UPDATE ui_presence SET moved = 5 WHERE who = 'tester'");
	assert_int_equal(rcb_presence_set(f->st, mid, 7, "close"), 0);
	assert_true(fx_count(f->st, "SELECT moved FROM ui_presence WHERE who = 'tester'") > 5);
	assert_int_equal(fx_count(f->st, "SELECT item_id FROM ui_presence WHERE who = 'tester'"), -2);
	assert_int_equal(rcb_presence_set(f->st, mid, 0, "register"), RCB_EINVAL);
	/* at exit a process removes its own row only; no audit, ever */
	assert_int_equal(rcb_presence_clear(f->st), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM ui_presence WHERE who = 'tester'"), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM ui_presence"), 2);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit WHERE detail LIKE '%presence%'"), 0);
}

static void test_text_and_time_helpers(void **state)
{
	char buf[32];
	int64_t t;
	(void)state;
	assert_int_equal(rcb_text_check("x", "Zoë Ørsted", 100, 0), 0);
	assert_int_equal(rcb_text_check("x", "   ", 100, 0), RCB_EINVAL);
	assert_int_equal(rcb_text_check("x", "a\nb", 100, 0), RCB_EINVAL);
	assert_int_equal(rcb_text_check("x", "a\nb", 100, RCB_TEXT_MULTILINE), 0);
	assert_int_equal(rcb_text_check("x", "\xc2\x9b" "2J", 100, 0), RCB_EINVAL); /* C1 CSI */
	assert_int_equal(rcb_text_check("x", "\xed\xa0\x80", 100, 0), RCB_EINVAL); /* surrogate */
	assert_int_equal(rcb_text_check("x", "abcd", 3, 0), RCB_EINVAL);
	assert_true(rcb_hhmm_valid("00:00"));
	assert_true(rcb_hhmm_valid("23:59"));
	assert_false(rcb_hhmm_valid("24:00"));
	assert_false(rcb_hhmm_valid("12:5"));
	assert_int_equal(rcb_timestamp_secs(&t, "1970-01-02T00:00:01Z"), 0);
	assert_int_equal(t, 86401);
	assert_int_equal(rcb_timestamp_secs(&t, "2024-02-30T00:00:00Z"), RCB_EINVAL);
	assert_string_equal(rcb_duration_format(buf, sizeof buf, 75), "1:15");
	assert_string_equal(rcb_duration_format(buf, sizeof buf, 3725), "1:02:05");
	/* an age reads at a glance (a mirror fetched 663 days ago was "15929:11:18") */
	assert_string_equal(rcb_age_format(buf, sizeof buf, -5), "0 s");
	assert_string_equal(rcb_age_format(buf, sizeof buf, 119), "119 s");
	assert_string_equal(rcb_age_format(buf, sizeof buf, 300), "5 min");
	assert_string_equal(rcb_age_format(buf, sizeof buf, 7199), "119 min");
	assert_string_equal(rcb_age_format(buf, sizeof buf, 7200), "2 h");
	assert_string_equal(rcb_age_format(buf, sizeof buf, 2 * 86400 - 1), "47 h");
	assert_string_equal(rcb_age_format(buf, sizeof buf, 57341478), "663 days");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_meeting_takes_type_length_and_default_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meeting_type_by_name_any_case_or_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meeting_bad_input_refused_and_nothing_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meeting_list_upcoming_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meeting_list_pages_across_the_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attendee_utf8_name_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attendee_role_must_exist_and_is_canonical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attendee_twice_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attendee_removed_stays_in_the_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attendee_mark_changes_status_and_chains, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quorum_names_missing_member_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quorum_reached_through_counts_as, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quorum_apologies_do_not_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quorum_needs_the_chair_present, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_suggest_by_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agenda_release_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agenda_move_up_and_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agenda_remove_refused_once_decided, setup, teardown),
		cmocka_unit_test_setup_teardown(test_carry_over_deferred_and_undecided_items, setup, teardown),
		cmocka_unit_test_setup_teardown(test_carry_over_only_from_the_previous_meeting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_carry_over_review_item_for_open_actions_and_conditions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_item_clock_accumulates_and_one_runs_at_a_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meeting_close_stops_clock_and_elapsed_freezes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_meeting_refuses_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agenda_candidates_filter_as_you_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_meeting_action_is_audited_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ui_state_per_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_presence_follows_a_fresh_chair, setup, teardown),
		cmocka_unit_test(test_text_and_time_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
