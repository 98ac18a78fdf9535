package graphviz_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/benchdata"
	"github.com/faultline-dev/faultline/report/graphviz"
)

// benchInput loads a generated native-format architecture of n components
// (internal/synth, at most 1,000 components a file) and its catalog findings.
func benchInput(b *testing.B, n int) (*graph.Model, []analysis.Finding) {
	b.Helper()
	m, _, _ := benchdata.Model(b, n)
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: benchdata.Now})
	if err != nil {
		b.Fatal(err)
	}
	return m, fs
}

// benchViews are the views drawn: the default view of a 10,000-component
// architecture (above DefaultMaxNodes it is the summary: the components whose
// failure downs an entrypoint and what they down), as faultline graph and
// report draw it, and the full graph of a 1,000-component one (sfdp).
var benchViews = []struct {
	name       string
	components int
	maxNodes   int
}{
	{"summary/components=10000", 10000, 0},
	{"full/components=1000", 1000, -1},
}

// BenchmarkDOT times building the view and writing it as DOT (no layout).
func BenchmarkDOT(b *testing.B) {
	for _, bv := range append(benchViews, struct {
		name       string
		components int
		maxNodes   int
	}{"full/components=10000", 10000, -1}) {
		b.Run(bv.name, func(b *testing.B) {
			m, fs := benchInput(b, bv.components)
			var buf bytes.Buffer
			nodes := 0
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				v, err := graphviz.NewGraph(m, fs, graphviz.Options{MaxNodes: bv.maxNodes, Cluster: "auto"})
				if err != nil {
					b.Fatal(err)
				}
				buf.Reset()
				if err := graphviz.WriteDOT(&buf, v); err != nil {
					b.Fatal(err)
				}
				nodes = len(v.Nodes)
			}
			b.ReportMetric(float64(nodes), "nodes")
			b.ReportMetric(float64(buf.Len()), "out-bytes")
		})
	}
}

// BenchmarkSVG times building the view and laying it out to SVG with the
// embedded Graphviz (WebAssembly). The engine is started, and its module
// compiled, before the timer.
func BenchmarkSVG(b *testing.B) {
	for _, bv := range benchViews {
		b.Run(bv.name, func(b *testing.B) {
			m, fs := benchInput(b, bv.components)
			warmUp(b)
			var svg []byte
			nodes := 0
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				v, err := graphviz.NewGraph(m, fs, graphviz.Options{MaxNodes: bv.maxNodes, Cluster: "auto"})
				if err != nil {
					b.Fatal(err)
				}
				if svg, err = graphviz.SVGBytes(v); err != nil {
					b.Fatal(err)
				}
				nodes = len(v.Nodes)
			}
			b.ReportMetric(float64(nodes), "nodes")
			b.ReportMetric(float64(len(svg)), "out-bytes")
		})
	}
}

// warmUp lays out a tiny graph so that starting the WebAssembly engine is not
// timed.
func warmUp(b *testing.B) {
	b.Helper()
	m, fs := benchInput(b, 10)
	v, err := graphviz.NewGraph(m, fs, graphviz.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := graphviz.SVGBytes(v); err != nil {
		b.Fatal(fmt.Errorf("warm-up: %w", err))
	}
}
