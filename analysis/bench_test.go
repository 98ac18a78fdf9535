package analysis_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/doublefailure"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/benchdata"
)

// benchComponents is the size of the generated architecture the passes run on.
const benchComponents = 10000

// benchNow is the fixed analysis time (cert-expiry and the ignores depend on it).
var benchNow = benchdata.Now

// benchModel loads a generated native-format architecture of n components.
func benchModel(b *testing.B, n int) *graph.Model {
	m, _, _ := benchdata.Model(b, n)
	return m
}

// benchAnalyzers are the passes timed: the shared failure pass, every rule of
// the catalog, and the two passes check adds (availability; doublefailure for
// --order 2).
func benchAnalyzers() []*analysis.Analyzer {
	return append([]*analysis.Analyzer{failure.Analyzer}, append(catalog.Analyzers(), availability.Analyzer, doublefailure.Analyzer)...)
}

// requirements runs, fresh, everything a requires (transitively) and returns the
// results of its direct requirements. Fresh each time: the failure results
// cache whole-component outcomes, which would otherwise carry over between runs.
func requirements(b *testing.B, a *analysis.Analyzer, m *graph.Model, x *graph.Index, opts analysis.Options) map[*analysis.Analyzer]any {
	b.Helper()
	results := map[*analysis.Analyzer]any{}
	var exec func(a *analysis.Analyzer) any
	exec = func(a *analysis.Analyzer) any {
		if r, ok := results[a]; ok {
			return r
		}
		res, _, err := analysis.RunPass(a, m, x, requirementsOf(a, exec), opts)
		if err != nil {
			b.Fatalf("%s: %v", a.Name, err)
		}
		results[a] = res
		return res
	}
	return requirementsOf(a, exec)
}

func requirementsOf(a *analysis.Analyzer, exec func(*analysis.Analyzer) any) map[*analysis.Analyzer]any {
	out := map[*analysis.Analyzer]any{}
	for _, r := range a.Requires {
		out[r] = exec(r)
	}
	return out
}

// BenchmarkPasses times each pass alone over a generated 10,000-component
// architecture: the results of the passes it requires are computed afresh
// before each iteration with the timer stopped.
func BenchmarkPasses(b *testing.B) {
	for _, a := range benchAnalyzers() {
		b.Run(a.Name, func(b *testing.B) {
			m := benchModel(b, benchComponents)
			x := graph.NewIndex(m)
			opts := analysis.Options{Now: benchNow, BlastLimit: 100}.WithDefaults()
			b.ReportAllocs()
			b.ResetTimer()
			findings := 0
			for b.Loop() {
				b.StopTimer()
				resultOf := requirements(b, a, m, x, opts)
				b.StartTimer()
				_, fs, err := analysis.RunPass(a, m, x, resultOf, opts)
				if err != nil {
					b.Fatal(err)
				}
				findings = len(fs)
			}
			b.ReportMetric(float64(findings), "findings")
			b.ReportMetric(float64(benchComponents)*float64(b.N)/b.Elapsed().Seconds(), "components/s")
		})
	}
}

// BenchmarkRunAll times analysis.RunAll with the catalog and availability, as
// faultline check runs it (index, every pass, sorting).
func BenchmarkRunAll(b *testing.B) {
	m := benchModel(b, benchComponents)
	analyzers := append(catalog.Analyzers(), availability.Analyzer)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := analysis.RunAll(m, analyzers, analysis.Options{Now: benchNow, BlastLimit: 100}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchComponents)*float64(b.N)/b.Elapsed().Seconds(), "components/s")
}
