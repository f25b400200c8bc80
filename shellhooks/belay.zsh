# belay: the zsh hook. Load it from ~/.zshrc with
#
#     eval "$(belay init zsh)"
#
# Enter (^M and ^J, in the emacs, viins and vicmd keymaps) runs the widget
# belay-accept-line, which hands the whole command ($PREBUFFER$BUFFER) to
# belay and calls accept-line only when belay exits 0; a blocked line
# stays in the buffer. The widget has its own name because zsh calls the
# builtin accept-line directly from some places (Enter in Ctrl-R search,
# Ctrl-O, Esc-a) when the widget is named accept-line; a line-finish hook
# is the backstop for every other way a line gets accepted. An unfinished
# line gets a newline and the next lines join it: the whole command is
# checked once.
#
# BELAY_BIN names another belay binary; BELAY_HOOK_TIMEOUT is how many
# seconds belay may take to judge a line (default 2) before it asks
# instead. What the hook does with each answer of belay is told in the
# shellhooks package (shellhooks.go) and the README.

if [[ -o interactive ]] && zmodload zsh/zle 2>/dev/null; then

typeset -g __belay_default_bin='@BELAY_BIN@'

# The command belay-accept-line let through, so that the line-finish
# backstop does not ask about it a second time.
typeset -g __belay_passed=''

