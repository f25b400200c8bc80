package inline

import (
	"strings"
	"testing"
)

// The benchmarks read 32 KiB of ordinary code in each language, the size
// the budget names ("a 32 KiB python one-liner decided in ≤ 50 ms"),
// made of the constructs real scripts use, and one line: a one-liner is
// the worst case for line-oriented work.

const benchSize = 32 << 10

func grow(unit string) string {
	return strings.Repeat(unit, benchSize/len(unit)+1)[:benchSize]
}

var benchPython = grow(`import os, sys, json, subprocess as sp, shutil
from pathlib import Path
def load(p):
    with open(p) as f:
        return json.load(f)
cfg = {"name": "web", "dirs": ["/srv/app", "/var/log/app"], "n": 3}
for d in cfg["dirs"]:
    if not os.path.isdir(d):
        print(f"missing {d!r}: {len(d)} chars", file=sys.stderr)
out = sp.run(["systemctl", "is-active", cfg["name"]], capture_output=True, text=True).stdout.strip()
rows = [r.split(",") for r in open("/etc/hosts").read().splitlines() if r and not r.startswith("#")]
total = sum(int(x) for x in "1 2 3".split()) + len(rows)
shutil.rmtree("build", ignore_errors=True); Path("out.txt").write_text("%s %d\n" % (out, total))
class C:
    """A docstring that mentions os.system("reboot") and is only text."""
    def __init__(self, x=1): self.x = x
    def run(self): return sp.check_output("uptime", shell=True)
print(json.dumps({"ok": True, "rows": rows[:3], "out": out}), '''tail''')
`)

var benchPerl = grow(`use strict; use warnings; my %seen; my $n = 0;
while (my $line = <STDIN>) { chomp $line; next if $line =~ /^\s*#/; my @f = split /,/, $line;
$seen{$f[0]}++; $n += $f[1] // 0; $line =~ s/\bfoo\b/bar/g; $line =~ tr/a-z/A-Z/; print "$line\n" if $seen{$f[0]} == 1; }
open(my $fh, "<", "/etc/passwd") or die "cannot open: $!"; my @users = map { (split /:/)[0] } <$fh>; close $fh;
printf "%d users, %.2f avg\n", scalar @users, $n / (@users || 1); my $out = qx{uptime}; print q{system("reboot")}, "\n";
my $re = qr{^/var/log/(\w+)\.log$}; for my $f (glob "/var/log/*.log") { print "$1\n" if $f =~ $re }
print <<"EOT";
Report for $ENV{USER}: @{[ scalar localtime ]}
EOT
`)

var benchRuby = grow(`require "json"; require "fileutils"
cfg = JSON.parse(File.read("config.json")) rescue {}
dirs = %w[/srv/app /var/log/app]
dirs.each { |d| puts "missing #{d}" unless File.directory?(d) }
out = ` + "`systemctl is-active web`" + `.strip
rows = File.readlines("/etc/hosts").reject { |l| l.start_with?("#") }.map { |l| l.split }
total = rows.sum { |r| r.size } + (cfg["n"] || 0)
FileUtils.rm_rf("tmp/cache"); File.write("out.txt", "#{out} #{total}\n")
class Report
  def initialize(x = 1) = @x = x
  def run; system("uptime"); end
end
puts rows.first(3).to_json if total > 10 / 2
h = { name: "web", tags: [:a, :b], re: /^\/var\/log\/\w+$/ }
printf("%s %d\n", h[:name], h[:tags].size)
`)

var benchAwk = grow(`BEGIN { FS = ":"; OFS = "\t"; n = 0 }
/^#/ { next }
$3 >= 1000 && $7 !~ /nologin|false/ { users[$1] = $6; n++ }
{ sum += length($0); if ($1 ~ /^sys/) printf "%s %d\n", $1, NR > "/dev/stderr" }
NR % 100 == 0 { "date +%s" | getline now; close("date +%s") }
END { for (u in users) print u, users[u] | "sort -k1"; print n, sum / (NR ? NR : 1) }
`)

func benchLang(b *testing.B, lang Lang, code string) {
	oneLine := strings.ReplaceAll(code, "\n", "; ")
	for _, c := range []struct{ name, code string }{{"script", code}, {"oneline", oneLine}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.code)))
			b.ReportAllocs()
			for b.Loop() {
				Analyze(lang, c.code)
			}
		})
	}
}

func BenchmarkPython(b *testing.B) { benchLang(b, Python, benchPython) }
func BenchmarkPerl(b *testing.B)   { benchLang(b, Perl, benchPerl) }
func BenchmarkRuby(b *testing.B)   { benchLang(b, Ruby, benchRuby) }
func BenchmarkAwk(b *testing.B)    { benchLang(b, Awk, benchAwk) }

// TestBenchCode checks that the benchmarks read what they mean to: code
// with calls in it, read to the end without running out of budget.
func TestBenchCode(t *testing.T) {
	for lang, code := range map[Lang]string{Python: benchPython, Perl: benchPerl, Ruby: benchRuby, Awk: benchAwk} {
		fs := Analyze(lang, code)
		if len(fs) == 0 {
			t.Errorf("%s: benchmark code has no findings", lang)
		}
		for _, f := range fs {
			if f.Kind == Dynamic && strings.Contains(f.Call, "complex") {
				t.Errorf("%s: benchmark code ran out of budget: %+v", lang, f)
			}
		}
	}
}

// hostile is code written to make a reader slow: deep nesting, a
// construct repeated so that each copy could rescan the ones after it,
// strings that never close. Each must cost about as much per byte as
// ordinary code (compare BenchmarkHostile with the ones above).
var hostile = map[Lang][]string{
	Python: {"(", "[", "f'{", "f\"{x!r:{", "while 1:\n ", "for x in range(100): os.fork()\n", "a = a + a\n",
		"os.system(", "exec('", "[os.fork() for _ in range(100)", "a,", " for ", "\"\"\"", "x=x\n", ":", "a\\\n",
		"lambda ", "global ", "def f(", "os.path.join(", "while ", "x.", "(os.system)(", "getattr(os, "},
	Perl: {"(", "{", "fork while ", "1 while fork;", "s{", "<<E\n", "<<E;", "\"@{[ ", "q(", "$x=$x.$x;", "system ",
		"$", "/", "eval \"eval '", "{fork;redo;", "=pod\n", "do{fork}while ", "\"${\\ ", "s/x/y/e;", "$$$$",
		"unlink ", "kill 9, ", "chomp(", "join(' ', ", "for(;;){", "${", "open(F, ", "my (", "\"$x ", "qw(", "`"},
	Ruby: {"(", "{", "fork while ", "loop { fork ", "\"#{", "<<~E\n", "%w(", "begin ", "while true do ", "if x then ",
		"x = x + x\n", "system ", "/", "eval \"eval '", ":", "?", "def x = ", " end ", "100.times { fork ",
		"\"#{\"#{", "File.join(", "{ |", "def ", "for ", "a, ", "Pathname(", "send(", "x.y", "`"},
	Awk: {"(", "\"x\" ", "| getline ", "print | ", "print > ", "x = x x\n", "/", "system(", "$", ")", "x = ",
		"function f(", "print print ", "\""},
}

func BenchmarkHostile(b *testing.B) {
	for lang, units := range hostile {
		for _, u := range units {
			code := grow(u)
			b.Run(string(lang)+"/"+strings.NewReplacer("\n", "NL", " ", "_", "/", "SL").Replace(u), func(b *testing.B) {
				b.SetBytes(int64(len(code)))
				for b.Loop() {
					Analyze(lang, code)
				}
			})
		}
	}
}
