package graph

import (
	"math/rand"
	"slices"
	"testing"
)

// TestFirstReachable checks the shared bitset method against one search per
// vertex, with every vertex, some, or none as targets (nil is none: it once
// meant every vertex, and a model without entrypoints then had every component
// as one), and with blocks small enough that several are needed.
func TestFirstReachable(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	bySearch := func(g CSR, targets []int32, v int32, limit int) []int32 {
		seen := make([]bool, g.N)
		seen[v] = true
		queue := []int32{v}
		for qi := 0; qi < len(queue); qi++ {
			for _, w := range g.succ(queue[qi]) {
				if !seen[w] {
					seen[w] = true
					queue = append(queue, w)
				}
			}
		}
		out := []int32{}
		for _, t := range targets {
			if seen[t] && len(out) < limit {
				out = append(out, t)
			}
		}
		return out
	}
	check := func(name string, g CSR) {
		t.Helper()
		want := make([]bool, g.N)
		for v := range want {
			want[v] = rng.Intn(3) > 0
		}
		var targets []int32
		for v := range g.N {
			if rng.Intn(4) == 0 {
				targets = append(targets, int32(v))
			}
		}
		for _, tg := range [][]int32{g.Vertices(), targets, nil, {}} {
			for _, limit := range []int{1, 5, g.N + 1} {
				for _, block := range []int{0, 1, 2} {
					got, counts := g.firstReachable(tg, want, limit, block, true)
					quick, _ := g.firstReachable(tg, want, limit, block, false)
					for v := range g.N {
						if want[v] && (!slices.Equal(quick[v], got[v]) || counts[v] != len(bySearch(g, tg, int32(v), g.N+1))) {
							t.Fatalf("%s: vertex %d: without counting %v, counting %v (count %d)", name, v, quick[v], got[v], counts[v])
						}
					}
					for v := range g.N {
						if !want[v] {
							if got[v] != nil {
								t.Fatalf("%s: vertex %d not wanted, got %v", name, v, got[v])
							}
							continue
						}
						if w := bySearch(g, tg, int32(v), limit); !slices.Equal(got[v], w) {
							t.Fatalf("%s (%d targets, limit %d, block %d): vertex %d: got %v, want %v", name, len(tg), limit, block, v, got[v], w)
						}
					}
				}
			}
		}
	}
	for i := 0; i < 200; i++ {
		n := 1 + rng.Intn(300)
		var from, to []int32
		for j := rng.Intn(3 * n); j > 0; j-- {
			from, to = append(from, int32(rng.Intn(n))), append(to, int32(rng.Intn(n)))
		}
		check("random", NewCSR(n, from, to))
	}
	n := 1000
	var from, to []int32
	for v := 0; v+1 < n; v++ {
		from, to = append(from, int32(v+1)), append(to, int32(v))
	}
	from, to = append(from, 400), append(to, 600)
	check("chain", NewCSR(n, from, to))
}
