package policy

import (
	"testing"

	"github.com/belay-sh/belay/internal/shell"
)

// TestValuesAndTargets runs real lines through the analyzer, so that
// options are read by each command's grammar, and checks the values
// condition and the target a command rule names.
func TestValuesAndTargets(t *testing.T) {
	tests := []struct {
		rule, line string
		match      bool
		target     string
	}{
		{`command = ["kubectl"]` + "\nvalues = { \"--replicas\" = [\"0\"] }", `kubectl scale deploy/web --replicas=0`, true, "deploy/web"},
		{`command = ["kubectl"]` + "\nvalues = { \"--replicas\" = [\"0\"] }", `kubectl scale deploy/web --replicas 0`, true, "deploy/web"},
		{`command = ["kubectl"]` + "\nvalues = { \"--replicas\" = [\"0\"] }", `kubectl scale deploy/web --replicas 3`, false, ""},
		{`command = ["kubectl"]` + "\nvalues = { \"--replicas\" = \"0\" }", `kubectl -n prod scale --replicas=0 deploy/web`, true, "deploy/web"},
		// Every condition of values must hold.
		{`command = ["kubectl"]` + "\nvalues = { \"--replicas\" = [\"0\"], \"-n --namespace\" = [\"prod*\"] }", `kubectl -n production scale --replicas=0 deploy/web`, true, "deploy/web"},
		{`command = ["kubectl"]` + "\nvalues = { \"--replicas\" = [\"0\"], \"-n --namespace\" = [\"prod*\"] }", `kubectl --namespace dev scale --replicas=0 deploy/web`, false, ""},
		// A flag without a value does not satisfy values.
		{`command = ["tool"]` + "\nvalues = { \"--force\" = [\"*\"] }", `tool --force x`, false, ""},
		{`command = ["tool"]` + "\nvalues = { \"--mode\" = [\"*ro*\"] }", `tool --mode=remount,ro /`, true, "/"},
		// The target skips the subcommand path, or is the operand that matched.
		{`command = ["apt-get"]` + "\nsubcommand = [\"purge\", \"remove\"]\noperands = [\"sysvinit*\"]", `apt-get -y purge nginx sysvinit-core`, true, "sysvinit-core"},
		{`command = ["apt-get"]` + "\nsubcommand = [\"purge\"]", `apt-get purge nginx`, true, "nginx"},
		{`command = ["aws"]` + "\nsubcommand = [\"ec2 terminate-instances\"]", `aws --profile p ec2 terminate-instances --instance-ids i-1`, true, "i-1"},
		{`command = ["systemctl"]` + "\nsubcommand = [\"stop\"]", `systemctl stop sshd`, true, "sshd"},
	}
	for _, tc := range tests {
		s := mustSet(t, Options{}, testRule(tc.rule))
		a := shell.Analyze(tc.line, shell.Options{Cwd: "/home/u"})
		d := s.Decide(a, nil)
		if got := len(d.Findings) > 0; got != tc.match {
			t.Errorf("%s\n%q: matched %v, want %v", tc.rule, tc.line, got, tc.match)
			continue
		}
		if tc.match && d.Findings[0].Target != tc.target {
			t.Errorf("%s\n%q: target %q, want %q", tc.rule, tc.line, d.Findings[0].Target, tc.target)
		}
	}
}

func TestValuesParse(t *testing.T) {
	for _, bad := range []string{
		`values = { "replicas" = ["0"] }`,
		`values = { "--replicas" = [] }`,
		`values = { "--replicas" = [1] }`,
		`values = ["--replicas"]`,
		`values = { "--a=b" = ["x"] }`,
		`values = { "-n namespace" = ["x"] }`,
		`values = { " " = ["x"] }`,
	} {
		if _, err := ParsePack("p.toml", []byte(testRule("command = [\"x\"]\n"+bad))); err == nil {
			t.Errorf("%s: parsed without error", bad)
		}
	}
}
