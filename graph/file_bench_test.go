//go:build unix

package graph_test

import (
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/parser/hcl"
)

// BenchmarkBuildFile and BenchmarkNewIndexFile time Build and NewIndex on
// the native file named by FAULTLINE_BENCH_INPUT (e.g. gen --shape
// regional's output; skipped without it). Each iteration starts after a
// collection, with the input decoded into a fresh builder outside the
// timer, and reports the process's CPU time (cpu-ns/op: the collector's
// work during the stage included), so
// that a stage's growth can be told from the collector's and the cache's.
func BenchmarkBuildFile(b *testing.B) {
	p := benchFile(b)
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		bl := graph.NewBuilder()
		if diags := p.Decode(bl); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
		runtime.GC()
		c0 := processCPU()
		b.StartTimer()
		if _, diags := bl.Build(); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
		b.StopTimer()
		cpu += processCPU() - c0
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

func BenchmarkNewIndexFile(b *testing.B) {
	p := benchFile(b)
	bl := graph.NewBuilder()
	if diags := p.Decode(bl); diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	m, diags := bl.Build()
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		c0 := processCPU()
		b.StartTimer()
		if x := graph.NewIndex(m); x.N != len(m.IDs) {
			b.Fatal("wrong index")
		}
		b.StopTimer()
		cpu += processCPU() - c0
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

func benchFile(b *testing.B) *hcl.Prepared {
	in := os.Getenv("FAULTLINE_BENCH_INPUT")
	if in == "" {
		b.Skip("FAULTLINE_BENCH_INPUT is not set")
	}
	src, err := os.ReadFile(in)
	if err != nil {
		b.Fatal(err)
	}
	return hcl.Prepare(in, src)
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
