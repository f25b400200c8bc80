package inline

import (
	"strings"
	"testing"
)

// codeCase is code and the summary of what it must give (findingSummary).
type codeCase struct{ code, want string }

// jsDangerous are JavaScript one-liners that destroy, run a command, or
// run code belay cannot read.
var jsDangerous = []codeCase{
	{`require('child_process').execSync('rm -rf /')`, `sh(rm -rf /)`},
	{`require("child_process").exec("reboot")`, `sh(reboot)`},
	{`const {execSync} = require('child_process'); execSync('shutdown -h now')`, `sh(shutdown -h now)`},
	{`const { execSync: run } = require('node:child_process'); run('rm -rf /srv')`, `sh(rm -rf /srv)`},
	{`const cp = require('child_process'); cp.execSync('mkfs.ext4 /dev/sda')`, `sh(mkfs.ext4 /dev/sda)`},
	{`import {exec} from 'child_process'; exec('reboot')`, `sh(reboot)`},
	{`import * as cp from 'node:child_process'; cp.execFileSync('rm', ['-rf', '/'])`, `argv(rm -rf /)`},
	{`import cp from 'child_process'; cp.spawnSync('dd', ['if=/dev/zero', 'of=/dev/sda'])`, `argv(dd if=/dev/zero of=/dev/sda)`},
	{`child_process.execSync('rm -rf /')`, `sh(rm -rf /)`},
	{`require('child_process').spawn('rm', ['-rf', '/var/lib/mysql'], {stdio: 'inherit'})`, `argv(rm -rf /var/lib/mysql)`},
	{`require('child_process').spawn('rm -rf /', {shell: true})`, `sh(rm -rf /)`},
	{`require('child_process').spawnSync('rm', ['-rf', '/'], {shell: '/bin/bash'})`, `sh(rm -rf /)`},
	{"require('child_process').execSync(`rm -rf ${process.argv[2]}`)", `sh(rm -rf …)`},
	{`const cmd = 'rm -rf /'; require('child_process').execSync(cmd)`, `sh(rm -rf /)`},
	{`const d = '/srv'; require('child_process').execSync('rm -rf ' + d)`, `sh(rm -rf /srv)`},
	{`require('child_process').execSync('rm -rf ' + dir)`, `sh(rm -rf …)`},
	{`const cp = require('child_process'); cp[m]('reboot')`, `dynamic(child_process[…])`},
	{`require('fs').rmSync('/', {recursive: true, force: true})`, `delete-r(/)`},
	{`fs.rmSync('/var/lib/mysql', {recursive: true})`, `delete-r(/var/lib/mysql)`},
	{`require('fs').rmdirSync('/srv', {recursive: true})`, `delete-r(/srv)`},
	{`require('fs').unlinkSync('/etc/passwd')`, `delete(/etc/passwd)`},
	{`require('fs').writeFileSync('/etc/passwd', '')`, `write(/etc/passwd)`},
	{`require('fs').appendFileSync('/etc/sudoers', 'u ALL=(ALL) NOPASSWD: ALL')`, `write(/etc/sudoers)`},
	{`require('fs').truncateSync('/var/log/syslog')`, `write(/var/log/syslog)`},
	{`require('fs').renameSync('/usr/sbin', '/usr/sbin.bak')`, `rename(/usr/sbin,/usr/sbin.bak)`},
	{`require('fs').chmodSync('/', 0o777)`, `chmod(/)`},
	{`require('fs').chownSync('/etc/shadow', 1000, 1000)`, `chown(/etc/shadow)`},
	{`require('fs').promises.rm('/home', {recursive: true})`, `delete-r(/home)`},
	{`const fsp = require('fs/promises'); await fsp.rm('/data', {recursive: true, force: true})`, `delete-r(/data)`},
	{`import {rm} from 'node:fs/promises'; await rm('/srv', {recursive: true})`, `delete-r(/srv)`},
	{`const {rmSync: r} = require('fs'); r('/opt', {recursive: true})`, `delete-r(/opt)`},
	{`import * as fs from 'fs'; fs.writeFileSync('/boot/grub/grub.cfg', '')`, `write(/boot/grub/grub.cfg)`},
	{`fs.rm('/srv', {recursive: true}, () => {})`, `delete-r(/srv)`},
	{`fs.rm('/srv', opts)`, `delete-r(/srv)`},
	{`require('fs').openSync('/etc/fstab', 'w')`, `write(/etc/fstab)`},
	{`require('fs-extra').removeSync('/var/www')`, `delete-r(/var/www)`},
	{`require('rimraf').sync('/opt/app')`, `delete-r(/opt/app)`},
	{`Deno.remove('/srv', {recursive: true})`, `delete-r(/srv)`},
	{`await Deno.writeTextFile('/etc/hosts', '')`, `write(/etc/hosts)`},
	{`Deno.run({cmd: ['rm', '-rf', '/']})`, `argv(rm -rf /)`},
	{`new Deno.Command('rm', {args: ['-rf', '/']}).outputSync()`, `argv(rm -rf /)`},
	{`Bun.spawn(['rm', '-rf', '/'])`, `argv(rm -rf /)`},
	{"await Bun.$`rm -rf /`", `sh(rm -rf /)`},
	{"import {$} from 'bun'; await $`reboot`", `sh(reboot)`},
	{"await Bun.$`rm -rf ${dir}/*`", `sh(rm -rf …)`},
	{`await Bun.write('/etc/passwd', '')`, `write(/etc/passwd)`},
	{`await Bun.file('/etc/shadow').delete()`, `delete(/etc/shadow)`},
	{`process.kill(-1)`, `kill(-1)`},
	{`process.kill(1, 'SIGKILL')`, `kill(1)`},
	{`process.kill(pid, 9)`, `kill(…)`},
	{`while (true) require('child_process').fork(__filename)`, `forkbomb; argv(node …)`},
	{`for (;;) { require('child_process').spawn(process.execPath, [__filename]) }`, `forkbomb; argv(… …)`},
	{`const cp = require('child_process'); do { cp.exec('x') } while (1)`, `forkbomb; sh(x)`},
	{`setInterval(() => require('child_process').exec('x'))`, `forkbomb; sh(x)`},
	{"require('child_process').execSync('reboot')\n{ console.log(1) }", `sh(reboot)`},
	{`eval("require('child_process').execSync('rm -rf /')")`, `sh(rm -rf /)`},
	{`eval(Buffer.from(s, 'base64').toString())`, `dynamic(eval)`},
	{`new Function(code)()`, `dynamic(Function)`},
	{`require('vm').runInThisContext(src)`, `dynamic(vm.runInThisContext)`},
	{`const { exec } = await import('child_process'); exec('poweroff')`, `sh(poweroff)`},
	{`(await import('node:child_process')).execSync('halt')`, `sh(halt)`},
	{`import('child_process').then(cp => cp.execSync('reboot'))`, `sh(reboot)`},
	{`import('node:fs').then(({rmSync: rm}) => rm('/srv', {recursive: true}))`, `delete-r(/srv)`},
	{`process.getBuiltinModule('child_process').execSync('reboot')`, `sh(reboot)`},
	{`globalThis.require('child_process').execSync('reboot')`, `sh(reboot)`},
	{`const r = require; r('child_process').execSync('reboot')`, `sh(reboot)`},
	{`const e = eval; e(x)`, `dynamic(eval)`},
	{"const sh = require('shelljs'); sh.rm('-rf', '/srv')", `delete-r(/srv)`},
	{"const {execa} = require('execa'); await execa('rm', ['-rf', '/'])", `argv(rm -rf /)`},
	{"// harmless\nrequire('child_process')\n  .execSync(\"rm -rf /\")", `sh(rm -rf /)`},
}

