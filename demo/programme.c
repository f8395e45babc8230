/* programme.c: the programme as data (part 1 of rcb demo's story; see
 * demo.c): the central systems of 5.4, the eight Major releases of
 * Table 1, every other release between them, the people of Tables 11 and
 * 12, the bank holidays, and the planted problems -- static tables a
 * reader can check against the document. */


#include "demo_internal.h"

/* ================================================================== */
/* 1. The programme as data                                            */
/* ================================================================== */


const struct team teams[] = {
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




const struct comp comps[] = {
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

/* 7.2, Table 1: the eight potential Major releases. */
const struct major table1[] = {
	{"2023-10-30", "CIT", "Code Release to enable the CIT Test phase."},
	{"2024-03-11", "SIT Functional", "Code Release to enable the SIT Functional Test phase."},
	{"2024-06-10", "SIT Migration", "Code Release to enable the SIT Migration Test phase."},
	{"2024-07-15", "non-SIT LDSO", "Code Release to enable the non-SIT LDSO Test phase."},
	{"2024-09-02", "SIT NFT", "Code Release to enable the SIT NFT Test phase."},
	{"2024-10-07", "SIT Operational", "Code Release to enable the SIT Operational Test phase."},
	{"2024-11-04", "UIT Sandbox", "Code Release to enable the UIT Sandbox phase."},
	{"2025-01-20", "UIT Qualification", "Code Release to enable the UIT Qualification Test phase."},
};

/* Bank holidays in England and Wales: 12.10 counts working days. */
const char *const holidays[][2] = {
	{"2023-08-28", "Summer bank holiday"}, {"2023-12-25", "Christmas Day"},
	{"2023-12-26", "Boxing Day"},          {"2024-01-01", "New Year's Day"},
	{"2024-03-29", "Good Friday"},         {"2024-04-01", "Easter Monday"},
	{"2024-05-06", "Early May bank holiday"}, {"2024-05-27", "Spring bank holiday"},
	{"2024-08-26", "Summer bank holiday"}, {"2024-12-25", "Christmas Day"},
	{"2024-12-26", "Boxing Day"},          {"2025-01-01", "New Year's Day"},
	{"2025-04-18", "Good Friday"},         {"2025-04-21", "Easter Monday"},
};



const struct drel rels[] = {
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

const struct person people[NPEOPLE] = {
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

_Static_assert(ARRAY_LEN(teams) == NTEAMS, "NTEAMS counts teams");
_Static_assert(ARRAY_LEN(comps) == NCOMPS, "NCOMPS counts comps");
_Static_assert(ARRAY_LEN(table1) == NMAJORS, "NMAJORS counts table1");
_Static_assert(ARRAY_LEN(holidays) == NHOLIDAYS, "NHOLIDAYS counts holidays");
_Static_assert(ARRAY_LEN(rels) == NRELS, "NRELS counts rels");

size_t rcb_demo_plants(const rcb_demo_plant **out)
{
	*out = plants;
	return ARRAY_LEN(plants);
}
