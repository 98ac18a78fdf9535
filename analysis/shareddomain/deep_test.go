package shareddomain_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
)

// TestTenThousandNestedDomains: a chain of 10,000 nested domains once took
// 40 s (every domain's closure, and the check of every domain's parents,
// walked the chain below or above it). It is now linear; the finding is the
// same: the smallest domain that holds both instances.
func TestTenThousandNestedDomains(t *testing.T) {
	const n = 10000
	start := cputime.Used()
	b := graph.NewBuilder()
	rng := hcl.Range{Filename: "d.hcl", Start: hcl.Pos{Line: 1, Column: 1}, End: hcl.Pos{Line: 1, Column: 2}}
	for i := 0; i < n; i++ {
		d := graph.Domain{Ref: graph.DomainRef{Type: "zone", Name: fmt.Sprintf("d%d", i)}, Range: rng}
		if i > 0 {
			p := graph.DomainRef{Type: "zone", Name: fmt.Sprintf("d%d", i-1)}
			d.Parent, d.ParentRng = &p, rng
		}
		b.AddDomain(d)
	}
	b.AddComponent(&graph.Component{ID: "component.a", Kind: "service", Replicas: 2, Quorum: 1, Range: rng,
		Placement: map[string][]string{"zone": {fmt.Sprintf("d%d", n-1), fmt.Sprintf("d%d", n-2)}}})
	m, diags := b.Build()
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
	if err != nil {
		t.Fatal(err)
	}
	if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
		t.Errorf("took %v", d)
	}
	if len(fs) != 1 || fs[0].Rule != "shared-domain" || fs[0].Event != fmt.Sprintf("zone=d%d", n-2) {
		for _, f := range fs {
			t.Log(f.Rule, f.Event)
		}
		t.Errorf("want one shared-domain finding at zone=d%d", n-2)
	}
}
