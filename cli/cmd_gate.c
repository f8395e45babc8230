/* cmd_gate.c: `rcb gate` -- what stands in the way of a Go (core/gate.h),
 * and the blocker list every command prints. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli_util.h"
#include "export.h"
#include "gate.h"
#include "register.h"

void cli_print_blockers(FILE *f, const rcb_gate *g)
{
	for (size_t i = 0; i < g->n; i++) {
		const rcb_blocker *b = &g->b[i];
		cli_printf(f, "  %-20s %s: %s", b->code, b->section, b->text);
		fputs(b->kind == RCB_BLOCK_HARD ? " [cannot be overridden]\n"
		      : b->kind == RCB_BLOCK_REDECIDE ? " [a new decision clears it]\n" : "\n", f);
	}
	if (g->tag_note[0])
		cli_printf(f, "  note: the tag was not re-read: %s\n", g->tag_note);
}

static int print_codes(void)
{
	size_t n;
	const rcb_gate_code *c = rcb_gate_codes(&n);
	for (size_t i = 0; i < n; i++)
		cli_printf(stdout, "%-20s %-6s %-8s %-26s %s\n", c[i].code, c[i].deploy ? "deploy" : "go",
			   rcb_block_kind_name(c[i].kind), c[i].section, c[i].summary);
	return CLI_OK;
}

static int print_json(const char *ref, const rcb_gate *g)
{
	rcb_buf b = RCB_BUF_INIT;
	int rc = rcb_buf_puts(&b, "{\"release\": ");
	if (rc == 0)
		rc = rcb_json_string(&b, ref, strlen(ref));
	if (rc == 0 && g->meeting_id)
		rc = rcb_buf_printf(&b, ", \"meeting\": %lld", (long long)g->meeting_id);
	else if (rc == 0)
		rc = rcb_buf_puts(&b, ", \"meeting\": null");
	if (rc == 0)
		rc = rcb_buf_printf(&b, ", \"clear\": %s, \"tag_read\": %s, \"tag_commit\": ", g->n ? "false" : "true",
				    g->tag_read ? "true" : "false");
	if (rc == 0)
		rc = rcb_json_string(&b, g->tag_now, strlen(g->tag_now));
	if (rc == 0)
		rc = rcb_buf_puts(&b, ", \"tag_note\": ");
	if (rc == 0)
		rc = rcb_json_string(&b, g->tag_note, strlen(g->tag_note));
	if (rc == 0)
		rc = rcb_buf_puts(&b, ", \"blockers\": ");
	if (rc == 0)
		rc = rcb_gate_json(g, &b);
	if (rc == 0)
		rc = rcb_buf_puts(&b, "}\n");
	if (rc == 0) /* every string went through rcb_json_string(): no control character is left */
		fwrite(b.ptr, 1, b.len, stdout);
	rcb_buf_free(&b);
	return rc < 0 ? cli_core_error() : CLI_OK;
}

/* rcb gate COMPONENT@VERSION [--meeting ID] [--json] | rcb gate --codes */
int cmd_gate(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"meeting", required_argument, NULL, 'm'},
		{"json", no_argument, NULL, 'j'},
		{"codes", no_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	static rcb_gate g; /* large: not on the stack */
	int64_t meeting = 0;
	int opt, json = 0, codes = 0, rc;
	rcb_release r;
	rcb_store *st;
	char ref[256];

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if (opt == 'm') {
			if (cli_parse_id("--meeting", optarg, &meeting) < 0)
				return cli_core_error();
		} else if (opt == 'j') {
			json = 1;
		} else if (opt == 'c') {
			codes = 1;
		} else {
			return cli_usage("gate");
		}
	}
	if (codes)
		return optind == argc && !meeting && !json ? print_codes() : cli_usage("gate");
	if (optind != argc - 1)
		return cli_usage("gate");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_release_get(st, argv[optind], &r) < 0)
		return cli_core_error();
	snprintf(ref, sizeof ref, "%s@%s", r.component, r.version_str);
	rc = meeting == 0 ? rcb_gate_default_meeting(st, r.id, &meeting) : 0;
	if (rc == 0)
		rc = rcb_gate_go(st, r.id, meeting, NULL, RCB_GATE_READ_TAG, &g);
	rcb_release_clear(&r);
	if (rc < 0)
		return cli_core_error();
	if (json)
		return print_json(ref, &g) == CLI_OK ? (g.n ? CLI_PROBLEMS : CLI_OK) : CLI_ERROR;
	if (meeting)
		cli_printf(stdout, "%s at meeting %lld: ", ref, (long long)meeting);
	else
		cli_printf(stdout, "%s (no meeting): ", ref);
	if (g.n == 0)
		puts("nothing stands in the way of a Go");
	else
		cli_printf(stdout, "%zu blocker%s to a Go\n", g.n, g.n == 1 ? "" : "s");
	cli_print_blockers(stdout, &g);
	return g.n ? CLI_PROBLEMS : CLI_OK;
}
