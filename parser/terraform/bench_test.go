package terraform_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/faultline-dev/faultline/parser"
)

// BenchmarkTerraformRepository loads and analyzes a generated repository of
// 5,000 resource instances in 50 files (root modules calling three shared
// modules, count and for_each), as `faultline check DIR` does. The 100,000-
// resource figure is scripts/bench-terraform.sh's (docs/PERFORMANCE.md).
func BenchmarkTerraformRepository(b *testing.B) {
	dir := b.TempDir()
	st, err := synth.Terraform(dir, synth.TerraformOptions{Resources: 5000, Files: 50})
	if err != nil {
		b.Fatal(err)
	}
	want := st.SingleNAT + st.SingleAZDatabases
	b.ReportAllocs()
	for b.Loop() {
		m, diags, _ := parser.Load([]string{dir})
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		findings, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
		if err != nil {
			b.Fatal(err)
		}
		spofs := 0
		for _, f := range findings {
			if f.Rule == "spof" {
				spofs++
			}
		}
		if spofs != want {
			b.Fatalf("%d spof findings, want the %d planted (%+v)", spofs, want, st)
		}
	}
}
