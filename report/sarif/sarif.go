// Package sarif renders check results as SARIF 2.1.0, the format code-scanning
// services (GitHub code scanning among them) read: one run whose tool documents
// every rule of the catalog, and one result per finding with its range, the
// locations along its failure path, a stable partial fingerprint, and its
// suppression when an ignore accepts it.
package sarif

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/report"
)

// SchemaURI is the $schema of the logs written here.
const SchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

// RulesURI is where each rule's documentation lives; helpUri adds its anchor.
const RulesURI = "https://github.com/faultline-dev/faultline/blob/main/docs/rules.md"

// FingerprintKey names faultline's fingerprint among a result's partialFingerprints.
const FingerprintKey = "faultline/v1"

// Options tune a rendering.
type Options struct {
	// ToolVersion is the driver's version; omitted when empty.
	ToolVersion string
	// New marks every result relative to a baseline, for `faultline diff` and
	// `check --baseline`, which report only the findings a change introduces
	// (baselineState "new") or makes worse (the report's Worsened: "updated").
	New bool
}

// Render writes c as a SARIF log.
func Render(w io.Writer, c *report.Check) error { return RenderWith(w, c, Options{}) }

// RenderWith writes c as a SARIF log with options.
func RenderWith(w io.Writer, c *report.Check, opts Options) error {
	jw := report.NewJSONWriter(w) // DEL and C1 controls as \u escapes
	enc := json.NewEncoder(jw)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(build(c, opts)); err != nil {
		return err
	}
	return jw.Flush()
}

type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []run  `json:"runs"`
}

type run struct {
	Tool        tool         `json:"tool"`
	Invocations []invocation `json:"invocations"`
	ColumnKind  string       `json:"columnKind"`
	Results     []result     `json:"results"`
}

type tool struct {
	Driver driver `json:"driver"`
}

type driver struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"informationUri"`
	Rules          []rule `json:"rules"`
}

type rule struct {
	ID                   string     `json:"id"`
	Name                 string     `json:"name"`
	ShortDescription     text       `json:"shortDescription"`
	FullDescription      text       `json:"fullDescription"`
	Help                 help       `json:"help"`
	HelpURI              string     `json:"helpUri"`
	DefaultConfiguration ruleConfig `json:"defaultConfiguration"`
	Properties           ruleProps  `json:"properties"`
}

type text struct {
	Text string `json:"text"`
}

type help struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type ruleConfig struct {
	Level string `json:"level"`
}

type ruleProps struct {
	Tags []string `json:"tags"`
}

type invocation struct {
	ExecutionSuccessful bool           `json:"executionSuccessful"`
	Notifications       []notification `json:"toolExecutionNotifications,omitempty"`
}

type notification struct {
	Level     string     `json:"level"`
	Message   text       `json:"message"`
	Locations []location `json:"locations,omitempty"`
}

type result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             text              `json:"message"`
	Locations           []location        `json:"locations"`
	RelatedLocations    []location        `json:"relatedLocations,omitempty"`
	CodeFlows           []codeFlow        `json:"codeFlows,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	BaselineState       string            `json:"baselineState,omitempty"`
	Suppressions        []suppression     `json:"suppressions,omitempty"`
	Properties          resultProps       `json:"properties"`
}

type location struct {
	ID               *int              `json:"id,omitempty"`
	PhysicalLocation *physicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []logicalLocation `json:"logicalLocations,omitempty"`
	Message          *text             `json:"message,omitempty"`
}

type physicalLocation struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Region           *region          `json:"region,omitempty"`
}

type artifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type logicalLocation struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type codeFlow struct {
	ThreadFlows []threadFlow `json:"threadFlows"`
}

type threadFlow struct {
	Locations []threadFlowLocation `json:"locations"`
}

type threadFlowLocation struct {
	Location location `json:"location"`
}

type suppression struct {
	Kind          string    `json:"kind"`
	Status        string    `json:"status"`
	Justification string    `json:"justification"`
	Location      *location `json:"location,omitempty"`
	Properties    *supProps `json:"properties,omitempty"`
}

type supProps struct {
	Source string `json:"source"`
}

