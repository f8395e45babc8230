/* plan.c: the plan (part 2 of rcb demo's story; see demo.c), computed from
 * the programme's tables with a fixed seed: defects and change requests
 * per release, the dates of tags, notes, boards and deployments (working
 * days, holidays of England and Wales), the meetings and their work-off
 * actions. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "demo_internal.h"
#include "error.h"
#include "register.h"
#include "version.h"
#include "workdays.h"

/* ================================================================== */
/* 2. The plan                                                         */
/* ================================================================== */

/* splitmix64: small, fast and the same on every platform. */
static uint32_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

unsigned below(uint64_t *s, unsigned n)
{
	return n ? rnd(s) % n : 0;
}


rcb_day day_of(const char *s)
{
	rcb_day d = 0;
	(void)rcb_date_parse(&d, s);
	return d;
}

rcb_day wd_before(demo *d, rcb_day day, unsigned n)
{
	return rcb_workdays_before(day, n, d->hol, d->nhol);
}

/* The working day n working days after day. */
rcb_day wd_after(demo *d, rcb_day day, unsigned n)
{
	while (n > 0) {
		day++;
		if (rcb_workday_is(day, d->hol, d->nhol))
			n--;
	}
	return day;
}

int64_t at(rcb_day day, int hh, int mm)
{
	return (int64_t)day * 86400 + hh * 3600 + mm * 60;
}

char *iso(char *buf, size_t n, int64_t t)
{
	rcb_day day = (rcb_day)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	int64_t s = t - (int64_t)day * 86400;
	char ds[RCB_DATE_STRLEN];
	snprintf(buf, n, "%sT%02d:%02d:%02dZ", rcb_date_format(ds, sizeof ds, day), (int)(s / 3600),
		 (int)(s / 60 % 60), (int)(s % 60));
	return buf;
}

const char *dstr(char *buf, rcb_day day)
{
	return rcb_date_format(buf, RCB_DATE_STRLEN, day);
}

const char *env_name(char letter)
{
	return letter == 'A' ? "SIT A" : letter == 'B' ? "SIT B" : letter == 'U' ? "UIT" : "SIT Staging";
}

static int comp_index(const char *name)
{
	for (size_t i = 0; i < NCOMPS; i++)
		if (strcmp(comps[i].name, name) == 0)
			return (int)i;
	return -1;
}

int ndfiles(const struct comp *c)
{
	int n = 0;
	while (n < MAXFILES && c->files[n].path)
		n++;
	return n;
}

/* The phase under way on a day: the latest Table 1 release on or before it
 * (0 before the first). */
static int phase_on(rcb_day day)
{
	int p = 0;
	for (size_t i = 0; i < NMAJORS; i++)
		if (day_of(table1[i].date) <= day)
			p = (int)i;
	return p;
}

int add_event(demo *d, int64_t t, enum ev_kind k, int a, int b)
{
	if (d->nev >= MAXEVENTS)
		return rcb_error_set(RCB_EINVAL, "demo: too many events planned");
	d->ev[d->nev] = (event){t, d->nev, k, a, b};
	d->nev++;
	return 0;
}

/* The meeting of a type on a day, created when absent. */
static int meeting_on(demo *d, int type, rcb_day day, int minute, pmeet **out)
{
	for (int i = 0; i < d->nm; i++)
		if (d->m[i].type == type && d->m[i].day == day) {
			if (minute < d->m[i].minute)
				d->m[i].minute = minute;
			*out = &d->m[i];
			return 0;
		}
	if (d->nm >= MAXMEETINGS)
		return rcb_error_set(RCB_EINVAL, "demo: too many meetings planned");
	*out = &d->m[d->nm++];
	memset(*out, 0, sizeof **out);
	(*out)->type = type;
	(*out)->day = day;
	(*out)->minute = minute;
	(*out)->emergency = -1;
	(*out)->review_rel = -1;
	return 0;
}

static int meeting_item(pmeet *m, int rel)
{
	if (m->nitems >= MAXITEMS)
		return rcb_error_set(RCB_EINVAL, "demo: too many items on one agenda");
	m->items[m->nitems++] = rel;
	return 0;
}

static int add_action(demo *d, int meeting, int rel, const char *owner, const char *closer, rcb_day due,
		      int64_t close, const char *fmt, ...) RCB_PRINTF(8, 9);
