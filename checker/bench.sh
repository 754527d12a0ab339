#!/usr/bin/env bash
# Measures the checker against raw go test in one session, on the same (warm)
# cache state, and prints absolute times and ratios. Run from anywhere in the repo:
#   bash checker/bench.sh [runs]
# Targets (issue 6): grading all <= 1.2x raw `go test -json ./exercises/...`;
# one leaky exercise's verdict <= 0.6 s warm.
set -euo pipefail
cd "$(git rev-parse --show-toplevel 2>/dev/null || dirname "$0")/"
[ -f go.mod ] || cd ..
runs=${1:-3}
bin=$(mktemp -d)/checker
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./checker

# median wall time in seconds of running "$@" $runs times (exit status ignored)
median() {
	local ts=()
	for _ in $(seq "$runs"); do
		local s e
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1 || true
		e=$(date +%s.%N)
		ts+=("$(echo "$e - $s" | bc)")
	done
	printf '%s\n' "${ts[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}
ratio() { printf '%.2f' "$(echo "scale=4; $1 / $2" | bc)"; }

first=$(go list ./exercises/... | head -1 | sed 's#.*/exercises/##')
echo "warming the build cache…"
go test -json ./exercises/... >/dev/null 2>&1 || true
"$bin" check "$first" >/dev/null 2>&1 || true
go run ./checker help >/dev/null

raw_all=$(median go test -json ./exercises/...)
chk_all=$(median "$bin" check)
run_all=$(median go run ./checker check)
raw_one=$(median go test -json "./exercises/$first/")
chk_one=$(median "$bin" check "$first")
run_one=$(median go run ./checker check "$first")
chk_list=$(median "$bin" list)
slow_one=$(median "$bin" check --no-fast "$first")

printf '%-48s %8s %8s\n' "" "seconds" "ratio"
printf '%-48s %8.3f %8s\n' "raw: go test -json ./exercises/..." "$raw_all" "1.00"
printf '%-48s %8.3f %8s\n' "checker check (all; built binary)" "$chk_all" "$(ratio "$chk_all" "$raw_all")"
printf '%-48s %8.3f %8s\n' "go run ./checker check (all)" "$run_all" "$(ratio "$run_all" "$raw_all")"
printf '%-48s %8.3f %8s\n' "checker list (not-started ones skipped)" "$chk_list" "$(ratio "$chk_list" "$raw_all")"
printf '%-48s %8.3f %8s\n' "raw: go test -json ./exercises/$first/" "$raw_one" "1.00"
printf '%-48s %8.3f %8s\n' "checker check $first (leaky, verdict)" "$chk_one" "$(ratio "$chk_one" "$raw_one")"
printf '%-48s %8.3f %8s\n' "go run ./checker check $first" "$run_one" "$(ratio "$run_one" "$raw_one")"
printf '%-48s %8.3f %8s\n' "checker check --no-fast $first (go test -json)" "$slow_one" "$(ratio "$slow_one" "$raw_one")"
