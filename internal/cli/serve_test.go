package cli

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/shell"
	"github.com/belay-sh/belay/internal/testtool"
)

// request renders one request as the hooks write it.
func request(id, pwd, phys, tty, dropped, timeout, state, line, env string) string {
	return strings.Join([]string{serveMagic, id, pwd, phys + "\n", tty, dropped, timeout, state, line, env}, "\x00") + "\x00"
}

func TestRequestReader(t *testing.T) {
	ok := request("1.5", "/srv", "/srv", "1", "0", "2", "D=/x", "ls -l", `declare -x HOME="/root"`)
	r := &requestReader{r: bufio.NewReader(strings.NewReader(ok + ok))}
	for i := 0; i < 2; i++ {
		rq, err := r.next()
		if err != nil {
			t.Fatal(err)
		}
		if rq.id != "1.5" || rq.pwd != "/srv" || rq.phys != "/srv" || !rq.tty || rq.dropped || rq.timeout != "2" ||
			rq.state != "D=/x" || rq.line != "ls -l" || rq.env != `declare -x HOME="/root"` || rq.tooBig {
			t.Fatalf("request %d: %+v", i, rq)
		}
	}
	if _, err := r.next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last request: %v, want EOF", err)
	}

	// Requests that are not one: an error, never a request.
	for name, in := range map[string]string{
		"other version": strings.Replace(ok, serveMagic, "belay-serve-0", 1),
		"empty id":      request("", "/", "/", "0", "0", "", "", "ls", ""),
		"id with space": request("1 0", "/", "/", "0", "0", "", "", "ls", ""),
		"long id":       request(strings.Repeat("9", serveMaxID+1), "/", "/", "0", "0", "", "", "ls", ""),
		"bad tty":       request("1", "/", "/", "yes", "0", "", "", "ls", ""),
		"bad dropped":   request("1", "/", "/", "0", "", "", "", "ls", ""),
		"cut short":     ok[:len(ok)/2],
		"no NUL at all": "belay-serve-1 1 / ls",
	} {
		r := &requestReader{r: bufio.NewReader(strings.NewReader(in))}
		if rq, err := r.next(); err == nil {
			t.Errorf("%s: read as %+v", name, rq)
		}
	}

	// A request past the bound is read to its end, kept short, and
	// marked: the next one is read as it should be.
	big := request("7", "/", "/", "0", "0", "", strings.Repeat("x", serveMaxRequest), "rm -rf /", "")
	r = &requestReader{r: bufio.NewReaderSize(strings.NewReader(big+ok), 4096)}
	rq, err := r.next()
	if err != nil || !rq.tooBig || rq.id != "7" {
		t.Fatalf("big request: %+v, %v", rq, err)
	}
	if rq, err := r.next(); err != nil || rq.tooBig || rq.line != "ls -l" {
		t.Fatalf("after the big request: %+v, %v", rq, err)
	}
}

func TestParseEnvDefs(t *testing.T) {
	for _, c := range []struct {
		text string
		want map[string]string // nil: an error
	}{
		{"", map[string]string{}},
		{`declare -x HOME="/root"` + "\n" + `declare -rx R="a \"q\" \$x \\ \` + "`" + `"`, map[string]string{"HOME": "/root", "R": "a \"q\" $x \\ `"}},
		{"declare -x X=$'a\\nb'\ndeclare -x UNSET\n", map[string]string{"X": "a\nb"}},
		{"HOME=/root\nTOX='a;b'\nY=$'a\\nb c'\nZ='it'\\''s'\n", map[string]string{"HOME": "/root", "TOX": "a;b", "Y": "a\nb c", "Z": "it's"}},
		{"typeset -x A=1\nexport B=2\n", map[string]string{"A": "1", "B": "2"}},
		{"declare -x X=$(rm -rf /)", nil},
		{"declare -x X=\"$HOME\"", nil},
		{"rm -rf /", nil},
		{"X=1 rm -rf /", nil},
		{"declare -x X=1 >/tmp/f", nil},
		{"declare -ax A=(1 2)", nil},
		{"local X=1", nil},
		{"N=$'a\\C-@b\\M-C\\M-<\\M-\\C-_\\C-?'", map[string]string{"N": "a\x00b\xc3\xbc\x9f\x7f"}},
		{"N=$'\\q'", nil},
		{"N=$'\\x'", nil},
		{"declare -x X='unterminated", nil},
	} {
		got, err := shell.ParseExports(c.text)
		if c.want == nil {
			if err == nil {
				t.Errorf("%q: read as %v, want an error", c.text, got)
			}
			continue
		}
		if err != nil || len(got) != len(c.want) {
			t.Errorf("%q: %v, %v; want %v", c.text, got, err, c.want)
			continue
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%q: %s=%q, want %q", c.text, k, got[k], v)
			}
		}
	}
}

