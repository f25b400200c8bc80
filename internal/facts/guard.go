package facts

import (
	"errors"
	"path"
	"strings"
	"syscall"
)

// Guarded is a file (or directory) whose change would switch belay or an
// AI agent's hooks off: belay's configuration, packs, caches, log and
// binary, an agent's hook settings. The caller names them (internal/agent
// holds the list); path.guards-agent says whether a target touches one.
type Guarded struct {
	// Path is absolute, or with Tail the last components of a path in any
	// directory (".claude/settings.json" of every project). A component
	// "*" stands for any one name (/home/*/.codex).
	Path string
	Tail bool
	What string // what it is, for the fact's detail: "Claude Code's settings"
}

// maxGuardComponents bounds the components of a target compared: a path
// longer than this is compared by its first components only.
const maxGuardComponents = 256

// guardsAgent answers path.guards-agent for target: it holds when target
// is a guarded file, lies below a guarded directory, or is a directory
// that holds one (deleting, moving or chmod'ing it reaches the file), as
// written or as it resolves through symbolic links on the host. A target
// may be a glob: it holds when some path the glob could match does.
func (h *Host) guardsAgent(target string) Answer {
	if ok, what := matchGuarded(target, h.opt.Guarded); ok {
		return Answer{Holds: true, Detail: target + ": " + what}
	}
	if strings.ContainsAny(target, "*?[") {
		return Answer{Detail: target + ": none of belay's or the agents' files"}
	}
	// A link planted earlier (ln -s ~/.claude/settings.json /tmp/x) leads
	// a write through /tmp/x to the file: judge where the path leads.
	resolved, _, err := h.resolve(target)
	if err == nil || !errors.Is(err, syscall.ELOOP) {
		if resolved != target {
			if ok, what := matchGuarded(resolved, h.opt.Guarded); ok {
				return Answer{Holds: true, Detail: target + " -> " + resolved + ": " + what}
			}
		}
	}
	return Answer{Detail: target + ": none of belay's or the agents' files"}
}

// matchGuarded says whether target touches one of gs, and what that is.
func matchGuarded(target string, gs []Guarded) (bool, string) {
	tc := splitPath(target)
	if len(tc) > maxGuardComponents {
		tc = tc[:maxGuardComponents]
	}
	for _, g := range gs {
		gc := splitPath(g.Path)
		if len(gc) == 0 {
			continue
		}
		if g.Tail && tailTouches(tc, gc) || !g.Tail && headTouches(tc, gc) {
			return true, g.What
		}
	}
	return false, ""
}

// headTouches says whether the absolute paths t and g lie on one line:
// one is the other, or below it.
func headTouches(t, g []string) bool {
	for i := range min(len(t), len(g)) {
		if !componentMatch(t[i], g[i]) {
			return false
		}
	}
	return true
}

// tailTouches says whether t, anywhere, holds the components g in a row
// (t is the file, or below it), or ends with the first of them (t is a
// directory holding it: a project's .claude).
func tailTouches(t, g []string) bool {
	for i := range t {
		ok := true
		for j := 0; j < len(g) && i+j < len(t); j++ {
			if !componentMatch(t[i+j], g[j]) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// componentMatch says whether a target's component t (a glob, or a name)
// could name the guarded component g ("*" for any name).
func componentMatch(t, g string) bool {
	if g == "*" || t == g {
		return true
	}
	if strings.ContainsAny(t, "*?[") {
		ok, err := path.Match(t, g)
		return ok || err != nil
	}
	return false
}
