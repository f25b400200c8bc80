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
# seconds a check may take (default 2) before the line runs unchecked.

if status is-interactive

set -g __belay_default_bin '@BELAY_BIN@'

# belay bounds its own time (BELAY_HOOK_TIMEOUT, a watchdog inside it);
# timeout(1) around it as well costs one more process per Enter, so it is
# used only on request: BELAY_HOOK_HARD_TIMEOUT=1.
set -g __belay_timeout 0
if test "$BELAY_HOOK_HARD_TIMEOUT" = 1; and command timeout --foreground --preserve-status 5 true >/dev/null 2>&1
    set __belay_timeout 1
end

# __belay_unchecked REASON LINE [BIN] says, once, that LINE runs
# unchecked, and has BIN (a belay that can at least start) record it in
# the decision log, quietly and in the background.
function __belay_unchecked
    printf 'belay: warning: guard unavailable (%s); running unchecked\n' $argv[1] >&2
    set -q argv[3]; or return 0
    # An empty list in command position is an error in fish: two branches.
    if test $__belay_timeout = 1
        command timeout 5 $argv[3] audit-event fallback --shell fish --reason $argv[1] -- $argv[2] </dev/null >/dev/null 2>&1 &
    else
        command $argv[3] audit-event fallback --shell fish --reason $argv[1] -- $argv[2] </dev/null >/dev/null 2>&1 &
    end
    disown $last_pid 2>/dev/null
    return 0
end

# __belay_check LINE [ROWS-BELOW ROWS-ABOVE] asks belay about LINE. It
# returns 0 to run the line and anything else to keep it off. A missing,
# crashed or too slow belay is reported and returns 0. belay writes its
# messages clear of the rows of the buffer below the cursor and leaves
# room for the rows above it, which fish climbs when it repaints.
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
    if test $__belay_timeout = 1
        BELAY_HOOK_TIMEOUT=$t command timeout --foreground --preserve-status $t $bin hook $rows --shell fish -- $argv[1]
    else
        BELAY_HOOK_TIMEOUT=$t $bin hook $rows --shell fish -- $argv[1]
    end
    set -l rc $status
    # timeout(1) keeps the status of what it ended: SIGTERM.
    if test $rc -eq 143 -a $__belay_timeout = 1
        set rc 124
    end
    switch $rc
        case 0 1 3 4
            return $rc
        case 130 # Ctrl-C while belay judged: not run
            return 1
        case 124
            __belay_unchecked "no verdict within "$t"s" $argv[1] $bin
        case '*'
            if test $rc -gt 128
                __belay_unchecked "belay was killed by "(fish_status_to_signal $rc) $argv[1] $bin
            else
                __belay_unchecked "belay failed with status $rc" $argv[1] $bin
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
    if not string match -qr '\S' -- $line
        commandline -f execute
        return
    end
    set -l above 0
    set -l below 0
    if string match -qr '\n' -- $line
        set above (math (count (commandline --cut-at-cursor | string collect -N | string split \n)) - 1)
        set below (math (count (string split \n -- $line)) - 1 - $above)
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

end
