// Package report holds what renderers render: the result of a check and the
// result of a blast what-if, both independent of any output format. Each format
// lives in its own package (report/text, report/json) with a Render function that
// writes to an io.Writer and never to os.Stdout.
package report

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/analysis/doublefailure"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/hashicorp/hcl/v2"
)

// Version is the version of the JSON schemas.
const Version = 1

// Summary counts what a check saw and found.
type Summary struct {
	Components  int      `json:"components"`
	Edges       int      `json:"edges"`
	Findings    int      `json:"findings"`
	Errors      int      `json:"errors"`
	Warnings    int      `json:"warnings"`
	Infos       int      `json:"infos"`
	Entrypoints []string `json:"entrypoints"`
	// EntrypointsInferred is true when no component was marked as an entrypoint and
	// the components without dependents were taken instead.
	EntrypointsInferred bool `json:"entrypoints_inferred"`
	// EntrypointsInferredFor names the formats (graph.Component.Source: hcl,
	// terraform, kubernetes) whose entrypoints were inferred while another
	// format's were declared: in a mix of formats, one whose inputs mark no
	// entrypoint has its components without dependents as entrypoints. Sorted.
	EntrypointsInferredFor []string `json:"entrypoints_inferred_for,omitempty"`
	Files                  int      `json:"files"`
	// Suppressed counts the findings an ignore accepts; they are listed, and
	// not counted in Errors, Warnings and Infos.
	Suppressed int `json:"suppressed,omitempty"`
	// Baselined counts the findings left out because a baseline holds them
	// (the improved ones included; the worsened ones are listed, not left out).
	Baselined int `json:"baselined,omitempty"`
	// Worsened counts the findings the baseline (or the base of a diff) holds
	// whose reach grew; they are among Findings.
	Worsened int `json:"worsened,omitempty"`
	// Improved counts the findings the baseline (or the base) holds whose
	// reach shrank; they are not among Findings.
	Improved int `json:"improved,omitempty"`
}

// Diagnostic is a problem with the input.
type Diagnostic struct {
	Severity string             `json:"severity"`
	Summary  string             `json:"summary"`
	Detail   string             `json:"detail,omitempty"`
	Location *analysis.Location `json:"location,omitempty"`
}

// Check is the result of `faultline check`.
type Check struct {
	Version     int                `json:"version"`
	Summary     Summary            `json:"summary"`
	Findings    []analysis.Finding `json:"findings"`
	Diagnostics []Diagnostic       `json:"diagnostics"`
	// Availability estimates each entrypoint (and each component with an SLO).
	Availability []availability.Estimate `json:"availability"`
	// AvailabilityDefaults counts the components whose availability was not
	// declared and took the default of their kind.
	AvailabilityDefaults int `json:"availability_defaults"`
	// DoubleFailures lists the minimal pairs of events that down an entrypoint
	// when no single event does (check --order 2); nil otherwise.
	DoubleFailures *doublefailure.Result `json:"double_failures,omitempty"`
	// Worsened are the findings (also among Findings) that a baseline or a
	// diff's base holds and whose reach grew, with their reach before and
	// after; Improved those whose reach shrank (not among Findings). Both are
	// nil without a baseline or a base.
	Worsened []Change `json:"worsened,omitempty"`
	Improved []Change `json:"improved,omitempty"`
}

// SetComparison records the worsened and improved findings of a comparison
// with a baseline or a base; the worsened ones must be among c.Findings.
func (c *Check) SetComparison(cmp Comparison) {
	c.Worsened, c.Improved = cmp.Worsened, cmp.Improved
	c.Summary.Worsened, c.Summary.Improved = len(cmp.Worsened), len(cmp.Improved)
}

// WorsenedIndex maps the fingerprint of each worsened finding to its change.
func (c *Check) WorsenedIndex() map[string]*Change {
	m := make(map[string]*Change, len(c.Worsened))
	for i := range c.Worsened {
		m[c.Worsened[i].Fingerprint] = &c.Worsened[i]
	}
	return m
}

// SetAvailability records an availability result; nil leaves the list empty.
func (c *Check) SetAvailability(r *availability.Result) {
	if r == nil {
		return
	}
	c.Availability = append(c.Availability[:0], r.Estimates...)
	c.AvailabilityDefaults = r.Defaults
}

