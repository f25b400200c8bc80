package agent

import (
	"path"
	"strings"

	"github.com/belay-sh/belay/internal/facts"
)

// The files that switch belay or an agent's hooks off: what the fact
// path.guards-agent holds for, so that the agent pack stops an agent that
// writes, deletes, moves or chmods them through any of its tools.

// systemGuarded are belay's files, and the agents' system-wide settings.
var systemGuarded = []facts.Guarded{
	{Path: "/etc/belay", What: "belay's configuration, rule packs and hook switch"},
	{Path: "/etc/sudo.conf", What: "sudo's plugin list, which loads belay's approval plugin"},
	{Path: "/usr/bin/belay", What: "belay"},
	{Path: "/usr/local/bin/belay", What: "belay"},
	{Path: "/usr/local/bin/belay-sh", What: "belay's login shell"},
	{Path: "/usr/lib/belay", What: "belay's sudo approval plugin"},
	{Path: "/var/cache/belay", What: "belay's parsed-pack cache"},
	{Path: "/var/log/belay", What: "belay's decision log"},
	{Path: "/etc/profile.d/belay.sh", What: "belay's shell hook loader"},
	{Path: "/usr/share/belay", What: "belay's shell hook loaders"},
	{Path: "/usr/share/fish/vendor_conf.d/belay.fish", What: "belay's fish hook loader"},
	{Path: "/etc/claude-code", What: "Claude Code's managed settings"},
	{Path: "/etc/codex", What: "Codex's system configuration"},
	{Path: "/etc/gemini-cli", What: "Gemini CLI's system settings"},
	{Path: "/etc/cursor", What: "Cursor's system hooks"},
}

// homeGuarded are the files below a home directory, relative to it.
var homeGuarded = []facts.Guarded{
	{Path: ".config/belay", What: "the user's belay configuration and packs"},
	{Path: ".cache/belay", What: "belay's pack cache"},
	{Path: ".local/state/belay", What: "the user's belay decision log"},
	{Path: ".claude/settings.json", What: "Claude Code's settings, which hold its hooks"},
	{Path: ".claude/settings.local.json", What: "Claude Code's settings, which hold its hooks"},
	{Path: ".codex/hooks.json", What: "Codex's hooks"},
	{Path: ".codex/config.toml", What: "Codex's configuration, which may hold or switch off its hooks"},
	{Path: ".gemini/settings.json", What: "Gemini CLI's settings, which hold its hooks"},
	{Path: ".cursor/hooks.json", What: "Cursor's hooks"},
	{Path: ".copilot/hooks", What: "Copilot CLI's hooks"},
	{Path: ".copilot/settings.json", What: "Copilot CLI's settings, which may hold its hooks"},
	{Path: ".copilot/config.json", What: "Copilot CLI's configuration"},
}

// projectGuarded are the files of any project an agent works in.
var projectGuarded = []facts.Guarded{
	{Path: ".claude/settings.json", Tail: true, What: "a project's Claude Code settings, which may hold hooks"},
	{Path: ".claude/settings.local.json", Tail: true, What: "a project's Claude Code settings, which may hold hooks"},
	{Path: ".codex/hooks.json", Tail: true, What: "a project's Codex hooks"},
	{Path: ".codex/config.toml", Tail: true, What: "a project's Codex configuration"},
	{Path: ".gemini/settings.json", Tail: true, What: "a project's Gemini CLI settings, which may hold hooks"},
	{Path: ".cursor/hooks.json", Tail: true, What: "a project's Cursor hooks"},
	{Path: ".github/hooks", Tail: true, What: "a repository's Copilot hooks"},
	{Path: ".github/copilot/settings.json", Tail: true, What: "a repository's Copilot CLI settings"},
	{Path: ".github/copilot/settings.local.json", Tail: true, What: "a repository's Copilot CLI settings"},
}

// Guarded returns the files that switch belay or the agents' hooks off:
// belay's own and the agents' system settings, those below every home
// (/root, /home/*, and HOME), those the environment moves (XDG_CONFIG_HOME,
// XDG_CACHE_HOME, XDG_STATE_HOME, CLAUDE_CONFIG_DIR, CODEX_HOME,
// COPILOT_HOME), those of any project, and extra (the log belay writes,
// the binary the hook runs, files the caller knows of).
func Guarded(getenv func(string) string, extra ...facts.Guarded) []facts.Guarded {
	out := append([]facts.Guarded(nil), systemGuarded...)
	homes := []string{"/root", "/home/*"}
	if h := getenv("HOME"); strings.HasPrefix(h, "/") {
		homes = append(homes, path.Clean(h))
	}
	for _, h := range homes {
		for _, g := range homeGuarded {
			out = append(out, facts.Guarded{Path: path.Join(h, g.Path), What: g.What})
		}
	}
	moved := []struct{ env, sub, what string }{
		{"XDG_CONFIG_HOME", "belay", "the user's belay configuration and packs"},
		{"XDG_CACHE_HOME", "belay", "belay's pack cache"},
		{"XDG_STATE_HOME", "belay", "the user's belay decision log"},
		{"CLAUDE_CONFIG_DIR", "settings.json", "Claude Code's settings, which hold its hooks"},
		{"CLAUDE_CONFIG_DIR", "settings.local.json", "Claude Code's settings, which hold its hooks"},
		{"CODEX_HOME", "hooks.json", "Codex's hooks"},
		{"CODEX_HOME", "config.toml", "Codex's configuration, which may hold or switch off its hooks"},
		{"COPILOT_HOME", "hooks", "Copilot CLI's hooks"},
		{"COPILOT_HOME", "settings.json", "Copilot CLI's settings, which may hold its hooks"},
	}
	for _, m := range moved {
		if d := getenv(m.env); strings.HasPrefix(d, "/") {
			out = append(out, facts.Guarded{Path: path.Join(d, m.sub), What: m.what})
		}
	}
	out = append(out, projectGuarded...)
	for _, g := range extra {
		if g.Tail || strings.HasPrefix(g.Path, "/") {
			out = append(out, g)
		}
	}
	return out
}
