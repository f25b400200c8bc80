package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkProcessCheck measures what a shell hook pays per command: a
// whole `belay check --no-prompt -- 'ls -la'` process, with every
// built-in pack loaded. It reports the median wall time of the runs, and
// the median of a static hello-world Go program as the floor that any Go
// binary pays to start on this machine.
func BenchmarkProcessCheck(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "belay")
	// Built as the .deb ships it: static, so no dynamic loader at start-up.
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	hello := filepath.Join(b.TempDir(), "hello")
	src := filepath.Join(b.TempDir(), "hello.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	hb := exec.Command("go", "build", "-trimpath", "-o", hello, src)
	hb.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := hb.CombinedOutput(); err != nil {
		b.Fatalf("build hello: %v\n%s", err, out)
	}
	b.Run("go-hello-world", func(b *testing.B) {
		var times []time.Duration
		for b.Loop() {
			start := time.Now()
			_ = exec.Command(hello).Run()
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	})
	for _, line := range []string{"ls -la", "sudo mv /usr/sbin{,.backup}"} {
		b.Run(line, func(b *testing.B) {
			// Not the host's log: run as root, belay would make and write /var/log/belay.
			env := append(os.Environ(), "BELAY_AUDIT_FILE="+filepath.Join(b.TempDir(), "audit.jsonl"), "BELAY_AUDIT_SYSLOG=off")
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				cmd := exec.Command(bin, "check", "--no-prompt", "--", line)
				cmd.Env = env
				_ = cmd.Run()
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
		})
	}
}
