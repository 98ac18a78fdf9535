package graph

import (
	"math/bits"
	"slices"
)

// CSR is a directed graph on vertices 0..N-1 in compressed sparse row form: the
// successors of v are Adj[Start[v]:Start[v+1]]. The graph kernels below run on it;
// Index.CSR builds one from a model's edges.
type CSR struct {
	N     int
	Start []int32
	Adj   []int32
}

// NewCSR builds a CSR from an edge list (parallel edges and self-loops allowed).
func NewCSR(n int, from, to []int32) CSR {
	g := CSR{N: n, Start: make([]int32, n+1), Adj: make([]int32, len(from))}
	for _, f := range from {
		g.Start[f+1]++
	}
	for v := 0; v < n; v++ {
		g.Start[v+1] += g.Start[v]
	}
	fill := append([]int32(nil), g.Start[:n]...)
	for i, f := range from {
		g.Adj[fill[f]] = to[i]
		fill[f]++
	}
	return g
}

// CSR returns the graph of x's edges for which keep is true (dependent to
// dependency), or of every edge when keep is nil. The successors of v are in
// the order of v's out-edges (ascending edge numbers), as NewCSR over the kept
// edges in edge order would list them; built in one pass over the out-edges,
// without growing lists.
func (x *Index) CSR(keep func(*Index, int32) bool) CSR {
	g := CSR{N: x.N, Start: make([]int32, x.N+1)}
	if keep == nil {
		g.Adj = make([]int32, 0, len(x.OutEdge))
	} else {
		kept := 0
		for e := range x.Deps {
			if keep(x, int32(e)) {
				kept++
			}
		}
		g.Adj = make([]int32, 0, kept)
	}
	for v := int32(0); v < int32(x.N); v++ {
		g.Start[v] = int32(len(g.Adj))
		for _, e := range x.Out(v) {
			if keep == nil || keep(x, e) {
				g.Adj = append(g.Adj, x.To[e])
			}
		}
	}
	g.Start[x.N] = int32(len(g.Adj))
	return g
}

// Reverse returns the graph with every edge reversed.
func (g CSR) Reverse() CSR {
	from := make([]int32, 0, len(g.Adj))
	to := make([]int32, 0, len(g.Adj))
	for v := 0; v < g.N; v++ {
		for _, w := range g.Adj[g.Start[v]:g.Start[v+1]] {
			from = append(from, w)
			to = append(to, int32(v))
		}
	}
	return NewCSR(g.N, from, to)
}

func (g CSR) succ(v int32) []int32 { return g.Adj[g.Start[v]:g.Start[v+1]] }

// Dominators returns the immediate dominator of every vertex reachable from root
// (idom[root] = root) and -1 for the others: Lengauer and Tarjan's algorithm with
// path compression, O(m log n), iterative throughout.
func (g CSR) Dominators(root int32) []int32 {
	n := g.N
	idom := make([]int32, n)
	for i := range idom {
		idom[i] = -1
	}
	if root < 0 || int(root) >= n {
		return idom
	}
	pre := make([]int32, n) // preorder number + 1; 0: unreached
	vertex := make([]int32, 0, n)
	parent := make([]int32, n)
	// Iterative DFS in the order a recursive one would visit.
	type frame struct{ v, i int32 }
	stack := []frame{{root, g.Start[root]}}
	pre[root] = 1
	vertex = append(vertex, root)
	parent[root] = -1
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.i == g.Start[f.v+1] {
			stack = stack[:len(stack)-1]
			continue
		}
		w := g.Adj[f.i]
		f.i++
		if pre[w] == 0 {
			pre[w] = int32(len(vertex) + 1)
			vertex = append(vertex, w)
			parent[w] = f.v
			stack = append(stack, frame{w, g.Start[w]})
		}
	}
	// Predecessors among reached vertices.
	rg := g.Reverse()
	semi := make([]int32, n)     // semidominator, as a preorder index
	ancestor := make([]int32, n) // forest links, -1 for a root
	label := make([]int32, n)
	for _, v := range vertex {
		semi[v] = pre[v] - 1
		ancestor[v] = -1
		label[v] = v
	}
	// Buckets as linked lists in two arrays: one allocation instead of one per vertex.
	bucketHead := make([]int32, n)
	bucketNext := make([]int32, n)
	for i := range bucketHead {
		bucketHead[i] = -1
	}
	var path []int32
	eval := func(v int32) int32 {
		if ancestor[v] < 0 {
			return v
		}
		// Compress the path from v to the root of its tree, iteratively.
		path = path[:0]
		for u := v; ancestor[ancestor[u]] >= 0; u = ancestor[u] {
			path = append(path, u)
		}
		for i := len(path) - 1; i >= 0; i-- {
			u := path[i]
			a := ancestor[u]
			if semi[label[a]] < semi[label[u]] {
				label[u] = label[a]
			}
			ancestor[u] = ancestor[a]
		}
		return label[v]
	}
	for i := len(vertex) - 1; i >= 1; i-- {
		w := vertex[i]
		for _, v := range rg.succ(w) {
			if pre[v] == 0 {
				continue // unreachable predecessor
			}
			if u := eval(v); semi[u] < semi[w] {
				semi[w] = semi[u]
			}
		}
		sw := vertex[semi[w]]
		bucketNext[w], bucketHead[sw] = bucketHead[sw], w
		p := parent[w]
		ancestor[w] = p
		for v := bucketHead[p]; v >= 0; v = bucketNext[v] {
			if u := eval(v); semi[u] < semi[v] {
				idom[v] = u
			} else {
				idom[v] = p
			}
		}
		bucketHead[p] = -1
	}
	for _, w := range vertex[1:] {
		if idom[w] != vertex[semi[w]] {
			idom[w] = idom[idom[w]]
		}
	}
	idom[root] = root
	return idom
}

