package policy

import (
	"errors"
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/belay-sh/belay/internal/shell"
)

// Helpers to build invocations by hand.

// call builds an invocation of argv, with no operands from a command table
// (the matcher then takes every non-option argument).
func call(argv ...string) *shell.Invocation {
	inv := &shell.Invocation{Name: path.Base(argv[0]), Text: strings.Join(argv, " ")}
	for _, a := range argv {
		inv.Argv = append(inv.Argv, shell.Arg{Value: a})
	}
	return inv
}

// dyn adds a dynamic argument with its source text and worst-case value "".
func dyn(inv *shell.Invocation, raw string) *shell.Invocation {
	inv.Argv = append(inv.Argv, shell.Arg{Dynamic: true, Raw: raw})
	return inv
}

// withOps sets the operands as a command table would.
func withOps(inv *shell.Invocation, ops ...string) *shell.Invocation {
	inv.Operands = append([]string{}, ops...)
	return inv
}

// with adds effects.
func with(inv *shell.Invocation, effs ...shell.Effect) *shell.Invocation {
	inv.Effects = append(inv.Effects, effs...)
	return inv
}

// eff builds an effect; flags are any of "r" (recursive), "d" (dynamic),
// "g" (glob).
func eff(kind shell.EffectKind, p string, flags ...string) shell.Effect {
	e := shell.Effect{Kind: kind, Path: p}
	for _, f := range flags {
		switch f {
		case "r":
			e.Recursive = true
		case "d":
			e.Dynamic = true
		case "g":
			e.Glob = true
		case "f":
			e.Filtered = true
		}
	}
	return e
}

func remote(inv *shell.Invocation, host string) *shell.Invocation {
	inv.Remote = host
	return inv
}

func stdin(inv *shell.Invocation, s string) *shell.Invocation {
	inv.Stdin = &s
	return inv
}

// rm builds "rm ARGS" deleting the operands, recursively when -r is given.
func rm(args ...string) *shell.Invocation {
	inv := call(append([]string{"rm"}, args...)...)
	rec := ""
	for _, a := range args {
		if strings.HasPrefix(a, "-") && strings.ContainsAny(a, "rR") {
			rec = "r"
		}
	}
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			flags := []string{rec}
			if strings.ContainsAny(a, "*?[") {
				flags = append(flags, "g")
			}
			inv.Effects = append(inv.Effects, eff(shell.Delete, a, flags...))
		}
	}
	return inv
}

const packHead = "[pack]\nname = \"t\"\n"

// testRule makes a pack with one rule "t.r" (action block) of the given
// conditions.
func testRule(conds string) string {
	return packHead + "[[rule]]\nid = \"t.r\"\naction = \"block\"\nmessage = \"m {command} {target} {facts}\"\n" + conds + "\n"
}

func mustSet(t testing.TB, opt Options, packs ...string) *Set {
	t.Helper()
	var ps []*Pack
	for i, src := range packs {
		p, err := ParsePack("p"+string(rune('0'+i))+".toml", []byte(src))
		if err != nil {
			t.Fatalf("ParsePack: %v\n%s", err, src)
		}
		ps = append(ps, p)
	}
	s, err := Compile(ps, opt)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return s
}

func analysis(invs ...*shell.Invocation) *shell.Analysis {
	return &shell.Analysis{Invocations: invs}
}

