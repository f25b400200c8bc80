package policy

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/belay-sh/belay/internal/shell"
)

const goodPack = `# a pack with everything
[pack]
name = "team"
description = "what the pack guards"

[[rule]]
id = "team.stop-postgres"
action = "block"
message = "stopping {command} takes the primary database down"
reference = "https://wiki.example.com/runbooks/postgres"
challenge = "hostname"
environments = { staging = "warn" }
command = ["systemctl", "service"]
subcommand = ["stop", "restart"]
operands = ["postgresql", "postgresql@*"]
flags = ["-f"]
all_flags = ["--now"]
unless_flags = ["--dry-run"]
args = ["*"]
argv_regex = '(?i)postgres'
stdin_regex = "x"
remote = false
when = ["session.ssh"]
when_not = ["host.lab"]

  [[rule.test]]
  line = "sudo systemctl stop postgresql"
  match = true
  cwd = "/srv"
  env = { DEPLOY = "/srv/app" }
  facts = { "session.ssh" = "from 10.0.0.1" }

  [[rule.test]]
  line = """systemctl status postgresql"""
  match = false

[[rule]]
id = "team.wipe"
action = "confirm"
message = "m"
effect = ["delete", "write"]
paths = ["/srv/**", "/var/www/*"]
exclude_paths = ["/srv/tmp/**"]
recursive = true
dynamic = false

[[override]]
id = "system.reboot"
action = "allow"
reason = "lab machines reboot freely"

[[override]]
id = "system.other"
disabled = true
reason = "not here"
`

func TestParsePack(t *testing.T) {
	p, err := ParsePack("team.toml", []byte(goodPack))
	if err != nil {
		t.Fatal(err)
	}
	allow := Allow
	want := &Pack{
		Name:        "team",
		Description: "what the pack guards",
		Source:      "team.toml",
		Checked:     true,
		Rules: []*Rule{{
			ID:           "team.stop-postgres",
			Pack:         "team",
			Action:       Block,
			Environments: map[string]Action{"staging": Warn},
			Message:      "stopping {command} takes the primary database down",
			Reference:    "https://wiki.example.com/runbooks/postgres",
			Challenge:    "hostname",
			Command:      []string{"systemctl", "service"},
			Subcommand:   []string{"stop", "restart"},
			Flags:        []string{"-f"},
			AllFlags:     []string{"--now"},
			UnlessFlags:  []string{"--dry-run"},
			Operands:     []string{"postgresql", "postgresql@*"},
			Args:         []string{"*"},
			ArgvRegex:    "(?i)postgres",
			StdinRegex:   "x",
			Remote:       False,
			When:         []string{"session.ssh"},
			WhenNot:      []string{"host.lab"},
			Tests: []Test{
				{Line: "sudo systemctl stop postgresql", Match: true, Cwd: "/srv", Env: map[string]string{"DEPLOY": "/srv/app"},
					Facts: map[string]string{"session.ssh": "from 10.0.0.1"}, Pos: "team.toml:26"},
				{Line: "systemctl status postgresql", Pos: "team.toml:33"},
			},
			Source: "team.toml:6",
		}, {
			ID:           "team.wipe",
			Pack:         "team",
			Action:       Confirm,
			Message:      "m",
			Effect:       []shell.EffectKind{shell.Delete, shell.Write},
			Paths:        []string{"/srv/**", "/var/www/*"},
			ExcludePaths: []string{"/srv/tmp/**"},
			Recursive:    True,
			Dynamic:      False,
			Source:       "team.toml:37",
		}},
		Overrides: []Override{
			{ID: "system.reboot", Action: &allow, Reason: "lab machines reboot freely", Source: "team.toml:47"},
			{ID: "system.other", Disabled: true, Reason: "not here", Source: "team.toml:52"},
		},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got\n%#v\nwant\n%#v", p, want)
		for i := range min(len(p.Rules), len(want.Rules)) {
			if !reflect.DeepEqual(p.Rules[i], want.Rules[i]) {
				t.Errorf("rule %d:\n%#v\n%#v", i, p.Rules[i], want.Rules[i])
			}
		}
	}

	// The same through JSON, as the CLI caches parsed packs.
	data, err := json.Marshal([]*Pack{p})
	if err != nil {
		t.Fatal(err)
	}
	var back []*Pack
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, []*Pack{want}) {
		t.Errorf("JSON round trip:\n%#v\nwant\n%#v", back[0], want)
	}
}

