/* demo.c: `rcb demo DIR` -- a realistic programme built through rcb's core.
 *
 * Three layers, top to bottom:
 *   1. the programme as data: the central systems of 5.4, the eight Major
 *      releases of Table 1, every other release between them, the people
 *      of Tables 11 and 12 -- static tables a reader can check against the
 *      document;
 *   2. a plan computed from them with a fixed seed: defects and change
 *      requests per release, the dates of tags, notes, boards and
 *      deployments (working days, holidays of England and Wales), the
 *      meetings and their work-off actions;
 *   3. the build: the git repositories (libgit2 only), the notes as files,
 *      then a time line of events replayed in order with $RCB_NOW and
 *      $RCB_USER pinned for each, each event one call into core/ (notes
 *      import, verification, meetings, marks, decisions, deployments).
 *
 * The planted problems are data too (flags on the release table) and are
 * listed for the tour by rcb_demo_plants(). */
#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "condition.h"
#include "decision.h"
#include "demo.h"
#include "deploy.h"
#include "gate.h"
#include "history.h"
#include "lifecycle.h"
#include "meeting.h"
#include "notes.h"
#include "notes_store.h"
#include "register.h"
#include "steps.h"
#include "store.h"
#include "verify.h"
#include "verify_store.h"
#include "version.h"
#include "workdays.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ================================================================== */
/* 1. The programme as data                                            */
/* ================================================================== */

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

