# bench/hf.sh: the hyperfine wrapper bench/run.sh and bench/verify_run.sh
# share (sourced; they define $out and die first).
# hf NAME RUNS WARMUP CMD -> $out/NAME-rK.json (K counts calls, so a name
# measured in several rounds keeps every round's times).
hf() {
	name=$1 runs=$2 warm=$3
	shift 3
	k=0
	while [ -f "$out/$name-r$k.json" ]; do k=$((k + 1)); done
	hyperfine -N -i --style none --warmup "$warm" --runs "$runs" -n "$name" --export-json "$out/$name-r$k.json" \
		"$@" >/dev/null 2>"$out/$name-r$k.err" || { cat "$out/$name-r$k.err" >&2; die "hyperfine failed: $name"; }
}
