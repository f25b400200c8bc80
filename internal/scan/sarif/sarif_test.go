package sarif

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/scan"
)

func TestWrite(t *testing.T) {
	rule := &policy.Rule{ID: "system.reboot", Pack: "system", Action: policy.Confirm,
		Message: "{command} takes this machine down", Reference: "https://example.com/reboot"}
	in := &scan.File{Path: "/work/x.sh", Kind: scan.Script}
	out := &scan.File{Path: "/elsewhere/y.sh", Kind: scan.Script}
	findings := []*scan.Finding{
		{File: in, Line: 2, Col: 1, Rule: rule, RuleID: rule.ID, Action: policy.Confirm, Message: "reboot takes this machine down"},
		{File: out, Line: 0, Col: 0, RuleID: policy.ParseErrorID, Action: policy.Block},
		{File: in, Line: 3, Col: 4, Rule: rule, RuleID: rule.ID, Action: policy.Warn, Message: "m", Acknowledged: true},
	}
	var b bytes.Buffer
	if err := Write(&b, findings, Tool{Name: "belay", Version: "v1", InformationURI: "https://example.com"}, "/work"); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID               string
						ShortDescription struct{ Text string }
						HelpURI          string
					}
				}
			}
			Results []struct {
				RuleID, Level string
				RuleIndex     int
				Message       struct{ Text string }
				Locations     []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
				Suppressions []struct{ Kind string }
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	r := log.Runs[0]
	if log.Version != "2.1.0" || r.Tool.Driver.Name != "belay" || len(r.Tool.Driver.Rules) != 2 || len(r.Results) != 3 {
		t.Fatalf("log:\n%s", b.String())
	}
	if d := r.Tool.Driver.Rules[0]; d.ShortDescription.Text != "the command takes this machine down" || d.HelpURI != "https://example.com/reboot" {
		t.Errorf("rule %+v", d)
	}
	type where struct {
		uri, level   string
		index        int
		line, col    int
		msg          string
		suppressions int
	}
	want := []where{
		{"x.sh", "warning", 0, 2, 1, "reboot takes this machine down", 0},
		{"file:///elsewhere/y.sh", "error", 1, 1, 1, policy.ParseErrorID, 0},
		{"x.sh", "note", 0, 3, 4, "m", 1},
	}
	for i, res := range r.Results {
		loc := res.Locations[0].PhysicalLocation
		got := where{loc.ArtifactLocation.URI, res.Level, res.RuleIndex, loc.Region.StartLine, loc.Region.StartColumn, res.Message.Text, len(res.Suppressions)}
		if got != want[i] {
			t.Errorf("result %d: %+v, want %+v", i, got, want[i])
		}
	}
}
