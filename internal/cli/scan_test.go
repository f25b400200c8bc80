package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// scanFixture writes one file of each kind with known findings.
func scanFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"deploy.sh":              "#!/bin/bash\nif [ \"$1\" = prod ]; then\n  DEPLOY_DIR=/srv/app\nfi\nrm -rf \"$DEPLOY_DIR/\"*\n",
		"etc/crontab":            "SHELL=/bin/sh\n15 3 * * * root /sbin/reboot\n",
		"units/app.service":      "[Service]\nExecStartPre=/bin/rm -rf /var/lib/app\nExecStart=/usr/bin/app\n",
		"home/.zsh_history":      ": 1700000000:0;ls\n: 1700000001:0;mv /usr/sbin /usr/sbin.backup\n",
		"home/.bash_history":     "ls\nBELAY_ACK=system.reboot reboot\n",
		"crontabs/bad":           "not a crontab line\n",
		"space dir/odd name.sh":  "#!/bin/sh\nreboot\n",
		"ignored/readme.txt":     "rm -rf /\n",
		"ignored/.git/hooks/x":   "#!/bin/sh\nrm -rf /\n",
		"etc/cron.d/placeholder": "# nothing yet\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// benchApp is an app that reads no user or fleet configuration and
// throws its output away.
func benchApp(dir string) *app {
	env := map[string]string{"HOME": dir, "XDG_CONFIG_HOME": dir + "/config", "XDG_CACHE_HOME": dir + "/cache", "BELAY_ETC": dir + "/etc"}
	return &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
		getenv: func(k string) string { return env[k] }, environ: func() []string { return nil }, cwd: dir}
}

// runScan runs belay scan in-process as if from dir, on paths relative to
// it, and returns its exit status, stdout and stderr.
func runScan(t *testing.T, dir string, flags []string, paths ...string) (int, string, string) {
	t.Helper()
	a := benchApp(t.TempDir())
	a.cwd = dir
	var out, errb bytes.Buffer
	a.stdout, a.stderr = &out, &errb
	args := append([]string{"scan"}, flags...)
	for _, p := range paths {
		args = append(args, filepath.Join(dir, p))
	}
	code := a.run("belay", args)
	return code, out.String(), errb.String()
}

// TestScanSARIF checks --sarif against what SARIF 2.1.0 requires of a log,
// a run, a tool, a rule and a result, and that each finding is where it is.
func TestScanSARIF(t *testing.T) {
	dir := scanFixture(t)
	code, out, stderr := runScan(t, dir, []string{"--sarif"}, ".")
	if code != ExitBlock {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitBlock, stderr)
	}
	var log map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if s, _ := log["$schema"].(string); !strings.Contains(s, "sarif") || !strings.Contains(s, "2.1.0") {
		t.Errorf("$schema = %v", log["$schema"])
	}
	if log["version"] != "2.1.0" {
		t.Errorf("version = %v, want 2.1.0", log["version"])
	}
	runs, _ := log["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("runs = %v, want one", log["runs"])
	}
	run := runs[0].(map[string]any)
	driver := get(t, run, "tool", "driver").(map[string]any)
	if driver["name"] != "belay" {
		t.Errorf("driver.name = %v", driver["name"])
	}
	for _, k := range []string{"version", "informationUri"} {
		if s, _ := driver[k].(string); s == "" {
			t.Errorf("driver.%s is empty", k)
		}
	}
	var ids []string
	rules, _ := driver["rules"].([]any)
	for _, r := range rules {
		r := r.(map[string]any)
		id, _ := r["id"].(string)
		if id == "" || slices.Contains(ids, id) {
			t.Errorf("rule id %q empty or repeated", id)
		}
		ids = append(ids, id)
		if s, _ := get(t, r, "shortDescription", "text").(string); s == "" {
			t.Errorf("rule %s has no shortDescription.text", id)
		}
		if u, ok := r["helpUri"].(string); ok && !strings.HasPrefix(u, "http") {
			t.Errorf("rule %s: helpUri %q is not a URL", id, u)
		}
	}
	results, ok := run["results"].([]any)
	if !ok || len(results) == 0 {
		t.Fatalf("no results:\n%s", out)
	}
	type where struct{ uri, rule, level string }
	var got []where
	lines := map[where]float64{}
	for _, res := range results {
		res := res.(map[string]any)
		id, _ := res["ruleId"].(string)
		if !slices.Contains(ids, id) {
			t.Errorf("result ruleId %q is not in driver.rules %v", id, ids)
		}
		if i, ok := res["ruleIndex"].(float64); !ok || int(i) >= len(ids) || ids[int(i)] != id {
			t.Errorf("result %s: ruleIndex %v does not point at its rule", id, res["ruleIndex"])
		}
		if s, _ := get(t, res, "message", "text").(string); s == "" {
			t.Errorf("result %s has no message.text", id)
		}
		level, _ := res["level"].(string)
		if !slices.Contains([]string{"error", "warning", "note"}, level) {
			t.Errorf("result %s: level %q", id, level)
		}
		locs, _ := res["locations"].([]any)
		if len(locs) == 0 {
			t.Fatalf("result %s has no locations", id)
		}
		loc := locs[0].(map[string]any)
		uri, _ := get(t, loc, "physicalLocation", "artifactLocation", "uri").(string)
		if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, dir) {
			t.Errorf("result %s: uri %q is not relative", id, uri)
		}
		region := get(t, loc, "physicalLocation", "region").(map[string]any)
		line, _ := region["startLine"].(float64)
		col, _ := region["startColumn"].(float64)
		if line < 1 || col < 1 {
			t.Errorf("result %s at %s: region %v", id, uri, region)
		}
		w := where{uri, id, level}
		got = append(got, w)
		lines[w] = line
	}
	want := map[where]float64{
		{"deploy.sh", "filesystem.delete-root", "error"}:                  5,
		{"etc/crontab", "system.reboot", "warning"}:                       2,
		{"units/app.service", "filesystem.delete-system-tree", "warning"}: 2,
		{"home/.zsh_history", "filesystem.rename-system-dir", "error"}:    2,
		{"crontabs/bad", "belay.parse-error", "warning"}:                  1,
		{"space%20dir/odd%20name.sh", "system.reboot", "warning"}:         2,
	}
	for w, line := range want {
		if l, ok := lines[w]; !ok || l != line {
			t.Errorf("want %v at line %v; got %v", w, line, got)
		}
	}
	for _, w := range got {
		if strings.HasPrefix(w.uri, "ignored/") {
			t.Errorf("%s was read: not a kind belay scans, or under .git", w.uri)
		}
	}
	// The acknowledged reboot in the bash history is a suppressed result.
	if !strings.Contains(out, `"kind": "inSource"`) {
		t.Errorf("acknowledged finding not marked as suppressed:\n%s", out)
	}
}

