package doublefailure

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

// TestSortPairsIsStableSort checks sortPairs against the sort.SliceStable it
// replaced, on random pairs with many ties on every key (equal pairs whose
// order only the stability decides are told apart by a hidden tag).
func TestSortPairsIsStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 10, 100, 1000, 5000} {
		pairs := make([]Pair, n)
		for i := range pairs {
			pairs[i] = Pair{
				Entrypoint:  fmt.Sprintf("e%d", rng.IntN(5)),
				Events:      []string{fmt.Sprintf("a%d", rng.IntN(4)), fmt.Sprintf("b%d", rng.IntN(3)), fmt.Sprint(i)},
				Probability: []float64{1e-6, 2.5e-7, 1e-6, 3e-9}[rng.IntN(4)],
			}
		}
		want := append([]Pair(nil), pairs...)
		sort.SliceStable(want, func(i, j int) bool {
			a, b := want[i], want[j]
			if a.Entrypoint != b.Entrypoint {
				return a.Entrypoint < b.Entrypoint
			}
			if a.Probability != b.Probability {
				return a.Probability > b.Probability
			}
			if a.Events[0] != b.Events[0] {
				return a.Events[0] < b.Events[0]
			}
			return a.Events[1] < b.Events[1]
		})
		got := append([]Pair(nil), pairs...)
		sortPairs(got)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("n=%d: sortPairs differs from sort.SliceStable", n)
		}
	}
}