// ArticulationPoints returns, ascending, the vertices whose removal disconnects
// the graph seen as undirected (edge directions ignored, self-loops and parallel
// edges allowed): Hopcroft and Tarjan's algorithm, iterative.
func (g CSR) ArticulationPoints() []int32 {
	n := g.N
	// Undirected adjacency with edge ids, so that the edge to the parent is skipped
	// once but a parallel edge back counts.
	deg := make([]int32, n+1)
	for v := 0; v < n; v++ {
		for _, w := range g.succ(int32(v)) {
			if w != int32(v) {
				deg[v+1]++
				deg[w+1]++
			}
		}
	}
	for v := 0; v < n; v++ {
		deg[v+1] += deg[v]
	}
	adj := make([]int32, deg[n])
	eid := make([]int32, deg[n])
	fill := append([]int32(nil), deg[:n]...)
	id := int32(0)
	for v := 0; v < n; v++ {
		for _, w := range g.succ(int32(v)) {
			if w == int32(v) {
				continue
			}
			adj[fill[v]], eid[fill[v]] = w, id
			fill[v]++
			adj[fill[w]], eid[fill[w]] = int32(v), id
			fill[w]++
			id++
		}
	}
	disc := make([]int32, n)
	low := make([]int32, n)
	is := make([]bool, n)
	timer := int32(0)
	type frame struct{ v, via, i, children int32 }
	for r := int32(0); r < int32(n); r++ {
		if disc[r] != 0 {
			continue
		}
		timer++
		disc[r], low[r] = timer, timer
		stack := []frame{{r, -1, deg[r], 0}}
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.i < deg[f.v+1] {
				w, e := adj[f.i], eid[f.i]
				f.i++
				if e == f.via {
					continue
				}
				if disc[w] == 0 {
					timer++
					disc[w], low[w] = timer, timer
					f.children++
					stack = append(stack, frame{w, e, deg[w], 0})
				} else if disc[w] < low[f.v] {
					low[f.v] = disc[w]
				}
				continue
			}
			done := *f
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				if done.children > 1 {
					is[done.v] = true
				}
				continue
			}
			p := &stack[len(stack)-1]
			if low[done.v] < low[p.v] {
				low[p.v] = low[done.v]
			}
			if len(stack) > 1 && low[done.v] >= disc[p.v] {
				is[p.v] = true
			}
		}
	}
	var out []int32
	for v, ok := range is {
		if ok {
			out = append(out, int32(v))
		}
	}
	return out
}

// DescendantCounts returns, for every vertex, the number of other vertices
// reachable from it. Where reachability is sparse (shallow dependency graphs,
// the common case) one search per vertex is cheapest; it runs within a budget of
// the bitset method's cost, and past that budget the bitset method takes over:
// condense strongly connected sets, then propagate reachability bitsets over the
// condensation from its sinks up, a block of target vertices at a time so that
// memory stays bounded — O(n·m/64) word operations shared by every vertex. So
// the cost is at most about twice the better of the two.
func (g CSR) DescendantCounts() []int {
	budget := int64((g.N+63)/64) * int64(len(g.Adj)+g.N)
	if out, ok := g.descendantCountsBySearch(budget); ok {
		return out
	}
	return g.descendantCountsByBitsets(0)
}

// DescendantCountsByBitsets is DescendantCounts without trying the searches
// first, for a caller that knows they would exceed the budget.
func (g CSR) DescendantCountsByBitsets() []int { return g.descendantCountsByBitsets(0) }

