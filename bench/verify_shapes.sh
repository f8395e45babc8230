# verify_shapes.sh: rcb verify at every shape against the git CLI doing the
# same reads (issue 17), sourced by bench/run.sh after its own report: it
# uses run.sh's RCB, work, out, results, R, RS, W, hf, say, die, repo and the
# repository's meta (TAG, PREV, EMERGENCY), and appends its own section to
# $results (bench/verify_report.py).
#
#   linear   the repository run.sh verifies (gen_repo.sh: ~75,000 linear
#            commits, or git's own from BENCH_REPO), a ~1,000-commit range,
#            against the five reads (bench/verify_cli5.sh: one merge-base),
#            with and without a commit-graph
#   ids      20,000 commits, a note listing 4,000 pattern IDs (DEF-n) and
#            1,000 topic names the pattern does not describe, against
#            git log --format=%B A..B | grep -o -w -F -f IDS | sort -u
#   many     20 releases over 8 repositories on a meeting's agenda:
#            rcb verify --meeting 1 against 20 git pipelines one after the
#            other (bench/verify_many_cli.sh)
#   own      only with BENCH_REPO (a clone of git's own sources: the bench
#            fetches nothing): gen_repo.sh's copy of it with rcb-shaped tags
#            at BENCH_TAG (default v2.47.0), BENCH_PREV (v2.46.0) and each
#            of BENCH_EMERGENCY (v2.45.2 v2.46.1), its release note listing
#            the whole tree; the five reads as for linear, with and without
#            a commit-graph
# Generated shapes are git fast-import streams (bench/verify_gen.py),
# cached under $work/vshapes-KEY/.  Each comparison runs in 3 alternating
# rounds; the ratio is git CLI / rcb of the medians, with the spread of the
# per-round ratios.

vs_gen=$root/bench/verify_gen.py
if [ "${BENCH_QUICK:-}" = 1 ]; then
	vs_ids_commits=2000 vs_pat=400 vs_odd=100 vs_mc=600 vs_mf=60 vs_runs=3
else
	vs_ids_commits=20000 vs_pat=4000 vs_odd=1000 vs_mc=3000 vs_mf=300 vs_runs=$R
