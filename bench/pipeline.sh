#!/bin/sh
# pipeline.sh GIT_DIR PREV_TAG TAG [EMERGENCY_TAG ...]
#
# The git commands a release manager would type to do by hand what
# `rcb verify` does for one release -- the baseline `make bench` compares
# rcb with (issue 9, ../shared/perf/verify-baseline.md):
#   tag-commit    git rev-parse TAG^{commit}
#   tag-exists    git cat-file -p TAG            (tagger, message, signature)
#   bom           git ls-tree -r TAG             (every path and blob id)
#   defects       git log --format=%B PREV..TAG  (every message in the range)
#   merge-back    git merge-base --is-ancestor E TAG, for each emergency tag
# Output goes to /dev/null except a count of paths, so that the work is the
# commands' own.  Exit 0; 1 when a command fails (not an ancestor is not a
# failure).
set -u
GIT_DIR=$1
export GIT_DIR
prev=$2
tag=$3
shift 3
git rev-parse --verify -q "$tag^{commit}" >/dev/null || exit 1
git cat-file -p "$tag" >/dev/null || exit 1
n=$(git ls-tree -r "$tag" | wc -l) || exit 1
[ "$n" -gt 0 ] || exit 1
git log --format=%B "$prev..$tag" >/dev/null || exit 1
for e in "$@"; do
	git merge-base --is-ancestor "$e" "$tag"
	[ $? -le 1 ] || exit 1
done
exit 0
