package facts

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
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

// millionTree makes a tree of 1,000,000 files once: 1,000 directories of
// 1,000 hard links each to one file per directory (kept outside the tree:
// names cost directory blocks, not inodes; ext4 allows 65,000 links to a
// file), or skips when the disk is short of room.
func millionTree(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil || st.Bavail*uint64(st.Bsize) < 2<<30 || st.Ffree < 10000 {
		b.Skip("less than 2 GB or 10,000 inodes free for a tree of 1,000,000 files")
	}
	root := filepath.Join(dir, "tree")
	for d := range 1000 {
		seed := filepath.Join(dir, fmt.Sprintf("seed%03d", d))
		if err := os.WriteFile(seed, []byte("x"), 0o644); err != nil {
			b.Fatal(err)
		}
		sub := filepath.Join(root, fmt.Sprintf("d%03d", d))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		for f := range 1000 {
			if err := os.Link(seed, filepath.Join(sub, strconv.Itoa(f))); err != nil {
				b.Fatal(err)
			}
		}
	}
	return root
}

// BenchmarkImpactDeleteMillion: the impact of rm -rf on a tree of
// 1,000,000 files on the live host stays within its 50 ms budget and says
// "at least" (or, on a machine too loaded to start the walk in time,
// "unknown"), never a count it did not finish. Target: worst-ms near 50
// and at-least-% at 100 on an idle machine.
func BenchmarkImpactDeleteMillion(b *testing.B) {
	root := millionTree(b)
	req := ImpactRequest{Kind: ImpactDelete, Targets: []ImpactTarget{{Path: root, Recursive: true}}}
	var worst time.Duration
	atLeast, n := 0, 0
	for b.Loop() {
		start := time.Now()
		im := New(Options{Root: "/"}).Impact(req, ImpactBudget)
		worst = max(worst, time.Since(start))
		n++
		files := im.Items[0]
		switch {
		case files.Label == "files" && files.Certainty == AtLeast && strings.HasPrefix(files.Text, "at least "):
			atLeast++
		case files.Certainty == Unknown:
		default:
			b.Fatalf("a count of a tree of 1,000,000 files that claims to be complete:\n%s", im)
		}
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
	b.ReportMetric(float64(atLeast)*100/float64(n), "at-least-%")
}

// BenchmarkImpactLiveHost measures each kind of impact on this host
// within the default budget. Target: under 50 ms each.
func BenchmarkImpactLiveHost(b *testing.B) {
	for _, c := range []struct {
		name string
		req  ImpactRequest
	}{
		{"delete-etc", ImpactRequest{Kind: ImpactDelete, Targets: []ImpactTarget{{Path: "/etc", Recursive: true}}}},
		{"delete-glob", ImpactRequest{Kind: ImpactDelete, Targets: []ImpactTarget{{Path: "/usr/lib/*", Recursive: true, Glob: true}}}},
		{"reboot", ImpactRequest{Kind: ImpactPower}},
		{"remove-libc6", ImpactRequest{Kind: ImpactPackages, Manager: "apt-get", Packages: []string{"libc6"}}},
		{"device", ImpactRequest{Kind: ImpactDevice, Targets: []ImpactTarget{{Path: "/dev/vda"}}}},
		{"service", ImpactRequest{Kind: ImpactService, Verb: "stop", Units: []string{"ssh"}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			unknown := 0
			for b.Loop() {
				for _, it := range New(Options{Root: "/"}).Impact(c.req, ImpactBudget).Items {
					if it.Certainty == Unknown {
						unknown++
					}
				}
			}
			b.ReportMetric(float64(unknown)/float64(b.N), "unknown/op")
		})
	}
}

// BenchmarkAllowedLineHost: what an allowed line costs the facts: a Host
// is made and nothing is asked, so nothing is read (the cli never asks
// for an impact unless it stops a line).
func BenchmarkAllowedLineHost(b *testing.B) {
	reads := 0
	for b.Loop() {
		h := New(Options{Root: "/"})
		reads += h.Reads()
	}
	if reads != 0 {
		b.Fatalf("%d reads", reads)
	}
	b.ReportMetric(0, "reads/op")
}
