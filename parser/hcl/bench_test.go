package hcl_test

import (
	"bytes"
	"testing"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/faultline-dev/faultline/parser/hcl"
)

// nativeSource generates a native-format architecture of n components as one
// file (internal/synth), inside the benchmark so that plain go test pays nothing.
func nativeSource(b *testing.B, n int) []byte {
	b.Helper()
	var buf bytes.Buffer
	if _, err := synth.Native(&buf, synth.NativeOptions{Components: n}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkParse10k parses and decodes a generated 10,000-component native file:
// "parse+decode" is ParseFile into a fresh builder, as a sequential load does;
// "prepare" is the checks and HCL parse alone (what the loader runs in parallel)
// and "decode" the decoding of an already parsed file into a fresh builder.
func BenchmarkParse10k(b *testing.B) {
	const n = 10000
	b.Run("parse+decode", func(b *testing.B) {
		src := nativeSource(b, n)
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if diags := hcl.ParseFile("bench.hcl", src, graph.NewBuilder()); diags.HasErrors() {
				b.Fatal(diags.Error())
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "components/s")
	})
	b.Run("prepare", func(b *testing.B) {
		src := nativeSource(b, n)
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			hcl.Prepare("bench.hcl", src)
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "components/s")
	})
	b.Run("decode", func(b *testing.B) {
		src := nativeSource(b, n)
		p := hcl.Prepare("bench.hcl", src)
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if diags := p.Decode(graph.NewBuilder()); diags.HasErrors() {
				b.Fatal(diags.Error())
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "components/s")
	})
}
