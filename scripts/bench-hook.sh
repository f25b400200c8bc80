#!/usr/bin/env bash
# bench-hook.sh: what belay's shell hooks add to an ordinary command.
#
# For bash, zsh and fish, it types `printf 'ok-%s\n' N` at two interactive
# shells on pseudo-terminals, one with the hook of `belay init` and one
# without, in turn, and takes the median time from Enter to the next
# prompt in each (BenchmarkHook in internal/e2e). The difference is what
# the hook adds; the target is 5 ms or less. A second run stands
# /bin/true in for belay, to tell the hook's own share (the shell code,
# one fork and exec) from belay's, and a bare fork and exec of
# /bin/true is timed for scale: on a loaded machine everything is slower.
# A third run sets variables and aliases in both shells first and types a
# command that uses some of them (BELAY_BENCH_STATE=1): what the hook adds
# when it has session state to pass (belay hook --state).
#
# usage: scripts/bench-hook.sh [ROUNDS]    (default 200 commands a shell)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-200}

bench() {
	go test -run '^$' -bench '^BenchmarkHook$' -benchtime "${rounds}x" -count 1 ./internal/e2e/ |
		awk '/^BenchmarkHook\// {
			split($1, name, "[/-]")
			for (i = 3; i < NF; i++) m[$(i + 1)] = $i
			printf "  %-5s  %8.2f ms  %8.2f ms  %8.2f ms\n", name[2], m["on-ms"], m["off-ms"], m["added-ms"]
		}'
}

forkexec() {
	local n=500 s e
	s=$EPOCHREALTIME
	for ((i = 0; i < n; i++)); do /bin/true; done
	e=$EPOCHREALTIME
	printf '%.2f' "$(((${e/./} - ${s/./}) / n))e-3"
}

echo "belay hook overhead, median of $rounds commands per shell ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "  shell   with hook   without      added"
bench
echo
echo "the hook alone (BELAY_BIN=/bin/true):"
echo "  shell   with hook   without      added"
BELAY_BENCH_BIN=/bin/true bench
echo
echo "with session state (variables and aliases set first, the command uses some):"
echo "  shell   with hook   without      added"
BELAY_BENCH_STATE=1 bench
echo
echo "one fork and exec of /bin/true from bash: $(forkexec) ms"
