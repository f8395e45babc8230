# bench/lap.sh: where the bench's own time goes (sourced by bench/run.sh
# and bench/register_scale.sh).  lap NAME appends to $laps (default
# /dev/null) one line: NAME, the wall seconds since the previous lap (or
# since this file was sourced) and the CPU seconds (user + system) of the
# children finished meanwhile, from the shell's `times` (run in this shell:
# in a pipeline it would count a subshell's children, none).  NAME is one
# word; run.sh turns the file into the last section of results.md.
laps=${laps:-/dev/null}
lap_tmp=$(mktemp)
trap 'rm -f "$lap_tmp"' EXIT
lap_sum='NR == 2 { for (i = 1; i <= 2; i++) { split($i, t, "m"); s += t[1] * 60 + t[2] } } END { printf "%.1f", s }'
lap_wall=$(date +%s)
times >"$lap_tmp"
lap_c0=$(awk "$lap_sum" "$lap_tmp")
lap() {
	lap_now=$(date +%s)
	times >"$lap_tmp"
	lap_c=$(awk "$lap_sum" "$lap_tmp")
	lap_d=$(echo "$lap_c $lap_c0" | awk '{ printf "%.1f", $1 - $2 }')
	echo "$1 $((lap_now - lap_wall)) $lap_d" >>"$laps"
	printf 'bench: %s took %s s (CPU %s s)\n' "$1" "$((lap_now - lap_wall))" "$lap_d" >&2
	lap_wall=$lap_now lap_c0=$lap_c
}
