package graph

import (
	"fmt"
	"math/rand"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// randomBuilder declares n components with random placements, dependencies of
// every kind (some to undeclared components), requires-any groups and calls.
func randomBuilder(rng *rand.Rand, n int) *Builder {
	b := NewBuilder()
	id := func(k int) string { return fmt.Sprintf("component.c%d", k) }
	for i := 0; i < n; i++ {
		c := &Component{ID: id(rng.Intn(n + n/4)), Kind: "service", Replicas: 1 + rng.Intn(3), Entrypoint: rng.Intn(8) == 0}
		if rng.Intn(2) == 0 {
			c.Placement = map[string][]string{"zone": {fmt.Sprintf("z%d", rng.Intn(3))}}
			if rng.Intn(3) == 0 {
				c.Placement["host"] = []string{fmt.Sprintf("h%d", rng.Intn(n))}
			}
		}
		b.AddComponent(c)
	}
	b.AddDomain(Domain{Ref: DomainRef{"zone", "z1"}, Parent: &DomainRef{"region", "r"}})
	for k := rng.Intn(5 * n); k > 0; k-- {
		b.AddDependency(Dependency{From: id(rng.Intn(n + 2)), To: id(rng.Intn(n + 2)),
			Kind: []EdgeKind{Requires, Soft, Bootstrap, Monitors}[rng.Intn(4)]})
	}
	for k := rng.Intn(n/2 + 1); k > 0; k-- {
		b.AddGroup(Group{Owner: id(rng.Intn(n)), Name: "g", Of: []string{id(rng.Intn(n)), id(rng.Intn(n + 2))}, Need: 1}, nil)
	}
	for k := rng.Intn(n); k > 0; k-- {
		b.AddCall(id(rng.Intn(n)), id(rng.Intn(n+1)), Range{}, &Call{Name: "x", Retries: k})
	}
	return b
}

// TestBuildOrderAndIndex checks that Build's counting sort orders the
// dependencies as a stable sort by dependent, dependency and kind would, and
// that the Index made from Build's numbering is the one made without it.
func TestBuildOrderAndIndex(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for round := 0; round < 40; round++ {
		n := 1 + rng.Intn(60)
		m, _ := randomBuilder(rng, n).Build()
		if m.positions() == nil {
			t.Fatal("Build left no numbering")
		}
		// Stable by (From, To, Kind): the order within equals is the declared
		// order, so a stable sort of the result changes nothing.
		want := append([]*Dependency(nil), m.Dependencies...)
		sort.SliceStable(want, func(i, j int) bool {
			a, c := want[i], want[j]
			if a.From != c.From {
				return a.From < c.From
			}
			if a.To != c.To {
				return a.To < c.To
			}
			return a.Kind < c.Kind
		})
		if !reflect.DeepEqual(want, m.Dependencies) {
			t.Fatalf("round %d: dependencies not sorted", round)
		}
		x := NewIndex(m)
		plain := *m
		plain.built = nil
		y := NewIndex(&plain)
		y.Model = m
		if !reflect.DeepEqual(x, y) {
			xv, yv := reflect.ValueOf(x).Elem(), reflect.ValueOf(y).Elem()
			for i := 0; i < xv.NumField(); i++ {
				if xv.Field(i).CanInterface() && !reflect.DeepEqual(xv.Field(i).Interface(), yv.Field(i).Interface()) {
					t.Errorf("round %d: %s differs: %v, without Build's numbering %v", round, xv.Type().Field(i).Name, xv.Field(i), yv.Field(i))
				}
			}
			t.Fatalf("round %d: the index differs with Build's numbering", round)
		}
	}
}

// TestSortDepsStable compares sortDeps with a stable sort on declarations
// whose order among equals is visible (the range's line).
func TestSortDepsStable(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for round := 0; round < 100; round++ {
		n := 1 + rng.Intn(10)
		var deps []*Dependency
		var from, to []int32
		for k := rng.Intn(200); k > 0; k-- {
			f, c := int32(rng.Intn(n)), int32(rng.Intn(n))
			deps = append(deps, &Dependency{From: fmt.Sprint(f), To: fmt.Sprint(c), Kind: EdgeKind(rng.Intn(3)), Range: Range{Start: hcl.Pos{Line: k}}})
			from, to = append(from, f), append(to, c)
		}
		want := append([]*Dependency(nil), deps...)
		sort.SliceStable(want, func(i, j int) bool {
			a, c := want[i], want[j]
			if a.From != c.From {
				return a.From < c.From
			}
			if a.To != c.To {
				return a.To < c.To
			}
			return a.Kind < c.Kind
		})
		got, gf, gt, gk := sortDeps(n, deps, from, to)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: order differs", round)
		}
		for e, d := range got {
			if fmt.Sprint(gf[e]) != d.From || fmt.Sprint(gt[e]) != d.To || gk[e] != d.Kind {
				t.Fatalf("round %d: positions or kind not moved with their dependency", round)
			}
		}
	}
}

// TestBuildParallel checks that Build's work shared among cores (parallelMin
// lowered so that small models are shared too, on 2 to 5 goroutines) gives
// the model of the serial Build.
func TestBuildParallel(t *testing.T) {
	defer func(m, p int) { parallelMin = m; runtime.GOMAXPROCS(p) }(parallelMin, runtime.GOMAXPROCS(0))
	for round := 0; round < 30; round++ {
		seed := int64(100 + round)
		parallelMin = 1 << 30
		want, wantDiags := randomBuilder(rand.New(rand.NewSource(seed)), 1+round*3).Build()
		parallelMin = 1
		runtime.GOMAXPROCS(2 + round%4)
		got, gotDiags := randomBuilder(rand.New(rand.NewSource(seed)), 1+round*3).Build()
		runtime.GOMAXPROCS(1)
		if !reflect.DeepEqual(got.IDs, want.IDs) || !reflect.DeepEqual(got.Dependencies, want.Dependencies) ||
			!reflect.DeepEqual(got.Entrypoints, want.Entrypoints) || gotDiags.Error() != wantDiags.Error() ||
			!reflect.DeepEqual(NewIndex(got).InstDoms, NewIndex(want).InstDoms) {
			t.Fatalf("round %d: the parallel Build differs", round)
		}
		if !slices.IsSorted(got.IDs) {
			t.Fatalf("round %d: IDs not sorted", round)
		}
	}
}
