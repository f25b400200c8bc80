# /etc/profile.d/belay.sh: load belay's bash hook in interactive bash, once
# the admin has switched the hooks on with: touch /etc/belay/hooks-enabled
#
# Login shells read this through /etc/profile. For the others, source it
# from /etc/bash.bashrc:
#
#     [ -r /etc/profile.d/belay.sh ] && . /etc/profile.d/belay.sh
#
# It is read by every sh that reads /etc/profile, so it is plain sh and does
# nothing outside interactive bash. Loading twice in one shell is harmless:
# the second time is skipped.
if [ -n "${BASH_VERSION-}" ] && [ -z "${__belay_profile_loaded-}" ] &&
	[ -e /etc/belay/hooks-enabled ] && [ -x /usr/bin/belay ]; then
	case $- in
	*i*)
		__belay_profile_loaded=1
		eval "$(/usr/bin/belay init bash)"
		;;
	esac
fi
