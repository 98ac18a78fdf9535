package markdown_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/internal/golden"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/report"
	"github.com/faultline-dev/faultline/report/markdown"
)

// TestGolden renders every example, a suppressed finding and a broken input,
// and compares each with testdata/NAME.md; -update rewrites them.
func TestGolden(t *testing.T) {
	examples, _ := filepath.Glob("../../examples/*.hcl")
	examples = append(examples, "../../testdata/suppressed.hcl", "../../testdata/broken.hcl")
	for _, ex := range examples {
		name := strings.TrimSuffix(filepath.Base(ex), ".hcl")
		t.Run(name, func(t *testing.T) {
			m, diags, read := parser.Load([]string{ex})
			fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
			if err != nil {
				t.Fatal(err)
			}
			if name == "suppressed" {
				l := analysis.Location{File: ex, Line: 1, Column: 3, EndLine: 1, EndColumn: 78}
				fs[0].Suppressed = &analysis.Suppression{Kind: "comment", Reason: "a test database", Location: &l}
			}
			var buf bytes.Buffer
			if err := markdown.Render(&buf, report.NewCheck(m, len(read), fs, diags)); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+name+".md", buf.Bytes())
		})
	}
}

// manyFindings returns n findings of every severity with growing reaches,
// in file order (the order a check sorts them in), long enough that all of
// them written out would be megabytes.
func manyFindings(n int) []analysis.Finding {
	sevs := []analysis.Severity{analysis.Info, analysis.Warning, analysis.Error}
	fs := make([]analysis.Finding, n)
	for i := range fs {
		id := fmt.Sprintf("k8s/Deployment/shop/service-%04d", i)
		var eps, blast, path []string
		for k := 0; k < i%7; k++ {
			eps = append(eps, fmt.Sprintf("k8s/Service/shop/entry-%d", k))
		}
		for k := 0; k < 40; k++ {
			blast = append(blast, fmt.Sprintf("k8s/Deployment/shop/dependent-%04d-%02d", i, k))
			path = append(path, fmt.Sprintf("k8s/Deployment/shop/hop-%02d", k))
		}
		fs[i] = analysis.Finding{
			Rule: "spof", ID: "FL001", Severity: sevs[i%3], Component: id,
			Message:  id + " is a single point of failure: " + strings.Repeat("it takes down a lot; ", 20),
			Location: analysis.Location{File: "manifests/shop.yaml", Line: i + 1, Column: 9},
			Event:    "instance of " + id, BlastRadius: blast, BlastRadiusSize: 40 + i%11, Path: path,
			Entrypoints: eps, Fingerprint: analysis.Fingerprint("spof", id, "instance of "+id),
		}
	}
	return fs
}

// TestGitHubCommentLimit renders 5,000 findings and 5,000 input problems: the
// comment fits GitHub's limit, lists the most important first (severity, then
// entrypoints lost, then blast radius), and says how many were left out and
// where the full list is.
func TestGitHubCommentLimit(t *testing.T) {
	const n = 5000
	fs := manyFindings(n)
	var diags hcl.Diagnostics
	for i := 0; i < n; i++ {
		summary := "Unknown service"
		if i%10 == 0 {
			summary = "Invalid YAML"
		}
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: strings.Repeat("why ", 100),
			Subject: &hcl.Range{Filename: "manifests/shop.yaml", Start: hcl.Pos{Line: i + 1, Column: 1}, End: hcl.Pos{Line: i + 1, Column: 5}}})
	}
	c := report.NewCheck(nil, 1, fs, diags)
	var buf bytes.Buffer
	if err := markdown.RenderWith(&buf, c, markdown.Options{FullList: "the artifact faultline-results"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if got := utf8.RuneCountInString(out); got > markdown.MaxComment || len(out) > markdown.DefaultBudget {
		t.Fatalf("the comment has %d characters (%d bytes); GitHub takes at most %d", got, len(out), markdown.MaxComment)
	}
	// Table rows: "| N | severity | …": most severe first, and within a
	// severity the most entrypoints lost, then the largest blast radius.
	rows := regexp.MustCompile(`(?m)^\| (\d+) \| (\w+) \| .* \| `+"`"+`(k8s/Deployment/shop/service-\d+)`+"`"+` \|`).FindAllStringSubmatch(out, -1)
	if len(rows) < 50 {
		t.Fatalf("the table lists %d findings; want the first 100 or as many as fit", len(rows))
	}
	byID := map[string]analysis.Finding{}
	for _, f := range fs {
		byID[f.Component] = f
	}
	rank := func(f analysis.Finding) [3]int {
		r := report.ReachOf(f)
		return [3]int{f.Severity.Rank(), r.EntrypointsLost, r.BlastRadiusSize}
	}
	for i, r := range rows {
		f := byID[r[3]]
		if f.Severity != analysis.Error {
			t.Fatalf("row %d is a %s; there are %d errors to list first", i+1, f.Severity, n/3)
		}
		if i > 0 {
			prev, cur := rank(byID[rows[i-1][3]]), rank(f)
			if cur[1] > prev[1] || cur[1] == prev[1] && cur[2] > prev[2] {
				t.Fatalf("row %d (%v) ranks above row %d (%v)", i+1, cur, i, prev)
			}
		}
	}
	if first := byID[rows[0][3]]; len(first.Entrypoints) != 6 {
		t.Errorf("the first row loses %d entrypoints; the most any finding loses is 6", len(first.Entrypoints))
	}
	want := fmt.Sprintf("**Not shown here:** %d findings of %d (the table lists the %d most important", n-len(rows), n, len(rows))
	if !strings.Contains(out, want) {
		t.Errorf("the comment does not say %q:\n%s", want, out[len(out)-2000:])
	}
	if !strings.Contains(out, "The full list: the artifact faultline-results.") {
		t.Errorf("the comment does not say where the full list is")
	}
	// Input problems: a few listed, the rest counted by kind.
	if got := strings.Count(out, "- `manifests/shop.yaml:"); got != 5 {
		t.Errorf("%d input problems listed one by one; want 5", got)
	}
	if !strings.Contains(out, "- … and 4995 more: 4496 × warning Unknown service, 499 × warning Invalid YAML") {
		t.Errorf("the input problems past the first few are not counted by kind:\n%s", out[strings.Index(out, "### Input problems"):])
	}
}

// TestWithinBudget: whatever the budget, the rendering keeps to it.
func TestWithinBudget(t *testing.T) {
	c := report.NewCheck(nil, 1, manyFindings(800), nil)
	for _, budget := range []int{20000, 30000, markdown.DefaultBudget, markdown.MaxComment} {
		var buf bytes.Buffer
		if err := markdown.RenderWith(&buf, c, markdown.Options{Budget: budget}); err != nil {
			t.Fatal(err)
		}
		if buf.Len() > budget {
			t.Errorf("budget %d: %d bytes", budget, buf.Len())
		}
		if !strings.Contains(buf.String(), "**Not shown here:**") {
			t.Errorf("budget %d: nothing says what was left out", budget)
		}
	}
}
