// Package benchdata builds the inputs that the renderers' benchmarks share: the
// check result of a generated architecture, as faultline check assembles it.
package benchdata

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"

	hcl "github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/report"
)

// Components is the size of the generated architecture the renderers render.
const Components = 10000

// Now is the fixed analysis time of the benchmarks (cert-expiry and the
// ignores depend on it).
var Now = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// Model loads a generated native-format architecture of n components
// (internal/synth, 1,000 components a file) and returns the model, the
// diagnostics and how many files were read.
func Model(b testing.TB, n int) (*graph.Model, hcl.Diagnostics, int) {
	b.Helper()
	dir := b.TempDir()
	if _, err := synth.NativeFiles(dir, synth.NativeOptions{Components: n, Files: max(1, n/1000)}); err != nil {
		b.Fatal(err)
	}
	m, diags, files := parser.Load([]string{dir})
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	return m, diags, len(files)
}

// FileModel loads the input named by FAULTLINE_BENCH_INPUT (a file or a
// directory, e.g. gen --shape regional's output) for the benchmarks that
// measure a given input, or skips the benchmark when it is not set.
func FileModel(b *testing.B) *graph.Model {
	b.Helper()
	in := os.Getenv("FAULTLINE_BENCH_INPUT")
	if in == "" {
		b.Skip("FAULTLINE_BENCH_INPUT is not set")
	}
	m, diags, _ := parser.Load([]string{in})
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	return m
}

// Check loads a generated native-format architecture of n components (Model),
// runs the catalog and the availability estimate as faultline check does, and
// assembles its result.
func Check(b testing.TB, n int) *report.Check {
	b.Helper()
	m, diags, files := Model(b, n)
	opts := analysis.Options{Now: Now, BlastLimit: 100}
	findings, results, err := analysis.RunAll(m, append(catalog.Analyzers(), availability.Analyzer), opts)
	if err != nil {
		b.Fatal(err)
	}
	analysis.SetFingerprints(findings)
	c := report.NewCheck(m, files, findings, diags)
	c.SetAvailability(results[availability.Analyzer].(*availability.Result))
	return c
}

// Render times render over the check result of a generated architecture of
// Components components (its planted findings and availability estimates).
func Render(b *testing.B, render func(io.Writer, *report.Check) error) {
	c := Check(b, Components)
	var buf bytes.Buffer
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := render(&buf, c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "out-bytes")
	b.ReportMetric(float64(len(c.Findings)), "findings")
}
