package inline

import (
	"strings"
	"testing"
)

var tclDangerous = []codeCase{
	{`exec rm -rf /`, `argv(rm -rf /)`},
	{`exec sh -c "rm -rf /"`, `argv(sh -c "rm -rf /")`},
	{`exec /sbin/reboot`, `argv(/sbin/reboot)`},
	{`exec -ignorestderr -- shutdown -h now`, `argv(shutdown -h now)`},
	{`::exec reboot`, `argv(reboot)`},
	{`set d /srv; exec rm -rf $d`, `argv(rm -rf /srv)`},
	{`set d /srv; exec rm -rf ${d}/data`, `argv(rm -rf /srv/data)`},
	{`exec rm -rf $dir`, `argv(rm -rf …)`},
	{`exec rm -rf {*}$paths`, `argv(rm -rf …)`},
	{`exec dd if=/dev/zero of=/dev/sda bs=1M`, `argv(dd if=/dev/zero of=/dev/sda bs=1M)`},
	{`exec echo x > /etc/passwd`, `write(/etc/passwd); argv(echo x)`},
	{`exec cat /dev/null >/etc/fstab`, `write(/etc/fstab); argv(cat /dev/null)`},
	{`exec find / -delete | wc -l`, `argv(find / -delete); argv(wc -l)`},
	{`puts [exec rm -rf /var/www]`, `argv(rm -rf /var/www)`},
	{`set out [exec mkfs.ext4 /dev/sdb1]`, `argv(mkfs.ext4 /dev/sdb1)`},
	{`open "|rm -rf /" r`, `argv(rm -rf /)`},
	{`set f [open |[list rm -rf /srv] r]`, `argv(rm -rf /srv)`},
	{`open /etc/passwd w`, `write(/etc/passwd)`},
	{`set f [open /etc/shadow {WRONLY TRUNC}]`, `write(/etc/shadow)`},
	{`open /etc/hosts a`, `write(/etc/hosts)`},
	{`file delete -force /srv`, `delete-r(/srv)`},
	{`file delete -force -- /var/lib/mysql /var/lib/pgsql`, `delete-r(/var/lib/mysql); delete-r(/var/lib/pgsql)`},
	{`file delete /etc/passwd`, `delete(/etc/passwd)`},
	{`file delete {*}[glob /var/log/*]`, `delete(…)`},
	{`file rename /usr/sbin /tmp/x`, `rename(/usr/sbin,/tmp/x)`},
	{`file rename -force /etc/shadow /tmp/s`, `rename(/etc/shadow,/tmp/s)`},
	{`file copy -force /dev/null /etc/passwd`, `write-r(/etc/passwd)`},
	{`file attributes /etc/shadow -permissions 0777`, `chmod(/etc/shadow)`},
	{`file attributes /etc/sudoers -owner nobody`, `chown(/etc/sudoers)`},
	{`if {1} { exec reboot }`, `argv(reboot)`},
	{`if {$x} then {puts a} else {exec halt}`, `argv(halt)`},
	{`while 1 { exec sleep 1 & }`, `forkbomb; argv(sleep 1)`},
	{`while {1} {exec tclsh $argv0 &}`, `forkbomb; argv(tclsh …)`},
	{`for {} {1} {} { open "|yes" r }`, `forkbomb; argv(yes)`},
	{`package require Tclx; while {1} { fork }`, `forkbomb`},
	{`kill SIGKILL -1`, `kill(-1)`},
	{`eval exec rm -rf /`, `argv(rm -rf /)`},
	{`eval {exec rm -rf /}`, `argv(rm -rf /)`},
	{`eval "exec rm -rf /srv"`, `argv(rm -rf /srv)`},
	{`eval $cmd`, `dynamic(eval)`},
	{`eval [read stdin]`, `dynamic(eval)`},
	{`uplevel #0 {exec reboot}`, `argv(reboot)`},
	{`uplevel 1 $script`, `dynamic(uplevel)`},
	{`subst {[exec rm -rf /]}`, `argv(rm -rf /)`},
	{`subst $x`, `dynamic(subst)`},
	{`proc f {} { file delete -force /var/lib/mysql }; f`, `delete-r(/var/lib/mysql)`},
	{`catch {exec reboot}`, `argv(reboot)`},
	{`after 1000 {exec reboot}`, `argv(reboot)`},
	{`set cmd exec; $cmd rm -rf /`, `argv(rm -rf /)`},
	{`$cmd rm -rf /`, `dynamic(a command named at run time)`},
	{`[lindex $argv 0] /`, `dynamic(a command named at run time)`},
	{`foreach f {/a /b} { file delete $f }`, `delete(…)`},
	{`spawn ssh root@host reboot`, `argv(ssh root@host reboot)`},
	{`system rm -rf /`, `sh(rm -rf /)`},
	{`if {[exec id -u] == 0} {exec reboot}`, `argv(id -u); argv(reboot)`},
	{`switch $x { a {exec reboot} default {puts hi} }`, `argv(reboot)`},
	{`try { exec rm -rf /srv } on error {e} { puts $e }`, `argv(rm -rf /srv)`},
	{`namespace eval ns { exec reboot }`, `argv(reboot)`},
	{`apply {{} {exec reboot}}`, `argv(reboot)`},
	{"# clean up\nexec rm -rf /srv ;# and more", `argv(rm -rf /srv)`},
	{"exec rm \\\n  -rf /", `argv(rm -rf /)`},
	{`exec "\x72m" -rf /`, `argv(rm -rf /)`},
}

