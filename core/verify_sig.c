/* verify_sig.c: signatures of the tag or its commit (the check signature;
 * see verify.c for the whole).  gpg and ssh-keygen run with an argv array,
 * never a shell, with a time limit. */
#include "verify.h"

#define RCB_VERIFY_PART
#include "verify_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { SIG_NONE, SIG_PGP, SIG_SSH, SIG_X509 };

/* ------------------------------------------------------------------ */
/* signatures */

static int sig_kind_of_line(const char *p, size_t n)
{
	static const struct { const char *m; int k; } marks[] = {
		{"-----BEGIN PGP SIGNATURE-----", SIG_PGP},
		{"-----BEGIN PGP MESSAGE-----", SIG_PGP},
		{"-----BEGIN SSH SIGNATURE-----", SIG_SSH},
		{"-----BEGIN SIGNED MESSAGE-----", SIG_X509},
	};
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		size_t l = strlen(marks[i].m);
		if (n >= l && memcmp(p, marks[i].m, l) == 0)
			return marks[i].k;
	}
	return SIG_NONE;
}

/* Offset of the signature in a raw tag (git's rule: the last line that
 * starts one), or len when unsigned; *kind is the signature type. */
static size_t tag_sig_start(const char *d, size_t len, int *kind)
{
	size_t at = len, off = 0;
	*kind = SIG_NONE;
	while (off < len) {
		const char *nl = memchr(d + off, '\n', len - off);
		size_t l = nl ? (size_t)(nl - (d + off)) : len - off;
		int k = sig_kind_of_line(d + off, l);
		if (k != SIG_NONE) {
			at = off;
			*kind = k;
		}
		off += l + (nl ? 1 : 0);
	}
	return at;
}

static const char *kind_name(int k)
{
	return k == SIG_PGP ? "PGP" : k == SIG_SSH ? "SSH" : k == SIG_X509 ? "X.509" : "no";
}