static int add_action(demo *d, int meeting, int rel, const char *owner, const char *closer, rcb_day due,
		      int64_t close, const char *fmt, ...)
{
	pact *a;
	va_list ap;

	if (d->na >= MAXACTIONS)
		return rcb_error_set(RCB_EINVAL, "demo: too many actions planned");
	a = &d->a[d->na];
	memset(a, 0, sizeof *a);
	a->meeting = meeting;
	a->rel = rel;
	a->owner = owner;
	a->closer = closer;
	a->due = due;
	a->close = close > at(d->end, 17, 0) ? 0 : close;
	va_start(ap, fmt);
	vsnprintf(a->text, sizeof a->text, fmt, ap);
	va_end(ap);
	d->na++;
	return 0;
}

static const char *const variants[] = {
	"", " in the overnight batch", " after a failover", " for (I)DNO participants", " under NFT load",
	" on the first run after a deployment",
};
static const char *const workarounds[] = {
	"Re-run the job", "Restart the service after the nightly run", "Resubmit the message",
	"Manual correction by the service desk", "Use the previous day's file", "Retry after five minutes",
};

/* A new defect of component ci with the next programme-wide ID. */
static void new_defect(demo *d, defect *df, int ci, unsigned *next_id, unsigned *pool, const char *sev)
{
	const struct comp *c = &comps[ci];
	unsigned k = pool[ci]++;

	snprintf(df->id, sizeof df->id, "DEF-%u", *next_id);
	*next_id += 1 + below(&d->rng, 7);
	snprintf(df->summary, sizeof df->summary, "%s%s", c->defects[k % NDEFECTS],
		 variants[(k / NDEFECTS) % ARRAY_LEN(variants)]);
	df->sev = sev;
	df->workaround = workarounds[below(&d->rng, ARRAY_LEN(workarounds))];
}

/* Releases: versions checked against section 11, dates, defects, change
 * requests, RFCs, tags, titles. */
