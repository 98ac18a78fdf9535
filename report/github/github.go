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

// Render writes one command per unsuppressed finding and per input diagnostic,
// then a summary line. Suppressed findings are left out: an annotation is a
// call to act.
func Render(w io.Writer, c *report.Check) error {
	p := &printer{w: w}
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
		p.command(cmd, loc, "faultline: "+d.Summary, msg)
	}
	for _, f := range c.Findings {
		if f.Suppressed != nil {
			continue
		}
		// The message's own lines are ours; what comes from the input is
		// made visible, so that no name can end a line and start a command.
		msg := report.Visible(f.Message) + "\nEvent: " + report.Visible(f.Event)
		if len(f.Path) > 0 {
			msg += "\nPath: " + report.Visible(strings.Join(f.Path, " -> "))
		}
		p.command(command(f.Severity), f.Location, fmt.Sprintf("%s %s", f.ID, f.Rule), msg)
	}
	s := c.Summary
	line := fmt.Sprintf("faultline: %s (%s, %s, %d info)", analysis.Plural(s.Findings-s.Suppressed, "finding"),
		analysis.Plural(s.Errors, "error"), analysis.Plural(s.Warnings, "warning"), s.Infos)
	if s.Suppressed > 0 {
		line += fmt.Sprintf("; %d suppressed", s.Suppressed)
	}
	if s.Baselined > 0 {
		line += fmt.Sprintf("; %d in the baseline", s.Baselined)
	}
	p.printf("%s\n", line)
	return p.err
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
