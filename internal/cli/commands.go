package cli

import "slices"

// command is one subcommand of belay, everything about it that people
// read written once: `belay help`, `belay NAME --help`, the completion
// scripts and belay(1) are generated from it (help.go, completion.go,
// manpage.go), and its flag.FlagSet is built from its flags (flagSet).
type command struct {
	name     string
	summary  string // one line: belay help, completion menus, the man page
	synopsis string // what follows "belay NAME" in belay help and belay(1)'s SYNOPSIS
	usage    string // what follows "belay NAME" on its own help's usage line; synopsis if ""
	about    string // its help between the usage line and the flags, in helptext.go's shape
	more     string // its help after the flags
	flags    []flagSpec
	subs     []helpItem // its own commands ("show ID": belay rules show), listed after about
	operands operands   // what its operands are, for completion
	words    []string   // the words its first operand takes (shellOperand), for completion; the shells if nil
	hidden   bool       // run by the hooks and the sudo plugin, not people: in no help, completion or man page
	run      func(a *app, args []string) error
}

// flagSpec is one flag of a subcommand.
type flagSpec struct {
	name   string   // without dashes: "root"
	arg    string   // its value's placeholder in help: "DIR"; "" for a flag without a value
	values []string // the values it takes, offered by completion; nil for any
	def    string   // its default value
	repeat bool     // it may be given more than once
	help   string   // what it does
}

// operands says what a subcommand's operands are, for completion.
type operands uint8

const (
	noOperands   operands = iota // none worth completing
	lineOperands                 // a command line: a command, then its arguments
	shellOperand                 // a shell's name
	fileOperands                 // paths
)

// The flags several subcommands share.
var (
	rootFlag   = flagSpec{name: "root", arg: "DIR", def: "/", help: "read host facts under DIR instead of /"}
	shellFlag  = flagSpec{name: "shell", arg: "SHELL", values: []string{"bash", "zsh", "fish", "sh"}, def: "bash", help: "the line's language: bash (default), zsh, fish or sh"}
	colorFlag  = flagSpec{name: "color", arg: "WHEN", values: []string{"auto", "always", "never"}, def: "auto", help: "auto (default), always or never"}
	rulesFlag  = flagSpec{name: "rules", arg: "DIR", repeat: true, help: "also load the packs in DIR (may be repeated)"}
	configFlag = flagSpec{name: "config", arg: "FILE", help: "read FILE instead of /etc/belay/belay.toml and the user's"}
	jsonFlag   = flagSpec{name: "json", help: "print the decision as one JSON object on stdout"}

	// checkFlagSpecs are the flags of check, and of exec and hook, which
	// judge as it does.
	checkFlagSpecs = []flagSpec{
		jsonFlag,
		{name: "no-prompt", help: "never ask: a confirm rule exits 3"},
		rootFlag,
		shellFlag,
		{name: "observe", help: "report what would be stopped as warnings, stop nothing"},
		colorFlag,
		rulesFlag,
		configFlag,
	}
)

// commands are belay's subcommands, in the order help lists them. Their
// table is a package-level literal, laid out by the compiler rather than
// built at every start; the commands' own code reads it through commands,
// set at init, since the variable whose literal names their functions
// cannot be read by them (an initialisation cycle).
var commands []*command

func init() { commands = commandTable }

