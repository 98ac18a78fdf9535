package retryamplification_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/retryamplification"
	"github.com/faultline-dev/faultline/graph"
)

// TestLongChainOneFinding: a chain of 150 hops with 2 retries each once
// multiplied to +Inf and reported 17 components ("+Inf attempts"). The
// product is kept as a sum of logarithms: one finding, at the end of the
// chain, with a finite figure.
func TestLongChainOneFinding(t *testing.T) {
	const n = 150
	b := graph.NewBuilder()
	rng := hcl.Range{Filename: "c.hcl", Start: hcl.Pos{Line: 1, Column: 1}, End: hcl.Pos{Line: 1, Column: 2}}
	for i := 0; i < n; i++ {
		b.AddComponent(&graph.Component{ID: fmt.Sprintf("c%d", i), Kind: "service", Replicas: 2, Quorum: 1, Range: rng, Entrypoint: i == 0})
		if i > 0 {
			b.AddDependency(graph.Dependency{From: fmt.Sprintf("c%d", i-1), To: fmt.Sprintf("c%d", i), Kind: graph.Requires, Group: -1, Range: rng,
				Call: &graph.Call{Retries: 2, Range: rng}})
		}
	}
	m, diags := b.Build()
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	fs, err := analysis.Run(m, []*analysis.Analyzer{retryamplification.Analyzer}, analysis.Options{Now: analysistest.Now, RetryThreshold: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 {
		t.Fatalf("%d findings, want 1", len(fs))
	}
	if f := fs[0]; f.Component != fmt.Sprintf("c%d", n-1) || strings.Contains(f.Message, "Inf") || !strings.Contains(f.Message, "about 10^71 attempts") {
		t.Errorf("finding: %s: %s", f.Component, f.Message)
	}
}
