package graph

import (
	"slices"
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
	// Kind[e] is Deps[e].Kind, read without following a pointer per edge
	// (on a large graph each was a cache miss).
	Kind     []EdgeKind
	OutStart []int32
	OutEdge  []int32
	InStart  []int32
	InEdge   []int32

	Entry []bool // effective entrypoints

	// Need[v] is Comp[v].NeedUp() and Fragile[v] is Comp[v].Fragile(), read
	// once here: a pass or an engine that reads them for every component
	// does not follow a pointer per component (a cache miss each on a large
	// model).
	Need    []int32
	Fragile []bool

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
	// domIn and domOut number the domains in a depth-first walk of the
	// domain forest: the domains nested in d are those numbered from domIn[d]
	// to domOut[d]-1, so that nesting is one comparison (a chain of 10,000
	// nested domains made every closure, and every walk of one, quadratic).
	domIn, domOut []int32
	// placed lists, ascending, the domains that hold an instance directly.
	placed []int32
}

// NewIndex builds the index of m. It is linear in the size of the model.
func NewIndex(m *Model) *Index {
	x := &Index{Model: m, N: len(m.IDs), IDs: m.IDs}
	x.Deps = m.Dependencies
	ne := len(x.Deps)
	if b := m.positions(); b != nil {
		x.Pos, x.Comp, x.From, x.To = b.pos, b.comps, b.from, b.to
		if ne == 0 {
			x.From, x.To = []int32{}, []int32{} // as made below
		}
	} else {
		x.Pos = make(map[string]int32, len(m.IDs))
		x.Comp = make([]*Component, x.N)
		for i, id := range m.IDs {
			x.Pos[id] = int32(i)
			x.Comp[i] = m.Components[id]
		}
		x.From = make([]int32, ne)
		x.To = make([]int32, ne)
		for e, d := range x.Deps {
			x.From[e], x.To[e] = x.Pos[d.From], x.Pos[d.To]
		}
	}
	if b := m.positions(); b != nil && ne > 0 && len(b.kind) == ne {
		x.Kind = b.kind
	} else {
		x.Kind = make([]EdgeKind, ne)
		for e, d := range x.Deps {
			x.Kind[e] = d.Kind
		}
	}
	x.OutStart = make([]int32, x.N+1)
	x.InStart = make([]int32, x.N+1)
	for e := range x.Deps {
		x.OutStart[x.From[e]+1]++
		x.InStart[x.To[e]+1]++
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
	x.number()
	// Each placed instance and its domain, in the order of components, types
	// and instances; then DomInst and InstDoms as windows of two flat slices
	// (one allocation each, not one per instance and per domain).
	// The instances are numbered in the same walk over the components (one
	// visit of each component's memory, not two).
	x.InstBase = make([]int32, x.N+1)
	x.Need = make([]int32, x.N)
	x.Fragile = make([]bool, x.N)
	pairs := make([]int32, 0, 2*x.N) // instance, domain, instance, domain, ...
	domCount := make([]int32, len(x.Domains))
	var tbuf [8]string
	lastType, lastName, lastDom := "", "", int32(0)
	for v, c := range x.Comp {
		x.InstBase[v+1] = x.InstBase[v] + int32(c.Instances())
		x.Need[v], x.Fragile[v] = int32(c.NeedUp()), c.Fragile()
		if len(c.Placement) == 0 {
			continue
		}
		types := tbuf[:0]
		for t := range c.Placement {
			types = append(types, t)
		}
		slices.Sort(types)
		for _, t := range types {
			for i, name := range c.Placement[t] {
				if name == "" || i >= c.Instances() {
					continue
				}
				if t != lastType || name != lastName {
					// Instances of a component, and neighbours, are mostly in
					// the same domain: look it up when it changes.
					lastType, lastName, lastDom = t, name, x.DomPos[DomainRef{t, name}]
				}
				d := lastDom
				inst := x.InstBase[v] + int32(i)
				pairs = append(pairs, inst, d)
				domCount[d]++
			}
		}
	}
	ni := x.InstBase[x.N]
	x.InstOwner = make([]int32, ni)
	for v := 0; v < x.N; v++ {
		for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
			x.InstOwner[i] = int32(v)
		}
	}
	instCount := make([]int32, ni)
	for k := 0; k < len(pairs); k += 2 {
		instCount[pairs[k]]++
	}
	x.DomInst = windows(domCount)
	x.InstDoms = windows(instCount)
	for k := 0; k < len(pairs); k += 2 {
		inst, d := pairs[k], pairs[k+1]
		x.DomInst[d] = append(x.DomInst[d], inst)
		x.InstDoms[inst] = append(x.InstDoms[inst], d)
	}
	for d, insts := range x.DomInst {
		if len(insts) > 0 {
			x.placed = append(x.placed, int32(d))
		}
	}
	return x
}