// jsOrdinary are everyday JavaScript one-liners: nothing to find, or a
// finding that is harmless when judged.
var jsOrdinary = []codeCase{
	{`console.log("rm -rf /")`, ``},
	{`console.log(process.version)`, ``},
	{`// require('child_process').execSync('rm -rf /')`, ``},
	{`/* fs.rmSync('/', {recursive: true}) */ console.log(1)`, ``},
	{`fs.readFileSync('/etc/passwd', 'utf8')`, ``},
	{`console.log(require('fs').readdirSync('/'))`, ``},
	{`console.log(JSON.stringify(process.env))`, ``},
	{`require('fs').existsSync('/etc/hosts')`, ``},
	{`const s = "require('child_process').execSync('reboot')"; console.log(s)`, ``},
	{"console.log(`rm -rf ${x}`)", ``},
	{`let re = /exec\('rm'\)/; console.log(re.test(s))`, ``},
	{`x = a / b / c; console.log(x)`, ``},
	{`console.log(require('os').cpus().length)`, ``},
	{`require('http').createServer((q, s) => s.end('ok')).listen(8080)`, ``},
	{`setTimeout(() => console.log('hi'), 1000)`, ``},
	{`const m = new Map(); m.set('exec', 1)`, ``},
	{`obj.exec('rm -rf /')`, ``},
	{`/rm -rf/.exec(line)`, ``},
	{`console.log(fs.statSync('/').isDirectory())`, ``},
	{`require('fs').mkdirSync('/tmp/x', {recursive: true})`, ``},
	{`Deno.readTextFile('/etc/hosts').then(console.log)`, ``},
	{`console.log(Deno.version)`, ``},
	{`console.log(Bun.version)`, ``},
	{`await Bun.file('/etc/hosts').text()`, ``},
	{`process.kill(process.pid, 'SIGTERM')`, ``},
	{`process.exit(1)`, ``},
	{`const {exec} = require('./my-lib'); exec('rm -rf /')`, ``},
	{`function exec(cmd) { console.log(cmd) } exec('rm -rf /')`, ``},
	{`while (true) { if (done()) break; }`, ``},
	{`setInterval(() => require('child_process').exec('date'), 60000)`, `sh(date)`},
	{"const {$} = require('zx'); while (true) { await $`date`; }", `sh(date)`},
	{`while (true) { require('child_process').exec('x'); if (++n > 3) break }`, `sh(x)`},
	{`for (const f of require('fs').readdirSync('.')) console.log(f)`, ``},
	{`require('fs').openSync('/etc/hosts', 'r')`, ``},
	{`require('fs').openSync('/etc/hosts')`, ``},
	{`require('fs').rm('/tmp/x.txt', (err) => {})`, `delete(/tmp/x.txt)`},
	{`require('child_process').execSync('ls -la', {encoding: 'utf8'})`, `sh(ls -la)`},
	{`require('child_process').execFileSync('git', ['status'])`, `argv(git status)`},
	{`const x = 'a' + 'b'; console.log(x)`, ``},
	{`console.log('\x72\x6d -rf /')`, ``},
	{`if (a) /'/.test(b); require('child_process').execSync('uptime')`, `sh(uptime)`},
	{"const t = `${a}${b}`; console.log(t)", ``},
	{`JSON.parse('{"exec": "rm -rf /"}')`, ``},
	{`require('fs').writeFileSync('out.txt', data)`, `write(out.txt)`},
	{`console.log([1, 2, 3].map(x => x * 2))`, ``},
	{`new Function('a', 'b', 'return a + b')(1, 2)`, ``},
	{`eval('1 + 2')`, ``},
	{`console.log(process.kill)`, ``},
	{"#!/usr/bin/env node\nconsole.log(1)", ``},
	{`const o = { execSync(c) { return c } }; o.execSync('rm -rf /')`, ``},
	{`class A { exec(x) { return x } }`, ``},
	{`console.log(require('path').join('/', 'etc'))`, ``},
	{`const rl = require('readline').createInterface({input: process.stdin})`, ``},
	{"console.log(`${require('os').hostname()}: up`)", ``},
	{`const url = "http://x/?q=" + encodeURIComponent("rm -rf /")`, ``},
}

