#!/bin/sh
# sign.sh: chain heads signed with an SSH key (issue 13): `rcb audit sign`
# with a real ed25519 key made by ssh-keygen, `rcb audit verify
# --allowed-signers` with a real allowed-signers file; a signature edited,
# a key not allowed, a head no longer in the chain, a broken record.
. "$(dirname "$0")/../lib.sh"
t_need ssh-keygen
t_setup

rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq release add DIP 1.0.0.0 --type major --title "First"
rcbq decide DIP@1.0.0.0 no-go --rationale "tests failing"
ssh-keygen -q -t ed25519 -N '' -C chair -f "$T/chair" </dev/null
ssh-keygen -q -t ed25519 -N '' -C other -f "$T/other" </dev/null
printf 'ann namespaces="rcb-audit" %s\n' "$(cat "$T/chair.pub")" >"$T/allowed"
printf 'ann namespaces="rcb-audit" %s\n' "$(cat "$T/other.pub")" >"$T/allowed-other"

run rcb audit verify --allowed-signers "$T/allowed"
is "$rc" 2 "nothing signed yet: verify --allowed-signers says so"
run rcb audit sign --key "$T/chair" --principal ann
is "$rc" 0 "audit sign signs the head with the chair's SSH key"
like "$out" "signature 1: the chain head is signed by ann" "... saying who signed"
head=$(sql "$DB" "SELECT hash FROM chain ORDER BY id DESC LIMIT 1")
is "$(sql "$DB" "SELECT head || ' ' || principal FROM chain_signature")" "$head ann" "the head and the principal are stored"
like "$(sql "$DB" "SELECT signature FROM chain_signature")" "BEGIN SSH SIGNATURE" "... with the armoured signature"
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'audit.sign'")" 1 "signing is audited"
run rcb audit verify --allowed-signers "$T/allowed"
is "$rc" 0 "the signature verifies against the allowed signers"
like "$out" "signatures: 1 of 1 verify" "... saying how many"
run rcb audit verify --allowed-signers "$T/allowed-other"
is "$rc" 1 "a signature by a key the allowed-signers file does not list fails"
like "$err" "signature 1 by ann of entry [0-9]+ does not verify" "... naming it"
run rcb audit verify --allowed-signers "$T/missing"
is "$rc" 2 "an unreadable allowed-signers file is an error"

rcbq decide DIP@1.0.0.0 deferred --rationale "wait"
run rcb audit sign --key "$T/chair" --principal ann
is "$rc" 0 "a later head is signed too"
run rcb audit verify --allowed-signers "$T/allowed"
is "$rc" 0 "both verify"

# The minutes of a closed meeting whose close head is signed say who signed.
rcbq meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Smith"
rcbq meeting close 1
rcbq audit sign --key "$T/chair" --principal ann
run rcb minutes 1
like "$out" "Signed by ann at 2024-03-12T10:00:00Z \(SSH, namespace rcb-audit" "the minutes print who signed the head at the close"

# An edited signature (the insert-only trigger dropped and put back).
cp "$DB" "$T/edited.db"
behind "$T/edited.db" "UPDATE chain_signature SET principal = 'bob' WHERE id = 1"
printf 'bob namespaces="rcb-audit" %s\n' "$(cat "$T/other.pub")" >>"$T/allowed"
run rcb --db "$T/edited.db" audit verify --allowed-signers "$T/allowed"
is "$rc" 1 "a signature moved to another principal fails"

# The whole chain rewritten: the signed head is gone from it.
cp "$DB" "$T/rewritten.db"
behind "$T/rewritten.db" "UPDATE decision SET rationale = 'all fine' WHERE id = 1"
python3 "$ROOT/tests/cli/tools/rechain.py" "$T/rewritten.db"
run rcb --db "$T/rewritten.db" audit verify
is "$rc" 0 "a recomputed chain verifies on its own"
run rcb --db "$T/rewritten.db" audit verify --allowed-signers "$T/allowed"
is "$rc" 1 "... but its signed heads are no longer in it"
like "$err" "no longer carries the signed head" "... saying so"

# A record that fails its audit is never signed.
cp "$DB" "$T/broken.db"
sql "$T/broken.db" "INSERT INTO decision(release_id, outcome, who, at) VALUES (1, 'go', 'mallory', 'now')" >/dev/null 2>&1 || true
run rcb --db "$T/broken.db" audit sign --key "$T/chair" --principal ann
is "$rc" 1 "a broken record is not signed"
like "$err" "the record fails its audit, so its head is not signed" "... saying why"
run rcb audit sign --key "$T/nokey" --principal ann
is "$rc" 2 "a missing key is an error"
run rcb audit sign --key "$T/chair" --principal "a b"
is "$rc" 2 "a principal with a space is refused"
t_done
