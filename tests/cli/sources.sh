#!/bin/sh
# sources.sh: components whose builds live on each party's own git server
# (issue 18; core/source.c, cli/cmd_fetch.c): rcb fetch into rcb's own bare
# mirror, tags moved or deleted at the source, verify against the mirror,
# the gate's tag-moved-source blocker -- against real servers on 127.0.0.1
# only: git daemon (git://), git http-backend behind TLS with a CA made here
# (https), file://, a server that never answers and one that goes away in
# the middle of a fetch (tests/cli/tools/gitservers.py).  Ports are chosen
# at run time; only the servers started here are stopped (trap).
# 12.9: "All builds are tagged in source control ... once a build enters
# the process it is static" -- which only the source can show.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/gitfix.sh"
t_setup
export XDG_CACHE_HOME="$T/cache" RCB_FETCH_TIMEOUT=20
TOOLS=$ROOT/tests/cli/tools
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$T" "$T.bin"
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP PIPE
NOW0=$RCB_NOW
at() { RCB_NOW=$1; shift; "$@"; RCB_NOW=$NOW0; }

# wait_port FILE: the port a server wrote once it listened (5 s at most)
wait_port() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	cat "$1" 2>/dev/null
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The party's repository (work), served bare from $SRV.
SRV=$T/srv
{ gf_release_repo "$T/work" && mkdir -p "$SRV" && git clone -q --bare "$T/work" "$SRV/dip.git"; } >"$T/.git.log" 2>&1 ||
	{ echo "not ok 1 - fixture repository"; cat "$T/.git.log"; exit 1; }
push() { gf_git "$T/work" push -q -f "$SRV/dip.git" "$@" >>"$T/.git.log" 2>&1; }

# git daemon on a loopback port
GPORT=$(free_port)
git daemon --reuseaddr --listen=127.0.0.1 --port="$GPORT" --base-path="$SRV" --export-all \
	--informative-errors "$SRV" >>"$T/.git.log" 2>&1 &
GPID=$!
PIDS="$PIDS $GPID"
i=0
until git ls-remote "git://127.0.0.1:$GPORT/dip.git" >/dev/null 2>&1 || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
URL=git://127.0.0.1:$GPORT/dip.git
PARTY="Data Integration Platform service provider"
MIRROR=""

run rcb init
run rcb component add DIP --party "$PARTY" --repo "$URL"
is "$rc" 0 "component add accepts a git:// URL as the source"
run rcb component add BAD --party "$PARTY" --repo "https://chair:s3cret@example.org/x.git"
is "$rc:$(printf %s "$err" | grep -c s3cret)" "2:0" "an URL holding a password is refused, and the password is not printed"
run rcb component add PLAIN --party "$PARTY" --repo "http://example.org/x.git"
is "$rc" 2 "plain http:// is refused (nothing proves who answers)"
run rcb component add SCP --party "$PARTY" --repo "git@example.org:party/x.git"
is "$rc" 0 "an scp-style user@host:path source is accepted"
run rcb release add DIP 1.0.1.0 --type patch --title second --tag dip-1.0.1.0
run rcb release add DIP 1.0.2.0 --type patch --title third --tag dip-1.0.2.0

# ---- first fetch
run rcb fetch DIP
is "$rc" 0 "first fetch over git:// exits 0"
like "$out" "^DIP  $URL: 5 tags \(first fetch\)" "first fetch: one line naming the component, the URL and the tags"
MIRROR=$(ls -d "$XDG_CACHE_HOME"/rcb/repos/dip-*.git 2>/dev/null | head -1)
is "$(stat -c %a "$XDG_CACHE_HOME/rcb" "$XDG_CACHE_HOME/rcb/repos" "$MIRROR" 2>/dev/null | tr '\n' ' ')" "700 700 700 " \
	"the cache directory and the mirror are created 0700"