var (
	commandTable = []*command{
		{
			name:     "check",
			summary:  "judge a command line: exit 0 to run it, 1 blocked, 3 needs confirmation",
			synopsis: "[--json] [--no-prompt] [--root DIR] [--shell bash|zsh|fish|sh] [--] COMMAND-LINE",
			usage:    "[flags] [--] COMMAND-LINE",
			about: `Judge a command line without running it. The words after the flags are
joined with spaces into one line, parsed as the shell would, and every
command it would run is checked against the rule packs.`,
			flags:    checkFlagSpecs,
			operands: lineOperands,
			run:      (*app).check,
		},
		{
			name:     "explain",
			summary:  "show the invocations, effects, facts and rules behind a verdict",
			synopsis: "[--root DIR] [--shell SHELL] [--] COMMAND-LINE",
			usage:    "[flags] [--] COMMAND-LINE",
			about: `Show what belay sees in a command line: each invocation with its argv,
wrappers, working directory and effects on paths, the rules that matched
and the facts they asked.`,
			flags:    []flagSpec{rootFlag, shellFlag, colorFlag, rulesFlag, configFlag},
			operands: lineOperands,
			run:      (*app).explain,
		},
		{
			name:     "exec",
			summary:  "check one argv as given (no shell parsing), then run it",
			synopsis: "[--] ARGV...",
			usage:    "[flags] [--] ARGV...",
			about: `Check one argv exactly as given (no shell parsing; a bash -c string inside
it is still parsed), then replace belay with it when allowed.`,
			flags:    checkFlagSpecs,
			operands: lineOperands,
			run:      (*app).execCmd,
		},
		{
			name:     "init",
			summary:  `print the shell hook (eval "$(belay init bash)") or an AI agent's hook settings`,
			synopsis: "bash|zsh|fish | claude|codex|gemini|cursor|copilot [--install [--project]]",
			usage:    "SHELL | AGENT [--install [--project]]",
			about: `Print the shell hook that puts belay in front of every line typed at an
interactive prompt. Enter hands the whole line to belay first, and the
line runs only when belay allows it or the person confirms it; a blocked
or declined line goes into the history (Up brings it back) and the
prompt starts afresh. A line belay cannot judge in time is asked
about. If belay is missing or killed, the line runs, with one warning and
a record; if it fails otherwise, the line is kept off (__belay_off
switches the hook off in that shell).

loading it:
  bash    eval "$(belay init bash)"   in ~/.bashrc
  zsh     eval "$(belay init zsh)"    in ~/.zshrc
  fish    belay init fish | source    in ~/.config/fish/config.fish

environment:
  BELAY_BIN            the belay the hook runs (default: the one that printed it)
  BELAY_HOOK_TIMEOUT   seconds belay may judge a line before it asks instead (default 2)
  BELAY_HOOK_SERVE     0: no resident belay serve, a belay process per Enter

For an AI agent (claude, codex, gemini, cursor, copilot), print the hook
settings that make the agent ask belay agent-hook before each shell
command and file write, in the agent's settings format. --install merges
them into the agent's settings file (the user's, or with --project the
one in the current directory's project), keeping everything there, after
copying it to FILE.belay-backup-TIME; run again, it changes nothing.`,
			flags: []flagSpec{
				{name: "install", help: "merge an agent's hook into its settings file, with a backup"},
				{name: "project", help: "with --install: the project's settings (./.claude/settings.json…), not the user's"},
			},
			operands: shellOperand,
			words:    append(slices.Clip(completionShells), "claude", "codex", "gemini", "cursor", "copilot"),
			run:      (*app).initCmd,
		},
		{
			name:     "sudo",
			summary:  "check what sudo would run, then run the real sudo (alias sudo='belay sudo')",
			synopsis: "[SUDO-OPTION...] [COMMAND [ARG...]]",
			usage:    "[SUDO-OPTION...] [VAR=value...] [COMMAND [ARG...]]",
			about: `Judge what sudo would run, reading sudo's options as sudo does (-u, -g,
-E, -H, -i, -s, -e, -D, -k, -n, --user=, combined flags, VAR=value, --),
then run the real sudo with the arguments byte for byte. Only what runs
is judged: sudo -i and sudo -s with no command, -l, -v, -k, -V and -h
(help, or a remote host, on which sudoers runs nothing) pass.
sudo -e FILE is a write to FILE; sudo -s CMD and sudo -i CMD are the
line sudo hands the shell. The real sudo is the first sudo in PATH that
is not belay itself, else /usr/bin/sudo.

Run as "sudo" through a symlink early in PATH, belay does the same; so
does alias sudo='belay sudo'. Both are bypassed by \sudo and
/usr/bin/sudo: the sudo approval plugin is not (see the README).

environment:
  BELAY_SUDO_DEPTH   how many belay sudo runs led to this one; at 3 belay stops a loop`,
			operands: lineOperands,
			run:      (*app).sudoCmd,
		},
		{
			name:     "shell",
			summary:  "a login shell that checks ssh host 'cmd' and su -c lines (as belay-sh)",
			synopsis: "[-c COMMAND-LINE]",
			usage:    "[SHELL-ARG...]",
			about: `A login shell for the sessions that never reach a prompt: ssh host CMD,
su -c CMD, scp, rsync and git over ssh all arrive as SHELL -c CMD. The
-c line is judged as belay check judges it; when allowed, the real shell
runs with the same arguments. Without -c (an interactive login, a script
on standard input) the real shell just runs: interactive shells are
guarded by the hook of belay init.

Installed as a symlink named belay-sh, listed in /etc/shells and set
with usermod -s, it is the user's login shell; called as -belay-sh (a
login) it runs the real shell as -bash. It never writes to standard
output, which is the session's data.

/etc/belay/belay.toml:
  [shell] real             the shell to run; default /bin/bash
  [shell] no_tty_confirm   a confirm line with no terminal: "block" (default) or "allow"`,
			run: (*app).shellCmd,
		},
		{
			name:     "rules",
			summary:  "list, show, test or lint rule packs",
			synopsis: "list | show ID | test [PACK...] | lint [PACK...] | new [NAME]",
			subs: []helpItem{
				{"list", "every loaded rule: id, action, where it came from"},
				{"show ID", "one rule: its conditions, message, tests and source"},
				{"test [PACK]", "run the packs' own test cases (all loaded packs by default)"},
				{"lint [PACK]", "check packs for errors and for tests that never exercise their rule"},
				{"new [NAME]", "print a commented pack to start from"},
			},
			flags: []flagSpec{rulesFlag},
			run:   (*app).rules,
		},
		{
			name:     "config",
			summary:  "check belay.toml: every error at once, with where and what was meant",
			synopsis: "lint [FILE]",
			subs: []helpItem{
				{"lint [FILE]", "check FILE, or the config files belay reads (/etc/belay/belay.toml, then the user's)"},
			},
			operands: fileOperands,
			run:      (*app).configCmd,
		},
		{
			name:     "facts",
			summary:  `show the host facts rules can ask about ("is this box safe to reboot?")`,
			synopsis: "[--root DIR] [--json]",
			about: `Show the host as belay sees it: can init start, scheduled reboots, disk
images in use, busy devices, half-installed packages, running guests.`,
			flags: []flagSpec{rootFlag, {name: "json", help: "print the facts as JSON on stdout"}},
			run:   (*app).facts,
		},
		{
			name:     "scan",
			summary:  "judge the commands in scripts, history, crontabs and unit files, running nothing",
			synopsis: "[--json|--sarif] [--kind KIND] [--fail-on ACTION] PATH...",
			usage:    "[flags] PATH...",
			about: `Judge every command in shell scripts, shell history (bash, zsh, fish),
crontabs, systemd unit files and belay's audit log, without running
anything. Directories are walked; "-" reads standard input (give --kind).
Each finding is printed as FILE:LINE:COL RULE ACTION MESSAGE, then a
summary. Rules that ask about the host are judged as if no fact held:
scan judges what commands do, not this machine, unless --root is given.`,
			flags: []flagSpec{
				{name: "json", help: "print the findings as one JSON object on stdout"},
				{name: "sarif", help: "print SARIF 2.1.0 on stdout (code scanning)"},
				{name: "kind", arg: "KIND", values: []string{"script", "history", "crontab", "unit", "audit"},
					help: "read every file as script, history, crontab, unit or audit"},
				{name: "shell", arg: "SHELL", values: []string{"bash", "zsh", "sh"},
					help: "the language of scripts, history and crontabs: bash, zsh or sh"},
				{name: "fail-on", arg: "ACTION", values: []string{"warn", "confirm", "block", "none"}, def: "block",
					help: "exit 1 when a finding is at least warn, confirm or block (default block); none never fails"},
				{name: "root", arg: "DIR", help: "ask the facts of the host under DIR for rules that need them"},
				rulesFlag,
				configFlag,
			},
			more: `exit status: 0 nothing reached --fail-on, 1 something did, 2 usage error or
a file that could not be read.`,
			operands: fileOperands,
			run:      (*app).scan,
		},
		{
			name:     "log",
			summary:  "the decisions belay recorded, newest first",
			synopsis: "[--since DURATION] [--all] [--json]",
			usage:    "[flags]",
			about: `Show the decision log, newest first: every command belay stopped, asked
about, let through on an acknowledgement or saw run unchecked, with the
time, the outcome, who, the command and the rules. The log is
/var/log/belay/audit.jsonl when belay can append to it, else
$XDG_STATE_HOME/belay/audit.jsonl (default ~/.local/state/belay), or
audit.file in belay.toml. Lines that are not records are skipped and
counted. Each record says where the check came from (hook, sudo-plugin,
sudo, exec, login-shell, scan, or check: a line tried by hand, shown only
with --all).`,
			flags: []flagSpec{
				{name: "since", arg: "DURATION", help: "only records newer than this: 90m, 24h, 7d"},
				{name: "json", help: "print the records as stored, one JSON object a line"},
				{name: "file", arg: "FILE", help: "read FILE instead of the log belay writes to"},
				{name: "all", help: "also show the lines tried by hand with belay check, which stopped nothing"},
				colorFlag,
				configFlag,
			},
			run: (*app).logCmd,
		},
		{
			name:     "completion",
			summary:  "print the tab-completion script for bash, zsh or fish",
			synopsis: "bash|zsh|fish",
			about: `Print the script that completes belay's commands, flags, shells and rule
ids as you press Tab. Install it for everyone, or load it in your shell:

  bash    belay completion bash > /etc/bash_completion.d/belay
  zsh     belay completion zsh > "${fpath[1]}/_belay"
  fish    belay completion fish > ~/.config/fish/completions/belay.fish`,
			operands: shellOperand,
			run:      (*app).completion,
		},
		{
			name:    "version",
			summary: "print belay's version",
			run:     (*app).version,
		},
		{
			name:    "hook",
			summary: "check as the shell hooks run it",
			usage:   "[flags] [--] LINE",
			about: `belay check as the shell hooks run it on every Enter. It reads its
arguments itself and never fails on them: an option it does not know, or
a value it cannot use, is left out with a warning. An unfinished line
exits 4; for zsh and fish messages are padded by --rows-below newlines
before and --rows-above after.`,
			flags: append(slices.Clip(checkFlagSpecs),
				flagSpec{name: "rows-below", arg: "N", def: "0", help: "rows of the buffer below the cursor"},
				flagSpec{name: "rows-above", arg: "N", def: "0", help: "rows the shell climbs to redraw its prompt"},
				flagSpec{name: "state", arg: "DEFS", help: "the session's definitions the line refers to"},
				flagSpec{name: "state-dropped", help: "the session's definitions were more than the hook passes"}),
			hidden: true,
			run:    (*app).hookCmd,
		},
		{
			name:    "serve",
			summary: "answer the shell hooks from one resident process per shell",
			usage:   "--shell SHELL --dir DIR --parent PID",
			flags: []flagSpec{
				{name: "shell", arg: "SHELL", values: []string{"bash", "zsh", "fish"}, help: "the shell it answers: bash, zsh or fish"},
				{name: "dir", arg: "DIR", help: "the hook's private directory: the FIFOs q and a (fish: files)"},
				{name: "parent", arg: "PID", def: "0", help: "the shell's process id: the server ends with it"},
			},
			about: `The resident half of the shell hooks (serve.go): it answers
"run it" for the lines belay hook would let through silently, and hands
every other line back to belay hook.`,
			hidden: true,
			run:    (*app).serveCmd,
		},
		{
			name:     "agent-hook",
			summary:  "answer an AI agent's pre-tool-use hook: its tool call as JSON on stdin",
			synopsis: "--format claude|codex|gemini|cursor|copilot [--confirm ask|deny]",
			usage:    "--format AGENT [flags] < PAYLOAD",
			about: `Judge an AI agent's tool call as belay check judges a line, for the agent's
pre-tool-use hook (belay init AGENT sets it up): the payload on standard
input is the agent's JSON, the answer is the agent's JSON on standard
output, with the reason on standard error and exit status 2 for a deny
(Copilot CLI reads only the JSON, with exit status 0). Shell commands
are judged in the agent's directory; file writes and edits as writes to
their files; other tools pass. A block denies with the rule's message
and its safer way; a confirm asks the person where the agent can (Claude
Code, Cursor, Copilot CLI), and denies where it cannot. In agent mode a
command's own BELAY_ACK is ignored, and the agent may not change belay's
files, the agents' hook settings or the shell hooks. A payload belay
cannot read, a judgement that takes too long and an internal error deny.`,
			flags: []flagSpec{
				{name: "format", arg: "AGENT", values: []string{"claude", "codex", "gemini", "cursor", "copilot"},
					help: "the agent whose payload and answer these are"},
				{name: "confirm", arg: "ANSWER", values: []string{"ask", "deny"}, def: "ask",
					help: "what a confirm rule answers: ask (default) the person where the agent can, or deny"},
				{name: "timeout", arg: "SECONDS", def: "5", help: "deny a call not judged in SECONDS (default 5, at most 20)"},
				shellFlag,
				rootFlag,
				rulesFlag,
				configFlag,
			},
			run: (*app).agentHook,
		},
		{
			name:    "approve",
			summary: "check for the sudo approval plugin, as root",
			usage:   "[flags] -- ARGV...",
			about: `Judge what sudo is about to run, for the sudo approval plugin, with rules
and config only from root-owned files in /etc/belay. Exit 0 approves, 1
blocked or declined, 3 confirmation needed and no terminal to ask on.`,
			flags: []flagSpec{
				{name: "command", arg: "PATH", help: "the path sudo resolved, which replaces ARGV[0]"},
				{name: "user", arg: "NAME", help: "the user it runs as"},
				{name: "edit", help: "sudoedit: ARGV are the files"},
				{name: "no-prompt", help: "never ask: a confirm rule exits 3"},
				{name: "sudo-arg", arg: "ARG", repeat: true, help: "an argument sudo was given, from which acknowledgements are read (repeated)"},
				{name: "sudo-optind", arg: "N", def: "-1", help: "where sudo found the command in its arguments, as a cross-check"},
				{name: "timeout", arg: "SECONDS", def: "0", help: "the plugin's own time limit: belay's watchdog answers before it"},
				{name: "status-fd", arg: "FD", def: "-1", help: "where belay writes \"asking SECONDS\" when it asks the person"},
			},
			hidden: true,
			run:    (*app).approve,
		},
		{
			name:    "audit-event",
			summary: "record a line a shell hook ran unchecked",
			usage:   "fallback [flags] -- LINE",
			about:   `Record in the decision log that a shell hook ran a line unchecked, because belay failed.`,
			flags: []flagSpec{
				{name: "shell", arg: "SHELL", help: "the hook's shell"},
				{name: "reason", arg: "REASON", help: "why the line ran unchecked"},
			},
			hidden: true,
			run:    (*app).auditEvent,
		},
		{
			name:    "man",
			summary: "print belay(1) in roff",
			about:   "Print belay(1) in roff: belay man | man -l -",
			hidden:  true,
			run:     (*app).manCmd,
		},
	}
)

