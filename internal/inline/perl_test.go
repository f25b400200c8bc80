package inline

import (
	"strings"
	"testing"
)

var plDanger = []readCase{
	{`system("rm -rf /")`, "shell:rm -rf /"},
	{`system "reboot"`, "shell:reboot"},
	{`system("rm", "-rf", "/")`, "argv:rm -rf /"},
	{`system(qw(rm -rf /))`, "argv:rm -rf /"},
	{`system "echo", unlink "/etc/passwd", "/etc/shadow"`, "argv:echo <?>; delete:/etc/passwd; delete:/etc/shadow"},
	{`system("/sbin/shutdown", "-r", "now") == 0 or die`, "argv:/sbin/shutdown -r now"},
	{`CORE::system("reboot")`, "shell:reboot"},
	{`exec "shutdown -h now"`, "shell:shutdown -h now"},
	{`exec("/sbin/reboot")`, "shell:/sbin/reboot"},
	{`exec { "/bin/sh" } "sh", "-c", "reboot"`, "argv:/bin/sh -c reboot"},
	{"`rm -rf /`", "shell:rm -rf /"},
	{"my $x = `reboot`; print $x", "shell:reboot"},
	{`qx(reboot)`, "shell:reboot"},
	{`qx{rm -rf /var/lib/mysql}`, "shell:rm -rf /var/lib/mysql"},
	{`my $out = qx/halt/;`, "shell:halt"},
	{`readpipe("reboot")`, "shell:reboot"},
	{`open(F, "| reboot")`, "shell:reboot"},
	{`open(F, "rm -rf / |")`, "shell:rm -rf /"},
	{`open F, "|mail root" or die`, "shell:mail root"},
	{`open(my $f, "-|", "rm", "-rf", "/")`, "argv:rm -rf /"},
	{`open(my $f, "|-", "reboot")`, "shell:reboot"},
	// What is printed into a shell it opened is not followed: unseen.
	{`open(F, "| sh"); print F "reboot\n"`, "shell:sh; dynamic"},
	{`open(my $f, "|-", "bash") or die; print $f "rm -rf /"`, "shell:bash; dynamic"},
	{`use IPC::Open2; open2(my $o, my $i, "sh")`, "shell:sh; dynamic"},
	{`use IPC::Open3; open3(my $in, my $out, my $err, "rm -rf /")`, "shell:rm -rf /"},
	{`unlink "/etc/passwd"`, "delete:/etc/passwd"},
	{`unlink("/etc/shadow", "/etc/group")`, "delete:/etc/shadow; delete:/etc/group"},
	{`unlink glob "/var/lib/mysql/*"`, "delete:/var/lib/mysql/*"},
	{`unlink(glob("/etc/*"))`, "delete:/etc/*"},
	{`unlink glob "$d/*"`, "delete:/*<?>"},
	{`rmdir "/boot"`, "delete:/boot"},
	{`use File::Path qw(rmtree); rmtree("/var/lib/mysql")`, "delete+R:/var/lib/mysql"},
	{`use File::Path; File::Path::remove_tree("/srv", {verbose => 1})`, "delete+R:/srv"},
	{`use File::Path 'rmtree'; rmtree(['/etc', '/usr'])`, "delete+R:/etc; delete+R:/usr"},
	{`rename "/usr/sbin", "/usr/sbin.bak"`, "rename:/usr/sbin>/usr/sbin.bak"},
	{`use File::Copy; File::Copy::move("/etc", "/tmp/etc")`, "rename:/etc>/tmp/etc"},
	{`use File::Copy; copy("/tmp/x", "/etc/passwd")`, "write:/etc/passwd"},
	{`chmod 0777, "/etc/sudoers"`, "chmod:/etc/sudoers"},
	{`chown 1000, 1000, "/etc"`, "chown:/etc"},
	{`open(F, ">/etc/passwd")`, "write:/etc/passwd"},
	{`open(my $fh, ">", "/dev/sda") or die`, "write:/dev/sda"},
	{`open(F, ">>", "/etc/hosts"); print F "1.2.3.4 x\n"`, "write:/etc/hosts"},
	{`open(my $fh, '>:raw', '/dev/sda')`, "write:/dev/sda"},
	{`truncate "/etc/fstab", 0`, "write:/etc/fstab"},
	{`kill 9, -1`, "kill:-1"},
	{`kill 'KILL', 1`, "kill:1"},
	{`kill -9, 1`, "kill:-1"},
	{`kill KILL => -1`, "kill:-1"},
	{`syscall(169, 0xfee1dead, 672274793, 0x1234567)`, "power"},
	{`require "syscall.ph"; syscall(&SYS_reboot, 0xfee1dead, 672274793, 0x1234567)`, "power"},
	{`fork while 1`, "forkbomb"},
	{`fork while fork`, "forkbomb"},
	{`1 while fork`, "forkbomb"},
	{`fork until 0`, "forkbomb"},
	{`while (1) { fork }`, "forkbomb"},
	{`for (;;) { fork; }`, "forkbomb"},
	{`fork for 1..100`, "forkbomb"},
	{`do { fork } while (1)`, "forkbomb"},
	{`{ fork; redo }`, "forkbomb"},
	{`eval "system('reboot')"`, "shell:reboot"},
	{`eval $code`, "dynamic"},
	{`do "/tmp/x.pl"`, "dynamic"},
	{`my $d = "/var/lib/pgsql"; system("rm -rf $d")`, "shell:rm -rf /var/lib/pgsql"},
	{`my $d = "/"; system "rm -rf ${d}"`, "shell:rm -rf /"},
	{`system("rm -rf " . "/")`, "shell:rm -rf /"},
	{`system "rm" . " -rf /"`, "shell:rm -rf /"},
	{`system("rm -rf $ARGV[0]")`, "shell:rm -rf <?>"},
	{`system(join(" ", "rm", "-rf", "/"))`, "shell:rm -rf /"},
	{`my @c = ("rm", "-rf", "/"); system(@c)`, "argv:<?>"},
	{`s/x/system("reboot")/e`, "shell:reboot"},
	{`s{x}{system "halt"}e`, "shell:halt"},
	{`print "@{[ system 'reboot' ]}"`, "shell:reboot"},
	{"print <<`EOC`;\nrm -rf /\nEOC\n", "shell:rm -rf /\n"},
	{"system(<<\"EOF\");\nreboot\nEOF\n", "shell:reboot\n"},
	{"system(<<~EOF);\n    rm -rf /srv\n    EOF\n", "shell:rm -rf /srv\n"},
}