int plan_releases(demo *d)
{
	static const char *const sevs[] = {"High", "Medium", "Medium", "Low"};
	int last[NCOMPS], has_carry[NCOMPS];
	defect carry[NCOMPS];
	unsigned next_def = 1040, next_cr = 101, next_rfc = 11, pool[NCOMPS], crpool[NCOMPS];
	rcb_day prevday = 0;

	for (size_t i = 0; i < NCOMPS; i++) {
		last[i] = -1;
		has_carry[i] = 0;
		pool[i] = (unsigned)i * 3; /* not every system starts with the same defect */
		crpool[i] = 0;
	}
	for (size_t i = 0; i < NRELS; i++) {
		prel *p = &d->r[i];
		const struct drel *dr = &rels[i];
		int ci = comp_index(dr->comp), t;
		rcb_day meet;

		memset(p, 0, sizeof *p);
		p->d = dr;
		p->fix_file = -1;
		if (ci < 0)
			return rcb_error_set(RCB_EINVAL, "demo data: unknown component %s", dr->comp);
		p->ci = ci;
		p->c = &comps[ci];
		p->nfiles = ndfiles(p->c);
		if (rcb_version_parse(&p->v, dr->version) < 0)
			return rcb_error_set(RCB_EINVAL, "demo data: %s %s: %s", dr->comp, dr->version, rcb_error_msg());
		rcb_version_format(p->ver, sizeof p->ver, &p->v);
		p->type = dr->type == 'M' ? RCB_MAJOR : dr->type == 'm' ? RCB_MINOR
			  : dr->type == 'p' ? RCB_PATCH : RCB_EMERGENCY;
		p->prev = last[ci];
		/* 11: each release carries next(previous, type) */
		t = p->prev >= 0 ? rcb_version_step_type(&d->r[p->prev].v, &p->v)
			       : (strcmp(p->ver, "1.0.0.0") == 0 ? RCB_MAJOR : -1);
		if (t != (int)p->type)
			return rcb_error_set(RCB_EINVAL, "demo data: %s %s does not follow as a %s release",
					     dr->comp, p->ver, rcb_reltype_name(p->type));
		if (rcb_date_parse(&p->day, dr->date) < 0 || p->day < prevday)
			return rcb_error_set(RCB_EINVAL, "demo data: %s %s: date %s out of order", dr->comp,
					     p->ver, dr->date);
		prevday = p->day;
		if (p->type == RCB_MAJOR) {
			for (size_t w = 0; w < NMAJORS; w++)
				if (strcmp(table1[w].date, dr->date) == 0)
					p->wave = (int)w + 1;
			if (p->wave == 0)
				return rcb_error_set(RCB_EINVAL, "demo data: Major %s %s is not on a date of Table 1",
						     dr->comp, p->ver);
		}
		p->phase = phase_on(p->day);
		if (dr->envs)
			snprintf(p->envs, sizeof p->envs, "%s", dr->envs);
		else
			snprintf(p->envs, sizeof p->envs, "%s",
				 p->day < day_of(table1[2].date) ? "A" : p->day < day_of(table1[6].date) ? "AB" : "ABU");
		snprintf(p->rfc, sizeof p->rfc, "RFC-%04u", next_rfc);
		next_rfc += 1 + below(&d->rng, 3);
		snprintf(p->tag, sizeof p->tag, "%s-%s", p->c->slug, p->ver);

		/* 12.10: a Major note is due 5 working days before its board,
		 * any other 1; the Go / No-Go sits a week before a Major, the
		 * weekly board on the Thursday before a Tuesday deployment, an
		 * emergency's board on the morning of its deployment. */
		if (p->type == RCB_MAJOR) {
			meet = wd_before(d, p->day, 5);
			p->submit_day = wd_before(d, meet, dr->flags & F_LATE ? 2 : 6);
		} else if (p->type == RCB_EMERGENCY) {
			meet = p->day;
			p->submit_day = wd_before(d, p->day, 1);
		} else {
			meet = wd_before(d, p->day, 3);
			p->submit_day = wd_before(d, dr->flags & F_DEFER_QUORUM ? meet - 7 : meet,
						  dr->flags & F_PENDING ? 5 : 2);
		}
		p->meet_day = meet;
		p->first_meet_day = dr->flags & F_DEFER_QUORUM ? meet - 7 : meet;
		p->tag_day = p->submit_day;

		/* defects and change requests */
		if (p->type == RCB_EMERGENCY) {
			new_defect(d, &p->fixed[0], ci, &next_def, pool, below(&d->rng, 3) ? "High" : "Critical");
			p->nfixed = 1;
		} else {
			int n = p->type == RCB_MAJOR ? 2 : p->type == RCB_MINOR ? 1 : 2 + (int)below(&d->rng, 3);
			if (has_carry[ci] && below(&d->rng, 10) < 7) {
				p->fixed[p->nfixed++] = carry[ci];
				has_carry[ci] = 0;
			}
			while (p->nfixed < n && p->nfixed < MAXFIX)
				new_defect(d, &p->fixed[p->nfixed++], ci, &next_def, pool,
					   sevs[below(&d->rng, ARRAY_LEN(sevs))]);
			if (!has_carry[ci] && below(&d->rng, 10) < 5) {
				new_defect(d, &carry[ci], ci, &next_def, pool, below(&d->rng, 2) ? "Medium" : "Low");
				has_carry[ci] = 1;
			}
			for (int k = 0; k < (p->type == RCB_MAJOR ? 2 : p->type == RCB_MINOR ? 1 : 0); k++) {
				snprintf(p->crs[k].id, sizeof p->crs[k].id, "CR-%03u", next_cr++);
				unsigned q = crpool[ci]++;
				if (q < NCRS)
					snprintf(p->crs[k].title, sizeof p->crs[k].title, "%s", p->c->crs[q]);
				else
					snprintf(p->crs[k].title, sizeof p->crs[k].title, "%s, stage %u", p->c->crs[q % NCRS],
						 q / NCRS + 1);
				p->ncrs++;
			}
		}
		if (has_carry[ci])
			p->out[p->nout++] = carry[ci];

		/* 12.10: the title names the release and the reason for it */
		if (p->type == RCB_MAJOR)
			snprintf(p->title, sizeof p->title, "%s %s - Major release to enable the %s test phase",
				 dr->comp, p->ver, table1[p->wave - 1].phase);
		else if (p->type == RCB_MINOR)
			snprintf(p->title, sizeof p->title, "%s %s - minor release for %s testing: %s",
				 dr->comp, p->ver, table1[p->phase].phase, p->crs[0].title);
		else if (p->type == RCB_PATCH)
			snprintf(p->title, sizeof p->title, "%s %s - patch release of defect fixes for %s testing",
				 dr->comp, p->ver, table1[p->phase].phase);
		else
			snprintf(p->title, sizeof p->title, "%s %s - emergency fix for %s blocking %s testing in %s",
				 dr->comp, p->ver, p->fixed[0].id, table1[p->phase].phase, env_name(p->envs[0]));
		last[ci] = (int)i;
	}
	return 0;
}

