# belay: the bash hook. Load it from ~/.bashrc with
#
#     eval "$(belay init bash)"
#
# Enter (C-m and C-j, in the emacs, vi-insert and vi-command keymaps) is a
# macro of two private keys. The first runs __belay_bash_enter with
# bind -x, which sees the whole buffer in READLINE_LINE and hands it to
# belay; the second is rebound by that function before it is read:
# accept-line when belay exits 0, nothing otherwise, so that a blocked
# line stays in the buffer and does not run. An unfinished line
# (open quote, for loop, heredoc, trailing backslash) gets a newline and
# the next lines join it: the whole command is checked once. A line with
# history expansion (!!) is expanded in place first, then checked. C-o
# (operate-and-get-next) goes through the same check. Only lines read at
# the prompt are checked, not those read by `read -e`.
#
# BELAY_BIN names another belay binary; BELAY_HOOK_TIMEOUT is how many
# seconds belay may take to judge a line (default 2) before it asks
# instead. What the hook does with each answer of belay is told in the
# shellhooks package (shellhooks.go) and the README.

if [[ $- == *i* ]] && ((BASH_VERSINFO[0] >= 5 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 4))); then

__belay_default_bin='@BELAY_BIN@'

# __belay_busy is 1 from the moment a line is accepted until the next
# prompt: readline called meanwhile is `read -e`, not a command line.
__belay_busy=0

# belay bounds its own time (BELAY_HOOK_TIMEOUT, a watchdog inside it).
# timeout(1) around it as well costs one more process per Enter (about
# 0.7 ms), so it is used only on request, BELAY_HOOK_HARD_TIMEOUT=1: for a
# belay binary that might hang before its watchdog starts.
__belay_timeout=0
if [[ ${BELAY_HOOK_HARD_TIMEOUT-} == 1 ]] && command timeout --foreground --preserve-status 5 true >/dev/null 2>&1; then
	__belay_timeout=1
fi