func TestJS(t *testing.T) {
	runCodeCases(t, JS, jsDangerous, true)
	runCodeCases(t, JS, jsOrdinary, false)
}

// runCodeCases checks each case's summary, that every position is inside
// the code, and the size of the table.
func runCodeCases(t *testing.T, lang Lang, cases []codeCase, dangerous bool) {
	t.Helper()
	if len(cases) < 40 {
		t.Errorf("%s: %d cases, want at least 40", lang, len(cases))
	}
	for _, c := range cases {
		fs := Analyze(lang, c.code)
		if got := findingSummary(fs); got != c.want {
			t.Errorf("%s %q:\n got %s\nwant %s", lang, c.code, got, c.want)
		}
		if dangerous && len(fs) == 0 {
			t.Errorf("%s %q: a dangerous case with no finding", lang, c.code)
		}
		for _, f := range fs {
			if f.Pos < 0 || f.Pos >= len(c.code) {
				t.Errorf("%s %q: position %d outside the code", lang, c.code, f.Pos)
			}
			if f.Call == "" {
				t.Errorf("%s %q: finding %s without its call", lang, c.code, f.summary())
			}
		}
	}
}

// TestJSPositions checks that a finding points at its call, inside an
// eval'd string too.
func TestJSPositions(t *testing.T) {
	for _, c := range []struct {
		code string
		call string
		at   string // the text at the finding's position
	}{
		{`x(); require('child_process').execSync('reboot')`, "child_process.execSync", "require("},
		{`const cp = require('child_process'); cp.spawn('ls')`, "child_process.spawn", "cp.spawn"},
		{`eval("require('fs').rmSync('/x')")`, "fs.rmSync", "require('fs')"},
		{"await Bun.$`reboot`", "Bun.$", "Bun.$"},
		{`process.kill(-1)`, "process.kill", "process.kill"},
	} {
		fs := Analyze(JS, c.code)
		if len(fs) != 1 {
			t.Errorf("%q: %d findings, want 1", c.code, len(fs))
			continue
		}
		if fs[0].Call != c.call {
			t.Errorf("%q: call %q, want %q", c.code, fs[0].Call, c.call)
		}
		if p := fs[0].Pos; p < 0 || p+len(c.at) > len(c.code) || c.code[p:p+len(c.at)] != c.at {
			t.Errorf("%q: position %d, want at %q", c.code, p, c.at)
		}
	}
}

