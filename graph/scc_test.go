package graph_test

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/faultline-dev/faultline/graph"
)

// randomIndex builds the index of a model of n components and m random
// dependencies of random kinds (mostly a DAG, with cycles and self-edges).
func randomIndex(t testing.TB, rng *rand.Rand, n, m int) *graph.Index {
	t.Helper()
	b := graph.NewBuilder()
	id := func(i int32) string { return fmt.Sprintf("c%03d", i) }
	for i := range int32(n) {
		if diags := b.AddComponent(&graph.Component{ID: id(i), Kind: "service"}); diags.HasErrors() {
			t.Fatal(diags.Error())
		}
	}
	kinds := []graph.EdgeKind{graph.Requires, graph.Requires, graph.Soft, graph.Bootstrap, graph.Monitors}
	from, to := randomGraph(rng, n, m)
	for i := range from {
		b.AddDependency(graph.Dependency{From: id(from[i]), To: id(to[i]), Kind: kinds[rng.Intn(len(kinds))]})
	}
	mod, diags := b.Build()
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return graph.NewIndex(mod)
}

// TestIndexCSR checks Index.CSR against NewCSR over the kept edges in edge
// order, and Index.Kind against the dependencies' kinds.
func TestIndexCSR(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	keeps := map[string]func(*graph.Index, int32) bool{
		"all":      nil,
		"requires": func(x *graph.Index, e int32) bool { return x.Deps[e].Kind == graph.Requires },
		"none":     func(*graph.Index, int32) bool { return false },
	}
	for trial := range 50 {
		n := 1 + rng.Intn(40)
		x := randomIndex(t, rng, n, rng.Intn(3*n+1))
		for e, d := range x.Deps {
			if x.Kind[e] != d.Kind {
				t.Fatalf("trial %d: Kind[%d] = %v, dependency's %v", trial, e, x.Kind[e], d.Kind)
			}
		}
		for name, keep := range keeps {
			var from, to []int32
			for e := range x.Deps {
				if keep == nil || keep(x, int32(e)) {
					from, to = append(from, x.From[e]), append(to, x.To[e])
				}
			}
			want, got := graph.NewCSR(x.N, from, to), x.CSR(keep)
			if got.N != want.N || !slices.Equal(got.Start, want.Start) || !slices.Equal(got.Adj, want.Adj) {
				t.Fatalf("trial %d, %s: CSR %+v, want %+v", trial, name, got, want)
			}
		}
	}
}

// TestSCCs checks Index.SCCs against mutual reachability: two components are
// in one SCC exactly when each reaches the other; each SCC sorted, the SCCs
// ordered by their first member, every component in exactly one.
func TestSCCs(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	hard := func(x *graph.Index, e int32) bool {
		return x.Kind[e] == graph.Requires || x.Kind[e] == graph.Bootstrap
	}
	for trial := range 100 {
		n := 1 + rng.Intn(30)
		x := randomIndex(t, rng, n, rng.Intn(3*n+1))
		reach := make([][]bool, n) // reach[u][v]: v reachable from u along hard edges
		for u := range n {
			reach[u] = make([]bool, n)
			reach[u][u] = true
			queue := []int32{int32(u)}
			for qi := 0; qi < len(queue); qi++ {
				for _, e := range x.Out(queue[qi]) {
					if w := x.To[e]; hard(x, e) && !reach[u][w] {
						reach[u][w] = true
						queue = append(queue, w)
					}
				}
			}
		}
		var want [][]int32
		placed := make([]bool, n)
		for u := range n {
			if placed[u] {
				continue
			}
			var scc []int32
			for v := u; v < n; v++ {
				if reach[u][v] && reach[v][u] {
					scc = append(scc, int32(v))
					placed[v] = true
				}
			}
			want = append(want, scc)
		}
		got := x.SCCs(hard)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("trial %d: SCCs %v, want %v", trial, got, want)
		}
	}
}

// BenchmarkIndexKernels times Index.CSR and Index.SCCs (what
// dependency-cycle and retry-amplification run) on generated models; each
// used to allocate per component.
func BenchmarkIndexKernels(b *testing.B) {
	hard := func(x *graph.Index, e int32) bool {
		return x.Kind[e] == graph.Requires || x.Kind[e] == graph.Bootstrap
	}
	for _, n := range benchSizes {
		x := graph.NewIndex(model(b, n))
		b.Run(fmt.Sprintf("csr/components=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				x.CSR(hard)
			}
		})
		b.Run(fmt.Sprintf("sccs/components=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(x.SCCs(hard)) == 0 {
					b.Fatal("no SCCs")
				}
			}
		})
	}
}
