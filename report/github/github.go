// Package github renders check results as GitHub Actions workflow commands
// (::error file=…,line=…::message), which a workflow run turns into annotations
// on the lines of the pull request's files.
package github

import (
	"fmt"
	"io"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/report"
)

// PerStep is how many annotations of each kind (error, warning, notice) GitHub
// shows for one step: "10 warning annotations, 10 error annotations, and 10
// notice annotations per step; 50 annotations per job (sum of annotations from
// all the steps)", as documented in the Actions toolkit
// (https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations).
// Commands past it are dropped without a word, so Render writes at most this
// many of each kind, and one step's at most 30 stay within the job's 50.
const PerStep = 10

// maxDiagnostics is how many input problems of one kind become annotations
// before the findings; the rest are in the log.
const maxDiagnostics = 3

// Render writes commands for the input problems (a few of each kind first)
// and the unsuppressed findings, most important first (severity, then
// entrypoints lost, then blast radius), at most PerStep of each kind; what
// does not fit is written to the log as plain lines, counted in a last notice
// that says where the full list is, then a summary line. Suppressed findings
// are left out: an annotation is a call to act.
func Render(w io.Writer, c *report.Check) error {
	p := &printer{w: w}
	used := map[string]int{}
	budget := func(cmd string) int {
		if cmd == "notice" {
			return PerStep - 1 // the last one says what was left out
		}
		return PerStep
	}
	var left []string
	diags := 0
	for _, d := range c.Diagnostics {
		cmd := "warning"
		if d.Severity == "error" {
			cmd = "error"
		}
		var loc analysis.Location
		if d.Location != nil {
			loc = *d.Location
		}
		msg := report.Visible(d.Summary)
		if d.Detail != "" {
			msg += ": " + report.Visible(d.Detail)
		}
		if used[cmd] >= maxDiagnostics {
			left = append(left, fmt.Sprintf("%s: %s: %s", report.Visible(where(loc)), d.Severity, msg))
			diags++
			continue
		}
		used[cmd]++
		p.command(cmd, loc, "faultline: "+d.Summary, msg)
	}
	worse := c.WorsenedIndex()
	findings := 0
	for _, f := range report.MostImportantFirst(c.Findings) {
		if f.Suppressed != nil {
			continue
		}
		// The message's own lines are ours; what comes from the input is
		// made visible, so that no name can end a line and start a command.
		msg := report.Visible(f.Message)
		if ch := worse[f.Fingerprint]; ch != nil {
			msg += "\n" + report.Visible(report.Worse(ch))
		}
		msg += "\nEvent: " + report.Visible(f.Event)
		if len(f.Path) > 0 {
			msg += "\nPath: " + report.Visible(strings.Join(f.Path, " -> "))
		}
		cmd := command(f.Severity)
		if used[cmd] >= budget(cmd) {
			left = append(left, fmt.Sprintf("%s: %s: %s [%s %s]", report.Visible(where(f.Location)), f.Severity, report.Visible(f.Message), f.ID, f.Rule))
			findings++
			continue
		}
		used[cmd]++
		p.command(cmd, f.Location, fmt.Sprintf("%s %s", f.ID, f.Rule), msg)
	}
	if len(left) > 0 {
		p.printf("faultline: GitHub shows %d annotations of each kind per step; not annotated, most important first:\n", PerStep)
		for _, l := range left {
			p.printf("  - %s\n", strings.NewReplacer("\r", " ", "\n", " ").Replace(l))
		}
		var parts []string
		if findings > 0 {
			parts = append(parts, analysis.Plural(findings, "finding"))
		}
		if diags > 0 {
			parts = append(parts, analysis.Plural(diags, "input problem"))
		}
		p.command("notice", analysis.Location{}, "faultline: "+strings.Join(parts, " and ")+" not annotated",
			fmt.Sprintf("GitHub shows %d annotations of each kind per step: %s are not annotated. "+
				"The full list: the job log (above), the code-scanning alerts when the SARIF output is uploaded, and --format json.",
				PerStep, strings.Join(parts, " and ")))
	}
	s := c.Summary
	line := fmt.Sprintf("faultline: %s (%s, %s, %d info)", analysis.Plural(s.Findings-s.Suppressed, "finding"),
		analysis.Plural(s.Errors, "error"), analysis.Plural(s.Warnings, "warning"), s.Infos)
	if s.Suppressed > 0 {
		line += fmt.Sprintf("; %d suppressed", s.Suppressed)
	}
	if s.Worsened > 0 {
		line += fmt.Sprintf("; %d worsened", s.Worsened)
	}
	if s.Baselined > 0 {
		line += fmt.Sprintf("; %d in the baseline", s.Baselined)
	}
	p.printf("%s\n", line)
	return p.err
}

// where is file:line:column, or what there is of it.
func where(l analysis.Location) string {
	if l.File == "" {
		return "(no location)"
	}
	return l.String()
}

func command(s analysis.Severity) string {
	switch s {
	case analysis.Error:
		return "error"
	case analysis.Warning:
		return "warning"
	}
	return "notice"
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// command writes ::CMD file=…,line=…,col=…,endLine=…,endColumn=…,title=…::MESSAGE.
func (p *printer) command(cmd string, l analysis.Location, title, msg string) {
	var props []string
	if l.File != "" && !strings.HasPrefix(l.File, "<") {
		props = append(props, "file="+escapeProperty(report.Visible(l.File)))
		if l.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", l.Line))
			if l.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", l.Column))
			}
			if l.EndLine >= l.Line && l.EndColumn > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", l.EndLine), fmt.Sprintf("endColumn=%d", l.EndColumn))
			}
		}
	}
	props = append(props, "title="+escapeProperty(report.Visible(title)))
	p.printf("::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(msg))
}

// escapeData escapes a command's message as the Actions toolkit does.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