// descendantCountsBySearch counts by one breadth-first search per vertex, and
// gives up (ok false) once its work exceeds budget.
func (g CSR) descendantCountsBySearch(budget int64) ([]int, bool) {
	n := g.N
	out := make([]int, n)
	stamp := make([]int32, n)
	queue := make([]int32, 0, 64)
	var work int64
	for s := int32(0); s < int32(n); s++ {
		mark := s + 1
		stamp[s] = mark
		queue = append(queue[:0], s)
		count := 0
		for qi := 0; qi < len(queue); qi++ {
			v := queue[qi]
			succ := g.succ(v)
			work += int64(len(succ)) + 1
			for _, w := range succ {
				if stamp[w] != mark {
					stamp[w] = mark
					queue = append(queue, w)
					count++
				}
			}
		}
		if work > budget {
			return nil, false
		}
		out[s] = count
	}
	return out, true
}

// descendantCountsByBitsets is the bitset method of DescendantCounts; blockWords
// forces the block size in words (0: as large as 256 MB of bitsets allows).
func (g CSR) descendantCountsByBitsets(blockWords int) []int {
	n := g.N
	comp, comps := g.sccs()
	// Targets are numbered so that each component's members are consecutive.
	first := make([]int32, len(comps)+1)
	for c, members := range comps {
		first[c+1] = first[c] + int32(len(members))
	}
	// Condensation successors, deduplicated.
	csucc := make([][]int32, len(comps))
	for c, members := range comps {
		seen := map[int32]bool{}
		for _, v := range members {
			for _, w := range g.succ(v) {
				if d := comp[w]; d != int32(c) && !seen[d] {
					seen[d] = true
					csucc[c] = append(csucc[c], d)
				}
			}
		}
	}
	// comps come out of Tarjan's algorithm sinks first: a component's successors
	// precede it, which is the order the propagation needs.
	counts := make([]int, len(comps))
	const budgetWords = 32 << 20 // 256 MB of bitsets at most
	words := max(1, min((n+63)/64, budgetWords/max(1, len(comps))))
	if blockWords > 0 {
		words = blockWords
	}
	bitsets := make([]uint64, len(comps)*words)
	for lo := 0; lo < n; lo += words * 64 {
		hi := min(n, lo+words*64)
		clear(bitsets)
		for c := range comps {
			row := bitsets[c*words : (c+1)*words]
			for _, d := range csucc[c] {
				drow := bitsets[int(d)*words : (int(d)+1)*words]
				for i := range row {
					row[i] |= drow[i]
				}
				// d's own members within [lo, hi).
				a, b := max(int(first[d]), lo), min(int(first[d+1]), hi)
				for t := a; t < b; t++ {
					row[(t-lo)/64] |= 1 << uint((t-lo)%64)
				}
			}
			for _, w := range row {
				counts[c] += bits.OnesCount64(w)
			}
		}
	}
	out := make([]int, n)
	for v := 0; v < n; v++ {
		c := comp[v]
		out[v] = counts[c] + len(comps[c]) - 1
	}
	return out
}

// sccs returns each vertex's strongly connected component and the components,
// in the order Tarjan's algorithm completes them (every component after the
// components it reaches).
func (g CSR) sccs() ([]int32, [][]int32) {
	n := g.N
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	comp := make([]int32, n)
	for i := range index {
		index[i] = -1
	}
	// The members of every component, one after another in the order the
	// components are found (each run sorted), and where each run ends: one
	// allocation for all of them rather than one per component (most are
	// single components, as many as the graph has vertices).
	flat := make([]int32, 0, n)
	var ends []int32
	var stack []int32
	next := int32(0)
	type frame struct{ v, i int32 }
	var call []frame
	for r := int32(0); r < int32(n); r++ {
		if index[r] >= 0 {
			continue
		}
		call = append(call[:0], frame{r, g.Start[r]})
		index[r], low[r] = next, next
		next++
		stack = append(stack, r)
		onStack[r] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.i < g.Start[v+1] {
				w := g.Adj[f.i]
				f.i++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, g.Start[w]})
				} else if onStack[w] && index[w] < low[v] {
					low[v] = index[w]
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				if u := call[len(call)-1].v; low[v] < low[u] {
					low[u] = low[v]
				}
			}
			if low[v] == index[v] {
				begin := len(flat)
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = int32(len(ends))
					flat = append(flat, w)
					if w == v {
						break
					}
				}
				slices.Sort(flat[begin:])
				ends = append(ends, int32(len(flat)))
			}
		}
	}
	comps := make([][]int32, len(ends))
	begin := int32(0)
	for i, end := range ends {
		comps[i] = flat[begin:end:end]
		begin = end
	}
	return comp, comps
}
