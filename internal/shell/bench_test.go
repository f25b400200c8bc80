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
