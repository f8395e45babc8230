#!/bin/sh
# verify_many_cli.sh LIST: the git CLI baseline of `rcb verify --meeting`:
# bench/pipeline.sh (rev-parse, cat-file, ls-tree -r, log A..B) for each
# line "GIT_DIR PREV_TAG TAG" of LIST, one after the other, as a release
# manager's loop would.  Exit 1 when one fails.
set -u
here=$(cd "$(dirname "$0")" && pwd)
while read -r dir prev tag; do
	sh "$here/pipeline.sh" "$dir" "$prev" "$tag" || exit 1
done <"$1"
exit 0
