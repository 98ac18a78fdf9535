package graph_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkRandomLoad measures the machine, not faultline: the time of one
// load from a random place in an array of the given size, each load's
// address depending on the previous one (a pointer chase over one random
// cycle). It shows where the caches end: an algorithm linear in its work
// gets slower per step when its arrays outgrow them, which is what a growth
// exponent above 1 between two sizes can measure (docs/PERFORMANCE.md,
// "Linear work, dearer visits").
func BenchmarkRandomLoad(b *testing.B) {
	for _, mb := range []int{1, 2, 4, 8, 16, 32, 64, 256} {
		b.Run(fmt.Sprintf("MiB=%d", mb), func(b *testing.B) {
			n := mb << 20 / 4
			next := make([]int32, n)
			perm := rand.New(rand.NewPCG(1, 2)).Perm(n)
			for i, p := range perm {
				next[p] = int32(perm[(i+1)%n])
			}
			v := int32(0)
			for b.Loop() {
				v = next[v]
			}
			if v < 0 {
				b.Fatal("unreachable")
			}
		})
	}
}