// TestParseEnvDefsFromShells reads what bash's declare -px and zsh's
// typeset -x really print, for values that need quoting.
func TestParseEnvDefsFromShells(t *testing.T) {
	values := map[string]string{
		"PLAIN": "/srv/app", "SPACE": "a b", "QUOTES": `it's "x"`, "DOLLAR": "$HOME `x` \\", "NL": "a\nb",
		"TAB": "a\tb", "EMPTY": "", "UTF8": "grüße", "GLOB": "*?[a]", "CTRL": "a\x01b\x7f", "HIGH": "\xff\xfe",
	}
	for _, sh := range []struct{ name, print string }{{"bash", "declare -px"}, {"zsh", "typeset -x"}} {
		bin := testtool.Need(t, sh.name)
		print := func() string {
			cmd := exec.Command(bin, "-c", sh.print)
			cmd.Env = []string{"PATH=/usr/bin:/bin"}
			for k, v := range values {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s: %v", sh.name, err)
			}
			return string(out)
		}
		out := print()
		env, err := shell.ParseExports(out)
		if err != nil {
			t.Fatalf("%s: %v\n%s", sh.name, err, out)
		}
		for k, v := range values {
			if got, ok := env[k]; !ok || got != v {
				t.Errorf("%s: %s=%q, want %q", sh.name, k, got, v)
			}
		}
	}
}

// TestFishEnvironment: what the fish hook writes for the exported
// variables is the environment a program started from fish gets.
func TestFishEnvironment(t *testing.T) {
	fish := testtool.Need(t, "fish")
	run := func(script string) map[string]string {
		cmd := exec.Command(fish, "--no-config", "-c", `set -gx L one two; set -gx MYPATH /a /b; set -gx NL "a
b"; set -gx SP 'x y'; set -gx E ''; `+script)
		cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=/nonexistent", "U=grüße"}
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		env, err := shell.ParseExportsNUL(string(out))
		if err != nil {
			t.Fatalf("%s: %v\n%q", script, err, out)
		}
		return env
	}
	hook := run(`for v in (set -nx); printf '%s=%s\0' $v "$$v"; end`)
	real := run(`command env -0`)
	for k, v := range real {
		if k == "_" || k == "SHLVL" {
			continue
		}
		if hook[k] != v {
			t.Errorf("%s: the hook writes %q, a program gets %q", k, hook[k], v)
		}
	}
	if hook["MYPATH"] != "/a:/b" || hook["L"] != "one two" || hook["NL"] != "a\nb" {
		t.Errorf("lists: %q %q %q", hook["MYPATH"], hook["L"], hook["NL"])
	}
}

