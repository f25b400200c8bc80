package cli

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// section returns the part of text from the first line that start
// matches to the next line that end matches (or the end).
func section(text string, start, end *regexp.Regexp) string {
	loc := start.FindStringIndex(text)
	if loc == nil {
		return ""
	}
	rest := text[loc[1]:]
	if e := end.FindStringIndex(rest); e != nil {
		rest = rest[:e[0]]
	}
	return rest
}

// TestCommandsEverywhere: every flag of every subcommand that is not
// hidden is in its help, in each completion script where that subcommand
// is completed, and in its part of the man page; every such subcommand is
// in belay help; and a hidden one is in none of them.
func TestCommandsEverywhere(t *testing.T) {
	main := mainHelp()
	man := ManPage("test")
	bash, _ := Completion("bash")
	zsh, _ := Completion("zsh")
	fish, _ := Completion("fish")
	bashMenu := regexp.MustCompile(`(?m)^\t''\) COMPREPLY=\(\$\(compgen -W '([^']*)'`).FindStringSubmatch(bash)
	if bashMenu == nil {
		t.Fatal("no list of subcommands in the bash script")
	}
	for _, c := range commands {
		q := regexp.QuoteMeta(c.name)
		inMain := regexp.MustCompile(`(?m)^  belay `+q+`\b`).MatchString(main) &&
			regexp.MustCompile(`(?m)^  `+q+`  `).MatchString(main)
		manPart := section(man, regexp.MustCompile(`(?m)^\.SS `+regexp.QuoteMeta(roffText(c.name))+`\n`), regexp.MustCompile(`(?m)^\.S[SH] `))
		bashFlags := regexp.MustCompile(`(?m)^\t\t` + q + `\) COMPREPLY=\(\$\(compgen -W '([^']*)'`).FindStringSubmatch(bash)
		zshPart := section(zsh, regexp.MustCompile(`(?m)^\t\t`+q+`\)\n`), regexp.MustCompile(`(?m)^\t\t\t;;\n`))
		fishUsing := "__belay_using " + c.name + ";"
		inBashMenu := slices.Contains(strings.Fields(bashMenu[1]), c.name)
		inCommandLists := inBashMenu && strings.Contains(zsh, "'"+c.name+":") && strings.Contains(fish, "-a "+c.name+" -d ")
		if c.hidden {
			if inMain || manPart != "" || bashFlags != nil || inBashMenu || zshPart != "" || strings.Contains(fish, fishUsing) ||
				strings.Contains(zsh, "'"+c.name+":") || strings.Contains(fish, "-a "+c.name+" -d ") {
				t.Errorf("hidden %s is shown: help %v, man %v, bash %v, zsh %v, fish %v", c.name, inMain, manPart != "",
					bashFlags != nil, zshPart != "", strings.Contains(fish, fishUsing))
			}
			continue
		}
		if !inMain || manPart == "" || bashFlags == nil || zshPart == "" || !inCommandLists {
			t.Errorf("%s: in help %v, man %v, bash %v, zsh %v, completion menus %v", c.name, inMain, manPart != "",
				bashFlags != nil, zshPart != "", inCommandLists)
			continue
		}
		help := c.help()
		for _, f := range c.flags {
			flag := "--" + f.name
			if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(f.term()) + `  `).MatchString(help) {
				t.Errorf("%s %s is not in its help:\n%s", c.name, flag, help)
			}
			if !strings.Contains(manPart, roffText(flag)) {
				t.Errorf("%s %s is not in its part of the man page", c.name, flag)
			}
			if !slices.Contains(strings.Fields(bashFlags[1]), flag) {
				t.Errorf("%s %s is not completed by bash: %q", c.name, flag, bashFlags[1])
			}
			if !strings.Contains(zshPart, "'"+flag+"[") && !strings.Contains(zshPart, "'"+flag+"=[") &&
				!strings.Contains(zshPart, "'*"+flag+"=[") {
				t.Errorf("%s %s is not completed by zsh", c.name, flag)
			}
			if !regexp.MustCompile(`(?m)^complete -c belay -n '` + regexp.QuoteMeta(fishUsing) + `[^']*' -l ` + regexp.QuoteMeta(f.name) + ` `).MatchString(fish) {
				t.Errorf("%s %s is not completed by fish", c.name, flag)
			}
		}
	}
}

