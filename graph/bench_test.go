package graph_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/faultline-dev/faultline/parser/hcl"
)

// benchSizes are the model sizes of the graph benchmarks.
var benchSizes = []int{10000, 100000}

// prepared generates a native-format architecture of n components (internal/synth,
// 1,000 components a file) and parses its files, so that a benchmark can decode
// them into a fresh builder without timing the parse.
func prepared(b *testing.B, n int) []*hcl.Prepared {
	b.Helper()
	dir := b.TempDir()
	if _, err := synth.NativeFiles(dir, synth.NativeOptions{Components: n, Files: max(1, n/1000)}); err != nil {
		b.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if err != nil {
		b.Fatal(err)
	}
	var out []*hcl.Prepared
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, hcl.Prepare(f, src))
	}
	return out
}

// builder decodes prepared files into a new builder.
func builder(b *testing.B, ps []*hcl.Prepared) *graph.Builder {
	b.Helper()
	bl := graph.NewBuilder()
	for _, p := range ps {
		if diags := p.Decode(bl); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
	return bl
}

// model builds the model of a generated architecture of n components.
func model(b *testing.B, n int) *graph.Model {
	b.Helper()
	m, diags := builder(b, prepared(b, n)).Build()
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	return m
}

// BenchmarkBuild times Builder.Build alone (reference resolution, validation,
// the dependency graph): each iteration decodes the files into a fresh builder
// with the timer stopped.
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			ps := prepared(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				b.StopTimer()
				bl := builder(b, ps)
				b.StartTimer()
				m, diags := bl.Build()
				if diags.HasErrors() {
					b.Fatal(diags.Error())
				}
				if len(m.IDs) != n {
					b.Fatalf("%d components, want %d", len(m.IDs), n)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "components/s")
		})
	}
}

// BenchmarkNewIndex times the int32 index every pass runs on.
func BenchmarkNewIndex(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			m := model(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if x := graph.NewIndex(m); x.N != n {
					b.Fatalf("%d components, want %d", x.N, n)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "components/s")
		})
	}
}
