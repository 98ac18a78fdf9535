package text_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/golden"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/report"
	textreport "github.com/faultline-dev/faultline/report/text"
)

// TestGolden renders check (every example) and blast (one domain event) results
// and compares them with testdata/*.golden; -update rewrites them.
func TestGolden(t *testing.T) {
	examples, _ := filepath.Glob("../../examples/*.hcl")
	if len(examples) == 0 {
		t.Fatal("no examples")
	}
	for _, ex := range examples {
		name := strings.TrimSuffix(filepath.Base(ex), ".hcl")
		t.Run(name, func(t *testing.T) {
			m, diags, files := parser.Load([]string{ex})
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := textreport.Render(&buf, report.NewCheck(m, len(files), fs, diags)); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+name+".golden", buf.Bytes())
		})
	}
	t.Run("blast", func(t *testing.T) {
		m, _, _ := parser.Load([]string{"../../examples/roblox-2021.hcl"})
		x := graph.NewIndex(m)
		ev := failure.Event{Kind: failure.DomainOut, Domain: x.DomPos[graph.DomainRef{Type: "rack", Name: "r1"}]}
		var buf bytes.Buffer
		if err := textreport.RenderBlast(&buf, report.NewBlast(x, failure.NewEngine(x).Run(ev))); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "testdata/blast-rack-r1.golden", buf.Bytes())
	})
}
