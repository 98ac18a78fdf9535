// Package markdown renders check results as GitHub-flavoured Markdown for a
// pull-request comment: a headline, a table of the findings, then each finding
// with its event, its failure path and its blast radius.
package markdown

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/report"
)

// RulesURI is the rule documentation the table links to.
const RulesURI = "https://github.com/faultline-dev/faultline/blob/main/docs/rules.md"

// MaxComment is the most characters GitHub accepts in an issue or pull-request
// comment (its API rejects a longer body: "Body is too long (maximum is 65536
// characters)").
const MaxComment = 65536

// DefaultBudget is the most bytes a rendering takes by default: under
// MaxComment (a byte count bounds the character count), with room left for a
// line a workflow adds to the comment.
const DefaultBudget = 60000

// Limits within the budget: each section has its own share, so that a long
// table never crowds out the worsened findings or the input problems.
const (
	maxRows      = 100 // table rows
	maxDetails   = 30  // findings written out in full
	maxListed    = 10  // blast radius entries, path elements, related locations
	maxDiags     = 5   // input problems listed one by one; the rest are counted
	maxText      = 600 // characters of one message or diagnostic
	headerShare  = 3000
	tableShare   = 22000
	detailsShare = 20000
	changesShare = 9000 // worsened, improved and fixed together
	diagsShare   = 3500
)

// Options tune a rendering.
type Options struct {
	// Title is the headline; "faultline" when empty.
	Title string
	// Fixed lists findings that a change removes (faultline diff); with
	// ShowFixed, a section lists them after the others.
	Fixed     []analysis.Finding
	ShowFixed bool
	// Budget is the most bytes the rendering takes; DefaultBudget when 0. A
	// budget under 20,000 bytes is raised to it.
	Budget int
	// FullList says where the full list of findings is, for the line that
	// counts those left out; a default names the SARIF and JSON outputs.
	FullList string
}

// DefaultFullList is where the full list is when Options.FullList is empty.
const DefaultFullList = "the SARIF output (the code-scanning alerts, when a workflow uploads it) and `--format json`"

// Render writes c as Markdown.
func Render(w io.Writer, c *report.Check) error { return RenderWith(w, c, Options{}) }

