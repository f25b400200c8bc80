# belay: the fish hook. Load it from ~/.config/fish/config.fish with
#
#     belay init fish | source
#
# Enter (\r and \n, in the default and insert modes) runs __belay_enter,
# which hands the whole command line to belay and executes it only when
# belay exits 0; a blocked line stays in the buffer. fish itself decides
# when a line is unfinished (commandline --is-valid) and adds the newline,
# so the whole command is checked once. These are user bindings: they
# outlive a switch between default and vi key bindings. fish_preexec
# cannot cancel a line, hence the binding.
#
# BELAY_BIN names another belay binary; BELAY_HOOK_TIMEOUT is how many
# seconds belay may take to judge a line (default 2) before it asks
# instead. What the hook does with each answer of belay is told in the
# shellhooks package (shellhooks.go) and the README.

if status is-interactive

set -g __belay_default_bin '@BELAY_BIN@'

# belay bounds its own time (BELAY_HOOK_TIMEOUT, a watchdog inside it);
# timeout(1) around it as well costs one more process per Enter, so it is
# used only on request: BELAY_HOOK_HARD_TIMEOUT=1.
set -g __belay_timeout 0
if test "$BELAY_HOOK_HARD_TIMEOUT" = 1; and command timeout --foreground --preserve-status 5 true >/dev/null 2>&1
    set __belay_timeout 1
end

# __belay_record OUTCOME REASON LINE records a line belay did not judge
# (it ran unchecked, or was kept off because belay failed): belay itself
# could not, so the hook does, as one JSON line of belay's decision log,
# through syslog (logger, facility auth, tag belay) and in the log file:
# BELAY_AUDIT_FILE, else the user's $XDG_STATE_HOME/belay/audit.jsonl
# (root's: /var/log/belay/audit.jsonl, never a home directory).
# BELAY_AUDIT_SYSLOG=off leaves syslog out. Run it in the background.
function __belay_record
    set -l keep '[^A-Za-z0-9 ._:()/+=-]'
    set -l line $argv[3]
    set -l cut ''
    set -l bytes (printf %s $line | command wc -c | string trim)
    if test "$bytes" -gt 2048
        set cut ',"line_bytes":'$bytes
    end
    set -l b64 (printf %s $line | command head -c 2048 | command base64 -w0); or return 0
    set -l short (printf %s $line | command head -c 512 | command base64 -w0); or return 0
    set -l now (command date -u +%Y-%m-%dT%H:%M:%SZ); or return 0
    set -l uid (command id -u); or return 0
    # Each piece one word, even when empty: an empty list would make the
    # record an empty list, two words two records.
    set -l host (string replace -ra -- $keep '' "$hostname")
    set -l tty (command tty 2>/dev/null | string collect)
    string match -q '/dev/*' -- "$tty"; or set tty ''
    set tty (string replace -ra -- $keep '' "$tty")
    set -l reason (string replace -ra -- $keep '' "$argv[2]")
    set -l rec '{"time":"'$now'","host":"'$host'","user":{"uid":'$uid'},"tty":"'$tty'","shell":"fish","line":"","line_base64":"%s"'$cut',"decision":"unchecked","outcome":"'$argv[1]'","reason":"'$reason'","pid":'$fish_pid'}'
    if not contains -- "$BELAY_AUDIT_SYSLOG" off 0 false no
        command logger -t belay -p auth.warning -- (printf $rec $short)
    end
    set -l file "$BELAY_AUDIT_FILE"
    if test -z "$file" -a "$uid" = 0
        if test -d /var/log/belay -a ! -L /var/log/belay
            set file /var/log/belay/audit.jsonl
        end
    else if test -z "$file"
        set -l state "$XDG_STATE_HOME"
        test -n "$state"; or set state $HOME/.local/state
        set file $state/belay/audit.jsonl
        command mkdir -p -m 700 -- $state/belay; or return 0
    end
    test -n "$file" -a ! -L "$file"; or return 0
    if test -e "$file" -a ! -f "$file"
        return 0
    end
    # Never glue a record to a torn one.
    if test -s "$file"; and test -n (command tail -c 1 -- $file | string collect)
        set rec \n$rec
    end
    printf $rec\n $b64 >>$file
end

