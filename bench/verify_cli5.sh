#!/bin/sh
# verify_cli5.sh GIT_DIR PREV_TAG TAG [EMERGENCY_TAG]
#
# The five reads of issue 17's measurement, one git process each: what the
# git CLI does for one release with a single ancestry check --
#   git rev-parse TAG^{commit}; git cat-file -p TAG; git ls-tree -r TAG;
#   git log --format=%B PREV..TAG; git merge-base --is-ancestor E TAG
# (bench/pipeline.sh runs one merge-base per emergency tag instead).
# Output to /dev/null; exit 0, or 1 when a read fails.
set -u
GIT_DIR=$1
export GIT_DIR
git rev-parse --verify -q "$3^{commit}" >/dev/null || exit 1
git cat-file -p "$3" >/dev/null || exit 1
git ls-tree -r "$3" >/dev/null || exit 1
git log --format=%B "$2..$3" >/dev/null || exit 1
if [ $# -ge 4 ]; then
	git merge-base --is-ancestor "$4" "$3"
	[ $? -le 1 ] || exit 1
fi
exit 0
