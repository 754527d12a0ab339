#!/usr/bin/env bash
# Measures the checker against raw go test in one session, on the same (warm)
# cache state, as whole-process timings: each checker command and its baseline
# run alternately (A, B, A, B, ...) and the medians are compared. Run from
# anywhere in the repository:
#   bash checker/bench.sh [runs]
# A done verdict needs a fixed exercise: the script grades a copy of the tree
# in which exercise $done (14 unless DONE=NN) carries its reference solution.
# Targets (issue 25), as ratios to the same session's raw runs:
#   leaky verdict (check 02)          <= 0.25 x go test -count=1 -json of the package
#   done verdict with its race run    <= 1.00 x go test -count=1 -race of the package
#   grading all (check)               <= 0.12 x go test -count=1 -json ./exercises/...
set -euo pipefail
cd "$(git rev-parse --show-toplevel 2>/dev/null || dirname "$0")/"
[ -f go.mod ] || cd ..
runs=${1:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/checker
go build -o "$bin" ./checker/gohunters

leaky=$(go list ./exercises/... | sed -n 2p | sed 's#.*/exercises/##')
done_ex=$(ls exercises | grep "^${DONE:-14}_" | head -1)
# A copy with exercise $done_ex fixed (its reference solution's non-test files).
copy=$tmp/tree
mkdir -p "$copy"
tar --exclude=.git --exclude=.checker -cf - . | tar -xf - -C "$copy"
for f in solutions/"$done_ex"/*.go; do
	case $f in *_test.go) ;; *) cp "$f" "$copy/exercises/$done_ex/" ;; esac
done

# time_of CMD: wall seconds of one run of CMD (exit status ignored).
time_of() {
	local s e
	s=$(date +%s.%N)
	bash -c "$1" >/dev/null 2>&1 || true
	e=$(date +%s.%N)
	echo "$e - $s" | bc
}
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# pair NAME BASELINE CMD TARGET: alternate the two runs-times, print medians,
# the ratio and whether it meets the target.
pair() {
	local name=$1 base=$2 cmd=$3 target=$4 tb=() tc=()
	bash -c "$base" >/dev/null 2>&1 || true # warm both
	bash -c "$cmd" >/dev/null 2>&1 || true
	for _ in $(seq "$runs"); do
		tb+=("$(time_of "$base")")
		tc+=("$(time_of "$cmd")")
	done
	local mb mc r ok
	mb=$(median "${tb[@]}")
	mc=$(median "${tc[@]}")
	r=$(echo "scale=4; $mc / $mb" | bc)
	ok=$(echo "$r <= $target" | bc)
	printf '%-34s %7.3f s  raw %7.3f s  %5.2fx  (target <= %sx: %s)\n' "$name" "$mc" "$mb" "$r" "$target" \
		"$([ "$ok" = 1 ] && echo met || echo MISSED)"
}

echo "$(go version); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'); $runs paired runs"
pair "check $leaky (leaky)" "go test -count=1 -json ./exercises/$leaky/" "$bin check $leaky" 0.25
pair "check $done_ex (done, race run)" "cd $copy && go test -count=1 -race ./exercises/$done_ex/" "cd $copy && $bin check $done_ex" 1.00
pair "check (all exercises)" "go test -count=1 -json ./exercises/..." "$bin check" 0.12
pair "go run ./checker check $leaky" "go test -count=1 -json ./exercises/$leaky/" "go run ./checker check $leaky" 0.50
