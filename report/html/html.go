package html

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
	"regexp"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/report"
)

//go:embed report.tmpl
var pageTemplate string

//go:embed style.css
var style string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"css":  func() template.CSS { return template.CSS(style) },
	"join": strings.Join,
	// arrow joins a path, its middle elided when it is long (clipPath).
	"arrow":  func(p []string) string { return strings.Join(clipPath(p), " → ") },
	"plural": analysis.Plural,
	"first": func(n int, s []string) []string {
		if len(s) > n {
			return s[:n]
		}
		return s
	},
	"more": func(n int, s []string) int {
		if len(s) > n {
			return len(s) - n
		}
		return 0
	},
	"pct":  availability.Percent,
	"add1": func(i int) int { return i + 1 },
}).Parse(pageTemplate))

// prolog matches what an inline SVG must not carry: the XML declaration, the
// DOCTYPE and comments.
var prolog = regexp.MustCompile(`(?s)<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->`)

// Render writes the report as one HTML page.
func Render(w io.Writer, r *Report) error {
	svg := strings.TrimSpace(prolog.ReplaceAllString(string(r.Graph), ""))
	var buf bytes.Buffer
	err := page.Execute(&buf, struct {
		*Report
		SVG template.HTML
	}{r, template.HTML(svg)})
	if err != nil {
		return err
	}
	// The template writes no control character: any in the page came from
	// the input, and is made visible wherever the template put it.
	_, err = io.WriteString(w, report.VisibleControls(buf.String()))
	return err
}