// RenderWith writes c as Markdown with options. The findings come most
// important first (severity, then entrypoints lost, then blast radius), and
// the whole fits the budget: what does not fit is counted, at the end, with
// where the full list is.
func RenderWith(w io.Writer, c *report.Check, opts Options) error {
	budget := opts.Budget
	if budget == 0 {
		budget = DefaultBudget
	}
	budget = max(budget, 20000)
	scale := func(n int) int { return n * budget / DefaultBudget }
	var doc strings.Builder
	title := opts.Title
	if title == "" {
		title = "faultline"
	}
	s := c.Summary
	head := &section{limit: scale(headerShare)}
	head.add(fmt.Sprintf("## %s\n\n", esc(clip(title, 200))))
	open := s.Findings - s.Suppressed
	var line strings.Builder
	switch {
	case open == 0 && s.Suppressed == 0:
		fmt.Fprintf(&line, "**No findings** in %s and %s.", analysis.Plural(s.Components, "component"), analysis.Plural(s.Edges, "edge"))
	default:
		fmt.Fprintf(&line, "**%s** (%s, %s, %d info", analysis.Plural(open, "finding"), analysis.Plural(s.Errors, "error"),
			analysis.Plural(s.Warnings, "warning"), s.Infos)
		if s.Suppressed > 0 {
			fmt.Fprintf(&line, "; %d suppressed", s.Suppressed)
		}
		fmt.Fprintf(&line, ") in %s and %s.", analysis.Plural(s.Components, "component"), analysis.Plural(s.Edges, "edge"))
	}
	if s.Worsened > 0 {
		fmt.Fprintf(&line, " %s known before got worse.", analysis.Plural(s.Worsened, "finding"))
	}
	if s.Baselined > 0 {
		fmt.Fprintf(&line, " %s in the baseline not shown.", analysis.Plural(s.Baselined, "finding"))
	}
	head.add(line.String() + "\n")
	if len(s.Entrypoints) > 0 {
		inferred := ""
		if s.EntrypointsInferred {
			inferred = " (inferred)"
		} else if f := s.InferredFor(); f != "" {
			inferred = " (" + f + ")"
		}
		head.add(fmt.Sprintf("Entrypoints%s: %s.\n", inferred, codeList(s.Entrypoints, 8)))
	}
	doc.WriteString(head.String())

	worse := c.WorsenedIndex()
	fs := report.MostImportantFirst(c.Findings)
	tableRows, detailed := 0, 0
	if len(fs) > 0 {
		table := &section{limit: scale(tableShare)}
		table.add("\n| | severity | rule | component | location |\n|---|---|---|---|---|\n")
		for i, f := range fs {
			if i == maxRows {
				break
			}
			sev := string(f.Severity)
			if f.Suppressed != nil {
				sev += " (suppressed)"
			}
			if worse[f.Fingerprint] != nil {
				sev += " (worsened)"
			}
			if !table.add(fmt.Sprintf("| %d | %s | %s | %s | %s |\n", i+1, sev, ruleLink(f), code(f.Component), code(f.Location.String()))) {
				break
			}
			tableRows++
		}
		doc.WriteString(table.String())
		details := &section{limit: scale(detailsShare)}
		for i, f := range fs {
			if i == maxDetails || !details.add(finding(i+1, f, worse[f.Fingerprint])) {
				break
			}
			detailed++
		}
		doc.WriteString(details.String())
	}

	changes := &section{limit: scale(changesShare)}
	listed := map[string]int{}
	list := func(name, heading string, n int, items func(yield func(string) bool)) {
		if n == 0 && !opts.ShowFixed {
			return
		}
		changes.add(fmt.Sprintf("\n### %s (%d)\n\n", heading, n))
		if n == 0 {
			changes.add("None.\n")
			return
		}
		items(func(item string) bool {
			if listed[name] == maxRows || !changes.add(item) {
				return false
			}
			listed[name]++
			return true
		})
		if k := n - listed[name]; k > 0 {
			changes.add(fmt.Sprintf("- … and %d more\n", k))
		}
	}
	list("worsened", "Worsened", len(c.Worsened), func(yield func(string) bool) {
		for i := range c.Worsened {
			ch := &c.Worsened[i]
			if !yield(fmt.Sprintf("- %s %s at %s: %s\n", ruleLink(ch.Finding), code(ch.Component), code(ch.Location.String()), esc(clip(strings.TrimPrefix(report.Worse(ch), "Worsened: "), maxText)))) {
				return
			}
		}
	})
	list("improved", "Improved", len(c.Improved), func(yield func(string) bool) {
		for i := range c.Improved {
			ch := &c.Improved[i]
			if !yield(fmt.Sprintf("- %s %s at %s: %s\n", ruleLink(ch.Finding), code(ch.Component), code(ch.Location.String()), esc(clip(strings.TrimPrefix(report.Better(ch), "Improved: "), maxText)))) {
				return
			}
		}
	})
	if opts.ShowFixed {
		list("fixed", "Fixed", len(opts.Fixed), func(yield func(string) bool) {
			for _, f := range opts.Fixed {
				if !yield(fmt.Sprintf("- %s %s: %s (event: %s)\n", ruleLink(f), code(f.Component), esc(clip(f.Message, maxText)), esc(clip(f.Event, 200)))) {
					return
				}
			}
		})
	}
	doc.WriteString(changes.String())

	if diags := c.Diagnostics; len(diags) > 0 {
		doc.WriteString(diagnostics(diags, scale(diagsShare)))
	}

	if left := len(fs) - tableRows; left > 0 || detailed < len(fs) {
		fmt.Fprintf(&doc, "\n---\n**Not shown here:** ")
		if left > 0 {
			fmt.Fprintf(&doc, "%s of %d (the table lists the %d most important: by severity, then entrypoints lost, then blast radius); ",
				analysis.Plural(left, "finding"), len(fs), tableRows)
		}
		if detailed < len(fs) {
			fmt.Fprintf(&doc, "the details of %s (only the first %d are written out). ", analysis.Plural(len(fs)-detailed, "finding"), detailed)
		}
		where := opts.FullList
		if where == "" {
			where = DefaultFullList
		}
		fmt.Fprintf(&doc, "The full list: %s.\n", clip(where, 500))
	}
	_, err := io.WriteString(w, doc.String())
	return err
}

// section collects the items of one part of the comment up to its share of
// the budget.
type section struct {
	strings.Builder
	limit int
	full  bool
}

// add appends item when it fits; once one does not, nothing more is added, so
// that what is shown is always the first items.
func (s *section) add(item string) bool {
	if s.full || s.Len()+len(item) > s.limit {
		s.full = true
		return false
	}
	s.WriteString(item)
	return true
}