fi
vs_key=$( (echo "$vs_ids_commits $vs_pat $vs_odd $vs_mc $vs_mf"; cat "$vs_gen" "$root/bench/gen_note.py" \
	data/migrations/*.sql) | sha1sum | cut -c1-12)
vs=$work/vshapes-$vs_key
vs_git() { git -C "$1" gc --quiet && git -C "$1" commit-graph write --reachable; }

if [ ! -f "$vs/done" ]; then
	say "verify shapes: generating (git fast-import) under ${vs#$root/}"
	rm -rf "$vs" "$vs.tmp"
	mkdir -p "$vs.tmp"
	t=$vs.tmp
	# ids: one repository, one release, a note of 4,000 + 1,000 IDs
	git init --quiet --bare "$t/ids.git"
	python3 "$vs_gen" ids --commits "$vs_ids_commits" --pattern-ids "$vs_pat" --odd-ids "$vs_odd" --prefix ids |
		git -C "$t/ids.git" fast-import --quiet
	vs_git "$t/ids.git"
	git -C "$t/ids.git" log --format=%B ids-1.0.0.0..ids-1.0.1.0 | grep -oE 'DEF-[0-9]+|topic/area-[0-9]+' |
		sort -u >"$t/ids.txt"
	git -C "$t/ids.git" ls-tree -r ids-1.0.1.0 | python3 "$vs_gen" note --component IDS --version 1.0.1.0 \
		--prev 1.0.0.0 --tag ids-1.0.1.0 --ids "$t/ids.txt" >"$t/ids.md"
	# many: 8 repositories, 20 releases on meeting 1's agenda
	export RCB_DB=$t/many.db RCB_USER=bench RCB_NOW=2024-03-12T10:00:00Z
	"$RCB" init >/dev/null
	"$RCB" meeting add --type "go / no-go" --date 2024-03-12 --chair Bench >/dev/null
	: >"$t/many.list"
	for k in 1 2 3 4 5 6 7 8; do
		g=$t/c$k.git
		git init --quiet --bare "$g"
		python3 "$vs_gen" linear --commits "$vs_mc" --files "$vs_mf" --prefix "c$k" \
			--tags "1.0.0.0:$((vs_mc / 6)) 1.0.1.0:$((vs_mc / 2)) 1.0.2.0:$((vs_mc * 3 / 4)) 1.0.3.0:$vs_mc" |
			git -C "$g" fast-import --quiet
		vs_git "$g"
		"$RCB" component add "C$k" --party Elexon --repo "$vs/c$k.git" >/dev/null
		"$RCB" release add "C$k" 1.0.0.0 --type major --title base --tag "c$k-1.0.0.0" >/dev/null
		prev=1.0.0.0
		vers="1.0.1.0 1.0.2.0"
		[ $k -le 4 ] && vers="$vers 1.0.3.0"
		for v in $vers; do
			git -C "$g" log --format=%B "c$k-$prev..c$k-$v" | grep -oE 'DEF-[0-9]+' | sort -u >"$t/def.txt"
			git -C "$g" ls-tree -r "c$k-$v" | python3 "$vs_gen" note --component "C$k" --version "$v" \
				--prev "$prev" --tag "c$k-$v" --ids "$t/def.txt" >"$t/c$k-$v.md"
			"$RCB" notes import "$t/c$k-$v.md" >/dev/null || die "verify shapes: note c$k-$v does not import"
			"$RCB" meeting agenda 1 add "C$k@$v" >/dev/null
			echo "$vs/c$k.git c$k-$prev c$k-$v" >>"$t/many.list"
			prev=$v
		done
	done
	unset RCB_DB RCB_USER RCB_NOW
	touch "$t/done"
	mv "$t" "$vs"
fi
vs_own=
if [ -n "${BENCH_REPO:-}" ]; then
	[ "${vs_inputs_only:-}" = 1 ] && say "verify shapes: git's own repository from BENCH_REPO=$BENCH_REPO"
	vs_own=$(BENCH_TAG=${BENCH_TAG:-v2.47.0} BENCH_PREV=${BENCH_PREV:-v2.46.0} \
		BENCH_EMERGENCY=${BENCH_EMERGENCY-v2.45.2 v2.46.1} sh bench/gen_repo.sh) ||
		die "verify shapes: BENCH_REPO=$BENCH_REPO could not be copied (bench/gen_repo.sh)"
	vs_own_e1=$(. "$vs_own/meta.sh" && echo "${EMERGENCY%% *}")
	vs_own_range=$(. "$vs_own/meta.sh" && echo "$RANGE")
fi
# run.sh sources this once with vs_inputs_only=1 among its inputs
[ "${vs_inputs_only:-}" = 1 ] && return 0

vs_out=$out/vshapes
mkdir -p "$vs_out"
e1=${EMERGENCY%% *}
vs_note=$repo/note.md

# outputs, once: what each side found (the report checks both ran)
"$RCB" verify --notes "$vs_note" --repo "$repo/cg.git" >"$vs_out/linear-cg.txt" 2>&1 || true
"$RCB" verify --notes "$vs/ids.md" --repo "$vs/ids.git" >"$vs_out/ids.txt" 2>&1 || true
sh -c "git --git-dir=$vs/ids.git log --format=%B ids-1.0.0.0..ids-1.0.1.0 | grep -o -w -F -f $vs/ids.txt | sort -u | wc -l" \
	>"$vs_out/ids-git.txt"
cp "$vs/many.db" "$vs_out/many.db"
RCB_USER=bench "$RCB" --db "$vs_out/many.db" verify --meeting 1 >"$vs_out/many.txt" 2>&1 || true
if [ -n "$vs_own" ]; then
	"$RCB" verify --notes "$vs_own/note.md" --repo "$vs_own/cg.git" >"$vs_out/own-cg.txt" 2>&1 || true
	"$RCB" verify --notes "$vs_own/note.md" --repo "$vs_own/nocg.git" >"$vs_out/own-nocg.txt" 2>&1 || true
fi

say "verify shapes: linear ($RANGE commits), ids ($vs_pat + $vs_odd IDs over $vs_ids_commits commits), 20 releases over 8 repositories"
for round in 1 2 3; do
	hf vs-linear-cg-rcb "$vs_runs" "$W" "$RCB verify --notes $vs_note --repo $repo/cg.git"
	hf vs-linear-cg-git "$vs_runs" "$W" "sh bench/verify_cli5.sh $repo/cg.git $PREV $TAG $e1"
	hf vs-linear-nocg-rcb "$RS" 1 "$RCB verify --notes $vs_note --repo $repo/nocg.git"
	hf vs-linear-nocg-git "$RS" 1 "sh bench/verify_cli5.sh $repo/nocg.git $PREV $TAG $e1"
	hf vs-ids-rcb "$RS" 1 "$RCB verify --notes $vs/ids.md --repo $vs/ids.git"
	hf vs-ids-git "$RS" 1 "sh -c 'git --git-dir=$vs/ids.git log --format=%B ids-1.0.0.0..ids-1.0.1.0 | grep -o -w -F -f $vs/ids.txt | sort -u >/dev/null'"
	# a fast command on both sides (~60 and ~300 ms): the fast commands' runs and warm-up
	(export RCB_USER=bench; hf vs-many-rcb "$vs_runs" "$W" "$RCB --db $vs_out/many.db verify --meeting 1")
	hf vs-many-git "$vs_runs" "$W" "sh bench/verify_many_cli.sh $vs/many.list"
	if [ -n "$vs_own" ]; then
		for g in cg nocg; do
			hf vs-own-$g-rcb "$vs_runs" "$W" "$RCB verify --notes $vs_own/note.md --repo $vs_own/$g.git"
			hf vs-own-$g-git "$vs_runs" "$W" \
				"sh bench/verify_cli5.sh $vs_own/$g.git rcbbench-1.9.0.0 rcbbench-2.0.0.0 $vs_own_e1"
		done
	fi
done
rm -f "$vs_out/many.db"*
python3 bench/verify_report.py --out "$out" --results "$results" --bench-repo "${BENCH_REPO:-}" \
	--own-range "${vs_own_range:-}" --own-tags "${BENCH_PREV:-v2.46.0}..${BENCH_TAG:-v2.47.0}" \
	--range "$RANGE" --ids "$vs_pat+$vs_odd" --ids-commits "$vs_ids_commits"
