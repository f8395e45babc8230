/* fuzz_notes.c: libFuzzer target for the Release Note parser and checks
 * (rcb-notes(5)).  Any bytes must give findings with line numbers, never a
 * crash, a hang or a leak; every string the note hands out must be free of
 * control characters; and a note's normalised form must parse back to
 * itself.  Build and run: make fuzz (corpus in tests/fuzz/corpus/notes/). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "notes.h"
#include "fuzz.h"

static void no_controls(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const holidays[] = {"2024-03-29", "2024-04-01"};
	rcb_findings f = RCB_FINDINGS_INIT, f2 = RCB_FINDINGS_INIT;
	rcb_note *n = NULL, *m = NULL;
	rcb_note_ctx ctx;
	rcb_buf a = RCB_BUF_INIT, b = RCB_BUF_INIT;

	memset(&ctx, 0, sizeof ctx);
	ctx.today = "2024-03-12";
	ctx.meeting_date = "2024-04-02";
	ctx.holidays = holidays;
	ctx.nholidays = 2;
	if (rcb_note_parse(&n, (const char *)data, size, &f) < 0)
		return 0;
	if (rcb_note_check(n, &ctx, &f) < 0)
		abort();
	for (size_t i = 0; i < f.n; i++) {
		if (f.v[i].line < 1 || (i > 0 && f.v[i].line < f.v[i - 1].line))
			abort();
		no_controls(f.v[i].msg);
	}
	no_controls(rcb_note_title(n));
	no_controls(rcb_note_field(n, "Component"));
	for (size_t r = 0; r < rcb_note_rows(n, RCB_NOTE_BOM); r++)
		no_controls(rcb_note_cell(n, RCB_NOTE_BOM, r, "Path"));
	if (rcb_note_render(n, &a) < 0)
		abort();
	no_controls(rcb_buf_cstr(&a));
	/* normalising is idempotent */
	if (rcb_note_parse(&m, rcb_buf_cstr(&a), a.len, &f2) < 0)
		abort();
	if (rcb_note_render(m, &b) < 0 || strcmp(rcb_buf_cstr(&a), rcb_buf_cstr(&b)) != 0)
		abort();
	rcb_buf_free(&a);
	rcb_buf_free(&b);
	rcb_note_free(n);
	rcb_note_free(m);
	rcb_findings_free(&f);
	rcb_findings_free(&f2);
	return 0;
}