/* The releases of a Table 1 wave, as "DIP 2.0.0.0, LSS 2.0.0.0". */
void wave_list(demo *d, int wave, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < NRELS && len < n; i++)
		if (d->r[i].wave == wave)
			len += (size_t)snprintf(buf + len, n - len, "%s%s %s", len ? ", " : "", d->r[i].d->comp,
						d->r[i].ver);
}

/* The first board of a type after a moment. */
static int meeting_after(demo *d, int type, int64_t t)
{
	int best = -1;
	for (int i = 0; i < d->nm; i++)
		if (d->m[i].type == type && at(d->m[i].day, 0, d->m[i].minute) > t &&
		    (best < 0 || d->m[i].day < d->m[best].day))
			best = i;
	return best;
}

static int index_of_meeting(demo *d, const pmeet *m)
{
	return (int)(m - d->m);
}

/* The next regular (non-emergency) release of the same component. */
static int next_regular(demo *d, int i)
{
	for (size_t j = (size_t)i + 1; j < NRELS; j++)
		if (d->r[j].ci == d->r[i].ci && d->r[j].type != RCB_EMERGENCY)
			return (int)j;
	return -1;
}

/* Meetings (13.2, Table 11) and the work-off actions raised at them. */

/* meeting_on, for Major release wave `wave`, titled by fmt. */
static int wave_meeting(demo *d, int type, rcb_day day, int minute, int wave, pmeet **out, const char *fmt, ...)
	RCB_PRINTF(7, 8);
static int wave_meeting(demo *d, int type, rcb_day day, int minute, int wave, pmeet **out, const char *fmt, ...)
{
	va_list ap;
	int rc;

	if ((rc = meeting_on(d, type, day, minute, out)) < 0)
		return rc;
	(*out)->wave = wave;
	va_start(ap, fmt);
	vsnprintf((*out)->title, sizeof (*out)->title, fmt, ap);
	va_end(ap);
	return 0;
}
/* The three meetings of Major release wave w + 1 (Table 1) and the
 * actions they set. */
