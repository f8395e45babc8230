/* sign.c: chain heads signed with SSH keys (sign.h). */
#include "sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "chain.h"
#include "clock.h"
#include "fileio.h"
#include "meeting.h"
#include "prog.h"
#include "sqlutil.h"

#define NAMESPACE "rcb-audit"
#define SSH_TIMEOUT_MS 30000

static int signed_message(rcb_buf *b, const char *head, int64_t chain_id)
{
	return rcb_buf_printf(b, "rcb-audit chain head %s entry %lld\n", head, (long long)chain_id);
}

/* The newest entry: its id and hash. */
static int chain_last(rcb_store *st, int64_t *id, char *head)
{
	sqlite3_stmt *s;
	int rc;

	*id = 0;
	head[0] = '\0';
	if ((rc = rcb_store_prepare(st, &s, "SELECT id, hash FROM chain ORDER BY id DESC LIMIT 1")) < 0)
		return rc;
	if ((rc = rcb_step_row(st, s, "reading the audit chain")) == 1) {
		*id = sqlite3_column_int64(s, 0);
		snprintf(head, RCB_HASH_HEX, "%s", rcb_col_str(s, 1) ? rcb_col_str(s, 1) : "");
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

/* ssh-keygen -Y sign: the signature of msg into sig (owned by the caller). */
static int ssh_sign(const char *key, const char *msg, rcb_buf *sig)
{
	char prog[4096], data[4200], sigpath[4300];
	rcb_buf out = RCB_BUF_INIT;
	char *sigtext = NULL;
	size_t len = 0;
	int rc, status;

	if (rcb_prog_find("ssh-keygen", prog, sizeof prog) < 0)
		return rcb_error_set(RCB_EIO, "ssh-keygen is not installed (Debian: openssh-client)");
	if (rcb_prog_temp(data, sizeof data, "sign", msg, strlen(msg)) < 0)
		return rcb_error_set(RCB_EIO, "cannot write a temporary file to sign");
	{
		char *const argv[] = {prog, "-q", "-Y", "sign", "-f", (char *)key, "-n", NAMESPACE, data, NULL};
		status = rcb_prog_run(argv, NULL, 1, &out, SSH_TIMEOUT_MS);
	}
	snprintf(sigpath, sizeof sigpath, "%s.sig", data);
	rc = status == 0 && rcb_file_read(&sigtext, &len, sigpath, 64 * 1024) == 0 ? 0 : -1;
	if (rc == 0)
		rc = rcb_buf_put(sig, sigtext, len);
	else
		rc = rcb_error_set(RCB_EIO, "ssh-keygen could not sign with %s: %.300s", key,
				   out.len ? rcb_buf_cstr(&out) : "(no message)");
	free(sigtext);
	unlink(sigpath);
	unlink(data);
	rcb_buf_free(&out);
	return rc;
}

int rcb_chain_sign(rcb_store *st, const char *key_path, const char *principal, int64_t *id_out)
{
	rcb_buf msg = RCB_BUF_INIT, sig = RCB_BUF_INIT;
	char head[RCB_HASH_HEX], now[64];
	sqlite3_stmt *s = NULL;
	int64_t chain_id;
	int rc;

	if ((rc = rcb_text_check("principal", principal, 100, 0)) < 0)
		return rc;
	if (strchr(principal, ' '))
		return rcb_error_set(RCB_EINVAL, "a principal has no spaces (it is an allowed-signers identity)");
	if (!key_path || !*key_path || access(key_path, R_OK) != 0)
		return rcb_error_set(RCB_EIO, "cannot read the SSH key %s", key_path ? key_path : "(none)");
	if ((rc = rcb_chain_verify(st, NULL)) < 0) {
		if (rc == RCB_EREFUSED)
			rcb_error_prefix("the record fails its audit, so its head is not signed");
		return rc;
	}
	if ((rc = chain_last(st, &chain_id, head)) < 0)
		return rc;
	if (chain_id == 0)
		return rcb_error_set(RCB_EREFUSED, "the chain is empty: nothing to sign");
	if ((rc = signed_message(&msg, head, chain_id)) < 0 || (rc = ssh_sign(key_path, rcb_buf_cstr(&msg), &sig)) < 0)
		goto out;
	if ((rc = rcb_store_begin(st)) < 0)
		goto out;
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO chain_signature(chain_id, head, principal, signature, at) VALUES (?, ?, ?, ?, ?)")) == 0) {
		sqlite3_bind_int64(s, 1, chain_id);
		sqlite3_bind_text(s, 2, head, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, principal, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, rcb_buf_cstr(&sig), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
		if ((rc = rcb_step_done(st, s, "storing the signature")) == 0 && id_out)
			*id_out = sqlite3_last_insert_rowid(rcb_store_db(st));
	}
	if (rc == 0)
		rc = rcb_audit(st, "audit.sign", "chain head %s (entry %lld) signed by %s", head, (long long)chain_id,
			       principal);
	rc = rcb_tx_finish(st, rc);
out:
	sqlite3_finalize(s);
	rcb_buf_free(&msg);
	rcb_buf_free(&sig);
	return rc;
}

int rcb_chain_sig_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_chain_sig *s), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s,
		"SELECT id, chain_id, head, principal, signature, at FROM chain_signature ORDER BY id")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_chain_sig g = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), rcb_col_str(s, 2),
				   rcb_col_str(s, 3), rcb_col_str(s, 4), rcb_col_str(s, 5)};
		if (!g.head || !g.principal || !g.signature || !g.at) {
			rc = rcb_error_set(RCB_EREFUSED, "signature %lld is incomplete (changed outside rcb)", (long long)g.id);
			break;
		}
		if ((rc = cb(ctx, &g)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the signatures");
	sqlite3_finalize(s);
	return rc;
}

/* Does chain entry id still carry head? */
static int head_holds(rcb_store *st, int64_t id, const char *head, int *yes)
{
	sqlite3_stmt *s;
	int rc;

	*yes = 0;
	if ((rc = rcb_store_prepare(st, &s, "SELECT hash = ? FROM chain WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, head, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	if ((rc = rcb_step_row(st, s, "reading the audit chain")) == 1) {
		*yes = sqlite3_column_int(s, 0);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

int rcb_chain_sig_check(rcb_store *st, const rcb_chain_sig *g, const char *allowed)
{
	char prog[4096], data[4200], sig[4200];
	rcb_buf msg = RCB_BUF_INIT, out = RCB_BUF_INIT;
	int rc, yes, status = -1;

	if ((rc = head_holds(st, g->chain_id, g->head, &yes)) < 0)
		return rc;
	if (!yes)
		return rcb_error_set(RCB_EREFUSED, "signature %lld: chain entry %lld no longer carries the signed head %.16s\u2026",
				     (long long)g->id, (long long)g->chain_id, g->head);
	if (rcb_prog_find("ssh-keygen", prog, sizeof prog) < 0)
		return rcb_error_set(RCB_EIO, "ssh-keygen is not installed (Debian: openssh-client)");
	if ((rc = signed_message(&msg, g->head, g->chain_id)) < 0)
		return rc;
	data[0] = sig[0] = '\0';
	if (rcb_prog_temp(data, sizeof data, "msg", msg.ptr, msg.len) == 0 &&
	    rcb_prog_temp(sig, sizeof sig, "sig", g->signature, strlen(g->signature)) == 0) {
		char *const argv[] = {prog, "-Y", "verify", "-f", (char *)allowed, "-I", (char *)g->principal,
				      "-n", NAMESPACE, "-s", sig, NULL};
		status = rcb_prog_run(argv, data, 1, &out, SSH_TIMEOUT_MS);
	}
	if (status == 0)
		rc = 0;
	else if (!data[0] || !sig[0])
		rc = rcb_error_set(RCB_EIO, "cannot write temporary files to check a signature");
	else
		rc = rcb_error_set(RCB_EREFUSED, "signature %lld by %.100s of entry %lld does not verify: %.200s",
				   (long long)g->id, g->principal, (long long)g->chain_id,
				   out.len ? rcb_buf_cstr(&out) : "(no message)");
	if (data[0])
		unlink(data);
	if (sig[0])
		unlink(sig);
	rcb_buf_free(&msg);
	rcb_buf_free(&out);
	return rc;
}
