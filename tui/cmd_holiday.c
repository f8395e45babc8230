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

int cmd_holiday(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;

	if (argc < 2)
		return cli_usage("holiday");
	if (strcmp(argv[1], "list") == 0) {
		if (argc != 2)
			return cli_usage("holiday");
		if ((st = cli_store(cli)) == NULL)
			return CLI_ERROR;
		return rcb_holiday_foreach(st, print_holiday, NULL) < 0 ? cli_core_error() : CLI_OK;
	}
	if (strcmp(argv[1], "rm") == 0) {
		if (argc != 3)
			return cli_usage("holiday");
		if ((st = cli_store(cli)) == NULL)
			return CLI_ERROR;
		if (rcb_holiday_remove(st, argv[2]) < 0)
			return cli_core_error();
		cli_printf(stdout, "removed holiday %s\n", argv[2]);
		return CLI_OK;
	}
	if (strcmp(argv[1], "add") == 0) {
		rcb_buf name = RCB_BUF_INIT;
		rcb_day d;
		int rc = 0;

		if (argc < 4)
			return cli_usage("holiday");
		if (rcb_date_parse(&d, argv[2]) < 0)
			return cli_core_error();
		/* the name may be given as several words: Good Friday */
		for (int i = 3; rc == 0 && i < argc; i++)
			rc = rcb_buf_printf(&name, "%s%s", i > 3 ? " " : "", argv[i]);
		if (rc < 0) {
			rcb_buf_free(&name);
			return cli_core_error();
		}
		if ((st = cli_store(cli)) == NULL) {
			rcb_buf_free(&name);
			return CLI_ERROR;
		}
		rc = rcb_holiday_add(st, argv[2], rcb_buf_cstr(&name));
		if (rc == 0) {
			cli_printf(stdout, "added holiday %s (%s) %s\n", argv[2], rcb_date_weekday_name(d),
				   rcb_buf_cstr(&name));
			if (rcb_date_weekday(d) >= 5)
				cli_printf(stdout, "note: %s is a %s; weekends are never working days anyway\n",
					   argv[2], rcb_date_weekday_name(d));
		}
		rcb_buf_free(&name);
		return rc < 0 ? cli_core_error() : CLI_OK;
	}
	return cli_usage("holiday");
}
