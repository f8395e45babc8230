/* sign.h: chain heads signed with the chair's SSH key (issue 13).
 *
 * `rcb audit sign` signs the current head of a verified chain with
 * `ssh-keygen -Y sign` (namespace "rcb-audit", as git signs commits) and
 * stores the signature (table chain_signature, 008_evidence.sql); `rcb
 * audit verify --allowed-signers FILE` checks every stored signature with
 * `ssh-keygen -Y verify` against an allowed-signers file the board keeps
 * outside the database.  A signed head pins the record up to it the way a
 * distributed one does, and says who vouched for it.
 *
 * The signed message is one line, "rcb-audit chain head HASH entry ID\n". */
#ifndef RCB_SIGN_H
#define RCB_SIGN_H

#include <stdint.h>

#include "store.h"

typedef struct {
	int64_t id;
	int64_t chain_id;        /* the entry signed */
	const char *head;        /* its hash, as signed */
	const char *principal;   /* the allowed-signers identity */
	const char *signature;   /* armoured SSH signature */
	const char *at;
} rcb_chain_sig;

/* Sign the head of the chain (verified first: a broken record is never
 * signed) with the SSH private key at key_path as principal (1..100 bytes,
 * no spaces or control characters) -- one user action, audited.  *id_out
 * may be NULL.  RCB_EREFUSED when the chain fails its audit or is empty,
 * RCB_EIO when ssh-keygen is missing or fails (its message is included). */
int rcb_chain_sign(rcb_store *st, const char *key_path, const char *principal, int64_t *id_out);

/* Every stored signature, oldest first (borrowed strings). */
int rcb_chain_sig_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_chain_sig *s), void *ctx);

/* Check one signature against allowed_signers: the signed entry must still
 * carry that head, and ssh-keygen must accept the signature for the
 * principal.  0 good; RCB_EREFUSED with why; RCB_EIO when ssh-keygen
 * cannot be run. */
int rcb_chain_sig_check(rcb_store *st, const rcb_chain_sig *s, const char *allowed_signers);

#endif
