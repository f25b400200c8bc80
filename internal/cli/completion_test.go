package cli

import (
	"flag"
	"github.com/belay-sh/belay/internal/testtool"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// belayOnPath puts a program named belay on PATH for the shells the test
// starts: this test binary, which runs Main under that name (TestMain),
// reading no fleet or user configuration.
func belayOnPath(t *testing.T) []string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(exe, filepath.Join(dir, "belay")); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(),
		"PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"HOME="+dir, "XDG_CONFIG_HOME="+dir+"/config", "XDG_CACHE_HOME="+dir+"/cache",
		"BELAY_ETC="+dir+"/etc", "BELAY_RULES=", "NO_COLOR=1")
}

// TestCompletionSyntax: each script passes its shell's own syntax check.
func TestCompletionSyntax(t *testing.T) {
	checks := map[string][]string{
		"bash": {"bash", "-n"},
		"zsh":  {"zsh", "-n"},
		"fish": {"fish", "--no-execute"},
	}
	for _, sh := range completionShells {
		t.Run(sh, func(t *testing.T) {
			script, ok := Completion(sh)
			if !ok {
				t.Fatalf("no completion for %s", sh)
			}
			argv := checks[sh]
			testtool.Need(t, argv[0])
			f := filepath.Join(t.TempDir(), "belay."+sh)
			if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(argv[0], append(argv[1:], f)...).CombinedOutput()
			if err != nil || len(out) > 0 {
				t.Fatalf("%s %s: %v\n%s", strings.Join(argv, " "), f, err, out)
			}
		})
	}
}

// completionCases are lines typed before Tab and some of what each must
// offer (want) and must not (not). Rule ids come from the belay on PATH.
var completionCases = []struct {
	line      string
	want, not []string
}{
	{"belay ", []string{"check", "explain", "exec", "rules", "facts", "completion"}, []string{"hook", "man", "approve"}},
	{"belay c", []string{"check", "completion"}, []string{"rules"}},
	{"belay check --", []string{"--json", "--no-prompt", "--root", "--shell", "--observe", "--config"}, nil},
	{"belay check --shell ", []string{"bash", "zsh", "fish", "sh"}, nil},
	{"belay check --root /tmp --shell f", []string{"fish"}, []string{"bash"}},
	{"belay rules ", []string{"list", "show", "test", "lint", "new"}, nil},
	{"belay rules show filesystem.delete-r", []string{"filesystem.delete-root"}, []string{"list"}},
	{"belay rules list --", []string{"--rules"}, nil},
	{"belay init ", []string{"bash", "zsh", "fish"}, nil},
	{"belay completion ", []string{"bash", "zsh", "fish"}, nil},
	{"belay facts --", []string{"--root", "--json"}, nil},
	{"belay exec rm -", nil, []string{"--json", "--help"}},
}

// TestCompletionBash drives the bash script as bash's completion does:
// COMP_WORDS and COMP_CWORD set, _belay called, COMPREPLY read.
func TestCompletionBash(t *testing.T) {
	bash := testtool.Need(t, "bash")
	env := belayOnPath(t)
	script, _ := Completion("bash")
	f := filepath.Join(t.TempDir(), "belay.bash")
	if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range completionCases {
		if !hasCommand(c.line) {
			continue
		}
		// COMP_WORDS is the line split on blanks, with an empty last word
		// when the line ends in one.
		words := strings.Split(c.line, " ")
		prog := `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _belay; printf '%s\n' "${COMPREPLY[@]}"`
		cmd := exec.Command(bash, append([]string{"-c", prog, "bash", f}, words...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%q: %v\n%s", c.line, err, out)
			continue
		}
		checkOffered(t, c.line, strings.Fields(string(out)), c.want, c.not)
	}
}

// TestCompletionFish asks fish itself: complete -C LINE.
func TestCompletionFish(t *testing.T) {
	fish := testtool.Need(t, "fish")
	env := belayOnPath(t)
	script, _ := Completion("fish")
	f := filepath.Join(t.TempDir(), "belay.fish")
	if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range completionCases {
		if !hasCommand(c.line) {
			continue
		}
		cmd := exec.Command(fish, "--no-config", "-c", `source $argv[1]; complete -C $argv[2] | string replace -r '\t.*' ''; or true`, f, c.line)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%q: %v\n%s", c.line, err, out)
			continue
		}
		checkOffered(t, c.line, strings.Split(strings.TrimSpace(string(out)), "\n"), c.want, c.not)
	}
}

// hasCommand says whether the subcommand a line is about is in the table
// (init lands separately); a line still typing it is about none.
func hasCommand(line string) bool {
	words := strings.Fields(line)[1:]
	if len(words) == 0 || len(words) == 1 && !strings.HasSuffix(line, " ") {
		return true
	}
	return lookup(words[0]) != nil
}

func checkOffered(t *testing.T, line string, got, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%q: %q not offered; got %q", line, w, got)
		}
	}
	for _, n := range not {
		if slices.Contains(got, n) {
			t.Errorf("%q: %q offered; got %q", line, n, got)
		}
	}
}

// TestCheckFlagsDocumented: every flag of check is in its help, which is
// generated from the flags the man page and the completion scripts use.
func TestCheckFlagsDocumented(t *testing.T) {
	a := &app{}
	var o checkOpts
	help := lookup("check").help()
	a.checkFlags("check", &o).VisitAll(func(f *flag.Flag) {
		if !strings.Contains(help, "--"+f.Name) {
			t.Errorf("check --%s is not in its help", f.Name)
		}
	})
}

// TestCompletionCommand: the subcommand prints a script, and refuses a
// shell it has none for.
func TestCompletionCommand(t *testing.T) {
	code, out := runApp(t, "completion", "zsh")
	if code != 0 || !strings.HasPrefix(out, "#compdef belay\n") {
		t.Errorf("completion zsh: exit %d\n%s", code, out)
	}
	if code, out := runApp(t, "completion", "tcsh"); code != ExitUsage || !strings.Contains(out, "no completion for 'tcsh'") {
		t.Errorf("completion tcsh: exit %d\n%s", code, out)
	}
	if code, _ := runApp(t, "completion"); code != ExitUsage {
		t.Errorf("completion without a shell: exit %d", code)
	}
}