var matchTests = []struct {
	name string
	rule string
	inv  *shell.Invocation
	want bool
}{
	// names: globs on the base name of the effect's path
	{"names", "effect = [\"write\"]\nnames = [\"*.qcow2\", \"*.img\"]", with(call("dd"), eff(shell.Write, "/srv/xen/web.img")), true},
	{"names other", "effect = [\"write\"]\nnames = [\"*.qcow2\"]", with(call("dd"), eff(shell.Write, "/srv/xen/web.txt")), false},
	{"names unknown path", "effect = [\"write\"]\nnames = [\"*\"]", with(call("dd"), eff(shell.Write, "", "d")), false},
	{"names with paths", "effect = [\"delete\"]\nnames = [\"*.img\"]\npaths = [\"/srv/**\"]", with(call("rm"), eff(shell.Delete, "/tmp/a.img")), false},
	{"power", `effect = ["power"]`, with(call("reboot"), shell.Effect{Kind: shell.Power}), true},

	// command, subcommand, operands, args
	{"command", `command = ["rm"]`, call("rm", "x"), true},
	{"command other", `command = ["rm"]`, call("rmdir", "x"), false},
	{"command base name", `command = ["rm"]`, call("/usr/bin/rm", "x"), true},
	{"command glob", `command = ["mkfs*"]`, call("mkfs.ext4", "/dev/sda1"), true},
	{"command glob other", `command = ["mkfs*"]`, call("mke2fs", "/dev/sda1"), false},
	{"command string", `command = "reboot"`, call("reboot"), true},
	{"subcommand", `command = ["systemctl"]` + "\n" + `subcommand = ["stop", "restart"]`, call("systemctl", "stop", "nginx"), true},
	{"subcommand after option", `command = ["systemctl"]` + "\n" + `subcommand = ["stop"]`, call("systemctl", "--now", "stop", "nginx"), true},
	{"subcommand is first operand only", `command = ["systemctl"]` + "\n" + `subcommand = ["stop"]`, call("systemctl", "status", "stop"), false},
	{"subcommand none", `command = ["systemctl"]` + "\n" + `subcommand = ["stop"]`, call("systemctl"), false},
	// A pattern with spaces matches that many leading operands, word by word.
	{"subcommand path", `command = ["aws"]` + "\n" + `subcommand = ["ec2 terminate-instances"]`,
		withOps(call("aws", "--profile", "p", "ec2", "terminate-instances", "--instance-ids", "i-1"), "ec2", "terminate-instances", "i-1"), true},
	{"subcommand path globs", `command = ["docker"]` + "\n" + `subcommand = ["volume r*", "system prune"]`,
		withOps(call("docker", "volume", "rm", "data"), "volume", "rm", "data"), true},
	{"subcommand path other", `command = ["aws"]` + "\n" + `subcommand = ["ec2 terminate-instances"]`,
		withOps(call("aws", "ec2", "describe-instances"), "ec2", "describe-instances"), false},
	{"subcommand path too short", `command = ["aws"]` + "\n" + `subcommand = ["ec2 terminate-instances"]`,
		withOps(call("aws", "ec2"), "ec2"), false},
	{"subcommand path not leading", `command = ["aws"]` + "\n" + `subcommand = ["ec2 terminate-instances"]`,
		withOps(call("aws", "s3", "ec2", "terminate-instances"), "s3", "ec2", "terminate-instances"), false},
	{"subcommand one word of a path", `command = ["docker"]` + "\n" + `subcommand = ["volume"]`,
		withOps(call("docker", "volume", "rm", "data"), "volume", "rm", "data"), true},
	{"operands glob", `command = ["systemctl"]` + "\n" + `operands = ["postgresql@*"]`, call("systemctl", "stop", "postgresql@14-main"), true},
	{"operands glob slash", `command = ["qemu-img"]` + "\n" + `operands = ["*.img"]`, call("qemu-img", "create", "/srv/xen/web.img"), true},
	{"operands from table", `command = ["mkfs"]` + "\n" + `operands = ["ext4"]`, withOps(call("mkfs", "-t", "ext4", "/dev/sdb"), "/dev/sdb"), false},
	{"operands generic", `command = ["mkfs"]` + "\n" + `operands = ["ext4"]`, call("mkfs", "-t", "ext4", "/dev/sdb"), true},
	{"operands after --", `command = ["rm"]` + "\n" + `operands = ["-rf"]`, call("rm", "--", "-rf"), true},
	{"args", `command = ["git"]` + "\n" + `args = ["--force*"]`, call("git", "push", "--force-with-lease"), true},
	{"sources", `command = ["kill"]` + "\n" + `sources = ["$(pidof *"]`, dyn(call("kill", "-9"), "$(pidof mysqld)"), true},
	{"sources other", `command = ["kill"]` + "\n" + `sources = ["$(pidof *"]`, dyn(call("kill"), "$(cat /run/x.pid)"), false},
	{"sources not literal", `command = ["kill"]` + "\n" + `sources = ["$(pidof *"]`, call("kill", "$(pidof mysqld)"), false},
	{"unless sources", `command = ["kill"]` + "\n" + `sources = ["$(pidof *"]` + "\n" + `unless_sources = ["*nginx*"]`,
		dyn(call("kill"), "$(pidof nginx)"), false},
	{"args not argv0", `command = ["git"]` + "\n" + `args = ["git"]`, call("git", "push"), false},
	{"unless operands", `command = ["ip"]` + "\n" + `operands = ["down"]` + "\n" + `unless_operands = ["lo", "docker*"]`, call("ip", "link", "set", "eth0", "down"), true},
	{"unless operands excluded", `command = ["ip"]` + "\n" + `operands = ["down"]` + "\n" + `unless_operands = ["lo", "docker*"]`, call("ip", "link", "set", "docker0", "down"), false},
	{"class glob", `command = ["kill"]` + "\n" + `operands = ["-[19]"]`, call("kill", "--", "-1"), true},
	{"class glob negated", `command = ["kill"]` + "\n" + `operands = ["[!0-9]*"]`, call("kill", "1"), false},

	// flags
	{"flag alone", `command = ["rm"]` + "\n" + `flags = ["-r"]`, call("rm", "-r", "x"), true},
	{"flag in bundle", `command = ["rm"]` + "\n" + `flags = ["-r"]`, call("rm", "-fr", "x"), true},
	{"flag absent", `command = ["rm"]` + "\n" + `flags = ["-r"]`, call("rm", "-f", "x"), false},
	{"flag any of", `command = ["rm"]` + "\n" + `flags = ["-r", "-R", "--recursive"]`, call("rm", "--recursive", "x"), true},
	{"long flag with value", `command = ["rm"]` + "\n" + `flags = ["--recursive"]`, call("rm", "--recursive=yes", "x"), true},
	{"long flag prefix not expanded", `command = ["rm"]` + "\n" + `flags = ["--recursive"]`, call("rm", "--recur", "x"), false},
	{"long flag longer", `command = ["rm"]` + "\n" + `flags = ["--recursive"]`, call("rm", "--recursively", "x"), false},
	{"short flag not in long", `command = ["rm"]` + "\n" + `flags = ["-r"]`, call("rm", "--force", "x"), false},
	{"flag after -- is an operand", `command = ["rm"]` + "\n" + `flags = ["-r"]`, call("rm", "--", "-r"), false},
	{"single-dash long flag", `command = ["find"]` + "\n" + `flags = ["-delete"]`, call("find", "/", "-name", "x", "-delete"), true},
	{"not a bundle", `command = ["tar"]` + "\n" + `flags = ["-d"]`, call("tar", "-C/dev/x"), false},
	{"all flags", `command = ["rm"]` + "\n" + `all_flags = ["-r", "-f"]`, call("rm", "-r", "-f", "x"), true},
	{"all flags bundle", `command = ["rm"]` + "\n" + `all_flags = ["-r", "-f"]`, call("rm", "-rf", "x"), true},
	{"all flags missing", `command = ["rm"]` + "\n" + `all_flags = ["-r", "-f"]`, call("rm", "-r", "x"), false},
	{"unless flags", `command = ["shutdown"]` + "\n" + `unless_flags = ["-c"]`, call("shutdown", "-c"), false},
	{"unless flags absent", `command = ["shutdown"]` + "\n" + `unless_flags = ["-c"]`, call("shutdown", "-r", "now"), true},

	// argv_regex, stdin_regex
	{"argv regex", `command = ["rm"]` + "\n" + `argv_regex = '^rm -rf /$'`, call("/bin/rm", "-rf", "/"), true},
	{"argv regex no", `command = ["rm"]` + "\n" + `argv_regex = '^rm -rf /$'`, call("rm", "-rf", "/x"), false},
	{"argv regex case", `command = ["psql"]` + "\n" + `argv_regex = '(?i)drop\s+table'`, call("psql", "-c", "DROP TABLE x"), true},
	{"stdin regex", `command = ["psql"]` + "\n" + `stdin_regex = '(?i)drop\s+table'`, stdin(call("psql"), "drop table x;"), true},
	{"stdin regex no stdin", `command = ["psql"]` + "\n" + `stdin_regex = '(?i)drop'`, call("psql", "drop"), false},
	{"argv or stdin regex", `command = ["psql"]` + "\n" + `argv_regex = 'drop'` + "\n" + `stdin_regex = 'drop'`, stdin(call("psql"), "drop"), true},

	// remote
	{"remote true", `command = ["reboot"]` + "\n" + `remote = true`, remote(call("reboot"), "web1"), true},
	{"remote true local", `command = ["reboot"]` + "\n" + `remote = true`, call("reboot"), false},
	{"remote false", `command = ["reboot"]` + "\n" + `remote = false`, remote(call("reboot"), "web1"), false},
	{"remote either", `command = ["reboot"]`, remote(call("reboot"), "web1"), true},

	// effects and paths
	{"effect any path", `effect = ["delete"]`, rm("x"), true},
	{"effect other kind", `effect = ["write"]`, rm("x"), false},
	{"effect empty path", `effect = ["delete"]`, with(call("x"), eff(shell.Delete, "")), true},
	{"path exact", `effect = ["delete"]` + "\n" + `paths = ["/usr/sbin"]`, rm("/usr/sbin"), true},
	{"path exact not below", `effect = ["delete"]` + "\n" + `paths = ["/usr/sbin"]`, rm("/usr/sbin/x"), false},
	{"path subtree itself", `effect = ["delete"]` + "\n" + `paths = ["/usr/**"]`, rm("/usr"), true},
	{"path subtree below", `effect = ["delete"]` + "\n" + `paths = ["/usr/**"]`, rm("/usr/share/doc"), true},
	{"path subtree sibling", `effect = ["delete"]` + "\n" + `paths = ["/usr/**"]`, rm("/usrx"), false},
	{"path root subtree", `effect = ["delete"]` + "\n" + `paths = ["/**"]`, rm("/etc"), true},
	{"path root exact", `effect = ["delete"]` + "\n" + `paths = ["/"]`, rm("/etc"), false},
	{"path glob", `effect = ["delete"]` + "\n" + `paths = ["/home/*"]`, rm("/home/alice"), true},
	{"path glob one component", `effect = ["delete"]` + "\n" + `paths = ["/home/*"]`, rm("/home/alice/x"), false},
	{"path glob subtree", `effect = ["delete"]` + "\n" + `paths = ["/home/*/.ssh/**"]`, rm("/home/alice/.ssh/id_rsa"), true},
	{"path glob subtree other", `effect = ["delete"]` + "\n" + `paths = ["/home/*/.ssh/**"]`, rm("/home/alice/.sshx"), false},
	{"path empty never", `effect = ["delete"]` + "\n" + `paths = ["/**"]`, with(call("x"), eff(shell.Delete, "")), false},
	{"path unclean target", `effect = ["delete"]` + "\n" + `paths = ["/etc"]`, rm("/etc/"), true},

	// merged usr
	{"usr: pattern /sbin, target /usr/sbin", `effect = ["rename"]` + "\n" + `paths = ["/sbin"]`, with(call("mv"), eff(shell.Rename, "/usr/sbin")), true},
	{"usr: pattern /usr/sbin, target /sbin", `effect = ["rename"]` + "\n" + `paths = ["/usr/sbin"]`, with(call("mv"), eff(shell.Rename, "/sbin")), true},
	{"usr: subtree", `effect = ["delete"]` + "\n" + `paths = ["/usr/lib/**"]`, rm("/lib/x86_64-linux-gnu/libc.so.6"), true},
	{"usr: glob first component", `effect = ["delete"]` + "\n" + `paths = ["/lib*/**"]`, rm("/usr/lib64/ld-linux-x86-64.so.2"), true},
	{"usr: not /binx", `effect = ["delete"]` + "\n" + `paths = ["/usr/binx"]`, rm("/binx"), false},

	// glob targets
	{"glob target literal", `effect = ["delete"]` + "\n" + `paths = ["/var/www/*"]`, rm("-rf", "/var/www/*"), true},
	{"glob target expands to pattern", `effect = ["delete"]` + "\n" + `paths = ["/usr"]`, rm("-rf", "/*"), true},
	{"glob target expands to merged", `effect = ["delete"]` + "\n" + `paths = ["/sbin"]`, rm("-rf", "/*"), true},
	{"glob target into subtree", `effect = ["delete"]` + "\n" + `paths = ["/etc/**"]`, rm("-rf", "/etc/*"), true},
	{"glob target names subtree root", `effect = ["delete"]` + "\n" + `paths = ["/etc/**"]`, rm("-rf", "/e*"), true},
	{"glob target deeper", `effect = ["delete"]` + "\n" + `paths = ["/usr/**"]`, rm("-rf", "/*/sbin"), true},
	{"glob target elsewhere", `effect = ["delete"]` + "\n" + `paths = ["/etc/passwd"]`, rm("-rf", "/etc/*.conf"), false},
	{"glob target shorter", `effect = ["delete"]` + "\n" + `paths = ["/etc/passwd"]`, rm("-rf", "/*"), false},
	{"glob target vs glob pattern", `effect = ["delete"]` + "\n" + `paths = ["/home/*"]`, rm("-rf", "/h*/*"), true},
	{"glob target vs disjoint glob", `effect = ["delete"]` + "\n" + `paths = ["/home/a*"]`, rm("-rf", "/home/b*"), false},
	{"escaped star is the glob itself", `effect = ["delete"]` + "\n" + `paths = ['/\*']`, rm("-rf", "/*"), true},
	{"escaped star, ?* target", `effect = ["delete"]` + "\n" + `paths = ['/\*']`, rm("-rf", "/?*"), true},
	{"escaped star, top directory", `effect = ["delete"]` + "\n" + `paths = ['/\*']`, rm("-rf", "/data"), false},
	{"escaped star, narrower glob", `effect = ["delete"]` + "\n" + `paths = ['/\*']`, rm("-rf", "/tmp*"), false},
	{"escaped star below a glob", `effect = ["delete"]` + "\n" + `paths = ['/home/*/\*']`, rm("-rf", "/home/alice/*"), true},
	{"escaped star, one entry", `effect = ["delete"]` + "\n" + `paths = ['/home/*/\*']`, rm("-rf", "/home/alice/.cache"), false},
	{"dynamic worst case", `effect = ["delete"]` + "\n" + `paths = ["/usr"]`, with(call("rm"), eff(shell.Delete, "/*", "r", "d", "g")), true},

	// exclude
	{"exclude", `effect = ["delete"]` + "\n" + `paths = ["/**"]` + "\n" + `exclude_paths = ["/tmp/**"]`, rm("/tmp/x"), false},
	{"exclude other", `effect = ["delete"]` + "\n" + `paths = ["/**"]` + "\n" + `exclude_paths = ["/tmp/**"]`, rm("/etc/x"), true},
	{"exclude does not cover glob", `effect = ["delete"]` + "\n" + `paths = ["/**"]` + "\n" + `exclude_paths = ["/tmp/**"]`, rm("-rf", "/*"), true},
	{"exclude covers glob", `effect = ["delete"]` + "\n" + `paths = ["/**"]` + "\n" + `exclude_paths = ["/tmp/**"]`, rm("-rf", "/tmp/*"), false},
	{"exclude alone", `effect = ["delete"]` + "\n" + `exclude_paths = ["/tmp/**"]`, rm("/etc"), true},
	{"exclude alone empty path", `effect = ["delete"]` + "\n" + `exclude_paths = ["/tmp/**"]`, with(call("x"), eff(shell.Delete, "")), true},

	// recursive, dynamic
	{"recursive", `effect = ["delete"]` + "\n" + `recursive = true`, rm("-rf", "/x"), true},
	{"recursive no", `effect = ["delete"]` + "\n" + `recursive = true`, rm("-f", "/x"), false},
	{"recursive false", `effect = ["delete"]` + "\n" + `recursive = false`, rm("-rf", "/x"), false},
	{"filtered", `effect = ["delete"]` + "\n" + `filtered = true`, with(call("find"), eff(shell.Delete, "/", "f")), true},
	{"filtered no", `effect = ["delete"]` + "\n" + `filtered = true`, rm("-rf", "/x"), false},
	{"filtered false", `effect = ["delete"]` + "\n" + `filtered = false`, with(call("find"), eff(shell.Delete, "/", "f")), false},
	{"recursive, filtered", `effect = ["delete"]` + "\n" + `recursive = true`, with(call("find"), eff(shell.Delete, "/", "f")), false},
	{"dynamic", `effect = ["delete"]` + "\n" + `dynamic = true`, with(call("rm"), eff(shell.Delete, "/", "d")), true},
	{"dynamic no", `effect = ["delete"]` + "\n" + `dynamic = true`, rm("/x"), false},
	{"same effect for all conditions", `effect = ["delete"]` + "\n" + `recursive = true` + "\n" + `paths = ["/etc/**"]`,
		with(call("x"), eff(shell.Delete, "/etc/x"), eff(shell.Delete, "/tmp/y", "r")), false},

	// command and effect together
	{"command and effect", `command = ["dd"]` + "\n" + `effect = ["write"]` + "\n" + `paths = ["/dev/sd*"]`, with(call("dd", "of=/dev/sda"), eff(shell.Write, "/dev/sda")), true},
	{"command and effect, other command", `command = ["dd"]` + "\n" + `effect = ["write"]`, with(call("cp", "a", "b"), eff(shell.Write, "/x/b")), false},
}

