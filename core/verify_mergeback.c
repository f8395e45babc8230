/* verify_mergeback.c: merge-back of emergency releases (12.8, Table 9
 * step 3), the part of check_history() that asks which emergency fixes the
 * release contains and which later releases contain this one (see verify.c
 * for the whole). */
#include "verify.h"

#define RCB_VERIFY_PART
#include "verify_internal.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

/* qsort comparison of emergs by version, oldest first. */
static int cmp_emerg(const void *a, const void *b)
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

void mergeback_guess(mergeback *mb, git_repository *repo, const rcb_verify_input *in)
{
	mb->emergencies = in->emergencies;
	mb->nemergencies = in->nemergencies;
	if (!mb->nemergencies && (in->flags & RCB_VERIFY_GUESS_EMERGENCIES)) {
		scan_tag_shapes(repo, in->tag, in->version, NULL, &mb->found, &mb->nfound);
		mb->emergencies = mb->found;
		mb->nemergencies = mb->nfound;
	}
}

int mergeback_targets(mergeback *mb, git_repository *repo, git_odb *odb, const rcb_version *cur)
{
	rcb_buf why = RCB_BUF_INIT;
	size_t nemergencies = mb->nemergencies;
	if (nemergencies && !(mb->em = calloc(nemergencies, sizeof *mb->em)))
		return -1;
	if (nemergencies && (!(mb->targets = calloc(nemergencies, sizeof *mb->targets)) ||
			     !(mb->tmap = calloc(nemergencies, sizeof *mb->tmap))))
		return -1;
	for (size_t k = 0; k < nemergencies; k++) {
		rcb_version v;
		const rcb_verify_ref *e = &mb->emergencies[k];
		if (!e->version || rcb_version_parse(&v, e->version) < 0 || rcb_version_cmp(&v, cur) >= 0)
			continue;
		mb->em[mb->nem].version = e->version;
		mb->em[mb->nem].tag = e->tag;
		mb->em[mb->nem++].v = v;
	}
	if (mb->nem > 1)
		qsort(mb->em, mb->nem, sizeof *mb->em, cmp_emerg); /* details list them oldest first */
	for (size_t k = 0; k < mb->nem; k++) {
		emerg *x = &mb->em[k];
		/* 12.8: an emergency fix must reach the next regular release; an
		 * emergency release of this release's own patch line (1.0.2.1 when
		 * checking 1.0.2.3) has no later regular release yet. */
		if (cur->part[3] != 0 && x->v.part[0] == cur->part[0] && x->v.part[1] == cur->part[1] &&
		    x->v.part[2] == cur->part[2]) {
			x->own_line = 1;
			continue;
		}
		rcb_buf_clear(&why);
		if (!x->tag || !*x->tag) {
			x->problem = rcb_strdup("no tag recorded");
		} else if (tag_commit_of(&x->commit, repo, odb, x->tag, &why) < 0) {
			x->problem = rcb_strdup(rcb_buf_cstr(&why));
		} else {
			x->usable = 1;
			mb->targets[mb->ntargets] = x->commit;
			mb->tmap[mb->ntargets++] = k;
		}
	}
	rcb_buf_free(&why);
	return 0;
}

void mergeback_report(rcb_verify_result *r, const mergeback *mb, const walk_out *wo, git_repository *repo,
		      git_odb *odb, rcb_commitgraph *cg, const git_oid *shallow, size_t nshallow,
		      const git_oid *tip, const rcb_verify_input *in)
{
	const emerg *em = mb->em;
	rcb_buf d = RCB_BUF_INIT;
	rcb_buf ok = RCB_BUF_INIT, bad = RCB_BUF_INIT, unk = RCB_BUF_INIT, own = RCB_BUF_INIT;
	size_t nok = 0, nbad = 0, nunk = 0, nown = 0;
	for (size_t t = 0; t < mb->ntargets; t++) {
		const emerg *x = &em[mb->tmap[t]];
		char hex[SHORT_HEX + 1];
		hex_of(hex, sizeof hex, &x->commit);
		if (wo->anc[t] == 1)
			rcb_buf_printf(&ok, "%s%s", nok++ ? ", " : "", x->version);
		else if (wo->anc[t] == 2)
			rcb_buf_printf(&unk, "%s%s", nunk++ ? ", " : "", x->version);
		else
			rcb_buf_printf(&bad, "%s%s (%s, commit %s)", nbad++ ? ", " : "", x->version, x->tag, hex);
	}
	for (size_t k = 0; k < mb->nem; k++) {
		if (em[k].own_line)
			rcb_buf_printf(&own, "%s%s", nown++ ? ", " : "", em[k].version);
		else if (!em[k].usable)
			rcb_buf_printf(&bad, "%s%s (%s)", nbad++ ? ", " : "", em[k].version, em[k].problem ? em[k].problem : "?");
	}
	rcb_check_status st;
	if (nbad) {
		st = RCB_CHECK_FAIL;
		rcb_buf_printf(&d, "not merged back into %s: %s", in->tag, rcb_buf_cstr(&bad));
	} else if (nunk) {
		st = RCB_CHECK_WARN;
		rcb_buf_printf(&d, "not completed: shallow clone, cannot tell whether merged back: %s",
			       rcb_buf_cstr(&unk));
	} else if (nok) {
		st = RCB_CHECK_PASS;
		rcb_buf_printf(&d, "%zu emergency release%s merged back: %s", nok, nok == 1 ? "" : "s",
			       rcb_buf_cstr(&ok));
	} else {
		st = RCB_CHECK_SKIP;
		rcb_buf_printf(&d, nown ? "no older emergency release outside this release's own line"
					: "no older emergency releases");
	}
	if (nbad && nok)
		rcb_buf_printf(&d, "; merged back: %s", rcb_buf_cstr(&ok));
	if (nown)
		rcb_buf_printf(&d, "; skipped, same patch line with no later regular release (12.8): %s",
			       rcb_buf_cstr(&own));
	if (in->later && in->nlater)
		st = check_later(repo, odb, cg, shallow, nshallow, tip, in, st, &d);
	set_check_buf(r, RCB_VCHECK_MERGE_BACK, st, &d);
	rcb_buf_free(&ok);
	rcb_buf_free(&bad);
	rcb_buf_free(&unk);
	rcb_buf_free(&own);
	rcb_buf_free(&d);
}

void mergeback_free(mergeback *mb)
{
	for (size_t k = 0; k < mb->nem; k++)
		free(mb->em[k].problem);
	free(mb->em);
	free_refs(mb->found, mb->nfound);
	free(mb->targets);
	free(mb->tmap);
	memset(mb, 0, sizeof *mb);
}
