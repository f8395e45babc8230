/* cmd_holiday.c: rcb holiday add DATE NAME... | list | rm DATE — the holidays
 * that Release Note deadlines skip (12.10: working days are Monday to
 * Friday minus these). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "notes_store.h"

static int print_holiday(void *ctx, const char *date, const char *name)
{
	rcb_day d;
	(void)ctx;
	cli_printf(stdout, "%s  %-9s  %s\n", date, rcb_date_parse(&d, date) == 0 ? rcb_date_weekday_name(d) : "?",
		   name);
	return 0;
}

/* rcb holiday list */
static int holiday_list(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;

	(void)argc, (void)argv;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	return rcb_holiday_foreach(st, print_holiday, NULL) < 0 ? cli_core_error() : CLI_OK;
}

/* rcb holiday rm DATE */
static int holiday_rm(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;

	(void)argc;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_holiday_remove(st, argv[1]) < 0)
		return cli_core_error();
	cli_printf(stdout, "removed holiday %s\n", argv[1]);
	return CLI_OK;
}

/* rcb holiday add DATE NAME... */
static int holiday_add(rcb_cli *cli, int argc, char **argv)
{
	rcb_buf name = RCB_BUF_INIT;
	rcb_store *st;
	rcb_day d;
	int rc = 0;

	if (argc < 3)
		return cli_usage("holiday");
	if (rcb_date_parse(&d, argv[1]) < 0)
		return cli_core_error();
	/* the name may be given as several words: Good Friday */
	for (int i = 2; rc == 0 && i < argc; i++)
		rc = rcb_buf_printf(&name, "%s%s", i > 2 ? " " : "", argv[i]);
	if (rc < 0) {
		rcb_buf_free(&name);
		return cli_core_error();
	}
	if ((st = cli_store(cli)) == NULL) {
		rcb_buf_free(&name);
		return CLI_ERROR;
	}
	rc = rcb_holiday_add(st, argv[1], rcb_buf_cstr(&name));
	if (rc == 0) {
		cli_printf(stdout, "added holiday %s (%s) %s\n", argv[1], rcb_date_weekday_name(d), rcb_buf_cstr(&name));
		if (rcb_date_weekday(d) >= 5)
			cli_printf(stdout, "note: %s is a %s; weekends are never working days anyway\n", argv[1],
				   rcb_date_weekday_name(d));
	}
	rcb_buf_free(&name);
	return rc < 0 ? cli_core_error() : CLI_OK;
}

const cli_sub cmd_holiday[] = {
	{"add", holiday_add, 0, "add DATE NAME..."},
	{"list", holiday_list, 1, "list"},
	{"rm", holiday_rm, 2, "rm DATE"},
	{NULL, NULL, 0, NULL},
};
