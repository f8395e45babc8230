/* demo.h: a realistic demo programme for `rcb demo DIR` (issue 7).
 *
 * rcb_demo_build() fills an empty directory with a programme that looks like
 * the one the programme document describes, built through rcb's own core
 * APIs so that everything in it was validated like real input:
 *
 *   DIR/repos/NAME   one real git repository per central system of 5.4
 *                    (DIP, the Elexon services LSS/MDS/VAS/ISD, DTN, SMRS,
 *                    EES), written with libgit2 -- never by running git --
 *                    with commits citing defect and change-request IDs and
 *                    an annotated tag per release, dated as the release;
 *   DIR/notes/       the Release Note of every release (rcb-notes(5)), as
 *                    the component's release manager submitted it;
 *   DIR/rcb.db       the register: the eight Major releases of Table 1 on
 *                    their dates, minor, patch and emergency releases
 *                    between them (section 11 numbering), notes imported
 *                    through the notes import, every verification run for
 *                    real against the repositories, meetings of the four
 *                    types of Table 11 with attendance, agenda, control-
 *                    point marks, decisions and work-off actions, and
 *                    deployments across the environments of Table 2.
 *
 * Some problems are planted on purpose (rcb_demo_plants() lists them).
 * The story goes through the gate (gate.h) like real input: every Go
 * passes it, or overrides with the chair's reason exactly the blocker
 * planted (the late note's note-late, DIP 4.0.0.0's cp-2), and every
 * deployment passes the deploy gate, conditions met first; the build
 * fails when the gate says otherwise.
 * Everything is generated from a fixed seed with the clock pinned step by
 * step ($RCB_NOW and $RCB_USER are set while building and restored
 * afterwards), so two builds are identical except for DIR itself. */
#ifndef RCB_DEMO_H
#define RCB_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* The moment the demo's story ends: run rcb with RCB_NOW set to this to see
 * the board as it stood then (which actions are overdue, which meeting is
 * upcoming). */
#define RCB_DEMO_NOW "2025-02-07T17:00:00Z"

/* Progress: a short phrase ("generating repositories", "2024-03: meetings")
 * called on the building thread. */
typedef void (*rcb_demo_progress_fn)(void *ctx, const char *what);

typedef struct {
	char db_path[4096];    /* DIR/rcb.db */
	int components;
	int repos, commits, tags;
	int releases;
	int notes;             /* notes stored in the register */
	int note_files;        /* files written to DIR/notes */
	int meetings;
	int decisions;
	int actions;
	int deployments;
	int verifications;
	int64_t not_quorate_meeting; /* id of the planted meeting without a quorum */
} rcb_demo_summary;

/* Build the demo in dir, which must not exist or be an empty directory
 * (it is created, with its parents, when absent).  Refuses with
 * RCB_EEXISTS when dir holds anything, RCB_EIO when it cannot be created.
 * On success fills *out (may be NULL).  On failure the message names the
 * step that failed and dir is left as far as it got.  progress may be
 * NULL.  Not thread-safe: it sets $RCB_NOW / $RCB_USER while it runs. */
int rcb_demo_build(const char *dir, rcb_demo_progress_fn progress, void *ctx, rcb_demo_summary *out);

/* Only the git repositories: DIR/NAME for every component, as
 * rcb_demo_build() writes them under DIR/repos (dir must not exist or be
 * empty).  *commits / *tags (may be NULL) receive the totals. */
int rcb_demo_repos(const char *dir, int *commits, int *tags);

/* One planted problem, for the tour `rcb demo` prints. */
typedef struct {
	const char *what;   /* "late note" */
	const char *where;  /* "MDS@3.0.0.0" */
	const char *story;  /* one sentence */
	const char *see;    /* the command that shows it; DIR stands for the demo
			     * directory, MEETING for summary.not_quorate_meeting */
} rcb_demo_plant;

/* The planted problems (static storage); returns how many. */
size_t rcb_demo_plants(const rcb_demo_plant **out);

#endif
