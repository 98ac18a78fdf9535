package markdown_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

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
