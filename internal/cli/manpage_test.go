package cli

import (
	"bytes"
	"github.com/belay-sh/belay/internal/testtool"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestManPageRenders: man-db renders belay(1) without a warning, and the
// page has every section and every subcommand that is not hidden.
func TestManPageRenders(t *testing.T) {
	man := testtool.Need(t, "man")
	f := filepath.Join(t.TempDir(), "belay.1")
	if err := os.WriteFile(f, []byte(ManPage("1.2.3")), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(man, "--warnings", "-l", f)
	cmd.Env = append(os.Environ(), "MANWIDTH=80", "MANPAGER=cat", "PAGER=cat", "LC_ALL=C.UTF-8")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("man -l: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Fatalf("man --warnings -l warned:\n%s", stderr.String())
	}
	page := stdout.String()
	for _, want := range []string{"NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS",
		"ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO", "belay 1.2.3",
		"BELAY_ACK", "/etc/belay/belay.toml", "/etc/belay/hooks-enabled", "--no-prompt"} {
		if !strings.Contains(page, want) {
			t.Errorf("the rendered page lacks %q", want)
		}
	}
	for _, c := range commands {
		if c.hidden {
			continue
		}
		if !strings.Contains(page, "\n   "+c.name+"\n") {
			t.Errorf("no part of COMMANDS for %s", c.name)
		}
	}
	for _, fl := range lookup("check").flags {
		if !strings.Contains(page, "--"+fl.name) {
			t.Errorf("check --%s is not in the page", fl.name)
		}
	}
}

// TestManCommand: `belay man` prints the page with this build's version.
func TestManCommand(t *testing.T) {
	code, out := runApp(t, "man")
	if code != 0 || !strings.HasPrefix(out, `.\" belay(1)`) || !strings.Contains(out, `"belay `+Version+`"`) {
		t.Errorf("belay man: exit %d\n%.300s", code, out)
	}
}

func TestRoffText(t *testing.T) {
	for in, want := range map[string]string{
		"--root DIR":        `\-\-root DIR`,
		`a\b`:               `a\eb`,
		".hidden":           `\&.hidden`,
		"'quoted' at start": `\&'quoted' at start`,
		"it's fine":         "it's fine",
		"a → b…":            `a \[u2192] b\[u2026]`,
		"bell\x07 tab\t":    "bell tab ",
	} {
		if got := roffText(in); got != want {
			t.Errorf("roffText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRoffSynopsis(t *testing.T) {
	for in, want := range map[string]string{
		"check [--json] [--] COMMAND-LINE": `\fBcheck\fR [\fB\-\-json\fR] [\fB\-\-\fR] \fICOMMAND\-LINE\fR`,
		"completion bash|zsh":              `\fBcompletion\fR \fBbash\fR|\fBzsh\fR`,
		"exec ARGV...":                     `\fBexec\fR \fIARGV\fR.\|.\|.`,
	} {
		if got := roffSynopsis(strings.Fields(in), true); got != want {
			t.Errorf("roffSynopsis(%q) = %q, want %q", in, got, want)
		}
	}
	// A term's first word is bold even in capitals (an environment variable).
	if got := roffSynopsis([]string{"BELAY_ACK"}, false); got != `\fBBELAY_ACK\fR` {
		t.Errorf("term BELAY_ACK = %q", got)
	}
}

func TestParseHelp(t *testing.T) {
	text := `usage: belay x [--json] [--root DIR] FILE

Prose on two
lines.

flags:
  --json         print JSON
  --root DIR     read facts under DIR,
                 not /
  --fail-on ACTION exit 1 at ACTION
  a line without a gap

heading, with comma:
  0  zero
`
	got := parseHelp(text)
	want := []helpBlock{
		{heading: "usage", inline: "belay x [--json] [--root DIR] FILE"},
		{prose: []string{"Prose on two", "lines."}},
		{heading: "flags", prose: []string{"a line without a gap"}, items: []helpItem{
			{"--json", "print JSON"},
			{"--root DIR", "read facts under DIR, not /"},
			{"--fail-on ACTION", "exit 1 at ACTION"},
		}},
		{heading: "heading, with comma", items: []helpItem{{"0", "zero"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseHelp:\n got %+v\nwant %+v", got, want)
	}
}

// TestHelpShape: every help text parses into the shape the man page and
// the completion scripts read; a help whose flags are not found would
// silently drop them from both.
func TestHelpShape(t *testing.T) {
	main := parseHelp(mainHelp())
	if b := findBlock(main, "usage"); b == nil || len(b.synopsis) == 0 {
		t.Error("belay help has no usage: block with synopsis lines")
	}
	if b := findBlock(main, "commands"); b == nil || len(b.items) != len(visible()) {
		t.Error("belay help has no commands: block with an item for each subcommand")
	}
	for _, c := range commands {
		u := c.help()
		blocks := parseHelp(u)
		if len(blocks) == 0 || blocks[0].heading != "usage" || !strings.HasPrefix(blocks[0].inline, "belay "+c.name) {
			t.Errorf("%s's help does not start with \"usage: belay %s\"", c.name, c.name)
		}
		b := findBlock(blocks, "flags")
		if len(c.flags) > 0 && (b == nil || len(b.items) != len(c.flags)) {
			t.Errorf("%s's help: its %d flags are not read back from its flags: block", c.name, len(c.flags))
		}
		for _, text := range []string{c.about, c.more} {
			if b := findBlock(parseHelp(text), "flags"); b != nil {
				t.Errorf("%s's help has a flags: block of its own", c.name)
			}
		}
	}
}
