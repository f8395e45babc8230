/* cmd_demo.c: rcb demo DIR — build a realistic demo programme in DIR (what
 * `make demo` opens the TUI on).  The database is always DIR/rcb.db: the
 * demo is a programme of its own, never mixed into the user's register. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "demo.h"

static void show_progress(void *ctx, const char *what)
{
	(void)ctx;
	cli_printf(stderr, "rcb demo: %s\n", what);
}

/* Print s with "DIR" replaced by the directory and "MEETING" by the id
 * of the planted meeting. */
static void put_tour(const char *s, const char *dir, const rcb_demo_summary *sum)
{
	for (;;) {
		const char *p = strstr(s, "DIR"), *q = strstr(s, "MEETING");
		if (p == NULL && q == NULL)
			break;
		if (p == NULL || (q && q < p)) {
			cli_put_safe_n(stdout, s, (size_t)(q - s));
			printf("%lld", (long long)sum->not_quorate_meeting);
			s = q + 7;
		} else {
			cli_put_safe_n(stdout, s, (size_t)(p - s));
			cli_put_safe(stdout, dir);
			s = p + 3;
		}
	}
	cli_put_safe(stdout, s);
}

int cmd_demo(rcb_cli *cli, int argc, char **argv)
{
	rcb_demo_summary sum;
	const rcb_demo_plant *pl;
	size_t np;
	int quiet = 0, i = 1;

	(void)cli;
	if (i < argc && (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)) {
		quiet = 1;
		i++;
	}
	if (i != argc - 1 || argv[i][0] == '\0' || argv[i][0] == '-')
		return cli_usage("demo");
	if (rcb_demo_build(argv[i], quiet ? NULL : show_progress, NULL, &sum) < 0)
		return cli_core_error();

	cli_printf(stdout, "Demo programme built in %s\n  database      %s\n", argv[i], sum.db_path);
	cli_printf(stdout, "  repositories  %d (%d commits, %d tags) in %s/repos\n", sum.repos, sum.commits, sum.tags,
		   argv[i]);
	cli_printf(stdout, "  notes         %d files in %s/notes, %d in the register\n", sum.note_files, argv[i],
		   sum.notes);
	printf("  register      %d components, %d releases; %d verifications, %d meetings, %d decisions, "
	       "%d actions, %d deployments\n\n", sum.components, sum.releases, sum.verifications, sum.meetings,
	       sum.decisions, sum.actions, sum.deployments);
	cli_printf(stdout, "The tour: the central systems of section 5.4 -- DIP; Elexon's LSS, MDS, VAS and ISD;\n"
	       "Electralink's DTN; SMRS; RECCo's EES -- release from October 2023 to February 2025: the eight\n"
	       "Major releases of Table 1 on their dates, and minor, patch and emergency releases between\n"
	       "them numbered as section 11 says.  Each release manager's note went through the notes\n"
	       "import; each tag was verified against its repository; each release was decided at a Go /\n"
	       "No-Go or Release Control Board (with kick-offs and plan reviews before them) with attendees,\n"
	       "control points, conditions and work-off actions, then deployed to SIT Staging, SIT A, SIT B\n"
	       "and UIT.  The story ends on %.10s; run rcb with RCB_NOW=%s to see the board\n"
	       "as it stood then.  Planted on purpose:\n", RCB_DEMO_NOW, RCB_DEMO_NOW);
	np = rcb_demo_plants(&pl);
	for (size_t k = 0; k < np; k++) {
		cli_printf(stdout, "  - %s, %s: ", pl[k].what, pl[k].where);
		put_tour(pl[k].story, argv[i], &sum);
		printf("\n      ");
		put_tour(pl[k].see, argv[i], &sum);
		putchar('\n');
	}
	cli_printf(stdout, "\nOpen it:  rcb --db %s\n", sum.db_path);
	return CLI_OK;
}