# __belay_record OUTCOME REASON LINE records a line belay did not judge
# (it ran unchecked, or was kept off because belay failed): belay itself
# could not, so the hook does, as one JSON line of belay's decision log,
# through syslog (logger, facility auth, tag belay) and in the log file:
# BELAY_AUDIT_FILE, else the user's $XDG_STATE_HOME/belay/audit.jsonl
# (root's: /var/log/belay/audit.jsonl, never a home directory).
# BELAY_AUDIT_SYSLOG=off leaves syslog out. Run it in the background.
__belay_record() {
	local LC_ALL=C keep='[^A-Za-z0-9 ._:()/+=-]'
	local line=$3 cut= b64 short now host tty file reason=${2//$keep/} rec
	if ((${#line} > 2048)); then
		cut=",\"line_bytes\":${#line}"
		line=${line:0:2048}
	fi
	b64=$(printf %s "$line" | command base64 -w0) || return 0
	short=$(printf %s "${line:0:512}" | command base64 -w0) || return 0
	now=$(command date -u +%Y-%m-%dT%H:%M:%SZ) || return 0
	host=${HOSTNAME//$keep/}
	tty=$(command tty 2>/dev/null) || tty=
	tty=${tty//$keep/}
	rec="{\"time\":\"$now\",\"host\":\"$host\",\"user\":{\"uid\":$EUID},\"tty\":\"$tty\",\"shell\":\"bash\",\"line\":\"\",\"line_base64\":\"%s\"$cut,\"decision\":\"unchecked\",\"outcome\":\"$1\",\"reason\":\"$reason\",\"pid\":$$}"
	case ${BELAY_AUDIT_SYSLOG-} in
	off | 0 | false | no) ;;
	*) command logger -t belay -p auth.warning -- "$(printf "$rec" "$short")" ;;
	esac
	file=${BELAY_AUDIT_FILE-}
	if [[ -z $file ]] && ((EUID == 0)); then
		[[ -d /var/log/belay && ! -L /var/log/belay ]] && file=/var/log/belay/audit.jsonl
	elif [[ -z $file ]]; then
		file=${XDG_STATE_HOME:-$HOME/.local/state}/belay/audit.jsonl
		command mkdir -p -m 700 -- "${file%/*}" || return 0
	fi
	[[ -n $file && ! -L $file && (! -e $file || -f $file) ]] || return 0
	# Never glue a record to a torn one.
	[[ -s $file && -n $(command tail -c 1 -- "$file") ]] && rec=$'\n'$rec
	printf "$rec\n" "$b64" >>"$file"
}

# __belay_unchecked REASON LINE says, once, that LINE runs unchecked, and
# records it.
__belay_unchecked() {
	printf 'belay: warning: guard unavailable (%s); running unchecked\n' "$1" >&2
	(__belay_record fallback "$1" "$2" </dev/null >/dev/null 2>&1 &)
}

# __belay_failed REASON LINE says that LINE is kept off because belay
# failed, and records it.
__belay_failed() {
	printf 'belay: error: %s: the line was not run\n' "$1" >&2
	printf 'belay: hint: fix or reinstall belay; to switch the hook off in this shell: __belay_off\n' >&2
	(__belay_record "not run" "$1" "$2" </dev/null >/dev/null 2>&1 &)
}

# __belay_off switches the hook off in this shell, and records that; a new
# shell has it again. The hook lets this one line through unasked, so
# that a broken belay cannot lock anyone out of their shell.
__belay_off() {
	local map
	for map in emacs vi-insert vi-command; do
		builtin bind -m "$map" '"\C-m": accept-line'
		builtin bind -m "$map" '"\C-j": accept-line'
	done
	builtin bind -m emacs '"\C-o": operate-and-get-next'
	printf 'belay: warning: the hook is off in this shell; a new shell has it again\n' >&2
	(__belay_record "hook off" "switched off with __belay_off" __belay_off </dev/null >/dev/null 2>&1 &)
}

# __belay_state LINE sets __belay_st to what this shell holds that LINE
# refers to, as bash definitions (belay hook --state): the variables it
# names ($NAME, ${NAME…}, ${!NAME} and the one that names), the aliases
# and functions its words name, and what those use, down to 8 levels (deeper: dropped). It
# costs no fork unless a word of the line is a function (declare -f is
# read through a command substitution). Past __belay_state_max
# characters (64 KiB at most in any encoding, well under what one
# argument may be) it is dropped, and __belay_st_dropped is 1: belay then
# takes what the line calls as unknown, and asks.
__belay_state_max=16384
__belay_state() {
	local - __belay_text=$1 __belay_more __belay_rest __belay_n __belay_t __belay_w __belay_pass IFS=$' \t\n'
	local -A __belay_seen=()
	local -a __belay_words __belay_fns
	local -i __belay_k __belay_u=0 __belay_over=0
	__belay_st= __belay_st_dropped=0
	set -f
	for __belay_pass in 1 2 3 4 5 6 7 8; do
		__belay_rest=$__belay_text __belay_k=0 __belay_more=
		while [[ $__belay_rest == *'$'* ]] && ((__belay_k++ < 256)); do
			__belay_rest=${__belay_rest#*'$'}
			# A short prefix: %% on the whole rest of a long line is quadratic.
			__belay_n=${__belay_rest:0:160}
			__belay_n=${__belay_n#'{'}
			__belay_n=${__belay_n#[#!]}
			__belay_n=${__belay_n%%[!A-Za-z0-9_]*}
			((${#__belay_n} < 128)) || { __belay_over=1; continue; }
			[[ $__belay_n == [A-Za-z_]* && $__belay_n != __belay* && -z ${__belay_seen[v$__belay_n]-} ]] || continue
			__belay_seen[v$__belay_n]=1
			# Ones whose value here is the hook's, or changes as it is read.
			case $__belay_n in
			_ | IFS | RANDOM | SRANDOM | SECONDS | EPOCH* | LINENO | BASHPID | BASH_COMMAND | BASH_REMATCH | PIPESTATUS | FUNCNAME | BASH_LINENO | BASH_SOURCE | BASH_ARG* | BASH_SUBSHELL | READLINE_* | COMP_*) continue ;;
			esac
			__belay_t=${!__belay_n@a}
			case $__belay_t in
			*[An]*) ;; # an associative array, a name reference: unknown to belay, as without state
			*a*)
				__belay_t="$__belay_n[@]"
				__belay_st+="$__belay_n=(${!__belay_t@Q})"$'\n'
				;;
			*)
				__belay_t=${!__belay_n@A}
				[[ -n $__belay_t ]] && __belay_st+=$__belay_t$'\n'
				# ${!NAME}: the variable NAME names.
				[[ $__belay_rest == '{!'* && ${!__belay_n} == [A-Za-z_]*([A-Za-z0-9_]) ]] && __belay_more+=" \$${!__belay_n}"
				;;
			esac
		done
		[[ $__belay_rest == *'$'* ]] && __belay_over=1
		# \f and x=f; $x call the function f too.
		IFS=$' \t\n;&|()<>{}`"\'$=\\'
		__belay_words=($__belay_text)
		IFS=$' \t\n'
		__belay_fns=()
		# One redirection for all the words: declare -F prints the names.
		{
			for __belay_w in "${__belay_words[@]}"; do
				[[ -z $__belay_w || $__belay_w == [-/]* || $__belay_w == *[][=/\\*?@#]* || -n ${__belay_seen[w$__belay_w]-} ]] && continue
				((__belay_u++ < 1024)) || { __belay_over=1; break; }
				__belay_seen[w$__belay_w]=1
				if [[ -n ${BASH_ALIASES[$__belay_w]+set} ]]; then
					__belay_t="$__belay_w=${BASH_ALIASES[$__belay_w]}"
					__belay_st+="alias -- ${__belay_t@Q}"$'\n'
					__belay_more+=" ${BASH_ALIASES[$__belay_w]}"
				fi
				[[ $__belay_w != __belay* ]] && builtin declare -F -- "$__belay_w" && __belay_fns+=("$__belay_w")
			done
		} >/dev/null 2>&1
		for __belay_w in "${__belay_fns[@]}"; do
			__belay_t=$(builtin declare -f -- "$__belay_w")
			__belay_st+=$__belay_t$'\n'
			__belay_more+=" $__belay_t"
		done
		[[ -n $__belay_more ]] || break
		__belay_text=$__belay_more
	done
	# Functions calling functions deeper than the passes, or more names
	# than it looks up: what those are is not passed, so belay must not
	# take them as unset or as programs.
	if ((${#__belay_st} > __belay_state_max || __belay_over)) || [[ -n $__belay_more ]]; then
		__belay_st= __belay_st_dropped=1
	fi
}

# The resident belay (belay serve): one per shell, so that an ordinary
# Enter costs no process start. It only ever says "run it", for lines
# belay hook would let through without a word; every other line, and
# any trouble with the server (not started, dead, slow, replaced, an
# answer that is not one), goes to belay hook as before. It is off with
# BELAY_HOOK_SERVE=0, and after 3 failures in this shell. The two FIFOs
# live in a private directory; commands the shell runs inherit their
# descriptors (bash cannot close them on exec), like everything else of
# this user they could talk to it: belay does not guard against code
# that already runs as the person.
__belay_srv_dir= __belay_srv_pid= __belay_srv_q= __belay_srv_a= __belay_srv_bin= __belay_srv_ready=0 __belay_srv_id=0 __belay_srv_fails=0

# __belay_srv_base prints where the server's directory goes:
# XDG_RUNTIME_DIR, else TMPDIR, when it is this user's own; else /tmp,
# whose sticky bit keeps others from renaming what is not theirs. In
# another user's directory (su keeps the user's XDG_RUNTIME_DIR in root's
# shell) its owner could put FIFOs of their own in place of the server's,
# read the lines and answer for them.
__belay_srv_base() {
	local d
	for d in "${XDG_RUNTIME_DIR-}" "${TMPDIR-}"; do
		[[ $d == /* && -d $d && -O $d ]] && builtin printf '%s\n' "$d" && return 0
	done
	builtin printf '/tmp\n'
}

# __belay_srv_start BIN starts a server.
__belay_srv_start() {
	local dir
	((__belay_srv_fails < 3)) && [[ ${BELAY_HOOK_SERVE-} != 0 && -z $__belay_srv_dir ]] || return 1
	dir=$(builtin umask 077 && command mktemp -d "$(__belay_srv_base)/belay-hook.XXXXXXXX" 2>/dev/null) && [[ $dir == /* ]] ||
		{ ((__belay_srv_fails++)); return 1; }
	if ! command mkfifo -m 600 -- "$dir/q" "$dir/a" 2>/dev/null; then
		command rm -rf -- "$dir"
		((__belay_srv_fails++))
		return 1
	fi
	exec {__belay_srv_q}<>"$dir/q" {__belay_srv_a}<>"$dir/a"
	__belay_srv_dir=$dir __belay_srv_pid= __belay_srv_bin=$1 __belay_srv_ready=0
	# In a subshell, so that it is no job of this shell; the subshell
	# tells its pid before the server says hello. Job control there puts
	# the server in a process group of its own from the start, which the
	# keys at the prompt (Ctrl-C, Ctrl-Z) do not reach.
	(builtin set -m
		"$1" serve --shell bash --dir "$dir" --parent $$ </dev/null >/dev/null 2>&1 &
		builtin printf 'pid %s\n' "$!" >&"$__belay_srv_a")
	local reply
	if builtin read -r -t 5 -u "$__belay_srv_a" reply && [[ $reply == 'pid '[1-9]*([0-9]) ]]; then
		__belay_srv_pid=${reply#pid }
	else
		__belay_srv_stop
		((__belay_srv_fails++))
		return 1
	fi
}

# __belay_srv_stop forgets the server; KILL is 1 to end it as well.
__belay_srv_stop() {
	# CONT, so that a stopped server (SIGSTOP) gets the TERM and ends.
	[[ ${1-} == 1 && -n $__belay_srv_pid ]] && builtin kill -TERM "$__belay_srv_pid" 2>/dev/null && builtin kill -CONT "$__belay_srv_pid" 2>/dev/null
	[[ -n $__belay_srv_q ]] && exec {__belay_srv_q}>&- {__belay_srv_a}>&-
	# Its directory goes too: a server that never started, or was killed,
	# cannot take it. Only the two FIFOs and the then empty directory,
	# and only under the name the hook gave it.
	local dir=${__belay_srv_dir-}
	if [[ ${dir##*/} == belay-hook.[A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9] && -d $dir && ! -L $dir ]]; then
		command rm -f -- "$dir/q" "$dir/a" 2>/dev/null
		command rmdir -- "$dir" 2>/dev/null
	fi
	__belay_srv_dir= __belay_srv_pid= __belay_srv_q= __belay_srv_a= __belay_srv_bin= __belay_srv_ready=0
}

# __belay_srv_inherited closes the descriptors this shell holds to the
# FIFOs of a server that is not its own: those of the shell it replaced
# (exec bash, to reload the configuration, keeps the pid and the
# descriptors), of a shell that started this one, or of this shell
# before its hook was loaded again (. ~/.bashrc). Their server, seeing
# the end of its requests, ends, rather than living on beside the new
# one until the terminal closes.
__belay_srv_inherited() {
	local fd f fail=0
	# A pattern that matches nothing must not be an error (failglob).
	builtin shopt -q failglob && fail=1 && builtin shopt -u failglob
	for fd in "/proc/$$/fd/"*; do
		fd=${fd##*/}
		[[ $fd == [0-9]* && $fd != *[!0-9]* ]] && ((fd > 2)) || continue
		for f in "${XDG_RUNTIME_DIR:-/nonexistent}"/belay-hook.*/[qa] "${TMPDIR:-/nonexistent}"/belay-hook.*/[qa] /tmp/belay-hook.*/[qa]; do
			if [[ -p $f && "/proc/$$/fd/$fd" -ef $f ]]; then
				exec {fd}>&-
				break
			fi
		done
	done
	((fail)) && builtin shopt -s failglob
	return 0
}

# __belay_srv_alive says whether the server runs: there, and not stopped
# (SIGSTOP). A stopped one would never read a request, and one larger
# than a FIFO holds (a big environment) would wait for it for ever.
__belay_srv_alive() {
	local st
	builtin read -r st 2>/dev/null <"/proc/$__belay_srv_pid/stat" || return 1
	[[ ${st##*') '} != [TtZX]* ]]
}

# __belay_srv_ask LINE TIMEOUT returns 0 to run LINE, 4 when it is
# unfinished, 1 to ask belay hook. __belay_state has run for LINE.
__belay_srv_ask() {
	local reply id dir=$__belay_srv_dir tty=0
	[[ -n $dir ]] || return 1
	# The descriptors must still be the FIFOs: a command may have closed
	# or reused them (exec 10>file). Lines past 8192 characters (up to
	# 32 KiB) go to belay hook: a request stays well within what a FIFO
	# holds.
	((${#1} + ${#__belay_st} <= 8192)) || return 1
	if [[ ! /dev/fd/$__belay_srv_q -ef $dir/q || ! /dev/fd/$__belay_srv_a -ef $dir/a ]]; then
		__belay_srv_stop 1
		((__belay_srv_fails++))
		return 1
	fi
	# Its hello, at the first line: waited for while it lives (5 s at most:
	# a loaded machine starts a process slowly, once).
	local -i n=0
	while ((!__belay_srv_ready && n++ < 100)) && builtin kill -0 "$__belay_srv_pid" 2>/dev/null; do
		builtin read -r -t 0.05 -u "$__belay_srv_a" reply || continue
		[[ $reply == "belay-serve $__belay_srv_pid" ]] && __belay_srv_ready=1 && break
		n=1000
	done
	if ((!__belay_srv_ready)) || ! __belay_srv_alive; then
		__belay_srv_stop 1
		((__belay_srv_fails++))
		return 1
	fi
	[[ -t 0 || -t 2 ]] && tty=1
	id=$((++__belay_srv_id)).$RANDOM
	# A request is read whole before the answer: the FIFO never fills
	# while the server lives (and it was alive just now).
	# pwd -P fails in a directory deleted under the shell: an empty line
	# then, which the server hands back, rather than half a request.
	{ builtin printf '%s\0' belay-serve-1 "$id" "$PWD" && { builtin pwd -P || builtin echo; } &&
		builtin printf '\0%s\0%s\0%s\0%s\0%s\0' "$tty" "$__belay_st_dropped" "$2" "$__belay_st" "$1" &&
		builtin declare -px && builtin printf '\0'; } >&"$__belay_srv_q" 2>/dev/null
	if ! builtin read -r -t 1 -u "$__belay_srv_a" reply; then
		__belay_srv_stop 1
		((__belay_srv_fails++))
		return 1
	fi
	case $reply in
	"$id 0") return 0 ;;
	"$id 4") return 4 ;;
	"$id -") return 1 ;;
	"$id x") __belay_srv_stop ;; # a slow line: the server ends
	*)
		__belay_srv_stop 1
		((__belay_srv_fails++))
		;;
	esac
	return 1
}

# __belay_check SHELL LINE asks belay about LINE. It returns 0 to run
# the line, 4 when the line is unfinished, and anything else to keep it
# off. belay answers with its exit status:
#
#	0        run the line
#	1, 3     keep it off (blocked, declined; confirmation needed, no terminal)
#	4        the line is unfinished: read on
#	130      Ctrl-C while belay judged: keep it off
#	126, 127 and any other signal: belay cannot run, or was killed: run
#	         the line, with a warning and a record
#	anything else (2, garbage): belay failed: keep it off, with an error
#	         and a record
#
# A belay that is slow answers itself: its watchdog asks (y/N).
__belay_check() {
	local bin=${BELAY_BIN:-$__belay_default_bin} t=${BELAY_HOOK_TIMEOUT:-2} rc=0
	[[ $t =~ ^[0-9]+([.][0-9]+)?$ ]] || t=2
	# Linux passes at most 128 KiB in one argument: a longer line could not
	# reach belay, and must not run unchecked for it. 32768 characters are
	# under that limit in any encoding.
	if ((${#2} > 32768)); then
		printf 'belay: blocked: the line is too long to check (%d characters); put it in a script and run belay scan on it\n' "${#2}" >&2
		return 1
	fi
	if [[ $bin != */* ]]; then
		bin=$(type -P -- "$bin") || bin=
	fi
	if [[ ! -f $bin || ! -x $bin ]]; then
		__belay_unchecked "${BELAY_BIN:-$__belay_default_bin}: no such program" "$2"
		return 0
	fi
	# timeout(1) is the backstop for a belay that hangs before its
	# watchdog starts: it must give the watchdog (at $t) time to ask first.
	local hard=$((10#${t%%.*} + 2))
	[[ $t =~ ^0*([.]0*)?$ ]] && hard=0
	# What the session holds that the line refers to (__belay_state).
	local -a st=()
	__belay_state "$2"
	# The resident belay answers the ordinary lines.
	[[ -n $__belay_srv_dir && ($bin != "$__belay_srv_bin" || ${BELAY_HOOK_SERVE-} == 0) ]] && __belay_srv_stop 1
	[[ -z $__belay_srv_dir ]] && __belay_srv_start "$bin"
	__belay_srv_ask "$2" "$t" && return 0
	(($? == 4)) && return 4
	[[ -n $__belay_st ]] && st=("--state=$__belay_st")
	((__belay_st_dropped)) && st+=(--state-dropped)
	if ((__belay_timeout)); then
		BELAY_HOOK_TIMEOUT=$t command timeout --foreground --preserve-status "$hard" "$bin" hook "${st[@]}" --shell "$1" -- "$2" || rc=$?
	else
		BELAY_HOOK_TIMEOUT=$t "$bin" hook "${st[@]}" --shell "$1" -- "$2" || rc=$?
	fi
	case $rc in
	0 | 1 | 3 | 4) return "$rc" ;;
	130) return 1 ;; # Ctrl-C while belay judged: not run
	126 | 127) __belay_unchecked "$bin: cannot run it (status $rc)" "$2" ;;
	*)
		if ((rc == 143 && __belay_timeout)); then
			# timeout(1) ended a belay that hung before its watchdog.
			__belay_unchecked "no verdict within ${hard}s" "$2"
		elif ((rc > 128)); then
			__belay_unchecked "belay was killed by SIG$(builtin kill -l "$rc" 2>/dev/null)" "$2"
		else
			__belay_failed "belay failed with status $rc" "$2"
			return 2
		fi
		;;
	esac
	return 0
}

# The private keys of the macros: K1 runs __belay_bash_enter, K2 is what
# Enter does next, K3 what C-o does next, K4 expands history in place.
# __belay_bash_then run|keep|expand binds K2 and K3, in the keymap Enter
# was pressed in: to accept-line and operate-and-get-next; to nothing (an
# empty macro: bash redraws the line after bind -x anyway); or to K4
# followed by another pass of the check and K2 (K3) again.
__belay_bash_then() {
	case $1 in
	run)
		builtin bind '"\C-x\C-b\C-r": accept-line'
		builtin bind '"\C-x\C-b\C-o": operate-and-get-next'
		;;
	keep)
		builtin bind '"\C-x\C-b\C-r": ""'
		builtin bind '"\C-x\C-b\C-o": ""'
		;;
	expand)
		builtin bind '"\C-x\C-b\C-r": "\C-x\C-b\C-h\C-x\C-b\C-e\C-x\C-b\C-r"'
		builtin bind '"\C-x\C-b\C-o": "\C-x\C-b\C-h\C-x\C-b\C-e\C-x\C-b\C-o"'
		;;
	esac
}

# __belay_bash_expanded is 1 between the two passes of a line that
# needed history expansion.
__belay_bash_expanded=0

# __belay_bash_enter is K1, the first key of Enter's macro.
__belay_bash_enter() {
	local line=$READLINE_LINE hist=${histchars:-'!^'}
	if ((__belay_busy)) || [[ $line != *[![:space:]]* || $line =~ ^[[:space:]]*__belay_off[[:space:]]*$ ]]; then
		__belay_bash_then run
		return 0
	fi
	# Until belay has said yes, Enter keeps the line: a Ctrl-C that cuts
	# this function short must not leave accept-line bound.
	__belay_bash_then keep
	# History expansion (!!, !$, ^a^b) would happen after the check, and
	# `history -p` cannot do it here (it first drops the newest entry,
	# taking it for its own command line). So readline expands the line
	# in place with history-expand-line, the code accept-line runs, and a
	# second pass checks what it made.
	if ((!__belay_bash_expanded)) && [[ $- == *H* ]] &&
		[[ $line == *"${hist:0:1}"* || (-n ${hist:1:1} && $line == "${hist:1:1}"*) ]]; then
		__belay_bash_expanded=1
		__belay_bash_then expand
		return 0
	fi
	__belay_bash_expanded=0
	local rc=0
	__belay_check bash "$line" || rc=$?
	case $rc in
	0)
		__belay_bash_then run
		__belay_busy=1
		__belay_bash_prompt_hook
		;;
	4)
		READLINE_LINE+=$'\n'
		READLINE_POINT=${#READLINE_LINE}
		;;
	*)
		# Stopped or declined: the line goes into the history, where Up
		# brings it back for editing, and the prompt starts afresh, so
		# that what is typed next is not appended to it (and at the end
		# of input it cannot come back forever).
		builtin history -s -- "$READLINE_LINE"
		READLINE_LINE=
		READLINE_POINT=0
		;;
	esac
}

# __belay_bash_prompt clears __belay_busy; it runs from PROMPT_COMMAND.
__belay_bash_prompt() {
	__belay_busy=0
	__belay_bash_expanded=0
}

# __belay_bash_prompt_hook puts __belay_bash_prompt in PROMPT_COMMAND
# (a string, or an array since bash 5.1) if something took it out.
__belay_bash_prompt_hook() {
	local pc
	for pc in ${PROMPT_COMMAND+"${PROMPT_COMMAND[@]}"}; do
		[[ $pc == *__belay_bash_prompt* ]] && return 0
	done
	if [[ -n ${PROMPT_COMMAND+set} && ${PROMPT_COMMAND@a} == *a* ]]; then
		PROMPT_COMMAND+=(__belay_bash_prompt)
	else
		PROMPT_COMMAND="__belay_bash_prompt${PROMPT_COMMAND:+$'\n'$PROMPT_COMMAND}"
	fi
}
__belay_bash_prompt_hook

# The resident belay starts with the shell, when belay is named by its path.
__belay_srv_inherited
# (|| : so that a server that cannot start does not end a shell whose rc
# file set -e before loading the hook.)
[[ ${BELAY_BIN:-$__belay_default_bin} == /* ]] && { __belay_srv_start "${BELAY_BIN:-$__belay_default_bin}" || :; }

for __belay_map in emacs vi-insert vi-command; do
	builtin bind -m "$__belay_map" -x '"\C-x\C-b\C-e": __belay_bash_enter'
	builtin bind -m "$__belay_map" '"\C-x\C-b\C-h": history-expand-line'
	builtin bind -m "$__belay_map" '"\C-x\C-b\C-r": accept-line'
	builtin bind -m "$__belay_map" '"\C-x\C-b\C-o": operate-and-get-next'
	builtin bind -m "$__belay_map" '"\C-m": "\C-x\C-b\C-e\C-x\C-b\C-r"'
	builtin bind -m "$__belay_map" '"\C-j": "\C-x\C-b\C-e\C-x\C-b\C-r"'
done
unset __belay_map
# C-o (operate-and-get-next) runs the line too.
builtin bind -m emacs '"\C-o": "\C-x\C-b\C-e\C-x\C-b\C-o"'

fi
