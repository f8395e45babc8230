#!/bin/sh
# gen_repo.sh: the git repositories `make bench` verifies against, made once
# and cached under bench/work/.  Prints the directory holding them.
#
#   sh bench/gen_repo.sh            generated: ~75,000 commits, 4,500 files,
#                                   ~1,000 annotated tags (gen_stream.py)
#   BENCH_REPO=PATH BENCH_TAG=T BENCH_PREV=P [BENCH_EMERGENCY="E1 E2"] \
#   sh bench/gen_repo.sh            an existing repository instead (e.g. a
#                                   clone of git's own sources: T=v2.46.0,
#                                   P=v2.45.0, E="v2.44.0 v2.45.2 v2.45.4")
#
# The directory (bench/work/repo-KEY/, KEY = a hash of the generator's files
# and parameters, so a changed generator never reuses an old repository):
#   nocg.git   bare; packed by `git gc` (default settings); no commit-graph
#   cg.git     the same pack (hard links) plus the commit-graph `git gc`
#              wrote (generation v2, git's default since 2.36)
#   meta.sh    TAG PREV VERSION PREV_VERSION COMMIT EMERGENCY DEFECTS RANGE
#              COMMITS TAGS FILES (shell assignments)
#   note.md    the release note of TAG: every path of the tagged tree in the
#              Bill of Materials with its blob id, every DEF id of PREV..TAG
#
# For BENCH_REPO the repository is cloned locally (hard links, nothing
# written into it) and given annotated tags in rcb's shape -- rcbbench-2.0.0.0
# at BENCH_TAG, rcbbench-1.9.0.0 at BENCH_PREV, rcbbench-1.0.K.1 at each
# emergency -- because rcb verifies 4-part versions.
#
# Environment: BENCH_COMMITS (75000), BENCH_FILES (4500), BENCH_RANGE (1000),
# BENCH_SEED (20240318).  Reproducible: the same inputs give the same
# commit ids.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=${BENCH_WORK:-$here/work}
commits=${BENCH_COMMITS:-75000}
files=${BENCH_FILES:-4500}
range=${BENCH_RANGE:-1000}
seed=${BENCH_SEED:-20240318}
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
unset GIT_DIR GIT_WORK_TREE || true
mkdir -p "$work"

say() { echo "gen_repo: $*" >&2; }

if [ -n "${BENCH_REPO:-}" ]; then
	: "${BENCH_TAG:?BENCH_REPO needs BENCH_TAG}" "${BENCH_PREV:?BENCH_REPO needs BENCH_PREV}"
	src=$(cd "$BENCH_REPO" && pwd)
	key=$( (echo "$src $BENCH_TAG $BENCH_PREV ${BENCH_EMERGENCY:-}"; cat "$here/gen_repo.sh" "$here/gen_note.py") \
		| sha1sum | cut -c1-12)
else
	key=$( (echo "$commits $files $range $seed"; cat "$here/gen_repo.sh" "$here/gen_stream.py" "$here/gen_note.py") \
		| sha1sum | cut -c1-12)
fi
dir=$work/repo-$key
if [ -f "$dir/done" ]; then
	echo "$dir"
	exit 0
fi
rm -rf "$dir" "$dir.tmp"
mkdir -p "$dir.tmp"
t=$dir.tmp
start=$(date +%s)

if [ -n "${BENCH_REPO:-}" ]; then
	say "cloning $src (local, hard links)"
	git clone --bare --quiet "$src" "$t/nocg.git"
	rm -rf "$t/nocg.git/objects/info/commit-graph" "$t/nocg.git/objects/info/commit-graphs"
	tagit() { # name target message
		GIT_COMMITTER_NAME="rcb bench" GIT_COMMITTER_EMAIL=bench@example.com \
		GIT_COMMITTER_DATE="2024-03-18T10:00:00Z" \
			git -C "$t/nocg.git" tag -a -m "$3" "$1" "$2^{commit}"
	}
	tagit rcbbench-2.0.0.0 "$BENCH_TAG" "bench release 2.0.0.0 = $BENCH_TAG"
	tagit rcbbench-1.9.0.0 "$BENCH_PREV" "bench release 1.9.0.0 = $BENCH_PREV"
	emerg=""
	k=0
	for e in ${BENCH_EMERGENCY:-}; do
		tagit "rcbbench-1.0.$k.1" "$e" "bench emergency 1.0.$k.1 = $e"
		emerg="$emerg rcbbench-1.0.$k.1"
		k=$((k + 1))
	done
	cat >"$t/meta.sh" <<EOF
TAG=rcbbench-2.0.0.0
VERSION=2.0.0.0
PREV=rcbbench-1.9.0.0
PREV_VERSION=1.9.0.0
EMERGENCY='${emerg# }'
COMMITS=$(git -C "$t/nocg.git" rev-list --all --count)
TAGS=$(git -C "$t/nocg.git" tag | wc -l)
FILES=$(git -C "$t/nocg.git" ls-tree -r rcbbench-2.0.0.0 | wc -l)
EOF
	say "git gc (writes the commit-graph)"
	git -C "$t/nocg.git" gc --quiet
else
	say "generating $commits commits, $files files (gen_stream.py | git fast-import)"
	git init --quiet --bare "$t/nocg.git"
	python3 "$here/gen_stream.py" --commits "$commits" --files "$files" --range "$range" --seed "$seed" \
		--meta "$t/meta.sh" | git -C "$t/nocg.git" fast-import --quiet
	say "git gc (repacks, packs refs, writes the commit-graph)"
	git -C "$t/nocg.git" gc --quiet
fi

# cg.git: the gc'd repository as is; nocg.git: the same pack without graph
cp -al "$t/nocg.git" "$t/cg.git"
rm -rf "$t/nocg.git/objects/info/commit-graph" "$t/nocg.git/objects/info/commit-graphs"
[ -f "$t/cg.git/objects/info/commit-graph" ] || git -C "$t/cg.git" commit-graph write --reachable

. "$t/meta.sh"
commit=$(git -C "$t/cg.git" rev-parse "$TAG^{commit}")
defects=$(git -C "$t/cg.git" log --format=%B "$PREV..$TAG" | grep -o 'DEF-[0-9][0-9]*' | sort -u | tr '\n' ' ')
nrange=$(git -C "$t/cg.git" rev-list --count "$PREV..$TAG")
{
	grep -v '^DEFECTS=' "$t/meta.sh"
	echo "COMMIT=$commit"
	echo "DEFECTS='${defects% }'"
	echo "RANGE=$nrange"
} >"$t/meta.new"
mv "$t/meta.new" "$t/meta.sh"
git -C "$t/cg.git" ls-tree -r "$TAG" | python3 "$here/gen_note.py" release "$t/meta.sh" "$commit" >"$t/note.md"
touch "$t/done"
mv "$t" "$dir"
say "done in $(($(date +%s) - start)) s: $dir"
echo "$dir"
