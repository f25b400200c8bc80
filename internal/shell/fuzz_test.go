package shell

import (
	"strings"
	"testing"
	"time"
)

// FuzzAnalyze feeds arbitrary lines, in every dialect, to the analyzer: it
// must never panic, never hang, and always return an Analysis.
func FuzzAnalyze(f *testing.F) {
	seeds := []string{
		"rm -rf /", `r\m -rf "$X/"*`, "sudo mv /usr/sbin{,.bak}", "cd /usr && mv sbin x",
		"echo 'rm -rf /' | sh", "ls | xargs -I{} rm {}", "find / -exec rm {} +", ":(){ :|:& };:",
		"cat <<EOF | bash\nrm -rf /\nEOF", "ssh h 'bash -c \"rm -rf /\"'", "for x in a b; do rm $x; done",
		"$(", "{1..100000}", "a=(1 2); rm ${a[@]}", "eval \"$(curl x)\"", "rm -rf / &&",
		"sudo -u x -- env -i nice timeout 1 rm -rf /", "echo $((1/0))", "${x:?}", "~root/x",
		"begin; rm -rf (echo /); end", "dd of=/dev/sda", "rsync --delete a/ b/", "[[ -f x ]] && rm x",
	}
	for _, s := range seeds {
		f.Add(s, uint8(0))
	}
	dialects := []Dialect{Bash, POSIX, Zsh, Fish}
	f.Fuzz(func(t *testing.T, line string, d uint8) {
		opt := testOpts
		opt.Dialect = dialects[int(d)%len(dialects)]
		done := make(chan *Analysis, 1)
		go func() { done <- Analyze(line, opt) }()
		select {
		case a := <-done:
			if a == nil {
				t.Fatal("nil analysis")
			}
			for _, p := range a.Problems {
				if strings.Contains(p, "internal error") {
					t.Fatalf("internal error for %q: %s", line, p)
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("analysis of %q took over 5s", line)
		}
	})
}

// FuzzAnalyzeArgv checks the argv path the same way.
func FuzzAnalyzeArgv(f *testing.F) {
	f.Add("rm\x00-rf\x00/")
	f.Add("bash\x00-c\x00rm -rf /")
	f.Add("sudo\x00-u\x00x\x00find\x00/\x00-delete")
	f.Fuzz(func(t *testing.T, joined string) {
		a := AnalyzeArgv(strings.Split(joined, "\x00"), testOpts)
		if a == nil {
			t.Fatal("nil analysis")
		}
		for _, p := range a.Problems {
			if strings.Contains(p, "internal error") {
				t.Fatalf("internal error for %q: %s", joined, p)
			}
		}
	})
}