static const struct team teams[] = {
	{"DIP Service Provider", "dip-provider.example", "Lars Jensen", "lars.jensen", "Nadia Haddad",
	 "DIP Release Manager", "Mei Lin, DIP Test Manager", {"Ben Carter", "Mei Lin", "Tomasz Zieliński"}},
	{"Elexon", "elexon.example", "Fiona Campbell", "fiona.campbell", "Rob Hughes", "Elexon Release Manager",
	 "Kasia Wójcik, Elexon Test Manager", {"Ian Doyle", "Dev Mistry", "Kasia Wójcik"}},
	{"Electralink", "electralink.example", "Owen Price", "owen.price", "Carys Evans", "DTN Release Manager",
	 "Gareth Morgan, DTN Test Lead", {"Gareth Morgan", "Rhian Lewis", "Owen Price"}},
	{"St Clements", "stclements.example", "Siobhán Murphy", "siobhan.murphy", "Declan Byrne",
	 "SMRS Release Manager", "Aoife Kelly, SMRS Test Manager", {"Aoife Kelly", "Conor Walsh", "Siobhán Murphy"}},
	{"RECCo", "recco.example", "Ravi Patel", "ravi.patel", "Emma Clarke", "EES Release Manager",
	 "Joe Turner, EES Test Lead", {"Joe Turner", "Li Wei", "Ravi Patel"}},
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

static const struct comp comps[] = {
	{"DIP", "dip", "Data Integration Platform", "Data Integration Platform service provider", T_DIP, 1,
	 {{"src/router/router.c", "Message router"},
	  {"src/router/validate.c", "Message schema validation"},
	  {"src/adapters/participant.c", "Market participant adapter"},
	  {"config/routes.yaml", "Routing table"},
	  {"config/certificates.yaml", "Certificate trust list"},
	  {"db/schema.sql", "Database schema"},
	  {"deploy/install.sh", "Installation script"},
	  {"VERSION", "Build version"},
	  {"CHANGELOG.md", "Change log"}},
	 {"Router drops messages over 1 MB", "Duplicate acknowledgement sent on retry",
	  "Certificate rotation fails on the expiry day", "Schema validation rejects an optional field",
	  "Dead-letter queue not drained after a restart", "Participant lookup times out under load",
	  "Event timestamps written in local time", "Replay ignores the from-date filter"},
	 {"MHHS message schema v2", "Participant onboarding API", "Message replay for late subscribers",
	  "Throttling per market role", "Audit trail export"}},
	{"LSS", "lss", "Load Shaping Service", "Elexon", T_ELEXON, 1,
	 {{"src/main/java/lss/ShapeCalculator.java", "Load shape calculator"},
	  {"src/main/java/lss/ShapePublisher.java", "Load shape publication"},
	  {"config/application.yaml", "Service configuration"},
	  {"db/schema.sql", "Database schema"},
	  {"deploy/install.sh", "Installation script"},
	  {"VERSION", "Build version"},
	  {"CHANGELOG.md", "Change log"}},
	 {"Load shape off by one settlement period on clock change", "Negative consumption not rejected",
	  "Shape recalculation ignores late readings", "Daily run overruns its window",
	  "Rounding error in half-hourly shares", "No shapes for a new profile class",
	  "Export file lacks its trailer record", "Retry creates duplicate shapes"},
	 {"Load shapes per market segment", "On-demand shape recalculation", "Publish load shapes through the DIP",
	  "Shape history retention", "Clock-change days of 46 and 50 periods"}},
	{"MDS", "mds", "Market Data Service", "Elexon", T_ELEXON, 1,
	 {{"src/main/java/mds/MarketDataFeed.java", "Market data feed"},
	  {"src/main/java/mds/Snapshot.java", "Daily snapshot"},
	  {"config/application.yaml", "Service configuration"},
	  {"db/schema.sql", "Database schema"},
	  {"deploy/install.sh", "Installation script"},
	  {"VERSION", "Build version"},
	  {"CHANGELOG.md", "Change log"}},
	 {"Market data file omits withdrawn meter points", "Effective dates truncated to the month",
	  "Supplier short codes not upper-cased", "Snapshot job leaks database connections",
	  "Delta feed repeats the last record", "Duplicate GSP group entries",
	  "Publish time shifts on clock change", "Search returns retired participants"},
	 {"Market data delta feed", "Publish market data through the DIP", "Participant search API",
	  "Daily snapshot retention", "Withdrawn meter point reporting"}},
	{"VAS", "vas", "Volume Allocation Service", "Elexon", T_ELEXON, 1,
	 {{"src/main/java/vas/AllocationRun.java", "Volume allocation run"},
	  {"src/main/java/vas/Reconciliation.java", "Reconciliation"},
	  {"config/application.yaml", "Service configuration"},
	  {"db/schema.sql", "Database schema"},
	  {"deploy/install.sh", "Installation script"},
	  {"VERSION", "Build version"},
	  {"CHANGELOG.md", "Change log"}},
	 {"Allocation run aborts on an empty GSP group", "Settlement run uses the previous day's load shapes",
	  "Volumes double-counted after a re-run", "Reconciliation report misses unmetered supplies",
	  "Run status stuck at running after a failure", "Half-hourly volumes rounded too early",
	  "Correction factor applied twice", "Memory exhaustion on the final reconciliation run"},
	 {"Half-hourly allocation for all segments", "Reconciliation run scheduling",
	  "Publish volumes through the DIP", "Allocation run restart", "Unmetered supplies allocation"}},
	{"ISD", "isd", "Industry Standing Data Service", "Elexon", T_ELEXON, 1,
	 {{"src/main/java/isd/StandingData.java", "Standing data store"},
	  {"src/main/java/isd/Publication.java", "Standing data publication"},
	  {"data/gsp_groups.csv", "GSP group reference data"},
	  {"config/application.yaml", "Service configuration"},
	  {"db/schema.sql", "Database schema"},
	  {"deploy/install.sh", "Installation script"},
	  {"VERSION", "Build version"},
	  {"CHANGELOG.md", "Change log"}},
	 {"Effective-from date ignored on update", "GSP group table misses a region",
	  "Line loss factors loaded in the wrong unit", "Publication skipped on bank holidays",
	  "Duplicate market participant roles", "Standing data API pages past the end",
	  "Superseded versions not archived", "Change audit lacks the user"},
	 {"Versioned standing data", "Publish standing data through the DIP", "GSP group reference data refresh",
	  "Line loss factor upload", "Standing data change audit"}},
	{"DTN", "dtn", "Data Transfer Network", "Electralink", T_ELECTRALINK, 0,
	 {{"gateway/router.go", "Flow router"},
	  {"gateway/mailbox.go", "Mailbox store"},
	  {"config/flows.yaml", "Flow catalogue"},
	  {"config/gateway.yaml", "Gateway configuration"},
	  {"deploy/install.sh", "Installation script"},
	  {"VERSION", "Build version"},
	  {"CHANGELOG.md", "Change log"}},
	 {"Flow header rejected although valid", "Acknowledgement lost on gateway failover",
	  "Large flows split at the wrong boundary", "Mailbox purge deletes unread flows",
	  "Gateway clock drift breaks signatures", "Retries flood the partner gateway",
	  "Flow catalogue out of date", "Session resumption fails after a restart"},
	 {"MHHS flow catalogue", "Gateway failover", "Large flow chunking", "Partner gateway throttling",
	  "Mailbox retention"}},
	{"SMRS", "smrs", "Supplier Meter Registration Service",
	 "St Clements and C&C", T_STCLEMENTS, 1,
	 {{"src/Registration/ChangeOfSupplier.cs", "Change of supplier"},
	  {"src/Registration/MeterPoint.cs", "Meter point registration"},
	  {"config/appsettings.json", "Service settings"},
	  {"db/schema.sql", "Database schema"},
	  {"deploy/install.sh", "Installation script"},
	  {"VERSION", "Build version"},
	  {"CHANGELOG.md", "Change log"}},
	 {"Change of supplier rejected on the registration date", "Disconnection flag not cleared",
	  "Meter point history missing after a merge", "Registration report times out",
	  "Agent appointment ignored for new connections", "Objection window counted in calendar days",
	  "Duplicate meter point created on retry", "Energisation status not published"},
	 {"MHHS registration data items", "Agent appointments through the DIP", "Objection window in working days",
	  "Meter point history API", "Energisation status publication"}},
	{"EES", "ees", "Electricity Enquiry Service", "RECCo", T_RECCO, 0,
	 {{"src/search/enquiry.ts", "Enquiry search"},
	  {"src/search/address.ts", "Address matching"},
	  {"config/service.json", "Service configuration"},
	  {"db/schema.sql", "Database schema"},
	  {"deploy/install.sh", "Installation script"},
	  {"VERSION", "Build version"},
	  {"CHANGELOG.md", "Change log"}},
	 {"Enquiry results show a stale supplier", "Search by postcode misses flats",
	  "Export capped at 1000 rows", "Session expires during long searches",
	  "Address formatting drops the county", "Access log lacks the user role",
	  "Rate limit counts failed logins twice", "Meter serial search is case-sensitive"},
	 {"Search by meter serial number", "Bulk export for suppliers", "Role-based access log",
	  "Postcode search", "Enquiry API for third parties"}},
};
#define NCOMPS ARRAY_LEN(comps)

/* 7.2, Table 1: the eight potential Major releases. */
static const struct major {
	const char *date;
	const char *phase;   /* the test phase it enables */
	const char *purpose; /* as Table 1 words it */
} table1[] = {
	{"2023-10-30", "CIT", "Code Release to enable the CIT Test phase."},
	{"2024-03-11", "SIT Functional", "Code Release to enable the SIT Functional Test phase."},
	{"2024-06-10", "SIT Migration", "Code Release to enable the SIT Migration Test phase."},
	{"2024-07-15", "non-SIT LDSO", "Code Release to enable the non-SIT LDSO Test phase."},
	{"2024-09-02", "SIT NFT", "Code Release to enable the SIT NFT Test phase."},
	{"2024-10-07", "SIT Operational", "Code Release to enable the SIT Operational Test phase."},
	{"2024-11-04", "UIT Sandbox", "Code Release to enable the UIT Sandbox phase."},
	{"2025-01-20", "UIT Qualification", "Code Release to enable the UIT Qualification Test phase."},
};
#define NMAJORS ARRAY_LEN(table1)

/* Bank holidays in England and Wales: 12.10 counts working days. */
static const char *const holidays[][2] = {
	{"2023-08-28", "Summer bank holiday"}, {"2023-12-25", "Christmas Day"},
	{"2023-12-26", "Boxing Day"},          {"2024-01-01", "New Year's Day"},
	{"2024-03-29", "Good Friday"},         {"2024-04-01", "Easter Monday"},
	{"2024-05-06", "Early May bank holiday"}, {"2024-05-27", "Spring bank holiday"},
	{"2024-08-26", "Summer bank holiday"}, {"2024-12-25", "Christmas Day"},
	{"2024-12-26", "Boxing Day"},          {"2025-01-01", "New Year's Day"},
	{"2025-04-18", "Good Friday"},         {"2025-04-21", "Easter Monday"},
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

static const struct drel rels[] = {
	{"DIP", "1.0.0.0", 'M', "2023-10-30", NULL, 0},
	{"LSS", "1.0.0.0", 'M', "2023-10-30", NULL, 0},
	{"MDS", "1.0.0.0", 'M', "2023-10-30", NULL, 0},
	{"VAS", "1.0.0.0", 'M', "2023-10-30", NULL, 0},
	{"ISD", "1.0.0.0", 'M', "2023-10-30", NULL, 0},
	{"DTN", "1.0.0.0", 'M', "2023-10-30", NULL, 0},
	{"SMRS", "1.0.0.0", 'M', "2023-10-30", NULL, 0},
	{"EES", "1.0.0.0", 'M', "2023-10-30", NULL, 0},
	{"DIP", "1.0.1.0", 'p', "2023-11-21", NULL, 0},
	{"LSS", "1.0.1.0", 'p', "2023-12-05", NULL, 0},
	{"VAS", "1.0.1.0", 'p', "2023-12-12", NULL, 0},
	{"VAS", "1.0.1.1", 'e', "2024-01-11", "A", 0},
	{"DIP", "1.1.0.0", 'm', "2024-01-16", NULL, 0},
	{"MDS", "1.0.1.0", 'p', "2024-01-23", NULL, 0},
	{"DIP", "1.1.1.0", 'p', "2024-02-06", NULL, 0},
	{"VAS", "1.0.2.0", 'p', "2024-02-13", NULL, 0},
	{"ISD", "1.0.1.0", 'p', "2024-02-20", NULL, 0},
	{"DIP", "2.0.0.0", 'M', "2024-03-11", NULL, 0},
	{"LSS", "2.0.0.0", 'M', "2024-03-11", NULL, 0},
	{"MDS", "2.0.0.0", 'M', "2024-03-11", NULL, 0},
	{"VAS", "2.0.0.0", 'M', "2024-03-11", NULL, 0},
	{"SMRS", "1.0.1.0", 'p', "2024-03-26", NULL, 0},
	{"DIP", "2.0.1.0", 'p', "2024-04-09", NULL, 0},
	{"DTN", "1.1.0.0", 'm', "2024-04-16", NULL, 0},
	{"DIP", "2.0.1.1", 'e', "2024-04-18", "A", 0},
	{"LSS", "2.0.1.0", 'p', "2024-04-23", NULL, 0},
	{"DIP", "2.0.2.0", 'p', "2024-05-14", NULL, F_DEFER_QUORUM},
	{"MDS", "2.0.1.0", 'p', "2024-05-14", NULL, F_DEFER_QUORUM},
	{"VAS", "2.1.0.0", 'm', "2024-05-21", NULL, 0},
	{"EES", "1.0.1.0", 'p', "2024-05-28", NULL, 0},
	{"DIP", "3.0.0.0", 'M', "2024-06-10", NULL, 0},
	{"ISD", "2.0.0.0", 'M', "2024-06-10", NULL, 0},
	{"SMRS", "2.0.0.0", 'M', "2024-06-10", NULL, 0},
	{"LSS", "2.1.0.0", 'm', "2024-06-25", NULL, 0},
	{"DIP", "3.0.1.0", 'p', "2024-07-02", NULL, 0},
	{"DTN", "2.0.0.0", 'M', "2024-07-15", NULL, 0},
	{"SMRS", "3.0.0.0", 'M', "2024-07-15", NULL, 0},
	{"MDS", "2.0.2.0", 'p', "2024-07-23", NULL, 0},
	{"DIP", "3.1.0.0", 'm', "2024-08-06", NULL, 0},
	{"ISD", "2.0.1.0", 'p', "2024-08-13", NULL, 0},
	{"SMRS", "3.0.1.0", 'p', "2024-08-20", NULL, 0},
	{"SMRS", "3.0.1.1", 'e', "2024-08-29", "B", 0},
	{"DIP", "4.0.0.0", 'M', "2024-09-02", NULL, F_OVERRIDE},
	{"VAS", "3.0.0.0", 'M', "2024-09-02", NULL, 0},
	{"DTN", "2.0.1.0", 'p', "2024-09-10", NULL, 0},
	{"VAS", "3.0.1.0", 'p', "2024-09-17", NULL, 0},
	{"DIP", "4.0.1.0", 'p', "2024-09-24", NULL, 0},
	{"VAS", "3.0.1.1", 'e', "2024-09-26", "B", 0},
	{"SMRS", "3.0.2.0", 'p', "2024-10-01", NULL, 0},
	{"MDS", "3.0.0.0", 'M', "2024-10-07", NULL, F_LATE},
	{"LSS", "3.0.0.0", 'M', "2024-10-07", NULL, 0},
	{"EES", "2.0.0.0", 'M', "2024-10-07", NULL, 0},
	{"VAS", "3.0.2.0", 'p', "2024-10-15", NULL, F_SKIP_MERGE},
	{"LSS", "3.0.1.0", 'p', "2024-10-22", NULL, F_TAG_MOVED},
	{"VAS", "3.0.3.0", 'p', "2024-10-29", NULL, 0},
	{"DIP", "5.0.0.0", 'M', "2024-11-04", NULL, 0},
	{"ISD", "3.0.0.0", 'M', "2024-11-04", NULL, 0},
	{"EES", "3.0.0.0", 'M', "2024-11-04", NULL, 0},
	{"LSS", "3.0.2.0", 'p', "2024-11-12", NULL, 0},
	{"DIP", "5.0.1.0", 'p', "2024-11-26", NULL, 0},
	{"MDS", "3.0.1.0", 'p', "2024-12-03", NULL, 0},
	{"DIP", "5.0.1.1", 'e', "2024-12-05", "U", 0},
	{"ISD", "3.0.1.0", 'p', "2024-12-10", NULL, 0},
	{"DIP", "5.1.0.0", 'm', "2024-12-17", NULL, 0},
	{"DIP", "6.0.0.0", 'M', "2025-01-20", NULL, 0},
	{"VAS", "4.0.0.0", 'M', "2025-01-20", NULL, 0},
	{"DTN", "3.0.0.0", 'M', "2025-01-20", NULL, 0},
	{"SMRS", "4.0.0.0", 'M', "2025-01-20", NULL, 0},
	{"SMRS", "4.0.1.0", 'p', "2025-02-04", NULL, F_ROLLBACK},
	{"EES", "3.0.1.0", 'p', "2025-02-11", NULL, F_INCOMPLETE},
	{"DIP", "6.0.1.0", 'p', "2025-02-18", NULL, F_PENDING},
};
#define NRELS ARRAY_LEN(rels)

/* The board's own people (Tables 11 and 12). */
struct person {
	const char *name, *login, *role, *org;
};
enum { P_CHAIR, P_ENVMGR, P_DEPUTY, P_TESTMGR, P_DEFECTMGR, P_PMO, P_DEPLOY, P_SRO, P_DESIGN, NPEOPLE };
static const struct person people[NPEOPLE] = {
	{"Priya Raman", "priya.raman", "SI Release Manager", "MHHS SI"},
	{"Tom Adeyemi", "tom.adeyemi", "SI Environment Manager", "MHHS SI"},
	{"Aisha Khan", "aisha.khan", "SI Environments & Release Manager", "MHHS SI"},
	{"Grace O'Neill", "grace.oneill", "SI Test Manager", "MHHS SI"},
	{"Marek Nowak", "marek.nowak", "SI Defect Manager", "MHHS SI"},
	{"Helen Wright", "helen.wright", "PMO", "MHHS Programme"},
	{"Sam Okafor", "sam.okafor", "Deployment Team", "MHHS SI"},
	{"James Whitfield", "james.whitfield", "SRO TMAG Chair", "MHHS Programme"},
	{"Zoë Ørsted", "zoe.orsted", "SI Design Authority", "MHHS SI"},
};

/* The demo's story ends here (RCB_DEMO_NOW); nothing is planned after. */
#define DEMO_END_DAY "2025-02-07"
#define DEMO_SEED 0x5243423230323331ULL /* "RCB20231" */

static const rcb_demo_plant plants[] = {
	{"late note", "MDS@3.0.0.0",
	 "the Major note for Release 6 arrived 2 working days before its Go / No-Go board, not 5 (12.10); "
	 "the gate refused a Go (note-late), so the chair gave a Go with two conditions overriding note-late "
	 "with a recorded reason, and both conditions were met before the first deployment (the deploy gate "
	 "refuses a release while a condition of its Go is open)",
	 "rcb decide MDS@3.0.0.0; rcb condition list --release MDS@3.0.0.0"},
	{"incomplete note", "EES@3.0.1.0",
	 "the note has no Service impact, Issued by or Backout Plan; the import refused it, so the release is "
	 "registered without a note and was deferred (a deferral passes the gate; a Go would be refused: no-note)",
	 "rcb notes check DIR/notes/ees-3.0.1.0.md"},
	{"emergency fix not merged back", "VAS@3.0.2.0",
	 "VAS 3.0.1.1's fix lives only on its hotfix branch; 3.0.2.0 was built without it (12.8): its "
	 "verification FAILs, so the gate would refuse a Go (verify-failed); the board gave a No-Go, merged "
	 "back in 3.0.3.0",
	 "rcb verify VAS@3.0.2.0"},
	{"tag moved after approval", "LSS@3.0.1.0",
	 "lss-3.0.1.0 was re-pointed at a rebuilt commit the day after its Go (12.9); the re-verification "
	 "FAILs tag-moved, the Go is stale and the deploy gate refuses the release (go-stale, tag-elsewhere): "
	 "its deployment was halted",
	 "rcb decide LSS@3.0.1.0"},
	{"Go by override", "DIP@4.0.0.0",
	 "control point 2 (programme governance approval) was not met at the Release 5 Go / No-Go; the gate "
	 "refused a Go (cp-2) and the chair recorded a Go overriding cp-2, with the TMAG chair's approval in "
	 "the meeting as the reason",
	 "rcb decide DIP@4.0.0.0"},
	{"board not quorate", "2024-05-02",
	 "the Release Control Board of 2 May 2024 had neither Test Manager nor Defect Manager, so the gate "
	 "would refuse any Go (meeting-not-quorate); its two items were deferred and carried over to 9 May",
	 "rcb minutes MEETING"},
	{"rollback", "SMRS@4.0.1.0",
	 "post release checks failed in UIT; the release was rolled back the same afternoon (16.5)",
	 "rcb env UIT"},
};

size_t rcb_demo_plants(const rcb_demo_plant **out)
{
	*out = plants;
	return ARRAY_LEN(plants);
}

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

static unsigned below(uint64_t *s, unsigned n)
{
	return n ? rnd(s) % n : 0;
}

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

static rcb_day day_of(const char *s)
{
	rcb_day d = 0;
	(void)rcb_date_parse(&d, s);
	return d;
}

static rcb_day wd_before(demo *d, rcb_day day, unsigned n)
{
	return rcb_workdays_before(day, n, d->hol, d->nhol);
}

/* The working day n working days after day. */
static rcb_day wd_after(demo *d, rcb_day day, unsigned n)
{
	while (n > 0) {
		day++;
		if (rcb_workday_is(day, d->hol, d->nhol))
			n--;
	}
	return day;
}

static int64_t at(rcb_day day, int hh, int mm)
{
	return (int64_t)day * 86400 + hh * 3600 + mm * 60;
}

static char *iso(char *buf, size_t n, int64_t t)
{
	rcb_day day = (rcb_day)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	int64_t s = t - (int64_t)day * 86400;
	char ds[RCB_DATE_STRLEN];
	snprintf(buf, n, "%sT%02d:%02d:%02dZ", rcb_date_format(ds, sizeof ds, day), (int)(s / 3600),
		 (int)(s / 60 % 60), (int)(s % 60));
	return buf;
}

static const char *dstr(char *buf, rcb_day day)
{
	return rcb_date_format(buf, RCB_DATE_STRLEN, day);
}

static const char *env_name(char letter)
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

static int ndfiles(const struct comp *c)
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

static int add_event(demo *d, int64_t t, enum ev_kind k, int a, int b)
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
static int plan_releases(demo *d)
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
static void wave_list(demo *d, int wave, char *buf, size_t n)
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

	if ((rc = meeting_on(d, MT_KICKOFF, ko, 14 * 60, &m)) < 0)
		return rc;
	m->wave = wave;
	snprintf(m->title, sizeof m->title, "Release %d kick-off: %s", wave, table1[w].phase);
	rc = add_action(d, index_of_meeting(d, m), -1, people[P_ENVMGR].name, people[P_ENVMGR].login,
			wd_after(d, ko, 10), at(wd_after(d, ko, 7), 16, 0),
			"Confirm the environment baselines for Release %d: %s (control point 3)", wave, list);
	if (rc < 0)
		return rc;

	if ((rc = meeting_on(d, MT_PLAN_REVIEW, pr, 15 * 60 + 30, &m)) < 0)
		return rc;
	m->wave = wave;
	snprintf(m->title, sizeof m->title, "Release %d plan review", wave);
	rc = add_action(d, index_of_meeting(d, m), -1, people[P_PMO].name, people[P_PMO].login,
			wd_after(d, pr, 2), at(wd_after(d, pr, 1), 12, 0),
			"Publish the Release %d deployment schedule on the collaboration base (6.2)", wave);
	if (rc < 0)
		return rc;

	if ((rc = meeting_on(d, MT_GONOGO, gng, 11 * 60, &m)) < 0)
		return rc;
	m->wave = wave;
	snprintf(m->title, sizeof m->title, "Release %d Go / No-Go: %s", wave, table1[w].phase);
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
			char ds[RCB_DATE_STRLEN];
			int em = -1;
			for (int k = 0; k < m->nitems; k++)
				if (d->r[m->items[k]].type == RCB_EMERGENCY)
					em = m->items[k];
			if (em >= 0)
				snprintf(m->title, sizeof m->title, "Board with emergency %s %s, week of %s", d->r[em].c->name,
					 d->r[em].ver, dstr(ds, m->day - rcb_date_weekday(m->day)));
			else
				snprintf(m->title, sizeof m->title, "Weekly board, week of %s",
					 dstr(ds, m->day - rcb_date_weekday(m->day)));
		}
	}
}

/* Every meeting of the story and the actions they set: the waves' own
 * meetings, each release at its board, the reviews, the boards' titles. */
static int plan_meetings(demo *d)
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

/* ================================================================== */
/* 3a. The repositories, written with libgit2 (never by running git)   */
/* ================================================================== */

static int git_fail(const char *doing)
{
	const git_error *e = git_error_last();
	return rcb_error_set(RCB_EGIT, "demo: %s: %s", doing, e && e->message ? e->message : "libgit2 failed");
}

/* Europe/London's offset at t in minutes: British Summer Time runs from
 * 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
 * of October. */
