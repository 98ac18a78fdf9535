package failure

import (
	"slices"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/graph"
)

// Shared work for the single-instance events (issue 8): one propagation per
// event costs the sum of all blast radii, which is quadratic where many fragile
// components sit under deep or wide dependents (a long chain of single-instance
// services, a cluster of single-replica deployments behind one frontend).
// Without requires_any groups, the blast radius of a failing component v is v and
// everything that requires it, transitively: reachability, which graph kernels
// compute for every vertex at once. ComputeWith uses them when the propagations
// would exceed a budget:
//
//   - the size of every blast radius: DescendantCounts (bitsets over the
//     condensation);
//   - its first members in ID order, as many as a finding lists, and the
//     entrypoints it takes down (as many, and their number): FirstReachable;
//   - the explanation of the closest lost entrypoint: one breadth-first search
//     from all entrypoints at once along requires edges, which gives every
//     component its nearest entrypoint (ties by ID) and a shortest path to it,
//     walked with jump pointers so that a path of any length is cut to its two
//     ends in O(limit + log n);
//   - which components some single event downs, and the first such event:
//     FirstReachable again, over the fragile components.
//
// Everything else about an event (the whole down list, causes, degraded
// components) is computed when a reader asks for it, by the engine, one event
// at a time (Outcome.Full).

// sharedBudget is the number of component visits the one-propagation-per-event
// method may take before the shared method is used instead.
var sharedBudget = func(x *graph.Index) int64 {
	return max(1<<22, 8*int64(x.N+len(x.Deps)))
}

// singlesCost measures the one-propagation-per-event cost, the sum of the blast
// radii of the fragile components, giving up past budget.
func singlesCost(x *graph.Index, rev graph.CSR, fragile []int32, budget int64) (int64, bool) {
	stamp := make([]int32, x.N)
	var queue []int32
	var work int64
	for i, s := range fragile {
		mark := int32(i + 1)
		stamp[s] = mark
		queue = append(queue[:0], s)
		for qi := 0; qi < len(queue); qi++ {
			v := queue[qi]
			succ := rev.Adj[rev.Start[v]:rev.Start[v+1]]
			work += int64(len(succ)) + 1
			for _, w := range succ {
				if stamp[w] != mark {
					stamp[w] = mark
					queue = append(queue, w)
				}
			}
		}
		if work > budget {
			return work, false
		}
	}
	return work, true
}

// sharedSingles holds what the shared method computed for the outcomes.
type sharedSingles struct {
	size       []int     // blast radius size, the failing component included
	first      [][]int32 // its first limit+1 members, ascending
	entryDown  [][]int32 // the first max(limit, analysis.ListShown) entrypoints lost
	entryCount []int     // and how many in all
	// The nearest-entrypoint tree: dist from the nearest entrypoint along
	// requires edges (-1: none), that entrypoint, and the requires edge from
	// the parent (the next component toward it).
	dist   []int32
	best   []int32
	parent []int32
	bounds []int32   // the binding edges on v's path from its nearest entrypoint
	up     [][]int32 // up[j][v]: the 2^j-th component toward the entrypoint
	limit  int
}

func isRequires(x *graph.Index, e int32) bool { return x.Kind[e] == graph.Requires }

// computeShared fills r.Singles and friends with the shared method.
func computeShared(r *Results, fwd, rev graph.CSR, fragile []int32, fragileAt []bool, limit int) {
	x := r.Index
	s := &sharedSingles{limit: limit}
	r.shared = s
	counts := rev.DescendantCountsByBitsets() // the searches would exceed the budget: measured above
	s.size = make([]int, x.N)
	for _, v := range fragile {
		s.size[v] = counts[v] + 1
	}
	s.first = rev.FirstReachable(rev.Vertices(), fragileAt, limit+1)
	var entries []int32
	for v := int32(0); v < int32(x.N); v++ {
		if x.Entry[v] {
			entries = append(entries, v)
		}
	}
	// As many entrypoints as a finding lists, or as a message names.
	s.entryDown, s.entryCount = rev.FirstReachableCount(entries, fragileAt, max(limit, analysis.ListShown))
	s.nearestEntrypoints(x, entries)

	// SingleDown/SingleBy: the first fragile component each one reaches.
	all := make([]bool, x.N)
	for i := range all {
		all[i] = true
	}
	index := make([]int32, x.N)
	for i, v := range fragile {
		index[v] = int32(i)
	}
	firstFragile := fwd.FirstReachable(fragile, all, 1)
	for v := range x.N {
		if f := firstFragile[v]; len(f) > 0 {
			r.SingleDown[v] = true
			r.SingleBy[v] = index[f[0]]
		}
	}
	for _, v := range fragile {
		ev := Event{Kind: Instance, Comp: v}
		var ed []int32
		if len(s.entryDown[v]) > 0 {
			ed = s.entryDown[v]
		}
		r.Singles = append(r.Singles, &Outcome{Event: ev, Label: ev.Label(x), EntryDown: ed, x: x, res: r, lazy: true})
	}
}