/* The value after "[GNUPG:] KEY " on its line, into val (may be empty). */
static int gpg_status(const char *out, const char *key, char *val, size_t size)
{
	size_t kl = strlen(key);
	for (const char *p = out; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l >= 9 + kl && memcmp(p, "[GNUPG:] ", 9) == 0 && memcmp(p + 9, key, kl) == 0 &&
		    (l == 9 + kl || p[9 + kl] == ' ')) {
			size_t vl = l > 9 + kl ? l - 10 - kl : 0;
			if (vl >= size)
				vl = size - 1;
			memcpy(val, p + 10 + kl, vl);
			val[vl] = '\0';
			return 1;
		}
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* Verify a signature over payload.  Sets the check. */
static void verify_sig(rcb_verify_result *r, const rcb_verify_input *in, const char *what, int kind,
		       const char *sig, size_t siglen, const char *payload, size_t plen)
{
	int i = RCB_VCHECK_SIGNATURE;
	char prog[4096], sigf[4096], dataf[4096], val[512];
	rcb_buf out = RCB_BUF_INIT;
	int rc;

	if (kind == SIG_X509) {
		set_check(r, i, RCB_CHECK_WARN, "%s carries an X.509 signature; not verified (rcb verifies PGP and SSH signatures)", what);
		return;
	}
	if (in->flags & RCB_VERIFY_NO_GPG) {
		set_check(r, i, RCB_CHECK_WARN, "%s carries a %s signature; not verified (disabled)", what, kind_name(kind));
		return;
	}
	if (rcb_prog_find(kind == SIG_PGP ? "gpg" : "ssh-keygen", prog, sizeof prog) < 0) {
		set_check(r, i, RCB_CHECK_WARN, "%s carries a %s signature; not verified: %s not installed", what,
			  kind_name(kind), kind == SIG_PGP ? "gpg" : "ssh-keygen");
		return;
	}
	if (rcb_prog_temp(sigf, sizeof sigf, "verify", sig, siglen) < 0) {
		set_check(r, i, RCB_CHECK_WARN, "%s carries a %s signature; not verified: cannot write a temporary file (%s)",
			  what, kind_name(kind), strerror(errno));
		return;
	}
	if (rcb_prog_temp(dataf, sizeof dataf, "verify", payload, plen) < 0) {
		set_check(r, i, RCB_CHECK_WARN, "%s carries a %s signature; not verified: cannot write a temporary file (%s)",
			  what, kind_name(kind), strerror(errno));
		unlink(sigf);
		return;
	}
	if (kind == SIG_PGP) {
		/* never the network: no key retrieval, no dirmngr */
		char *argv[] = {prog, "--batch", "--no-tty", "--no-auto-key-retrieve", "--disable-dirmngr",
				"--status-fd=1", "--verify", sigf, dataf, NULL};
		rc = rcb_prog_run(argv, NULL, 0, &out, 20000);
		const char *o = rcb_buf_cstr(&out);
		if (gpg_status(o, "BADSIG", val, sizeof val))
			set_check(r, i, RCB_CHECK_FAIL, "%s carries a BAD PGP signature (%s)", what, val);
		else if (gpg_status(o, "GOODSIG", val, sizeof val)) {
			char fpr[128] = "";
			gpg_status(o, "VALIDSIG", fpr, sizeof fpr);
			fpr[strcspn(fpr, " ")] = '\0';
			set_check(r, i, RCB_CHECK_PASS, "%s has a good PGP signature by %s%s%s", what, val,
				  *fpr ? ", key " : "", fpr);
		} else if (gpg_status(o, "EXPKEYSIG", val, sizeof val))
			set_check(r, i, RCB_CHECK_WARN, "%s has a good PGP signature by an expired key (%s)", what, val);
		else if (gpg_status(o, "REVKEYSIG", val, sizeof val))
			set_check(r, i, RCB_CHECK_WARN, "%s has a good PGP signature by a revoked key (%s)", what, val);
		else if (gpg_status(o, "EXPSIG", val, sizeof val))
			set_check(r, i, RCB_CHECK_WARN, "%s has an expired PGP signature (%s)", what, val);
		else if (gpg_status(o, "NO_PUBKEY", val, sizeof val))
			set_check(r, i, RCB_CHECK_WARN, "%s carries a PGP signature by key %s; not verified: key not in the keyring", what, val);
		else if (gpg_status(o, "ERRSIG", val, sizeof val))
			set_check(r, i, RCB_CHECK_WARN, "%s carries a PGP signature; not verified: gpg error (%s)", what, val);
		else
			set_check(r, i, RCB_CHECK_WARN, "%s carries a PGP signature; not verified: gpg %s", what,
				  rc < 0 ? "could not be run" : "gave no verdict");
	} else {
		/* SSH: the signature against the key embedded in it; the signer is not
		 * checked against an allowed-signers list (git config, not read). */
		char *argv[] = {prog, "-Y", "check-novalidate", "-n", "git", "-s", sigf, NULL};
		rc = rcb_prog_run(argv, dataf, 1, &out, 20000);
		const char *o = rcb_buf_cstr(&out);
		const char *key = strstr(o, "SHA256:");
		size_t kl = key ? strcspn(key, " \n") : 0;
		if (rc == 0)
			set_check(r, i, RCB_CHECK_WARN, "%s has a valid SSH signature (key %.*s); signer not checked against allowed signers",
				  what, (int)kl, key ? key : "?");
		else if (rc > 0 && (strstr(o, "ncorrect signature") || strstr(o, "verify failed") ||
				    strstr(o, "Signature verification failed")))
			set_check(r, i, RCB_CHECK_FAIL, "%s carries a BAD SSH signature", what);
		else
			set_check(r, i, RCB_CHECK_WARN, "%s carries an SSH signature; not verified: ssh-keygen %s", what,
				  rc < 0 ? "could not be run" : "refused it");
	}
	unlink(sigf);
	unlink(dataf);
	rcb_buf_free(&out);
}


/* The gpgsig header of a raw commit: the signature (continuation lines
 * unfolded) into sig and the commit without that header into payload, as
 * git verify-commit does.  Returns 1 when signed, 0 when not. */
static int commit_signature(const char *d, size_t n, rcb_buf *sig, rcb_buf *payload)
{
	const char *p = d, *end = d + n;
	int found = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		if (p == nl) { /* the blank line: the message follows */
			rcb_buf_put(payload, p, (size_t)(end - p));
			break;
		}
		if (!found && ((size_t)(end - p) > 7 && memcmp(p, "gpgsig ", 7) == 0)) {
			found = 1;
			rcb_buf_put(sig, p + 7, (size_t)(next - p - 7));
			while (next < end && *next == ' ') {
				const char *nl2 = memchr(next, '\n', (size_t)(end - next));
				const char *after = nl2 ? nl2 + 1 : end;
				rcb_buf_put(sig, next + 1, (size_t)(after - next - 1));
				next = after;
			}
		} else {
			rcb_buf_put(payload, p, (size_t)(next - p));
		}
		p = next;
	}
	return found;
}