static int uk_offset(int64_t t)
{
	char ds[RCB_DATE_STRLEN], buf[RCB_DATE_STRLEN];
	rcb_day day = (rcb_day)(t / 86400), mar, oct;
	int year;

	rcb_date_format(ds, sizeof ds, day);
	year = atoi(ds);
	snprintf(buf, sizeof buf, "%04d-03-31", year);
	mar = day_of(buf);
	mar -= (rcb_date_weekday(mar) + 1) % 7;
	snprintf(buf, sizeof buf, "%04d-10-31", year);
	oct = day_of(buf);
	oct -= (rcb_date_weekday(oct) + 1) % 7;
	return t >= at(mar, 1, 0) && t < at(oct, 1, 0) ? 60 : 0;
}

/* "Tomasz Zieliński" -> "tomasz.zielinski" */
static void login_of(char *buf, size_t n, const char *name)
{
	static const struct {
		const char *utf8;
		char ascii;
	} tr[] = {{"\xc5\x84", 'n'}, {"\xc3\xb3", 'o'}, {"\xc3\xa1", 'a'}, {"\xc3\xab", 'e'},
		  {"\xc3\xb8", 'o'}, {"\xc3\x98", 'o'}, {"\xc3\xa9", 'e'}};
	size_t k = 0;

	for (const char *s = name; *s && k + 1 < n; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch >= 'A' && ch <= 'Z')
			buf[k++] = (char)(ch - 'A' + 'a');
		else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			buf[k++] = (char)ch;
		else if (ch == ' ')
			buf[k++] = '.';
		else if (ch >= 0x80) {
			for (size_t i = 0; i < ARRAY_LEN(tr); i++)
				if (strncmp(s, tr[i].utf8, 2) == 0) {
					buf[k++] = tr[i].ascii;
					break;
				}
			while ((unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xc0)
				s++;
		}
	}
	buf[k] = '\0';
}

static int signature(git_signature **out, const char *name, const char *domain, int64_t when)
{
	char login[64], mail[160];
	login_of(login, sizeof login, name);
	snprintf(mail, sizeof mail, "%s@%s", login, domain);
	if (git_signature_new(out, name, mail, (git_time_t)when, uk_offset(when)) < 0)
		return git_fail("making a signature");
	return 0;
}

static const char *ext_of(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	return dot && (!slash || dot > slash) ? dot + 1 : "";
}

/* The comment leader of a source file, NULL for files the generator does
 * not patch (VERSION, the change log, data). */
static const char *comment_of(const char *path)
{
	const char *e = ext_of(path);
	if (!strcmp(e, "c") || !strcmp(e, "java") || !strcmp(e, "go") || !strcmp(e, "ts") || !strcmp(e, "cs"))
		return "// ";
	if (!strcmp(e, "yaml") || !strcmp(e, "sh"))
		return "# ";
	if (!strcmp(e, "sql"))
		return "-- ";
	return NULL;
}

static int file_index(const prel *p, const char *path)
{
	for (int i = 0; i < p->nfiles; i++)
		if (strcmp(p->c->files[i].path, path) == 0)
			return i;
	return -1;
}

static void ft_free(ftree *t)
{
	for (int i = 0; i < MAXFILES; i++) {
		free(t->content[i]);
		t->content[i] = NULL;
	}
}