# belay bounds its own time (BELAY_HOOK_TIMEOUT, a watchdog inside it);
# timeout(1) around it as well costs one more process per Enter, so it is
# used only on request: BELAY_HOOK_HARD_TIMEOUT=1.
typeset -gi __belay_timeout=0
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
	emulate -L zsh
	local LC_ALL=C keep='[^A-Za-z0-9 ._:()/+=-]'
	local line=$3 cut= b64 short now host tty file reason=${2//$~keep/} rec
	if (( ${#line} > 2048 )); then
		cut=",\"line_bytes\":${#line}"
		line=${line[1,2048]}
	fi
	b64=$(print -rn -- $line | command base64 -w0) || return 0
	short=$(print -rn -- ${line[1,512]} | command base64 -w0) || return 0
	now=$(command date -u +%Y-%m-%dT%H:%M:%SZ) || return 0
	host=${HOST//$~keep/}
	tty=$(command tty 2>/dev/null) || tty=
	tty=${tty//$~keep/}
	rec="{\"time\":\"$now\",\"host\":\"$host\",\"user\":{\"uid\":$EUID},\"tty\":\"$tty\",\"shell\":\"zsh\",\"line\":\"\",\"line_base64\":\"%s\"$cut,\"decision\":\"unchecked\",\"outcome\":\"$1\",\"reason\":\"$reason\",\"pid\":$$}"
	case ${BELAY_AUDIT_SYSLOG-} in
	(off|0|false|no) ;;
	(*) command logger -t belay -p auth.warning -- "$(printf $rec $short)" ;;
	esac
	file=${BELAY_AUDIT_FILE-}
	if [[ -z $file ]] && (( EUID == 0 )); then
		[[ -d /var/log/belay && ! -L /var/log/belay ]] && file=/var/log/belay/audit.jsonl
	elif [[ -z $file ]]; then
		file=${XDG_STATE_HOME:-$HOME/.local/state}/belay/audit.jsonl
		command mkdir -p -m 700 -- ${file:h} || return 0
	fi
	[[ -n $file && ! -L $file && ( ! -e $file || -f $file ) ]] || return 0
	# Never glue a record to a torn one.
	[[ -s $file && -n $(command tail -c 1 -- $file) ]] && rec=$'\n'$rec
	printf "$rec\n" $b64 >>$file
}

# __belay_unchecked REASON LINE says, once, that LINE runs unchecked, and
# records it.
__belay_unchecked() {
	print -ru2 -- "belay: warning: guard unavailable ($1); running unchecked"
	(__belay_record fallback $1 $2 </dev/null >/dev/null 2>&1 &)
}

# __belay_failed REASON LINE says that LINE is kept off because belay
# failed, and records it.
__belay_failed() {
	print -ru2 -- "belay: error: $1: the line was not run"
	print -ru2 -- "belay: hint: fix or reinstall belay; to switch the hook off in this shell: __belay_off"
	(__belay_record "not run" $1 $2 </dev/null >/dev/null 2>&1 &)
}

# __belay_off switches the hook off in this shell, and records that; a new
# shell has it again. The hook lets this one line through unasked, so
# that a broken belay cannot lock anyone out of their shell.
__belay_off() {
	local map
	for map in emacs viins vicmd; do
		bindkey -M $map '^M' accept-line
		bindkey -M $map '^J' accept-line
	done
	add-zle-hook-widget -d line-finish __belay_line_finish
	print -ru2 -- "belay: warning: the hook is off in this shell; a new shell has it again"
	(__belay_record "hook off" "switched off with __belay_off" __belay_off </dev/null >/dev/null 2>&1 &)
}

# __belay_is_off LINE says whether LINE is just __belay_off.
__belay_is_off() {
	[[ $1 =~ '^[[:space:]]*__belay_off[[:space:]]*$' ]]
}

# __belay_state LINE sets __belay_st to what this shell holds that LINE
# refers to, as zsh definitions (belay hook --state): the variables it
# names ($NAME, ${NAME…}, ${(flags)NAME}, $NAME[…]), the aliases, global
# aliases and functions its words name, and what those use, down to 8
# levels (deeper: dropped). No fork: $parameters, $aliases, $galiases and $functions are read
# in place. Past __belay_state_max characters (64 KiB at most in any
# encoding) it is dropped, and __belay_st_dropped is 1: belay then takes
# what the line calls as unknown, and asks.
typeset -g __belay_state_max=16384 __belay_st= __belay_st_dropped=0
__belay_state() {
	emulate -L zsh
	local __belay_text=$1 __belay_more __belay_rest __belay_n __belay_t __belay_w __belay_pass
	local -A __belay_seen
	local -a __belay_words __belay_parts
	local -i __belay_u=0 __belay_over=0
	__belay_st= __belay_st_dropped=0
	for __belay_pass in 1 2 3 4 5 6 7 8; do
		__belay_more=
		# What follows each $, split once: ${rest#*\$} and %% on the rest
		# of a long line are quadratic.
		__belay_parts=( "${(@s:$:)__belay_text}" )
		shift __belay_parts
		(( $#__belay_parts <= 256 )) || __belay_over=1
		for __belay_rest in "${(@)__belay_parts[1,256]}"; do
			__belay_n=${__belay_rest[1,160]}
			__belay_n=${__belay_n#\{}
			[[ $__belay_n == '('* ]] && __belay_n=${__belay_n#*\)}
			__belay_n=${__belay_n#[\#\!\=\~\^\+]}
			__belay_n=${__belay_n%%[^A-Za-z0-9_]*}
			(( $#__belay_n < 128 )) || { __belay_over=1; continue }
			[[ $__belay_n == [A-Za-z_]* && $__belay_n != __belay* && -z $__belay_seen[v$__belay_n] ]] || continue
			__belay_seen[v$__belay_n]=1
			# Ones whose value here is the hook's, or changes as it is read.
			case $__belay_n in
			(_|IFS|RANDOM|SECONDS|EPOCH*|LINENO|*BUFFER*|CURSOR|CONTEXT|WIDGET|KEYS|NUMERIC|REPLY|reply|status|pipestatus|func*|argv|match|MATCH|mbegin|mend|MBEGIN|MEND) continue ;;
			esac
			case ${parameters[$__belay_n]-} in
			('' | *association*) ;; # unknown to belay, as without state
			(*array*) __belay_st+="$__belay_n=( ${(@qq)${(P)__belay_n}} )"$'\n' ;;
			(*) __belay_st+="$__belay_n=${(qq)${(P)__belay_n}}"$'\n' ;;
			esac
		done
		# \f and x=f; $x call the function f too.
		__belay_words=( ${=${__belay_text//[;&|()<>\{\}\`\"\'\$=\\]/ }} )
		for __belay_w in $__belay_words; do
			[[ $__belay_w == [-/]* || $__belay_w == *[][=/\\*?@#]* || -n $__belay_seen[w$__belay_w] ]] && continue
			(( __belay_u++ < 1024 )) || { __belay_over=1; break }
			__belay_seen[w$__belay_w]=1
			if (( ${+aliases[$__belay_w]} )); then
				__belay_t="$__belay_w=$aliases[$__belay_w]"
				__belay_st+="alias -- ${(qq)__belay_t}"$'\n'
				__belay_more+=" $aliases[$__belay_w]"
			fi
			if (( ${+galiases[$__belay_w]} )); then
				__belay_t="$__belay_w=$galiases[$__belay_w]"
				__belay_st+="alias -g -- ${(qq)__belay_t}"$'\n'
				__belay_more+=" $galiases[$__belay_w]"
			fi
			if [[ $__belay_w != __belay* ]] && (( ${+functions[$__belay_w]} )); then
				__belay_st+="$__belay_w() {"$'\n'"$functions[$__belay_w]"$'\n}\n'
				__belay_more+=" $functions[$__belay_w]"
			fi
		done
		[[ -n $__belay_more ]] || break
		__belay_text=$__belay_more
	done
	# Functions calling functions deeper than the passes, or more names
	# than it looks up: what those are is not passed, so belay must not
	# take them as unset or as programs.
	if (( $#__belay_st > __belay_state_max || __belay_over )) || [[ -n $__belay_more ]]; then
		__belay_st= __belay_st_dropped=1
	fi
}

# __belay_check LINE asks belay about LINE. It returns 0 to run the line,
# 4 when the line is unfinished, and anything else to keep it off. belay
# answers with its exit status:
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
# The resident belay (belay serve): one per shell, so that an ordinary
# Enter costs no process start. It only ever says "run it", for lines
# belay hook would let through without a word; every other line, and
# any trouble with the server (not started, dead, slow, replaced, an
# answer that is not one), goes to belay hook as before. It is off with
# BELAY_HOOK_SERVE=0, and after 3 failures in this shell. The two FIFOs
# live in a private directory; commands the shell runs inherit their
# descriptors, and like everything else of this user they could talk to
# it: belay does not guard against code that already runs as the person.
typeset -g __belay_srv_dir= __belay_srv_pid= __belay_srv_q= __belay_srv_a= __belay_srv_bin=
typeset -gi __belay_srv_ready=0 __belay_srv_id=0 __belay_srv_fails=0

# __belay_srv_base prints where the server's directory goes:
# XDG_RUNTIME_DIR, else TMPDIR, when it is this user's own; else /tmp,
# whose sticky bit keeps others from renaming what is not theirs. In
# another user's directory (su keeps the user's XDG_RUNTIME_DIR in root's
# shell) its owner could put FIFOs of their own in place of the server's,
# read the lines and answer for them.
__belay_srv_base() {
	emulate -L zsh
	local d
	for d in "${XDG_RUNTIME_DIR-}" "${TMPDIR-}"; do
		[[ $d == /* && -d $d && -O $d ]] && builtin print -r -- $d && return 0
	done
	builtin print -r -- /tmp
}

# __belay_srv_start BIN starts a server.
__belay_srv_start() {
	emulate -L zsh
	local dir reply
	((__belay_srv_fails < 3)) && [[ ${BELAY_HOOK_SERVE-} != 0 && -z $__belay_srv_dir ]] || return 1
	dir=$(builtin umask 077 && command mktemp -d "$(__belay_srv_base)/belay-hook.XXXXXXXX" 2>/dev/null) && [[ $dir == /* ]] ||
		{ ((__belay_srv_fails++)); return 1 }
	if ! command mkfifo -m 600 -- $dir/q $dir/a 2>/dev/null; then
		command rm -rf -- $dir
		((__belay_srv_fails++))
		return 1
	fi
	exec {__belay_srv_q}<>$dir/q {__belay_srv_a}<>$dir/a
	__belay_srv_dir=$dir __belay_srv_pid= __belay_srv_bin=$1 __belay_srv_ready=0
	# In a subshell, so that it is no job of this shell; the subshell
	# tells its pid before the server says hello.
	( $1 serve --shell zsh --dir $dir --parent $$ </dev/null >/dev/null 2>&1 &
		builtin print -r -- "pid $!" >&$__belay_srv_a )
	if builtin read -r -t 5 -u $__belay_srv_a reply && [[ $reply == 'pid '[1-9]<-> ]]; then
		__belay_srv_pid=${reply#pid }
	else
		__belay_srv_stop
		((__belay_srv_fails++))
		return 1
	fi
}

# __belay_srv_stop forgets the server; KILL is 1 to end it as well.
__belay_srv_stop() {
	emulate -L zsh
	# CONT, so that a stopped server (SIGSTOP) gets the TERM and ends.
	[[ $1 == 1 && -n $__belay_srv_pid ]] && builtin kill -TERM $__belay_srv_pid 2>/dev/null && builtin kill -CONT $__belay_srv_pid 2>/dev/null
	[[ -n $__belay_srv_q ]] && exec {__belay_srv_q}>&- {__belay_srv_a}>&-
	# Its directory goes too: a server that never started, or was killed,
	# cannot take it. Only the two FIFOs and the then empty directory,
	# and only under the name the hook gave it.
	local dir=$__belay_srv_dir
	if [[ ${dir:t} == belay-hook.[A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9][A-Za-z0-9] && -d $dir && ! -L $dir ]]; then
		command rm -f -- $dir/q $dir/a 2>/dev/null
		command rmdir -- $dir 2>/dev/null
	fi
	__belay_srv_dir= __belay_srv_pid= __belay_srv_q= __belay_srv_a= __belay_srv_bin= __belay_srv_ready=0
}

# __belay_srv_inherited closes the descriptors this shell holds to the
# FIFOs of a server that is not its own: those of the shell it replaced
# (exec zsh, to reload the configuration, keeps the pid and the
# descriptors), of a shell that started this one, or of this shell
# before its hook was loaded again (. ~/.zshrc). Their server, seeing
# the end of its requests, ends, rather than living on beside the new
# one until the terminal closes.
__belay_srv_inherited() {
	emulate -L zsh
	local fd f
	for fd in /proc/$$/fd/*(N:t); do
		[[ $fd == <3-> ]] || continue
		for f in ${XDG_RUNTIME_DIR:-/nonexistent}/belay-hook.*/[qa](Np) ${TMPDIR:-/nonexistent}/belay-hook.*/[qa](Np) /tmp/belay-hook.*/[qa](Np); do
			if [[ /proc/$$/fd/$fd -ef $f ]]; then
				exec {fd}>&-
				break
			fi
		done
	done
}

# __belay_srv_alive says whether the server runs: there, and not stopped
# (SIGSTOP). A stopped one would never read a request, and one larger
# than a FIFO holds (a big environment) would wait for it for ever.
__belay_srv_alive() {
	emulate -L zsh
	local st
	# The first 48 characters hold the state (pid, name of 15 at most):
	# zsh reads a byte at a time, and /proc makes the whole line for each.
	builtin read -r -u 0 -k 48 st 2>/dev/null </proc/$__belay_srv_pid/stat || return 1
	[[ ${st##*') '} != [TtZX]* ]]
}

# __belay_srv_ask LINE TIMEOUT returns 0 to run LINE, 4 when it is
# unfinished, 1 to ask belay hook. __belay_state has run for LINE.
__belay_srv_ask() {
	emulate -L zsh
	local reply id dir=$__belay_srv_dir tty=0
	[[ -n $dir ]] || return 1
	# Lines past 8192 characters (up to 32 KiB) go to belay hook: a
	# request stays well within what a FIFO holds. A NUL would end a
	# field of the request early: those too.
	((${#1} + ${#__belay_st} <= 8192)) && [[ $1$__belay_st != *$'\0'* ]] || return 1
	# The descriptors must still be the FIFOs: a command may have closed
	# or reused them (exec 10>file).
	if [[ ! /dev/fd/$__belay_srv_q -ef $dir/q || ! /dev/fd/$__belay_srv_a -ef $dir/a ]]; then
		__belay_srv_stop 1
		((__belay_srv_fails++))
		return 1
	fi
	# Its hello, at the first line: waited for while it lives (5 s at most:
	# a loaded machine starts a process slowly, once).
	local -i n=0
	while ((!__belay_srv_ready && n++ < 100)) && builtin kill -0 $__belay_srv_pid 2>/dev/null; do
		builtin read -r -t 0.05 -u $__belay_srv_a reply || continue
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
	# while the server lives (and it was alive just now). The exported
	# variables, as a process started here gets them.
	{
		builtin print -rn -- belay-serve-1$'\0'$id$'\0'$PWD$'\0'
		builtin pwd -P
		builtin print -rn -- $'\0'$tty$'\0'$__belay_st_dropped$'\0'$2$'\0'$__belay_st$'\0'$1$'\0'
		builtin typeset -x
		builtin print -rn -- $'\0'
	} >&$__belay_srv_q 2>/dev/null
	if ! builtin read -r -t 1 -u $__belay_srv_a reply; then
		__belay_srv_stop 1
		((__belay_srv_fails++))
		return 1
	fi
	case $reply in
	("$id 0") return 0 ;;
	("$id 4") return 4 ;;
	("$id -") return 1 ;;
	("$id x") __belay_srv_stop ;; # a slow line: the server ends
	(*)
		__belay_srv_stop 1
		((__belay_srv_fails++))
		;;
	esac
	return 1
}

__belay_check() {
	emulate -L zsh
	local bin=${BELAY_BIN:-$__belay_default_bin} t=${BELAY_HOOK_TIMEOUT:-2}
	local -i rc
	# Rows of the display below the cursor, and rows zle climbs to redraw
	# the prompt: belay writes its messages clear of both.
	local below=${RBUFFER//[^$'\n']/} above=${LBUFFER//[^$'\n']/} ps=${(%)PS1}
	ps=${ps//[^$'\n']/}
	local -a rows=(--rows-below $#below --rows-above $(($#above + $#ps)))
	[[ $t == <->(|.<->) ]] || t=2
	# Linux passes at most 128 KiB in one argument: a longer line could not
	# reach belay, and must not run unchecked for it.
	if (( ${#1} > 32768 )); then
		print -ru2 -- "belay: blocked: the line is too long to check (${#1} characters); put it in a script and run belay scan on it"
		return 1
	fi
	if [[ $bin != */* ]]; then
		bin=${commands[$bin]}
	fi
	if [[ ! -f $bin || ! -x $bin ]]; then
		__belay_unchecked "${BELAY_BIN:-$__belay_default_bin}: no such program" $1
		return 0
	fi
	# timeout(1) is the backstop for a belay that hangs before its
	# watchdog starts: it must give the watchdog (at $t) time to ask first.
	local -i hard=$(( 10#${t%%.*} + 2 ))
	[[ $t == 0#(|.0#) ]] && hard=0
	# What the session holds that the line refers to (__belay_state).
	local -a st
	__belay_state $1
	# The resident belay answers the ordinary lines.
	[[ -n $__belay_srv_dir && ($bin != "$__belay_srv_bin" || ${BELAY_HOOK_SERVE-} == 0) ]] && __belay_srv_stop 1
	[[ -z $__belay_srv_dir ]] && __belay_srv_start $bin
	__belay_srv_ask $1 $t && return 0
	(($? == 4)) && return 4
	[[ -n $__belay_st ]] && st=("--state=$__belay_st")
	((__belay_st_dropped)) && st+=(--state-dropped)
	if ((__belay_timeout)); then
		BELAY_HOOK_TIMEOUT=$t command timeout --foreground --preserve-status $hard $bin hook $rows $st --shell zsh -- $1
	else
		BELAY_HOOK_TIMEOUT=$t $bin hook $rows $st --shell zsh -- $1
	fi
	rc=$?
	case $rc in
	(0|1|3|4) return rc ;;
	(130) return 1 ;; # Ctrl-C while belay judged: not run
	(126|127) __belay_unchecked "$bin: cannot run it (status $rc)" $1 ;;
	(*)
		if ((rc == 143 && __belay_timeout)); then
			# timeout(1) ended a belay that hung before its watchdog.
			__belay_unchecked "no verdict within ${hard}s" $1
		elif ((rc > 128)); then
			__belay_unchecked "belay was killed by SIG${signals[rc-127]}" $1
		else
			__belay_failed "belay failed with status $rc" $1
			return 2
		fi
		;;
	esac
	return 0
}

# __belay_accept runs the line: through accept-line when something
# (zsh-autosuggestions, zsh-syntax-highlighting, the user) wrapped it, so
# that their part still runs, else the builtin.
__belay_accept() {
	if [[ $widgets[accept-line] == user:* ]]; then
		zle accept-line
	else
		zle .accept-line
	fi
}

# __belay_expand BANGHIST sets REPLY to the whole command after history
# expansion (!!, !$, ^a^b), which zsh does after the widget has run, when
# BANGHIST (the user's option, read before emulate) is 1.
__belay_expand() {
	if (($1)) && [[ $BUFFER == *'!'* || $BUFFER == '^'* ]]; then
		local saved=$BUFFER
		zle .expand-history
		REPLY=$PREBUFFER$BUFFER
		BUFFER=$saved
	else
		REPLY=$PREBUFFER$BUFFER
	fi
}

# belay-accept-line is bound to Enter.
belay-accept-line() {
	local -i bang=0
	[[ -o banghist ]] && bang=1
	emulate -L zsh
	__belay_passed=''
	# vared edits a variable and select reads a choice: not command lines.
	if [[ $CONTEXT == (vared|select) || $PREBUFFER$BUFFER != *[^[:space:]]* ]] || __belay_is_off $PREBUFFER$BUFFER; then
		__belay_accept
		return
	fi
	local REPLY
	__belay_expand $bang
	local line=$REPLY
	__belay_check $line
	local -i rc=$?
	# belay began its messages below the buffer and left room for zle
	# to climb back to the prompt's first row, which redisplay does.
	zle .redisplay
	case $rc in
	(0)
		__belay_passed=$PREBUFFER$BUFFER
		__belay_accept
		;;
	(4)
		BUFFER+=$'\n'
		CURSOR=$#BUFFER
		;;
	(*)
		# Stopped or declined: the line goes into the history, where Up
		# brings it back for editing, and the prompt starts afresh, so
		# that what is typed next is not appended to it.
		print -rs -- "$PREBUFFER$BUFFER"
		BUFFER=''
		[[ -n $PREBUFFER ]] && zle .send-break
		;;
	esac
}

# __belay_line_finish is the backstop: it sees every line zle is about to
# run, and keeps off one that belay-accept-line did not let through and
# that belay does not allow now.
__belay_line_finish() {
	local -i bang=0
	[[ -o banghist ]] && bang=1
	emulate -L zsh
	local line=$PREBUFFER$BUFFER
	if [[ -n $__belay_passed && $line == "$__belay_passed" ]]; then
		__belay_passed=''
		return
	fi
	__belay_passed=''
	if [[ $CONTEXT == (vared|select) || $line != *[^[:space:]]* ]] || __belay_is_off $line; then
		return
	fi
	local REPLY
	__belay_expand $bang
	__belay_check $REPLY
	case $? in
	(0) ;;
	(4)
		print -rz -- "$BUFFER"$'\n'
		BUFFER=''
		;;
	(*)
		# As belay-accept-line does: into the history, not run.
		print -rs -- "$line"
		BUFFER=''
		;;
	esac
}

# The resident belay starts with the shell, when belay is named by its path.
__belay_srv_inherited
[[ ${BELAY_BIN:-$__belay_default_bin} == /* ]] && __belay_srv_start ${BELAY_BIN:-$__belay_default_bin}

zle -N belay-accept-line
zle -N __belay_line_finish
autoload -Uz add-zle-hook-widget
add-zle-hook-widget line-finish __belay_line_finish
bindkey -M emacs '^M' belay-accept-line
bindkey -M emacs '^J' belay-accept-line
bindkey -M viins '^M' belay-accept-line
bindkey -M viins '^J' belay-accept-line
bindkey -M vicmd '^M' belay-accept-line
bindkey -M vicmd '^J' belay-accept-line

fi