static int plan_wave(demo *d, size_t w)
{
	pmeet *m;
	int rc;
	char list[300];

	rcb_day D = day_of(table1[w].date);
	rcb_day ko = wd_before(d, D, 30), pr = wd_before(d, D, 8), gng = wd_before(d, D, 5);
	int wave = (int)w + 1;
	wave_list(d, wave, list, sizeof list);

	if ((rc = wave_meeting(d, MT_KICKOFF, ko, 14 * 60, wave, &m, "Release %d kick-off: %s", wave, table1[w].phase)) < 0)
		return rc;
	rc = add_action(d, index_of_meeting(d, m), -1, people[P_ENVMGR].name, people[P_ENVMGR].login,
			wd_after(d, ko, 10), at(wd_after(d, ko, 7), 16, 0),
			"Confirm the environment baselines for Release %d: %s (control point 3)", wave, list);
	if (rc < 0)
		return rc;

	if ((rc = wave_meeting(d, MT_PLAN_REVIEW, pr, 15 * 60 + 30, wave, &m, "Release %d plan review", wave)) < 0)
		return rc;
	rc = add_action(d, index_of_meeting(d, m), -1, people[P_PMO].name, people[P_PMO].login,
			wd_after(d, pr, 2), at(wd_after(d, pr, 1), 12, 0),
			"Publish the Release %d deployment schedule on the collaboration base (6.2)", wave);
	if (rc < 0)
		return rc;

	if ((rc = wave_meeting(d, MT_GONOGO, gng, 11 * 60, wave, &m, "Release %d Go / No-Go: %s", wave, table1[w].phase)) < 0)
		return rc;
	rc = add_action(d, index_of_meeting(d, m), -1, people[P_CHAIR].name, people[P_CHAIR].login,
			wd_after(d, gng, 1), at(wd_after(d, gng, 1), 11, 0),
			"Send the Release %d communications to all impacted stakeholders (12.11)", wave);
	if (rc < 0)
		return rc;
	rc = add_action(d, index_of_meeting(d, m), -1, people[P_CHAIR].name, people[P_CHAIR].login,
			wd_after(d, D, 8), w + 1 == NMAJORS ? 0 : at(wd_after(d, D, 7), 15, 0),
			"Circulate the Release %d post-implementation review questionnaire (12.5, step 5.2)", wave);
	if (rc < 0)
		return rc;
	if (w + 1 == NMAJORS) {
		rc = add_action(d, index_of_meeting(d, m), -1, people[P_ENVMGR].name, NULL,
				wd_after(d, D, 9), 0,
				"Update the UIT runbook with the certificate steps of DTN 3.0.0.0");
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Table 11: the kick-off an emergency release i needs, and its action to
 * merge the fix back into the next regular release. */
static int plan_emergency_kickoff(demo *d, size_t i, const struct team *tm)
{
	prel *p = &d->r[i];
	int nr = next_regular(d, (int)i), ko, rc;
	pmeet *k;

	if ((rc = meeting_on(d, MT_KICKOFF, wd_before(d, p->day, 1), 9 * 60 + 30, &k)) < 0)
		return rc;
	k->emergency = (int)i;
	snprintf(k->title, sizeof k->title, "Emergency kick-off: %s %s, %s blocking %s", p->d->comp,
		 p->ver, p->fixed[0].id, env_name(p->envs[0]));
	ko = index_of_meeting(d, k);
	if (nr >= 0) {
		/* closed when the fix is really merged: for the planted
		 * one, only with the release after next */
		int merged = d->r[nr].d->flags & F_SKIP_MERGE ? next_regular(d, nr) : nr;
		rc = add_action(d, ko, (int)i, tm->lead, tm->lead_login, d->r[nr].tag_day,
				merged >= 0 ? at(d->r[merged].tag_day, 14, 30) : 0,
				"Merge the %s %s fix (%s) back into the next regular release (12.8)",
				p->d->comp, p->ver, p->fixed[0].id);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The actions and events of release i's planted problems (the F_* flags)
 * at its board, meeting mi. */
static int plan_planted(demo *d, size_t i, int mi, const struct team *tm)
{
	prel *p = &d->r[i];
	int rc;

	if (p->d->flags & F_LATE) {
		/* 13.1: the conditions of the Go (late_conds), each met by
		 * its owner before the first deployment -- the deploy gate
		 * refuses the release while one is open */
		rc = add_event(d, at(wd_after(d, p->meet_day, 2), 14, 10), EV_CONDITION_MET, (int)i, 1);
		if (rc == 0)
			rc = add_event(d, at(wd_after(d, p->meet_day, 3), 16, 30), EV_CONDITION_MET, (int)i, 0);
		if (rc == 0)
			rc = add_action(d, mi, -1, tm->lead, tm->lead_login, wd_after(d, p->meet_day, 5),
					at(wd_after(d, p->meet_day, 4), 10, 0),
					"Submit Major release notes 5 working days before the board (12.10)");
		if (rc < 0)
			return rc;
	}
	if (p->d->flags & F_OVERRIDE) {
		rc = add_action(d, mi, (int)i, people[P_CHAIR].name, people[P_CHAIR].login,
				wd_after(d, p->meet_day, 3), at(wd_after(d, p->meet_day, 2), 11, 5),
				"Record the programme governance approval of %s entry for %s %s (control point 2)",
				table1[p->wave - 1].phase, p->d->comp, p->ver);
		if (rc == 0)
			rc = add_event(d, at(wd_after(d, p->meet_day, 2), 11, 0), EV_CP2_MET, (int)i, 0);
		if (rc < 0)
			return rc;
	}
	if (p->d->flags & F_SKIP_MERGE) {
		int nr = next_regular(d, (int)i);
		rc = add_action(d, mi, (int)i, tm->lead, tm->lead_login, wd_after(d, p->meet_day, 4),
				nr >= 0 ? at(d->r[nr].tag_day, 14, 30) : 0,
				"Merge %s %s back into main and resubmit the build as the next patch (12.8)",
				p->d->comp, d->r[p->prev].ver);
		if (rc < 0)
			return rc;
	}
	if (p->d->flags & F_INCOMPLETE) {
		rc = add_action(d, mi, (int)i, tm->lead, NULL, wd_after(d, p->meet_day, 2), 0,
				"Resubmit the %s %s note with Issued by, Service impact and a Backout Plan (12.10)",
				p->d->comp, p->ver);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Release i on the agenda of its board (and of the one deferred for
 * quorum), with what its type and its planted problems add. */
static int plan_release_board(demo *d, size_t i)
{
	prel *p = &d->r[i];
	const struct team *tm = &teams[p->c->team];
	pmeet *m;
	int mi, rc;

	if (p->type == RCB_MAJOR) {
		if ((rc = meeting_on(d, MT_GONOGO, p->meet_day, 11 * 60, &m)) < 0 || (rc = meeting_item(m, (int)i)) < 0)
			return rc;
	} else {
		if ((rc = meeting_on(d, MT_RCB, p->meet_day, p->type == RCB_EMERGENCY ? 8 * 60 + 30 : 10 * 60, &m)) < 0 ||
		    (rc = meeting_item(m, (int)i)) < 0)
			return rc;
		if (p->meet_day > d->end)
			m->upcoming = 1;
	}
	mi = index_of_meeting(d, m);
	if (p->d->flags & F_DEFER_QUORUM) {
		pmeet *f;
		if ((rc = meeting_on(d, MT_RCB, p->first_meet_day, 10 * 60, &f)) < 0 || (rc = meeting_item(f, (int)i)) < 0)
			return rc;
		if (!f->not_quorate) {
			f->not_quorate = 1;
			rc = add_action(d, index_of_meeting(d, f), -1, people[P_TESTMGR].name, people[P_TESTMGR].login,
					wd_after(d, f->day, 3), at(wd_after(d, f->day, 2), 14, 0),
					"Nominate deputies for the Test Manager and the Defect Manager at the board (13.2)");
			if (rc < 0)
				return rc;
		}
	}
	if (p->type == RCB_EMERGENCY && (rc = plan_emergency_kickoff(d, i, tm)) < 0)
		return rc;
	return plan_planted(d, i, mi, tm);
}

/* The review at a board after release i's tag moved or its rollback. */
static int plan_review(demo *d, size_t i)
{
	prel *p = &d->r[i];
	const struct team *tm = &teams[p->c->team];
	int mi, rc;
	if (p->d->flags & F_TAG_MOVED) {
		mi = meeting_after(d, MT_RCB, at(wd_before(d, p->day, 1), 9, 0));
		if (mi < 0)
			return rcb_error_set(RCB_EINVAL, "demo plan: no board after %s %s", p->d->comp, p->ver);
		d->m[mi].review_rel = (int)i;
		rc = add_action(d, mi, (int)i, tm->lead, tm->lead_login, wd_after(d, d->m[mi].day, 3),
				at(wd_after(d, d->m[mi].day, 2), 16, 0),
				"Explain why %s was moved after the Go and rebuild it under a new RFC (12.9)", p->tag);
		if (rc < 0)
			return rc;
	}
	if (p->d->flags & F_ROLLBACK) {
		mi = meeting_after(d, MT_RCB, at(p->day, 17, 0));
		if (mi >= 0)
			d->m[mi].review_rel = (int)i;
		rc = add_action(d, -1, (int)i, tm->lead, NULL, wd_after(d, p->day, 2), 0,
				"Find the root cause of the failed post release checks of %s %s in UIT (16.5)",
				p->d->comp, p->ver);
		if (rc < 0)
			return rc;
		d->a[d->na - 1].made = at(p->day, 16, 40);
	}
	return 0;
}

/* The title of every weekly board that has none yet. */
static void title_boards(demo *d)
{
	for (int i = 0; i < d->nm; i++) {
		pmeet *m = &d->m[i];
		if (m->type == MT_RCB && m->title[0] == '\0') {
			/* Built in a local buffer: the release's fields live in the
			 * same demo struct as the title (gcc -Wrestrict). */
			char ds[RCB_DATE_STRLEN], title[sizeof m->title];
			int em = -1;
			for (int k = 0; k < m->nitems; k++)
				if (d->r[m->items[k]].type == RCB_EMERGENCY)
					em = m->items[k];
			dstr(ds, m->day - rcb_date_weekday(m->day));
			if (em >= 0)
				snprintf(title, sizeof title, "Board with emergency %s %s, week of %s", d->r[em].c->name,
					 d->r[em].ver, ds);
			else
				snprintf(title, sizeof title, "Weekly board, week of %s", ds);
			snprintf(m->title, sizeof m->title, "%s", title);
		}
	}
}

/* Every meeting of the story and the actions they set: the waves' own
 * meetings, each release at its board, the reviews, the boards' titles. */
int plan_meetings(demo *d)
{
	int rc;
	for (size_t w = 0; w < NMAJORS; w++)
		if ((rc = plan_wave(d, w)) < 0)
			return rc;
	for (size_t i = 0; i < NRELS; i++)
		if ((rc = plan_release_board(d, i)) < 0)
			return rc;
	/* reviews at the board after a moved tag or a rollback */
	for (size_t i = 0; i < NRELS; i++)
		if ((rc = plan_review(d, i)) < 0)
			return rc;
	title_boards(d);
	return 0;
}
