/* demo_internal.h: what the parts of rcb demo share (demo.c, programme.c,
 * plan.c, repos.c, notes.c, story.c; see demo.c for the map): the
 * programme's types and tables, the plan's records and the helpers more
 * than one part calls.  Nothing outside demo/ includes it. */
#ifndef RCB_DEMO_INTERNAL_H
#define RCB_DEMO_INTERNAL_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "clock.h"
#include "demo.h"
#include "register.h"
#include "version.h"
#include "workdays.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the programme (programme.c) ---- */

/* A team of a central party (5.4): who leads development (Table 11's
 * Development Team Lead), who issues the notes (12.10: "name and title of
 * authorised party release is issued by"), who signs, who commits. */
struct team {
	const char *org;
	const char *mail;          /* e-mail domain */
	const char *lead, *lead_login;
	const char *rm, *rm_title; /* Issued by */
	const char *signatory;     /* "Name, Title" */
	const char *dev[3];
};

enum { T_DIP, T_ELEXON, T_ELECTRALINK, T_STCLEMENTS, T_RECCO };

#define MAXFILES 9
#define NDEFECTS 8
#define NCRS 5

struct dfile {
	const char *path, *desc;
};

/* 5.4: the central systems whose releases the board governs. */
struct comp {
	const char *name;    /* as in the register */
	const char *slug;    /* repository directory and tag prefix */
	const char *system;
	const char *party;   /* 5.4, as the document names the responsible party */
	int team;
	int staging;         /* 8.2: a SIT Staging environment is preferred, not mandatory */
	struct dfile files[MAXFILES];
	const char *defects[NDEFECTS];
	const char *crs[NCRS];
};


struct major {
	const char *date;
	const char *phase;   /* the test phase it enables */
	const char *purpose; /* as Table 1 words it */
};


/* What is planted on a release. */
enum {
	F_LATE = 1 << 0,         /* note submitted after the 12.10 deadline: conditional Go overriding note-late */
	F_INCOMPLETE = 1 << 1,   /* note misses keys and a section: refused, release deferred */
	F_SKIP_MERGE = 1 << 2,   /* built without the open emergency fix (12.8): No-Go */
	F_TAG_MOVED = 1 << 3,    /* tag moved after the Go (12.9): Go goes stale */
	F_ROLLBACK = 1 << 4,     /* rolled back out of UIT (16.5) */
	F_OVERRIDE = 1 << 5,     /* Go overriding cp-2: control point 2 not met */
	F_DEFER_QUORUM = 1 << 6, /* its first board was not quorate: deferred a week */
	F_PENDING = 1 << 7       /* note in, decision pending at the upcoming board */
};

/* Every release, in date order.  type: M major, m minor, p patch,
 * e emergency.  date: deployed to its environments that day (Majors: the
 * dates of Table 1).  envs: where an emergency fix went (NULL: by phase). */
struct drel {
	const char *comp;
	const char *version;
	char type;
	const char *date;
	const char *envs;
	unsigned flags;
};


/* The board's own people (Tables 11 and 12). */
struct person {
	const char *name, *login, *role, *org;
};

enum { P_CHAIR, P_ENVMGR, P_DEPUTY, P_TESTMGR, P_DEFECTMGR, P_PMO, P_DEPLOY, P_SRO, P_DESIGN, NPEOPLE };

/* The demo's story ends here (RCB_DEMO_NOW); nothing is planned after. */
#define DEMO_END_DAY "2025-02-07"
#define DEMO_SEED 0x5243423230323331ULL /* "RCB20231" */

/* The sizes of the tables (programme.c checks them). */
enum { NTEAMS = 5, NCOMPS = 8, NMAJORS = 8, NHOLIDAYS = 14, NRELS = 71 };

extern const struct team teams[NTEAMS];
extern const struct comp comps[NCOMPS];
extern const struct major table1[NMAJORS]; /* 7.2, Table 1 */
extern const char *const holidays[NHOLIDAYS][2]; /* date, name */
extern const struct drel rels[NRELS];
extern const struct person people[NPEOPLE];