const ruleHead = "[pack]\nname = \"t\"\n\n[[rule]]\nid = \"t.x\"\n" // the rule is on line 4

func TestParsePackErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown key", ruleHead + "acton = \"block\"\naction = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\n",
			`x.toml:6:1: unknown key rule.acton (did you mean action?)`},
		{"unknown key in test", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\n  [[rule.test]]\n  line = \"rm\"\n  mach = true\n",
			"x.toml:9: rule t.x: test without match = true or false\nx.toml:11:3: unknown key rule.test.mach (did you mean match?)"},
		{"unknown key in second rule", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\n[[rule]]\nid = \"t.y\"\naction = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\n    paht = \"/x\"\n",
			`x.toml:14:5: unknown key rule.paht (did you mean paths?)`},
		{"unknown top key", "[pack]\nname = \"t\"\n[[rules]]\nid = \"t.x\"\n",
			`x.toml:3:1: unknown key rules (did you mean rule?)`},
		{"unknown pack key", "[pack]\nname = \"t\"\nversion = 2\n",
			`x.toml:3:1: unknown key pack.version`},
		{"missing message", ruleHead + "action = \"block\"\ncommand = \"rm\"\n",
			`x.toml:4: rule t.x: missing message`},
		{"empty message", ruleHead + "action = \"block\"\nmessage = \" \"\ncommand = \"rm\"\n",
			`x.toml:7:1: rule t.x: empty message`},
		{"missing action", ruleHead + "message = \"m\"\ncommand = \"rm\"\n",
			`x.toml:4: rule t.x: missing action`},
		{"bad action", ruleHead + "action = \"blok\"\nmessage = \"m\"\ncommand = \"rm\"\n",
			`x.toml:6:1: rule t.x: bad action "blok": want allow, warn, confirm or block`},
		{"bad environment action", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\nenvironments = { lab = \"meh\" }\n",
			`x.toml:9:1: rule t.x: environment lab: bad action "meh": want allow, warn, confirm or block`},
		{"missing id", "[pack]\nname = \"t\"\n[[rule]]\naction = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\n",
			`x.toml:3: rule without id`},
		{"id without pack name", "[pack]\nname = \"t\"\n[[rule]]\nid = \"other.x\"\naction = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\n",
			`x.toml:4:1: rule id "other.x" does not start with the pack name "t."`},
		{"bad id", "[pack]\nname = \"t\"\n[[rule]]\nid = \"t. x\"\naction = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\n",
			`x.toml:4:1: bad rule id "t. x": want t. then letters, digits, ., - and _`},
		{"duplicate id", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\n\n[[rule]]\nid = \"t.x\"\naction = \"warn\"\nmessage = \"m\"\ncommand = \"rm\"\n",
			`x.toml:11:1: duplicate rule id t.x (first at x.toml:4)`},
		{"bad regexp", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\nargv_regex = '(rm'\n",
			"x.toml:9:1: rule t.x: bad argv_regex: error parsing regexp: missing closing ): `(rm`"},
		{"bad glob", ruleHead + "action = \"block\"\nmessage = \"m\"\neffect = \"delete\"\npaths = [\"/etc\", \"[\"]\n",
			`x.toml:9:1: rule t.x: bad pattern "[" in paths: not an absolute path`},
		{"bad path glob", ruleHead + "action = \"block\"\nmessage = \"m\"\neffect = \"delete\"\npaths = [\"/etc/[\"]\n",
			`x.toml:9:1: rule t.x: bad pattern "/etc/[" in paths: syntax error in pattern`},
		{"bad double star", ruleHead + "action = \"block\"\nmessage = \"m\"\neffect = \"delete\"\nexclude_paths = [\"/a/**/b\"]\n",
			`x.toml:9:1: rule t.x: bad pattern "/a/**/b" in exclude_paths: ** is only allowed as the last component`},
		{"bad word glob", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = [\"mkfs[\"]\n",
			`x.toml:8:1: rule t.x: bad pattern "mkfs[" in command: syntax error in pattern`},
		{"bad subcommand word", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = \"aws\"\nsubcommand = [\"[a b]\"]\n",
			`x.toml:9:1: rule t.x: bad pattern "[a" in subcommand "[a b]": syntax error in pattern`},
		{"neither command nor effect", ruleHead + "action = \"block\"\nmessage = \"m\"\noperands = [\"x\"]\n",
			`x.toml:4: rule t.x: needs command or effect`},
		{"paths without effect", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\npaths = [\"/x\"]\n",
			`x.toml:9:1: rule t.x: paths needs effect`},
		{"unknown effect", ruleHead + "action = \"block\"\nmessage = \"m\"\neffect = [\"delet\"]\n",
			`x.toml:8:1: rule t.x: unknown effect "delet": want one of delete, rename, write, append, edit, format, chmod, chown, link-over, read, exec, fork-bomb, power, unseen-code`},
		{"bad challenge", ruleHead + "action = \"confirm\"\nmessage = \"m\"\ncommand = \"rm\"\nchallenge = \"maybe\"\n",
			`x.toml:9:1: rule t.x: bad challenge "maybe": want yes or hostname`},
		{"bad flag", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\nflags = [\"r\"]\n",
			`x.toml:9:1: rule t.x: bad option "r" in flags: want -x, --long or -long`},
		{"wrong type", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = 3\n",
			"x.toml:4: rule t.x: needs command or effect\nx.toml:8:1: rule.command: want a list of strings, got an integer"},
		{"wrong type in list", ruleHead + "action = \"block\"\nmessage = \"m\"\neffect = \"delete\"\nrecursive = \"yes\"\n",
			`x.toml:9:1: rule.recursive: want true or false, got a string`},
		{"rule not an array", "[pack]\nname = \"t\"\n[rule]\nid = \"t.x\"\n",
			`x.toml: rule: want an array of tables ([[rule]]), got a table`},
		{"test without line", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\n[[rule.test]]\nmatch = true\n",
			`x.toml:9: rule t.x: test without line`},
		{"relative test cwd", ruleHead + "action = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\n[[rule.test]]\nline = \"rm\"\nmatch = true\ncwd = \"tmp\"\n",
			`x.toml:12:1: rule t.x: test cwd "tmp" is not absolute`},
		{"missing pack", "[[rule]]\nid = \"t.x\"\naction = \"block\"\nmessage = \"m\"\ncommand = \"rm\"\n",
			`x.toml: missing [pack] table with the pack's name`},
		{"pack without name", "[pack]\ndescription = \"x\"\n",
			`x.toml:1: [pack] has no name`},
		{"bad pack name", "[pack]\nname = \"a b\"\n",
			`x.toml:2:1: bad pack name "a b": want letters, digits, - and _`},
		{"reserved pack name", "[pack]\nname = \"belay\"\n",
			`x.toml:2:1: pack name "belay" is reserved`},
		{"override without reason", "[pack]\nname = \"t\"\n[[override]]\nid = \"system.reboot\"\naction = \"warn\"\n",
			`x.toml:3: override system.reboot: missing reason`},
		{"override without change", "[pack]\nname = \"t\"\n[[override]]\nid = \"system.reboot\"\nreason = \"x\"\n",
			`x.toml:3: override system.reboot: needs action or disabled = true`},
		{"override bad action", "[pack]\nname = \"t\"\n[[override]]\nid = \"system.reboot\"\nreason = \"x\"\naction = \"nope\"\n",
			`x.toml:6:1: override system.reboot: bad action "nope": want allow, warn, confirm or block`},
		{"syntax error", "[pack]\nname = \"t\n",
			`x.toml:2:10: strings cannot contain newlines`},
		{"duplicate key", ruleHead + "id = \"t.y\"\n",
			`x.toml:6:12: Key 'rule.id' has already been defined.`},
		{"nested too deeply", "[pack]\nname = \"t\"\nx = " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n",
			`x.toml:3:21: nested too deeply (more than 16 levels)`},
		{"dotted key too long", "[pack]\nname = \"t\"\n" + strings.Repeat("a.", 40) + "a = 1\n",
			`x.toml:3:1: nested too deeply (more than 16 levels)`},
		{"too large", strings.Repeat("#", MaxPackSize+1),
			`x.toml: too large: 4194305 bytes, at most 4194304`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePack("x.toml", []byte(tc.src))
			if err == nil {
				t.Fatalf("no error; pack %+v", p)
			}
			if p != nil {
				t.Errorf("a pack with its error")
			}
			if err.Error() != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", err, tc.want)
			}
		})
	}
}

