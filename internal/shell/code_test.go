package shell

import (
	"fmt"
	"strings"
	"testing"
)

// TestInterpreters checks the interpreters' grammars: where their code is
// (an option's value, the first operand, standard input), that an option
// with a value is never taken for the code nor the code for a value, and
// that what the code does is judged through the chain "python3 -c:
// os.system".
func TestInterpreters(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		// Ordinary: a script, a module, a value, the script's own options.
		{`python3 -m http.server`, `python3`},
		{`python3 script.py -c x`, `python3`},
		{`python3 -m json.tool config.json`, `python3`},
		{`echo '{}' | python3 -m json.tool`, `echo; python3`},
		{`perl -pi -e 's/a/b/' file.txt`, `perl edit:/home/u/file.txt`},
		{`perl script.pl -e x`, `perl`},
		{`awk -F: '{print $1}' /etc/passwd`, `awk`},
		{`awk -f prog.awk 'BEGIN{system("reboot")}'`, `awk`},
		{`node app.js -e x`, `node`},
		{`node -pe "1+1"`, `node`},
		{`ruby -c -e 'system("reboot")'`, `ruby`},
		{`php artisan migrate`, `php`},
		{`php -l -r 'system("reboot");'`, `php`},
		{`tclsh script.tcl`, `tclsh`},
		{`python3 -V`, `python3`},
		// Code in options, bundled with flags, after options with values.
		{`python3 -c 'import os; os.system("reboot")'`, `python3; [python3 -c: os.system]reboot power:`},
		// Code known only when it runs, all of it: unseen.
		{`python3 -c "$CODE"`, `python3 unseen-code:"$CODE" (python3 -c)+D`},
		{`perl -e "$(cat x.pl)"`, `cat; perl unseen-code:"$(cat x.pl)" (perl -e)+D`},
		{`echo "$X" | lua -`, `echo; lua unseen-code:its standard input+D`},
		{`python3 -Ic 'import os; os.system("reboot")'`, `python3; [python3 -c: os.system]reboot power:`},
		{`python3.12 -W ignore -X dev -c 'import shutil; shutil.rmtree("/srv")'`, `python3.12; [python3.12 -c: shutil.rmtree]shutil.rmtree delete:/srv+R`},
		{`python3 -m mod -c 'import os; os.system("reboot")'`, `python3`},
		{`perl -le 'system "reboot"'`, `perl; [perl -e: system]reboot power:`},
		{`perl -I lib -MFile::Path=rmtree -e 'rmtree("/x")'`, `perl; [perl -e: rmtree]rmtree delete:/x+R`},
		{`perl -0777 -ne 'unlink "/etc/passwd"'`, `perl; [perl -e: unlink]unlink delete:/etc/passwd`},
		{`perl -i.bak -pe 's/a/b/' /etc/hosts`, `perl edit:/etc/hosts`},
		{`perl -e 'print 1;' -e 'rename "/etc", "/etc.old"'`, `perl; [perl -e: rename]rename rename:/etc write:/etc.old+R`},
		{`ruby -I lib -r json -e 'File.delete("/etc/passwd")'`, `ruby; [ruby -e: File.delete]File.delete delete:/etc/passwd`},
		{`node -r dotenv/config -e "process.kill(1)"`, `node; [node -e: process.kill]kill`},
		{`node -p "require('fs').unlinkSync('/etc/passwd')"`, `node; [node -p: fs.unlinkSync]fs.unlinkSync delete:/etc/passwd`},
		{`deno eval "Deno.removeSync('/srv', {recursive: true})"`, `deno sub=eval; [deno eval: Deno.removeSync]Deno.removeSync delete:/srv+R`},
		{`php -d foo=bar -c /etc/php.ini -r 'unlink("/etc/passwd");'`, `php; [php -r: unlink]unlink delete:/etc/passwd`},
		{`awk -v x=1 -F , -- 'BEGIN{system("reboot")}' f`, `awk; [awk: system]reboot power:`},
		{`gawk -f prog.awk -e 'BEGIN{system("reboot")}'`, `gawk; [gawk -e: system]reboot power:`},
		{`busybox awk 'BEGIN{system("reboot")}'`, `[busybox]awk; [busybox>awk: system]reboot power:`},
		{`lua5.4 -l socket -e 'os.remove("/x")'`, `lua5.4; [lua5.4 -e: os.remove]os.remove delete:/x`},
		{`expect -c 'spawn reboot'`, `expect; [expect -c: spawn]reboot power:`},
		// Code on standard input: a here-string, a heredoc, a literal pipe, "-".
		{`python3 <<< 'import os; os.system("halt")'`, `python3; [python3 <<<: os.system]halt power:`},
		{"python3 - <<'EOF'\nimport os\nos.system('reboot')\nEOF", `python3; [python3 <<<: os.system]reboot power:`},
		{`echo 'system("reboot")' | perl`, `echo; perl; [perl <<<: system]reboot power:`},
		{`echo 'os.execute("reboot")' | lua -`, `echo; lua; [lua <<<: os.execute]reboot power:`},
		{`echo 'exec reboot' | tclsh8.6`, `echo; tclsh8.6; [tclsh8.6 <<<: exec]reboot power:`},
		{`python3 < script.py`, `python3`},
		// Through wrappers; nested code.
		{`sudo -u www python3 -c 'import os; os.system("rm -rf /srv")'`, `[sudo -u www]python3; [sudo -u www>python3 -c: os.system]rm delete:/srv+R`},
		{`bash -c "perl -e 'system(q{reboot})'"`, `[bash -c]perl; [bash -c>perl -e: system]reboot power:`},
		// Computed: a part of a line, the whole line, code the reader cannot read.
		{`python3 -c 'import os; os.system("rm -rf /srv/" + d)'`, `python3; [python3 -c: os.system]rm delete:/srv+R+D`},
		{`python3 -c 'import os; os.system(cmd)'`, `python3 unseen-code:a command python3 -c computes at run time (os.system) (at 1:12)+D`},
		{`python3 -c 'exec(input())'`, `python3 unseen-code:exec of code computed at run time in python3 -c (at 1:1)+D`},
		{`python3 -c "import os; os.system('rm -rf $DIR')"`, `python3; [python3 -c: os.system]rm delete:+R+D`},
	}
	for _, tt := range tests {
		if got := ksummary(Analyze(tt.line, testOpts)); got != tt.want {
			t.Errorf("Analyze(%q)\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
}

// TestOrigin checks where in the code an invocation made from code says
// it was found, and that the part computed at run time shows as "…".
func TestOrigin(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{`python3 -c 'import os; os.system("reboot")'`, `reboot: python3 -c os.system 1:12 @11`},
		{`lua -e 'x = 1' -e 'os.execute("reboot")'`, `reboot: lua -e os.execute 2:1 @6`},
		{"psql shop <<'EOF'\nSELECT 1;\n  DROP TABLE x;\nEOF", `psql shop: psql <<< DROP TABLE 2:3 @12`},
		{`redis-cli -n 2 FLUSHDB`, `redis-cli -n 2 FLUSHDB: redis-cli FLUSHDB word 3`},
		{`python3 -c 'import os; os.system("rm -rf /srv/" + d)'`, `rm -rf /srv/…: python3 -c os.system 1:12 @11`},
		{`bash -c "python3 -c 'import os; os.system(\"perl -e \\\"unlink q{/x}\\\"\")'"`, `perl -e 'unlink q{/x}': python3 -c os.system 1:12 @11; unlink(/x): perl -e unlink 1:1 @0`},
	}
	for _, tt := range tests {
		a := Analyze(tt.line, testOpts)
		var got []string
		for _, inv := range a.Invocations {
			o := inv.Origin
			if o == nil {
				continue
			}
			s := inv.Text + ": " + o.In + " " + o.Call
			if o.Offset >= 0 {
				s += fmt.Sprintf(" %d:%d @%d", o.Line, o.Col, o.Offset)
			} else {
				s += fmt.Sprintf(" word %d", o.Word)
			}
			got = append(got, s)
		}
		if g := strings.Join(got, "; "); g != tt.want {
			t.Errorf("Analyze(%q) origins\n got: %s\nwant: %s", tt.line, g, tt.want)
		}
	}
}

// TestStatements checks what the statements a database client is given
// become: a sql, redis or mongo invocation whose operands are the verb and
// the object, with where it runs and --unfiltered as options.
func TestStatements(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{`mysql -uroot -psecret shop -e 'delete from users'`, `sql --client=mysql --database=shop --unfiltered -- delete users`},
		{`mysql -h db1 -u root -e "SELECT 'drop table x'"`, ``},
		{`mysql shop -e 'DELETE FROM users WHERE id = 1'`, `sql --client=mysql --database=shop -- delete users`},
		{`mysql prod < backup.sql`, `sql --client=mysql --database=prod -- source its standard input`},
		{`zcat dump.sql.gz | mysql -uroot -p"$PW" shop`, `sql --client=mysql --database=shop -- source its standard input`},
		{`psql -h prod-db -d app -f fix.sql`, `sql --client=psql --host=prod-db --database=app -- source fix.sql`},
		{`mysql -h prod-db shop`, ``},
		{`psql -f - shop <<< 'SELECT 1'`, ``},
		{`psql -h db1 -U app -d shop -c 'DROP TABLE x' -c 'TRUNCATE y'`, `sql --client=psql --host=db1 --database=shop -- drop table x | ` +
			`sql --client=psql --host=db1 --database=shop --unfiltered -- truncate y`},
		{`psql postgresql://app@db1:5432/shop -c 'DROP SCHEMA s'`, `sql --client=psql --host=db1 --database=shop -- drop schema s`},
		{`psql -f drop.sql shop`, `sql --client=psql --database=shop -- source drop.sql`}, // a file is not read: that it runs is all
		{`echo 'DROP DATABASE x' | psql -f - shop`, `sql --client=psql --database=shop -- drop database x`},
		{`sqlite3 -bail app.db 'DROP TABLE a' 'DELETE FROM b'`, `sql --client=sqlite3 --database=app.db -- drop table a | ` +
			`sql --client=sqlite3 --database=app.db --unfiltered -- delete b`},
		{`duckdb -c 'DROP SCHEMA s CASCADE' w.db`, `sql --client=duckdb --database=w.db -- drop schema s`},
		{`clickhouse client -h ch1 -q 'DROP DATABASE a'`, `sql --client=clickhouse client --host=ch1 -- drop database a`},
		{`cockroach sql --insecure -e 'DROP DATABASE shop CASCADE'`, `sql --client=cockroach sql -- drop database shop`},
		{`sqlcmd -S db1 -d Shop -Q 'TRUNCATE TABLE dbo.Orders'`, `sql --client=sqlcmd --host=db1 --database=Shop --unfiltered -- truncate dbo.Orders`},
		{`cqlsh -k shop -e 'DROP TABLE orders'`, `sql --client=cqlsh --database=shop -- drop table orders`},
		{`redis-cli -h cache1 -n 4 FLUSHDB`, `redis --client=redis-cli --host=cache1 --database=4 --unfiltered -- flushdb 4`},
		{`redis-cli -u redis://:pw@cache1:6379/3 flushall`, `redis --client=redis-cli --host=cache1 --database=3 --unfiltered -- flushall`},
		{`redis-cli keys 'x*' | xargs redis-cli del`, `redis --client=redis-cli -- keys x* | redis --client=redis-cli --unfiltered -- del`},
		{`redis-cli set flushall 1`, ``},
		// A query's output piped into a client: SQL made of data (piped.go).
		{`mysql -N -e "SELECT CONCAT('DROP TABLE ', table_name, ';') FROM t" | mysql shop`, `sql --client=mysql --database=shop --part=code computed at run time -- execute (one named at run time)`},
		{`psql -Atc "select 'drop table ' || tablename" | grep -v keep | sudo -u postgres psql shop`, `sql --client=psql --database=shop --part=code computed at run time -- execute (one named at run time)`},
		{`echo 'SELECT 1' | mysql shop`, ``},
		{`mysqldump shop | mysql shop2`, `sql --client=mysql --database=shop2 -- source its standard input`},
		{`cat dump.sql | psql shop`, `sql --client=psql --database=shop -- source its standard input`},
		{`psql -c 'COPY t TO STDOUT' a | psql -c 'COPY t FROM STDIN' b`, ``},
		{`mongosh mongodb://db1/shop --eval 'db.users.drop()'`, `mongo --client=mongosh --host=db1 --database=shop -- drop users`},
		{`mongosh --eval 'db.getCollectionNames().forEach(c => db[c].drop())' shop`, `mongo --client=mongosh --database=shop -- drop (one named at run time)`},
	}
	for _, tt := range tests {
		a := Analyze(tt.line, testOpts)
		var got []string
		for _, inv := range a.Invocations {
			switch inv.Name {
			case "sql", "redis", "mongo":
				s := inv.Name
				for _, x := range inv.Argv[1:] {
					v := x.Value
					if x.Raw != "" {
						v = x.Raw
					}
					s += " " + v
				}
				got = append(got, s)
			}
		}
		if g := strings.Join(got, " | "); g != tt.want {
			t.Errorf("Analyze(%q) statements\n got: %s\nwant: %s", tt.line, g, tt.want)
		}
	}
}

