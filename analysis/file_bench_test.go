//go:build unix

package analysis_test

import (
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/benchdata"
)

// BenchmarkPassesFile is BenchmarkPasses over the input named by
// FAULTLINE_BENCH_INPUT (a file or directory, e.g. gen --shape regional's
// output); skipped without it. Besides wall time it reports the process's CPU
// time per iteration (cpu-ns/op), the steadier figure on a shared machine;
// each iteration starts after a collection so that one pass does not pay for
// another's garbage.
func BenchmarkPassesFile(b *testing.B) {
	m := benchdata.FileModel(b)
	x := graph.NewIndex(m)
	for _, a := range benchAnalyzers() {
		b.Run(a.Name, func(b *testing.B) {
			opts := analysis.Options{Now: benchNow, BlastLimit: 100}.WithDefaults()
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				resultOf := requirements(b, a, m, x, opts)
				runtime.GC()
				c0 := processCPU()
				b.StartTimer()
				if _, _, err := analysis.RunPass(a, m, x, resultOf, opts); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				cpu += processCPU() - c0
				b.StartTimer()
			}
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