# __belay_unchecked REASON LINE says, once, that LINE runs unchecked, and
# records it.
function __belay_unchecked
    printf 'belay: warning: guard unavailable (%s); running unchecked\n' $argv[1] >&2
    __belay_record fallback $argv[1] $argv[2] </dev/null >/dev/null 2>&1 &
    disown $last_pid 2>/dev/null
    return 0
end

# __belay_failed REASON LINE says that LINE is kept off because belay
# failed, and records it.
function __belay_failed
    printf 'belay: error: %s: the line was not run\n' $argv[1] >&2
    printf 'belay: hint: fix or reinstall belay; to switch the hook off in this shell: __belay_off\n' >&2
    __belay_record "not run" $argv[1] $argv[2] </dev/null >/dev/null 2>&1 &
    disown $last_pid 2>/dev/null
    return 0
end

# __belay_off switches the hook off in this shell, and records that; a new
# shell has it again. The hook lets this one line through unasked, so
# that a broken belay cannot lock anyone out of their shell.
function __belay_off
    bind \r execute
    bind \n execute
    bind -M insert \r execute
    bind -M insert \n execute
    printf 'belay: warning: the hook is off in this shell; a new shell has it again\n' >&2
    __belay_record "hook off" "switched off with __belay_off" __belay_off </dev/null >/dev/null 2>&1 &
    disown $last_pid 2>/dev/null
end

# __belay_state LINE sets __belay_st to what this shell holds that LINE
# refers to, as fish definitions (belay hook --state): the variables it
# names ($NAME, $NAME[…]), the functions and abbreviations its words
# name (not fish's own functions, from $__fish_data_dir), and what those
# use, down to 8 levels (deeper: dropped). Builtins only: no fork. Its own variables are all
# named __belay_*, which it never passes, so that none hides one of the
# session's. Past __belay_state_max characters (64 KiB at most in any
# encoding) it is dropped, and __belay_st_dropped is 1: belay then takes
# what the line calls as unknown, and asks.
set -g __belay_state_max 16384
function __belay_state
    set -g __belay_st
    set -g __belay_st_dropped 0
    set -l __belay_text $argv[1]
    set -l __belay_seen
    set -l __belay_more
    set -l __belay_v
    set -l __belay_over 0
    for __belay_pass in 1 2 3 4 5 6 7 8
        set __belay_more
        set -l __belay_names (string match -rag '\$([A-Za-z_][A-Za-z0-9_]*)' -- $__belay_text)
        test (count $__belay_names) -le 256; or set __belay_over 1
        for __belay_n in $__belay_names[1..256]
            if contains -- $__belay_n $__belay_seen argv history status pipestatus _ CMD_DURATION; or string match -q '__belay*' -- $__belay_n
                continue
            end
            set -a __belay_seen $__belay_n
            set -q $__belay_n; or continue
            set __belay_v (string escape -- $$__belay_n)
            set -a __belay_st "set -g -- $__belay_n $__belay_v"
        end
        # The words that could name an abbreviation or a function.
        set -l __belay_words (string split -n ' ' -- (string replace -ra '[\s;&|()<>{}"\'$]' ' ' -- $__belay_text) | string match -rv '^[-/]|[][=/\\\\*?@#]|^__belay')
        test (count $__belay_words) -le 1024; or set __belay_over 1
        set __belay_words $__belay_words[1..1024]
        if abbr -q -- $__belay_words
            set -l __belay_abbrs (abbr --show)
            for __belay_w in $__belay_words
                abbr -q -- $__belay_w; or continue
                set __belay_v (string match -- "abbr -a -- "(string escape -- $__belay_w)" *" $__belay_abbrs)
                if test (count $__belay_v) = 1; and not contains -- a:$__belay_w $__belay_seen
                    set -a __belay_seen a:$__belay_w
                    set -a __belay_st $__belay_v
                    set -a __belay_more $__belay_v
                end
            end
        end
        for __belay_w in $__belay_words
            if contains -- f:$__belay_w $__belay_seen; or not functions -q -- $__belay_w
                continue
            end
            set -a __belay_seen f:$__belay_w
            if not string match -q -- "$__fish_data_dir/*" (functions --details -- $__belay_w)
                set __belay_v (functions -- $__belay_w | string collect)
                set -a __belay_st $__belay_v
                set -a __belay_more $__belay_v
            end
        end
        test -n "$__belay_more"; or break
        set __belay_text (string join \n -- $__belay_more | string collect)
    end
    set __belay_st (string join \n -- $__belay_st | string collect)
    # Functions calling functions deeper than the passes, or more names
    # than it looks up: what those are is not passed, so belay must not
    # take them as unset or as programs.
    if test (string length -- "$__belay_st") -gt $__belay_state_max; or test -n "$__belay_more"; or test $__belay_over = 1
        set __belay_st ''
        set __belay_st_dropped 1
    end
