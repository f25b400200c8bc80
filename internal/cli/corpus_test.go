package cli

import (
	"bufio"
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The corpus (testdata/corpus/*.txt at the top of the repository) is
// belay's own collection of real-world lines, each with the verdict it must
// get from `belay check` with the built-in packs on an ordinary healthy host.
// One case a line:
//
//	EXPECT<TAB>LINE
//
// EXPECT is block, confirm, warn or allow, or stop (block or confirm) or
// pass (warn or allow). A "~" before it marks a known gap: the line does
// not get that verdict yet; the test fails when it does, so the mark is
// taken off. LINE is taken as written, or Go-quoted ("…\n…") when it starts
// with a double quote. Blank lines and lines starting with "#" are
// skipped; a "#!" line sets what the lines after it are checked with:
//
//	#! shell=fish cwd=/srv/app env=D=/srv,X=1
//	#! env="SSH_CONNECTION=10.0.0.5 51000 10.0.0.1 22"
//
// A directive's words are split at spaces outside double quotes, and the
// quotes are taken off: a value with spaces is quoted.
// The file's name (without .txt) is its family in the figures printed by
// `go test -run Corpus -v ./internal/cli`.
const corpusDir = "../../testdata/corpus"

type corpusCase struct {
	file, line string
	lineNo     int
	expect     string // block, confirm, warn, allow, stop, pass
	gap        bool
	shell, cwd string
	env        map[string]string
}

func readCorpus(t *testing.T) []corpusCase {
	t.Helper()
	// BELAY_CORPUS narrows the run to the files its glob names (e.g.
	// fresh-*), for working on one family.
	pattern := "*"
	if g := os.Getenv("BELAY_CORPUS"); g != "" {
		pattern = g
	}
	files, err := filepath.Glob(filepath.Join(corpusDir, pattern+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusCase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, parseCorpus(t, filepath.Base(f), data)...)
	}
	return out
}

func parseCorpus(t *testing.T, name string, data []byte) []corpusCase {
	t.Helper()
	var out []corpusCase
	ctx := corpusCase{file: strings.TrimSuffix(name, ".txt"), shell: "bash", cwd: "/home/u"}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		text := sc.Text()
		switch {
		case strings.HasPrefix(text, "#!"):
			ctx.shell, ctx.cwd, ctx.env = "bash", "/home/u", nil
			for _, kv := range directiveFields(text[2:]) {
				k, v, _ := strings.Cut(kv, "=")
				switch k {
				case "shell":
					ctx.shell = v
				case "cwd":
					ctx.cwd = v
				case "env":
					ctx.env = map[string]string{}
					for _, e := range strings.Split(v, ",") {
						ek, ev, _ := strings.Cut(e, "=")
						ctx.env[ek] = ev
					}
				default:
					t.Fatalf("%s:%d: unknown directive %q", name, n, k)
				}
			}
			continue
		case strings.TrimSpace(text) == "", strings.HasPrefix(text, "#"):
			continue
		}
		expect, line, ok := strings.Cut(text, "\t")
		if !ok {
			t.Fatalf("%s:%d: want EXPECT<TAB>LINE", name, n)
		}
		c := ctx
		c.lineNo = n
		c.gap = strings.HasPrefix(expect, "~")
		c.expect = strings.TrimPrefix(expect, "~")
		switch c.expect {
		case "block", "confirm", "warn", "allow", "stop", "pass":
		default:
			t.Fatalf("%s:%d: unknown verdict %q", name, n, expect)
		}
		if strings.HasPrefix(line, `"`) {
			u, err := strconv.Unquote(line)
			if err != nil {
				t.Fatalf("%s:%d: %v", name, n, err)
			}
			line = u
		}
		c.line = line
		out = append(out, c)
	}
	return out
}

// directiveFields splits a #! directive at spaces outside double quotes,
// taking the quotes off.
func directiveFields(s string) []string {
	var out []string
	var b strings.Builder
	quoted, inWord := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, inWord = !quoted, true
		case (r == ' ' || r == '\t') && !quoted:
			if inWord {
				out = append(out, b.String())
				b.Reset()
				inWord = false
			}
		default:
			b.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		out = append(out, b.String())
	}
	return out
}

// healthyRoot is a host tree whose init can start: /sbin/init is a copy of
// /bin/true with its loader and libraries.
func healthyRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	cp := func(src, dst string) {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		full := filepath.Join(root, dst)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	real, err := filepath.EvalSymlinks("/bin/true")
	if err != nil {
		t.Skip("no /bin/true to stand in for init")
	}
	cp(real, "/sbin/init")
	f, err := elf.Open(real)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			b := make([]byte, p.Filesz)
			if _, err := p.ReadAt(b, 0); err == nil {
				interp := strings.TrimRight(string(b), "\x00")
				r, err := filepath.EvalSymlinks(interp)
				if err == nil {
					cp(r, interp)
				}
			}
		}
	}
	libs, _ := f.ImportedLibraries()
	for _, l := range libs {
		for _, dir := range []string{"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu"} {
			p := filepath.Join(dir, l)
			if r, err := filepath.EvalSymlinks(p); err == nil {
				cp(r, p)
				break
			}
		}
	}
	// The guests' disks the corpus names: qemu-img create over one of
	// them is stopped, a new image beside them is not (path.exists).
	images := map[string]string{}
	for _, n := range []string{"web01.qcow2", "web-01.qcow2", "web-05.qcow2", "web-06.qcow2", "db01.img", "db01.qcow2", "db-01.qcow2", "prod-db.qcow2", "vm1.qcow2"} {
		images["/var/lib/libvirt/images/"+n] = "QFI\xfb"
	}
	for p, content := range map[string]string{
		"/etc/hostname": "web1\n",
		"/proc/uptime":  "3549000.00 7000000.00\n",
	} {
		images[p] = content
	}
	for p, content := range images {
		full := filepath.Join(root, p)
		_ = os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// corpusVerdict runs `belay check --no-prompt` in-process, as a hook or an
// agent would, and returns block, confirm or pass.
func corpusVerdict(root, home string, c corpusCase) (string, string) {
	env := map[string]string{
		"HOME": "/home/u", "USER": "u", "LOGNAME": "u", "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
		"SHELL": "/bin/bash", "TMPDIR": "/tmp", "NO_COLOR": "1",
		// No user or fleet packs, no config: the built-in packs alone.
		"XDG_CONFIG_HOME": filepath.Join(home, "config"), "XDG_CACHE_HOME": filepath.Join(home, "cache"),
		"XDG_STATE_HOME": filepath.Join(home, "state"), "BELAY_ETC": filepath.Join(home, "etc"),
		"BELAY_AUDIT_FILE": filepath.Join(home, "audit.jsonl"), "BELAY_AUDIT_SYSLOG": "off",
	}
	for k, v := range c.env {
		env[k] = v
	}
	var stdout, stderr bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string { return env[k] },
		environ: func() []string {
			var out []string
			for k, v := range env {
				out = append(out, k+"="+v)
			}
			sort.Strings(out)
			return out
		},
		cwd: c.cwd}
	code := a.run("belay", []string{"check", "--no-prompt", "--root", root, "--shell", c.shell, "--", c.line})
	switch code {
	case ExitBlock:
		return "block", stderr.String()
	case ExitConfirm:
		return "confirm", stderr.String()
	case ExitAllow:
		if strings.Contains(stderr.String(), "warning") {
			return "warn", stderr.String()
		}
		return "allow", stderr.String()
	}
	return fmt.Sprintf("exit %d", code), stderr.String()
}

func TestDirectiveFields(t *testing.T) {
	got := directiveFields(` shell=bash env="SSH_CONNECTION=10.0.0.5 51000 10.0.0.1 22",X=1  cwd=/srv`)
	want := []string{"shell=bash", "env=SSH_CONNECTION=10.0.0.5 51000 10.0.0.1 22,X=1", "cwd=/srv"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("directiveFields = %q, want %q", got, want)
	}
}

func verdictMatches(expect, got string) bool {
	switch expect {
	case "stop":
		return got == "block" || got == "confirm"
	case "pass":
		return got == "allow" || got == "warn"
	}
	return expect == got
}

// TestCorpus checks every line of the corpus and prints, per family, how
// many dangerous lines were stopped and how many ordinary ones were not.
func TestCorpus(t *testing.T) {
	cases := readCorpus(t)
	if len(cases) == 0 {
		t.Skip("no corpus")
	}
	root := healthyRoot(t)
	home := t.TempDir()
	type tally struct{ danger, stopped, ordinary, falseStops, gaps int }
	fam := map[string]*tally{}
	for _, c := range cases {
		tl := fam[c.file]
		if tl == nil {
			tl = &tally{}
			fam[c.file] = tl
		}
		got, msg := corpusVerdict(root, home, c)
		ok := verdictMatches(c.expect, got)
		dangerous := c.expect == "stop" || c.expect == "block" || c.expect == "confirm"
		stopped := got == "block" || got == "confirm"
		if dangerous {
			tl.danger++
			if stopped {
				tl.stopped++
			}
		} else {
			tl.ordinary++
			if stopped {
				tl.falseStops++
			}
		}
		switch {
		case c.gap && ok:
			t.Errorf("%s.txt:%d: %q now gets %s: take the ~ off", c.file, c.lineNo, c.line, got)
		case c.gap:
			tl.gaps++
		case !ok:
			t.Errorf("%s.txt:%d: %q: want %s, got %s\n%s", c.file, c.lineNo, c.line, c.expect, got, msg)
		}
	}
	names := make([]string, 0, len(fam))
	for n := range fam {
		names = append(names, n)
	}
	sort.Strings(names)
	var all tally
	for _, n := range names {
		tl := fam[n]
		t.Logf("%-24s dangerous %4d stopped %4d (%5.1f%%)  ordinary %4d false stops %3d (%4.1f%%)  known gaps %d",
			n, tl.danger, tl.stopped, pct(tl.stopped, tl.danger), tl.ordinary, tl.falseStops, pct(tl.falseStops, tl.ordinary), tl.gaps)
		all.danger += tl.danger
		all.stopped += tl.stopped
		all.ordinary += tl.ordinary
		all.falseStops += tl.falseStops
		all.gaps += tl.gaps
	}
	t.Logf("%-24s dangerous %4d stopped %4d (%5.1f%%)  ordinary %4d false stops %3d (%4.1f%%)  known gaps %d",
		"all", all.danger, all.stopped, pct(all.stopped, all.danger), all.ordinary, all.falseStops, pct(all.falseStops, all.ordinary), all.gaps)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
