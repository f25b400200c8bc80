package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/facts"
)

// judged judges a line on the live host without a prompt.
func judged(t *testing.T, line string) (*app, *verdict) {
	t.Helper()
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: testAuditEnv(t), environ: func() []string { return nil },
		cwd: "/home/u", impactBudget: 30 * time.Second}
	a.out = newOutput(a.stderr, a.getenv, "never")
	v, err := a.judge(&checkOpts{root: "/", shell: "bash", color: "never"}, line, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a, v
}

// summary is a request as one comparable string.
func summary(rs []facts.ImpactRequest) string {
	var parts []string
	for _, r := range rs {
		s := string(r.Kind)
		for _, t := range r.Targets {
			s += " " + t.Path
			if t.Recursive {
				s += "/**"
			}
			if t.Glob {
				s += "(glob)"
			}
		}
		if r.Manager != "" {
			s += " " + r.Manager
		}
		if len(r.Packages) > 0 {
			s += " " + strings.Join(r.Packages, ",")
		}
		if r.Verb != "" {
			s += " verb=" + r.Verb
		}
		if len(r.Units) > 0 {
			s += " " + strings.Join(r.Units, ",")
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// TestImpactRequests: what each stopped line asks the host to measure.
func TestImpactRequests(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"rm -rf /var/www/*", "delete /var/www/*/**(glob)"},
		{"rm -rf /srv/www /var/www", "delete /srv/www/** /var/www/**"},
		{"mv /usr/sbin /usr/sbin.backup", "delete /usr/sbin/**"},
		{"> /etc/passwd", "overwrite /etc/passwd"},
		{"dd if=/dev/zero of=/dev/vdb bs=1M", "device /dev/vdb"},
		{"mkfs.ext4 /dev/vdb1", "device /dev/vdb1"},
		{"sudo reboot", "power verb=reboot"},
		{"systemctl poweroff", "power verb=systemctl"},
		{"systemctl stop ssh", "service verb=stop ssh; access verb=systemctl stop"},
		{"ip link set eth0 down", "access verb=ip"},
		{"apt-get remove -y libc6 bash", "packages apt-get libc6,bash"},
		{"apt-get purge openssh-server", "packages apt-get openssh-server"},
		{"dpkg -r --force-remove-essential bash", "packages dpkg bash"},
		{"emerge --unmerge sysvinit", "packages emerge sysvinit"},
		{"ssh web1 sudo reboot", ""}, // another host's state is not this one's
		{"BELAY_ACK=system.reboot reboot", ""},
		{"ls /var/www", ""},
		{"rm -rf ./build /var/www", "delete /home/u/build/** /var/www/**"}, // what goes with it if the person says yes
		{"chmod -R 777 /etc", "overwrite /etc/**"},
	} {
		_, v := judged(t, c.line)
		if got := summary(impactRequests(v.decision)); got != c.want {
			t.Errorf("%q: %q, want %q", c.line, got, c.want)
		}
	}
}

// TestAllowedLineMeasuresNothing: an allowed line, concluded as the hook
// does, reads no host file and measures no impact; a stop does.
func TestAllowedLineMeasuresNothing(t *testing.T) {
	for _, line := range []string{"ls -la", "rm -rf ./build", "cp a b", "echo hi > notes.txt"} {
		a, v := judged(t, line)
		if code := a.conclude(&checkOpts{root: "/", shell: "bash", color: "never", noPrompt: true}, v); code != ExitAllow {
			t.Fatalf("%q: exit %d", line, code)
		}
		if v.impactDone || v.impact != nil || v.host.Reads() != 0 {
			t.Errorf("%q: measured (%d reads, %v)", line, v.host.Reads(), v.impact)
		}
	}
	a, v := judged(t, "reboot")
	a.conclude(&checkOpts{root: "/", shell: "bash", color: "never", noPrompt: true}, v)
	if !v.impactDone || len(v.impact) != 1 || v.impact[0].Kind != facts.ImpactPower {
		t.Errorf("reboot: impact %+v", v.impact)
	}
}

// TestImpactLinesAreSanitised: a host-derived text with terminal escapes
// is shown escaped, dim labels and all.
func TestImpactLinesAreSanitised(t *testing.T) {
	var b bytes.Buffer
	out := newOutput(&b, func(string) string { return "" }, "never")
	writeImpact(&b, out, []facts.ImpactItem{{Label: "open", Text: "evil\x1b[2J (pid 1) has it open", Certainty: facts.Exact}, {Label: "files", Text: "a\nb", Certainty: facts.AtLeast}})
	want := "  open   evil\\x1b[2J (pid 1) has it open\n  files  a\\nb\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// BenchmarkAllowedLine: an allowed line concluded as the hook does costs
// no host read and no impact (reads/op must be 0).
func BenchmarkAllowedLine(b *testing.B) {
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: testAuditEnv(b), environ: func() []string { return nil }, cwd: "/home/u"}
	a.out = newOutput(a.stderr, a.getenv, "never")
	reads := 0
	for b.Loop() {
		v, err := a.judge(&checkOpts{root: "/", shell: "bash", color: "never"}, "rm -rf ./build", nil)
		if err != nil {
			b.Fatal(err)
		}
		a.conclude(&checkOpts{root: "/", shell: "bash", color: "never", noPrompt: true}, v)
		reads += v.host.Reads()
	}
	if reads != 0 {
		b.Fatalf("%d reads", reads)
	}
	b.ReportMetric(0, "reads/op")
}

// testAuditEnv is an environment with nothing in it but a decision log in
// a temporary directory and no syslog: a test that concludes on a line,
// run as root, must not write to /var/log/belay.
func testAuditEnv(tb testing.TB) func(string) string {
	env := map[string]string{"BELAY_AUDIT_FILE": filepath.Join(tb.TempDir(), "audit.jsonl"), "BELAY_AUDIT_SYSLOG": "off"}
	return func(k string) string { return env[k] }
}