var tclOrdinary = []codeCase{
	{`puts "hello"`, ``},
	{`puts $tcl_version`, ``},
	{`puts [info patchlevel]`, ``},
	{`puts "exec rm -rf /"`, ``},
	{`puts {exec rm -rf /}`, ``},
	{`# exec rm -rf /`, ``},
	{"# exec rm -rf / \\\n still a comment", ``},
	{`set x [expr {1 + 2}]; puts $x`, ``},
	{`set s "rm -rf /"; puts $s`, ``},
	{`set l [list exec rm -rf /]; puts $l`, ``},
	{`puts [string toupper "reboot"]`, ``},
	{`foreach i {1 2 3} { puts $i }`, ``},
	{`for {set i 0} {$i < 3} {incr i} { puts $i }`, ``},
	{`while {$i < 10} { incr i }`, ``},
	{`proc add {a b} { return [expr {$a + $b}] }; puts [add 1 2]`, ``},
	{`set f [open /etc/hosts r]; puts [read $f]; close $f`, ``},
	{`set f [open /etc/hosts]`, ``},
	{`puts [file exists /etc/passwd]`, ``},
	{`puts [file size /etc/passwd]`, ``},
	{`puts [glob /etc/*.conf]`, ``},
	{`file mkdir /tmp/x`, ``},
	{`puts [clock format [clock seconds]]`, ``},
	{`array set a {x 1 y 2}; puts $a(x)`, ``},
	{`dict set d k v; puts [dict get $d k]`, ``},
	{`puts [regexp {exec} "exec rm"]`, ``},
	{`puts [lsort {c b a}]`, ``},
	{`puts [join {a b c} ,]`, ``},
	{`package require http`, ``},
	{`puts [info commands exec]`, ``},
	{`catch {puts hi} err`, ``},
	{`if {$argc > 0} { puts [lindex $argv 0] }`, ``},
	{`switch -- $x { a {puts a} b {puts b} }`, ``},
	{`puts [format "%s -rf %s" rm /]`, ``},
	{`set cmd "rm -rf /"; puts "would run: $cmd"`, ``},
	{`puts [exec uname -a]`, `argv(uname -a)`},
	{`puts [exec ls -la /tmp]`, `argv(ls -la /tmp)`},
	{`exec ls 2>@1`, `argv(ls)`},
	{`exec make >& build.log`, `write(build.log); argv(make)`},
	{`file delete /tmp/x.tmp`, `delete(/tmp/x.tmp)`},
	{`set f [open out.txt w]; puts $f hi; close $f`, `write(out.txt)`},
	{`eval {puts hi}`, ``},
	{`eval puts hi`, ``},
	{`subst {$x and [string length abc]}`, ``},
	{`after 100`, ``},
	{`after 100 {puts done}`, ``},
	{`while 1 { exec date &; after 1000 }`, `argv(date)`},
	{`while 1 { if {[incr n] > 3} break; exec true & }`, `argv(true)`},
	{`spawn -noecho ssh user@host`, `argv(ssh user@host)`},
	{`spawn bash; send "rm -rf /\r"`, `argv(bash); sh(rm -rf /)`},
	{`send -i $id -- "reboot\r"`, `sh(reboot)`},
	{`expect "password:"`, ``},
	{`send "ls\r"`, `sh(ls)`}, // typed into what expect spawned: judged as a line
	{`puts "\[exec rm -rf /\]"`, ``},
}

func TestTcl(t *testing.T) {
	runCodeCases(t, Tcl, tclDangerous, true)
	runCodeCases(t, Tcl, tclOrdinary, false)
	// set x $x$x doubles at each step: the word stops at maxWordLen
	code := "set x ab\n" + strings.Repeat("set x $x$x\n", 40) + "exec $x"
	if fs := Analyze(Tcl, code); len(fs) != 1 || len(fs[0].Argv) != 1 || !fs[0].Argv[0].Dynamic || len(fs[0].Argv[0].Value) > maxWordLen {
		t.Errorf("doubling word: %s", findingSummary(fs)[:min(80, len(findingSummary(fs)))])
	}
}

// TestPositions checks that findings of PHP, Lua and Tcl point at their
// call, inside literal code read again too.
func TestCallPositions(t *testing.T) {
	for _, c := range []struct {
		lang     Lang
		code     string
		call, at string
	}{
		{PHP, `echo 1; system("reboot");`, "system", `system("reboot")`},
		{PHP, "echo 1;\n$x = `reboot`;", "backticks", "`reboot`"},
		{PHP, `eval('unlink("/x");');`, "unlink", `unlink("/x")`},
		{Lua, `print(1) os.execute("reboot")`, "os.execute", `os.execute`},
		{Lua, `load("os.remove('/x')")()`, "os.remove", `os.remove`},
		{Tcl, "puts hi\nexec reboot", "exec", "exec reboot"},
		{Tcl, "if 1 {\n  file delete /x\n}", "file", "file delete"},
		{Tcl, "puts [exec reboot]", "exec", "exec reboot"},
	} {
		fs := Analyze(c.lang, c.code)
		if len(fs) != 1 {
			t.Errorf("%q: %d findings, want 1", c.code, len(fs))
			continue
		}
		if fs[0].Call != c.call {
			t.Errorf("%q: call %q, want %q", c.code, fs[0].Call, c.call)
		}
		if p := fs[0].Pos; p < 0 || !strings.HasPrefix(c.code[p:], c.at) {
			t.Errorf("%q: position %d, want at %q", c.code, p, c.at)
		}
	}
}

// TestTclWordsBound: a command with more words than are read stops the
// reader with a finding that says so, instead of running what it read.
func TestTclWordsBound(t *testing.T) {
	fs := Analyze(Tcl, "spawn "+strings.Repeat("env ", maxTclWords+10)+"rm -rf /")
	stopped := false
	for _, f := range fs {
		stopped = stopped || f.Stopped()
	}
	if !stopped {
		t.Errorf("%d findings, none says the reader stopped", len(fs))
	}
}