// windows returns one empty slice per count, with room for that many, cut
// from one allocation; nil where the count is 0.
func windows(counts []int32) [][]int32 {
	total := 0
	for _, c := range counts {
		total += int(c)
	}
	flat := make([]int32, total)
	out := make([][]int32, len(counts))
	off := 0
	for i, c := range counts {
		if c > 0 {
			out[i] = flat[off : off : off+int(c)]
			off += int(c)
		}
	}
	return out
}

// InstanceOwner returns the component of instance i.
func (x *Index) InstanceOwner(i int32) int32 { return x.InstOwner[i] }

// Out returns the out-edges (to dependencies) of v.
func (x *Index) Out(v int32) []int32 { return x.OutEdge[x.OutStart[v]:x.OutStart[v+1]] }

// In returns the in-edges (from dependents) of v.
func (x *Index) In(v int32) []int32 { return x.InEdge[x.InStart[v]:x.InStart[v+1]] }

// DomainClosure returns d and every domain nested in it, in ascending order.
// It is linear in the number of domains.
func (x *Index) DomainClosure(d int32) []int32 {
	var out []int32
	for c := range int32(len(x.Domains)) {
		if x.DomainWithin(c, d) {
			out = append(out, c)
		}
	}
	return out
}

// DomainWithin reports whether domain sub is d or nested in it.
func (x *Index) DomainWithin(sub, d int32) bool {
	return x.domIn[d] <= x.domIn[sub] && x.domIn[sub] < x.domOut[d]
}

// PlacedDomains returns, ascending, the domains that hold an instance
// directly: a domain event loses the instances of those within it.
func (x *Index) PlacedDomains() []int32 { return x.placed }

// number computes domIn and domOut by an iterative depth-first walk.
func (x *Index) number() {
	n := len(x.Domains)
	x.domIn, x.domOut = make([]int32, n), make([]int32, n)
	next := int32(0)
	type frame struct{ d, child int32 }
	for r := range int32(n) {
		if x.DomParent[r] >= 0 {
			continue
		}
		stack := []frame{{r, 0}}
		x.domIn[r] = next
		next++
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if kids := x.DomChildren[top.d]; int(top.child) < len(kids) {
				c := kids[top.child]
				top.child++
				x.domIn[c] = next
				next++
				stack = append(stack, frame{c, 0})
				continue
			}
			x.domOut[top.d] = next
			stack = stack[:len(stack)-1]
		}
	}
}

// SCCs returns the strongly connected components of the subgraph of edges for which
// keep is true (Tarjan's algorithm, iterative), each sorted ascending, ordered by
// their first member. Single components are included; callers check for a cycle.
func (x *Index) SCCs(keep func(*Index, int32) bool) [][]int32 {
	comp, comps := x.CSR(keep).sccs()
	// By first member, which is the least: the component of each vertex v, in
	// ascending order, whose first member v is (linear, not a sort).
	out := make([][]int32, 0, len(comps))
	for v, c := range comp {
		if comps[c][0] == int32(v) {
			out = append(out, comps[c])
		}
	}
	return out
}
