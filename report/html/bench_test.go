package html_test

import (
	"bytes"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/benchdata"
	"github.com/faultline-dev/faultline/report"
	"github.com/faultline-dev/faultline/report/graphviz"
	htmlreport "github.com/faultline-dev/faultline/report/html"
)

// benchComponents is the size of the generated architecture whose report the
// benchmark renders.
const benchComponents = 10000

// benchInput is what faultline report computes before it assembles the page.
type benchInput struct {
	m       *graph.Model
	res     *failure.Results
	check   *report.Check
	rules   []*analysis.Rule
	avail   *availability.Result
	svg     []byte
	svgNote string
}

// newBenchInput loads a generated native-format architecture (internal/synth,
// 1,000 components a file), runs the catalog and availability, computes the
// failure pass and lays out the default (summary) graph, as faultline report
// does; the double-failure pairs (seconds at this size) are left out.
func newBenchInput(b *testing.B) *benchInput {
	b.Helper()
	m, diags, files := benchdata.Model(b, benchComponents)
	analyzers := catalog.Analyzers()
	findings, results, err := analysis.RunAll(m, append(analyzers, availability.Analyzer), analysis.Options{Now: benchdata.Now})
	if err != nil {
		b.Fatal(err)
	}
	v, err := graphviz.NewGraph(m, findings, graphviz.Options{Cluster: "auto"})
	if err != nil {
		b.Fatal(err)
	}
	svg, err := graphviz.SVGBytes(v)
	if err != nil {
		b.Fatal(err)
	}
	in := &benchInput{m: m, res: failure.Compute(graph.NewIndex(m)), check: report.NewCheck(m, files, findings, diags),
		avail: results[availability.Analyzer].(*availability.Result), svg: svg, svgNote: v.Note}
	for _, a := range analyzers {
		in.rules = append(in.rules, a.Rule)
	}
	return in
}

// BenchmarkRender assembles (NewReport: the ranking of every failure event, the
// causes of each entrypoint) and renders the HTML report of a generated
// 10,000-component architecture. The graph's layout is not timed
// (report/graphviz BenchmarkSVG).
func BenchmarkRender(b *testing.B) {
	in := newBenchInput(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := htmlreport.NewReport(in.m, in.res, in.check, in.rules)
		for _, e := range in.avail.Estimates {
			r.Availability = append(r.Availability, htmlreport.Availability{Entrypoint: e.Component, Value: e.Estimate, Method: e.Method, Low: e.Low, High: e.High, SLO: e.SLO})
		}
		r.Title, r.Inputs, r.Version = "Architecture review: bench", []string{"bench"}, "bench"
		r.Graph, r.GraphNote = in.svg, in.svgNote
		buf.Reset()
		if err := htmlreport.Render(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "out-bytes")
	b.ReportMetric(float64(len(in.check.Findings)), "findings")
}