// TestJSBounded checks the readers' bounds on hostile input: deep
// nesting, many calls, eval inside eval, and an unterminated template.
func TestJSBounded(t *testing.T) {
	deep := strings.Repeat("eval(\"", 5000)
	many := strings.Repeat("require('child_process').execSync('ls');", 3000)
	for _, code := range []string{
		deep,
		many,
		"`${`${`${`${",
		"((((((((((((((((((((((((((((((((((((((((",
		"eval('eval(\"eval(`eval(\\'require(\\\"child_process\\\").execSync(\\\"x\\\")\\')`)\")')",
		"while(1)while(1)while(1)while(1)while(1)require('child_process').fork('x');",
		strings.Repeat("x = x + x + 'abc';", 200),
	} {
		fs := Analyze(JS, code)
		if len(fs) > findingsCap+1 {
			t.Errorf("%d findings for %.40q…, want at most %d", len(fs), code, findingsCap+1)
		}
	}
	if fs := Analyze(JS, many); len(fs) != findingsCap+1 || fs[findingsCap].Kind != Dynamic {
		t.Errorf("3000 calls: %d findings, want %d ending with a dynamic one", len(fs), findingsCap+1)
	}
	// a word that doubles at each step stops at maxWordLen, dynamic
	code := strings.Repeat("x = x + x + 'abc';", 100) + "require('child_process').execSync(x)"
	if fs := Analyze(JS, code); len(fs) != 1 || !fs[0].Text.Dynamic || len(fs[0].Text.Value) > maxWordLen {
		t.Errorf("doubling word: %d findings, dynamic %v, %d bytes", len(fs), len(fs) > 0 && fs[0].Text.Dynamic, len(fs[0].Text.Value))
	}
}
