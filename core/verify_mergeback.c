/* verify_mergeback.c: merge-back of emergency releases (12.8, Table 9
 * step 3), the part of check_history() that asks which emergency fixes the
 * release contains and which later releases contain this one (see verify.c
 * for the whole). */
#include "verify.h"

#include "verify_internal.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

int cmp_emerg(const void *a, const void *b)
{
	return rcb_version_cmp(&((const emerg *)a)->v, &((const emerg *)b)->v);
}

/* 12.8, Table 9 step 3: "Merge changes to CIs back into all other
 * in-flight releases".  This release is an emergency fix (commit tip):
 * which of the later releases in flight (in->later) contain it?  One
 * ancestry walk from each later tag (history_walk, no range).  Appends to
 * d, replacing its "no older emergency releases" when that is all it says,
 * and returns the merge-back status: a later release without the fix makes
 * it WARN (a FAIL stays FAIL); all of them with it, PASS. */
rcb_check_status check_later(git_repository *repo, git_odb *odb, rcb_commitgraph *cg, const git_oid *shallow,
				    size_t nshallow, const git_oid *tip, const rcb_verify_input *in,
				    rcb_check_status st, rcb_buf *d)
{
	rcb_buf lack = RCB_BUF_INIT, have = RCB_BUF_INIT, untagged = RCB_BUF_INIT, unk = RCB_BUF_INIT, why = RCB_BUF_INIT;
	size_t nlack = 0, nhave = 0, nuntagged = 0, nunk = 0;

	for (size_t k = 0; k < in->nlater; k++) {
		const rcb_verify_ref *l = &in->later[k];
		git_oid lc;
		walk_out wo;
		walk_req rq;

		if (!l->version)
			continue;
		rcb_buf_clear(&why);
		if (!l->tag || !*l->tag || tag_commit_of(&lc, repo, odb, l->tag, &why) < 0) {
			rcb_buf_printf(&untagged, "%s%s", nuntagged++ ? ", " : "", l->version);
			continue;
		}
		if (git_oid_equal(&lc, tip)) {
			rcb_buf_printf(&have, "%s%s", nhave++ ? ", " : "", l->version);
			continue;
		}
		memset(&rq, 0, sizeof rq);
		rq.tip = &lc;
		rq.targets = tip;
		rq.ntargets = 1;
		rq.no_range = 1;
		if (history_walk(cg, odb, shallow, nshallow, &rq, &wo, NULL, &why) < 0 || !wo.anc) {
			rcb_buf_printf(&unk, "%s%s (%s)", nunk++ ? ", " : "", l->version,
				       why.len ? rcb_buf_cstr(&why) : "history unreadable");
		} else if (wo.anc[0] == 1) {
			rcb_buf_printf(&have, "%s%s", nhave++ ? ", " : "", l->version);
		} else if (wo.anc[0] == 2) {
			rcb_buf_printf(&unk, "%s%s (shallow clone)", nunk++ ? ", " : "", l->version);
		} else {
			rcb_buf_printf(&lack, "%s%s (%s)", nlack++ ? ", " : "", l->version, l->tag);
		}
		walk_out_free(&wo);
	}
	if (st == RCB_CHECK_SKIP && (nlack || nhave || nunk))
		rcb_buf_clear(d);
	if (nlack)
		rcb_buf_printf(d, "%sin flight without this fix (12.8, Table 9 step 3: merge into all other in-flight "
			       "releases): %s", d->len ? "; " : "", rcb_buf_cstr(&lack));
	if (nunk)
		rcb_buf_printf(d, "%scannot tell whether later releases have this fix: %s", d->len ? "; " : "",
			       rcb_buf_cstr(&unk));
	if (nhave)
		rcb_buf_printf(d, "%smerged into later release%s in flight: %s", d->len ? "; " : "", nhave == 1 ? "" : "s",
			       rcb_buf_cstr(&have));
	if (nuntagged)
		rcb_buf_printf(d, "%slater release%s in flight not tagged yet: %s", d->len ? "; " : "",
			       nuntagged == 1 ? "" : "s", rcb_buf_cstr(&untagged));
	if (st != RCB_CHECK_FAIL) {
		if (nlack || nunk)
			st = RCB_CHECK_WARN;
		else if (nhave && st == RCB_CHECK_SKIP)
			st = RCB_CHECK_PASS;
	}
	rcb_buf_free(&lack);
	rcb_buf_free(&have);
	rcb_buf_free(&untagged);
	rcb_buf_free(&unk);
	rcb_buf_free(&why);
	return st;
}
