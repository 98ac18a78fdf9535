package graph

import (
	"math/rand"
	"slices"
	"testing"
)

// TestDescendantCountMethods checks that the search and the bitset methods agree,
// on random graphs and on chains and cycles (where the search is quadratic).
func TestDescendantCountMethods(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	check := func(name string, g CSR) {
		t.Helper()
		bySearch, ok := g.descendantCountsBySearch(1 << 62)
		if !ok {
			t.Fatal("unbounded search gave up")
		}
		for _, block := range []int{0, 1, 3} {
			if byBits := g.descendantCountsByBitsets(block); !slices.Equal(bySearch, byBits) {
				t.Fatalf("%s, blocks of %d words: search %v, bitsets %v", name, block, bySearch, byBits)
			}
		}
	}
	for i := 0; i < 300; i++ {
		n := 1 + rng.Intn(200)
		var from, to []int32
		for j := rng.Intn(4 * n); j > 0; j-- {
			from, to = append(from, int32(rng.Intn(n))), append(to, int32(rng.Intn(n)))
		}
		check("random", NewCSR(n, from, to))
	}
	// A chain of 3,000 with a cycle in the middle, over many bitset blocks.
	n := 3000
	var from, to []int32
	for v := 0; v+1 < n; v++ {
		from, to = append(from, int32(v)), append(to, int32(v+1))
	}
	from, to = append(from, 1600), append(to, 1400)
	check("chain", NewCSR(n, from, to))
}