// NewCheck assembles a check result. m may be nil when nothing could be read.
func NewCheck(m *graph.Model, files int, findings []analysis.Finding, diags hcl.Diagnostics) *Check {
	c := &Check{Version: Version, Findings: findings, Diagnostics: Diagnostics(diags), Availability: []availability.Estimate{}}
	if c.Findings == nil {
		c.Findings = []analysis.Finding{}
	}
	c.Summary.Files = files
	c.Summary.Entrypoints = []string{}
	if m != nil {
		c.Summary.Components = len(m.IDs)
		c.Summary.Edges = len(m.Dependencies)
		c.Summary.Entrypoints = append(c.Summary.Entrypoints, m.Entrypoints...)
		c.Summary.EntrypointsInferred = !m.EntrypointsDeclared
		if m.EntrypointsDeclared {
			for _, id := range m.Entrypoints {
				if e := m.Components[id]; e != nil && e.EntrypointInferred && !slices.Contains(c.Summary.EntrypointsInferredFor, e.Source) {
					c.Summary.EntrypointsInferredFor = append(c.Summary.EntrypointsInferredFor, e.Source)
				}
			}
			sort.Strings(c.Summary.EntrypointsInferredFor)
		}
	}
	c.Summary.Findings = len(findings)
	for _, f := range findings {
		if f.Suppressed != nil {
			c.Summary.Suppressed++
			continue
		}
		switch f.Severity {
		case analysis.Error:
			c.Summary.Errors++
		case analysis.Warning:
			c.Summary.Warnings++
		default:
			c.Summary.Infos++
		}
	}
	return c
}

// Diagnostics converts HCL diagnostics, sorted by position.
func Diagnostics(diags hcl.Diagnostics) []Diagnostic {
	out := []Diagnostic{}
	for _, d := range diags {
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		dd := Diagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail}
		if d.Subject != nil {
			l := analysis.LocationOf(*d.Subject)
			dd.Location = &l
		}
		out = append(out, dd)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Location, out[j].Location
		switch {
		case a == nil || b == nil:
			return a == nil && b != nil
		case a.File != b.File:
			return a.File < b.File
		case a.Line != b.Line:
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return out
}

// Blast is the result of `faultline blast`.
type Blast struct {
	Version         int                 `json:"version"`
	Events          []string            `json:"events"`
	Down            []string            `json:"down"`
	Degraded        []string            `json:"degraded"`
	EntrypointsDown []string            `json:"entrypoints_down"`
	Paths           map[string][]string `json:"paths"`
	// Reasons says in a phrase why each downed component is down.
	Reasons map[string]string `json:"reasons"`
}

// NewBlast converts an engine result.
func NewBlast(x *graph.Index, r *failure.Result) *Blast {
	b := &Blast{Version: Version, Events: []string{}, Paths: map[string][]string{}, Reasons: map[string]string{}}
	for _, e := range r.Events {
		b.Events = append(b.Events, e.Label(x))
	}
	b.Down = failure.IDs(x, r.SortedDown())
	b.Degraded = failure.IDs(x, r.SortedDegraded())
	b.EntrypointsDown = failure.IDs(x, r.EntrypointsDown())
	for _, v := range r.SortedDown() {
		b.Paths[x.IDs[v]] = r.PathIDs(v)
		b.Reasons[x.IDs[v]] = r.Explain(v)
	}
	return b
}

// Printer writes formatted text and keeps the first write error, so that a
// renderer checks for it once, at the end.
type Printer struct {
	w   io.Writer
	err error
}

// NewPrinter returns a Printer writing to w.
func NewPrinter(w io.Writer) *Printer { return &Printer{w: w} }

// Printf writes unless an earlier write failed. Every text argument (a
// string, a fmt.Stringer, an error) is written through Visible: a name from
// the input can never start a line of its own.
func (p *Printer) Printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, visibleArgs(args)...)
	}
}

// Err returns the first write error.
func (p *Printer) Err() error { return p.err }

// FormatName is the name of a format (graph.Component.Source) in prose.
func FormatName(source string) string {
	switch source {
	case "hcl":
		return "native HCL"
	case "terraform":
		return "Terraform"
	case "kubernetes":
		return "Kubernetes"
	}
	return source
}

// InferredFor says, in prose, for which formats the entrypoints were inferred
// (Summary.EntrypointsInferredFor): "inferred for native HCL, which marks
// none"; "" when for none.
func (s Summary) InferredFor() string {
	if len(s.EntrypointsInferredFor) == 0 {
		return ""
	}
	names := make([]string, len(s.EntrypointsInferredFor))
	for i, f := range s.EntrypointsInferredFor {
		names[i] = FormatName(f)
	}
	verb := "marks"
	if len(names) > 1 {
		verb = "mark"
	}
	list := names[0]
	if len(names) > 1 {
		list = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return "inferred for " + list + ", which " + verb + " none"
}
