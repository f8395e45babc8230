# tests/gitfix.sh: build fixture git repositories for the verify tests
# (sourced).  The TESTS use the git CLI; rcb itself never runs git.
#
#   . tests/gitfix.sh
#   gf_init "$T/repo"                     # empty non-bare repository, pinned identity
#   gf_commit "$T/repo" "DIP-1: fix" a.txt=one dir/b.txt=two
#   gf_tag "$T/repo" dip-1.0.0.0           # lightweight
#   gf_atag "$T/repo" dip-1.0.0.0 "msg"    # annotated
#   gf_release_repo "$T/repo"              # the standard history (see below)
#   gf_defect_fix_repo "$T/repo"           # an import, then DEF-1's fix
#
# Every commit and tag gets a distinct pinned date (one minute apart), so
# history order and object ids are the same on every run.  Global and
# system git configuration are ignored.

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Ada Builder" GIT_AUTHOR_EMAIL="ada@example.org"
export GIT_COMMITTER_NAME="Ada Builder" GIT_COMMITTER_EMAIL="ada@example.org"
export GIT_TERMINAL_PROMPT=0
GF_CLOCK=${GF_CLOCK:-1700000000}

gf_tick() {
	GF_CLOCK=$((GF_CLOCK + 60))
	export GIT_AUTHOR_DATE="@$GF_CLOCK +0000" GIT_COMMITTER_DATE="@$GF_CLOCK +0000"
}

gf_git() { # gf_git DIR ARGS...
	local d=$1; shift
	git -C "$d" -c init.defaultBranch=main -c gc.auto=0 -c core.fsync=none -c commit.gpgsign=false \
		-c tag.gpgsign=false "$@"
}

gf_init() { # gf_init DIR [--bare]
	mkdir -p "$1"
	git -c init.defaultBranch=main init -q ${2:-} "$1"
}

# gf_commit DIR MESSAGE [PATH=CONTENT]...: write the files and commit them
# (an empty commit when no files are given).
gf_commit() {
	local d=$1 msg=$2; shift 2
	local kv p
	for kv in "$@"; do
		p=${kv%%=*}
		mkdir -p "$d/$(dirname "$p")"
		printf '%s\n' "${kv#*=}" >"$d/$p"
		gf_git "$d" add -- "$p"
	done
	gf_tick
	gf_git "$d" commit -q --allow-empty -m "$msg"
}

gf_tag() { gf_tick; gf_git "$1" tag "$2" ${3:-}; }                  # lightweight
gf_atag() { gf_tick; gf_git "$1" tag -a -m "$3" "$2" ${4:-}; }      # annotated
gf_head() { gf_git "$1" rev-parse HEAD; }
gf_rev() { gf_git "$1" rev-parse "$2"; }
gf_blob() { gf_git "$1" rev-parse "$2:$3"; }                        # gf_blob DIR REV PATH

# gf_defect_fix_repo DIR: the repository the gate tests keep every
# component in: an import, then the fix of DEF-1, the defect their notes
# list.  On failure, the test's one "not ok" and its end (log in $T/.git.log).
gf_defect_fix_repo() {
	{ gf_init "$1" && gf_commit "$1" "Initial import" app/main.c="int main(void) { return 0; }" README="rcb test" &&
		gf_commit "$1" "DEF-1: fix the blocking defect" app/main.c="int main(void) { return 1; }"; } >"$T/.git.log" 2>&1 ||
		{ echo "not ok 1 - fixture repository"; cat "$T/.git.log"; exit 1; }
}

# gf_release_repo DIR: the standard history the tests verify against.
#
#   main: c1 (1.0.0.0, tag dip-1.0.0.0 annotated)
#         -> c2 "DIP-11 ..."            (1.0.1.0 tag dip-1.0.1.0 annotated)
#   emergency branch off 1.0.1.0: e1 "DIP-20 hotfix" tag dip-1.0.1.1
#   main: merge of the emergency branch, c3 "DIP-12", c4 "DIP-13, also DIP-99"
#         tag dip-1.0.2.0 (annotated)
#   a second emergency off 1.0.1.1, never merged: e2 "DIP-21" tag dip-1.0.1.2
gf_release_repo() {
	local d=$1
	gf_init "$d"
	gf_commit "$d" "Initial import" app/main.c="int main(void) { return 0; }" README="dip" \
		conf/app.conf="level=1"
	gf_atag "$d" dip-1.0.0.0 "Release 1.0.0.0"
	gf_commit "$d" "DIP-11: handle empty files" app/main.c="int main(void) { return 1; }"
	gf_atag "$d" dip-1.0.1.0 "Release 1.0.1.0"
	gf_git "$d" checkout -q -b emergency dip-1.0.1.0
	gf_commit "$d" "DIP-20: hotfix for the blocking defect" app/fix.c="fix 1"
	gf_atag "$d" dip-1.0.1.1 "Emergency 1.0.1.1"
	gf_commit "$d" "DIP-21: second hotfix" app/fix.c="fix 2"
	gf_atag "$d" dip-1.0.1.2 "Emergency 1.0.1.2"
	gf_git "$d" checkout -q main
	gf_tick
	gf_git "$d" merge -q --no-ff -m "Merge emergency 1.0.1.1" dip-1.0.1.1
	gf_commit "$d" "DIP-12: faster start-up" app/start.c="start"
	gf_commit "$d" "DIP-13: configuration reload; see also DIP-99" conf/app.conf="level=2"
	gf_atag "$d" dip-1.0.2.0 "Release 1.0.2.0"
}
