package shell

import "github.com/belay-sh/belay/internal/inline"

// The interpreters' grammars, from their manuals (python(1), perlrun,
// ruby(1), node --help, php(1), gawk(1), lua(1), tclsh(1), expect(1)).
// What matters is which options take a value, so that a value is never
// taken for the code or the code for a value: python -W ARG -X OPT -m
// MOD, perl -I DIR and -M/-m/-i/-x/-d/-D/-F/-C/-V attached only (-l and
// -0 take only digits, read here as letters of their own, so -le is -l
// -e), ruby -I/-r/-C/-E, node -r/--require, php -d/-c, awk -F/-v.
const (
	pythonShort = "bBc:dEhiIm:OPqRsSuvVW:xX:"
	pythonLong  = "check-hash-based-pycs: help help-env help-xoptions help-all version"
	perlShort   = "0acC::d::D::e:E:fF::ghi::I:lm::M::npsStTuUvV::wWx::X"
	rubyShort   = "0::aC:cde:E:F::hi::I:lnpr:sSUvwW::x::y"
	rubyLong    = "copyright version verbose help enable: disable: encoding: external-encoding: internal-encoding: dump: " +
		"yjit yjit-exec-mem-size: jit backtrace-limit: crash-report:"
	nodeShort = "cC:e:hipr:v"
	nodeLong  = "eval: print require: import: loader: experimental-loader: input-type: inspect:: inspect-brk:: inspect-port: " +
		"inspect-wait:: env-file: env-file-if-exists: conditions: title: stack-size: max-old-space-size: watch watch-path: " +
		"check interactive version help test experimental-strip-types experimental-vm-modules trace-warnings no-warnings " +
		"enable-source-maps preserve-symlinks abort-on-uncaught-exception"
	phpShort = "aBc:d:eE:f:F:hHilmnqr:R:sS:t:vwz:"
	phpLong  = "ini:: rf: rc: re: ri: rz: help version info syntax-check php-ini: no-php-ini define: " +
		"profile-info hide-args"
	awkShort = "bcCd::D::e:E:f:F:ghi:kl:L::MnNo::Op::PrsStv:V"
	awkLong  = "file: field-separator: assign: source: exec: include: load: lint:: dump-variables:: debug:: profile:: " +
		"pretty-print:: characters-as-bytes traditional copyright gen-pot help version bignum use-lc-numeric non-decimal-data " +
		"optimize no-optimize posix re-interval sandbox csv"
	luaShort  = "e:l:ivEWb:j:O::"
	tclLong   = "encoding:"
	wishLong  = "encoding: display: geometry: name: use: visual: colormap: sync"
	bunLong   = "eval: print: preload: require: import: cwd: env-file: config: smol silent watch hot bun version help"
	denoEvalL = "print ext: config: import-map: cert: location: seed: v8-flags: node-modules-dir:: unstable quiet check:: " +
		"no-check:: reload:: lock:: no-lock no-remote no-npm env-file:: inspect:: inspect-brk:: inspect-wait::"
	denoRunL = denoEvalL + " allow-all allow-read:: allow-write:: allow-net:: allow-env:: allow-run:: allow-sys:: " +
		"allow-ffi:: deny-read:: deny-write:: deny-net:: deny-env:: deny-run:: watch:: watch-hmr:: no-prompt"
)

// The code each interpreter reads. When the line gives it no code (a
// script operand, a module, code on a standard input the line does not
// hold), the wrap fields say the rest: a script read from standard input,
// <(…) or a socket is judged by where it comes from (unseen.go); a file
// is not read; the code options, read above, stop that.
var (
	pythonCode = &wrap{kind: runNone, special: specialCode, script: true, stdin: stdinIdle, dialect: foreign, stops: []string{"-c", "-m"},
		code: &codeSpec{lang: inline.Python, codeOpts: []string{"-c"}, ends: []string{"-c", "-m"},
			fileOpts: []string{"-m"}, stdin: true, noRun: []string{"-V", "--version", "-h", "--help", "--help-env", "--help-xoptions", "--help-all"}}}
	perlCode = &wrap{kind: runNone, special: specialCode, script: true, stdin: stdinIdle, dialect: foreign, stops: []string{"-e", "-E"},
		code: &codeSpec{lang: inline.Perl, codeOpts: []string{"-e", "-E"}, stdin: true,
			noRun: []string{"-v", "-V", "-h"}, inPlace: []string{"-i"}}}
	rubyCode = &wrap{kind: runNone, special: specialCode, script: true, stdin: stdinIdle, dialect: foreign, stops: []string{"-e"},
		code: &codeSpec{lang: inline.Ruby, codeOpts: []string{"-e"}, stdin: true,
			noRun: []string{"-c", "--version", "-h", "--help", "--copyright", "--dump"}, inPlace: []string{"-i"}}}
	nodeCode = &wrap{kind: runNone, special: specialCode, script: true, stdin: stdinIdle, dialect: foreign,
		stops: []string{"-e", "--eval", "-p", "--print"},
		code: &codeSpec{lang: inline.JS, codeOpts: []string{"-e", "--eval"},
			flagOpts: []string{"-p", "--print"}, stdin: true, noRun: []string{"-c", "--check", "-v", "--version", "-h", "--help", "--test"}}}
	phpCode = &wrap{kind: runNone, special: specialCode, script: true, stdin: stdinIdle, dialect: foreign,
		stops: []string{"-r", "-R", "-B", "-E", "-F"},
		code: &codeSpec{lang: inline.PHP, codeOpts: []string{"-r", "-B", "-R", "-E"},
			fileOpts: []string{"-f", "-F"}, stdin: true,
			noRun: []string{"-l", "--syntax-check", "-s", "-w", "-i", "--info", "-m", "-v", "--version", "-h", "--help", "-S", "-a",
				"--rf", "--rc", "--re", "--ri", "--rz", "--ini"}}}
	awkCode = &wrap{kind: runNone, special: specialCode, code: &codeSpec{lang: inline.Awk, codeOpts: []string{"-e", "--source"},
		fileOpts: []string{"-f", "--file", "-E", "--exec"}, first: true,
		noRun: []string{"-V", "--version", "--help", "--copyright", "--gen-pot"}}}
	luaCode = &wrap{kind: runNone, special: specialCode, script: true, stdin: stdinIdle, dialect: foreign, stops: []string{"-e"},
		code: &codeSpec{lang: inline.Lua, codeOpts: []string{"-e"}, stdin: true,
			noRun: []string{"-v", "-b"}}}
	tclCode = &wrap{kind: runNone, special: specialCode, script: true, stdin: stdinIdle, dialect: foreign,
		code: &codeSpec{lang: inline.Tcl, stdin: true}}
	expectCode = &wrap{kind: runNone, special: specialCode, script: true, stdin: stdinIdle, dialect: foreign,
		stops: []string{"-c", "-f", "-b"},
		code: &codeSpec{lang: inline.Tcl, codeOpts: []string{"-c"},
			fileOpts: []string{"-f", "-b"}, stdin: true, noRun: []string{"-v"}}}
	bunCode = &wrap{kind: runNone, special: specialCode, code: &codeSpec{lang: inline.JS, codeOpts: []string{"-e", "--eval", "-p", "--print"},
		readSubs: []string{"run"}, noRun: []string{"-v", "--version", "-h", "--help"}}}
	denoCode = &wrap{kind: runNone, special: specialCode, code: &codeSpec{lang: inline.JS, codeSubs: []string{"eval"}, readSubs: []string{"run"},
		noRun: []string{"-V", "--version", "-h", "--help"}}}
)