is "$(git -C "$MIRROR" rev-parse --is-bare-repository 2>&1)" true "the mirror is a bare repository, never a working tree"
is "$(git -C "$MIRROR" rev-parse dip-1.0.2.0^{commit})" "$(gf_rev "$T/work" dip-1.0.2.0^{commit})" "the mirror holds the source's tags"
run rcb component list
like "$out" "DIP .*$URL  \(fetched $NOW0\)" "component list shows the source and its last fetch"
like "$out" "SCP .*\(never fetched\)" "component list shows a remote source never fetched"
run rcb component set SCP repo ""

# ---- incremental fetch: a new tag
gf_commit "$T/work" "DIP-14: a new feature" app/new.c="new" >>"$T/.git.log" 2>&1
gf_atag "$T/work" dip-1.0.3.0 "Release 1.0.3.0" >>"$T/.git.log" 2>&1
push main --tags
run rcb fetch DIP
is "$rc" 0 "incremental fetch exits 0"
like "$out" "^DIP  .*6 tags, 1 new, 0 moved or deleted" "incremental fetch counts the new tag"
like "$out" "new tag dip-1.0.3.0 at $(gf_rev "$T/work" dip-1.0.3.0^{commit} | cut -c1-12)" "the new tag is named with its commit"

# ---- verify reads the mirror and says which URL, fetched when
at 2024-03-12T10:05:00Z run rcb verify DIP@1.0.2.0
like "$out" "^source: $URL, fetched $NOW0 \(5 min ago\)" "verify names the URL and when it was fetched"
isnt "$rc" 2 "verify of a remote component reads the mirror"
before=$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'source.fetch'")
at 2024-03-12T10:20:00Z run rcb verify DIP@1.0.2.0
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'source.fetch'")" $((before + 1)) \
	"verify fetches first when the mirror is older than 10 minutes"
like "$out" "fetched 2024-03-12T10:20:00Z" "... and says so"
at 2024-03-12T11:20:00Z run rcb verify DIP@1.0.2.0 --offline
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'source.fetch'")" $((before + 1)) "verify --offline never fetches"
like "$out" "fetched 2024-03-12T10:20:00Z \(60 min ago\)" "verify --offline says how old the mirror is"
run rcb verify DIP@1.0.2.0 --fetch
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'source.fetch'")" $((before + 2)) "verify --fetch always fetches"
run rcb verify DIP@1.0.2.0 --offline
PINNED=$(gf_rev "$T/work" dip-1.0.2.0^{commit})
is "$(sql "$DB" "SELECT tag_target FROM verify_run ORDER BY id DESC LIMIT 1")" "$PINNED" "the verification pinned the tag's commit"

# ---- a tag force-moved at the server
gf_commit "$T/work" "rebuilt in place" app/main.c="int main(void) { return 7; }" >>"$T/.git.log" 2>&1
gf_git "$T/work" tag -f -a -m "Release 1.0.2.0 (rebuilt)" dip-1.0.2.0 >>"$T/.git.log" 2>&1
push main --tags
MOVED=$(gf_rev "$T/work" dip-1.0.2.0^{commit})
run rcb fetch
is "$rc" 1 "a release's tag moved at the source: fetch (all remote components) exits 1"
like "$out" "tag dip-1.0.2.0 moved: $PINNED -> $MOVED" "the move names both commits"
like "$out" "DIP@1.0.2.0: tag moved at the source" "... and the release, as 'tag moved at the source'"
is "$(sql "$DB" "SELECT old_target || ' ' || new_target FROM source_tag_move WHERE tag = 'dip-1.0.2.0'")" "$PINNED $MOVED" \
	"the move is recorded with both commits"
run rcb gate DIP@1.0.2.0
like "$out" "tag-moved-source +12.9: tag dip-1.0.2.0 moved at the source $URL" "the gate blocks the Go: tag-moved-source (12.9)"
like "$out" "tag-moved-source.*\[cannot be overridden\]" "... a hard blocker"
# evidence survives a force-push and gc at the source
gf_git "$SRV/dip.git" reflog expire --expire=now --all >/dev/null 2>&1
gf_git "$SRV/dip.git" gc -q --prune=now >/dev/null 2>&1
is "$(git -C "$MIRROR" cat-file -t "$PINNED" 2>&1):$(git -C "$MIRROR" rev-parse "refs/rcb/keep/$PINNED" 2>&1)" "commit:$PINNED" \
	"the pinned commit stays in the mirror under rcb's own ref after gc at the source"
