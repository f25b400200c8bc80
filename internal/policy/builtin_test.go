package policy

import (
	"fmt"
	"path"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/belay-sh/belay/internal/shell"
	"github.com/belay-sh/belay/rules"
)

func TestBuiltinUpToDate(t *testing.T) {
	want, err := ParseDir(rules.FS, "rules")
	if err != nil {
		t.Fatalf("the built-in packs do not parse:\n%v", err)
	}
	got, err := BuiltinWithTests()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("internal/policy/builtin_gen.go differs from rules/*.toml: run go generate ./internal/policy")
	}
	if _, err := Compile(got, Options{}); err != nil {
		t.Fatalf("the built-in packs do not compile:\n%v", err)
	}
}

// syntheticPacks builds about 200 rules shaped like the built-in ones.
func syntheticPacks(tb testing.TB) []*Pack {
	var b strings.Builder
	b.WriteString("[pack]\nname = \"syn\"\n")
	n := 0
	rule := func(action, conds string) {
		n++
		fmt.Fprintf(&b, "[[rule]]\nid = \"syn.r%d\"\naction = %q\nmessage = \"{command} on {target}\"\n%s\n", n, action, conds)
	}
	cmds := []string{"reboot", "shutdown", "systemctl", "kill", "mkfs", "dd", "rm", "mv", "chmod", "chown", "git", "docker",
		"kubectl", "terraform", "aws", "gcloud", "psql", "mysql", "redis-cli", "apt-get", "dpkg", "yum", "emerge", "virsh",
		"xl", "qemu-img", "iptables", "nft", "ufw", "userdel", "passwd", "crontab", "truncate", "shred", "wipefs", "parted",
		"fdisk", "sgdisk", "lvremove", "vgremove", "zpool", "zfs", "btrfs", "mdadm", "cryptsetup", "umount", "swapoff",
		"ip", "ifdown", "nmcli", "sysctl", "modprobe", "rmmod", "setenforce", "chattr", "find", "rsync", "tar", "ln", "install"}
	for i, c := range cmds {
		rule("confirm", fmt.Sprintf("command = [%q]\nsubcommand = [\"stop\", \"delete\", \"rm\"]", c))
		rule("block", fmt.Sprintf("command = [%q]\nflags = [\"-f\", \"--force\"]\noperands = [\"/dev/sd*\", \"prod*\"]", c))
		if i%3 == 0 {
			rule("warn", fmt.Sprintf("command = [%q]\nargv_regex = '(?i)\\b(drop|truncate)\\s+table%d'", c, i))
		}
	}
	for i := range 15 {
		rule("confirm", fmt.Sprintf("command = [\"mkfs%d*\"]", i))
	}
	kinds := []string{"delete", "rename", "write", "format", "chmod", "chown", "link-over"}
	dirs := []string{"/", "/etc", "/usr", "/boot", "/var/lib", "/srv", "/home/*", "/root", "/dev", "/proc"}
	for i := 0; n < 200; i++ {
		k, d := kinds[i%len(kinds)], dirs[i%len(dirs)]
		rule("block", fmt.Sprintf("effect = [%q]\npaths = [%q, %q]\nexclude_paths = [\"/tmp/**\"]\nrecursive = %v", k, d, path.Join(d, "x"+fmt.Sprint(i), "**"), i%2 == 0))
	}
	p, err := ParsePack("syn.toml", []byte(b.String()))
	if err != nil {
		tb.Fatal(err)
	}
	return []*Pack{p}
}

// benchLines are hand-built analyses of ordinary and dangerous lines.
func benchLines() []*shell.Analysis {
	return []*shell.Analysis{
		analysis(call("ls", "-la", "/var/log")),
		analysis(call("git", "status")),
		analysis(call("cat", "access.log"), call("grep", "-v", "health"), call("sort"), call("uniq", "-c")),
		analysis(with(call("cp", "a.conf", "/etc/nginx/nginx.conf"), eff(shell.Read, "/home/tester/a.conf"), eff(shell.Write, "/etc/nginx/nginx.conf"))),
		analysis(call("systemctl", "restart", "nginx")),
		analysis(rm("-rf", "/var/www/*")),
		analysis(with(call("dd", "if=base.img", "of=/srv/xen/web.img"), eff(shell.Read, "/home/tester/base.img"), eff(shell.Write, "/srv/xen/web.img"))),
		analysis(call("kubectl", "delete", "ns", "prod")),
	}
}

func benchDecide(b *testing.B, packs []*Pack) {
	s, err := Compile(packs, Options{})
	if err != nil {
		b.Fatal(err)
	}
	lines := benchLines()
	host := AskerFunc(func(string, string) (Answer, error) { return Answer{}, nil })
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range lines {
			s.Decide(a, host)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
	b.ReportMetric(float64(len(s.Rules())), "rules")
}

// BenchmarkDecide matches 8 lines against ~200 synthetic rules.
func BenchmarkDecide(b *testing.B) { benchDecide(b, syntheticPacks(b)) }

// BenchmarkDecideBuiltin matches the same lines against the built-in packs.
func BenchmarkDecideBuiltin(b *testing.B) {
	packs, err := Builtin()
	if err != nil {
		b.Fatal(err)
	}
	benchDecide(b, packs)
}

// BenchmarkBuiltin is the start-up cost of the built-in packs: decode and
// compile.
func BenchmarkBuiltin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		packs, err := Builtin()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Compile(packs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseBuiltinTOML is what BenchmarkBuiltin saves.
func BenchmarkParseBuiltinTOML(b *testing.B) {
	for b.Loop() {
		if _, err := ParseDir(rules.FS, "rules"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompileSynthetic(b *testing.B) {
	packs := syntheticPacks(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(packs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestParseDir(t *testing.T) {
	packs, err := ParseDir(fstest.MapFS{}, "rules")
	if packs != nil || err != nil {
		t.Errorf("empty dir: %v %v", packs, err)
	}
	fsys := fstest.MapFS{
		"a.toml":     {Data: []byte(twoRules)},
		"b.toml":     {Data: []byte("[pack]\nname = \"b\"\nx = 1\n")},
		"README.md":  {Data: []byte("not a pack")},
		"big.toml":   {Data: make([]byte, MaxPackSize+1)},
		"d.toml/x":   {Data: []byte("a directory")},
		"c.toml":     {Data: []byte("[pack]\nname = \"c\"\n")},
		"sub/z.toml": {Data: []byte("[pack]\nname = \"z\"\n")},
	}
	packs, err = ParseDir(fsys, "/etc/belay/rules.d")
	want := "/etc/belay/rules.d/b.toml:3:1: unknown key pack.x\n/etc/belay/rules.d/big.toml: too large: more than 4194304 bytes"
	if err == nil || err.Error() != want {
		t.Errorf("got error:\n%v\nwant:\n%s", err, want)
	}
	var names []string
	for _, p := range packs {
		names = append(names, p.Name+" "+p.Source)
	}
	if !reflect.DeepEqual(names, []string{"t /etc/belay/rules.d/a.toml", "c /etc/belay/rules.d/c.toml"}) {
		t.Errorf("packs %q", names)
	}
}