/* ---- the plan (plan.c) ---- */

typedef struct {
	char id[16];
	const char *sev;
	char summary[120];
	const char *workaround; /* outstanding defects only */
} defect;

typedef struct {
	char id[16];
	char title[100];
} creq;

#define MAXFIX 5
#define MAXOUT 2
#define MAXCR 2

/* The files of a line of development at one moment. */
typedef struct {
	char *content[MAXFILES];
	rcb_day changed[MAXFILES];
} ftree;

/* One release of the plan. */
typedef struct {
	const struct drel *d;
	const struct comp *c;
	int ci;                   /* index into comps */
	int nfiles;
	rcb_version v;
	char ver[RCB_VERSION_STRLEN];
	rcb_reltype type;
	int prev;                 /* the component's previous release (index into rels), -1 */
	int wave;                 /* Table 1 release number of a Major, else 0 */
	int phase;                /* index into table1 of the phase under way */
	rcb_day day, tag_day, submit_day, meet_day, first_meet_day;
	char envs[4];             /* letters of A = SIT A, B = SIT B, U = UIT; the primary is last */
	char rfc[16];
	char tag[64];
	char title[200];
	defect fixed[MAXFIX];
	int nfixed;
	defect out[MAXOUT];
	int nout;
	creq crs[MAXCR];
	int ncrs;
	/* filled by the repository generator */
	char commit[GIT_OID_HEXSZ + 1];
	git_oid commit_oid;
	ftree tree;               /* the files at the tag */
	char bom_ver[MAXFILES][8];
	int fix_file;             /* emergency: the file its fix changed */
	char fix_line[200];       /* and the line it added */
	/* filled by the build */
	int64_t id;
	int go;                   /* a Go (or conditional Go) stands */
	int64_t decision_id;      /* the newest decision recorded on it */
	int deployed;             /* deployments recorded so far */
} prel;

#define MAXITEMS 12
enum { MT_KICKOFF = 1, MT_PLAN_REVIEW = 2, MT_GONOGO = 3, MT_RCB = 4 };

typedef struct {
	int type;                 /* meeting_type id (Table 11, then the board of Table 10) */
	rcb_day day;
	int minute;               /* start, minutes after midnight (UTC) */
	int wave;                 /* kick-off / plan review / go-no-go of a Table 1 release */
	int emergency;            /* kick-off of an emergency release (index into rels), -1 */
	int items[MAXITEMS];      /* releases decided (or deferred) here */
	int nitems;
	int not_quorate;
	int upcoming;             /* planned after the story ends: not held */
	int review_rel;           /* a release reviewed here (rollback, moved tag), -1 */
	char title[160];
	int64_t id;
} pmeet;

#define MAXMEETINGS 128
#define MAXACTIONS 160

typedef struct {
	int meeting;              /* index into meetings, -1: raised outside a meeting */
	int rel;                  /* index into rels, -1 */
	char text[300];
	const char *owner;
	const char *closer;       /* login of whoever closes it */
	rcb_day due;
	int64_t made;             /* raised at (outside a meeting) */
	int64_t close;            /* closed at; 0: still open */
	int64_t id;
} pact;

enum ev_kind {
	EV_IMPORT, EV_VERIFY, EV_MEETING, EV_COMMUNICATE, EV_DEPLOY, EV_ROLLBACK, EV_REGRESSION, EV_CLOSE,
	EV_TAGMOVE, EV_REVERIFY, EV_ACTION_ADD, EV_ACTION_CLOSE, EV_CP2_MET, EV_CONDITION_MET, EV_UPCOMING
};

typedef struct {
	int64_t t;                /* seconds since the epoch, UTC */
	int seq;                  /* order of planning, for equal times */
	enum ev_kind kind;
	int a, b;
} event;

#define MAXEVENTS 1024
#define DEMO_DIR_MAX 3000 /* longest DIR accepted: paths inside stay under PATH_MAX */