// lookup returns the subcommand named name, or nil.
func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// usageTail is belay help after its usage and commands blocks.
const usageTail = `exit status of check and exec:
  0  allowed, warned, confirmed at the prompt, or acknowledged
  1  blocked, or declined at the prompt
  2  a usage error (a configuration belay cannot use is never one)
  3  confirmation needed but no prompt possible (--no-prompt, or no terminal),
     or a line belay could not judge in time

going ahead deliberately:
  BELAY_ACK=RULE-ID COMMAND lets that one rule through for that one command:
  the line's own prefix, never the environment. belay exec -- env BELAY_ACK=ID
  CMD…; for sudo: sudo BELAY_ACK=ID CMD…

rule packs, in load order:
  built-in packs (compiled in), /etc/belay/rules.d/*.toml,
  $XDG_CONFIG_HOME/belay/rules.d/*.toml (default ~/.config/belay/rules.d)

config:
  /etc/belay/belay.toml (the fleet's), ~/.config/belay/belay.toml (may only tighten)

environment:
  BELAY_RULES         extra rule pack directories, colon separated (for tests)
  BELAY_CONFIG        a config file instead of both belay.toml files (for tests)
  BELAY_HOOK_TIMEOUT  seconds belay may judge a line at a hooked prompt before it asks (default 2)
  NO_COLOR            no colour in output
`

// usageIntro is the first line of belay help, and belay(1)'s NAME.
const usageIntro = "belay stops dangerous shell commands before they run."
