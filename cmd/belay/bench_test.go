package main

import (
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkProcessCheck measures what a shell hook pays per command: a
// whole `belay check --no-prompt -- 'ls -la'` process, with every
// built-in pack loaded. It reports the median wall time of the runs.
func BenchmarkProcessCheck(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "belay")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	for _, line := range []string{"ls -la", "sudo mv /usr/sbin{,.backup}"} {
		b.Run(line, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				cmd := exec.Command(bin, "check", "--no-prompt", "--", line)
				_ = cmd.Run()
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
		})
	}
}
