package parser_test

import (
	"fmt"
	"testing"

	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/faultline-dev/faultline/parser"
)

// BenchmarkLoadWith loads a generated native-format directory (internal/synth,
// 1,000 components a file) through LoadWith, as faultline check DIR does: walk,
// read and parse ahead in parallel, decode in order, build the model.
func BenchmarkLoadWith(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if _, err := synth.NativeFiles(dir, synth.NativeOptions{Components: n, Files: n / 1000}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				m, diags, _ := parser.LoadWith([]string{dir}, parser.Options{})
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