end

# The resident belay (belay serve): one per shell, so that an ordinary
# Enter costs no process start. It only ever says "run it", for lines
# belay hook would let through without a word; every other line, and
# any trouble with the server (not started, dead, slow, replaced, an
# answer that is not one), goes to belay hook as before. fish can keep
# no pipe open and its read has no time limit, so requests and answers
# are files in a private directory (mktemp -d), and the hook looks for
# the answer a few thousand times at most, while the server lives. It is
# off with BELAY_HOOK_SERVE=0, and after 3 failures in this shell.
# Loaded again (source config.fish): the server of the last load ends,
# rather than running on, forgotten, until the shell does.
if functions -q __belay_srv_stop; and set -q __belay_srv_pid[1]; and test -n "$__belay_srv_pid"
    __belay_srv_stop 1
end
set -g __belay_srv_dir ''
set -g __belay_srv_pid ''
set -g __belay_srv_bin ''
set -g __belay_srv_ready 0
set -g __belay_srv_id 0
set -g __belay_srv_fails 0
# The looks for an answer (and for the server's start): 64 times 64 at
# most. (A loop over a long list starts by copying it: two short ones.)
set -g __belay_srv_spins (string split '' (string repeat -n 64 x))

# __belay_srv_wait FILE looks for FILE while the server lives.
function __belay_srv_wait -a f
    for i in $__belay_srv_spins
        for j in $__belay_srv_spins
            test -e $f; and return 0
            test -d /proc/$__belay_srv_pid; or return 1
        end
    end
    return 1
end

# __belay_srv_start BIN starts a server.
function __belay_srv_start -a bin
    test $__belay_srv_fails -lt 3 -a "$BELAY_HOOK_SERVE" != 0 -a -z "$__belay_srv_dir"; or return 1
    # In memory where there is a place for it: a file per Enter.
    set -l base /tmp
    # Only a directory of this user's own, or a sticky one (/tmp, /dev/shm),
    # where others cannot rename what is not theirs: in another user's
    # (su keeps the user's XDG_RUNTIME_DIR in root's shell) its owner could
    # put files of their own in place of the server's, and answer for it.
    set -q TMPDIR[1]; and test -n "$TMPDIR" -a -O "$TMPDIR"; and set base $TMPDIR
    test -d /dev/shm -a -w /dev/shm -a -k /dev/shm; and set base /dev/shm
    set -q XDG_RUNTIME_DIR[1]; and test -d "$XDG_RUNTIME_DIR" -a -w "$XDG_RUNTIME_DIR" -a -O "$XDG_RUNTIME_DIR"; and set base $XDG_RUNTIME_DIR
    # mktemp -d makes it 0700.
    set -l dir (command mktemp -d "$base/belay-hook.XXXXXXXX" 2>/dev/null)
    if test $status -ne 0; or not string match -q '/*' -- "$dir"
        set -g __belay_srv_fails (math $__belay_srv_fails + 1)
        return 1
    end
    command $bin serve --shell fish --dir $dir --parent $fish_pid </dev/null >/dev/null 2>&1 &
    set -g __belay_srv_pid $last_pid
    disown $last_pid 2>/dev/null
    set -g __belay_srv_dir $dir
    set -g __belay_srv_bin $bin
    set -g __belay_srv_ready 0
end

# __belay_srv_stop forgets the server; with 1, it ends it as well.
function __belay_srv_stop
    if test "$argv[1]" = 1 -a -n "$__belay_srv_pid"; and test -d /proc/$__belay_srv_pid
        # CONT, so that a stopped server (SIGSTOP) gets the TERM and ends.
        command kill -TERM $__belay_srv_pid 2>/dev/null; and command kill -CONT $__belay_srv_pid 2>/dev/null
    end
    # Its directory goes too: a server that never started, or was killed,
    # cannot take it; only under the name the hook gave it.
    set -l dir $__belay_srv_dir
    if string match -qr '^/[^\n]*/belay-hook\.[A-Za-z0-9]{8}\z' -- "$dir"; and test -d "$dir" -a ! -L "$dir"
        command rm -rf -- $dir 2>/dev/null
    end
    set -g __belay_srv_dir ''
    set -g __belay_srv_pid ''
    set -g __belay_srv_bin ''
    set -g __belay_srv_ready 0
