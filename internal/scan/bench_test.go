package scan

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/belay-sh/belay/internal/policy"
)

// genHistory writes a bash history of n lines that looks like a person's:
// mostly ls, cd, git, vim, grep pipelines, kubectl and docker with varying
// arguments, and about one line in two hundred dangerous.
func genHistory(t testing.TB, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"api", "auth", "billing", "cache", "db", "deploy", "edge", "feed", "gateway", "search", "users", "web", "worker", "metrics", "queue"}
	nss := []string{"prod", "staging", "dev", "monitoring", "kube-system"}
	exts := []string{"go", "py", "yaml", "json", "log", "md", "sh", "tf"}
	word := func() string { return words[r.IntN(len(words))] }
	ordinary := []func() string{
		func() string { return "ls" },
		func() string { return "ls -la" },
		func() string { return fmt.Sprintf("ls -lh %s/", word()) },
		func() string { return "cd .." },
		func() string { return fmt.Sprintf("cd ~/src/%s-%s", word(), word()) },
		func() string { return "git status" },
		func() string { return "git diff" },
		func() string { return fmt.Sprintf("git log --oneline -%d", 1+r.IntN(50)) },
		func() string {
			return fmt.Sprintf("git commit -am \"%s: fix %s handling (#%d)\"", word(), word(), r.IntN(5000))
		},
		func() string { return fmt.Sprintf("git checkout -b %s/%s-%d", word(), word(), r.IntN(900)) },
		func() string { return fmt.Sprintf("git push origin %s-%d", word(), r.IntN(900)) },
		func() string { return "git pull --rebase" },
		func() string { return fmt.Sprintf("vim %s/%s.%s", word(), word(), exts[r.IntN(len(exts))]) },
		func() string {
			return fmt.Sprintf("grep -rn \"%s\" %s/ | grep -v _test | head -%d", word(), word(), 5+r.IntN(40))
		},
		func() string { return fmt.Sprintf("ps aux | grep %s | grep -v grep", word()) },
		func() string { return fmt.Sprintf("kubectl get pods -n %s", nss[r.IntN(len(nss))]) },
		func() string {
			return fmt.Sprintf("kubectl logs -f %s-%x -n %s --tail=%d", word(), r.Uint32(), nss[r.IntN(len(nss))], 10*r.IntN(20))
		},
		func() string {
			return fmt.Sprintf("kubectl describe pod %s-%x -n %s", word(), r.Uint32(), nss[r.IntN(len(nss))])
		},
		func() string { return "docker ps" },
		func() string { return fmt.Sprintf("docker run --rm -it %s:%d.%d bash", word(), r.IntN(3), r.IntN(20)) },
		func() string { return fmt.Sprintf("docker logs --tail %d %s_%s_1", 10*r.IntN(20), word(), word()) },
		func() string { return fmt.Sprintf("tail -f /var/log/%s/%s.log", word(), word()) },
		func() string { return fmt.Sprintf("cat %s.json | jq '.%s[] | .%s'", word(), word(), word()) },
		func() string { return "make -j4" },
		func() string { return "go test ./..." },
		func() string { return fmt.Sprintf("ssh %s-%02d.%s.example.com", word(), r.IntN(40), nss[r.IntN(3)]) },
		func() string { return fmt.Sprintf("sudo systemctl restart %s", word()) },
		func() string {
			return fmt.Sprintf("curl -s https://%s.example.com/api/v1/%s?limit=%d | jq .", word(), word(), r.IntN(500))
		},
		func() string {
			return fmt.Sprintf("find . -name '*.%s' | xargs grep -l %s", exts[r.IntN(len(exts))], word())
		},
		func() string { return `for f in *.log; do gzip "$f"; done` },
		func() string {
			return fmt.Sprintf("export %s_URL=https://%s.internal:%d", strings.ToUpper(word()), word(), 8000+r.IntN(100))
		},
		func() string { return fmt.Sprintf("history | grep %s", word()) },
		func() string { return fmt.Sprintf("rm -f /tmp/%s-%d.tmp", word(), r.IntN(1000)) },
	}
	dangerous := []string{
		"rm -rf /var/www/*", "sudo reboot", "sudo mv /usr/sbin /usr/sbin.bak", "dd if=/dev/zero of=/dev/sda bs=1M",
		`rm -rf "$BUILD_DIR/"*`, "kubectl delete namespace prod", "git push --force origin main", "chmod -R 777 /",
	}
	for range n {
		line := ""
		if r.IntN(200) == 0 {
			line = dangerous[r.IntN(len(dangerous))]
		} else {
			line = ordinary[r.IntN(len(ordinary))]()
		}
		w.WriteString(line)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// builtinScanner is a Scanner with the built-in rules, compiled anew as
// belay scan does on each run.
func builtinScanner(t testing.TB) *Scanner {
	t.Helper()
	packs, err := policy.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	set, err := policy.Compile(packs, policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &Scanner{Rules: set}
}

// BenchmarkScanHistory scans generated bash histories of 10k, 100k and 1M
// lines, rules compiled once per scan as belay scan does, and reports
// lines per second. Run with -benchtime=1x for the 1M case alone.
func BenchmarkScanHistory(b *testing.B) {
	for _, memo := range []bool{true, false} {
		for _, n := range []int{10_000, 100_000, 1_000_000} {
			name := fmt.Sprintf("lines=%d/memo=%v", n, memo)
			b.Run(name, func(b *testing.B) {
				dir := b.TempDir()
				hist := filepath.Join(dir, ".bash_history")
				genHistory(b, hist, n)
				if !memo {
					old := memoMax
					memoMax = 0
					defer func() { memoMax = old }()
				}
				cpu0 := cpuTime()
				b.ResetTimer()
				for b.Loop() {
					s := builtinScanner(b)
					for _, err := range s.Scan([]string{hist}) {
						if err != nil {
							b.Fatal(err)
						}
					}
				}
				lines := float64(n) * float64(b.N)
				b.ReportMetric(lines/b.Elapsed().Seconds(), "lines/s")
				// On a shared machine wall time says more about the
				// neighbours; CPU time (both cores) says what scan costs.
				b.ReportMetric(lines/(cpuTime()-cpu0).Seconds(), "lines/cpu-s")
			})
		}
	}
}
