package crontab

import (
	"path"
	"path/filepath"
	"strings"
)

// DetectFormat tells a crontab's format from its path (/etc/crontab and
// /etc/cron.d hold system crontabs, cron's spool user crontabs), or else
// from its content: system when every job has a user-like word before its
// command (not one followed by an option) and at least one of them is root.
func DetectFormat(name string, data string) Format {
	slash := filepath.ToSlash(name)
	dir := path.Base(path.Dir(slash))
	switch {
	case strings.Contains(slash, "/spool/cron/") || dir == "crontabs":
		return User
	case dir == "cron.d" || path.Base(slash) == "crontab" && strings.HasSuffix(path.Dir(slash), "etc"):
		return System
	}
	jobs, root := 0, false
	system := true
	schedules(data, func(s schedule, ok bool) bool {
		if !ok {
			return true
		}
		jobs++
		user, rest := cutField(s.rest)
		next, _ := cutField(rest)
		// "ls -la" is a command and its option, not a user and a command.
		if !ValidUser(user) || next == "" || next[0] == '-' {
			system = false
			return false
		}
		root = root || user == "root"
		return true
	})
	if jobs > 0 && system && root {
		return System
	}
	return User
}

// Sniff reports whether the start of a file reads as a crontab: its first
// lines that are not blank, comments or variable settings are all jobs,
// and there is one.
func Sniff(head string) bool {
	jobs := 0
	ok := true
	schedules(head, func(s schedule, isJob bool) bool {
		if !isJob || s.bad != "" || s.rest == "" {
			ok = false
			return false
		}
		jobs++
		return jobs < 5
	})
	return ok && jobs > 0
}

// schedules calls f with each line of data that is not blank, a comment or
// a variable setting, split after its schedule (ok is false when it does
// not start like a job), until f returns false.
func schedules(data string, f func(s schedule, ok bool) bool) {
	lines(data, func(_ int, l string) bool {
		l = strings.Trim(l, " \t")
		if l == "" || l[0] == '#' {
			return true
		}
		if _, _, isEnv := parseEnv(l); isEnv {
			return true
		}
		return f(splitSchedule(l))
	})
}
