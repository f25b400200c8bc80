package facts

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkStateProbes measures what a reboot or dd check costs on the live
// host: init.cannot-start, reboot.scheduled and image.in-use of a temporary
// file, on a fresh Host each time (nothing cached). Target: 5 ms.
func BenchmarkStateProbes(b *testing.B) {
	file := filepath.Join(b.TempDir(), "disk.img")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	reads := 0
	for b.Loop() {
		h := New(Options{Root: "/"})
		for _, q := range [][2]string{{InitCannotStart, ""}, {RebootScheduled, ""}, {ImageInUse, file}} {
			if _, err := h.Ask(q[0], q[1]); err != nil {
				b.Fatal(err)
			}
		}
		reads = h.Reads()
	}
	b.ReportMetric(float64(reads), "reads/op")
}

// BenchmarkEachProbe measures each fact alone on the live host.
func BenchmarkEachProbe(b *testing.B) {
	file := filepath.Join(b.TempDir(), "disk.img")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	for _, n := range Names() {
		target := ""
		switch n {
		case ImageInUse:
			target = file
		case DeviceBusy:
			target = "/dev/vda"
		}
		b.Run(n, func(b *testing.B) {
			for b.Loop() {
				New(Options{Root: "/"}).Ask(n, target)
			}
		})
	}
}
