/* notes_store.h: Release Notes in the register (12.9, 12.10) and the
 * holidays that working days skip.
 *
 * A note is validated (rcb_note_check() plus what only the register knows:
 * the component, its environments, the release the note must follow, the
 * holidays), then stored with its release in one transaction.  The stored
 * text is the file as imported; rcb re-parses it when it needs the tables.
 * Replaced texts move to note_history.  After a Go decision a note may only
 * change under a new RFC (12.9: a build is static once it enters the
 * process).
 *
 * Ownership: rcb_stored_note strings are owned by the struct and released
 * with rcb_stored_note_clear(); strings passed to callbacks are borrowed and
 * live only during the call. */
#ifndef RCB_NOTES_STORE_H
#define RCB_NOTES_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "notes.h"
#include "store.h"

/* Check note n as rcb_note_check() does, with a context read from st:
 * holidays, the component's releases (which release the note's Release must
 * follow), and register findings — component or environment unknown, a
 * release already registered with another Type or RFC.  Those register
 * findings are errors when for_import is set and warnings otherwise (a note
 * may be checked before its component is registered).  st may be NULL (no
 * database): then only the note itself is checked.  today ("YYYY-MM-DD",
 * may be NULL) stands in for a missing Submitted key; meeting_date (may be
 * NULL) enables the deadline check.  Reads only; findings sorted by line.
 * Returns 0, or a negative code when the database cannot be read. */
int rcb_notes_validate(rcb_store *st, const rcb_note *n, const char *today, const char *meeting_date,
		       int for_import, rcb_findings *f);

/* 12.10: a note "must reflect the true picture of the relevant test
 * environment and therefore must include all application and product
 * versions at that point of time".  Compare the note's Environment
 * Versions with what the register says is in place in the note's
 * Environment (rcb_env_versions(), the note's own component left out),
 * appending an error to f for each component the environment has and the
 * note does not list (on the section's line), each version that differs
 * and each listed component with no version in place there (on the row's
 * line), or for an Environment the register does not know.  *ndiff (may be
 * NULL) gets the number of differences.  Reads only.  Returns 0, or a
 * negative code when the database cannot be read. */
int rcb_notes_env_compare(rcb_store *st, const rcb_note *n, rcb_findings *f, size_t *ndiff);

typedef struct {
	const char *meeting_date; /* the board the deadline is checked for; NULL: none */
	const char *rfc_id;       /* 12.9: the new RFC allowing a change after a Go; NULL */
} rcb_notes_import_opts;

typedef enum {
	RCB_NOTE_NEW,       /* first note of the release */
	RCB_NOTE_REPLACED,  /* replaced before a Go; the old text is in history */
	RCB_NOTE_AMENDED,   /* changed after a Go under a new RFC */
	RCB_NOTE_UNCHANGED  /* same content as the stored note: nothing written */
} rcb_note_outcome;

typedef struct {
	int64_t release_id;
	int release_created; /* the import created the release */
	int revision;        /* revision of the note now stored */
	rcb_note_outcome outcome;
	char component[128];
	char version[RCB_VERSION_STRLEN];
} rcb_notes_import_result;

/* Validate the note in buf (len bytes, anything at all), then in ONE
 * transaction create its release if the register lacks it (the register
 * enforces the next-version rule of 11), store the note (moving an earlier
 * text to history) and append an audit row.  Findings go to f, sorted by
 * line.  Returns:
 *   0             stored (or unchanged), *res filled;
 *   RCB_EINVAL    the note has errors (see f); nothing stored;
 *   RCB_EREFUSED  a rule refused it (changed after a Go without a new RFC);
 *                 nothing stored, message says why;
 *   other         database failure; nothing stored. */
int rcb_notes_import(rcb_store *st, const char *buf, size_t len, const rcb_notes_import_opts *opts,
		     rcb_findings *f, rcb_notes_import_result *res);

/* rcb_notes_import() of buf, len bytes that rcb_note_load() read from the
 * file at path, holding the text once (issue 17: peak memory under 3x the
 * note): buf is taken (freed, whatever the result) and split in place by
 * the parse (rcb_note_parse_take), and the text stored is read again from
 * path once the parse is freed, refused (RCB_EREFUSED) if its SHA-256 is
 * not the one parsed; RCB_EIO if it cannot be read again. */
int rcb_notes_import_take(rcb_store *st, char *buf, size_t len, const char *path, const rcb_notes_import_opts *opts,
			  rcb_findings *f, rcb_notes_import_result *res);

typedef struct {
	int64_t release_id;
	int revision;
	char *text;
	size_t len;
	char *title, *submitted, *meeting_date, *rfc_id, *amend_rfc, *imported_at, *imported_by;
	char *replaced_at, *replaced_by; /* history rows only; NULL for the current note */
} rcb_stored_note;

/* The current note of release `ref` ("COMPONENT@VERSION") into *out (owned:
 * rcb_stored_note_clear()).  RCB_ENOTFOUND when the release or its note is
 * missing. */
int rcb_notes_get(rcb_store *st, const char *ref, rcb_stored_note *out);
void rcb_stored_note_clear(rcb_stored_note *n);
/* The same by release id; RCB_ENOTFOUND (no message naming the release)
 * when it has no note. */
int rcb_notes_get_id(rcb_store *st, int64_t release_id, rcb_stored_note *out);

/* The Service impact of release_id's note (12.10: "highlighted as a
 * separate item") into buf (size bytes; "" when the note has none), from
 * the note as it stood at time as_at (ISO, as rcb_now(); the revision
 * imported by then and not yet replaced), or the current note when as_at is
 * NULL.  RCB_ENOTFOUND (no message) when there was no note. */
int rcb_notes_service_impact(rcb_store *st, int64_t release_id, const char *as_at, char *buf, size_t size);

/* Every revision of the note of release_id, oldest first, the current one
 * last.  The callback's struct is borrowed.  A non-zero return from cb stops
 * the walk and is returned. */
int rcb_notes_history(rcb_store *st, int64_t release_id,
		      int (*cb)(void *ctx, const rcb_stored_note *n), void *ctx);

/* Holidays (12.10 working days).  add is one user action with an audit row;
 * RCB_EINVAL for a date that is not real or an empty name, RCB_EEXISTS when
 * the date already has a holiday. */
int rcb_holiday_add(rcb_store *st, const char *date, const char *name);
/* RCB_ENOTFOUND when the date has no holiday. */
int rcb_holiday_remove(rcb_store *st, const char *date);
/* All holidays in date order; strings borrowed for the call. */
int rcb_holiday_foreach(rcb_store *st, int (*cb)(void *ctx, const char *date, const char *name), void *ctx);

#endif