func TestParseInlineForms(t *testing.T) {
	// Rules written as inline tables parse; positions are then coarser.
	src := `pack = { name = "t" }
rule = [ { id = "t.x", action = "block", message = "m", command = "rm", test = [ { line = "rm", match = true } ] } ]
`
	p, err := ParsePack("x.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rules) != 1 || len(p.Rules[0].Tests) != 1 || p.Rules[0].Command[0] != "rm" {
		t.Errorf("%+v", p.Rules)
	}
	_, err = ParsePack("x.toml", []byte(`pack = { name = "t", nme = 1 }`))
	if err == nil || err.Error() != "x.toml:1:22: unknown key pack.nme (did you mean name?)" {
		t.Errorf("inline pack: %v", err)
	}
}

func TestParseManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("[pack]\nname = \"t\"\n")
	for range 60 {
		b.WriteString("[[rule]]\nid = \"t.x\"\n")
	}
	_, err := ParsePack("x.toml", []byte(b.String()))
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors+1 || !strings.HasSuffix(lines[maxErrors], "more errors") {
		t.Errorf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

func TestScanTOMLStrings(t *testing.T) {
	// Headers inside multi-line strings are not headers.
	src := "[pack]\nname = \"t\"\ndescription = \"\"\"\n[[rule]]\n\"\"\"\n[[rule]]\nid = 't.x'\naction = \"block\"\nmessage = '''\n[[rule]] ''''\ncommand = [\n  \"rm\", # [[rule]]\n]\nacton = 1\n"
	_, err := ParsePack("x.toml", []byte(src))
	if err == nil || err.Error() != "x.toml:14:1: unknown key rule.acton (did you mean action?)" {
		t.Errorf("got %v", err)
	}
}

func FuzzParsePack(f *testing.F) {
	f.Add([]byte(goodPack))
	f.Add([]byte(twoRules))
	f.Add([]byte("[pack]\nname = \"t\"\n[[rule]]\nid = \"t.x\"\nacton = 1\n"))
	f.Add([]byte(`a = """x"""" b = '''y'''''` + "\n[[a.b]]\n" + `c = [{d = [1, {e = "\"" }]}]`))
	f.Add([]byte("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["))
	f.Add([]byte("x = {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePack("f.toml", data)
		if err != nil {
			if p != nil {
				t.Fatal("pack and error")
			}
			return
		}
		s, err := Compile([]*Pack{p}, Options{})
		if err != nil {
			if len(p.Overrides) == 0 {
				t.Fatalf("a parsed pack does not compile: %v", err)
			}
			return
		}
		s.Decide(analysis(rm("-rf", "/*"), call("systemctl", "stop", "x")), nil)
		if _, err := json.Marshal([]*Pack{p}); err != nil {
			t.Fatal(err)
		}
	})
}
