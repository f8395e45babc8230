/* tempfile.h: private temporary files that a killed rcb does not leave
 * behind for ever (attacks.md 72).
 *
 * A temporary file is "NEAR.TAG-XXXXXX" beside the file it will become
 * (same directory, so a rename or link is atomic), mode 0600.  While its
 * creator lives it holds a flock(2) on it through rcb_temp.fd; SQLite's own
 * locks are fcntl(2) locks, which are independent of flock on Linux.  A
 * later rcb sweeps the ones nobody holds: their creator is dead. */
#ifndef RCB_TEMPFILE_H
#define RCB_TEMPFILE_H

typedef struct rcb_temp {
	char *path; /* owned: "NEAR.TAG-XXXXXX" */
	int fd;     /* open, holding the flock; -1 when closed */
} rcb_temp;

#define RCB_TEMP_INIT { NULL, -1 }

/* Create t (empty, 0600, locked).  0, or RCB_EIO/RCB_ENOMEM naming near. */
int rcb_temp_create(rcb_temp *t, const char *near, const char *tag);

/* Release t: when `remove`, unlink it and its SQLite companions (-journal,
 * -wal, -shm) first.  Safe on a t never created or already released. */
void rcb_temp_release(rcb_temp *t, int remove);

/* Remove the stale temporaries "NEAR.TAG-XXXXXX" and their companions:
 * those no process holds and that are older than a few seconds.  Returns
 * how many files were removed. */
int rcb_temp_sweep_near(const char *near, const char *tag);

/* The same for any "*.TAG-XXXXXX" in directory dir: a backup's temporary
 * copy is named after a destination nobody may ask for again, so TAG must
 * be one only rcb uses ("rcb-backup"). */
int rcb_temp_sweep_dir(const char *dir, const char *tag);

#endif