// flagArgs are the words before a subcommand's flags: the subcommand, and
// what it reads before them.
func flagArgs(c *command) []string {
	switch c.name {
	case "rules":
		return []string{"rules", "list"}
	case "audit-event":
		return []string{"audit-event", "fallback"}
	}
	return []string{c.name}
}

// TestFlagSetsFromCommands: the flag set each subcommand parses is built
// from its flags: every one of them is accepted (with a value when it
// takes one), and --help prints the help generated from the same value
// (belay approve, whose every other outcome than 0 denies, denies after
// it). sudo and shell hand every argument on, version takes none, and
// hook reads its own (TestHookFlags).
func TestFlagSetsFromCommands(t *testing.T) {
	for _, c := range commands {
		switch c.name {
		case "sudo", "shell", "version":
			if len(c.flags) > 0 {
				t.Errorf("%s passes its arguments on, yet has flags", c.name)
			}
			continue
		case "hook":
			continue
		}
		args := flagArgs(c)
		for _, f := range c.flags {
			args = append(args, "--"+f.name)
			if f.arg != "" {
				args = append(args, sampleValue(&f))
			}
		}
		code, out := runApp(t, append(args, "--help")...)
		want := 0
		if c.name == "approve" {
			want = ExitBlock
		}
		if code != want || !strings.Contains(out, c.help()) {
			t.Errorf("belay %s: exit %d\n%s\nwant its help:\n%s", strings.Join(args, " "), code, out, c.help())
		}
	}
}

// sampleValue is a value a flag takes.
func sampleValue(f *flagSpec) string {
	if f.values != nil {
		return f.values[0]
	}
	return "1"
}

// TestHookFlags: belay hook, which reads its arguments itself, knows
// every flag its value in commands.go names, with a value or without.
func TestHookFlags(t *testing.T) {
	var args []string
	for _, f := range lookup("hook").flags {
		args = append(args, "--"+f.name)
		if f.arg != "" {
			args = append(args, sampleValue(&f))
		}
	}
	_, _, _, line, warnings := parseHookArgs(append(args, "--", "ls"))
	if len(warnings) > 0 || line != "ls" {
		t.Errorf("parseHookArgs(%q): line %q, warnings %q", args, line, warnings)
	}
}

// TestFlagSpecs: what completion and help rely on. A flag name takes a
// value in every subcommand or in none (bash skips a flag's value by the
// flag's name alone); a flag's values and its default agree; every
// subcommand has a summary, and a usage line for its help.
func TestFlagSpecs(t *testing.T) {
	takesValue := map[string]bool{}
	for _, c := range commands {
		if c.summary == "" || c.usageLine() == "belay "+c.name && len(c.flags) > 0 {
			t.Errorf("%s: no summary, or flags but no usage", c.name)
		}
		for _, f := range c.flags {
			if v, ok := takesValue[f.name]; ok && v != (f.arg != "") {
				t.Errorf("--%s takes a value in one subcommand and not in another", f.name)
			}
			takesValue[f.name] = f.arg != ""
			if f.def != "" && f.values != nil && !slices.Contains(f.values, f.def) {
				t.Errorf("%s --%s: default %q is not one of %q", c.name, f.name, f.def, f.values)
			}
			if f.help == "" || f.arg == "" && (f.values != nil || f.repeat) {
				t.Errorf("%s --%s: no help, or values without taking one", c.name, f.name)
			}
		}
	}
}
