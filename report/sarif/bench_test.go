package sarif_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/report"
	"github.com/faultline-dev/faultline/report/sarif"
)

// benchComponents is the size of the generated architecture whose check result
// the benchmark renders.
const benchComponents = 10000

// benchCheck loads a generated native-format architecture (internal/synth, 1,000
// components a file), runs the catalog and availability as faultline check
// does, and assembles its check result.
func benchCheck(b *testing.B) *report.Check {
	b.Helper()
	dir := b.TempDir()
	if _, err := synth.NativeFiles(dir, synth.NativeOptions{Components: benchComponents, Files: benchComponents / 1000}); err != nil {
		b.Fatal(err)
	}
	m, diags, files := parser.Load([]string{dir})
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	opts := analysis.Options{Now: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), BlastLimit: 100}
	findings, results, err := analysis.RunAll(m, append(catalog.Analyzers(), availability.Analyzer), opts)
	if err != nil {
		b.Fatal(err)
	}
	analysis.SetFingerprints(findings)
	c := report.NewCheck(m, len(files), findings, diags)
	c.SetAvailability(results[availability.Analyzer].(*availability.Result))
	return c
}

// BenchmarkRender renders the SARIF log of a generated 10,000-component
// architecture's check result (its planted findings and availability estimates).
func BenchmarkRender(b *testing.B) {
	c := benchCheck(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := sarif.RenderWith(&buf, c, sarif.Options{ToolVersion: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "out-bytes")
	b.ReportMetric(float64(len(c.Findings)), "findings")
}