func TestMatch(t *testing.T) {
	for _, tc := range matchTests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustSet(t, Options{}, testRule(tc.rule))
			d := s.Decide(analysis(tc.inv), nil)
			got := len(d.Findings) > 0
			if got != tc.want {
				t.Fatalf("rule:\n%s\ninvocation %q: matched = %v, want %v (%+v)", tc.rule, tc.inv.Text, got, tc.want, d.Findings)
			}
			if got && d.Action != Block {
				t.Fatalf("action %v, want block", d.Action)
			}
			if !got && d.Action != Allow {
				t.Fatalf("action %v, want allow", d.Action)
			}
		})
	}
}

// countingAsker answers from a table and counts the questions.
type countingAsker struct {
	facts map[string]string // facts that hold
	errs  map[string]error
	asked []string // "name target"
}

func (c *countingAsker) Ask(name, target string) (Answer, error) {
	c.asked = append(c.asked, name+" "+target)
	if err := c.errs[name]; err != nil {
		return Answer{}, err
	}
	d, ok := c.facts[name]
	return Answer{Holds: ok, Detail: d}, nil
}

func TestFacts(t *testing.T) {
	reboot := testRule(`command = ["reboot"]` + "\n" + `when = ["init.cannot-start"]`)
	image := testRule(`effect = ["write"]` + "\n" + `paths = ["/srv/**"]` + "\n" + `when = ["image.in-use"]` + "\n" + `when_not = ["lab"]`)
	dd := func(of ...string) *shell.Invocation {
		inv := call("dd", "if=base.img")
		for _, o := range of {
			inv.Argv = append(inv.Argv, shell.Arg{Value: "of=" + o})
			inv.Text += " of=" + o
			inv.Effects = append(inv.Effects, eff(shell.Write, o))
		}
		return inv
	}
	boom := errors.New("boom")
	remote := func(inv *shell.Invocation) *shell.Invocation { inv.Remote = "web-01"; return inv }
	tests := []struct {
		name      string
		pack      string
		inv       *shell.Invocation
		facts     map[string]string
		errs      map[string]error
		nilHost   bool
		want      Action // Allow: no finding
		wantAsked []string
		wantFacts map[string]string
		wantMsg   string
	}{
		{name: "other command asks nothing", pack: reboot, inv: call("ls", "-l"), want: Allow},
		{name: "same command, other condition fails, asks nothing", pack: testRule(`command = ["reboot"]` + "\n" + `flags = ["-f"]` + "\n" + `when = ["init.cannot-start"]`),
			inv: call("reboot"), want: Allow},
		{name: "fact holds", pack: reboot, inv: call("reboot"), facts: map[string]string{"init.cannot-start": "/sbin/init: no such file"},
			want: Block, wantAsked: []string{"init.cannot-start "}, wantFacts: map[string]string{"init.cannot-start": "/sbin/init: no such file"},
			wantMsg: "m reboot  /sbin/init: no such file"},
		{name: "fact does not hold", pack: reboot, inv: call("reboot"), want: Allow, wantAsked: []string{"init.cannot-start "}},
		{name: "fact error: confirm", pack: reboot, inv: call("reboot"), errs: map[string]error{"init.cannot-start": boom},
			want: Confirm, wantAsked: []string{"init.cannot-start "}, wantFacts: map[string]string{"init.cannot-start": "cannot tell: boom"}},
		{name: "no host: confirm", pack: reboot, inv: call("reboot"), nilHost: true,
			want: Confirm, wantFacts: map[string]string{"init.cannot-start": "cannot tell: no host facts available"}},
		{name: "remote: this host's fact is not asked, the rule confirms", pack: reboot, inv: remote(call("reboot")),
			facts: map[string]string{"init.cannot-start": "/sbin/init: no such file"}, want: Confirm,
			wantFacts: map[string]string{"init.cannot-start": "cannot tell: it runs on web-01, whose state belay does not read"}},
		{name: "remote: this host's no is not the other host's", pack: reboot, inv: remote(call("reboot")), want: Confirm,
			wantFacts: map[string]string{"init.cannot-start": "cannot tell: it runs on web-01, whose state belay does not read"}},
		{name: "remote: the session's facts are still this session's", pack: testRule(`command = ["reboot"]` + "\n" + `when = ["session.ssh"]`),
			inv: remote(call("reboot")), facts: map[string]string{"session.ssh": "from 10.0.0.1"}, want: Block,
			wantAsked: []string{"session.ssh "}, wantFacts: map[string]string{"session.ssh": "from 10.0.0.1"}},
		{name: "remote: the account typed as is still this session's", pack: testRule(`command = ["usermod"]` + "\n" + `when = ["account.own"]`),
			inv: remote(call("usermod", "-L", "alice")), want: Allow, wantAsked: []string{"account.own alice"}},
		{name: "per target", pack: image, inv: dd("/srv/xen/web.img"), facts: map[string]string{"image.in-use": "qemu pid 42"},
			want: Block, wantAsked: []string{"image.in-use /srv/xen/web.img", "lab /srv/xen/web.img"},
			wantFacts: map[string]string{"image.in-use": "qemu pid 42", "lab": ""},
			wantMsg:   "m dd if=base.img of=/srv/xen/web.img /srv/xen/web.img qemu pid 42; not lab"},
		{name: "path outside asks nothing", pack: image, inv: dd("/tmp/x.img"), facts: map[string]string{"image.in-use": "x"}, want: Allow},
		{name: "when_not holds", pack: image, inv: dd("/srv/a.img"), facts: map[string]string{"image.in-use": "x", "lab": "yes"},
			want: Allow, wantAsked: []string{"image.in-use /srv/a.img", "lab /srv/a.img"}},
		{name: "second target", pack: image, inv: dd("/srv/a.img", "/srv/b.img"),
			errs: map[string]error{}, facts: nil, want: Allow,
			wantAsked: []string{"image.in-use /srv/a.img", "image.in-use /srv/b.img"}},
		{name: "first failing fact stops", pack: testRule(`command = ["reboot"]` + "\n" + `when = ["a", "b"]`), inv: call("reboot"),
			want: Allow, wantAsked: []string{"a "}},
		{name: "error then no", pack: testRule(`command = ["reboot"]` + "\n" + `when = ["a", "b"]`), inv: call("reboot"),
			errs: map[string]error{"a": boom}, want: Allow, wantAsked: []string{"a ", "b "}},
		{name: "command rule target is first operand", pack: testRule(`command = ["virsh"]` + "\n" + `when = ["vm.running"]`),
			inv: call("virsh", "destroy", "web"), facts: map[string]string{"vm.running": ""}, want: Block,
			wantAsked: []string{"vm.running destroy"}, wantFacts: map[string]string{"vm.running": ""}, wantMsg: "m virsh destroy web destroy vm.running"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustSet(t, Options{}, tc.pack)
			host := &countingAsker{facts: tc.facts, errs: tc.errs}
			var asker Asker = host
			if tc.nilHost {
				asker = nil
			}
			d := s.Decide(analysis(tc.inv), asker)
			if d.Action != tc.want {
				t.Errorf("action %v, want %v (%+v)", d.Action, tc.want, d.Findings)
			}
			if !reflect.DeepEqual(host.asked, tc.wantAsked) {
				t.Errorf("asked %q, want %q", host.asked, tc.wantAsked)
			}
			if tc.want == Allow {
				if len(d.Findings) != 0 {
					t.Errorf("findings %+v, want none", d.Findings)
				}
				return
			}
			if len(d.Findings) != 1 {
				t.Fatalf("findings %+v, want one", d.Findings)
			}
			f := d.Findings[0]
			if !reflect.DeepEqual(f.Facts, tc.wantFacts) {
				t.Errorf("facts %q, want %q", f.Facts, tc.wantFacts)
			}
			if tc.wantMsg != "" && f.Message != tc.wantMsg {
				t.Errorf("message %q, want %q", f.Message, tc.wantMsg)
			}
		})
	}
}

