/* cmd_audit.c: rcb audit — verify the tamper-evident chain (core/chain.h)
 * and show the audit log, newest first.
 *
 *   rcb audit verify [--witness FILE]
 *                             exit 0 intact, 1 tampered (names the first
 *                             bad record; a witnessed head no longer in the
 *                             chain, or a record of its meeting added after
 *                             it), 2 cannot read the database or FILE
 *   rcb audit log [--limit N] the audit rows, newest first (default 50) */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "chain.h"
#include "cli.h"
#include "sign.h"

/* The meeting a witness line names ("... meeting 12: HEAD", "Meeting: 12"),
 * 0 when none. */
static int64_t witness_meeting(const char *line)
{
	const char *p = strstr(line, "meeting ");
	long long id = 0;
	if (!p)
		p = strstr(line, "Meeting: ");
	if (p && sscanf(strchr(p, ' ') + 1, "%lld", &id) == 1 && id > 0)
		return (int64_t)id;
	return 0;
}

/* The first chain head on a line: 64 lowercase hex digits standing alone. */
static int witness_head(const char *line, char *head)
{
	for (const char *p = line; *p; p++) {
		size_t n = strspn(p, "0123456789abcdef");
		if (n == RCB_HASH_HEX - 1 && (p == line || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n])) {
			memcpy(head, p, n);
			head[n] = '\0';
			return 1;
		}
		if (n)
			p += n - 1;
	}
	return 0;
}

/* --witness FILE: every head in FILE (minutes, or a file of heads one a
 * line) must still be in the chain, with nothing of its meeting recorded
 * after it.  Returns CLI_OK, CLI_PROBLEMS (each problem printed, FILE:LINE)
 * or CLI_ERROR (unreadable file, no head in it). */
static int check_witnesses(rcb_store *st, const char *path)
{
	char line[4096], head[RCB_HASH_HEX];
	int lineno = 0, nheads = 0, bad = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return cli_error("--witness %s: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!witness_head(line, head))
			continue;
		nheads++;
		if (rcb_chain_witness(st, head, witness_meeting(line)) < 0) {
			cli_printf(stderr, "rcb: %s:%d: %s\n", path, lineno, rcb_error_msg());
			bad++;
		}
	}
	fclose(f);
	if (nheads == 0)
		return cli_error("--witness %s: no chain head in it", path);
	if (bad)
		return CLI_PROBLEMS;
	cli_printf(stdout, "witness %s: %d head%s in the chain, nothing of their meetings recorded after them\n", path,
		   nheads, nheads == 1 ? "" : "s");
	return CLI_OK;
}

/* --allowed-signers FILE: every stored signature must verify. */
typedef struct {
	rcb_store *st;
	const char *allowed;
	int n, bad;
} sig_ctx;

static int check_sig(void *vctx, const rcb_chain_sig *g)
{
	sig_ctx *c = vctx;
	c->n++;
	if (rcb_chain_sig_check(c->st, g, c->allowed) < 0) {
		fputs("rcb: ", stderr);
		cli_put_safe(stderr, rcb_error_msg());
		fputc('\n', stderr);
		c->bad++;
	}
	return 0;
}

static int check_signatures(rcb_store *st, const char *allowed)
{
	sig_ctx c = {st, allowed, 0, 0};
	if (access(allowed, R_OK) != 0)
		return cli_error("--allowed-signers %s: %s", allowed, strerror(errno));
	if (rcb_chain_sig_foreach(st, check_sig, &c) < 0)
		return cli_core_error();
	if (c.bad)
		return CLI_PROBLEMS;
	if (c.n == 0)
		return cli_error("no signed head to check (rcb audit sign makes one)");
	printf("signatures: %d of %d verify\n", c.n - c.bad, c.n);
	return CLI_OK;
}

static int audit_verify(rcb_cli *cli, const char *witness, const char *allowed)
{
	char head[RCB_HASH_HEX];
	rcb_store *st;
	int rc;

	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	rc = rcb_chain_verify(st, head);
	if (rc == RCB_EREFUSED) {
		cli_error("audit chain broken: %s", rcb_error_msg());
		return CLI_PROBLEMS;
	}
	if (rc < 0)
		return cli_core_error();
	if (head[0] == '\0')
		printf("audit chain: intact (empty)\n");
	else
		cli_printf(stdout, "audit chain: intact, head %s\n", head);
	rc = witness ? check_witnesses(st, witness) : CLI_OK;
	if (rc == CLI_OK && allowed)
		rc = check_signatures(st, allowed);
	return rc;
}

/* rcb audit sign [--key FILE] [--principal NAME] */
static int audit_sign(rcb_cli *cli, int argc, char **argv)
{
	const char *key = NULL, *principal = rcb_user(), *home = getenv("HOME");
	const cli_opt opts[] = {{"key", &key, NULL}, {"principal", &principal, NULL}, {NULL, NULL, NULL}};
	char def[4096];
	rcb_store *st;
	int64_t id;
	int rc;

	if (cli_options(argc, argv, opts, 0, "audit") != 0)
		return CLI_ERROR;
	if (!key) {
		if (!home || home[0] != '/')
			return cli_error("audit sign: give --key FILE (no HOME for ~/.ssh/id_ed25519)");
		snprintf(def, sizeof def, "%s/.ssh/id_ed25519", home);
		key = def;
	}
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if ((rc = rcb_chain_sign(st, key, principal, &id)) < 0) {
		cli_core_error();
		return rc == RCB_EREFUSED ? CLI_PROBLEMS : CLI_ERROR;
	}
	printf("signature %lld: the chain head is signed by ", (long long)id);
	cli_put_safe(stdout, principal);
	putchar('\n');
	return CLI_OK;
}

/* rcb audit verify [--witness FILE] [--allowed-signers FILE] */
static int verify_args(rcb_cli *cli, int argc, char **argv)
{
	const char *witness = NULL, *allowed = NULL;
	const cli_opt opts[] = {{"witness", &witness, NULL}, {"allowed-signers", &allowed, NULL}, {NULL, NULL, NULL}};

	if (cli_options(argc, argv, opts, 0, "audit") != 0)
		return CLI_ERROR;
	return audit_verify(cli, witness, allowed);
}

static int print_audit_row(void *ctx, const rcb_audit_row *r)
{
	(void)ctx;
	cli_printf(stdout, "%6lld  %s %s %s", (long long)r->id, r->at, r->who, r->action);
	if (r->detail && *r->detail)
		cli_printf(stdout, ": %s", r->detail);
	putchar('\n');
	return 0;
}

static int audit_log(rcb_cli *cli, long limit)
{
	rcb_store *st;

	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_audit_foreach(st, limit, print_audit_row, NULL) < 0)
		return cli_core_error();
	return CLI_OK;
}

/* rcb audit log [--limit N | -n N] */
static int audit_log_args(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"limit", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	long limit = 50;
	char *end;
	int opt;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "n:", opts)) != -1) {
		if (opt != 'n')
			return cli_usage("audit");
		limit = strtol(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0' || limit < 1 || limit > 1000000)
			return cli_error("--limit wants a number from 1 to 1000000, not '%s'", optarg);
	}
	if (optind != argc)
		return cli_usage("audit");
	return audit_log(cli, limit);
}

const cli_sub cmd_audit[] = {
	{"verify", verify_args, 0, "verify [--witness FILE] [--allowed-signers FILE]"},
	{"sign", audit_sign, 0, "sign [--key FILE] [--principal NAME]"},
	{"log", audit_log_args, 0, "log [--limit N | -n N]"},
	{NULL, NULL, 0, NULL},
};