var plOrdinary = []readCase{
	{`print "hello\n"`, ""},
	{`s/a/b/`, ""},
	{`s/a/b/g; s#/usr#/opt#`, ""},
	{`print if /system\(/`, ""},
	{`print "rm -rf /\n"`, ""},
	{"# system(\"reboot\")\nprint 1", ""},
	{`my @a = split /,/; print $a[1]`, ""},
	{`while (<>) { print if /foo/ }`, ""},
	{`print join(",", map { $_ * 2 } 1..10), "\n"`, ""},
	{`$_ = uc`, ""},
	{`s/system\("reboot"\)//g`, ""},
	{`tr/a-z/A-Z/`, ""},
	{`y/a-z/A-Z/`, ""},
	{`print scalar localtime`, ""},
	{`open(F, "/etc/hosts") or die; print <F>`, ""},
	{`open(my $fh, "<", "/etc/passwd") or die $!; print while <$fh>`, ""},
	{`printf "%.2f\n", 3.14159`, ""},
	{`my %h = (system => 1); print $h{system}`, ""},
	{`print "$ENV{HOME}\n"`, ""},
	{`my $x = 10 / 2; print $x`, ""},
	{`print "ok" if -e "/etc/passwd"`, ""},
	{`print "size: ", -s "/etc/passwd"`, ""},
	{`@ARGV = grep { -f } @ARGV; print "@ARGV"`, ""},
	{`print q{system("reboot")}`, ""},
	{`print qq{exec rm -rf /}`, ""},
	{`my @w = qw(system exec unlink); print "@w"`, ""},
	{"=pod\nsystem(\"reboot\")\n=cut\nprint 1", ""},
	{"print 1;\n__END__\nsystem(\"reboot\")", ""},
	{`use strict; use warnings; print "ok\n"`, ""},
	{"print <<EOF;\nsystem(\"reboot\")\nEOF\n", ""},
	{"print <<'EOF';\n`reboot`\nEOF\n", ""},
	{`system("ls", "-l")`, "argv:ls -l"},
	{`system("uptime")`, "shell:uptime"},
	{"my $d = `date`; print $d", "shell:date"},
	{`kill 0, $pid`, ""},
	{`kill 'TERM', 12345`, "kill:12345"},
	{`for (1..3) { fork }`, ""},
	{`while (1) { my $p = fork; waitpid($p, 0); sleep 1 }`, ""},
	{`unlink "/tmp/x.lock"`, "delete:/tmp/x.lock"},
	{`open(F, ">out.txt"); print F "x"`, "write:out.txt"},
	{`eval { die "x" }; print $@`, ""},
	{`eval "1 + 1"`, ""},
	{`print $x->system(1)`, ""},
	{`my $s = "a/b/c"; my @p = split m{/}, $s; print $p[0]`, ""},
	{`print sort { $a <=> $b } (3, 1, 2)`, ""},
	{`$x = $y // 2; print $x`, ""},
	{`print 10 % 3`, ""},
	{`print "a" x 3`, ""},
	{`print $#ARGV`, ""},
	{`local $/; my $c = <STDIN>; print length $c`, ""},
	{`print "email: a\@b.com\n"`, ""},
	{`chomp(my $l = <STDIN>); print $l`, ""},
	{`s{foo}{bar}g; print`, ""},
	{`my $r = qr/exec|system/; print "m" if "x" =~ $r`, ""},
	{`print 1 << 2`, ""},
	{`print for glob "*.txt"`, ""},
	{`$h{s} = 1; $h{y} = 2; print %h`, ""},
}

func TestPerl(t *testing.T) {
	tableSizes(t, plDanger, plOrdinary, 40)
	runTable(t, Perl, plDanger)
	runTable(t, Perl, plOrdinary)
}

func TestWritten(t *testing.T) {
	tests := []struct{ code, want string }{
		{`s/^/rm -rf ~\n/`, "rm -rf ~\n"},
		{`$_ .= "reboot\n" if eof`, "reboot\n"},
		{`print "rm -rf ~\n" if $. == 1`, "rm -rf ~\n"},
		{`s{foo}{bar}g`, "bar"},
		{`s'a'$x'`, "$x"},
		{`s/(\w+)/$1 x/`, "<?> x"},
		{`print unless /reboot/`, ""},
		{`s/a/b/e`, ""},
		{`my @w = qw(reboot now)`, ""},
	}
	for _, tt := range tests {
		var parts []string
		for _, w := range Written(Perl, tt.code) {
			v := w.Value
			if w.Dynamic {
				v = "<?>" + v
			}
			parts = append(parts, v)
		}
		if got := strings.Join(parts, "|"); got != tt.want {
			t.Errorf("Written(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
	if Written(Python, `print("x")`) != nil {
		t.Error("Written reads only perl")
	}
}
