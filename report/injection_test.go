package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/report"
	githubreport "github.com/faultline-dev/faultline/report/github"
	"github.com/faultline-dev/faultline/report/graphviz"
	htmlreport "github.com/faultline-dev/faultline/report/html"
	jsonreport "github.com/faultline-dev/faultline/report/json"
	"github.com/faultline-dev/faultline/report/markdown"
	"github.com/faultline-dev/faultline/report/sarif"
	"github.com/faultline-dev/faultline/report/text"
	"github.com/hashicorp/hcl/v2"
)

// hostileNames are component names, file names and diagnostic texts that try
// to break out of where a renderer puts them: every C0 control (NUL included),
// DEL, a C1 control, CR/LF, a Markdown heading and image, backticks, table
// pipes, HTML, a GitHub "::" workflow command, and "web" beside "web\r".
func hostileNames() []string {
	names := []string{
		"web", "web\r",
		"db\n## heading\n![x](https://evil.example/x.png)",
		"a`b``c", "a|b|c", "<img src=x onerror=alert(1)>", "&lt;b&gt;",
		"x\n::error file=a.tf,line=1::pwned\n::add-mask::y",
		"x\r\n::set-output name=a::b", "line\u2028sep\u0085nel", "bad\xffutf8",
	}
	for c := 0; c < 0x20; c++ {
		names = append(names, fmt.Sprintf("c%02x%cend", c, rune(c)))
	}
	return append(names, "del\x7fend")
}

// hostileModel is one single-instance database that every hostile component
// requires, declared in a file whose name is hostile too: every name appears
// in a finding's component, message, path and blast radius.
func hostileModel(t *testing.T) (*graph.Model, []analysis.Finding, hcl.Diagnostics) {
	t.Helper()
	file := "dir\n## file`|<b>::warning::x.hcl"
	rng := func(line int) hcl.Range {
		return hcl.Range{Filename: file, Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 5}}
	}
	b := graph.NewBuilder()
	names := hostileNames()
	b.AddComponent(&graph.Component{ID: "db\r\n# x", Kind: "database", Replicas: 1, Quorum: 1, Range: rng(1)})
	for i, n := range names {
		if d := b.AddComponent(&graph.Component{ID: n, Kind: "service", Replicas: 1, Quorum: 1, Range: rng(i + 2), Entrypoint: true}); d.HasErrors() {
			t.Fatal(d.Error())
		}
		b.AddDependency(graph.Dependency{From: n, To: "db\r\n# x", Kind: graph.Requires, Group: -1, Range: rng(i + 2)})
	}
	m, diags := b.Build()
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) < len(names) {
		t.Fatalf("%d findings, want one per hostile component at least", len(fs))
	}
	diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Bad\n## input", Detail: "value \"x\n::error::y`|<i>\x00\"", Subject: ptr(rng(1))})
	return m, fs, diags
}

func ptr(r hcl.Range) *hcl.Range { return &r }

// rawControl finds a control character other than a newline (and a tab,
// which only the JSON encoder writes, escaped).
var rawControl = regexp.MustCompile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u2028\u2029]")