// diagnostics lists the first input problems, errors first, and counts the
// rest by summary.
func diagnostics(diags []report.Diagnostic, limit int) string {
	sorted := append([]report.Diagnostic(nil), diags...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Severity == "error" && sorted[j].Severity != "error" })
	sec := &section{limit: limit - 1000}
	sec.add(fmt.Sprintf("\n### Input problems (%d)\n\n", len(diags)))
	shown := 0
	for _, d := range sorted {
		if shown == maxDiags {
			break
		}
		where := ""
		if d.Location != nil {
			where = code(d.Location.String()) + " "
		}
		detail := ""
		if d.Detail != "" {
			detail = ": " + esc(clip(d.Detail, maxText))
		}
		if !sec.add(fmt.Sprintf("- %s**%s** %s%s\n", where, d.Severity, esc(clip(d.Summary, 200)), detail)) {
			break
		}
		shown++
	}
	out := sec.String()
	if rest := sorted[shown:]; len(rest) > 0 {
		type group struct {
			severity, summary string
			n                 int
		}
		var groups []*group
		index := map[[2]string]*group{}
		for _, d := range rest {
			k := [2]string{d.Severity, d.Summary}
			if index[k] == nil {
				index[k] = &group{severity: d.Severity, summary: d.Summary}
				groups = append(groups, index[k])
			}
			index[k].n++
		}
		sort.SliceStable(groups, func(i, j int) bool { return groups[i].n > groups[j].n })
		parts := []string{}
		for i, g := range groups {
			if i == 5 {
				parts = append(parts, fmt.Sprintf("%d of other kinds", len(groups)-5))
				break
			}
			parts = append(parts, fmt.Sprintf("%d × %s %s", g.n, g.severity, esc(clip(g.summary, 80))))
		}
		out += fmt.Sprintf("- … and %d more: %s (all on stderr and in the SARIF and JSON outputs)\n", len(rest), strings.Join(parts, ", "))
	}
	return out
}

func finding(n int, f analysis.Finding, worse *report.Change) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n#### %d. %s %s: %s\n\n", n, f.Severity, ruleLink(f), code(f.Component))
	fmt.Fprintf(&b, "%s\n\n", esc(clip(f.Message, maxText)))
	if worse != nil {
		fmt.Fprintf(&b, "- **worsened:** %s\n", esc(clip(strings.TrimPrefix(report.Worse(worse), "Worsened: "), maxText)))
	}
	if s := f.Suppressed; s != nil {
		where := ""
		if s.Location != nil {
			where = " at " + code(s.Location.String())
		}
		fmt.Fprintf(&b, "- **suppressed** (%s%s): %s\n", s.Kind, where, esc(clip(s.Reason, maxText)))
	}
	fmt.Fprintf(&b, "- **location:** %s\n", code(f.Location.String()))
	fmt.Fprintf(&b, "- **event:** %s\n", esc(clip(f.Event, 200)))
	if len(f.Path) > 0 {
		path := f.Path
		if len(path) > maxListed {
			// The ends say where the failure starts and what it reaches.
			h := maxListed / 2
			path = append(append(path[:h:h], analysis.Elided(len(path)-maxListed)), path[len(path)-(maxListed-h):]...)
		}
		parts := make([]string, len(path))
		for i, id := range path {
			parts[i] = code(id)
		}
		fmt.Fprintf(&b, "- **path:** %s\n", strings.Join(parts, " → "))
	}
	for i, r := range f.Related {
		if i == maxListed {
			fmt.Fprintf(&b, "  - … and %d more\n", len(f.Related)-maxListed)
			break
		}
		fmt.Fprintf(&b, "  - %s at %s\n", esc(clip(r.Message, maxText)), code(r.Location.String()))
	}
	if len(f.BlastRadius) > 0 {
		fmt.Fprintf(&b, "- **blast radius (%d):** %s\n", f.BlastRadiusSize, codeListOf(f.BlastRadius, f.BlastRadiusSize, maxListed))
	}
	if len(f.Unknowns) > 0 {
		fmt.Fprintf(&b, "- **rests on unknowns:** %s\n", esc(clip(strings.Join(f.Unknowns, "; "), maxText)))
	}
	return b.String()
}

// clip cuts s to at most n bytes, at a character boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func ruleLink(f analysis.Finding) string {
	return fmt.Sprintf("[`%s`](%s#%s-%s) %s", f.Rule, RulesURI, strings.ToLower(f.ID), f.Rule, f.ID)
}

// code is s as a code span: a backtick in s would end it early, a line break
// (any control character: report.Visible) would leave it.
func code(s string) string {
	s = clip(report.Visible(s), 300)
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
// written: no line breaks or other control characters (report.Visible), no
// HTML or entities, no emphasis, links or images, no table breaks, no
// mentions.
func esc(s string) string { return mdEscaper.Replace(report.Visible(s)) }

var mdEscaper = strings.NewReplacer(
	"\\", "\\\\", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]", "~", "\\~",
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "|", "\\|", "#", "\\#", "@", "\\@", "!", "\\!",
)
