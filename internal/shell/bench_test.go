package shell

import "testing"

var benchLines = []string{
	"ls -la",
	"git status",
	"sudo mv /usr/sbin{,.backup}",
	"cd /usr && mv sbin sbin.backup",
	`for f in *.log; do gzip "$f"; done`,
	"echo 'rm -rf /' | sh",
	"find . -name '*.o' -delete",
	`kubectl get pods -n prod | grep -v Running | awk '{print $1}' | xargs kubectl delete pod -n prod`,
}

// BenchmarkAnalyze measures parse + analyze of typical lines.
func BenchmarkAnalyze(b *testing.B) {
	for _, l := range benchLines {
		b.Run(l, func(b *testing.B) {
			for b.Loop() {
				Analyze(l, testOpts)
			}
		})
	}
}

// BenchmarkLookup is the cost of finding a command in the table: every
// name it holds, then names it does not.
func BenchmarkLookup(b *testing.B) {
	var names []string
	for _, list := range families {
		for _, c := range list {
			names = append(names, c.name)
		}
	}
	names = append(names, "ls", "grep", "mkfs.f2fs", "python3.12", "zzz")
	for b.Loop() {
		for _, n := range names {
			lookup(n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(names)), "ns/name")
}
