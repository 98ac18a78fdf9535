package json_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/internal/benchdata"
	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/report"
	"github.com/faultline-dev/faultline/report/json"
)

// BenchmarkRender renders the JSON report of a generated 10,000-component architecture's
// check result.
func BenchmarkRender(b *testing.B) { benchdata.Render(b, json.Render) }

// BenchmarkRenderRegional renders the check result of a generated
// 20,000-component architecture of the regional shape (about 3,900
// findings, most of a region's shared-domain findings listing the same
// blast radius) in each JSON form.
func BenchmarkRenderRegional(b *testing.B) {
	gen := filepath.Join(b.TempDir(), "regional.hcl")
	var src bytes.Buffer
	if _, err := synth.Native(&src, synth.NativeOptions{Components: 20000, Shape: synth.Regional}); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(gen, src.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	m, diags, files := parser.Load([]string{gen})
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now, BlastLimit: 100})
	if err != nil {
		b.Fatal(err)
	}
	c := report.NewCheck(m, len(files), fs, diags)
	for _, form := range []struct {
		name   string
		render func(io.Writer, *report.Check) error
	}{{"json", json.Render}, {"json-compact", json.RenderCompact}} {
		b.Run(form.name, func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := form.render(&buf, c); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "out-bytes")
			b.ReportMetric(float64(len(fs)), "findings")
		})
	}
}
