package graph

import (
	"slices"
	"strings"
	"sync"

	dgraph "github.com/dominikbraun/graph"
)

// store is the dominikbraun/graph Store behind a Model's Graph. The library's
// default keeps a map of maps for the edges out of and into every vertex, which
// made building a million-component model spend more time allocating maps than
// everything else it does; this one keeps each vertex's edges in a slice sorted
// by target (the builder adds them in that order, so an append) and the edges
// into a vertex as a list of sources. Vertex properties are kept only when set.
//
// No analysis reads this graph (they run on the Index), so Build does not fill
// it: it leaves the sorted components and dependencies in lazy, and the first
// call of any method fills the maps from them, as adding each vertex and each
// edge would (TestBuildEdgesMatchLibrary).
type store struct {
	once     sync.Once
	lazy     *lazyGraph
	lock     sync.RWMutex
	vertices map[string]*Component
	props    map[string]dgraph.VertexProperties
	out      map[string][]dgraph.Edge[string]
	in       map[string][]string
	edges    int
}

func newStore(vertices int) *store {
	return &store{
		vertices: make(map[string]*Component, vertices),
		props:    map[string]dgraph.VertexProperties{},
		out:      map[string][]dgraph.Edge[string]{},
		in:       map[string][]string{},
	}
}

var _ dgraph.Store[string, *Component] = (*store)(nil)

// lazyGraph is what Build leaves for the store to fill on first use: the
// components in ID order, and the dependencies sorted by dependent, then
// dependency, then kind, with the positions of their ends among the IDs.
type lazyGraph struct {
	ids      []string
	comps    []*Component
	deps     []*Dependency
	from, to []int32
}

// ready fills the store from lazy, once, before any method reads or writes it.
func (s *store) ready() {
	s.once.Do(func() {
		g := s.lazy
		if g == nil {
			return
		}
		s.lazy = nil
		s.vertices = make(map[string]*Component, len(g.ids))
		for i, id := range g.ids {
			s.vertices[id] = g.comps[i]
		}
		s.out = make(map[string][]dgraph.Edge[string], len(g.ids))
		s.in = make(map[string][]string, len(g.ids))
		// One edge per pair of components, carrying every dependency between
		// them: the pair's dependencies are consecutive, and the edges out of
		// a component come sorted by target, as the store keeps them.
		for i := 0; i < len(g.deps); {
			j := i + 1
			for j < len(g.deps) && g.from[j] == g.from[i] && g.to[j] == g.to[i] {
				j++
			}
			src, dst := g.ids[g.from[i]], g.ids[g.to[i]]
			s.out[src] = append(s.out[src], dgraph.Edge[string]{Source: src, Target: dst,
				Properties: dgraph.EdgeProperties{Attributes: map[string]string{}, Data: g.deps[i:j:j]}})
			s.in[dst] = append(s.in[dst], src)
			s.edges++
			i = j
		}
	})
}

func (s *store) AddVertex(k string, c *Component, p dgraph.VertexProperties) error {
	s.ready()
	s.lock.Lock()
	defer s.lock.Unlock()
	if _, ok := s.vertices[k]; ok {
		return dgraph.ErrVertexAlreadyExists
	}
	s.vertices[k] = c
	if p.Weight != 0 || len(p.Attributes) > 0 {
		s.props[k] = p
	}
	return nil
}

func (s *store) Vertex(k string) (*Component, dgraph.VertexProperties, error) {
	s.ready()
	s.lock.RLock()
	defer s.lock.RUnlock()
	c, ok := s.vertices[k]
	if !ok {
		return nil, dgraph.VertexProperties{}, dgraph.ErrVertexNotFound
	}
	p, ok := s.props[k]
	if !ok {
		p.Attributes = map[string]string{}
	}
	return c, p, nil
}

func (s *store) RemoveVertex(k string) error {
	s.ready()
	s.lock.Lock()
	defer s.lock.Unlock()
	if _, ok := s.vertices[k]; !ok {
		return dgraph.ErrVertexNotFound
	}
	if len(s.out[k]) > 0 || len(s.in[k]) > 0 {
		return dgraph.ErrVertexHasEdges
	}
	delete(s.vertices, k)
	delete(s.props, k)
	delete(s.out, k)
	delete(s.in, k)
	return nil
}

func (s *store) ListVertices() ([]string, error) {
	s.ready()
	s.lock.RLock()
	defer s.lock.RUnlock()
	out := make([]string, 0, len(s.vertices))
	for k := range s.vertices {
		out = append(out, k)
	}
	return out, nil
}

func (s *store) VertexCount() (int, error) {
	s.ready()
	s.lock.RLock()
	defer s.lock.RUnlock()
	return len(s.vertices), nil
}

// find returns the position of the edge to target among edges, or where it goes.
func find(edges []dgraph.Edge[string], target string) (int, bool) {
	return slices.BinarySearchFunc(edges, target, func(e dgraph.Edge[string], t string) int {
		return strings.Compare(e.Target, t)
	})
}

func (s *store) AddEdge(source, target string, e dgraph.Edge[string]) error {
	s.ready()
	s.lock.Lock()
	defer s.lock.Unlock()
	edges := s.out[source]
	i, ok := find(edges, target)
	if ok {
		return dgraph.ErrEdgeAlreadyExists
	}
	s.out[source] = slices.Insert(edges, i, e)
	s.in[target] = append(s.in[target], source)
	s.edges++
	return nil
}

func (s *store) UpdateEdge(source, target string, e dgraph.Edge[string]) error {
	s.ready()
	s.lock.Lock()
	defer s.lock.Unlock()
	edges := s.out[source]
	i, ok := find(edges, target)
	if !ok {
		return dgraph.ErrEdgeNotFound
	}
	edges[i] = e
	return nil
}

func (s *store) RemoveEdge(source, target string) error {
	s.ready()
	s.lock.Lock()
	defer s.lock.Unlock()
	edges := s.out[source]
	i, ok := find(edges, target)
	if !ok {
		return nil // as the library's store: removing a missing edge is not an error
	}
	s.out[source] = slices.Delete(edges, i, i+1)
	if j := slices.Index(s.in[target], source); j >= 0 {
		s.in[target] = slices.Delete(s.in[target], j, j+1)
	}
	s.edges--
	return nil
}

func (s *store) Edge(source, target string) (dgraph.Edge[string], error) {
	s.ready()
	s.lock.RLock()
	defer s.lock.RUnlock()
	edges := s.out[source]
	i, ok := find(edges, target)
	if !ok {
		return dgraph.Edge[string]{}, dgraph.ErrEdgeNotFound
	}
	return edges[i], nil
}

func (s *store) ListEdges() ([]dgraph.Edge[string], error) {
	s.ready()
	s.lock.RLock()
	defer s.lock.RUnlock()
	out := make([]dgraph.Edge[string], 0, s.edges)
	for _, edges := range s.out {
		out = append(out, edges...)
	}
	return out, nil
}