end

# __belay_srv_fail stops the server after a failure, and counts it.
function __belay_srv_fail
    __belay_srv_stop 1
    set -g __belay_srv_fails (math $__belay_srv_fails + 1)
    return 1
end

# __belay_srv_ask LINE TIMEOUT returns 0 to run LINE, 1 to ask belay
# hook. __belay_state has run for LINE.
function __belay_srv_ask -a line t
    set -l dir $__belay_srv_dir
    test -n "$dir" -a -n "$__belay_srv_pid"; or return 1
    # Lines past 8192 characters (up to 32 KiB) go to belay hook.
    test (string length -- "$line$__belay_st") -le 8192; or return 1
    test -d /proc/$__belay_srv_pid; or __belay_srv_fail; or return 1
    if test $__belay_srv_ready = 0
        # Its start, at the first line (a loaded machine starts a process
        # slowly, once): several rounds of looks, while it lives.
        for round in 1 2 3 4 5 6 7 8
            __belay_srv_wait $dir/ready; and break
            test -d /proc/$__belay_srv_pid; or break
        end
        test -e $dir/ready; or __belay_srv_fail; or return 1
        set -g __belay_srv_ready 1
    end
    set -l tty 0
    if test -t 0; or test -t 2
        set tty 1
    end
    set -g __belay_srv_id (math $__belay_srv_id + 1)
    set -l id $__belay_srv_id.(random)
    # The exported variables, as a process started here gets them: a
    # quoted path variable is joined with colons, any other with spaces.
    begin
        printf '%s\0' belay-serve-1 $id $PWD
        builtin pwd -P
        printf '\0%s\0%s\0%s\0%s\0%s\0' $tty $__belay_st_dropped $t "$__belay_st" "$line"
        for v in (set -nx)
            printf '%s=%s\0' $v "$$v"
        end
    end >$dir/r.$id 2>/dev/null
    or __belay_srv_fail; or return 1
    set -l f $dir/a.$id
    set -l reply
    __belay_srv_wait $f; and read -l reply <$f
    switch "$reply"
        case "$id 0"
            return 0
        case "$id -"
            return 1
        case "$id x" # a slow line: the server ends
            __belay_srv_stop
            return 1
    end
    __belay_srv_fail
end

