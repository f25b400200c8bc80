// Package packstest writes rule packs for tests and benchmarks: packs
// shaped like real ones, in the numbers and sizes belay must cope with.
package packstest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// UserPacks writes n packs of m rules each, shaped like real ones (a
// command rule, a path rule, a regexp rule, each with a test that must
// match and one that must not), into dir as team0.toml, team1.toml….
func UserPacks(tb testing.TB, dir string, n, m int) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "[pack]\nname = \"team%d\"\n", i)
		for j := range m {
			switch j % 3 {
			case 0:
				fmt.Fprintf(&b, "\n[[rule]]\nid = \"team%d.r%d\"\naction = \"confirm\"\nmessage = \"{command} stops service %d\"\ncommand = [\"systemctl\"]\nsubcommand = [\"stop\", \"restart\"]\noperands = [\"svc%d-%d\", \"svc%d-%d@*\"]\n", i, j, j, i, j, i, j)
				fmt.Fprintf(&b, "  [[rule.test]]\n  line = \"systemctl stop svc%d-%d\"\n  match = true\n  [[rule.test]]\n  line = \"systemctl status svc%d-%d\"\n  match = false\n", i, j, i, j)
			case 1:
				fmt.Fprintf(&b, "\n[[rule]]\nid = \"team%d.r%d\"\naction = \"block\"\nmessage = \"{command} deletes {target}\"\neffect = [\"delete\", \"rename\"]\npaths = [\"/srv/team%d/data%d/**\"]\n", i, j, i, j)
				fmt.Fprintf(&b, "  [[rule.test]]\n  line = \"rm -rf /srv/team%d/data%d\"\n  match = true\n  [[rule.test]]\n  line = \"rm -rf /srv/team%d/other\"\n  match = false\n", i, j, i)
			default:
				fmt.Fprintf(&b, "\n[[rule]]\nid = \"team%d.r%d\"\naction = \"warn\"\nmessage = \"{command} touches prod db %d\"\ncommand = [\"psql\", \"mysql\"]\nargv_regex = '(?i)\\bprod%d-%d\\b'\n", i, j, j, i, j)
				fmt.Fprintf(&b, "  [[rule.test]]\n  line = \"psql -h prod%d-%d\"\n  match = true\n  [[rule.test]]\n  line = \"psql -h staging\"\n  match = false\n", i, j)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("team%d.toml", i)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// BigPacks writes n packs of size bytes each into dir as big0.toml…: a
// few rules, then a comment that fills the file, as a fleet that keeps
// its documentation in its packs might have. Just under the 4 MiB limit,
// the TOML decoder takes a tenth of a second or more over each.
func BigPacks(tb testing.TB, dir string, n, size int) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "[pack]\nname = \"big%d\"\n", i)
		for j := range 10 {
			fmt.Fprintf(&b, "\n[[rule]]\nid = \"big%d.r%d\"\naction = \"block\"\nmessage = \"{command} deletes {target}\"\neffect = [\"delete\"]\npaths = [\"/srv/big%d/d%d/**\"]\n", i, j, i, j)
			fmt.Fprintf(&b, "  [[rule.test]]\n  line = \"rm -rf /srv/big%d/d%d\"\n  match = true\n  [[rule.test]]\n  line = \"rm -rf /srv/big%d/other\"\n  match = false\n", i, j, i)
		}
		for b.Len() < size-80 {
			b.WriteString("# " + strings.Repeat("documentation ", 5) + "\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("big%d.toml", i)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}
