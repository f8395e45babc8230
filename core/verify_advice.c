/* verify_advice.c: what the board can do next about a check that failed
 * or warned, each answer citing the section of the programme document it
 * rests on (issue 16: "each failing check says what the board can do
 * next").  One table, asked by `rcb verify` (its `next:` lines), the
 * verification view of the TUI and anything else that shows a check. */
#include <string.h>

#include "verify.h"

typedef struct {
	const char *check;        /* check name */
	rcb_check_status status;  /* WARN or FAIL */
	int no_note;              /* 1: only when the register has no note */
	const char *advice;
} advice_row;

/* First match wins: the no-note rows before the general ones. */
static const advice_row rows[] = {
	{"tag-exists", RCB_CHECK_FAIL, 0,
	 "No-Go until the build is tagged in source control: the party tags it, or corrects the note's Tag "
	 "(12.9: any build can be regenerated; 12.10: the note names the tag)"},
	{"tag-commit", RCB_CHECK_FAIL, 0,
	 "No-Go until the note and the tag agree: the party corrects the note's Commit, or names the right tag; "
	 "a different build is a new version under its own RFC (12.9, 12.10)"},
	{"tag-version", RCB_CHECK_WARN, 0,
	 "ask the party to confirm the tag is this release's build, or to retag it with the version "
	 "(12.10: the tag allows the regeneration of that build)"},
	{"bom", RCB_CHECK_FAIL, 1,
	 "No-Go until the release note is imported (rcb notes import): the board has no Bill of Materials "
	 "to approve (12.10; 12.4 step 4.1)"},
	{"bom", RCB_CHECK_FAIL, 0,
	 "No-Go until the Bill of Materials matches the tagged build: a corrected note, or, if the build changed, "
	 "a new build under a new version and RFC (12.10, 12.9)"},
	{"defects", RCB_CHECK_FAIL, 1,
	 "No-Go until the release note is imported (rcb notes import): no list of defects fixed to check "
	 "(12.10; 12.4 step 4.1)"},
	{"defects", RCB_CHECK_FAIL, 0,
	 "No-Go, or Go with a condition, until the note lists only the defects the build fixes: the party "
	 "corrects Defects Fixed (12.10), or a new build carries the missing fixes (12.9)"},
	{"defects", RCB_CHECK_WARN, 0,
	 "the history is incomplete (a shallow clone): verify against a full clone before relying on the "
	 "note's Defects Fixed (12.10)"},
	{"undocumented", RCB_CHECK_WARN, 0,
	 "ask the party to list these in the note's Defects Fixed or Change Requests, or to say why they are "
	 "not part of the release (12.10)"},
	{"merge-back", RCB_CHECK_FAIL, 0,
	 "No-Go until the emergency fix is merged into this release and it is rebuilt under a new version "
	 "(12.8: emergency fixes go into the next available release)"},
	{"merge-back", RCB_CHECK_WARN, 0,
	 "Go possible; raise an action to merge the fix into the in-flight releases named "
	 "(12.8, Table 9 step 3)"},
	{"tag-moved", RCB_CHECK_FAIL, 0,
	 "reject; rebuild under a new version and RFC: a build is static once in the process (12.9)"},
	{"tag-moved", RCB_CHECK_WARN, 0,
	 "same commit, re-created tag: ask the party why the tag was re-made; a changed build needs a new "
	 "version and RFC (12.9)"},
	{"signature", RCB_CHECK_FAIL, 0,
	 "No-Go until the party explains: a signature that does not verify may not be its build; a new "
	 "identifiable build under an RFC (12.9)"},
	{"signature", RCB_CHECK_WARN, 0,
	 "no decision needed: the document asks for a tagged, identifiable build, not a signed one (12.9); "
	 "ask the party to sign if the board relies on it"},
};

const char *rcb_check_advice(const rcb_check *c)
{
	int no_note;
	if (!c || !c->name || (c->status != RCB_CHECK_FAIL && c->status != RCB_CHECK_WARN))
		return NULL;
	no_note = c->detail && strncmp(c->detail, RCB_VERIFY_NO_NOTE_DETAIL, strlen(RCB_VERIFY_NO_NOTE_DETAIL)) == 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (rows[i].status == c->status && strcmp(rows[i].check, c->name) == 0 && (!rows[i].no_note || no_note))
			return rows[i].advice;
	return NULL;
}