func TestFactsAskedOncePerLine(t *testing.T) {
	s := mustSet(t, Options{},
		packHead+`
[[rule]]
id = "t.a"
action = "block"
message = "a"
command = ["reboot"]
when = ["init.cannot-start"]
[[rule]]
id = "t.b"
action = "warn"
message = "b"
command = ["reboot", "halt"]
when = ["init.cannot-start"]
`)
	host := &countingAsker{facts: map[string]string{"init.cannot-start": "x"}}
	d := s.Decide(analysis(call("reboot"), call("halt")), host)
	if len(host.asked) != 1 {
		t.Errorf("asked %q, want one question", host.asked)
	}
	var ids []string
	for _, f := range d.Findings {
		ids = append(ids, f.RuleID)
	}
	if want := []string{"t.a", "t.b", "t.b"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("findings %q, want %q", ids, want)
	}
}

func TestOneFindingPerRuleAndInvocation(t *testing.T) {
	s := mustSet(t, Options{}, testRule(`effect = ["delete"]`))
	d := s.Decide(analysis(rm("-rf", "/a", "/b"), rm("/c")), nil)
	if len(d.Findings) != 2 {
		t.Fatalf("findings %+v, want 2", d.Findings)
	}
	if d.Findings[0].Target != "/a" || d.Findings[1].Target != "/c" {
		t.Errorf("targets %q %q, want /a /c", d.Findings[0].Target, d.Findings[1].Target)
	}
	if got, want := d.Findings[0].Message, "m rm -rf /a /b /a "; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

const twoRules = packHead + `
[[rule]]
id = "t.rm"
action = "block"
message = "rm"
command = ["rm"]
[[rule]]
id = "t.rf"
action = "confirm"
message = "rf"
command = ["rm"]
flags = ["-f"]
environments = { staging = "warn", lab = "allow" }
`

// acked returns inv acknowledging ids, as BELAY_ACK=ids before it would.
func acked(inv *shell.Invocation, ids ...string) *shell.Invocation {
	for _, id := range ids {
		inv.Acks = append(inv.Acks, shell.Ack{ID: id, Pos: shell.Pos{Line: 1, Col: 1}})
	}
	return inv
}

func TestAcks(t *testing.T) {
	s := mustSet(t, Options{}, twoRules)
	a := analysis(call("rm", "-f", "x"))
	d := s.Decide(a, nil)
	if d.Action != Block || len(d.Findings) != 2 || len(d.Acknowledged) != 0 {
		t.Fatalf("no acks: %+v", d)
	}
	d = s.Decide(analysis(acked(call("rm", "-f", "x"), "t.rm", "t.unknown")), nil)
	if d.Action != Confirm {
		t.Errorf("ack t.rm: action %v, want confirm", d.Action)
	}
	if !d.Findings[0].Acknowledged || d.Findings[1].Acknowledged {
		t.Errorf("ack t.rm: acknowledged flags %v %v", d.Findings[0].Acknowledged, d.Findings[1].Acknowledged)
	}
	if !reflect.DeepEqual(d.Acknowledged, []string{"t.rm"}) {
		t.Errorf("acknowledged %q", d.Acknowledged)
	}
	d = s.Decide(analysis(acked(call("rm", "-f", "x"), "t.rm", "t.rf"), acked(call("rm", "y"), "t.rm")), nil)
	if d.Action != Allow || len(d.Findings) != 3 || !reflect.DeepEqual(d.Acknowledged, []string{"t.rm", "t.rf"}) {
		t.Errorf("ack both: %+v", d)
	}
	// An ack on one invocation does not reach another.
	d = s.Decide(analysis(acked(call("true"), "t.rm", "t.rf"), call("rm", "-f", "x")), nil)
	if d.Action != Block || len(d.Acknowledged) != 0 {
		t.Errorf("ack on another command: %+v", d)
	}
	// Acks given by the caller apply to the whole line.
	d = s.DecideAcked(analysis(call("rm", "-f", "x"), call("rm", "y")), nil, []string{"t.rm", "t.rf"})
	if d.Action != Allow || len(d.Findings) != 3 || !reflect.DeepEqual(d.Acknowledged, []string{"t.rm", "t.rf"}) {
		t.Errorf("caller's acks: %+v", d)
	}
}

// TestDryRun checks that a dry-run invocation matches no rule, while
// belay's own findings and other invocations still count.
func TestDryRun(t *testing.T) {
	s := mustSet(t, Options{}, twoRules)
	dry := call("rm", "-f", "x")
	dry.DryRun = true
	d := s.Decide(analysis(dry), nil)
	if d.Action != Allow || len(d.Findings) != 0 {
		t.Errorf("dry run: %+v", d)
	}
	d = s.Decide(analysis(dry, call("rm", "y")), nil)
	if d.Action != Block || len(d.Findings) != 1 || d.Findings[0].Invocation.DryRun {
		t.Errorf("dry run and a real one: %+v", d)
	}
	d = s.Decide(&shell.Analysis{Invocations: []*shell.Invocation{dry}, Problems: []string{"too deep"}}, nil)
	if d.Action != Confirm || len(d.Findings) != 1 || d.Findings[0].RuleID != AnalysisID {
		t.Errorf("dry run with a problem: %+v", d)
	}
}

func TestEnvironments(t *testing.T) {
	for env, want := range map[string]Action{"": Confirm, "production": Confirm, "staging": Warn, "lab": Allow} {
		s := mustSet(t, Options{Environment: env}, twoRules)
		if got := s.Rule("t.rf").Action; got != want {
			t.Errorf("env %q: t.rf action %v, want %v", env, got, want)
		}
		d := s.Decide(analysis(acked(call("rm", "-f", "x"), "t.rm")), nil)
		if d.Action != want {
			t.Errorf("env %q: decision %v, want %v", env, d.Action, want)
		}
	}
}

func TestOverrides(t *testing.T) {
	over := func(body string) string {
		return "[pack]\nname = \"site\"\n" + body
	}
	s := mustSet(t, Options{Environment: "staging"}, twoRules, over(`
[[override]]
id = "t.rf"
action = "block"
reason = "no"
[[override]]
id = "t.rm"
disabled = true
reason = "lab"
[[override]]
id = "t.rm"
action = "warn"
reason = "still disabled"
`))
	if r := s.Rule("t.rm"); r != nil {
		t.Errorf("t.rm still there: %+v", r)
	}
	if len(s.Rules()) != 1 || len(s.Disabled()) != 1 {
		t.Errorf("rules %d, disabled %d", len(s.Rules()), len(s.Disabled()))
	}
	// The action override wins over the environment.
	if r := s.Rule("t.rf"); r == nil || r.Action != Block {
		t.Errorf("t.rf: %+v", r)
	}
	if o := s.Overrides("t.rm"); len(o) != 2 || o[0].Source != "p1.toml:8" {
		t.Errorf("overrides of t.rm: %+v", o)
	}
	d := s.Decide(analysis(call("rm", "-f", "x")), nil)
	if d.Action != Block || len(d.Findings) != 1 {
		t.Errorf("decision %+v", d)
	}

	// The packs are not modified.
	p, _ := ParsePack("a.toml", []byte(twoRules))
	if _, err := Compile([]*Pack{p, mustPack(t, over("[[override]]\nid = \"t.rf\"\naction = \"allow\"\nreason = \"x\"\n"))}, Options{}); err != nil {
		t.Fatal(err)
	}
	if p.Rules[1].Action != Confirm {
		t.Errorf("Compile changed the pack: %v", p.Rules[1].Action)
	}
	if _, err := Compile([]*Pack{p}, Options{Environment: "lab"}); err != nil {
		t.Fatal(err)
	}
	if p.Rules[1].Action != Confirm {
		t.Errorf("Compile for an environment changed the pack: %v", p.Rules[1].Action)
	}
}

func mustPack(t testing.TB, src string) *Pack {
	t.Helper()
	p, err := ParsePack("x.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCompileErrors(t *testing.T) {
	a := mustPack(t, twoRules)
	b, err := ParsePack("b.toml", []byte("[pack]\nname = \"t\"\n\n[[rule]]\nid = \"t.rm\"\naction = \"warn\"\nmessage = \"x\"\ncommand = \"rm\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParsePack("c.toml", []byte("[pack]\nname = \"c\"\n[[override]]\nid = \"t.nope\"\naction = \"warn\"\nreason = \"x\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Compile([]*Pack{a, b, c}, Options{})
	want := "b.toml:4: duplicate rule id t.rm (first at x.toml:4)\nc.toml:3: override of unknown rule t.nope"
	if err == nil || err.Error() != want {
		t.Errorf("got error:\n%v\nwant:\n%s", err, want)
	}
	// A pack built by hand is checked too.
	_, err = Compile([]*Pack{{Name: "h", Rules: []*Rule{{ID: "h.x", Source: "h:1", Paths: []string{"/["}, Effect: []shell.EffectKind{shell.Delete}}}}}, Options{})
	if err == nil || err.Error() != `h:1: rule h.x: bad pattern "/[" in paths: syntax error in pattern` {
		t.Errorf("hand-built: %v", err)
	}
}

func TestAnalysisFindings(t *testing.T) {
	s := mustSet(t, Options{}, twoRules)
	tests := []struct {
		name string
		a    *shell.Analysis
		want Action
		ids  []string
		msgs []string
	}{
		{"nil", nil, Confirm, []string{AnalysisID}, []string{"nothing to check: no analysis of the line"}},
		{"empty", &shell.Analysis{}, Allow, nil, nil},
		{"incomplete alone", &shell.Analysis{Incomplete: true, Invocations: []*shell.Invocation{call("ls")}}, Allow, nil, nil},
		{"incomplete with rm", &shell.Analysis{Incomplete: true, Invocations: []*shell.Invocation{call("rm", "x")}}, Block, []string{"t.rm"}, []string{"rm"}},
		{"parse error", &shell.Analysis{ParseError: errors.New("1:4: reached EOF without closing quote '")}, Confirm,
			[]string{ParseErrorID}, []string{"cannot parse the line: 1:4: reached EOF without closing quote '"}},
		{"problems", &shell.Analysis{Problems: []string{"too deep", "too long"}, Invocations: []*shell.Invocation{nil, call("ls")}}, Confirm,
			[]string{AnalysisID, AnalysisID}, []string{"too deep", "too long"}},
	}
	for _, tc := range tests {
		d := s.Decide(tc.a, nil)
		var ids, msgs []string
		for _, f := range d.Findings {
			ids = append(ids, f.RuleID)
			msgs = append(msgs, f.Message)
			if f.Rule == nil {
				t.Errorf("%s: finding without rule", tc.name)
			}
		}
		if d.Action != tc.want || !reflect.DeepEqual(ids, tc.ids) || !reflect.DeepEqual(msgs, tc.msgs) {
			t.Errorf("%s: got %v %q %q, want %v %q %q", tc.name, d.Action, ids, msgs, tc.want, tc.ids, tc.msgs)
		}
	}
	if s.Rule(ParseErrorID) == nil || s.Rule(AnalysisID) == nil {
		t.Error("Rule does not know belay's own ids")
	}
}

type panicAsker struct{}

func (panicAsker) Ask(string, string) (Answer, error) { panic("oops") }

func TestDecideDoesNotPanic(t *testing.T) {
	s := mustSet(t, Options{}, testRule(`command = ["reboot"]`+"\n"+`when = ["x"]`))
	d := s.Decide(analysis(call("reboot")), panicAsker{})
	if d.Action != Confirm || d.Findings[0].Facts["x"] != "cannot tell: internal error: oops" {
		t.Errorf("panicking asker: %+v", d)
	}
	// An invocation without argv or name.
	d = s.Decide(analysis(&shell.Invocation{}), nil)
	if d.Action != Allow {
		t.Errorf("empty invocation: %+v", d)
	}
}

func TestAction(t *testing.T) {
	for _, a := range []Action{Allow, Warn, Confirm, Block} {
		b, err := a.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Action
		if err := back.UnmarshalText(b); err != nil || back != a || a.String() != string(b) {
			t.Errorf("%v: %q %v %v", a, b, back, err)
		}
	}
	if _, err := ParseAction("blok"); err == nil || err.Error() != `bad action "blok": want allow, warn, confirm or block` {
		t.Errorf("ParseAction: %v", err)
	}
	if !(Allow < Warn && Warn < Confirm && Confirm < Block) {
		t.Error("actions out of order")
	}
	if Action(9).String() != "Action(9)" {
		t.Error(Action(9).String())
	}
}

func TestRunTests(t *testing.T) {
	s := mustSet(t, Options{}, packHead+`
[[rule]]
id = "t.reboot"
action = "block"
message = "m"
command = "reboot"
when = "init.cannot-start"
  [[rule.test]]
  line = "reboot"
  match = true
  facts = { "init.cannot-start" = "gone" }
  [[rule.test]]
  line = "reboot"
  match = false
  [[rule.test]]
  line = "reboot"
  match = true
  [[rule.test]]
  line = "echo 'reboot"
  match = false
  [[rule.test]]
  line = "sudo reboot"
  match = false
  facts = { "init.cannot-start" = "gone" }
`)
	lines := map[string]*shell.Analysis{
		"reboot":       analysis(call("reboot")),
		"echo 'reboot": {ParseError: errors.New("1:6: reached EOF without closing quote '")},
		"sudo reboot":  analysis(call("reboot")),
	}
	res := s.RunTests(func(t Test) *shell.Analysis { return lines[t.Line] })
	var got []string
	for _, r := range res {
		got = append(got, r.String())
	}
	want := []string{
		"p0.toml:10: t.reboot: ok: match",
		"p0.toml:14: t.reboot: ok: no match",
		"p0.toml:17: t.reboot: want match for reboot, got no findings",
		"p0.toml:20: t.reboot: want no match for echo 'reboot, got a line that does not parse: 1:6: reached EOF without closing quote '",
		`p0.toml:23: t.reboot: want no match for sudo reboot, got t.reboot (block) on "reboot"`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFillMessage(t *testing.T) {
	r := &Rule{Message: "{command} {x} {target}{ {facts}", When: []string{"a", "b"}, WhenNot: []string{"c"}}
	inv := &shell.Invocation{Argv: []shell.Arg{{Value: "rm"}, {Value: "-rf"}, {Value: "/"}}}
	got := fillMessage(r, r.Message, inv, "/", map[string]string{"a": "A", "b": "", "c": ""})
	if want := "rm -rf / {x} /{ A; b; not c"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