at 2024-03-12T10:30:00Z run rcb verify DIP@1.0.2.0 --offline
is "$rc" 1 "verify against the mirror fails on the moved tag"
like "$out" "FAIL +tag-moved" "... its tag-moved check"
run rcb gate DIP@1.0.2.0
unlike "$out" "tag-moved-source" "verified again after the move: tag-moved-source gives way to the verification's own findings"
like "$out" "verify-failed" "... which fail"

# ---- a tag deleted at the server
gf_git "$SRV/dip.git" tag -d dip-1.0.1.0 >/dev/null 2>&1
run rcb fetch DIP
is "$rc" 1 "a release's tag deleted at the source: exit 1"
like "$out" "tag dip-1.0.1.0 deleted \(it pointed at $(gf_rev "$T/work" dip-1.0.1.0^{commit})\)" "the deletion names the old commit"
is "$(git -C "$MIRROR" tag -l dip-1.0.1.0)" "" "the mirror drops the deleted tag"

# ---- history rewritten at the server
OLDMAIN=$(gf_rev "$T/work" main)
gf_git "$T/work" checkout -q --orphan rewritten >>"$T/.git.log" 2>&1
gf_commit "$T/work" "history rewritten" app/main.c="rewritten" >>"$T/.git.log" 2>&1
push rewritten:main
run rcb fetch DIP
is "$rc" 0 "history rewritten at the server: the fetch takes it (tags unchanged: exit 0)"
is "$(git -C "$MIRROR" rev-parse main)" "$(gf_rev "$T/work" rewritten)" "the mirror's branch follows the rewrite"
is "$(git -C "$MIRROR" cat-file -t "$PINNED")" commit "the commits of the old history a tag pointed at stay"

# ---- a server that accepts and never answers; one unreachable
: >"$T/silent.port"; rm -f "$T/silent.port"
python3 "$TOOLS/gitservers.py" silent "$T/silent.port" &
PIDS="$PIDS $!"
SPORT=$(wait_port "$T/silent.port")
run rcb component add HANG --party "$PARTY" --repo "git://127.0.0.1:$SPORT/dip.git"
t0=$(date +%s)
run rcb fetch HANG --timeout 2
t1=$(date +%s)
is "$rc" 2 "a server that never answers: exit 2"
like "$err" "did not answer within 2 s" "... after the time limit, which the message names"
is "$([ $((t1 - t0)) -lt 10 ] && echo fast)" fast "... and rcb does not wait longer"
DEAD=$(free_port)
run rcb component set SCP repo "git://127.0.0.1:$DEAD/dip.git"
run rcb fetch SCP
is "$rc" 2 "an unreachable source: exit 2"
like "$err" "fetch SCP: git://127.0.0.1:$DEAD/dip.git: cannot connect" "... with a message naming the URL"

# ---- unreachable: verify uses the mirror and says how old it is
kill "$GPID" 2>/dev/null; wait "$GPID" 2>/dev/null
at 2024-03-12T12:00:00Z run rcb verify DIP@1.0.1.0
like "$err" "rcb: fetch DIP: $URL" "verify with the server gone: the failed fetch is reported"
like "$out" "source: $URL, fetched $NOW0 \(2 h ago\); the last fetch failed" "... and the mirror is used, its age said"
isnt "$rc" 2 "... and the verification still runs"

