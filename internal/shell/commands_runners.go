package shell

// Grammars of commands that run commands given in their options' values,
// from their manuals (tar(1), zip(1), man(1), scp(1), vim(1), sed(1),
// make(1), npx(1)).
const (
	tarShort = "AcdrtuxjJzZvwkmoOpPsSUWaBhGiMlC:f:F:g:H:I:K:L:N:T:V:X:b:"
	tarLong  = "file: directory: files-from: exclude: exclude-from: use-compress-program: to-command: checkpoint:: " +
		"checkpoint-action: info-script: new-volume-script: rsh-command: rmt-command: owner: group: mode: mtime: " +
		"transform: xform: strip-components: format: label: newer: after-date: newer-mtime: suffix: backup:: " +
		"blocking-factor: record-size: tape-length: starting-file: index-file: listed-incremental: occurrence:: " +
		"totals:: sort: warning: xattrs-include: xattrs-exclude: exclude-tag: exclude-tag-under: exclude-tag-all: " +
		"quoting-style: quote-chars: no-quote-chars: level: volno-file: atime-preserve:: hole-detection: " +
		"create extract get list append update concatenate catenate delete diff compare test-label " +
		"gzip gunzip bzip2 xz lzip lzma lzop zstd compress auto-compress verbose keep-old-files overwrite " +
		"numeric-owner one-file-system preserve-permissions same-permissions absolute-names dereference " +
		"remove-files verify ignore-zeros unlink-first recursive-unlink sparse wildcards no-wildcards help version"
	vimShort = "AbCc:dDeEfFghHi:lLmMnNo::O::p::q::rRsS:t:T:u:U:vV::w:W:xXyZ"
	vimLong  = "cmd: startuptime: servername: remote remote-silent remote-wait remote-wait-silent remote-tab " +
		"remote-tab-silent remote-tab-wait remote-tab-wait-silent remote-send: remote-expr: serverlist noplugin clean " +
		"not-a-term ttyfail literal nofork echo-wid: socketid: windowid: version help headless listen: embed " +
		"api-info server: log:"
	sedShort = "bEe:f:i::l:nrsuz"
	sedLong  = "expression: file: in-place:: line-length: null-data zero-terminated quiet silent regexp-extended " +
		"separate sandbox debug posix unbuffered binary follow-symlinks help version"
	makeShort = "bBC:d:eE:f:hiI:j::kl::L:no:O::pqrRsStvwW:"
	makeLong  = "always-make directory: debug:: environment-overrides eval: file: makefile: help ignore-errors " +
		"include-dir: jobs:: keep-going load-average:: check-symlink-times just-print dry-run recon old-file: " +
		"assume-old: output-sync:: print-data-base question no-builtin-rules no-builtin-variables shuffle:: silent " +
		"quiet no-silent stop trace version print-directory no-print-directory what-if: new-file: assume-new: " +
		"warn-undefined-variables no-keep-going"
)

// The commands each runs.
var (
	tarCode = &wrap{special: specialCode, code: &codeSpec{kind: codeLines, permute: true,
		lineOpts: []string{"--checkpoint-action exec=", "--to-command", "--use-compress-program", "-I", "--info-script",
			"-F", "--new-volume-script", "--rsh-command", "--rmt-command"}}}
	vimCode = &wrap{special: specialCode, code: &codeSpec{kind: codeVim, codeOpts: []string{"-c", "--cmd"}, permute: true,
		noRun: []string{"-Z", "--version", "-h", "--help"}}}
	sedCode = &wrap{special: specialCode, code: &codeSpec{kind: codeSed, codeOpts: []string{"-e", "--expression"},
		fileOpts: []string{"-f", "--file"}, inPlace: []string{"-i", "--in-place"}, permute: true,
		noRun: []string{"--help", "--version"}}}
	makeCode = &wrap{special: specialCode, code: &codeSpec{kind: codeMake, codeOpts: []string{"-E", "--eval"},
		fileOpts: []string{"-f", "--file", "--makefile"}, permute: true, noRun: []string{"-v", "--version", "-h", "--help"}}}
	sshLines = []string{"-o ProxyCommand=", "-o ProxyCommand ", "-o LocalCommand=", "-o LocalCommand ",
		"-o KnownHostsCommand=", "-o KnownHostsCommand "}
)

