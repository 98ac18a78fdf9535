package html_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
	"github.com/faultline-dev/faultline/report"
	htmlreport "github.com/faultline-dev/faultline/report/html"
	"github.com/hashicorp/hcl/v2"
)

// TestChainPageBounded: the report of a chain of 3,000 components once wrote
// 272 MB of HTML in 2.9 GB (every event's blast radius and every path, in
// full: the square of the chain). The page lists a bounded number of each and
// says how many more there are.
func TestChainPageBounded(t *testing.T) {
	const n = 3000
	b := graph.NewBuilder()
	rng := hcl.Range{Filename: "chain.hcl", Start: hcl.Pos{Line: 1, Column: 1}, End: hcl.Pos{Line: 1, Column: 2}}
	for i := 0; i < n; i++ {
		b.AddComponent(&graph.Component{ID: fmt.Sprintf("c%d", i), Kind: "service", Replicas: 1, Quorum: 1, Range: rng})
		if i > 0 {
			b.AddDependency(graph.Dependency{From: fmt.Sprintf("c%d", i), To: fmt.Sprintf("c%d", i-1), Kind: graph.Requires, Group: -1, Range: rng})
		}
	}
	m, diags := b.Build()
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	start := cputime.Used()
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now, BlastLimit: 100})
	if err != nil {
		t.Fatal(err)
	}
	r := htmlreport.NewReport(m, failure.Compute(graph.NewIndex(m)), report.NewCheck(m, 1, fs, nil), nil)
	var buf bytes.Buffer
	if err := htmlreport.Render(&buf, r); err != nil {
		t.Fatal(err)
	}
	if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
		t.Errorf("took %v", d)
	}
	if buf.Len() > 8<<20 {
		t.Errorf("the page is %d bytes", buf.Len())
	}
	for _, want := range []string{"(3000 in all)", "more event", "more instance"} {
		if !bytes.Contains(buf.Bytes(), []byte(want)) {
			t.Errorf("the page does not say %q", want)
		}
	}
}