// nearestEntrypoints runs the breadth-first search from every entrypoint at once.
func (s *sharedSingles) nearestEntrypoints(x *graph.Index, entries []int32) {
	n := x.N
	s.dist = make([]int32, n)
	s.best = make([]int32, n)
	s.parent = make([]int32, n)
	for v := range n {
		s.dist[v], s.best[v], s.parent[v] = -1, -1, -1
	}
	level := append([]int32(nil), entries...)
	order := append([]int32(nil), entries...) // every component reached, by distance
	for _, e := range entries {
		s.dist[e], s.best[e] = 0, e
	}
	maxDist := int32(0)
	for d := int32(0); len(level) > 0; d++ {
		var next []int32
		for _, u := range level {
			for _, ed := range x.Out(u) {
				if !isRequires(x, ed) {
					continue
				}
				w := x.To[ed]
				switch {
				case s.dist[w] < 0:
					s.dist[w], s.best[w], s.parent[w] = d+1, s.best[u], ed
					next = append(next, w)
					order = append(order, w)
					maxDist = d + 1
				case s.dist[w] == d+1 && s.better(x, u, ed, w):
					s.best[w], s.parent[w] = s.best[u], ed
				}
			}
		}
		level = next
	}
	// The binding edges on each path, summed from the entrypoint down (a
	// parent is one step nearer, so it comes first in order).
	s.bounds = make([]int32, n)
	for _, w := range order {
		if p := s.parent[w]; p >= 0 {
			s.bounds[w] = s.bounds[x.From[p]]
			if x.Deps[p].Bound.Filename != "" {
				s.bounds[w]++
			}
		}
	}
	// Jump pointers over the parents.
	up0 := make([]int32, n)
	for v := range n {
		up0[v] = -1
		if p := s.parent[v]; p >= 0 {
			up0[v] = x.From[p]
		}
	}
	s.up = [][]int32{up0}
	for j := 1; 1<<j <= int(maxDist); j++ {
		prev, cur := s.up[j-1], make([]int32, n)
		for v := range n {
			cur[v] = -1
			if m := prev[v]; m >= 0 {
				cur[v] = prev[m]
			}
		}
		s.up = append(s.up, cur)
	}
}

// better reports whether reaching w from u over edge ed beats w's current
// parent: a smaller nearest entrypoint, then a smaller parent, then a smaller edge.
func (s *sharedSingles) better(x *graph.Index, u, ed, w int32) bool {
	cur := s.parent[w]
	if s.best[u] != s.best[w] {
		return s.best[u] < s.best[w]
	}
	if cu := x.From[cur]; u != cu {
		return u < cu
	}
	return ed < cur
}

// ancestor returns the component k steps from v toward its nearest entrypoint.
func (s *sharedSingles) ancestor(v int32, k int32) int32 {
	for j := 0; k > 0; j++ {
		if k&1 != 0 {
			v = s.up[j][v]
		}
		k >>= 1
	}
	return v
}

// pathNodes returns the explanation from v's nearest entrypoint to v: the
// components from the entrypoint to v, all of them when there are at most limit,
// else the first limit/2 and the last limit-limit/2, with the number left out
// between them (at index cut).
func (s *sharedSingles) pathNodes(v int32) (nodes []int32, cut, elided int) {
	total := int(s.dist[v]) + 1
	shown, h := total, total
	if s.limit > 0 && total > s.limit {
		shown, h = s.limit, s.limit/2
	}
	for i := range shown {
		k := i // index in the whole path
		if i >= h {
			k = total - shown + i
		}
		nodes = append(nodes, s.ancestor(v, int32(total-1-k)))
	}
	return nodes, h, total - shown
}

// hopRelated returns what a finding relates for the requires edge e of a path:
// its declaration and, for an edge that binds two layers, the other end's.
func hopRelated(x *graph.Index, e int32) []analysis.Related {
	d := x.Deps[e]
	out := []analysis.Related{{Message: d.From + " requires " + d.To, Location: analysis.LocationOf(d.Range)}}
	return appendBound(out, d)
}

// related returns the related declarations of v's explanation from its nearest
// entrypoint, as a finding reports them: all of them when there are at most
// limit, else the first limit/2 and the last limit-limit/2 (analysis.Pass.Report's
// cut), found by walking only those ends of the path.
func (s *sharedSingles) related(x *graph.Index, v int32) []analysis.Related {
	dist := s.dist[v]
	total := int(dist) + int(s.bounds[v])
	var out []analysis.Related
	if s.limit <= 0 || total <= s.limit {
		for i := int32(1); i <= dist; i++ {
			out = append(out, hopRelated(x, s.parent[s.ancestor(v, dist-i)])...)
		}
		return out
	}
	h := s.limit / 2
	for i := int32(1); len(out) < h; i++ {
		out = append(out, hopRelated(x, s.parent[s.ancestor(v, dist-i)])...)
	}
	out = out[:h]
	var tail []analysis.Related // reversed
	for c := v; len(tail) < s.limit-h; c = x.From[s.parent[c]] {
		hop := hopRelated(x, s.parent[c])
		slices.Reverse(hop)
		tail = append(tail, hop...)
	}
	tail = tail[:s.limit-h]
	slices.Reverse(tail)
	return append(out, tail...)
}
