package facts

import "testing"

var testGuarded = []Guarded{
	{Path: "/etc/belay", What: "belay's configuration"},
	{Path: "/etc/sudo.conf", What: "sudo's plugins"},
	{Path: "/home/u/.config/belay", What: "the user's belay configuration"},
	{Path: "/home/*/.claude/settings.json", What: "Claude Code's settings"},
	{Path: ".claude/settings.json", Tail: true, What: "a project's Claude Code settings"},
	{Path: ".github/hooks", Tail: true, What: "a repository's Copilot hooks"},
}

// TestMatchGuarded: a target touches a guarded file when it is the file,
// lies below it, or holds it; globs match what they could name.
func TestMatchGuarded(t *testing.T) {
	for _, c := range []struct {
		target string
		want   bool
	}{
		{"/etc/belay", true},
		{"/etc/belay/belay.toml", true},
		{"/etc/belay/rules.d/team.toml", true},
		{"/etc", true},
		{"/", true},
		{"/etc/*", true},
		{"/etc/b*", true},
		{"/etc/hosts", false},
		{"/etc/belayx", false},
		{"/etc/sudo.conf", true},
		{"/etc/sudoers", false},
		{"/home/u/.config/belay/rules.d/x.toml", true},
		{"/home/u/.config", true},
		{"/home/u/.config/git/config", false},
		{"/home/v/.claude/settings.json", true},
		{"/root/.claude/settings.json", true},
		{"/home/v/.claude", true},
		{"/home/v/.claude/CLAUDE.md", false},
		{"/srv/app/.claude/settings.json", true},
		{"/srv/app/.claude", true},
		{"/srv/app/.claude/commands/x.md", false},
		{"/srv/app/settings.json", false},
		{"/srv/app/.github/hooks/belay.json", true},
		{"/srv/app/.github", true},
		{"/srv/app/.github/workflows/ci.yml", false},
		{"/srv/app/.c*/settings.json", true},
		{"/srv/app/src/main.go", false},
		{"/tmp/x", false},
	} {
		if got, _ := matchGuarded(c.target, testGuarded); got != c.want {
			t.Errorf("matchGuarded(%q) = %v, want %v", c.target, got, c.want)
		}
	}
}

// TestGuardsAgentFacts: session.agent says whose hook belay judges for;
// path.guards-agent follows a symbolic link planted on the host, and an
// unknown path is no guarded file.
func TestGuardsAgentFacts(t *testing.T) {
	r := newRoot(t).file("/home/u/.config/belay/belay.toml", "").link("/tmp/x", "/home/u/.config/belay/belay.toml").
		link("/tmp/d", "/home/u/.config/belay")
	h := New(Options{Root: r.dir, Agent: "claude, session s1", Guarded: testGuarded})
	if a, _ := h.Ask(SessionAgent, ""); !a.Holds || a.Detail != "claude, session s1" {
		t.Errorf("session.agent = %+v", a)
	}
	if a, _ := New(Options{Root: r.dir}).Ask(SessionAgent, ""); a.Holds {
		t.Errorf("session.agent holds for a person: %+v", a)
	}
	for _, c := range []struct {
		target string
		want   bool
	}{
		{"/tmp/x", true},
		{"/tmp/d/new.toml", true},
		{"/tmp/y", false},
		{"", false},
	} {
		a, err := h.Ask(GuardsAgent, c.target)
		if err != nil || a.Holds != c.want {
			t.Errorf("path.guards-agent %q = %+v, %v; want holds %v", c.target, a, err, c.want)
		}
	}
}