type resultProps struct {
	Component       string   `json:"component"`
	Event           string   `json:"event"`
	Path            []string `json:"path"`
	BlastRadius     []string `json:"blastRadius"`
	BlastRadiusSize int      `json:"blastRadiusSize"`
	Entrypoints     []string `json:"entrypoints,omitempty"`
	Unknowns        []string `json:"unknowns,omitempty"`
	// Before is a worsened finding's reach in the baseline; AddedEntrypoints
	// the entrypoints it now takes down that it did not.
	Before           *report.Reach `json:"before,omitempty"`
	AddedEntrypoints []string      `json:"addedEntrypoints,omitempty"`
}

func build(c *report.Check, opts Options) *sarifLog {
	r := run{
		Tool: tool{Driver: driver{
			Name:           "faultline",
			Version:        opts.ToolVersion,
			InformationURI: "https://github.com/faultline-dev/faultline",
			Rules:          []rule{},
		}},
		ColumnKind: "unicodeCodePoints",
		Results:    []result{},
	}
	index := map[string]int{}
	for i, a := range catalog.Analyzers() {
		index[a.Rule.Name] = i
		r.Tool.Driver.Rules = append(r.Tool.Driver.Rules, ruleOf(a.Rule))
	}
	inv := invocation{ExecutionSuccessful: true}
	for _, d := range c.Diagnostics {
		if d.Severity == "error" {
			inv.ExecutionSuccessful = false
		}
		n := notification{Level: levelOfDiag(d.Severity), Message: text{d.Summary}}
		if d.Detail != "" {
			n.Message.Text += ": " + d.Detail
		}
		if d.Location != nil {
			if pl := physical(*d.Location); pl != nil {
				n.Locations = []location{{PhysicalLocation: pl}}
			}
		}
		inv.Notifications = append(inv.Notifications, n)
	}
	r.Invocations = []invocation{inv}
	worse := c.WorsenedIndex()
	for _, f := range c.Findings {
		res := resultOf(f, index, opts)
		if ch := worse[f.Fingerprint]; ch != nil && opts.New {
			res.BaselineState = "updated"
			res.Message.Text += "\n" + report.Worse(ch)
			res.Properties.Before = &ch.Before
			res.Properties.AddedEntrypoints = ch.AddedEntrypoints
		}
		r.Results = append(r.Results, res)
	}
	return &sarifLog{Schema: SchemaURI, Version: "2.1.0", Runs: []run{r}}
}

func ruleOf(r *analysis.Rule) rule {
	txt := unwrap(r.Text)
	fix := unwrap(r.Fix)
	return rule{
		ID:               r.ID,
		Name:             r.Name,
		ShortDescription: text{r.Title},
		FullDescription:  text{txt},
		Help: help{
			Text: fmt.Sprintf("%s\n\nFinds it:\n%s\n\nFixed:\n%s\n\nFix: %s", txt, r.Before, r.After, fix),
			Markdown: fmt.Sprintf("**%s**\n\n%s\n\nFinds it:\n\n```hcl\n%s\n```\n\nFixed:\n\n```hcl\n%s\n```\n\n**Fix.** %s",
				r.Title, txt, r.Before, r.After, fix),
		},
		HelpURI:              RulesURI + "#" + strings.ToLower(r.ID) + "-" + r.Name,
		DefaultConfiguration: ruleConfig{Level: level(r.Severity)},
		Properties:           ruleProps{Tags: []string{"reliability", r.Name}},
	}
}

