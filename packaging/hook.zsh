# /usr/share/belay/hook.zsh: load belay's zsh hook in interactive zsh, once
# the admin has switched the hooks on with: touch /etc/belay/hooks-enabled
#
# Debian's zsh has no drop-in directory; source this from /etc/zsh/zshrc
# (the package does not edit that file):
#
#     [[ -r /usr/share/belay/hook.zsh ]] && source /usr/share/belay/hook.zsh
if [[ -o interactive && -z ${__belay_profile_loaded-} && -e /etc/belay/hooks-enabled && -x /usr/bin/belay ]]; then
	__belay_profile_loaded=1
	eval "$(/usr/bin/belay init zsh)"
fi
