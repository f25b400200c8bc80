package cli

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/belay-sh/belay/internal/policy"
)

// SARIF 2.1.0, the parts belay scan --sarif writes: enough for code
// scanning services to show each finding at its line.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		ShortDescription     sarifText    `json:"shortDescription"`
		HelpURI              string       `json:"helpUri,omitempty"`
		Help                 *sarifText   `json:"help,omitempty"`
		DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
		Properties           *sarifTagged `json:"properties,omitempty"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifTagged struct {
		Tags []string `json:"tags,omitempty"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID       string             `json:"ruleId"`
		RuleIndex    int                `json:"ruleIndex"`
		Level        string             `json:"level"`
		Message      sarifText          `json:"message"`
		Locations    []sarifLocation    `json:"locations"`
		Suppressions []sarifSuppression `json:"suppressions,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
	sarifSuppression struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification,omitempty"`
	}
)

const (
	sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
	belayURL    = "https://github.com/belay-sh/belay"
)

// sarifLevel maps an action to a SARIF level.
func sarifLevel(a policy.Action) string {
	switch a {
	case policy.Block:
		return "error"
	case policy.Confirm:
		return "warning"
	case policy.Warn:
		return "note"
	}
	return "none"
}

// scanSARIF prints the scan as a SARIF 2.1.0 log: every rule that found
// something in driver.rules, every finding a result at its file and line.
func (a *app) scanSARIF(r *scanRun) {
	run := sarifRun{
		Tool:    sarifTool{Driver: sarifDriver{Name: "belay", Version: Version, InformationURI: belayURL, Rules: []sarifRule{}}},
		Results: []sarifResult{},
	}
	index := map[string]int{}
	for _, f := range r.findings {
		i, ok := index[f.ruleID]
		if !ok {
			i = len(run.Tool.Driver.Rules)
			index[f.ruleID] = i
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(f))
		}
		res := sarifResult{
			RuleID:    f.ruleID,
			RuleIndex: i,
			Level:     sarifLevel(f.action),
			Message:   sarifText{Text: f.message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: a.artifactURI(f.file.path)},
				Region:           sarifRegion{StartLine: max(f.line, 1), StartColumn: max(f.col, 1)},
			}}},
		}
		if res.Message.Text == "" {
			res.Message.Text = f.ruleID
		}
		if f.acknowledged {
			res.Suppressions = []sarifSuppression{{Kind: "inSource", Justification: "BELAY_ACK=" + f.ruleID}}
		}
		run.Results = append(run.Results, res)
	}
	log := sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(log)
}

// sarifRuleOf describes the rule of a finding.
func sarifRuleOf(f scanFinding) sarifRule {
	sr := sarifRule{ID: f.ruleID, DefaultConfiguration: sarifConfig{Level: sarifLevel(f.action)}}
	desc := "belay could not read or parse the entry"
	ref := ""
	if f.rule != nil {
		desc, ref = placeholders.Replace(f.rule.Message), f.rule.Reference
		if f.rule.Pack != "" {
			sr.Properties = &sarifTagged{Tags: []string{f.rule.Pack}}
		}
		sr.DefaultConfiguration.Level = sarifLevel(f.rule.Action)
	}
	sr.ShortDescription = sarifText{Text: desc}
	if u, err := url.Parse(ref); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		sr.HelpURI = ref
	} else if ref != "" {
		sr.Help = &sarifText{Text: ref}
	}
	return sr
}

// placeholders words a rule's message template for a rule description.
var placeholders = strings.NewReplacer("{command}", "the command", "{target}", "its target", "{facts}", "what the host says")

// artifactURI is a file's path as a SARIF URI: relative to the working
// directory when it is inside it, else an absolute file: URI.
func (a *app) artifactURI(p string) string {
	if p == "-" {
		return "-"
	}
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(a.cwd, p)
	}
	if a.cwd != "" {
		if rel, err := filepath.Rel(a.cwd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
			return (&url.URL{Path: filepath.ToSlash(rel)}).String()
		}
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Clean(abs))}).String()
}