func resultOf(f analysis.Finding, index map[string]int, opts Options) result {
	fp := f.Fingerprint
	if fp == "" {
		fp = analysis.Fingerprint(f.Rule, f.Component, f.Event)
	}
	msg := f.Message + "\nEvent: " + f.Event
	if len(f.Path) > 0 {
		msg += "\nPath: " + strings.Join(f.Path, " -> ")
	}
	res := result{
		RuleID:              f.ID,
		RuleIndex:           index[f.Rule],
		Level:               level(f.Severity),
		Message:             text{msg},
		PartialFingerprints: map[string]string{FingerprintKey: fp},
		Properties: resultProps{
			Component: f.Component, Event: f.Event, Path: nonNil(f.Path), BlastRadius: nonNil(f.BlastRadius),
			BlastRadiusSize: f.BlastRadiusSize, Entrypoints: f.Entrypoints, Unknowns: f.Unknowns,
		},
	}
	if _, ok := index[f.Rule]; !ok {
		res.RuleIndex = -1 // not a catalog rule; the schema allows -1
	}
	primary := location{
		PhysicalLocation: physical(f.Location),
		LogicalLocations: []logicalLocation{{FullyQualifiedName: f.Component, Kind: "resource"}},
	}
	res.Locations = []location{primary}
	var steps []threadFlowLocation
	for i, rel := range f.Related {
		pl := physical(rel.Location)
		if pl == nil {
			continue
		}
		id := i + 1
		m := text{rel.Message}
		res.RelatedLocations = append(res.RelatedLocations, location{ID: &id, PhysicalLocation: pl, Message: &m})
		steps = append(steps, threadFlowLocation{Location: location{PhysicalLocation: pl, Message: &m}})
	}
	if len(steps) > 0 && primary.PhysicalLocation != nil {
		m := text{f.Component + ": " + f.Event}
		steps = append(steps, threadFlowLocation{Location: location{PhysicalLocation: primary.PhysicalLocation, Message: &m}})
		res.CodeFlows = []codeFlow{{ThreadFlows: []threadFlow{{Locations: steps}}}}
	}
	if opts.New {
		res.BaselineState = "new"
	}
	if s := f.Suppressed; s != nil {
		sup := suppression{Kind: "external", Status: "accepted", Justification: s.Reason, Properties: &supProps{Source: s.Kind}}
		if s.Kind == "comment" || s.Kind == "annotation" {
			sup.Kind = "inSource"
		}
		if s.Location != nil {
			if pl := physical(*s.Location); pl != nil {
				sup.Location = &location{PhysicalLocation: pl}
			}
		}
		res.Suppressions = []suppression{sup}
	}
	return res
}

// physical converts a location; nil for one that names no file on disk
// (standard input), which keeps only its logical location.
func physical(l analysis.Location) *physicalLocation {
	if l.File == "" || strings.HasPrefix(l.File, "<") {
		return nil
	}
	pl := &physicalLocation{ArtifactLocation: artifactLocation{URI: uri(l.File)}}
	if !filepath.IsAbs(l.File) {
		pl.ArtifactLocation.URIBaseID = "%SRCROOT%"
	}
	if l.Line > 0 {
		rg := &region{StartLine: l.Line}
		if l.Column > 0 {
			rg.StartColumn = l.Column
		}
		if l.EndLine >= l.Line && l.EndColumn > 0 {
			rg.EndLine, rg.EndColumn = l.EndLine, l.EndColumn
			if rg.EndLine == rg.StartLine && rg.EndColumn < rg.StartColumn {
				rg.EndColumn = rg.StartColumn
			}
		}
		pl.Region = rg
	}
	return pl
}

// uri converts a file path into a URI reference: relative paths stay relative
// (to %SRCROOT%, the directory faultline ran in), with forward slashes and
// characters outside the URI grammar percent-encoded.
func uri(file string) string {
	p := filepath.ToSlash(file)
	var b strings.Builder
	if filepath.IsAbs(file) {
		b.WriteString("file://")
		if !strings.HasPrefix(p, "/") {
			b.WriteString("/") // C:/x -> file:///C:/x
		}
	}
	safe := "-._~/@!$&'()*+,;="
	if filepath.IsAbs(file) {
		safe += ":" // a relative path keeps ':' encoded, or "a:b" would read as a scheme
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(safe, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func level(s analysis.Severity) string {
	switch s {
	case analysis.Error:
		return "error"
	case analysis.Warning:
		return "warning"
	}
	return "note"
}

func levelOfDiag(s string) string {
	if s == "error" {
		return "error"
	}
	return "warning"
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// unwrap joins a hard-wrapped paragraph into one line.
func unwrap(s string) string { return strings.Join(strings.Fields(s), " ") }