typedef struct {
	const char *dir;          /* the demo directory */
	char repos[DEMO_DIR_MAX + 16], notes[DEMO_DIR_MAX + 16];
	uint64_t rng;
	rcb_day hol[ARRAY_LEN(holidays)];
	size_t nhol;
	rcb_day end;              /* DEMO_END_DAY */
	prel r[NRELS];
	pmeet m[MAXMEETINGS];
	int nm;
	pact a[MAXACTIONS];
	int na;
	event ev[MAXEVENTS];
	int nev;
	rcb_store *st;
	int64_t clock;            /* the pinned clock while an event runs */
	rcb_demo_summary sum;
	rcb_demo_progress_fn progress;
	void *pctx;
	int commits, tags;
} demo;

/* ---- the helpers the parts share ---- */

/* A pseudo-random number in [0, n) from the seed *s (0 when n is 0). */
unsigned below(uint64_t *s, unsigned n);

/* The day of "YYYY-MM-DD" s (the tables' dates are valid). */
rcb_day day_of(const char *s);

/* The working day n working days before day (d's holidays). */
rcb_day wd_before(demo *d, rcb_day day, unsigned n);

/* The working day n working days after day. */
rcb_day wd_after(demo *d, rcb_day day, unsigned n);

/* Seconds since the epoch (UTC) of hh:mm on day. */
int64_t at(rcb_day day, int hh, int mm);

/* t as "YYYY-MM-DDTHH:MM:SSZ" into buf (n bytes); buf. */
char *iso(char *buf, size_t n, int64_t t);

/* day as "YYYY-MM-DD" into buf (RCB_DATE_STRLEN bytes); buf. */
const char *dstr(char *buf, rcb_day day);

/* The environment a letter of a release's envs names (static storage). */
const char *env_name(char letter);

/* How many files component c's repository holds. */
int ndfiles(const struct comp *c);

/* Plan event k (about release or meeting a, detail b) at t.  Returns 0,
 * or RCB_EINVAL when MAXEVENTS are planned. */
int add_event(demo *d, int64_t t, enum ev_kind k, int a, int b);

/* Releases: versions checked against section 11, dates, defects, change
 * requests, RFCs, tags, titles. */
int plan_releases(demo *d);

/* The releases of a Table 1 wave, as "DIP 2.0.0.0, LSS 2.0.0.0". */
void wave_list(demo *d, int wave, char *buf, size_t n);

/* Every meeting of the story and the actions they set: the waves' own
 * meetings, each release at its board, the reviews, the boards' titles. */
int plan_meetings(demo *d);

/* Write s[0, len) to path (created or truncated).  Returns 0 or RCB_EIO. */
int write_file(const char *path, const char *s, size_t len);

/* The environment release p goes to last (static storage). */
const char *primary_env(const prel *p);

/* The note of release i (12.10).  A note flagged F_INCOMPLETE leaves out
 * Issued by, Service impact and the Backout Plan, as a hurried one does. */
int note_text(demo *d, int i, rcb_buf *b);

/* The index of path among p's component's files, or -1. */
int file_index(const prel *p, const char *path);

/* Free the contents of tree t (t itself is the caller's). */
void ft_free(ftree *t);

/* Write component ci's repository at path: every release's commits and
 * tags (d->commits, d->tags count them).  Returns 0 or the error. */
int gen_component(demo *d, int ci, const char *path);

/* 12.9 broken on purpose: the tag of an approved release re-pointed at a
 * rebuilt commit (a configuration tweak made in place). */
int move_tag(demo *d, int i, int64_t when);

/* Pin $RCB_NOW to t: what core stamps the next writes with. */
void set_clock(int64_t t);

/* Pin $RCB_USER to login: who core records as acting. */
void set_user(const char *login);

/* The time line: every event of the plan up to the story's end, sorted by
 * time (d->ev).  Returns 0 or RCB_EINVAL (too many). */
int plan_events(demo *d);

/* Replay event e through core/ with the clock and the user pinned.
 * Returns 0 or the error of the core call. */
int run_event(demo *d, const event *e);

#endif