# __belay_check LINE [ROWS-BELOW ROWS-ABOVE] asks belay about LINE. It
# returns 0 to run the line and anything else to keep it off. belay
# answers with its exit status:
#
#	0        run the line
#	1, 3     keep it off (blocked, declined; confirmation needed, no terminal)
#	130      Ctrl-C while belay judged: keep it off
#	126, 127 and any other signal: belay cannot run, or was killed: run
#	         the line, with a warning and a record
#	anything else (2, garbage): belay failed: keep it off, with an error
#	         and a record
#
# A belay that is slow answers itself: its watchdog asks (y/N). belay
# writes its messages clear of the rows of the buffer below the cursor and
# leaves room for the rows above it, which fish climbs when it repaints.
function __belay_check
    set -l rows --rows-below 0 --rows-above 0
    if set -q argv[3]
        set rows --rows-below $argv[2] --rows-above $argv[3]
    end
    set -l bin $__belay_default_bin
    if set -q BELAY_BIN[1]; and test -n "$BELAY_BIN"
        set bin $BELAY_BIN
    end
    set -l name $bin
    set -l t 2
    # Linux passes at most 128 KiB in one argument: a longer line could not
    # reach belay, and must not run unchecked for it.
    set -l len (string length -- "$argv[1]")
    if test $len -gt 32768
        printf 'belay: blocked: the line is too long to check (%d characters); put it in a script and run belay scan on it\n' $len >&2
        return 1
    end
    if set -q BELAY_HOOK_TIMEOUT[1]; and string match -qr '^[0-9]+(\.[0-9]+)?$' -- $BELAY_HOOK_TIMEOUT
        set t $BELAY_HOOK_TIMEOUT
    end
    if not string match -q '*/*' -- $bin
        set bin (command -s -- $bin; or echo $bin)
    end
    if not test -f "$bin" -a -x "$bin"
        __belay_unchecked "$name: no such program" $argv[1]
        return 0
    end
    # timeout(1) is the backstop for a belay that hangs before its
    # watchdog starts: it must give the watchdog (at $t) time to ask first.
    set -l hard (math (string split -f1 . -- $t) + 2)
    string match -qr '^0*(\.0*)?$' -- $t; and set hard 0
    # What the session holds that the line refers to (__belay_state).
    set -l st
    __belay_state $argv[1]
    # The resident belay answers the ordinary lines.
    if test -n "$__belay_srv_dir"; and test "$bin" != "$__belay_srv_bin" -o "$BELAY_HOOK_SERVE" = 0
        __belay_srv_stop 1
    end
    test -z "$__belay_srv_dir"; and __belay_srv_start $bin
    __belay_srv_ask $argv[1] $t; and return 0
    test -n "$__belay_st"; and set st --state=$__belay_st
    test $__belay_st_dropped = 1; and set -a st --state-dropped
    if test $__belay_timeout = 1
        BELAY_HOOK_TIMEOUT=$t command timeout --foreground --preserve-status $hard $bin hook $rows $st --shell fish -- $argv[1]
    else
        BELAY_HOOK_TIMEOUT=$t $bin hook $rows $st --shell fish -- $argv[1]
    end
    set -l rc $status
    switch $rc
        case 0 1 3 4
            return $rc
        case 130 # Ctrl-C while belay judged: not run
            return 1
        case 126 127
            __belay_unchecked "$bin: cannot run it (status $rc)" $argv[1]
        case '*'
            if test $rc -eq 143 -a $__belay_timeout = 1
                # timeout(1) ended a belay that hung before its watchdog.
                __belay_unchecked "no verdict within "$hard"s" $argv[1]
            else if test $rc -gt 128
                __belay_unchecked "belay was killed by "(fish_status_to_signal $rc) $argv[1]
            else
                __belay_failed "belay failed with status $rc" $argv[1]
                return 2
            end
    end
    return 0
end

# __belay_enter is bound to Enter: it runs the line, or keeps it.
function __belay_enter
    # Enter in the completion pager picks the entry; an unfinished line
    # gets fish's newline, an invalid one fish's error: nothing runs.
    if commandline --paging-mode; or not commandline --is-valid
        commandline -f execute
        return
    end
    set -l line (commandline | string collect)
    if not string match -qr '\S' -- $line; or string match -qr '^\s*__belay_off\s*$' -- $line
        commandline -f execute
        return
    end
    # Rows of the buffer above and below the cursor, counted on the same
    # text: a paste that ends in a newline leaves the cursor on a row of
    # its own, which `string collect` would drop from the line.
    set -l above 0
    set -l below 0
    set -l rows (count (commandline | string collect -N | string split \n))
    if test $rows -gt 1
        set above (math (count (commandline --cut-at-cursor | string collect -N | string split \n)) - 1)
        set below (math $rows - 1 - $above)
        test $below -ge 0; or set below 0
    end
    if __belay_check $line $below $above
        commandline -f execute
    else
        # fish repaints from the first row of the prompt: make room for
        # the rows of the prompt above its last.
        set -l prompt_rows (count (fish_prompt 2>/dev/null | string collect -N | string split \n))
        if test $prompt_rows -gt 1
            string repeat -N -n (math $prompt_rows - 1) \n
        end
        # Stopped or declined: from fish 4 (history append) the line goes
        # into the history, where Up brings it back, and the prompt starts
        # afresh, so that what is typed next is not appended to it. fish 3
        # cannot add to its history: the line stays in the buffer there.
        if test (string split -f1 . -- $version) -ge 4 2>/dev/null
            builtin history append -- $line
            commandline -r ''
        end
        commandline -f repaint
    end
end

# __belay_bind binds Enter in the default mode (also vi's normal mode)
# and in vi's insert mode.
function __belay_bind
    bind \r __belay_enter
    bind \n __belay_enter
    bind -M insert \r __belay_enter
    bind -M insert \n __belay_enter
end
__belay_bind

# The resident belay starts with the shell, when belay is named by its path.
if set -q BELAY_BIN[1]; and test -n "$BELAY_BIN"
    string match -q '/*' -- $BELAY_BIN; and __belay_srv_start $BELAY_BIN
else
    string match -q '/*' -- $__belay_default_bin; and __belay_srv_start $__belay_default_bin
end

end
