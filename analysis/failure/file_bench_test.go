package failure_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/benchdata"
)

// BenchmarkSinglesFile runs the failure pass's single-instance events (one
// per fragile component, as Compute does) over the input named by
// FAULTLINE_BENCH_INPUT (skipped without it), and reports the work besides
// the time: downs/op, the components the events take down in all (what the
// propagation visits), and ns/down, the time per component taken down. Over
// sizes, downs/op tells whether the work grows linearly and ns/down whether
// each unit of it costs more (docs/PERFORMANCE.md, "Linear work, dearer
// visits").
func BenchmarkSinglesFile(b *testing.B) {
	x := graph.NewIndex(benchdata.FileModel(b))
	evs := singleEvents(x)
	e := failure.NewEngine(x)
	downs := 0
	for b.Loop() {
		downs = 0
		for _, ev := range evs {
			downs += len(e.Run(ev).DownList)
		}
	}
	b.ReportMetric(float64(downs), "downs/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(max(downs, 1)), "ns/down")
}