# ---- a server that goes away in the middle of a fetch: mirror unchanged
GPORT2=$(free_port)
git daemon --reuseaddr --listen=127.0.0.1 --port="$GPORT2" --base-path="$SRV" --export-all "$SRV" >>"$T/.git.log" 2>&1 &
PIDS="$PIDS $!"
i=0
until git ls-remote "git://127.0.0.1:$GPORT2/dip.git" >/dev/null 2>&1 || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
python3 -c 'import os; open(os.sys.argv[1], "wb").write(os.urandom(400000))' "$T/work/big.bin"
gf_git "$T/work" add big.bin >>"$T/.git.log" 2>&1
gf_commit "$T/work" "a large build artefact" big.txt="big" >>"$T/.git.log" 2>&1
gf_atag "$T/work" dip-1.0.4.0 "Release 1.0.4.0" >>"$T/.git.log" 2>&1
push rewritten:main --tags
python3 "$TOOLS/gitservers.py" cut "$T/cut.port" "$GPORT2" 20000 &
PIDS="$PIDS $!"
CPORT=$(wait_port "$T/cut.port")
run rcb component set DIP repo "git://127.0.0.1:$CPORT/dip.git"
refs_before=$(git -C "$MIRROR" show-ref | sha256sum)
run rcb fetch DIP
is "$rc" 2 "a server that goes away mid-fetch: exit 2"
like "$err" "fetch DIP: git://127.0.0.1:$CPORT/dip.git: " "... naming the URL"
like "$err" "the mirror is unchanged" "... saying the mirror is unchanged"
is "$(git -C "$MIRROR" show-ref | sha256sum)" "$refs_before" "... and its refs are as they were"
run rcb component set DIP repo "$URL"
run rcb verify DIP@1.0.2.0 --offline
is "$rc:$(printf %s "$out" | grep -c '^source:')" "1:1" "... and usable: verify --offline reads it"

# ---- https: git http-backend behind TLS with a CA made here
if ! command -v openssl >/dev/null 2>&1; then
	skip "https: no openssl to make a test CA"
