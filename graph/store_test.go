package graph

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	dgraph "github.com/dominikbraun/graph"
)

// TestStoreMatchesLibrary runs the same random operations on a graph over the
// library's own store and over ours, and compares every answer.
func TestStoreMatchesLibrary(t *testing.T) {
	hash := func(c *Component) string { return c.ID }
	rng := rand.New(rand.NewSource(4))
	for round := 0; round < 50; round++ {
		lib := dgraph.New(hash, dgraph.Directed())
		ours := dgraph.NewWithStore(hash, dgraph.Store[string, *Component](newStore(0)), dgraph.Directed())
		n := 2 + rng.Intn(12)
		id := func() string { return fmt.Sprintf("c%d", rng.Intn(n+2)) }
		for op := 0; op < 200; op++ {
			a, b := id(), id()
			var e1, e2 error
			switch rng.Intn(6) {
			case 0:
				e1, e2 = lib.AddVertex(&Component{ID: a}), ours.AddVertex(&Component{ID: a})
			case 1, 2:
				e1, e2 = lib.AddEdge(a, b, dgraph.EdgeData(op)), ours.AddEdge(a, b, dgraph.EdgeData(op))
			case 3:
				e1, e2 = lib.UpdateEdge(a, b, dgraph.EdgeData(-op)), ours.UpdateEdge(a, b, dgraph.EdgeData(-op))
			case 4:
				e1, e2 = lib.RemoveEdge(a, b), ours.RemoveEdge(a, b)
			case 5:
				e1, e2 = lib.RemoveVertex(a), ours.RemoveVertex(a)
			}
			if (e1 == nil) != (e2 == nil) {
				t.Fatalf("round %d op %d: library %v, ours %v", round, op, e1, e2)
			}
			x1, y1 := lib.Edge(a, b)
			x2, y2 := ours.Edge(a, b)
			if (y1 == nil) != (y2 == nil) || y1 == nil && x1.Properties.Data != x2.Properties.Data {
				t.Fatalf("round %d op %d: Edge(%s, %s) differs", round, op, a, b)
			}
		}
		am1, _ := lib.AdjacencyMap()
		am2, _ := ours.AdjacencyMap()
		pm1, _ := lib.PredecessorMap()
		pm2, _ := ours.PredecessorMap()
		if !reflect.DeepEqual(am1, am2) || !reflect.DeepEqual(pm1, pm2) {
			t.Fatalf("round %d: adjacency differs:\n%v\n%v", round, am1, am2)
		}
		s1, _ := lib.Size()
		s2, _ := ours.Size()
		o1, _ := lib.Order()
		o2, _ := ours.Order()
		if s1 != s2 || o1 != o2 {
			t.Fatalf("round %d: size %d/%d, order %d/%d", round, s1, s2, o1, o2)
		}
	}
}

// TestBuildEdgesMatchLibrary checks that the edges Build puts into the store
// at once are those the library's AddEdge makes, one by one, in a graph over
// its own store: successors, predecessors, edge data and attributes.
func TestBuildEdgesMatchLibrary(t *testing.T) {
	hash := func(c *Component) string { return c.ID }
	rng := rand.New(rand.NewSource(7))
	for round := 0; round < 30; round++ {
		b := NewBuilder()
		n := 2 + rng.Intn(20)
		for i := 0; i < n; i++ {
			b.AddComponent(&Component{ID: fmt.Sprintf("component.c%d", i), Kind: "service"})
		}
		for k := rng.Intn(4 * n); k > 0; k-- {
			b.AddDependency(Dependency{From: fmt.Sprintf("component.c%d", rng.Intn(n)), To: fmt.Sprintf("component.c%d", rng.Intn(n+1)),
				Kind: []EdgeKind{Requires, Soft, Bootstrap}[rng.Intn(3)], Group: -1})
		}
		m, _ := b.Build()
		lib := dgraph.New(hash, dgraph.Directed())
		for _, id := range m.IDs {
			_ = lib.AddVertex(m.Components[id])
		}
		for i := 0; i < len(m.Dependencies); {
			j := i + 1
			for j < len(m.Dependencies) && m.Dependencies[j].From == m.Dependencies[i].From && m.Dependencies[j].To == m.Dependencies[i].To {
				j++
			}
			_ = lib.AddEdge(m.Dependencies[i].From, m.Dependencies[i].To, dgraph.EdgeData(m.Dependencies[i:j:j]))
			i = j
		}
		for _, f := range []func(dgraph.Graph[string, *Component]) (map[string]map[string]dgraph.Edge[string], error){
			dgraph.Graph[string, *Component].AdjacencyMap, dgraph.Graph[string, *Component].PredecessorMap,
		} {
			want, _ := f(lib)
			got, _ := f(m.Graph)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: Build's graph differs from the library's:\n%v\n%v", round, got, want)
			}
		}
		if s1, _ := lib.Size(); s1 != mustSize(m.Graph) {
			t.Fatalf("round %d: %d edges, the library %d", round, mustSize(m.Graph), s1)
		}
	}
}

func mustSize(g dgraph.Graph[string, *Component]) int {
	n, _ := g.Size()
	return n
}