// interpreterCommands run code in a language other than a shell's:
// python, perl, ruby, node, deno, bun, php, awk, lua, tcl. Their inline
// code (-c, -e, -r, an awk program, a script on standard input) is read
// by internal/inline (code.go); a script file or a module is not. A
// versioned name (python3.12, php8.2, lua5.4, tclsh8.6) falls back to its
// NAME.* entry. Sorted by name.
var interpreterCommands = []command{
	{name: "awk", short: awkShort, long: awkLong, run: awkCode},
	{name: "bun", short: "e:p:r:hv", long: bunLong, subs: []command{{name: "run", long: bunLong}}, run: bunCode},
	{name: "deno", short: "hqV", long: "help version quiet unstable",
		subs: []command{{name: "eval", short: "pq", long: denoEvalL}, {name: "run", short: "Aq", long: denoRunL}}, run: denoCode},
	{name: "expect", short: "b:c:dDf:inNv", run: expectCode},
	{name: "gawk", short: awkShort, long: awkLong, run: awkCode},
	{name: "lua", short: luaShort, run: luaCode},
	{name: "lua5.*", short: luaShort, run: luaCode},
	{name: "luajit", short: luaShort, run: luaCode},
	{name: "mawk", short: "f:F:v:W:", long: "version", run: &wrap{kind: runNone, special: specialCode, code: &codeSpec{lang: inline.Awk,
		fileOpts: []string{"-f"}, first: true, noRun: []string{"--version"}}}},
	{name: "nawk", short: "f:F:v:d::", long: "version", run: &wrap{kind: runNone, special: specialCode, code: &codeSpec{lang: inline.Awk,
		fileOpts: []string{"-f"}, first: true, noRun: []string{"--version"}}}},
	{name: "node", short: nodeShort, long: nodeLong, run: nodeCode},
	{name: "nodejs", short: nodeShort, long: nodeLong, run: nodeCode},
	{name: "perl", short: perlShort, run: perlCode},
	{name: "perl5.*", short: perlShort, run: perlCode},
	{name: "php", short: phpShort, long: phpLong, run: phpCode},
	{name: "php5.*", short: phpShort, long: phpLong, run: phpCode},
	{name: "php7.*", short: phpShort, long: phpLong, run: phpCode},
	{name: "php8.*", short: phpShort, long: phpLong, run: phpCode},
	{name: "pypy", short: pythonShort, long: pythonLong, run: pythonCode},
	{name: "pypy3", short: pythonShort, long: pythonLong, run: pythonCode},
	{name: "pypy3.*", short: pythonShort, long: pythonLong, run: pythonCode},
	{name: "python", short: pythonShort, long: pythonLong, run: pythonCode},
	{name: "python2", short: pythonShort, long: pythonLong, run: pythonCode},
	{name: "python2.*", short: pythonShort, long: pythonLong, run: pythonCode},
	{name: "python3", short: pythonShort, long: pythonLong, run: pythonCode},
	{name: "python3.*", short: pythonShort, long: pythonLong, run: pythonCode},
	{name: "ruby", short: rubyShort, long: rubyLong, run: rubyCode},
	{name: "ruby3.*", short: rubyShort, long: rubyLong, run: rubyCode},
	{name: "tclsh", long: tclLong, dashLong: true, run: tclCode},
	{name: "tclsh8.*", long: tclLong, dashLong: true, run: tclCode},
	{name: "wish", long: wishLong, dashLong: true, run: tclCode},
	{name: "wish8.*", long: wishLong, dashLong: true, run: tclCode},
}
