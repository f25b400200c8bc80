package cli

import "strings"

// Usage is belay's manual in brief: `belay help` prints it, and the man
// page is generated from the same text, so the two never drift.
const Usage = `belay stops dangerous shell commands before they run.

usage:
  belay check [--json] [--no-prompt] [--root DIR] [--shell bash|zsh|fish|sh] [--] COMMAND-LINE
  belay explain [--root DIR] [--shell SHELL] [--] COMMAND-LINE
  belay exec [--] ARGV...
  belay init bash|zsh|fish
  belay sudo [SUDO-OPTION...] [COMMAND [ARG...]]
  belay shell [-c COMMAND-LINE]
  belay rules list | show ID | test [PACK...] | lint [PACK...] | new [NAME]
  belay facts [--root DIR] [--json]
  belay scan [--json|--sarif] [--kind KIND] [--fail-on ACTION] PATH...
  belay log [--since DURATION] [--json]
  belay completion bash|zsh|fish
  belay version

commands:
  check       judge a command line: exit 0 to run it, 1 blocked, 3 needs confirmation
  explain     show the invocations, effects, facts and rules behind a verdict
  exec        check one argv as given (no shell parsing), then run it
  init        print the shell hook: eval "$(belay init bash)", belay init fish | source
  sudo        check what sudo would run, then run the real sudo (alias sudo='belay sudo')
  shell       a login shell that checks ssh host 'cmd' and su -c lines (as belay-sh)
  rules       list, show, test or lint rule packs
  facts       show the host facts rules can ask about ("is this box safe to reboot?")
  scan        judge the commands in scripts, history, crontabs and unit files, running nothing
  log         the decisions belay recorded, newest first
  completion  print the tab-completion script for bash, zsh or fish

exit status of check and exec:
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

// subUsages holds the help of each subcommand.
var subUsages = map[string]string{
	"check": `usage: belay check [flags] [--] COMMAND-LINE

Judge a command line without running it. The words after the flags are
joined with spaces into one line, parsed as the shell would, and every
command it would run is checked against the rule packs.

flags:
  --json           print the decision as one JSON object on stdout
  --no-prompt      never ask: a confirm rule exits 3
  --root DIR       read host facts under DIR instead of /
  --shell SHELL    the line's language: bash (default), zsh, fish or sh
  --observe        report what would be stopped as warnings, stop nothing
  --color WHEN     auto (default), always or never
  --rules DIR      also load the packs in DIR (may be repeated)
  --config FILE    read FILE instead of /etc/belay/belay.toml and the user's
`,
	"explain": `usage: belay explain [flags] [--] COMMAND-LINE

Show what belay sees in a command line: each invocation with its argv,
wrappers, working directory and effects on paths, the rules that matched
and the facts they asked.

flags:
  --root DIR       read host facts under DIR instead of /
  --shell SHELL    bash (default), zsh, fish or sh
  --rules DIR      also load the packs in DIR
`,
	"exec": `usage: belay exec [--] ARGV...

Check one argv exactly as given (no shell parsing; a bash -c string inside
it is still parsed), then replace belay with it when allowed.
`,
	"rules": `usage: belay rules list | show ID | test [PACK...] | lint [PACK...] | new [NAME]

  list           every loaded rule: id, action, where it came from
  show ID        one rule: its conditions, message, tests and source
  test [PACK]    run the packs' own test cases (all loaded packs by default)
  lint [PACK]    check packs for errors and for tests that never exercise their rule
  new [NAME]     print a commented pack to start from

flags:
  --rules DIR    also load the packs in DIR (may be repeated)
`,
	"facts": `usage: belay facts [--root DIR] [--json]

Show the host as belay sees it: can init start, scheduled reboots, disk
images in use, busy devices, half-installed packages, running guests.
`,
	"completion": `usage: belay completion bash|zsh|fish

Print the script that completes belay's commands, flags, shells and rule
ids as you press Tab. Install it for everyone, or load it in your shell:

  bash    belay completion bash > /etc/bash_completion.d/belay
  zsh     belay completion zsh > "${fpath[1]}/_belay"
  fish    belay completion fish > ~/.config/fish/completions/belay.fish
`,
}

func subUsage(name string) string {
	if u, ok := subUsages[name]; ok {
		return u
	}
	return strings.TrimSpace(Usage) + "\n"
}
