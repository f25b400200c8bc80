# /usr/share/fish/vendor_conf.d/belay.fish: load belay's fish hook in
# interactive fish, once the admin has switched the hooks on with:
#     touch /etc/belay/hooks-enabled
# fish reads every file in vendor_conf.d at startup; this one does nothing
# until then.
if status is-interactive; and not set -q __belay_profile_loaded; and test -e /etc/belay/hooks-enabled; and test -x /usr/bin/belay
    set -g __belay_profile_loaded 1
    /usr/bin/belay init fish | source
end