// declarePX is what bash's declare -px prints for env.
func declarePX(t *testing.T, bash string, env map[string]string) string {
	t.Helper()
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", "declare -px")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestServeMatchesHook: over every bash and zsh line of the corpus, belay
// serve answers 0 (run it) exactly when belay hook, run as the shell runs
// it, exits 0 and prints nothing, and 4 exactly when it exits 4 silently.
// The environment reaches the server as bash prints it, not as a map: the
// translation is what is tested.
func TestServeMatchesHook(t *testing.T) {
	bash := testtool.Need(t, "bash")
	home := t.TempDir()
	base := map[string]string{
		"HOME": "/home/u", "USER": "u", "LOGNAME": "u", "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
		"SHELL": "/bin/bash", "TMPDIR": "/tmp", "NO_COLOR": "1",
		"XDG_CONFIG_HOME": filepath.Join(home, "config"), "XDG_CACHE_HOME": filepath.Join(home, "cache"),
		"XDG_STATE_HOME": filepath.Join(home, "state"), "BELAY_ETC": filepath.Join(home, "etc"),
		"BELAY_AUDIT_FILE": filepath.Join(home, "audit.jsonl"), "BELAY_AUDIT_SYSLOG": "off",
	}
	root := healthyRoot(t)
	texts := map[string]string{}
	served, stops, n := 0, 0, 0
	for _, c := range readCorpus(t) {
		if c.cwd == "" {
			continue // a shell always has a directory
		}
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for k, v := range c.env {
			env[k] = v
		}
		key := strings.Join(environList(env), "\x00")
		text, ok := texts[key]
		if !ok {
			text = declarePX(t, bash, env)
			texts[key] = text
		}
		// bash sets PWD to where it runs, SHLVL to 1: as the shell at the
		// line's directory would.
		text += "declare -x PWD=\"" + c.cwd + "\"\n"
		env["PWD"], env["SHLVL"] = c.cwd, "1"
		if c.shell == "fish" {
			// NAME=VALUE entries, as the fish hook writes them.
			text = strings.Join(environList(env), "\x00") + "\x00"
		}
		// belay hook as the shell runs it: a process with this
		// environment, in this directory, no terminal.
		var out bytes.Buffer
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &out,
			getenv: func(k string) string { return env[k] }, environ: func() []string { return environList(env) },
			cwd: c.cwd, ttyFact: func() bool { return false }}
		code := a.run("belay", []string{"hook", "--root", root, "--shell", c.shell, "--", c.line})
		want := "-"
		if out.Len() == 0 && code == ExitAllow {
			want = "0"
		} else if out.Len() == 0 && code == exitIncomplete {
			want = "4"
		}
		s := &server{shell: c.shell, root: root}
		rq := &serveRequest{id: "1", pwd: c.cwd, phys: c.cwd, timeout: "2", line: c.line, env: text}
		got, _ := s.judge(&app{}, rq)
		if got != want {
			t.Errorf("%s:%d: %q: belay serve says %s, belay hook %s (exit %d: %s)", c.file, c.lineNo, c.line, got, want, code, out.String())
		}
		n++
		if got == "0" {
			served++
		}
		if c.expect == "stop" || c.expect == "block" || c.expect == "confirm" {
			stops++
			if got == "0" && !c.gap {
				t.Errorf("%s:%d: %q: a line to stop, served as 0", c.file, c.lineNo, c.line)
			}
		}
	}
	// Not vacuous: most ordinary lines are answered by the server.
	if n < 1000 || served < n/4 {
		t.Fatalf("%d lines, %d answered 0", n, served)
	}
	t.Logf("%d lines (%d to stop): %d answered by belay serve", n, stops, served)
}

// TestServeEnvironmentIsTheShells: a variable the shell no longer has is
// unset for the server too, whatever the server's own environment held.
func TestServeEnvironmentIsTheShells(t *testing.T) {
	t.Setenv("DEPLOY_DIR", "/tmp/harmless")
	home := t.TempDir()
	with := "declare -x HOME=\"" + home + "\"\ndeclare -x DEPLOY_DIR=\"/tmp/harmless\"\ndeclare -x BELAY_AUDIT_SYSLOG=\"off\"\n"
	without := "declare -x HOME=\"" + home + "\"\ndeclare -x BELAY_AUDIT_SYSLOG=\"off\"\n"
	s := &server{shell: "bash"}
	line := `rm -rf "$DEPLOY_DIR"/*`
	if v, _ := s.judge(&app{}, &serveRequest{id: "1", pwd: "/", phys: "/", line: line, env: with}); v != "0" {
		t.Fatalf("with DEPLOY_DIR set: %s, want 0", v)
	}
	if v, _ := s.judge(&app{}, &serveRequest{id: "2", pwd: "/", phys: "/", line: line, env: without}); v != "-" {
		t.Fatalf("with DEPLOY_DIR unset: %s, want - (rm -rf /*)", v)
	}
	// An environment the server cannot read: handed back.
	if v, _ := s.judge(&app{}, &serveRequest{id: "3", pwd: "/", phys: "/", line: "ls", env: "declare -x X=$(id)"}); v != "-" {
		t.Fatalf("unreadable environment: %s, want -", v)
	}
	// belay's files named relative to the shell's directory: handed back.
	if v, _ := s.judge(&app{}, &serveRequest{id: "5", pwd: "/", phys: "/", line: "ls", env: without + "declare -x BELAY_RULES=\"/etc:rules\"\n"}); v != "-" {
		t.Fatalf("relative BELAY_RULES: %s, want -", v)
	}
	// A directory that is not absolute: handed back.
	if v, _ := s.judge(&app{}, &serveRequest{id: "4", pwd: "", phys: "relative", line: "ls", env: without}); v != "-" {
		t.Fatalf("relative directory: %s, want -", v)
	}
}