else
	(
		cd "$T" && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=rcb test CA" &&
			openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj "/CN=localhost" &&
			printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >srv.ext &&
			openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 2 -extfile srv.ext &&
			openssl req -newkey rsa:2048 -nodes -keyout other.key -out other.csr -subj "/CN=other.example" &&
			printf 'subjectAltName=DNS:other.example\n' >other.ext &&
			openssl x509 -req -in other.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out other.pem -days 2 -extfile other.ext
	) >"$T/.ssl.log" 2>&1
	python3 "$TOOLS/gitservers.py" https "$T/https.port" "$SRV" "$T/srv.pem" "$T/srv.key" 2>>"$T/.git.log" &
	PIDS="$PIDS $!"
	python3 "$TOOLS/gitservers.py" https "$T/other.port" "$SRV" "$T/other.pem" "$T/other.key" 2>>"$T/.git.log" &
	PIDS="$PIDS $!"
	HPORT=$(wait_port "$T/https.port")
	OPORT=$(wait_port "$T/other.port")
	HURL=https://localhost:$HPORT/dip.git
	run rcb component add WEB --party "$PARTY" --repo "$HURL"
	run rcb fetch WEB
	is "$rc" 2 "https: a certificate from a CA outside the system store is refused"
	like "$err" "certificate of localhost is not trusted" "... saying so"
	run rcb fetch WEB --ca-file "$T/ca.pem"
	is "$rc" 0 "https: first fetch with the private CA given by --ca-file"
	like "$out" "^WEB  $HURL: 7 tags \(first fetch\)" "... takes the tags"
	# With no ca-file the CA store is loaded when the https fetch needs it
	# (the worker starts libgit2 without it: worker.c, Lazy TLS); until it
	# was, nothing was trusted, not even the system's CAs.  The store
	# OpenSSL names ($SSL_CERT_FILE) stands in for the system's here.
	run rcb component add WEBSYS --party "$PARTY" --repo "$HURL"
	SSL_CERT_FILE=$T/ca.pem
	export SSL_CERT_FILE
	run rcb fetch WEBSYS
	unset SSL_CERT_FILE
	is "$rc" 0 "https: with no ca-file, the CA store is loaded for the fetch (SSL_CERT_FILE as OpenSSL reads it)"
	like "$out" "^WEBSYS  $HURL: 7 tags \(first fetch\)" "... and trusted: it takes the tags"
	run rcb component set WEB ca-file "$T/ca.pem"
	push rewritten:main
	gf_atag "$T/work" dip-1.0.5.0 "Release 1.0.5.0" >>"$T/.git.log" 2>&1
	push --tags
	run rcb fetch WEB
	is "$rc" 0 "https: incremental fetch with the component's ca-file"
	like "$out" "new tag dip-1.0.5.0" "... sees the new tag"
	# Basic authentication: the password only in a file the user names
	python3 "$TOOLS/gitservers.py" https "$T/auth.port" "$SRV" "$T/srv.pem" "$T/srv.key" "chair:pw-XYZZY-secret" 2>>"$T/.git.log" &
	PIDS="$PIDS $!"
	APORT=$(wait_port "$T/auth.port")
	run rcb component add AUTH --party "$PARTY" --repo "https://chair@localhost:$APORT/dip.git"
	run rcb component set AUTH ca-file "$T/ca.pem"
	run rcb fetch AUTH
	is "$rc" 2 "https with authentication and no credential file: refused"
	like "$err" "asks for credentials: name a credential file" "... saying how to give them"
	printf 'chair:wrong\n' >"$T/cred-wrong"
	run rcb component set AUTH credential-file "$T/cred-wrong"
	run rcb fetch AUTH
	like "$rc:$err" "^2:.*refused the credentials of the component's credential-file" "wrong credentials: refused, exit 2"
	printf 'chair:pw-XYZZY-secret\n' >"$T/cred"
	chmod 600 "$T/cred"
	run rcb component set AUTH credential-file "$T/cred"
	run rcb fetch AUTH
	is "$rc" 0 "https: credentials from the credential file the user named"
	is "$(printf %s "$out$err" | grep -c XYZZY):$(sql "$DB" "SELECT count(*) FROM audit WHERE detail LIKE '%XYZZY%'"):$(cat "$DB"* | grep -ac XYZZY)" \
		"0:0:0" "the password is not printed, not in the audit log, not in the database file"
	# Kerberos (Negotiate): rcb gives libgit2 no default credentials, so it
	# never signs on with GSSAPI; the statically linked rcb does not even
	# load the library (core/gsslazy.c: only a GSSAPI call would)
	python3 "$TOOLS/gitservers.py" https "$T/neg.port" "$SRV" "$T/srv.pem" "$T/srv.key" negotiate 2>>"$T/.git.log" &
	PIDS="$PIDS $!"
	NPORT=$(wait_port "$T/neg.port")
	run rcb component add NEG --party "$PARTY" --repo "https://localhost:$NPORT/dip.git"
	run rcb component set NEG ca-file "$T/ca.pem"
	LD_DEBUG=files
	export LD_DEBUG
	run rcb fetch NEG
	unset LD_DEBUG
	is "$rc" 2 "https asking for Kerberos (Negotiate): refused, exit 2"
	like "$err" "asks for credentials: name a credential file" "... saying how to give credentials"
	if ldd "$RCB_BIN" 2>/dev/null | grep -Eq 'libgit2|libgssapi_krb5'; then
		skip "rcb is linked with the shared libgit2 or GSSAPI (no krb5-gssapi header): it loads GSSAPI at start"
	else
		unlike "$err" "libgssapi_krb5" "... and GSSAPI is never loaded, in rcb or its worker"
		like "$err" "file=libc.so" "... (the loader did list what it loaded)"
	fi
	run rcb component add WRONG --party "$PARTY" --repo "https://localhost:$OPORT/dip.git"
	run rcb component set WRONG ca-file "$T/ca.pem"
	run rcb fetch WRONG
	is "$rc" 2 "https: a certificate for another name (other.example) is refused, even from a trusted CA"
fi

# ---- ssh: sshd on a loopback port with a host key and a user key made here
ssh_why=""
[ -x /usr/sbin/sshd ] || ssh_why="no /usr/sbin/sshd (openssh-server)"
[ -z "$ssh_why" ] && [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ] && ssh_why="sshd as root needs /run/sshd (made when the ssh service starts)"
if [ -n "$ssh_why" ]; then
	skip "ssh: $ssh_why"