static int ft_set(ftree *t, int i, const char *s, rcb_day day)
{
	char *c = rcb_strdup(s);
	if (c == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	free(t->content[i]);
	t->content[i] = c;
	t->changed[i] = day;
	return 0;
}

static int ft_append(ftree *t, int i, const char *line, rcb_day day)
{
	rcb_buf b = RCB_BUF_INIT;
	int rc;
	if (rcb_buf_puts(&b, t->content[i] ? t->content[i] : "") < 0 || rcb_buf_printf(&b, "%s\n", line) < 0) {
		rcb_buf_free(&b);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	rc = ft_set(t, i, rcb_buf_cstr(&b), day);
	rcb_buf_free(&b);
	return rc;
}

static int ft_copy(ftree *dst, const ftree *src)
{
	ft_free(dst);
	for (int i = 0; i < MAXFILES; i++) {
		dst->changed[i] = src->changed[i];
		if (src->content[i] && (dst->content[i] = rcb_strdup(src->content[i])) == NULL)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	return 0;
}

typedef struct {
	demo *d;
	const struct comp *c;
	const struct team *tm;
	prel proto;               /* c and nfiles, for file_index() */
	git_repository *repo;
	int nfiles;
	ftree main;
	git_oid tip;
	int64_t last;             /* time of the newest commit on main */
	int pending[8];           /* emergencies not yet merged into main */
	int npending;
} cgen;

/* Write the files of t as a tree; bom (may be NULL) receives each blob's
 * abbreviated id, as a Bill of Materials Version names it. */
static int write_tree(cgen *g, const ftree *t, git_oid *out, char bom[][8])
{
	git_index *idx = NULL;
	int rc = 0;

	if (git_index_new(&idx) < 0)
		return git_fail("creating an index");
	for (int i = 0; i < g->nfiles; i++) {
		git_index_entry e;
		const char *s = t->content[i] ? t->content[i] : "";
		memset(&e, 0, sizeof e);
		if (git_blob_create_from_buffer(&e.id, g->repo, s, strlen(s)) < 0) {
			rc = git_fail("writing a blob");
			goto out;
		}
		e.mode = strcmp(ext_of(g->c->files[i].path), "sh") == 0 ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
		e.path = g->c->files[i].path;
		if (git_index_add(idx, &e) < 0) {
			rc = git_fail("adding to the index");
			goto out;
		}
		if (bom)
			git_oid_tostr(bom[i], 8, &e.id);
	}
	if (git_index_write_tree_to(out, idx, g->repo) < 0)
		rc = git_fail("writing a tree");
out:
	git_index_free(idx);
	return rc;
}

static int make_commit(cgen *g, git_oid *out, const ftree *t, const char *ref, const git_oid *parents, int np,
		       const char *msg, int64_t when, const char *author, char bom[][8])
{
	git_oid tree_oid;
	git_tree *tree = NULL;
	const git_commit *par[2] = {NULL, NULL};
	git_signature *sig = NULL;
	int rc;

	if ((rc = write_tree(g, t, &tree_oid, bom)) < 0)
		return rc;
	if (git_tree_lookup(&tree, g->repo, &tree_oid) < 0) {
		rc = git_fail("reading a tree");
		goto out;
	}
	for (int i = 0; i < np; i++)
		if (git_commit_lookup((git_commit **)&par[i], g->repo, &parents[i]) < 0) {
			rc = git_fail("reading a parent commit");
			goto out;
		}
	if ((rc = signature(&sig, author, g->tm->mail, when)) < 0)
		goto out;
	if (git_commit_create(out, g->repo, ref, sig, sig, NULL, msg, tree, (size_t)np, par) < 0) {
		rc = git_fail("writing a commit");
		goto out;
	}
	g->d->commits++;
out:
	git_signature_free(sig);
	for (int i = 0; i < np; i++)
		git_commit_free((git_commit *)par[i]);
	git_tree_free(tree);
	return rc;
}

/* An annotated tag (12.9: the tag used in source control). */
static int make_tag(git_repository *repo, const char *domain, const char *name, const git_oid *target,
		    const char *msg, int64_t when, const char *tagger, int force)
{
	git_object *obj = NULL;
	git_signature *sig = NULL;
	git_oid oid;
	int rc = 0;

	if (git_object_lookup(&obj, repo, target, GIT_OBJECT_COMMIT) < 0)
		return git_fail("reading the commit to tag");
	if ((rc = signature(&sig, tagger, domain, when)) < 0)
		goto out;
	if (git_tag_create(&oid, repo, name, obj, sig, msg, force) < 0)
		rc = git_fail("writing a tag");
out:
	git_signature_free(sig);
	git_object_free(obj);
	return rc;
}

static const char *dev_of(cgen *g)
{
	return g->tm->dev[below(&g->d->rng, 3)];
}

/* A source file to patch, at random. */
static int pick_file(cgen *g)
{
	int cand[MAXFILES], n = 0;
	for (int i = 0; i < g->nfiles; i++)
		if (comment_of(g->c->files[i].path))
			cand[n++] = i;
	return cand[below(&g->d->rng, (unsigned)n)];
}

static int gen_init(cgen *g, const char *path)
{
	git_repository_init_options o;
	rcb_day d0 = day_of("2023-06-05"), d1 = day_of("2023-07-10");
	char line[300];
	int rc, cfg, inst;

	git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	o.initial_head = "main";
	o.description = g->c->system;
	if (git_repository_init_ext(&g->repo, path, &o) < 0)
		return git_fail("creating a repository");
	for (int i = 0; i < g->nfiles; i++) {
		const struct dfile *f = &g->c->files[i];
		const char *cm = comment_of(f->path), *base = strrchr(f->path, '/');
		base = base ? base + 1 : f->path;
		if (strcmp(f->path, "VERSION") == 0)
			snprintf(line, sizeof line, "0.9.0.0\n");
		else if (strcmp(f->path, "CHANGELOG.md") == 0)
			snprintf(line, sizeof line, "# Changelog of the %s\n", g->c->system);
		else if (strcmp(ext_of(f->path), "csv") == 0)
			snprintf(line, sizeof line, "gsp_group,name,effective_from\n_A,Eastern,2023-04-01\n"
				 "_B,East Midlands,2023-04-01\n_C,London,2023-04-01\n");
		else if (strcmp(ext_of(f->path), "sh") == 0)
			snprintf(line, sizeof line, "#!/bin/sh\n# %s: %s for the %s (%s)\nset -eu\n", base, f->desc,
				 g->c->system, g->c->name);
		else
			snprintf(line, sizeof line, "%s%s: %s (%s, %s)\n", cm ? cm : "", base, f->desc, g->c->system,
				 g->c->name);
		if ((rc = ft_set(&g->main, i, line, d0)) < 0)
			return rc;
	}
	snprintf(line, sizeof line, "Initial import of the %s\n", g->c->system);
	if ((rc = make_commit(g, &g->tip, &g->main, "refs/heads/main", NULL, 0, line, at(d0, 10, 12),
			      g->tm->lead, NULL)) < 0)
		return rc;
	inst = file_index(&g->proto, "deploy/install.sh");
	cfg = -1;
	for (int i = 0; i < g->nfiles && cfg < 0; i++)
		if (strncmp(g->c->files[i].path, "config/", 7) == 0)
			cfg = i;
	if ((inst >= 0 && (rc = ft_append(&g->main, inst, "install -d /opt/mhhs && cp -r build/* /opt/mhhs/", d1)) < 0) ||
	    (cfg >= 0 && (rc = ft_append(&g->main, cfg, "# environments: SIT Staging, SIT A, SIT B, UIT", d1)) < 0))
		return rc;
	if ((rc = make_commit(g, &g->tip, &g->main, "refs/heads/main", &g->tip, 1,
			      "Add the installation script and the environment configuration\n", at(d1, 15, 40),
			      dev_of(g), NULL)) < 0)
		return rc;
	g->last = at(d1, 15, 40);
	return 0;
}

/* The change log entry and VERSION of a release, then its commit and tag. */
static int release_commit(cgen *g, prel *p, ftree *t, const char *ref, const git_oid *parent, int64_t when)
{
	rcb_buf b = RCB_BUF_INIT;
	char ds[RCB_DATE_STRLEN], line[300];
	int iv = file_index(p, "VERSION"), icl = file_index(p, "CHANGELOG.md"), isql = file_index(p, "db/schema.sql");
	int rc;
	const char *nl;

	snprintf(line, sizeof line, "%s\n", p->ver);
	if (iv >= 0 && (rc = ft_set(t, iv, line, p->tag_day)) < 0)
		return rc;
	if (icl >= 0) {
		const char *old = t->content[icl];
		nl = strchr(old, '\n');
		nl = nl ? nl + 1 : old + strlen(old);
		rcb_buf_put(&b, old, (size_t)(nl - old));
		rcb_buf_printf(&b, "\n## %s (%s)\n\n", p->ver, dstr(ds, p->day));
		for (int k = 0; k < p->ncrs; k++)
			rcb_buf_printf(&b, "- %s %s\n", p->crs[k].id, p->crs[k].title);
		for (int k = 0; k < p->nfixed; k++)
			rcb_buf_printf(&b, "- %s %s\n", p->fixed[k].id, p->fixed[k].summary);
		rcb_buf_puts(&b, nl);
		if (b.ptr == NULL)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		rc = ft_set(t, icl, b.ptr, p->tag_day);
		rcb_buf_free(&b);
		if (rc < 0)
			return rc;
	}
	if (p->type == RCB_MAJOR && isql >= 0) {
		snprintf(line, sizeof line, "-- schema v%u for Release %d (%s)", p->v.part[0], p->wave,
			 table1[p->wave - 1].phase);
		if ((rc = ft_append(t, isql, line, p->tag_day)) < 0)
			return rc;
	}
	snprintf(line, sizeof line, "Release %s\n\nVersion and change log of %s %s.\n", p->ver, p->c->name, p->ver);
	if ((rc = make_commit(g, &p->commit_oid, t, ref, parent, 1, line, when, g->tm->lead, p->bom_ver)) < 0)
		return rc;
	git_oid_tostr(p->commit, sizeof p->commit, &p->commit_oid);
	snprintf(line, sizeof line, "%s\n\n%s\n", p->title, p->rfc);
	if ((rc = make_tag(g->repo, g->tm->mail, p->tag, &p->commit_oid, line, when + 25 * 60, g->tm->rm, 0)) < 0)
		return rc;
	g->d->tags++;
	return ft_copy(&p->tree, t);
}

typedef struct {
	int64_t t;
	int kind; /* 0 merge an emergency, 1 change request, 2 defect fix */
	int idx;
} gitem;

static int cmp_gitem(const void *a, const void *b)
{
	const gitem *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t;
}

/* A regular release: merges of open emergency fixes (12.8), one commit
 * per change request and defect, the release commit, the tag. */
static int gen_regular(cgen *g, int i)
{
	demo *d = g->d;
	prel *p = &d->r[i];
	gitem it[MAXFIX + MAXCR + 8];
	int n = 0, rc, nwork = p->ncrs + p->nfixed;
	rcb_day s = (rcb_day)(g->last / 86400) + 1, e = p->tag_day;
	int64_t end = at(p->tag_day, 14, 0);
	char msg[400], line[300];

	for (int k = 0; k < nwork; k++) {
		rcb_day dd = s + (rcb_day)((int64_t)(e - s) * (k + 1) / (nwork + 1));
		while (!rcb_workday_is(dd, d->hol, d->nhol) && dd > s)
			dd--;
		/* one draw per statement: the order in which a call's arguments
		 * are evaluated is unspecified (gcc and clang differ), and a
		 * fixed seed must give the same commits from either */
		int minute = (int)below(&d->rng, 60);
		int hour = 8 + (int)below(&d->rng, 9);
		it[n++] = (gitem){at(dd, hour, minute), k < p->ncrs ? 1 : 2, k < p->ncrs ? k : k - p->ncrs};
	}
	if (!(p->d->flags & F_SKIP_MERGE))
		for (int k = 0; k < g->npending; k++)
			it[n++] = (gitem){at(wd_after(d, d->r[g->pending[k]].day, 1), 10, 5), 0, g->pending[k]};
	qsort(it, (size_t)n, sizeof *it, cmp_gitem);
	for (int k = 0; k < n; k++) {
		int64_t t = it[k].t;
		git_oid parents[2];
		int np = 1, f;
		if (t <= g->last)
			t = g->last + 600 + below(&d->rng, 3000);
		if (t >= end)
			t = end - (n - k) * 300;
		parents[0] = g->tip;
		if (it[k].kind == 0) {
			prel *em = &d->r[it[k].idx];
			if ((rc = ft_append(&g->main, em->fix_file, em->fix_line, (rcb_day)(t / 86400))) < 0)
				return rc;
			parents[1] = em->commit_oid;
			np = 2;
			snprintf(msg, sizeof msg, "Merge branch 'hotfix/%s' into main\n", em->ver);
		} else if (it[k].kind == 1) {
			const creq *cr = &p->crs[it[k].idx];
			f = pick_file(g);
			snprintf(line, sizeof line, "%s%s: %s", comment_of(g->c->files[f].path), cr->id, cr->title);
			if ((rc = ft_append(&g->main, f, line, (rcb_day)(t / 86400))) < 0)
				return rc;
			snprintf(msg, sizeof msg, "%s: %s\n\nChange request for the %s test phase.\n", cr->id, cr->title,
				 table1[p->wave ? p->wave - 1 : p->phase].phase);
		} else {
			const defect *df = &p->fixed[it[k].idx];
			f = pick_file(g);
			snprintf(line, sizeof line, "%sfix %s: %s", comment_of(g->c->files[f].path), df->id, df->summary);
			if ((rc = ft_append(&g->main, f, line, (rcb_day)(t / 86400))) < 0)
				return rc;
			snprintf(msg, sizeof msg, "%s: %s\n\nSeverity %s, found in %s testing.\n", df->id, df->summary,
				 df->sev, table1[p->phase].phase);
		}
		if ((rc = make_commit(g, &g->tip, &g->main, "refs/heads/main", parents, np, msg, t, dev_of(g), NULL)) < 0)
			return rc;
		g->last = t;
		if (it[k].kind == 0) {
			for (int j = 0; j < g->npending; j++)
				if (g->pending[j] == it[k].idx) {
					g->pending[j] = g->pending[--g->npending];
					break;
				}
		}
	}
	if ((rc = release_commit(g, p, &g->main, "refs/heads/main", &g->tip, end + (int64_t)below(&d->rng, 40) * 60)) < 0)
		return rc;
	g->tip = p->commit_oid;
	g->last = end;
	return 0;
}

/* An emergency release: a hotfix branch from the release it fixes, one
 * fix, the release commit, the tag (12.8). */
static int gen_emergency(cgen *g, int i)
{
	demo *d = g->d;
	prel *p = &d->r[i], *base = &d->r[p->prev];
	ftree hf;
	git_oid fix;
	char ref[128], msg[400];
	int64_t t = at(p->tag_day, 11, (int)below(&d->rng, 50));
	int rc;

	memset(&hf, 0, sizeof hf);
	if ((rc = ft_copy(&hf, &base->tree)) < 0)
		goto out;
	p->fix_file = pick_file(g);
	snprintf(msg, sizeof msg, "%sfix %s: %s", comment_of(g->c->files[p->fix_file].path), p->fixed[0].id,
		 p->fixed[0].summary);
	snprintf(p->fix_line, sizeof p->fix_line, "%.190s", msg);
	if ((rc = ft_append(&hf, p->fix_file, p->fix_line, p->tag_day)) < 0)
		goto out;
	snprintf(ref, sizeof ref, "refs/heads/hotfix/%s", p->ver);
	snprintf(msg, sizeof msg, "%s: %s\n\nSeverity %s: blocking %s testing in %s.\n", p->fixed[0].id,
		 p->fixed[0].summary, p->fixed[0].sev, table1[p->phase].phase, env_name(p->envs[0]));
	if ((rc = make_commit(g, &fix, &hf, ref, &base->commit_oid, 1, msg, t, dev_of(g), NULL)) < 0)
		goto out;
	if ((rc = release_commit(g, p, &hf, ref, &fix, at(p->tag_day, 13, 5))) < 0)
		goto out;
	if (g->npending < (int)ARRAY_LEN(g->pending))
		g->pending[g->npending++] = i;
out:
	ft_free(&hf);
	return rc;
}

static int gen_component(demo *d, int ci, const char *path)
{
	cgen g;
	git_checkout_options co;
	int rc;

	memset(&g, 0, sizeof g);
	g.d = d;
	g.c = &comps[ci];
	g.tm = &teams[g.c->team];
	g.nfiles = ndfiles(g.c);
	g.proto.c = g.c;
	g.proto.nfiles = g.nfiles;
	if ((rc = gen_init(&g, path)) < 0)
		goto out;
	for (size_t i = 0; i < NRELS; i++) {
		if (d->r[i].ci != ci)
			continue;
		rc = d->r[i].type == RCB_EMERGENCY ? gen_emergency(&g, (int)i) : gen_regular(&g, (int)i);
		if (rc < 0)
			goto out;
	}
	/* a work tree to browse: main checked out */
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;
	if (git_checkout_head(g.repo, &co) < 0)
		rc = git_fail("checking out main");
out:
	if (rc < 0)
		rcb_error_prefix("%s", path);
	ft_free(&g.main);
	git_repository_free(g.repo);
	return rc;
}

/* 12.9 broken on purpose: the tag of an approved release re-pointed at a
 * rebuilt commit (a configuration tweak made in place). */
static int move_tag(demo *d, int i, int64_t when)
{
	prel *p = &d->r[i];
	cgen g;
	ftree t;
	git_oid c;
	char path[4096], msg[300];
	int rc, cfg = -1;

	memset(&g, 0, sizeof g);
	memset(&t, 0, sizeof t);
	g.d = d;
	g.c = p->c;
	g.tm = &teams[p->c->team];
	g.nfiles = p->nfiles;
	snprintf(path, sizeof path, "%s/%s", d->repos, p->c->slug);
	if (git_repository_open_ext(&g.repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return git_fail("opening a repository");
	for (int k = 0; k < p->nfiles && cfg < 0; k++)
		if (strncmp(p->c->files[k].path, "config/", 7) == 0)
			cfg = k;
	if ((rc = ft_copy(&t, &p->tree)) < 0 ||
	    (rc = ft_append(&t, cfg, "# publication retry limit raised from 3 to 5 (in place)", (rcb_day)(when / 86400))) < 0)
		goto out;
	if ((rc = make_commit(&g, &c, &t, NULL, &p->commit_oid, 1,
			      "Raise the publication retry limit\n\nRebuilt for the deployment window; same version.\n",
			      when - 20 * 60, g.tm->dev[0], NULL)) < 0)
		goto out;
	snprintf(msg, sizeof msg, "%s (rebuilt)\n\n%s\n", p->title, p->rfc);
	rc = make_tag(g.repo, g.tm->mail, p->tag, &c, msg, when, g.tm->dev[0], 1);
out:
	ft_free(&t);
	git_repository_free(g.repo);
	return rc;
}


/* ================================================================== */
/* 3b. The notes (rcb-notes(5)), as each release manager wrote them     */
/* ================================================================== */

static const char *target_os[] = {"Red Hat Enterprise Linux 8.9", "Ubuntu 22.04 LTS", "Debian 12",
				  "Windows Server 2022", "Amazon Linux 2023"};

static const char *primary_env(const prel *p)
{
	return env_name(p->envs[strlen(p->envs) - 1]);
}

static const char *service_impact(const prel *p, char *buf, size_t n)
{
	switch (p->type) {
	case RCB_MAJOR:
		snprintf(buf, n, "Outage - services stopped for 90 minutes for the schema v%u migration", p->v.part[0]);
		break;
	case RCB_MINOR:
		snprintf(buf, n, "Outage - services stopped for 30 minutes");
		break;
	case RCB_PATCH:
		snprintf(buf, n, "%s", p->v.part[2] % 2 ? "None - rolling restart, no loss of service"
							: "Database frozen for 15 minutes, service read-only");
		break;
	default:
		snprintf(buf, n, "Outage - services stopped for 10 minutes");
	}
	return buf;
}

/* Environment Versions rows, the note's own component left out. */
typedef struct {
	rcb_buf *b;
	const char *own;
	int n;
} envver_list;

static int envver_row(void *ctx, const char *component, const char *version)
{
	envver_list *el = ctx;
	if (strcasecmp(component, el->own) == 0)
		return 0;
	if (el->n++ == 0)
		rcb_buf_printf(el->b, "| Component | Version |\n|-----------|---------|\n");
	rcb_buf_printf(el->b, "| %s | %s |\n", component, version);
	return 0;
}

/* The note of release i (12.10).  A note flagged F_INCOMPLETE leaves out
 * Issued by, Service impact and the Backout Plan, as a hurried one does. */
static int note_text(demo *d, int i, rcb_buf *b)
{
	const prel *p = &d->r[i];
	const struct team *tm = &teams[p->c->team];
	int incomplete = (p->d->flags & F_INCOMPLETE) != 0, major = p->type == RCB_MAJOR;
	char ds[RCB_DATE_STRLEN], buf[200];
	int db = file_index(p, "db/schema.sql") >= 0;
	const char *prevv = p->prev >= 0 ? d->r[p->prev].ver : NULL;

	rcb_buf_printf(b, "# %s\n\n", p->title);
	rcb_buf_printf(b, "Programme: MHHS (Market-wide Half Hourly Settlement)\n");
	rcb_buf_printf(b, "Component: %s\n", p->c->name);
	rcb_buf_printf(b, "Release: %s\n", p->ver);
	rcb_buf_printf(b, "Type: %s\n", rcb_reltype_name(p->type));
	rcb_buf_printf(b, "Date: %s\n", dstr(ds, p->day));
	rcb_buf_printf(b, "Submitted: %s\n", dstr(ds, p->submit_day));
	rcb_buf_printf(b, "Released to: %s, %s\n", people[P_ENVMGR].name, people[P_ENVMGR].role);
	if (!incomplete)
		rcb_buf_printf(b, "Issued by: %s, %s\n", tm->rm, tm->rm_title);
	rcb_buf_printf(b, "Signatories: %s; %s, %s Development Team Lead\n", tm->signatory, tm->lead, p->c->name);
	rcb_buf_printf(b, "Repository: %s/%s\n", d->repos, p->c->slug);
	rcb_buf_printf(b, "Tag: %s\n", p->tag);
	rcb_buf_printf(b, "Commit: %s\n", p->commit);
	if (prevv)
		rcb_buf_printf(b, "Previous release: %s\n", prevv);
	rcb_buf_printf(b, "Environment: %s\n", primary_env(p));
	rcb_buf_printf(b, "RFC: %s\n", p->rfc);
	if (!incomplete)
		rcb_buf_printf(b, "Service impact: %s\n", service_impact(p, buf, sizeof buf));
	rcb_buf_printf(b, "Target OS: %s\n", target_os[p->c->team]);
	rcb_buf_printf(b, "Target hardware: n/a - cloud hosted, %d application nodes\n", 2 + p->ci % 3);
	if (db)
		rcb_buf_printf(b, "Database schema: v%u\n", p->v.part[0]);
	rcb_buf_printf(b, "User guides: %s Operator Guide %u.%u, %s\n", p->c->system, p->v.part[0], p->v.part[1],
		       dstr(ds, wd_before(d, p->tag_day, 2)));

	rcb_buf_printf(b, "\n## Bill of Materials\n| Path | Version | Date | Description |\n|------|---------|------|-------------|\n");
	for (int k = 0; k < p->nfiles; k++)
		rcb_buf_printf(b, "| %s | %s | %s | %s |\n", p->c->files[k].path, p->bom_ver[k],
			       dstr(ds, p->tree.changed[k]), p->c->files[k].desc);

	rcb_buf_printf(b, "\n## Defects Fixed\n");
	if (p->nfixed == 0)
		rcb_buf_printf(b, "None\n");
	else {
		rcb_buf_printf(b, "| ID | Severity | Summary |\n|----|----------|---------|\n");
		for (int k = 0; k < p->nfixed; k++)
			rcb_buf_printf(b, "| %s | %s | %s |\n", p->fixed[k].id, p->fixed[k].sev, p->fixed[k].summary);
	}
	rcb_buf_printf(b, "\n## Outstanding Defects\n");
	if (p->nout == 0)
		rcb_buf_printf(b, "None\n");
	else {
		rcb_buf_printf(b, "| ID | Severity | Summary | Workaround |\n|----|----------|---------|------------|\n");
		for (int k = 0; k < p->nout; k++)
			rcb_buf_printf(b, "| %s | %s | %s | %s |\n", p->out[k].id, p->out[k].sev, p->out[k].summary,
				       p->out[k].workaround);
	}
	rcb_buf_printf(b, "\n## Change Requests\n");
	if (p->ncrs == 0)
		rcb_buf_printf(b, "None\n");
	else {
		rcb_buf_printf(b, "| ID | Title | Summary |\n|----|-------|---------|\n");
		for (int k = 0; k < p->ncrs; k++)
			rcb_buf_printf(b, "| %s | %s | Delivers %s for the %s test phase |\n", p->crs[k].id,
				       p->crs[k].title, p->crs[k].title,
				       table1[p->wave ? p->wave - 1 : p->phase].phase);
	}

	rcb_buf_printf(b, "\n## Pre-Requisites\n| Step | Description | Who | Minutes |\n|------|-------------|-----|---------|\n");
	rcb_buf_printf(b, "| 1 | Confirm the deployment account has administrator rights | Deployment Team | 5 |\n");
	if (db)
		rcb_buf_printf(b, "| 2 | Take a database backup for backout | DBA | %d |\n", major ? 30 : 15);
	if (major)
		rcb_buf_printf(b, "| %d | Confirm %s is at the Release %d baseline | Environment Manager | 10 |\n",
			       db ? 3 : 2, primary_env(p), p->wave - 1 > 0 ? p->wave - 1 : 1);

	rcb_buf_printf(b, "\n## Release Instructions\n| Step | Description | Who | Minutes | Check |\n"
			  "|------|-------------|-----|---------|-------|\n");
	rcb_buf_printf(b, "| 1 | Stop the %s services | Deployment Team | 5 | status shows stopped |\n", p->c->name);
	if (db)
		rcb_buf_printf(b, "| 2 | Apply db/schema.sql | DBA | %d | schema version shows v%u |\n", major ? 45 : 10,
			       p->v.part[0]);
	else
		rcb_buf_printf(b, "| 2 | Apply the configuration in config/ | Deployment Team | 10 | configuration check passes |\n");
	rcb_buf_printf(b, "| 3 | Install the %s package from tag %s | Deployment Team | 15 | version prints %s |\n",
		       p->c->slug, p->tag, p->ver);
	rcb_buf_printf(b, "| 4 | Start the %s services | Deployment Team | 5 | health check returns OK |\n", p->c->name);

	rcb_buf_printf(b, "\n## Post Release Checks\n| Step | Description | Who | Minutes |\n|------|-------------|-----|---------|\n");
	rcb_buf_printf(b, "| 1 | Run the %s smoke test pack | Test Team | 20 |\n", p->c->name);
	rcb_buf_printf(b, "| 2 | Confirm version %s on the status page | Deployment Team | 5 |\n", p->ver);

	if (!incomplete) {
		rcb_buf_printf(b, "\n## Backout Plan\n| Step | Description | Who | Minutes | From step |\n"
				  "|------|-------------|-----|---------|-----------|\n");
		/* 12.10: the plan covers a failure at every instruction step; a
		 * step applies from its From step on */
		rcb_buf_printf(b, "| 1 | Stop the %s services | Deployment Team | 5 | 3 |\n", p->c->name);
		if (db)
			rcb_buf_printf(b, "| 2 | Restore the database backup | DBA | 30 | 2 |\n");
		else
			rcb_buf_printf(b, "| 2 | Restore the previous configuration in config/ | Deployment Team | 5 | 2 |\n");
		if (prevv)
			rcb_buf_printf(b, "| 3 | Reinstall %s %s | Deployment Team | 15 | 3 |\n", p->c->name, prevv);
		else
			rcb_buf_printf(b, "| 3 | Remove the %s package | Deployment Team | 10 | 3 |\n", p->c->slug);
		if (prevv)
			rcb_buf_printf(b, "| 4 | Start the %s services | Deployment Team | 5 | 1 |\n", p->c->name);
		else
			rcb_buf_printf(b, "| 4 | Confirm the %s services are stopped | Deployment Team | 5 | 1 |\n",
				       p->c->name);
	}

	/* 12.10: "all application and product versions" of the environment,
	 * as the register has them when the note is written */
	rcb_buf_printf(b, "\n## Environment Versions\n");
	{
		envver_list el = {b, p->c->name, 0};
		int rc = rcb_env_versions(d->st, primary_env(p), envver_row, &el);
		if (rc < 0)
			return rc;
		if (el.n == 0)
			rcb_buf_printf(b, "None\n");
	}
	return b->ptr ? 0 : rcb_error_set(RCB_ENOMEM, "out of memory");
}

static int write_file(const char *path, const char *s, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return rcb_error_set(RCB_EIO, "%s: %s", path, strerror(errno));
	if (fwrite(s, 1, len, f) != len || fclose(f) != 0) {
		int e = errno;
		return rcb_error_set(RCB_EIO, "%s: %s", path, strerror(e));
	}
	return 0;
}

static int mkdir_p(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof buf)
		return rcb_error_set(RCB_EINVAL, "demo: directory name too long");
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] == '/' || buf[i] == '\0') {
			char c = buf[i];
			buf[i] = '\0';
			if (mkdir(buf, 0755) < 0 && errno != EEXIST)
				return rcb_error_set(RCB_EIO, "%s: %s", buf, strerror(errno));
			buf[i] = c;
		}
	}
	return 0;
}

/* dir must not exist, or be an empty directory. */
static int dir_ready(const char *dir)
{
	struct stat sb;
	DIR *dh;
	struct dirent *e;
	int busy = 0;

	if (strlen(dir) > DEMO_DIR_MAX)
		return rcb_error_set(RCB_EINVAL, "demo: the directory name is too long");
	if (stat(dir, &sb) < 0) {
		if (errno != ENOENT)
			return rcb_error_set(RCB_EIO, "%s: %s", dir, strerror(errno));
		return mkdir_p(dir);
	}
	if (!S_ISDIR(sb.st_mode))
		return rcb_error_set(RCB_EEXISTS, "%s exists and is not a directory; the demo needs a new or empty directory", dir);
	if ((dh = opendir(dir)) == NULL)
		return rcb_error_set(RCB_EIO, "%s: %s", dir, strerror(errno));
	while ((e = readdir(dh)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			busy = 1;
			break;
		}
	closedir(dh);
	if (busy)
		return rcb_error_set(RCB_EEXISTS, "%s is not empty; the demo needs a new or empty directory "
				     "(remove it or choose another)", dir);
	return 0;
}

static void demo_free(demo *d)
{
	for (size_t i = 0; i < NRELS; i++)
		ft_free(&d->r[i].tree);
}

static int demo_plan(demo *d)
{
	const char *hs[ARRAY_LEN(holidays)];
	rcb_day *hol = NULL;
	size_t nhol = 0;
	int rc;

	d->rng = DEMO_SEED;
	for (size_t i = 0; i < ARRAY_LEN(holidays); i++)
		hs[i] = holidays[i][0];
	if (rcb_holidays_from_strings(&hol, &nhol, hs, ARRAY_LEN(holidays)) < 0)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	memcpy(d->hol, hol, nhol * sizeof *hol);
	d->nhol = nhol;
	free(hol);
	d->end = day_of(DEMO_END_DAY);
	if ((rc = plan_releases(d)) < 0)
		return rc;
	return plan_meetings(d);
}

/* Generate every repository under dir (which exists). */
static int gen_repos(demo *d)
{
	int rc;
	git_libgit2_init();
	rc = 0;
	for (size_t ci = 0; ci < NCOMPS && rc == 0; ci++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", d->repos, comps[ci].slug);
		rc = gen_component(d, (int)ci, path);
	}
	git_libgit2_shutdown();
	return rc;
}

int rcb_demo_repos(const char *dir, int *commits, int *tags)
{
	demo *d = calloc(1, sizeof *d);
	int rc;

	if (d == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	if ((rc = dir_ready(dir)) < 0 || (rc = demo_plan(d)) < 0)
		goto out;
	snprintf(d->repos, sizeof d->repos, "%s", dir);
	if ((rc = gen_repos(d)) < 0)
		goto out;
	if (commits)
		*commits = d->commits;
	if (tags)
		*tags = d->tags;
out:
	demo_free(d);
	free(d);
	return rc;
}

/* ================================================================== */
/* 3c. The time line, replayed through core/ with the clock pinned      */
/* ================================================================== */

static void set_clock(int64_t t)
{
	char b[32];
	setenv("RCB_NOW", iso(b, sizeof b, t), 1);
}

static void set_user(const char *login)
{
	setenv("RCB_USER", login, 1);
}

static const char *ref_of(const prel *p, char *buf, size_t n)
{
	snprintf(buf, n, "%s@%s", p->c->name, p->ver);
	return buf;
}

/* "SIT Staging, SIT A and SIT B" */
static const char *env_list(const prel *p, char *buf, size_t n)
{
	size_t len = 0, k = 0, total = strlen(p->envs) + (p->c->staging ? 1 : 0);
	buf[0] = '\0';
	for (size_t i = 0; i < total && len < n; i++) {
		const char *name = p->c->staging ? (i == 0 ? "SIT Staging" : env_name(p->envs[i - 1])) : env_name(p->envs[i]);
		len += (size_t)snprintf(buf + len, n - len, "%s%s", k == 0 ? "" : i + 1 == total ? " and " : ", ", name);
		k++;
	}
	return buf;
}

/* Run one step inside a transaction (rcb_release_update wants one). */
static int release_set(demo *d, int64_t id, const char *field, const char *value)
{
	int rc;
	if ((rc = rcb_store_begin(d->st)) < 0)
		return rc;
	if ((rc = rcb_release_update(d->st, id, field, value)) < 0) {
		rcb_store_rollback(d->st);
		return rc;
	}
	return rcb_store_commit(d->st);
}

/* A lifecycle move, by its rules (lifecycle.h): the demo's story keeps
 * them, so a refusal here means its data are wrong. */
static int step_to_why(demo *d, int64_t id, const char *step, const char *reason)
{
	return rcb_release_step_move(d->st, id, step, reason, NULL);
}

static int step_to(demo *d, int64_t id, const char *step)
{
	return step_to_why(d, id, step, NULL);
}

static int rfc_to(demo *d, int64_t id, const char *status)
{
	return rcb_release_rfc_move(d->st, id, status, NULL);
}

static int mark(demo *d, int i, int cp, rcb_mark_status s, const char *fmt, ...) RCB_PRINTF(5, 6);
static int mark(demo *d, int i, int cp, rcb_mark_status s, const char *fmt, ...)
{
	char comment[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(comment, sizeof comment, fmt, ap);
	va_end(ap);
	d->clock += 10 + below(&d->rng, 40); /* one mark after another, as the chair clicks */
	set_clock(d->clock);
	return rcb_mark(d->st, d->r[i].id, cp, s, comment, NULL);
}

/* 12.9: verify the release against its repository, for real, and store
 * the run.  Only the planted releases may FAIL; anything else failing is a
 * fault in the demo's data, reported as an error. */
static int run_verify(demo *d, int i, int again)
{
	prel *p = &d->r[i];
	rcb_verify_report *rep = NULL;
	char ref[160];
	int rc, planted = (p->d->flags & F_SKIP_MERGE) || ((p->d->flags & F_TAG_MOVED) && again);

	ref_of(p, ref, sizeof ref);
	if ((rc = rcb_verify_release(&rep, d->st, ref, NULL, RCB_VERIFY_NO_GPG, NULL, NULL)) < 0) {
		rcb_error_prefix("verifying %s", ref);
		return rc;
	}
	d->sum.verifications++;
	if (rep->result->overall == RCB_CHECK_FAIL && !planted) {
		for (size_t k = 0; k < rep->result->n; k++)
			if (rep->result->checks[k].status == RCB_CHECK_FAIL) {
				rc = rcb_error_set(RCB_EINVAL, "demo: %s FAILs %s: %s", ref, rep->result->checks[k].name,
						   rep->result->checks[k].detail);
				break;
			}
	} else if (planted && rep->result->overall != RCB_CHECK_FAIL) {
		rc = rcb_error_set(RCB_EINVAL, "demo: %s was planted to FAIL and passed", ref);
	}
	rcb_verify_report_free(rep);
	return rc;
}

/* 12.10: the release manager submits the note; the board's release
 * manager imports it, which validates it like any other. */
static int ev_import(demo *d, int i)
{
	prel *p = &d->r[i];
	rcb_buf b = RCB_BUF_INIT;
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_notes_import_result res;
	rcb_notes_import_opts o = {NULL, NULL};
	char path[4096], ds[RCB_DATE_STRLEN], ref[160];
	int rc;

	if ((rc = note_text(d, i, &b)) < 0)
		goto out;
	snprintf(path, sizeof path, "%s/%s-%s.md", d->notes, p->c->slug, p->ver);
	if ((rc = write_file(path, b.ptr, b.len)) < 0)
		goto out;
	d->sum.note_files++;
	o.meeting_date = dstr(ds, p->first_meet_day);
	rc = rcb_notes_import(d->st, b.ptr, b.len, &o, &f, &res);
	if ((p->d->flags & F_LATE) && rc == RCB_EINVAL) {
		/* refused as late (12.10) for its board; the chair takes it
		 * anyway so that the board can decide on it */
		rcb_findings_free(&f);
		o.meeting_date = NULL;
		rc = rcb_notes_import(d->st, b.ptr, b.len, &o, &f, &res);
	} else if (p->d->flags & F_LATE) {
		rc = rcb_error_set(RCB_EINVAL, "the late note was not reported late");
		goto out;
	}
	if ((p->d->flags & F_INCOMPLETE) && rc == RCB_EINVAL) {
		/* refused: register the release without a note */
		rcb_release_spec spec;
		memset(&spec, 0, sizeof spec);
		spec.component = p->c->name;
		spec.version = p->ver;
		spec.type = p->type;
		spec.title = p->title;
		spec.env = primary_env(p);
		spec.rfc_id = p->rfc;
		spec.tag = p->tag;
		spec.commit_id = p->commit;
		spec.planned_date = dstr(ds, p->day);
		if ((rc = rcb_release_add(d->st, &spec, &p->id)) < 0)
			goto out;
	} else if (p->d->flags & F_INCOMPLETE) {
		rc = rcb_error_set(RCB_EINVAL, "the incomplete note was accepted");
		goto out;
	} else if (rc < 0) {
		if (rc == RCB_EINVAL && f.n > 0)
			rcb_error_set(rc, "line %d: %s", f.v[0].line, f.v[0].msg);
		goto out;
	} else {
		/* an emergency release was opened in the register at its
		 * kick-off (kickoff_release): the note lands on it */
		if (res.release_created)
			d->sum.releases++;
		p->id = res.release_id;
		d->sum.notes++;
		if (p->type == RCB_EMERGENCY)
			goto out;
	}
	if (p->d->flags & F_INCOMPLETE)
		d->sum.releases++;
	rc = mark(d, i, 1, RCB_MARK_MET, "%s raised by %s", p->rfc, teams[p->c->team].rm);
out:
	if (rc < 0)
		rcb_error_prefix("importing the note of %s", ref_of(p, ref, sizeof ref));
	rcb_findings_free(&f);
	rcb_buf_free(&b);
	return rc;
}

typedef struct {
	const char *name, *role, *org;
	rcb_attend_status status;
} att;

static int add_att(att *v, int *n, int max, const char *name, const char *role, const char *org, rcb_attend_status s)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(v[i].name, name) == 0)
			return 0;
	if (*n >= max)
		return rcb_error_set(RCB_EINVAL, "demo: too many attendees");
	v[(*n)++] = (att){name, role, org, s};
	return 0;
}

/* Who came (13.2, Table 11 members plus others as required). */
static int attendance(demo *d, pmeet *m)
{
	att v[24];
	int n = 0, rc = 0, teamseen[ARRAY_LEN(teams)] = {0};
	const struct person *P = people;

#define ADD(pp, s) add_att(v, &n, (int)ARRAY_LEN(v), (pp)->name, (pp)->role, (pp)->org, (s))
	rc |= ADD(&P[P_CHAIR], RCB_PRESENT);
	if (!m->not_quorate && below(&d->rng, 8) == 0) {
		rc |= ADD(&P[P_ENVMGR], RCB_APOLOGIES);
		rc |= add_att(v, &n, (int)ARRAY_LEN(v), P[P_DEPUTY].name, "Environment Manager", P[P_DEPUTY].org, RCB_PRESENT);
	} else {
		rc |= ADD(&P[P_ENVMGR], RCB_PRESENT);
	}
	if (m->type != MT_PLAN_REVIEW) {
		rc |= ADD(&P[P_TESTMGR], m->not_quorate ? RCB_APOLOGIES : RCB_PRESENT);
		rc |= ADD(&P[P_DEFECTMGR], m->not_quorate ? RCB_ABSENT : RCB_PRESENT);
	}
	/* the development team leads of the systems on the agenda */
	for (size_t i = 0; i < NRELS; i++) {
		const prel *p = &d->r[i];
		int on = (m->wave && p->wave == m->wave) || m->emergency == (int)i || m->review_rel == (int)i;
		for (int k = 0; k < m->nitems && !on; k++)
			on = m->items[k] == (int)i;
		if (on && !teamseen[p->c->team]) {
			const struct team *tm = &teams[p->c->team];
			teamseen[p->c->team] = 1;
			rc |= add_att(v, &n, (int)ARRAY_LEN(v), tm->lead, "Development Team Lead", tm->org, RCB_PRESENT);
		}
	}
	switch (m->type) {
	case MT_KICKOFF:
		if (m->wave)
			rc |= ADD(&P[P_PMO], below(&d->rng, 3) ? RCB_PRESENT : RCB_APOLOGIES);
		break;
	case MT_PLAN_REVIEW:
		rc |= ADD(&P[P_DEPLOY], RCB_PRESENT);
		rc |= ADD(&P[P_DESIGN], below(&d->rng, 3) ? RCB_PRESENT : RCB_APOLOGIES);
		rc |= ADD(&P[P_PMO], RCB_PRESENT);
		break;
	case MT_GONOGO: {
		/* the TMAG chair comes when a programme governance question is open */
		int needed = 0;
		for (int k = 0; k < m->nitems; k++)
			needed |= (d->r[m->items[k]].d->flags & F_OVERRIDE) != 0;
		rc |= ADD(&P[P_SRO], needed || below(&d->rng, 4) ? RCB_PRESENT : RCB_APOLOGIES);
		rc |= ADD(&P[P_DEPLOY], RCB_PRESENT);
		rc |= ADD(&P[P_PMO], below(&d->rng, 3) ? RCB_PRESENT : RCB_APOLOGIES);
		break;
	}
	default:
		rc |= ADD(&P[P_DEPLOY], below(&d->rng, 5) ? RCB_PRESENT : RCB_APOLOGIES);
	}
#undef ADD
	if (rc < 0)
		return RCB_EINVAL;
	for (int i = 0; i < n; i++)
		if ((rc = rcb_attendee_add(d->st, m->id, v[i].name, v[i].role, v[i].org, v[i].status, NULL)) < 0)
			return rc;
	return 0;
}

static const char *const type_names[] = {"", "Release Kick-Off", "Release Plan Review", "Go / No-Go",
					 "Release Control Board"};

static int make_meeting(demo *d, pmeet *m)
{
	rcb_meeting_spec s;
	char ds[RCB_DATE_STRLEN], tm[16];

	memset(&s, 0, sizeof s);
	s.type = type_names[m->type];
	s.date = dstr(ds, m->day);
	snprintf(tm, sizeof tm, "%02d:%02d", (m->minute / 60) % 24, m->minute % 60);
	s.time = tm;
	s.chair = people[P_CHAIR].name;
	s.title = m->title;
	if (rcb_meeting_add(d->st, &s, &m->id) < 0)
		return -1;
	d->sum.meetings++;
	if (m->not_quorate && d->sum.not_quorate_meeting == 0)
		d->sum.not_quorate_meeting = m->id;
	return 0;
}

static int agenda_release(demo *d, pmeet *m, int i, int64_t *item_out)
{
	int64_t dummy, *item = item_out ? item_out : &dummy;
	int rc = rcb_agenda_add(d->st, m->id, d->r[i].id, item);
	if (rc == RCB_EEXISTS) /* carried over from the board before */
		rc = rcb_agenda_find(d->st, m->id, d->r[i].id, item);
	return rc;
}

/* Working days after `from` up to and including `to`. */
static int wd_count(demo *d, rcb_day from, rcb_day to)
{
	int n = 0;
	for (rcb_day x = from + 1; x <= to; x++)
		n += rcb_workday_is(x, d->hol, d->nhol);
	return n;
}

/* 13.1: the conditions of the Go on a late note (F_LATE), each met before
 * the first deployment by whoever owns it (EV_CONDITION_MET, index b). */
static const struct late_cond {
	int owner;                /* index into people */
	const char *text;         /* %s: component, tag */
	const char *met;          /* %s: component, tag, then the owner's name */
} late_conds[] = {
	{P_TESTMGR,
	 "Run the %s regression pack on the build of tag %s in the supplier's pre-SIT environment and send the "
	 "results to the SI Test Manager before any deployment.",
	 "%s regression pack passed on the build of tag %s in the supplier's pre-SIT environment, every test "
	 "green; results reviewed and confirmed by %s, SI Test Manager."},
	{P_DEFECTMGR,
	 "Agree the note's outstanding defects and workarounds for %s (tag %s) with the SI Defect Manager "
	 "before any deployment: the review the 5 working days of 12.10 would have allowed.",
	 "Outstanding defects and workarounds of %s (tag %s) walked through with the development team lead and "
	 "agreed; the note stands as submitted. Confirmed by %s, SI Defect Manager."},
};

/* 4.2 RFC Approval at the board, before its Go (13.1: "All releases will
 * require a Request for Change to be raised and approved"), control point
 * 7 with it.  An emergency stays at E1 until its deployment (12.8). */
static int approve_rfc(demo *d, int i)
{
	prel *p = &d->r[i];
	/* F_OVERRIDE: control point 2 is open on paper; the chair moves the
	 * release on by override, as the Go will (12.7). */
	const char *why = p->type == RCB_MAJOR && (p->d->flags & F_OVERRIDE)
		? "Control point 2 is open only on paper: the TMAG chair approved entry in this meeting and the "
		  "minute follows; the board's Go records the same override" : NULL;
	int rc;
	d->clock += 20 + below(&d->rng, 30);
	set_clock(d->clock);
	if ((rc = rfc_to(d, p->id, "approved")) < 0 ||
	    (p->type != RCB_EMERGENCY && (rc = step_to_why(d, p->id, "4.2", why)) < 0))
		return rc;
	return mark(d, i, 7, RCB_MARK_MET, "%s approved by the board before its Go / No-Go decision", p->rfc);
}

/* A Go by override: the gate, read as rcb_decide() will read it, must list
 * exactly the blockers the story overrides (want), and none that cannot be
 * overridden -- otherwise the demo's data are wrong. */
static int expect_override(demo *d, int i, int64_t meeting_id, const char *want)
{
	rcb_gate *g = malloc(sizeof *g);
	rcb_buf codes = RCB_BUF_INIT, list = RCB_BUF_INIT;
	char ref[160];
	int rc;

	if (g == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	rc = rcb_gate_go(d->st, d->r[i].id, meeting_id, NULL, RCB_GATE_READ_TAG, g);
	if (rc == 0)
		rc = rcb_gate_override_codes(g, &codes);
	if (rc == 0 && (rcb_gate_has_kind(g, RCB_BLOCK_HARD) || strcmp(rcb_buf_cstr(&codes), want) != 0)) {
		(void)rcb_gate_describe(g, &list);
		rc = rcb_error_set(RCB_EINVAL, "demo: the gate on %s lists [%s]; the story overrides only %s:\n%s",
				   ref_of(&d->r[i], ref, sizeof ref), rcb_buf_cstr(&codes), want, rcb_buf_cstr(&list));
	}
	rcb_buf_free(&codes);
	rcb_buf_free(&list);
	free(g);
	return rc;
}

/* The decision on release i at meeting m, with its control-point marks.
 * Every Go passes the gate (gate.h) or overrides, with a reason, exactly
 * the blocker planted on the release. */
static int decide(demo *d, pmeet *m, int i)
{
	prel *p = &d->r[i];
	rcb_decision_spec s;
	rcb_condition_spec cs[ARRAY_LEN(late_conds)];
	char why[600], cond[ARRAY_LEN(late_conds)][400], over[600], envs[120], ds[RCB_DATE_STRLEN], due[RCB_DATE_STRLEN];
	const char *want = NULL;
	int rc, first = (p->d->flags & F_DEFER_QUORUM) && m->day == p->first_meet_day;

	memset(&s, 0, sizeof s);
	s.release_id = p->id;
	s.meeting_id = m->id;
	env_list(p, envs, sizeof envs);
	if (first && m->not_quorate) {
		/* a deferral is never gated: the board may defer without a quorum */
		s.outcome = RCB_DEFERRED;
		snprintf(why, sizeof why, "Board not quorate: no Test Manager and no Defect Manager (13.2, Table 11); "
			 "deferred to the next board");
	} else if (p->d->flags & F_INCOMPLETE) {
		if ((rc = mark(d, i, 4, RCB_MARK_NOT_MET, "installation instructions incomplete: no Backout Plan")) < 0)
			return rc;
		s.outcome = RCB_DEFERRED;
		snprintf(why, sizeof why, "The release note was refused at import: no Issued by, no Service impact, no "
			 "Backout Plan (12.10). Deferred until %s resubmits it.", teams[p->c->team].rm);
	} else {
		if ((rc = mark(d, i, 3, RCB_MARK_MET, "%s at the configuration baseline (%s)", envs, people[P_ENVMGR].name)) < 0 ||
		    (rc = mark(d, i, 4, RCB_MARK_MET, "package %s and installation instructions reviewed", p->tag)) < 0 ||
		    (rc = mark(d, i, 5, RCB_MARK_MET, "%d outstanding defect%s agreed with the defect teams", p->nout,
			       p->nout == 1 ? "" : "s")) < 0 ||
		    (rc = mark(d, i, 6, RCB_MARK_MET, "deployment on %s approved", dstr(ds, p->day))) < 0)
			return rc;
		if (p->type == RCB_MAJOR) {
			if (p->d->flags & F_OVERRIDE)
				rc = mark(d, i, 2, RCB_MARK_NOT_MET, "TMAG decision on %s entry not yet minuted",
					  table1[p->wave - 1].phase);
			else
				rc = mark(d, i, 2, RCB_MARK_MET, "TMAG approved entry to %s", table1[p->wave - 1].phase);
			if (rc < 0)
				return rc;
		}
		if (p->d->flags & F_SKIP_MERGE) {
			/* not gated: the board refuses the build; its RFC stays raised */
			const prel *em = &d->r[p->prev];
			s.outcome = RCB_NOGO;
			snprintf(why, sizeof why, "Verification FAILs merge-back: the fix of %s %s (%s) is not in this build. "
				 "12.8: every emergency fix goes into the next release.", em->c->name, em->ver, em->fixed[0].id);
		} else {
			/* 4.2 first: the gate wants the RFC approved before the Go */
			if ((rc = approve_rfc(d, i)) < 0)
				return rc;
			if (p->d->flags & F_LATE) {
				int days = wd_count(d, p->submit_day, p->meet_day);
				s.outcome = RCB_CONDITIONAL;
				snprintf(why, sizeof why, "Note submitted %s, after the 12.10 deadline of 5 working days; content "
					 "complete and verified, and %s cannot wait.", dstr(ds, p->submit_day),
					 table1[p->wave - 1].phase);
				dstr(due, wd_before(d, p->day, 1));
				for (size_t k = 0; k < ARRAY_LEN(late_conds); k++) {
					snprintf(cond[k], sizeof cond[k], late_conds[k].text, p->c->name, p->tag);
					cs[k] = (rcb_condition_spec){cond[k], people[late_conds[k].owner].name, due};
				}
				s.cond = cs;
				s.ncond = ARRAY_LEN(late_conds);
				snprintf(over, sizeof over, "The %s note reached the board %d working days ahead, not the 5 that 12.10 "
					 "asks of a Major release. It is complete and verifies against tag %s, and %s starts on %s and "
					 "cannot wait for a resubmission, so the board accepts it late and gives a Go with conditions.",
					 p->c->name, days, p->tag, table1[p->wave - 1].phase, dstr(ds, p->day));
				s.override_reason = over;
				want = "note-late";
			} else {
				s.outcome = RCB_GO;
				if (p->type == RCB_EMERGENCY)
					snprintf(why, sizeof why, "Blocking defect %s (%s) in %s; minimum process of 12.8; the fix "
						 "goes into the next regular release.", p->fixed[0].id, p->fixed[0].sev,
						 env_name(p->envs[0]));
				else
					snprintf(why, sizeof why, "Control points met and %s verified; deploy to %s on %s.", p->tag,
						 envs, dstr(ds, p->day));
				if (p->d->flags & F_OVERRIDE) {
					snprintf(over, sizeof over, "Control point 2 is open only on paper: the TMAG chair, %s, approved "
						 "entry to %s in this meeting and the TMAG minute follows within two working days. %s "
						 "starts on %s and cannot move.", people[P_SRO].name, table1[p->wave - 1].phase,
						 table1[p->wave - 1].phase, dstr(ds, p->day));
					s.override_reason = over;
					want = "cp-2";
				}
			}
		}
	}
	s.rationale = why;
	d->clock += 30 + below(&d->rng, 90);
	set_clock(d->clock);
	if (want && (rc = expect_override(d, i, m->id, want)) < 0)
		return rc;
	if ((rc = rcb_decide(d->st, &s, &p->decision_id)) < 0)
		return rc;
	d->sum.decisions++;
	p->go = s.outcome == RCB_GO || s.outcome == RCB_CONDITIONAL;
	return 0;
}

static int meeting_actions(demo *d, int mi)
{
	for (int k = 0; k < d->na; k++) {
		pact *a = &d->a[k];
		rcb_action_spec s;
		if (a->meeting != mi)
			continue;
		memset(&s, 0, sizeof s);
		s.text = a->text;
		s.owner = a->owner;
		char ds[RCB_DATE_STRLEN];
		s.due = dstr(ds, a->due);
		s.meeting_id = d->m[mi].id;
		s.release_id = a->rel >= 0 ? d->r[a->rel].id : 0;
		if (rcb_action_add(d->st, &s, &a->id) < 0)
			return -1;
		d->sum.actions++;
	}
	return 0;
}

/* Table 11: the Release Kick-Off "required for Emergency Releases".  The
 * chair opens the emergency release in the register for it (12.8 step 1:
 * the build and its note follow that afternoon), raises its RFC (control
 * point 1) and puts it on the kick-off's agenda -- which is what the gate
 * asks of an Emergency Go (emergency-no-kickoff). */
static int kickoff_release(demo *d, pmeet *m)
{
	prel *p = &d->r[m->emergency];
	rcb_release_spec spec;
	char ds[RCB_DATE_STRLEN];
	int rc;

	memset(&spec, 0, sizeof spec);
	spec.component = p->c->name;
	spec.version = p->ver;
	spec.type = p->type;
	spec.title = p->title;
	spec.env = primary_env(p);
	spec.rfc_id = p->rfc;
	spec.planned_date = dstr(ds, p->day);
	if ((rc = rcb_release_add(d->st, &spec, &p->id)) < 0) /* at E1 (12.8) */
		return rc;
	d->sum.releases++;
	d->clock = at(m->day, 0, m->minute) - 30 * 60;
	return mark(d, m->emergency, 1, RCB_MARK_MET, "%s raised by %s for the emergency kick-off", p->rfc,
		    teams[p->c->team].rm);
}

typedef struct {
	demo *d;
	const pmeet *m;
	int64_t drop[MAXITEMS * 2];
	int n;
} carried;

static int carried_cb(void *ctx, const rcb_agenda_item *it)
{
	carried *c = ctx;
	int planned = c->m->emergency >= 0 && c->d->r[c->m->emergency].id == it->release_id;
	if (it->kind != RCB_ITEM_RELEASE)
		return 0;
	for (int k = 0; k < c->m->nitems && !planned; k++)
		planned = c->d->r[c->m->items[k]].id == it->release_id;
	if (!planned && c->n < (int)ARRAY_LEN(c->drop))
		c->drop[c->n++] = it->id;
	return 0;
}

/* 13.2: a new meeting's agenda starts with what the one before left
 * undecided.  An emergency's kick-off takes no decision, so its release
 * rides along to the next meeting; the chair takes it off any meeting
 * that is not its board (a plan review held in between). */
static int drop_carried(demo *d, const pmeet *m)
{
	carried c = {d, m, {0}, 0};
	int rc = rcb_agenda_foreach(d->st, m->id, carried_cb, &c);
	for (int k = 0; k < c.n && rc == 0; k++)
		rc = rcb_agenda_remove(d->st, c.drop[k]);
	return rc;
}

static int ev_meeting(demo *d, int mi)
{
	pmeet *m = &d->m[mi];
	int64_t t = at(m->day, 0, m->minute), item;
	char title[400], list[300];
	int rc;

	set_user(people[P_CHAIR].login);
	set_clock(t - 40 * 60);
	if ((rc = make_meeting(d, m)) < 0 || (rc = attendance(d, m)) < 0 || (rc = drop_carried(d, m)) < 0)
		return rc;
	/* what is on the agenda besides releases */
	title[0] = '\0';
	if (m->wave && m->type == MT_KICKOFF) {
		wave_list(d, m->wave, list, sizeof list);
		snprintf(title, sizeof title, "Requirements of Release %d (%s): %s", m->wave,
			 table1[m->wave - 1].purpose, list);
	} else if (m->wave && m->type == MT_PLAN_REVIEW) {
		wave_list(d, m->wave, list, sizeof list);
		snprintf(title, sizeof title, "Release %d plan: deployment schedule, runbooks and rehearsal for %s",
			 m->wave, list);
	}
	if (title[0] && (rc = rcb_agenda_add_review(d->st, m->id, title, &item)) < 0)
		return rc;
	if (m->emergency >= 0) {
		/* on its own or at a wave's kick-off held the same day */
		const prel *p = &d->r[m->emergency];
		snprintf(title, sizeof title, "Emergency: %s (%s) %s, blocking %s testing in %s", p->fixed[0].id,
			 p->fixed[0].sev, p->fixed[0].summary, table1[p->phase].phase, env_name(p->envs[0]));
		if ((rc = rcb_agenda_add_review(d->st, m->id, title, &item)) < 0)
			return rc;
	}
	if (m->emergency >= 0 && ((rc = kickoff_release(d, m)) < 0 || (rc = agenda_release(d, m, m->emergency, NULL)) < 0))
		return rc;
	if (m->review_rel >= 0) {
		const prel *p = &d->r[m->review_rel];
		snprintf(title, sizeof title, p->d->flags & F_TAG_MOVED
			 ? "Review: %s %s -- tag %s moved after the Go; deployment halted (12.9)"
			 : "Review: %s %s -- rolled back out of UIT after failed post release checks (16.5)",
			 p->c->name, p->ver, p->tag);
		if ((rc = rcb_agenda_add_review(d->st, m->id, title, NULL)) < 0)
			return rc;
	}
	for (int k = 0; k < m->nitems; k++)
		if ((rc = agenda_release(d, m, m->items[k], NULL)) < 0)
			return rc;

	set_clock(t);
	if ((rc = rcb_meeting_start(d->st, m->id)) < 0)
		return rc;
	if (m->emergency >= 0) {
		/* the emergency kick-off: requirements, resolution and test plan
		 * of the fix (12.8 step 1); no decision is taken here */
		set_clock(t + 60);
		if ((rc = agenda_release(d, m, m->emergency, &item)) < 0 || (rc = rcb_agenda_item_start(d->st, item)) < 0)
			return rc;
		t += (10 + below(&d->rng, 25)) * 60;
		set_clock(t);
		if ((rc = rcb_agenda_item_stop(d->st, item)) < 0)
			return rc;
	} else if (title[0] && m->nitems == 0) {
		/* a kick-off or plan review: one long discussion */
		t += (10 + below(&d->rng, 25)) * 60;
	}
	for (int k = 0; k < m->nitems; k++) {
		int i = m->items[k];
		set_clock(t);
		if ((rc = agenda_release(d, m, i, &item)) < 0 || (rc = rcb_agenda_item_start(d->st, item)) < 0)
			return rc;
		t += (2 + below(&d->rng, 7)) * 60; /* two draws, two statements: see above */
		t += below(&d->rng, 60);
		set_clock(t);
		d->clock = t;
		rc = decide(d, m, i);
		t = d->clock;
		if (rc < 0) {
			char ref[160];
			rcb_error_prefix("deciding %s", ref_of(&d->r[i], ref, sizeof ref));
			return rc;
		}
		t += 30 + below(&d->rng, 90);
		set_clock(t);
		if ((rc = rcb_agenda_item_stop(d->st, item)) < 0)
			return rc;
	}
	t += 2 * 60;
	set_clock(t);
	if ((rc = meeting_actions(d, mi)) < 0)
		return rc;
	t += 3 * 60;
	set_clock(t);
	return rcb_meeting_close(d->st, m->id);
}

/* The board after the story's end: planned, with its agenda. */
static int ev_upcoming(demo *d, int mi)
{
	pmeet *m = &d->m[mi];
	int rc;
	set_user(people[P_CHAIR].login);
	if ((rc = make_meeting(d, m)) < 0)
		return rc;
	for (int k = 0; k < m->nitems; k++)
		if ((rc = agenda_release(d, m, m->items[k], NULL)) < 0)
			return rc;
	return 0;
}

/* After the Go (its RFC approved at the board, approve_rfc): 4.3
 * communicate the release. */
static int ev_communicate(demo *d, int i)
{
	prel *p = &d->r[i];
	char ref[160];
	int rc;

	if ((rc = step_to(d, p->id, "4.3")) < 0)
		return rc;
	/* 12.4 step 4.3 "Create & send out required communications"; 12.11:
	 * a Major release leaves 4.3 only with them recorded. */
	return rcb_comms_record(NULL, d->st, ref_of(p, ref, sizeof ref),
				"Release summary, release note and installation instructions; known issues and "
				"workarounds for the Defect Triage Teams",
				"CSPs, Test Participants and Defect Triage Teams", NULL);
}

typedef struct {
	int64_t id[RCB_CONDITION_MAX];
	size_t n;
} cond_ids;

static int cond_id_cb(void *ctx, const rcb_condition *c)
{
	cond_ids *v = ctx;
	if (v->n < ARRAY_LEN(v->id))
		v->id[v->n++] = c->id;
	return 0;
}

/* 13.1: condition k of the release's conditional Go is met, recorded by
 * its owner with how (late_conds). */
static int ev_condition_met(demo *d, int i, int k)
{
	prel *p = &d->r[i];
	const struct late_cond *lc;
	cond_ids v = {{0}, 0};
	char note[500], ref[160];
	int rc;

	if (k < 0 || (size_t)k >= ARRAY_LEN(late_conds))
		return rcb_error_set(RCB_EINVAL, "demo: no condition %d planned", k);
	lc = &late_conds[k];
	if ((rc = rcb_condition_list(d->st, &(rcb_condition_filter){0, 0, p->decision_id}, RCB_CONDITION_MAX,
				     cond_id_cb, &v)) < 0)
		return rc;
	if ((size_t)k >= v.n)
		return rcb_error_set(RCB_EINVAL, "demo: the Go on %s has %zu conditions, not %d", ref_of(p, ref, sizeof ref),
				     v.n, k + 1);
	snprintf(note, sizeof note, lc->met, p->c->name, p->tag, people[lc->owner].name);
	set_user(people[lc->owner].login);
	rc = rcb_condition_done(d->st, v.id[k], note);
	set_user(people[P_CHAIR].login);
	return rc;
}

static int ev_deploy(demo *d, int i, char env, int rollback)
{
	prel *p = &d->r[i];
	rcb_deploy_spec s;
	char ref[160], note[400];

	memset(&s, 0, sizeof s);
	s.release = ref_of(p, ref, sizeof ref);
	s.env = env_name(env);
	s.outcome = rollback ? RCB_OUTCOME_ROLLED_BACK : RCB_OUTCOME_DEPLOYED;
	if (rollback)
		snprintf(note, sizeof note, "Post release checks failed: registration events not reaching the DIP. "
			 "Backout Plan steps 1 to 4 (55 minutes); %s back on %s.", s.env, d->r[p->prev].ver);
	else
		snprintf(note, sizeof note, "Deployed from tag %s per the installation instructions; post release "
			 "checks passed.", p->tag);
	s.note = note;
	set_user(people[P_DEPLOY].login);
	if (rcb_deploy_record(NULL, d->st, &s) < 0) {
		rcb_error_prefix("deploying %s to %s", ref, s.env);
		return -1;
	}
	d->sum.deployments++;
	set_user(people[P_CHAIR].login);
	/* 12.7 control point 8: issues captured at the time of deployment */
	if (rollback) {
		if (mark(d, i, 8, RCB_MARK_NOT_MET, "post release checks failed in %s; rolled back (16.5)", s.env) < 0)
			return -1;
	} else if (p->deployed++ == 0) {
		if (mark(d, i, 8, RCB_MARK_MET, "no issues at deployment to %s; installation instructions unchanged", s.env) < 0)
			return -1;
	}
	/* the release date: in its target environment */
	if (!rollback && env == p->envs[strlen(p->envs) - 1]) {
		char ds[RCB_DATE_STRLEN];
		return release_set(d, p->id, "released_date", dstr(ds, p->day));
	}
	return 0;
}

/* 12.5: 5.1 regression test after deployment, run by the Test Manager;
 * passed, it moves the release to 5.1 (core/steps.h). */
static int ev_regression(demo *d, int i)
{
	prel *p = &d->r[i];
	rcb_regression_spec s;
	char ref[160], report[200];
	int rc;

	if (p->type == RCB_EMERGENCY)
		return 0;
	memset(&s, 0, sizeof s);
	snprintf(report, sizeof report, "Regression Test Report RTR-%s-%s", p->c->name, p->ver);
	s.release = ref_of(p, ref, sizeof ref);
	s.result = "passed";
	s.by = people[P_TESTMGR].name;
	s.report = report;
	set_user(people[P_TESTMGR].login);
	rc = rcb_regression_record(NULL, d->st, &s);
	set_user(people[P_CHAIR].login);
	return rc;
}

/* 12.5: 5.2 review (control points 9 and 10), 5.3 close the RFC. */
static int ev_close(demo *d, int i)
{
	prel *p = &d->r[i];
	char envs[120];
	int rc;
	if ((rc = mark(d, i, 9, RCB_MARK_MET, "rollout to %s complete", env_list(p, envs, sizeof envs))) < 0 ||
	    (rc = mark(d, i, 10, RCB_MARK_MET, "rollout report received; lessons learnt logged")) < 0)
		return rc;
	if (p->type == RCB_EMERGENCY) {
		if ((rc = step_to(d, p->id, "E3")) < 0)
			return rc;
	} else if ((rc = step_to(d, p->id, "5.2")) < 0 || (rc = step_to(d, p->id, "5.3")) < 0) {
		return rc;
	}
	return rfc_to(d, p->id, "closed");
}

static int ev_action_add(demo *d, int k)
{
	pact *a = &d->a[k];
	rcb_action_spec s;
	char ds[RCB_DATE_STRLEN];

	memset(&s, 0, sizeof s);
	s.text = a->text;
	s.owner = a->owner;
	s.due = dstr(ds, a->due);
	s.release_id = a->rel >= 0 ? d->r[a->rel].id : 0;
	set_user(people[P_CHAIR].login);
	if (rcb_action_add(d->st, &s, &a->id) < 0)
		return -1;
	d->sum.actions++;
	return 0;
}

static int cmp_event(const void *a, const void *b)
{
	const event *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq - y->seq;
}

static int plan_events(demo *d)
{
	int64_t end = at(d->end, 17, 0);
	int rc = 0;

#define EV(t, k, a, b) do { if ((t) < end && (rc = add_event(d, (t), (k), (a), (b))) < 0) return rc; } while (0)
	for (size_t n = 0; n < NRELS; n++) {
		int i = (int)n;
		prel *p = &d->r[i];
		unsigned fl = p->d->flags;
		int em = p->type == RCB_EMERGENCY;
		EV(at(p->submit_day, em ? 14 : 16, em ? 0 : 30), EV_IMPORT, i, 0);
		if (!(fl & F_INCOMPLETE))
			EV(at(p->submit_day, em ? 14 : 16, em ? 15 : 45), EV_VERIFY, i, 0);
		if (fl & (F_SKIP_MERGE | F_INCOMPLETE | F_PENDING))
			continue;
		if (!em)
			EV(at(p->meet_day, 15, 0), EV_COMMUNICATE, i, 0);
		if (fl & F_TAG_MOVED) {
			EV(at(p->meet_day + 1, 17, 40), EV_TAGMOVE, i, 0);
			EV(at(wd_before(d, p->day, 1), 8, 45), EV_REVERIFY, i, 0);
			continue;
		}
		if (p->c->staging)
			EV(em ? at(p->day, 10, 30) : at(wd_before(d, p->day, 1), 16, 0), EV_DEPLOY, i, 'S');
		for (size_t k = 0; p->envs[k]; k++) {
			static const int hm[] = {9 * 60 + 30, 11 * 60, 13 * 60 + 30};
			int mins = em ? 13 * 60 + (int)k * 30 : hm[p->envs[k] == 'A' ? 0 : p->envs[k] == 'B' ? 1 : 2];
			EV(at(p->day, 0, mins), EV_DEPLOY, i, p->envs[k]);
		}
		if (fl & F_ROLLBACK) {
			EV(at(p->day, 16, 20), EV_ROLLBACK, i, 'U');
			continue;
		}
		EV(at(wd_after(d, p->day, 1), 12, 0), EV_REGRESSION, i, 0);
		EV(at(wd_after(d, p->day, 4), 11, 0), EV_CLOSE, i, 0);
	}
	for (int i = 0; i < d->nm; i++) {
		if (d->m[i].upcoming)
			EV(at(d->end, 16, 0), EV_UPCOMING, i, 0);
		else
			EV(at(d->m[i].day, 0, d->m[i].minute), EV_MEETING, i, 0);
	}
	for (int k = 0; k < d->na; k++) {
		if (d->a[k].meeting < 0)
			EV(d->a[k].made, EV_ACTION_ADD, k, 0);
		if (d->a[k].close)
			EV(d->a[k].close, EV_ACTION_CLOSE, k, 0);
	}
#undef EV
	qsort(d->ev, (size_t)d->nev, sizeof *d->ev, cmp_event);
	return 0;
}

static int run_event(demo *d, const event *e)
{
	prel *p = e->kind == EV_MEETING || e->kind == EV_UPCOMING || e->kind == EV_ACTION_ADD ||
			  e->kind == EV_ACTION_CLOSE ? NULL : &d->r[e->a];
	int rc;

	set_clock(e->t);
	d->clock = e->t;
	set_user(people[P_CHAIR].login);
	switch (e->kind) {
	case EV_IMPORT:
		return ev_import(d, e->a);
	case EV_VERIFY:
		return run_verify(d, e->a, 0);
	case EV_REVERIFY:
		return run_verify(d, e->a, 1);
	case EV_MEETING:
		return ev_meeting(d, e->a);
	case EV_UPCOMING:
		return ev_upcoming(d, e->a);
	case EV_COMMUNICATE:
		return ev_communicate(d, e->a);
	case EV_DEPLOY:
		if (e->b == 'S')
			return ev_deploy(d, e->a, 'S', 0);
		return ev_deploy(d, e->a, (char)e->b, 0);
	case EV_ROLLBACK:
		return ev_deploy(d, e->a, (char)e->b, 1);
	case EV_REGRESSION:
		return ev_regression(d, e->a);
	case EV_CLOSE:
		return ev_close(d, e->a);
	case EV_TAGMOVE:
		git_libgit2_init();
		rc = move_tag(d, e->a, e->t);
		git_libgit2_shutdown();
		return rc;
	case EV_ACTION_ADD:
		return ev_action_add(d, e->a);
	case EV_ACTION_CLOSE:
		set_user(d->a[e->a].closer ? d->a[e->a].closer : people[P_CHAIR].login);
		return rcb_action_close(d->st, d->a[e->a].id, RCB_ACTION_DONE);
	case EV_CONDITION_MET:
		return ev_condition_met(d, e->a, e->b);
	case EV_CP2_MET:
		return mark(d, e->a, 2, RCB_MARK_MET, "TMAG approval of %s entry minuted", table1[p->wave - 1].phase);
	}
	return 0;
}

static void progress(demo *d, const char *what)
{
	if (d->progress)
		d->progress(d->pctx, what);
}

/* Register the programme: holidays, components with their repositories. */
static int setup(demo *d)
{
	int rc;
	char repo[4096];

	set_user(people[P_CHAIR].login);
	set_clock(at(day_of("2023-09-04"), 9, 0));
	for (size_t i = 0; i < ARRAY_LEN(holidays); i++)
		if ((rc = rcb_holiday_add(d->st, holidays[i][0], holidays[i][1])) < 0)
			return rc;
	for (size_t i = 0; i < NCOMPS; i++) {
		set_clock(at(day_of("2023-09-04"), 9, 10 + (int)i));
		snprintf(repo, sizeof repo, "%s/%s", d->repos, comps[i].slug);
		if ((rc = rcb_component_add(d->st, comps[i].name, comps[i].party, repo)) < 0)
			return rc;
		d->sum.components++;
	}
	return 0;
}

static int build(demo *d)
{
	char path[4096], last[8] = "";
	int rc;

	if ((rc = dir_ready(d->dir)) < 0)
		return rc;
	if ((rc = demo_plan(d)) < 0 || (rc = plan_events(d)) < 0)
		return rc;
	snprintf(d->repos, sizeof d->repos, "%s/repos", d->dir);
	snprintf(d->notes, sizeof d->notes, "%s/notes", d->dir);
	if ((rc = mkdir_p(d->repos)) < 0 || (rc = mkdir_p(d->notes)) < 0)
		return rc;
	progress(d, "generating the git repositories");
	if ((rc = gen_repos(d)) < 0)
		return rc;
	d->sum.repos = (int)NCOMPS;
	d->sum.commits = d->commits;
	d->sum.tags = d->tags;
	snprintf(path, sizeof path, "%s/rcb.db", d->dir);
	snprintf(d->sum.db_path, sizeof d->sum.db_path, "%s", path);
	set_clock(at(day_of("2023-09-04"), 8, 55));
	if ((rc = rcb_store_open(&d->st, path, RCB_STORE_CREATE)) < 0)
		return rc;
	/* A throw-away file built in one go: losing it to a power cut costs
	 * a re-run, so skip the per-commit fsync of synchronous=FULL. */
	rcb_store_scratch(d->st);
	if ((rc = setup(d)) < 0)
		return rc;
	for (int k = 0; k < d->nev; k++) {
		char ym[8], ds[RCB_DATE_STRLEN];
		iso(ds, sizeof ds, d->ev[k].t);
		snprintf(ym, sizeof ym, "%.7s", ds);
		if (strcmp(ym, last) != 0) {
			char msg[64];
			snprintf(last, sizeof last, "%s", ym);
			snprintf(msg, sizeof msg, "%s: notes, boards, deployments", ym);
			progress(d, msg);
		}
		if ((rc = run_event(d, &d->ev[k])) < 0) {
			char t[32];
			if (rc > -100 && rcb_error_msg()[0] == '\0')
				rcb_error_set(rc, "failed");
			rcb_error_prefix("demo at %s", iso(t, sizeof t, d->ev[k].t));
			return rc < 0 ? rc : RCB_EINVAL;
		}
	}
	return 0;
}

static int demo_build(const char *dir, rcb_demo_progress_fn fn, void *ctx, rcb_demo_summary *out);

int rcb_demo_build(const char *dir, rcb_demo_progress_fn fn, void *ctx, rcb_demo_summary *out)
{
	/* What the demo writes (repositories, notes) is private like the
	 * database, whatever the umask (attacks.md 80). */
	mode_t old_mask = umask(077);
	int rc = demo_build(dir, fn, ctx, out);
	umask(old_mask);
	return rc;
}

static int demo_build(const char *dir, rcb_demo_progress_fn fn, void *ctx, rcb_demo_summary *out)
{
	demo *d = calloc(1, sizeof *d);
	char *old_now = getenv("RCB_NOW") ? rcb_strdup(getenv("RCB_NOW")) : NULL;
	char *old_user = getenv("RCB_USER") ? rcb_strdup(getenv("RCB_USER")) : NULL;
	int rc;

	if (d == NULL) {
		free(old_now);
		free(old_user);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	d->dir = dir;
	d->progress = fn;
	d->pctx = ctx;
	rc = build(d);
	if (d->st) {
		rcb_store_close(d->st);
		d->st = NULL;
	}
	if (rc == 0 && out)
		*out = d->sum;
	if (old_now)
		setenv("RCB_NOW", old_now, 1);
	else
		unsetenv("RCB_NOW");
	if (old_user)
		setenv("RCB_USER", old_user, 1);
	else
		unsetenv("RCB_USER");
	free(old_now);
	free(old_user);
	demo_free(d);
	free(d);
	return rc;
}
