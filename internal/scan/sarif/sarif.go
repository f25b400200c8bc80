// Package sarif writes the findings of a scan as a SARIF 2.1.0 log, the
// format code scanning services (GitHub, GitLab) read: every rule that
// found something in the driver's rules, every finding a result at its
// file, line and column. Block is an error, confirm a warning, warn a note;
// an acknowledged finding is a result suppressed in source.
package sarif

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"

	"github.com/belay-sh/belay/internal/policy"
	"github.com/belay-sh/belay/internal/scan"
)

// SARIF 2.1.0, the parts belay writes: enough for code scanning services
// to show each finding at its line.
type (
	log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []run  `json:"runs"`
	}
	run struct {
		Tool    tool     `json:"tool"`
		Results []result `json:"results"`
	}
	tool struct {
		Driver driver `json:"driver"`
	}
	driver struct {
		Name           string `json:"name"`
		Version        string `json:"version"`
		InformationURI string `json:"informationUri"`
		Rules          []rule `json:"rules"`
	}
	rule struct {
		ID                   string  `json:"id"`
		ShortDescription     text    `json:"shortDescription"`
		HelpURI              string  `json:"helpUri,omitempty"`
		Help                 *text   `json:"help,omitempty"`
		DefaultConfiguration config  `json:"defaultConfiguration"`
		Properties           *tagged `json:"properties,omitempty"`
	}
	config struct {
		Level string `json:"level"`
	}
	tagged struct {
		Tags []string `json:"tags,omitempty"`
	}
	text struct {
		Text string `json:"text"`
	}
	result struct {
		RuleID       string        `json:"ruleId"`
		RuleIndex    int           `json:"ruleIndex"`
		Level        string        `json:"level"`
		Message      text          `json:"message"`
		Locations    []location    `json:"locations"`
		Suppressions []suppression `json:"suppressions,omitempty"`
	}
	location struct {
		PhysicalLocation physical `json:"physicalLocation"`
	}
	physical struct {
		ArtifactLocation artifact `json:"artifactLocation"`
		Region           region   `json:"region"`
	}
	artifact struct {
		URI string `json:"uri"`
	}
	region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
	suppression struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification,omitempty"`
	}
)

// Schema is the SARIF 2.1.0 schema a log names.
const Schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"

// Tool is the program that wrote the log.
type Tool struct {
	Name, Version, InformationURI string
}

// Write writes the findings as a SARIF 2.1.0 log of one run of a tool.
// File paths are written relative to cwd when they are inside it, else as
// absolute file: URIs.
func Write(w io.Writer, findings []*scan.Finding, by Tool, cwd string) error {
	r := run{
		Tool:    tool{Driver: driver{Name: by.Name, Version: by.Version, InformationURI: by.InformationURI, Rules: []rule{}}},
		Results: []result{},
	}
	index := map[string]int{}
	for _, f := range findings {
		i, ok := index[f.RuleID]
		if !ok {
			i = len(r.Tool.Driver.Rules)
			index[f.RuleID] = i
			r.Tool.Driver.Rules = append(r.Tool.Driver.Rules, ruleOf(f))
		}
		r.Results = append(r.Results, resultOf(f, i, cwd))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log{Schema: Schema, Version: "2.1.0", Runs: []run{r}})
}

// resultOf is a finding as the result of rule i.
func resultOf(f *scan.Finding, i int, cwd string) result {
	res := result{
		RuleID:    f.RuleID,
		RuleIndex: i,
		Level:     level(f.Action),
		Message:   text{Text: f.Message},
		Locations: []location{{PhysicalLocation: physical{
			ArtifactLocation: artifact{URI: artifactURI(f.File.Path, cwd)},
			Region:           region{StartLine: max(f.Line, 1), StartColumn: max(f.Col, 1)},
		}}},
	}
	if res.Message.Text == "" {
		res.Message.Text = f.RuleID
	}
	if f.Acknowledged {
		res.Suppressions = []suppression{{Kind: "inSource", Justification: "BELAY_ACK=" + f.RuleID}}
	}
	return res
}

// level maps an action to a SARIF level.
func level(a policy.Action) string {
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

// ruleOf describes the rule of a finding.
func ruleOf(f *scan.Finding) rule {
	sr := rule{ID: f.RuleID, DefaultConfiguration: config{Level: level(f.Action)}}
	desc := "belay could not read or parse the entry"
	ref := ""
	if f.Rule != nil {
		desc, ref = placeholders.Replace(f.Rule.Message), f.Rule.Reference
		if f.Rule.Pack != "" {
			sr.Properties = &tagged{Tags: []string{f.Rule.Pack}}
		}
		sr.DefaultConfiguration.Level = level(f.Rule.Action)
	}
	sr.ShortDescription = text{Text: desc}
	if webLink(ref) {
		sr.HelpURI = ref
	} else if ref != "" {
		sr.Help = &text{Text: ref}
	}
	return sr
}

// placeholders words a rule's message template for a rule description.
var placeholders = strings.NewReplacer("{command}", "the command", "{target}", "its target", "{facts}", "what the host says")

// artifactURI is a file's path as a SARIF URI: relative to cwd when it is
// inside it, else an absolute file: URI.
func artifactURI(p, cwd string) string {
	if p == "-" {
		return "-"
	}
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(cwd, p)
	}
	if cwd != "" {
		if rel, err := filepath.Rel(cwd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
			return pathURI(filepath.ToSlash(rel))
		}
	}
	return fileURI(filepath.ToSlash(filepath.Clean(abs)))
}
