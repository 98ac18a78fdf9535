package graph

import (
	"slices"
	"sort"
)

// Index is a compact, read-only int32 view of a Model for algorithms: components
// are numbered in ID order, edges are stored in CSR form in both directions, and
// instances and domains are numbered so that a failure event is a list of ints.
//
// dominikbraun/graph copies its adjacency map on every AdjacencyMap call and its
// TopologicalSort is quadratic (CONVENTIONS.md); every pass runs on this instead.
type Index struct {
	Model *Model
	N     int      // components
	IDs   []string // component IDs, sorted
	Pos   map[string]int32
	Comp  []*Component // by position

	// Edges: Deps[e] is edge e; out-edges of v are OutEdge[OutStart[v]:OutStart[v+1]]
	// (dependent v -> dependency), in-edges of v are InEdge[InStart[v]:InStart[v+1]].
	Deps     []*Dependency
	From, To []int32 // per edge
	OutStart []int32
	OutEdge  []int32
	InStart  []int32
	InEdge   []int32

	Entry []bool // effective entrypoints

	// Instances: component v has instances InstBase[v] .. InstBase[v+1]-1, and
	// InstOwner[i] is the component of instance i.
	InstBase  []int32
	InstOwner []int32

	// Domains, numbered in sorted order; DomParent[d] is -1 for a root.
	Domains     []DomainRef
	DomPos      map[DomainRef]int32
	DomParent   []int32
	DomChildren [][]int32
	// DomInst[d] are the instances placed directly in domain d.
	DomInst [][]int32
	// InstDoms[i] are the domains instance i is placed in directly (one per type).
	InstDoms [][]int32
}

// NewIndex builds the index of m. It is linear in the size of the model.
func NewIndex(m *Model) *Index {
	x := &Index{Model: m, N: len(m.IDs), IDs: m.IDs, Pos: make(map[string]int32, len(m.IDs))}
	x.Comp = make([]*Component, x.N)
	for i, id := range m.IDs {
		x.Pos[id] = int32(i)
		x.Comp[i] = m.Components[id]
	}
	x.Deps = m.Dependencies
	ne := len(x.Deps)
	x.From = make([]int32, ne)
	x.To = make([]int32, ne)
	x.OutStart = make([]int32, x.N+1)
	x.InStart = make([]int32, x.N+1)
	for e, d := range x.Deps {
		f, t := x.Pos[d.From], x.Pos[d.To]
		x.From[e], x.To[e] = f, t
		x.OutStart[f+1]++
		x.InStart[t+1]++
	}
	for v := 0; v < x.N; v++ {
		x.OutStart[v+1] += x.OutStart[v]
		x.InStart[v+1] += x.InStart[v]
	}
	x.OutEdge = make([]int32, ne)
	x.InEdge = make([]int32, ne)
	oFill := append([]int32(nil), x.OutStart[:x.N]...)
	iFill := append([]int32(nil), x.InStart[:x.N]...)
	for e := range x.Deps {
		f, t := x.From[e], x.To[e]
		x.OutEdge[oFill[f]] = int32(e)
		oFill[f]++
		x.InEdge[iFill[t]] = int32(e)
		iFill[t]++
	}

	x.Entry = make([]bool, x.N)
	for _, id := range m.Entrypoints {
		x.Entry[x.Pos[id]] = true
	}

	x.InstBase = make([]int32, x.N+1)
	for v, c := range x.Comp {
		x.InstBase[v+1] = x.InstBase[v] + int32(c.Instances())
	}
	x.InstOwner = make([]int32, x.InstBase[x.N])
	for v := 0; v < x.N; v++ {
		for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
			x.InstOwner[i] = int32(v)
		}
	}

	x.Domains = m.SortedDomains()
	x.DomPos = make(map[DomainRef]int32, len(x.Domains))
	for i, d := range x.Domains {
		x.DomPos[d] = int32(i)
	}
	x.DomParent = make([]int32, len(x.Domains))
	x.DomChildren = make([][]int32, len(x.Domains))
	for i, d := range x.Domains {
		x.DomParent[i] = -1
		if p := m.Domains[d].Parent; p != nil {
			pi := x.DomPos[*p]
			x.DomParent[i] = pi
			x.DomChildren[pi] = append(x.DomChildren[pi], int32(i))
		}
	}
	x.DomInst = make([][]int32, len(x.Domains))
	x.InstDoms = make([][]int32, x.InstBase[x.N])
	for v, c := range x.Comp {
		types := make([]string, 0, len(c.Placement))
		for t := range c.Placement {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, t := range types {
			for i, name := range c.Placement[t] {
				if name == "" || i >= c.Instances() {
					continue
				}
				d := x.DomPos[DomainRef{t, name}]
				inst := x.InstBase[v] + int32(i)
				x.DomInst[d] = append(x.DomInst[d], inst)
				x.InstDoms[inst] = append(x.InstDoms[inst], d)
			}
		}
	}
	return x
}

// InstanceOwner returns the component of instance i.
func (x *Index) InstanceOwner(i int32) int32 { return x.InstOwner[i] }

// Out returns the out-edges (to dependencies) of v.
func (x *Index) Out(v int32) []int32 { return x.OutEdge[x.OutStart[v]:x.OutStart[v+1]] }

// In returns the in-edges (from dependents) of v.
func (x *Index) In(v int32) []int32 { return x.InEdge[x.InStart[v]:x.InStart[v+1]] }

// DomainClosure returns d and every domain nested in it, in ascending order.
func (x *Index) DomainClosure(d int32) []int32 {
	out := []int32{d}
	for i := 0; i < len(out); i++ {
		out = append(out, x.DomChildren[out[i]]...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// SCCs returns the strongly connected components of the subgraph of edges for which
// keep is true (Tarjan's algorithm, iterative), each sorted ascending, ordered by
// their first member. Single components are included; callers check for a cycle.
func (x *Index) SCCs(keep func(*Index, int32) bool) [][]int32 {
	_, out := x.CSR(keep).sccs()
	slices.SortFunc(out, func(a, b []int32) int { return int(a[0]) - int(b[0]) })
	return out
}