// get walks nested JSON objects by key.
func get(t *testing.T, v any, keys ...string) any {
	t.Helper()
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%v is not an object (looking for %q)", v, k)
		}
		v = m[k]
	}
	return v
}

// TestScanJSON checks --json: every finding with its place, and the summary.
func TestScanJSON(t *testing.T) {
	dir := scanFixture(t)
	code, out, _ := runScan(t, dir, []string{"--json", "--fail-on", "none"}, ".")
	if code != 0 {
		t.Fatalf("exit %d with --fail-on none", code)
	}
	var doc struct {
		Findings []jsonScanFinding
		Summary  struct {
			Files, Lines, Commands, Skipped int
			ByRule                          map[string]int `json:"by_rule"`
			ByAction                        map[string]int `json:"by_action"`
		}
		Failed bool
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Failed || doc.Summary.Files != 8 || doc.Summary.Skipped != 1 || doc.Summary.ByRule["system.reboot"] != 2 {
		t.Errorf("summary: %+v failed=%v", doc.Summary, doc.Failed)
	}
	found := false
	for _, f := range doc.Findings {
		if f.File == filepath.Join(dir, "etc/crontab") && f.Line == 2 && f.Col == 17 && f.Rule == "system.reboot" &&
			f.Action == "confirm" && f.Kind == "crontab" && f.Command == "/sbin/reboot" {
			found = true
		}
	}
	if !found {
		t.Errorf("the crontab reboot is not in the findings:\n%s", out)
	}
}

// TestScanFlagsDocumented: every flag of scan is in its help, where the
// man page and completion scripts find it.
func TestScanFlagsDocumented(t *testing.T) {
	help := lookup("scan").help()
	a := benchApp(t.TempDir())
	fs := a.scanFlags(&scanOpts{})
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(help, "--"+f.Name) {
			t.Errorf("scan --%s is not in its help", f.Name)
		}
	})
}

// TestScanProgress: on a terminal, a scan that takes longer than
// progressAfter shows a progress line, rewritten in place with \r, and
// clears it before findings and at the end; anywhere else it shows none
// (scan_output.txtar).
func TestScanProgress(t *testing.T) {
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer ptm.Close()
	defer tty.Close()
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(ptm)
		got <- string(b)
	}()
	old := progressAfter
	progressAfter = 0
	defer func() { progressAfter = old }()

	dir := t.TempDir()
	var hist strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&hist, "ls -l /tmp/%d\n", i)
	}
	if err := os.WriteFile(filepath.Join(dir, ".bash_history"), []byte(hist.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	a := benchApp(t.TempDir())
	a.stderr = tty
	a.stdout = io.Discard
	if code := a.run("belay", []string{"scan", "--fail-on", "none", filepath.Join(dir, ".bash_history")}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	tty.Close()
	var out string
	select {
	case out = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("pty not closed")
	}
	if !strings.Contains(out, "\rbelay: scanning ") || !strings.Contains(out, " of 20000") {
		t.Errorf("no progress line on the terminal: %q", out[:min(len(out), 300)])
	}
	if !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("progress line not cleared at the end: %q", out[max(0, len(out)-100):])
	}
}