// runnerCommands run commands given in their options' values (tar
// --to-command=CMD, zip -TT CMD, man -P CMD), in an editor's commands (vim
// -c ':!CMD'), a sed script (e CMD) or a makefile on the line (make -f -),
// and the package runners that run a package's command (npx, bunx, npm
// exec, pnpm dlx/exec, yarn dlx/exec, bundle exec). Sorted by name.
var runnerCommands = []command{
	{name: "bundle", long: "gemfile: path: retry: jobs: verbose no-color",
		subs: []command{{name: "exec", long: "keep-file-descriptors gemfile:", run: argvWrap}}},
	{name: "bunx", short: "p:", long: "bun package: silent verbose", run: argvWrap},
	// ed FILE reads its commands on stdin: !CMD runs CMD, a/i/c add text.
	{name: "ed", short: "EGlp:rsvVh", long: "extended-regexp traditional loose-exit prompt: restricted quiet silent verbose strip-trailing-cr version help",
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeEd, noRun: []string{"-V", "--version", "-h", "--help"}}}},
	{name: "ex", short: vimShort, long: vimLong, run: vimCode},
	{name: "gmake", short: makeShort, long: makeLong, abbrev: true, run: makeCode},
	{name: "gsed", short: sedShort, long: sedLong, abbrev: true, run: sedCode, role: roleAfterOne, effect: Edit, refOpt: []string{"-e", "--expression", "-f", "--file"}, needs: []string{"-i", "--in-place"}},
	{name: "gtar", short: tarShort, long: tarLong, abbrev: true, run: tarCode},
	{name: "gvim", short: vimShort, long: vimLong, run: vimCode},
	// less +!CMD runs CMD as its first command.
	{name: "less", short: "?aABcCdeEfFgGiIJKLmMnNqQrRsSuUVwWXb:h:j:k:o:O:p:P:t:T:x:y:z:#:D:", long: "help version " +
		"search-skip-screen hilite-search HILITE-SEARCH quit-at-eof QUIT-AT-EOF quit-if-one-screen ignore-case IGNORE-CASE " +
		"status-column long-prompt LONG-PROMPT line-numbers LINE-NUMBERS raw-control-chars RAW-CONTROL-CHARS squeeze-blank-lines " +
		"chop-long-lines no-init mouse wheel-lines: buffers: max-back-scroll: max-forw-scroll: lesskey-file: log-file: " +
		"LOG-FILE: pattern: prompt: tag: tag-file: tabs: window: shift: jump-target: quotes: rscroll: header: incsearch " +
		"use-color color: follow-name exit-follow-on-close save-marks redraw-on-quit",
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeLess, permute: true}}},
	{name: "make", short: makeShort, long: makeLong, abbrev: true, run: makeCode},
	{name: "man", short: "7aC:dDe:E:fhH::iIkKlL:m:M:p:P:r:R:s:S:tT::uVwWX::Z", long: "pager: html:: config-file: manpath: " +
		"sections: systems: locale: preprocessor: encoding: prompt: recode: extension: local-file all where path location " +
		"where-cat location-cat catman update no-subpages ascii ditroff troff-device:: gxditview:: no-hyphenation " +
		"no-justification regex wildcard names-only apropos whatis global-apropos help version",
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeLines, permute: true,
			lineOpts: []string{"-P", "--pager", "-H", "--html"}}}},
	// npm exec [OPTIONS] [--] PKG [ARGS…] (npm x) is npx.
	{name: "npm", long: "prefix: workspace: workspaces loglevel: silent quiet",
		subs: []command{
			{name: "exec", short: "p:yc:w:", long: "package: yes no call: workspace: workspaces include-workspace-root",
				run: &wrap{lineOpts: []string{"-c", "--call"}, dialect: POSIX}},
			{name: "x", short: "p:yc:w:", long: "package: yes no call: workspace: workspaces include-workspace-root",
				run: &wrap{lineOpts: []string{"-c", "--call"}, dialect: POSIX}},
		}},
	// npx [OPTIONS] PKG [ARGS…], npx -c 'LINE'.
	{name: "npx", short: "p:yc:q", long: "package: yes no call: ignore-existing quiet shell: prefix:",
		run: &wrap{lineOpts: []string{"-c", "--call"}, dialect: POSIX}},
	{name: "nvim", short: vimShort, long: vimLong, run: vimCode},
	// pnpm [OPTIONS] dlx PKG [ARGS…] and pnpm exec CMD [ARGS…] run a
	// package's command (pnpx is the old dlx).
	{name: "pnpm", short: "C:F:rw", long: "dir: filter: recursive workspace-root silent reporter: loglevel:", inherit: true,
		subs: []command{
			{name: "dlx", short: "c", long: "package: shell-mode silent", run: argvWrap},
			{name: "exec", short: "c", long: "shell-mode parallel no-bail report-summary resume-from:", run: argvWrap},
		}},
	{name: "pnpx", long: "package: silent", run: argvWrap},
	{name: "rview", short: vimShort, long: vimLong},
	{name: "rvim", short: vimShort, long: vimLong},
	// scp [OPTIONS] SRC… DST: -S PROG runs instead of ssh; -o as ssh's.
	{name: "scp", short: "346ABCOpqRrTvc:D:F:i:J:l:o:P:S:X:",
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeLines, permute: true, lineOpts: sshLines, progOpts: []string{"-S"}}}},
	// sed -i edits its files in place; the script is the first operand
	// unless -e or -f gives it, and its e and w commands run and write.
	{name: "sed", short: sedShort, long: sedLong, abbrev: true, run: sedCode, role: roleAfterOne, effect: Edit, refOpt: []string{"-e", "--expression", "-f", "--file"}, needs: []string{"-i", "--in-place"}},
	// sftp [OPTIONS] HOST: -S PROG as scp's, -D PATH runs a local sftp-server.
	{name: "sftp", short: "46AaCfNpqrvB:b:c:D:F:i:J:l:o:P:R:S:s:X:",
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeLines, permute: true, lineOpts: sshLines, progOpts: []string{"-S", "-D"}}}},
	{name: "tar", short: tarShort, long: tarLong, abbrev: true, run: tarCode},
	{name: "vi", short: vimShort, long: vimLong, run: vimCode},
	{name: "view", short: vimShort, long: vimLong, run: vimCode},
	{name: "vim", short: vimShort, long: vimLong, run: vimCode},
	{name: "vimdiff", short: vimShort, long: vimLong, run: vimCode},
	// yarn dlx PKG [ARGS…] and yarn exec CMD [ARGS…] (Yarn 2+) run a
	// package's command.
	{name: "yarn", long: "cwd: silent", inherit: true,
		subs: []command{
			{name: "dlx", short: "p:q", long: "package: quiet", run: argvWrap},
			{name: "exec", run: argvWrap},
		}},
	// zip: -TT CMD (or --unzip-command CMD) tests the archive with CMD.
	{name: "zip", short: "0123456789AcdDeEfFgjJkKlLmoqrRSTuvVwXyzb:n:t:P:Z:s:O:", dashLong: true,
		long: "TT: unzip-command: tt: test password: suffixes: temp-path: output-file: compression-method: split-size: " +
			"recurse-paths move quiet verbose encrypt junk-paths freshen update delete help version",
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeLines, permute: true, lineOpts: []string{"-TT", "--unzip-command"}}}},
}