/* The signature check: the tag's own signature, else its commit's. */
void check_signature(rcb_verify_result *r, const rcb_verify_input *in, const tag_res *tr,
			    git_odb_object *commit_obj)
{
	int kind = SIG_NONE;
	if (tr->tagobj) {
		const char *d = git_odb_object_data(tr->tagobj);
		size_t len = git_odb_object_size(tr->tagobj);
		size_t at = tag_sig_start(d, len, &kind);
		tag_info ti;
		if (kind != SIG_NONE)
			verify_sig(r, in, "the tag", kind, d + at, len - at, d, at);
		/* A good signature over another release's tag object vouches for
		 * that release, not this one. */
		if (kind != SIG_NONE && r->checks[RCB_VCHECK_SIGNATURE].status != RCB_CHECK_FAIL &&
		    parse_tag(&ti, d, len) == 0 && !tag_names_itself(&ti, in->tag))
			set_check(r, RCB_VCHECK_SIGNATURE, RCB_CHECK_FAIL, "the signature is the tag object '%.*s''s, not %s's: "
				  "refs/tags/%s was pointed at another release's signed tag",
				  (int)(ti.namelen > 200 ? 200 : ti.namelen), ti.name ? ti.name : "", in->tag, in->tag);
	}
	if (kind == SIG_NONE && commit_obj) {
		rcb_buf sig = RCB_BUF_INIT, payload = RCB_BUF_INIT;
		if (commit_signature(git_odb_object_data(commit_obj), git_odb_object_size(commit_obj), &sig, &payload)) {
			kind = sig_kind_of_line(rcb_buf_cstr(&sig), sig.len);
			if (kind == SIG_NONE)
				kind = SIG_PGP;
			verify_sig(r, in, tr->annotated ? "the tag is unsigned; its commit" : "the commit", kind,
				   rcb_buf_cstr(&sig), sig.len, rcb_buf_cstr(&payload), payload.len);
		}
		rcb_buf_free(&sig);
		rcb_buf_free(&payload);
	}
	if (kind == SIG_NONE) {
		if (tr->exists)
			set_check(r, RCB_VCHECK_SIGNATURE, RCB_CHECK_WARN, "neither the tag nor its commit is signed");
		else
			set_check(r, RCB_VCHECK_SIGNATURE, RCB_CHECK_SKIP, "no tag to check");
	}
}


size_t rcb_verify_tag_sig_start(const char *d, size_t len, int *kind) { return tag_sig_start(d, len, kind); }

int rcb_verify_commit_signature(const char *d, size_t n, rcb_buf *sig, rcb_buf *payload)
{
	return commit_signature(d, n, sig, payload);
}