// TestOptionCommands checks commands that run commands given in their
// options' values, editor commands, sed scripts, makefiles on the line and
// the environment variables programs run.
func TestOptionCommands(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{`vim -c ':!rm -rf /x' notes.txt`, `vim; [vim -c: !]rm delete:/x+R`},
		{`vim +'r !reboot' x`, `vim; [vim +: !]reboot power:`},
		{`vim -es -c 'silent !reboot' -c q`, `vim; [vim -c: !]reboot power:`},
		{`vim -c '%d|wq' /etc/passwd`, `vim write:/etc/passwd`},
		{`vim -c 'w! /etc/passwd' -c q x`, `vim write:/etc/passwd`},
		{`vim -c 'set nu' -c wq notes.txt`, `vim`},
		{`vim -Z -c '!reboot'`, `vim`},
		{`vim +10 +/pat f`, `vim`},
		{`vim -c 'g/x/!rm -rf /x'`, `vim; [vim -c: !]rm delete:/x+R`},
		{`vim -c 'exe "!reboot"'`, `vim; [vim -c: !]reboot power:`},
		{`vim -c 'exe g:x'`, `vim unseen-code:an Ex command computed at run time in vim -c+D`},
		{`vim -c 'call system("reboot")'`, `vim; [vim -c: !]reboot power:`},
		{`vim -c 'py3 import os; os.system("reboot")'`, `vim; [vim -c: py3: os.system]reboot power:`},
		{`vim -c 'w !sudo tee %' f`, `vim; [vim -c: !>sudo]tee write:+D`},
		{`tar -cf x.tar --checkpoint=1 --checkpoint-action=exec='rm -rf /x' .`, `tar; [tar --checkpoint-action]rm delete:/x+R`},
		{`tar xf x.tar --to-c='reboot'`, `tar; [tar --to-command]reboot power:`},
		{`tar -I zstd -cf x.tar.zst d`, `tar; [tar -I]zstd`},
		{`tar czf x.tgz /etc`, `tar`},
		{`git -c core.sshCommand='rm -rf /x' fetch`, `git sub=fetch; [git -c core.sshCommand]rm delete:/x+R`},
		{`git -c core.fsmonitor='rm -rf /x' status`, `git; [git -c core.fsmonitor]rm delete:/x+R`},
		{`git -c core.fsmonitor=true status`, `git`},
		{`git -c alias.up='!reboot' up`, `git; [git -c alias.up]reboot power:`},
		{`git -c alias.up='!reboot' status`, `git`},
		{`git -c pager.log=false log`, `git`},
		{`git clone 'ext::sh -c reboot' x`, `git; [git ext::>sh -c]reboot power:`},
		{`git push --receive-pack='reboot' origin main`, `git sub=push; [git push --receive-pack]reboot power:`},
		{`PAGER='rm -rf /x' git log`, `[PAGER=]rm delete:/x+R; git`},
		{`env GIT_SSH_COMMAND='reboot' git fetch`, `[env>GIT_SSH_COMMAND=]reboot power:; [env]git sub=fetch`},
		{`LESSOPEN='|rm -rf /x/%s' less f`, `[LESSOPEN=]rm delete:/x+R+D; less`},
		{`GIT_SSH=/opt/ssh-wrap git fetch`, `[GIT_SSH=]ssh-wrap; git sub=fetch`},
		{`rsync -e 'sh -c reboot' a b:`, `rsync; [rsync -e>sh -c]reboot power:`},
		{`rsync -a --rsync-path='rm -rf /x' a db1:/y`, `rsync; [rsync --rsync-path]rm@db1 delete:/x+R`},
		{`ssh -o 'ProxyCommand reboot' h`, `[ssh -o]reboot power:`},
		{`scp -S reboot a h:`, `scp; [scp -S]reboot power:`},
		{`zip -T -TT 'reboot' x.zip a`, `zip; [zip -TT]reboot power:`},
		{`man -P 'reboot' ls`, `man; [man -P]reboot power:`},
		{`sed -e '1e reboot' f`, `sed; [sed e]reboot power:`},
		{`sed 's/^/rm -rf \/x /e' f`, `sed; [sed e]rm delete:/x+R delete:+R+D`},
		{`sed -n 's/a/b/e' f`, `sed unseen-code:its input lines (s///e)+D`},
		{`sed --sandbox -e '1e reboot' f`, `sed`},
		// e alone runs each input line: known on a literal stdin.
		{`echo 'rm -rf /x' | sed e`, `echo; sed; [sed e]rm delete:/x+R`},
		{`printf 'ls\nreboot\n' | sed -n -e e -`, `printf; sed; [sed e]ls; [sed e]reboot power:`},
		{`echo date | sed e`, `echo; sed; [sed e]date`},
		{`echo date | sed e f`, `echo; sed unseen-code:its input lines (e)+D`},
		{`curl -s x | sed e`, "curl; sed unseen-code:its input lines (e)+D"},
		{`echo reboot | sed -i e f`, `echo; sed edit:/home/u/f unseen-code:its input lines (e)+D`},
		{`sed -i 's/a/b/' /etc/hosts x`, `sed edit:/etc/hosts edit:/home/u/x`},
		{`sed -ie 's/a/b/' /etc/hosts`, `sed edit:/etc/hosts`},
		{`sed 's/a/b/w /etc/passwd' f`, `sed write:/etc/passwd`},
		{`sed 's/a/b/' /etc/passwd`, `sed`},
		{`find . -fprint /etc/passwd`, `find write:/etc/passwd`},
		{"make -f - <<'EOF'\nall:\n\t@$(RM) -r /x\nEOF", `make; [make -f -]rm delete:/x+R`},
		{"make -f - <<'EOF'\nD := /x\nall: ; rm -rf $(D)/$@\nEOF", `make; [make -f -]rm delete:/x+R+D`},
		{"make -n -f - <<'EOF'\nall:\n\treboot\nEOF", `make`},
		{"make -n -f - <<'EOF'\nX := $(shell reboot)\nEOF", `make; [make -f -]reboot power:`},
		{`make --eval=$'x:\n\treboot' x`, `make; [make --eval]reboot power:`},
		{`make -f Makefile all`, `make`},
		{`npx -c 'reboot'`, `[npx -c]reboot power:`},
		{`bundle exec rake db:drop`, `[bundle exec]rake`},
		{`npm exec -c 'reboot'`, `[npm exec -c]reboot power:`},
		{`npm exec -- rm -rf /srv`, `[npm exec]rm delete:/srv+R`},
		{`pnpm --filter api exec rm -rf /srv`, `[pnpm exec]rm delete:/srv+R`},
		{`pnpm dlx rimraf /srv`, `[pnpm dlx]rimraf`},
		{`yarn dlx rimraf /srv`, `[yarn dlx]rimraf`},
		{`pnpm install`, `pnpm`},
		{`mysql --pager='reboot' shop`, `mysql; [mysql --pager]reboot power:`},
		{`psql -o '|reboot' -c 'select 1'`, `psql; [psql -o]reboot power:`},
		{`less '+!reboot' /etc/hosts`, `less; [less +!]reboot power:`},
		{`less -R '++!rm -rf /x/%' f`, `less; [less +!]rm delete:/x+R+D`},
		{`less -p '!x' +G -N +/error f`, `less`},
		{`less '+!!' f`, `less`},
	}
	for _, tt := range tests {
		if got := ksummary(Analyze(tt.line, testOpts)); got != tt.want {
			t.Errorf("Analyze(%q)\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
}
