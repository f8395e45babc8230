/* notes.c: the Release Notes of rcb demo (part 3b of its story; see
 * demo.c), in rcb-notes(5) as each release manager wrote them. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "demo_internal.h"
#include "error.h"
#include "history.h"
#include "notes_store.h"
#include "version.h"
#include "workdays.h"

/* ================================================================== */
/* 3b. The notes (rcb-notes(5)), as each release manager wrote them     */
/* ================================================================== */

static const char *target_os[] = {"Red Hat Enterprise Linux 8.9", "Ubuntu 22.04 LTS", "Debian 12",
				  "Windows Server 2022", "Amazon Linux 2023"};

const char *primary_env(const prel *p)
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
int note_text(demo *d, int i, rcb_buf *b)
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
