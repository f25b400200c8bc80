package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// judgedState is judged with the session state a hook passes.
func judgedState(t *testing.T, o checkOpts, line string) (*app, *verdict) {
	t.Helper()
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: testAuditEnv(t), environ: func() []string { return nil },
		cwd: "/home/u", impactBudget: 30 * time.Second}
	a.out = newOutput(a.stderr, a.getenv, "never")
	o.root, o.color = "/", "never"
	if o.shell == "" {
		o.shell = "bash"
	}
	v, err := a.judge(&o, line, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a, v
}

func TestHookStateArgs(t *testing.T) {
	o, _, _, line, warnings := parseHookArgs([]string{"--state=D='/srv/app'", "--state-dropped", "--shell", "zsh", "--", "rm", "-rf", "$D"})
	if o.state != "D='/srv/app'" || !o.stateDropped || o.shell != "zsh" || line != "rm -rf $D" || len(warnings) > 0 {
		t.Errorf("got state %q dropped %v shell %s line %q warnings %q", o.state, o.stateDropped, o.shell, line, warnings)
	}
	o, _, _, line, _ = parseHookArgs([]string{"--state", "x=1", "--", "ls"})
	if o.state != "x=1" || o.stateDropped || line != "ls" {
		t.Errorf("got state %q dropped %v line %q", o.state, o.stateDropped, line)
	}
}

func TestSessionWhy(t *testing.T) {
	for _, tt := range []struct {
		shell, state, line, decision, why string
	}{
		{"bash", `D='/srv/app'`, `rm -rf "$D"/*`, "confirm", "D is /srv/app here (set in this shell)"},
		{"zsh", `D='/srv/app'`, `rm -rf $D/*`, "confirm", "D is /srv/app here (set in this shell)"},
		{"fish", `set -g -- D /srv/app`, `rm -rf $D/*`, "confirm", "D is /srv/app here (set in this shell)"},
		{"bash", `D='/tmp/x/build'`, `rm -rf "$D"`, "allow", ""},
		{"bash", ``, `rm -rf "$D"/*`, "block", ""},
		{"bash", `alias -- 'x=rm -rf /'`, `x`, "block", ""},
		{"bash", "f () \n{ \n    rm -rf /\n}", `f`, "block", ""},
		// Ordinary sessions stay ordinary.
		{"bash", `alias -- 'll=ls -l'`, `ll /tmp`, "allow", ""},
		{"bash", "alias -- 'gs=git status'\nalias -- 'rm=rm -i'", `gs && rm build.log`, "allow", ""},
		{"bash", "mkcd () \n{ \n    mkdir -p \"$1\" && cd \"$1\"\n}", `mkcd build`, "allow", ""},
		{"zsh", `alias -g -- 'L=| less'`, `ls -la L`, "allow", ""},
		{"fish", "abbr -a -- gco 'git checkout'", `gco main`, "allow", ""},
		{"fish", "function ll --wraps='ls -l' --description 'alias ll=ls -l'\n  ls -l $argv\nend", `ll /tmp`, "allow", ""},
		{"bash", `D='/home/u/project/build'`, `rm -rf "$D"`, "allow", ""},
		// A state that is not only definitions is ignored: as without it.
		{"bash", "D='/tmp/x'\nreboot", `rm -rf "$D"/*`, "block", ""},
	} {
		a, v := judgedState(t, checkOpts{shell: tt.shell, state: tt.state}, tt.line)
		if got := v.decision.Action.String(); got != tt.decision {
			t.Errorf("%s %q with %q: %s, want %s", tt.shell, tt.line, tt.state, got, tt.decision)
		}
		why := ""
		for _, f := range v.decision.Findings {
			if w := sessionWhy(f, v.analysis.Session); w != "" {
				why = w
			}
		}
		if why != tt.why {
			t.Errorf("%s %q with %q: why %q, want %q", tt.shell, tt.line, tt.state, why, tt.why)
		}
		if strings.Contains(tt.state, "reboot") != strings.Contains(a.stderr.(*bytes.Buffer).String(), "judged without it") {
			t.Errorf("%s %q with %q: warning %q", tt.shell, tt.line, tt.state, a.stderr)
		}
	}
	_, v := judgedState(t, checkOpts{stateDropped: true}, `x`)
	if got := v.decision.Action.String(); got != "confirm" {
		t.Errorf("with the state dropped, x is %s, want confirm", got)
	}
}