// TestRenderersEscapeInput renders the hostile model in every format and
// checks that no input text escapes its place.
func TestRenderersEscapeInput(t *testing.T) {
	m, fs, diags := hostileModel(t)
	c := report.NewCheck(m, 1, fs, diags)
	render := func(t *testing.T, f func(io.Writer, *report.Check) error) string {
		var buf bytes.Buffer
		if err := f(&buf, c); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if loc := rawControl.FindStringIndex(out); loc != nil {
			t.Fatalf("raw control character %q at byte %d: …%q…", out[loc[0]:loc[1]], loc[0], out[max(0, loc[0]-40):min(len(out), loc[1]+40)])
		}
		return out
	}
	noLineStarts := func(t *testing.T, out string, bad ...string) {
		for i, line := range strings.Split(out, "\n") {
			for _, b := range bad {
				if strings.HasPrefix(line, b) {
					t.Errorf("line %d starts with %q: %q", i+1, b, line)
				}
			}
		}
	}
	t.Run("text", func(t *testing.T) {
		out := render(t, text.Render)
		noLineStarts(t, out, "::", "#", "!")
		if !strings.Contains(out, `web\r`) {
			t.Error(`"web\r" is not shown as such`)
		}
	})
	t.Run("markdown", func(t *testing.T) {
		out := render(t, markdown.Render)
		for i, line := range strings.Split(out, "\n") {
			switch {
			case strings.HasPrefix(line, "#") && !regexp.MustCompile(`^(## faultline|### Input problems \(\d+\)|#### \d+\. (error|warning|info) )`).MatchString(line):
				t.Errorf("line %d is a heading of the input's: %q", i+1, line)
			case strings.HasPrefix(line, "::"), strings.HasPrefix(line, "!"):
				t.Errorf("line %d: %q", i+1, line)
			case strings.HasPrefix(line, "|"):
				// Every table row has its six cell borders, no more.
				if n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)); n != 6 {
					t.Errorf("line %d has %d unescaped pipes: %q", i+1, n, line)
				}
			}
		}
		// Outside code spans (which show their text as it is), no HTML, no
		// image, no entity of the input's.
		prose := regexp.MustCompile("`[^`]*`").ReplaceAllString(strings.ReplaceAll(out, "\\`", ""), "")
		for _, bad := range []string{"<img", "![x]", "&lt;b&gt;"} {
			if strings.Contains(prose, bad) {
				t.Errorf("the Markdown holds %q raw outside a code span", bad)
			}
		}
		// Code spans: an odd number of backticks on a line would leave one open.
		for i, line := range strings.Split(out, "\n") {
			if strings.Count(strings.ReplaceAll(line, "\\`", ""), "`")%2 != 0 {
				t.Errorf("line %d leaves a code span open: %q", i+1, line)
			}
		}
	})
	t.Run("github", func(t *testing.T) {
		out := render(t, githubreport.Render)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		commands, logged, notices := 0, 0, 0
		for i, line := range lines {
			switch {
			case regexp.MustCompile(`^::(error|warning|notice) [^:]*::`).MatchString(line):
				commands++
				if strings.HasPrefix(line, "::notice title=faultline") {
					notices++ // the count of what was not annotated
				}
			case strings.HasPrefix(line, "  - ") && !strings.HasPrefix(strings.TrimSpace(line), "::"):
				logged++ // past GitHub's annotations per step, listed in the log
			case strings.HasPrefix(line, "faultline: ") && (i == len(lines)-1 || strings.HasPrefix(line, "faultline: GitHub shows")):
			default:
				t.Errorf("line %d is not one of ours: %q", i+1, line)
			}
		}
		if want := len(fs) + len(c.Diagnostics); commands-notices+logged != want {
			t.Errorf("%d commands and %d lines in the log, want %d (one per finding and diagnostic)", commands-notices, logged, want)
		}
	})
	for name, f := range map[string]func(io.Writer, *report.Check) error{"json": jsonreport.Render, "sarif": sarif.Render} {
		t.Run(name, func(t *testing.T) {
			out := render(t, f)
			if !json.Valid([]byte(out)) {
				t.Fatal("not valid JSON")
			}
			for _, n := range []string{"web\r", "a|b|c"} {
				enc, _ := json.Marshal(n)
				if !strings.Contains(out, string(enc)) {
					t.Errorf("%s not found as %s", n, enc)
				}
			}
		})
	}
	v, err := graphviz.NewGraph(m, fs, graphviz.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("dot", func(t *testing.T) {
		var buf bytes.Buffer
		if err := graphviz.WriteDOT(&buf, v); err != nil {
			t.Fatal(err)
		}
		if loc := rawControl.FindIndex(buf.Bytes()); loc != nil {
			t.Fatalf("raw control character in the DOT at byte %d", loc[0])
		}
	})
	t.Run("svg", func(t *testing.T) {
		svg, err := graphviz.SVGBytes(v)
		if err != nil {
			t.Fatal(err)
		}
		if loc := rawControl.FindIndex(svg); loc != nil {
			t.Fatalf("raw control character in the SVG at byte %d", loc[0])
		}
		d := xml.NewDecoder(bytes.NewReader(svg))
		d.Strict = true
		d.Entity = xml.HTMLEntity
		nodes := map[string]bool{}
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("the SVG is not well-formed XML: %v", err)
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "g" {
				var id, class string
				for _, a := range se.Attr {
					switch a.Name.Local {
					case "id":
						id = a.Value
					case "class":
						class = a.Value
					}
				}
				if strings.Contains(" "+class+" ", " node ") {
					nodes[id] = true
				}
			}
		}
		// One node per component: "web" and "web\r" are two.
		if len(nodes) != len(m.IDs) {
			t.Errorf("%d nodes drawn, want %d", len(nodes), len(m.IDs))
		}
	})
	t.Run("html", func(t *testing.T) {
		svg, err := graphviz.SVGBytes(v)
		if err != nil {
			t.Fatal(err)
		}
		r := htmlreport.NewReport(m, failure.Compute(graph.NewIndex(m)), c, nil)
		r.Graph = svg
		var buf bytes.Buffer
		if err := htmlreport.Render(&buf, r); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if loc := rawControl.FindStringIndex(out); loc != nil {
			t.Fatalf("raw control character %q in the HTML: …%q…", out[loc[0]:loc[1]], out[max(0, loc[0]-60):min(len(out), loc[1]+60)])
		}
		if strings.Contains(out, "<img src=x") {
			t.Error("the HTML holds the input's <img> raw")
		}
	})
}