// TestServeAuditOnce: a line the server hands back leaves no record (belay
// hook records it); one it answers for is recorded by it, once.
func TestServeAuditOnce(t *testing.T) {
	home := t.TempDir()
	log := filepath.Join(home, "audit.jsonl")
	cfg := filepath.Join(home, "belay.toml")
	if err := os.WriteFile(cfg, []byte("[audit]\nlog_allowed = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := "declare -x HOME=\"" + home + "\"\ndeclare -x BELAY_CONFIG=\"" + cfg +
		"\"\ndeclare -x BELAY_AUDIT_FILE=\"" + log + "\"\ndeclare -x BELAY_AUDIT_SYSLOG=\"off\"\n"
	s := &server{shell: "bash"}
	if v := s.judgeInTime(&app{}, &serveRequest{id: "1", pwd: "/", phys: "/", line: "rm -rf /", env: env}); v != "-" {
		t.Fatalf("rm -rf /: %s", v)
	}
	if data, _ := os.ReadFile(log); len(data) != 0 {
		t.Fatalf("a handed-back line was recorded:\n%s", data)
	}
	if v := s.judgeInTime(&app{}, &serveRequest{id: "2", pwd: "/", phys: "/", line: "ls -l # served", env: env}); v != "0" {
		t.Fatalf("ls: %s", v)
	}
	data, _ := os.ReadFile(log)
	if n := strings.Count(string(data), "served"); n != 1 || !strings.Contains(string(data), `"source":"hook"`) {
		t.Fatalf("%d records of the served line, want 1 from the hook:\n%s", n, data)
	}
}

func TestWorkdir(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	for _, c := range []struct{ pwd, phys, want string }{
		{link, dir, link}, // $PWD names the same directory: os.Getwd gives it
		{other, dir, dir}, // a stale $PWD: the physical one
		{"", dir, dir},    // none
		{"rel", dir, dir}, // not absolute
		{link, "rel", ""}, // no physical directory: handed back
		{"/nonexistent", dir, dir},
	} {
		if got := workdir(c.pwd, c.phys); got != c.want {
			t.Errorf("workdir(%q, %q) = %q, want %q", c.pwd, c.phys, got, c.want)
		}
	}
}

func FuzzServeRequest(f *testing.F) {
	f.Add(request("1.5", "/srv", "/srv", "1", "0", "2", "D=/x", "ls -l", `declare -x HOME="/root"`))
	f.Add("belay-serve-1\x00\x00\x00")
	f.Add("declare -x X=$'\\x41'\nY=1\n")
	f.Fuzz(func(t *testing.T, in string) {
		r := &requestReader{r: bufio.NewReaderSize(strings.NewReader(in), 16)}
		for i := 0; i < 8; i++ {
			rq, err := r.next()
			if err != nil {
				break
			}
			if rq.id == "" || strings.ContainsAny(rq.id, " \n") {
				t.Fatalf("id %q read", rq.id)
			}
		}
		if rq, err := parseRequestFile(in); err == nil && !strings.HasPrefix(in, serveMagic+"\x00"+rq.id+"\x00") {
			t.Fatalf("request file read with id %q", rq.id)
		}
		if env, err := shell.ParseExportsNUL(in); err == nil {
			for k := range env {
				if k == "" || strings.ContainsAny(k, "=\x00") {
					t.Fatalf("variable name %q", k)
				}
			}
		}
		env, err := shell.ParseExports(in)
		if err == nil {
			keys := make([]string, 0, len(env))
			for k := range env {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if k == "" || strings.ContainsAny(k, "=\x00") {
					t.Fatalf("variable name %q", k)
				}
			}
		}
	})
}

// TestServeHookTimeout: a line judged in more time than BELAY_HOOK_TIMEOUT
// gives belay hook's watchdog the floor (it asks); the server must not
// answer 0 for it. A limit of 0 is none.
func TestServeHookTimeout(t *testing.T) {
	home := t.TempDir()
	env := "declare -x HOME=\"" + home + "\"\ndeclare -x BELAY_AUDIT_FILE=\"" + filepath.Join(home, "a.jsonl") + "\"\ndeclare -x BELAY_AUDIT_SYSLOG=\"off\"\n"
	s := &server{shell: "bash"}
	for _, c := range []struct{ timeout, want string }{{"0.000001", "-"}, {"0", "0"}, {"30", "0"}} {
		if v := s.judgeInTime(&app{}, &serveRequest{id: "1", pwd: "/", phys: "/", timeout: c.timeout, line: "ls -l", env: env}); v != c.want {
			t.Errorf("BELAY_HOOK_TIMEOUT=%s: %s, want %s", c.timeout, v, c.want)
		}
	}
}

// TestHookUnderscore: bash gives belay hook _=<belay's path> in its
// environment; $_ in the line is the last word of the command before it,
// which belay cannot know (and the server, which gets declare -px, never
// had): `ls /; rm -rf $_` must not pass because belay is installed in a
// directory no rule protects.
func TestHookUnderscore(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{"HOME": home, "PATH": "/usr/bin:/bin", "BELAY_AUDIT_FILE": filepath.Join(home, "a.jsonl"),
		"BELAY_AUDIT_SYSLOG": "off", "_": filepath.Join(home, "bin", "belay")}
	var out bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &out,
		getenv: func(k string) string { return env[k] }, environ: func() []string { return environList(env) },
		cwd: home, ttyFact: func() bool { return false }}
	if code := a.run("belay", []string{"hook", "--shell", "bash", "--", "rm -rf $_"}); code == ExitAllow {
		t.Fatalf("rm -rf $_ passed with _ from the environment:\n%s", out.String())
	}
}

// TestServePackEditedInPlace: a personal pack rewritten between two
// Enters with the same size and modification time (an editor that keeps
// times, a restore) is judged as it is now, as a fresh belay hook would:
// nothing the server read of it before stands.
func TestServePackEditedInPlace(t *testing.T) {
	home := t.TempDir()
	rules := filepath.Join(home, "rules")
	if err := os.Mkdir(rules, 0o755); err != nil {
		t.Fatal(err)
	}
	pack := func(name string) string {
		return "[pack]\nname = \"mine\"\ndescription = \"x\"\n\n[[rule]]\nid = \"mine.keep\"\naction = \"block\"\nmessage = \"kept\"\ncommand = [\"touch\"]\noperands = [\"/srv/" + name + "\"]\n"
	}
	file := filepath.Join(rules, "mine.toml")
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	write := func(text string) {
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, stamp, stamp); err != nil {
			t.Fatal(err)
		}
	}
	env := "declare -x HOME=\"" + home + "\"\ndeclare -x BELAY_RULES=\"" + rules + "\"\ndeclare -x XDG_CACHE_HOME=\"" + filepath.Join(home, "cache") +
		"\"\ndeclare -x BELAY_AUDIT_FILE=\"" + filepath.Join(home, "a.jsonl") + "\"\ndeclare -x BELAY_AUDIT_SYSLOG=\"off\"\n"
	s := &server{shell: "bash"}
	ask := func(line string) string {
		v, _ := s.judge(&app{}, &serveRequest{id: "1", pwd: "/", phys: "/", timeout: "2", line: line, env: env})
		return v
	}
	write(pack("aaaa"))
	if v := ask("touch /srv/aaaa"); v != "-" {
		t.Fatalf("touch /srv/aaaa under the first pack: %s", v)
	}
	if v := ask("touch /srv/bbbb"); v != "0" {
		t.Fatalf("touch /srv/bbbb under the first pack: %s", v)
	}
	write(pack("bbbb"))
	if v := ask("touch /srv/bbbb"); v != "-" {
		t.Fatalf("touch /srv/bbbb after the pack was rewritten in place: %s, want -", v)
	}
}

// TestServeRelativeAuditFile: belay.toml may name the log by a relative
// path, which belay hook opens in the shell's directory; the server, in
// /, must hand such a line back rather than write its record elsewhere.
func TestServeRelativeAuditFile(t *testing.T) {
	home := t.TempDir()
	t.Chdir(home) // where a record written by mistake would land
	cfg := filepath.Join(home, "belay.toml")
	if err := os.WriteFile(cfg, []byte("[audit]\nlog_allowed = true\nfile = \"rel.jsonl\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := "declare -x HOME=\"" + home + "\"\ndeclare -x BELAY_CONFIG=\"" + cfg + "\"\ndeclare -x BELAY_AUDIT_SYSLOG=\"off\"\n"
	s := &server{shell: "bash"}
	if v := s.judgeInTime(&app{}, &serveRequest{id: "1", pwd: "/", phys: "/", timeout: "2", line: "ls -l", env: env}); v != "-" {
		t.Fatalf("ls with a relative audit file: %s, want -", v)
	}
	if _, err := os.Stat(filepath.Join(home, "rel.jsonl")); err == nil {
		t.Fatal("the server wrote the record")
	}
}
