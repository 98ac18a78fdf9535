package certexpiry_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/certexpiry"
	"github.com/faultline-dev/faultline/graph"
)

// TestFarExpiry: a certificate renewed by hand that expires on 9999-12-31 was
// "in 106751 days" (time.Duration saturates at 292 years).
func TestFarExpiry(t *testing.T) {
	no := false
	rng := hcl.Range{Filename: "c.hcl", Start: hcl.Pos{Line: 1, Column: 1}, End: hcl.Pos{Line: 1, Column: 2}}
	b := graph.NewBuilder()
	b.AddComponent(&graph.Component{ID: "cert", Kind: "certificate", Replicas: 1, Quorum: 1, Range: rng,
		Expires: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), AutoRenew: &no})
	m, diags := b.Build()
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fs, err := analysis.Run(m, []*analysis.Analyzer{certexpiry.Analyzer}, analysis.Options{Now: now, CertWarningDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	want := "in 2912442 days" // from 2026-01-01 to 9999-12-31
	if len(fs) != 1 || !strings.Contains(fs[0].Message, want) {
		for _, f := range fs {
			t.Log(f.Message)
		}
		t.Errorf("want one finding %q", want)
	}
}