else
	mkdir -p "$T/ssh" "$HOME/.ssh" && chmod 700 "$HOME/.ssh"
	ssh-keygen -q -t ed25519 -N "" -C "rcb test host" -f "$T/ssh/host_key" </dev/null
	ssh-keygen -q -t ed25519 -N "" -C "rcb test user" -f "$HOME/.ssh/id_ed25519" </dev/null
	cp "$HOME/.ssh/id_ed25519.pub" "$T/ssh/authorized_keys"
	SSHPORT=$(free_port)
	cat >"$T/ssh/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $SSHPORT
HostKey $T/ssh/host_key
AuthorizedKeysFile $T/ssh/authorized_keys
PidFile $T/ssh/sshd.pid
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
EOF
	/usr/sbin/sshd -D -e -f "$T/ssh/sshd_config" 2>"$T/ssh/log" &
	PIDS="$PIDS $!"
	i=0
	until grep -q "Server listening" "$T/ssh/log" 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
	SURL="ssh://$(id -un)@127.0.0.1:$SSHPORT$SRV/dip.git"
	run rcb component add SSH --party "$PARTY" --repo "$SURL"
	unset SSH_AUTH_SOCK
	run rcb fetch SSH
	FP=$(ssh-keygen -lf "$T/ssh/host_key.pub" | awk '{print $2}')
	is "$rc" 2 "ssh: an unknown host key is refused"
	is "$(printf %s "$err" | grep -cF "ssh host key of 127.0.0.1 is not in ~/.ssh/known_hosts ($FP): refused")" 1 \
		"... with the fingerprint to check and add"
	is "$(sql "$DB" "SELECT count(*) FROM source_tag WHERE component_id = (SELECT id FROM component WHERE name = 'SSH')")" 0 \
		"... and nothing is recorded"
	echo "[127.0.0.1]:$SSHPORT $(cat "$T/ssh/host_key.pub")" >"$HOME/.ssh/known_hosts"
	run rcb fetch SSH
	is "$rc" 0 "ssh: first fetch with the host key known and the user's key file"
	like "$out" "^SSH  $SURL: [0-9]+ tags \(first fetch\)" "... takes the tags"
	gf_git "$SRV/dip.git" tag -f dip-1.0.3.0 dip-1.0.0.0 >/dev/null 2>&1
	run rcb fetch SSH
	is "$rc" 0 "ssh: incremental fetch (a moved tag of no release: exit 0)"
	like "$out" "tag dip-1.0.3.0 moved: " "... reports the tag moved at the server"
	echo "[127.0.0.1]:$SSHPORT $(cat "$T/ssh/authorized_keys")" >"$HOME/.ssh/known_hosts"
	run rcb fetch SSH
	is "$rc" 2 "ssh: a host key other than the one known is refused"
fi

# ---- rcb check warns about mirrors older than a day
at 2024-03-14T10:00:00Z run rcb check
like "$out" "mirrors: warning: DIP \($URL\) was last fetched .*, .* ago" "rcb check warns about a mirror over a day old"
is "$rc" 0 "... a warning, not a problem"
# issue 18: the environment matrix warns too, asking the same rule (rcb_source_mirror_old)
at 2024-03-14T10:00:00Z run rcb env
like "$out" "warning: the mirror of DIP \($URL\) was last fetched .* ago: rcb fetch DIP" \
	"the environment matrix warns about a mirror over a day old"
fetched=$(sql "$DB" "SELECT s.fetched_at FROM source s JOIN component c ON c.id = s.component_id WHERE c.name = 'DIP'")
at "$fetched" run rcb env
hasnt_old=$(printf '%s\n' "$out" | grep -c 'warning: the mirror of DIP')
is "$hasnt_old" 0 "... and not about one fetched the same moment"
at "$fetched" run rcb check
hasnt_old=$(printf '%s\n' "$out" | grep -c 'mirrors: warning: DIP ')
is "$hasnt_old" 0 "rcb check: a mirror fetched the same moment is not old"
no_secret=$(sql "$DB" "SELECT count(*) FROM audit WHERE detail LIKE '%s3cret%'")
is "$no_secret" 0 "no secret reached the database"
t_done
