// Package markdown renders check results as GitHub-flavoured Markdown for a
// pull-request comment: a headline, a table of the findings, then each finding
// with its event, its failure path and its blast radius.
package markdown

import (
	"fmt"
	"io"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/report"
)

// RulesURI is the rule documentation the table links to.
const RulesURI = "https://github.com/faultline-dev/faultline/blob/main/docs/rules.md"

// Limits that keep a comment under GitHub's 65,536 characters on large systems.
const (
	maxRows    = 100 // table rows
	maxDetails = 30  // findings written out in full
	maxListed  = 10  // blast radius entries
)

// Options tune a rendering.
type Options struct {
	// Title is the headline; "faultline" when empty.
	Title string
	// Fixed lists findings that a change removes (faultline diff); with
	// ShowFixed, a section lists them after the others.
	Fixed     []analysis.Finding
	ShowFixed bool
}

// Render writes c as Markdown.
func Render(w io.Writer, c *report.Check) error { return RenderWith(w, c, Options{}) }

// RenderWith writes c as Markdown with options.
func RenderWith(w io.Writer, c *report.Check, opts Options) error {
	p := report.NewPrinter(w)
	title := opts.Title
	if title == "" {
		title = "faultline"
	}
	s := c.Summary
	p.Printf("## %s\n\n", esc(title))
	open := s.Findings - s.Suppressed
	switch {
	case open == 0 && s.Suppressed == 0:
		p.Printf("**No findings** in %s and %s.", analysis.Plural(s.Components, "component"), analysis.Plural(s.Edges, "edge"))
	default:
		p.Printf("**%s** (%s, %s, %d info", analysis.Plural(open, "finding"), analysis.Plural(s.Errors, "error"),
			analysis.Plural(s.Warnings, "warning"), s.Infos)
		if s.Suppressed > 0 {
			p.Printf("; %d suppressed", s.Suppressed)
		}
		p.Printf(") in %s and %s.", analysis.Plural(s.Components, "component"), analysis.Plural(s.Edges, "edge"))
	}
	if s.Baselined > 0 {
		p.Printf(" %s in the baseline not shown.", analysis.Plural(s.Baselined, "finding"))
	}
	p.Printf("\n")
	if len(s.Entrypoints) > 0 {
		inferred := ""
		if s.EntrypointsInferred {
			inferred = " (inferred)"
		}
		p.Printf("Entrypoints%s: %s.\n", inferred, codeList(s.Entrypoints, 8))
	}
	if len(c.Findings) > 0 {
		p.Printf("\n| | severity | rule | component | location |\n|---|---|---|---|---|\n")
		for i, f := range c.Findings {
			if i == maxRows {
				p.Printf("\n… and %d more findings (see the SARIF or JSON output).\n", len(c.Findings)-maxRows)
				break
			}
			sev := string(f.Severity)
			if f.Suppressed != nil {
				sev += " (suppressed)"
			}
			p.Printf("| %d | %s | %s | %s | %s |\n", i+1, sev, ruleLink(f), code(f.Component), code(f.Location.String()))
		}
		for i, f := range c.Findings {
			if i == maxDetails {
				p.Printf("\n… %d more findings not written out here.\n", len(c.Findings)-maxDetails)
				break
			}
			finding(p, i+1, f)
		}
	}
	if opts.ShowFixed {
		p.Printf("\n### Fixed (%d)\n\n", len(opts.Fixed))
		if len(opts.Fixed) == 0 {
			p.Printf("None.\n")
		}
		for i, f := range opts.Fixed {
			if i == maxRows {
				p.Printf("- … and %d more\n", len(opts.Fixed)-maxRows)
				break
			}
			p.Printf("- %s %s: %s (event: %s)\n", ruleLink(f), code(f.Component), esc(f.Message), esc(f.Event))
		}
	}
	if diags := c.Diagnostics; len(diags) > 0 {
		p.Printf("\n### Input problems (%d)\n\n", len(diags))
		for _, d := range diags {
			where := ""
			if d.Location != nil {
				where = code(d.Location.String()) + " "
			}
			detail := ""
			if d.Detail != "" {
				detail = ": " + esc(d.Detail)
			}
			p.Printf("- %s**%s** %s%s\n", where, d.Severity, esc(d.Summary), detail)
		}
	}
	return p.Err()
}

func finding(p *report.Printer, n int, f analysis.Finding) {
	p.Printf("\n#### %d. %s %s: %s\n\n", n, f.Severity, ruleLink(f), code(f.Component))
	p.Printf("%s\n\n", esc(f.Message))
	if s := f.Suppressed; s != nil {
		where := ""
		if s.Location != nil {
			where = " at " + code(s.Location.String())
		}
		p.Printf("- **suppressed** (%s%s): %s\n", s.Kind, where, esc(s.Reason))
	}
	p.Printf("- **location:** %s\n", code(f.Location.String()))
	p.Printf("- **event:** %s\n", esc(f.Event))
	if len(f.Path) > 0 {
		parts := make([]string, len(f.Path))
		for i, id := range f.Path {
			parts[i] = code(id)
		}
		p.Printf("- **path:** %s\n", strings.Join(parts, " → "))
	}
	for _, r := range f.Related {
		p.Printf("  - %s at %s\n", esc(r.Message), code(r.Location.String()))
	}
	if len(f.BlastRadius) > 0 {
		p.Printf("- **blast radius (%d):** %s\n", f.BlastRadiusSize, codeListOf(f.BlastRadius, f.BlastRadiusSize, maxListed))
	}
	if len(f.Unknowns) > 0 {
		p.Printf("- **rests on unknowns:** %s\n", esc(strings.Join(f.Unknowns, "; ")))
	}
}

func ruleLink(f analysis.Finding) string {
	return fmt.Sprintf("[`%s`](%s#%s-%s) %s", f.Rule, RulesURI, strings.ToLower(f.ID), f.Rule, f.ID)
}

// code is s as a code span; a backtick in s would end it early.
func code(s string) string {
	s = strings.ReplaceAll(s, "`", "'")
	s = strings.ReplaceAll(s, "|", "\\|")
	return "`" + s + "`"
}

func codeList(ids []string, max int) string { return codeListOf(ids, len(ids), max) }

func codeListOf(ids []string, total, max int) string {
	if len(ids) > max {
		ids = ids[:max]
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = code(id)
	}
	s := strings.Join(parts, ", ")
	if total > len(ids) {
		s += fmt.Sprintf(", … (%d more)", total-len(ids))
	}
	return s
}

// esc escapes text from the input (IDs, messages) so that it renders as
// written: no HTML, no emphasis, no table breaks.
func esc(s string) string {
	return strings.NewReplacer(
		"\\", "\\\\", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]",
		"<", "&lt;", ">", "&gt;", "|", "\\|", "#", "\\#", "\n", " ",
	).Replace(s)
}
