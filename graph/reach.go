package graph

import "math/bits"

// FirstReachable returns, for every vertex v with want[v], the first limit
// targets (in the order of targets, which must be ascending positions) that v
// reaches, v itself included when it is a target. Targets are always explicit:
// no targets (nil or empty) means none is reached (Vertices lists every vertex).
// A nil entry means v is not wanted.
//
// It shares the work between all vertices the way DescendantCounts's bitset
// method does: strongly connected sets are condensed, and reachability bitsets
// over a block of targets are propagated over the condensation from its sinks
// up, O(n·m/64) word operations for all the blocks, with memory bounded by the
// block size. Blocks are taken in target order and it stops as soon as every
// wanted vertex has limit targets, so asking for a few targets (the first
// hundred members of every blast radius) usually costs one block.
func (g CSR) FirstReachable(targets []int32, want []bool, limit int) [][]int32 {
	first, _ := g.firstReachable(targets, want, limit, 0, false)
	return first
}

// Vertices returns every vertex, ascending: the targets for "any vertex".
func (g CSR) Vertices() []int32 {
	out := make([]int32, g.N)
	for v := range out {
		out[v] = int32(v)
	}
	return out
}

// FirstReachableCount is FirstReachable, and also counts, for every wanted
// vertex, all the targets it reaches (so it takes every block).
func (g CSR) FirstReachableCount(targets []int32, want []bool, limit int) ([][]int32, []int) {
	return g.firstReachable(targets, want, limit, 0, true)
}

// firstReachable is FirstReachable; blockWords forces the block size in words
// (0: as large as 256 MB of bitsets allows).
func (g CSR) firstReachable(targets []int32, want []bool, limit, blockWords int, count bool) ([][]int32, []int) {
	n := g.N
	out := make([][]int32, n)
	var counts []int
	if count {
		counts = make([]int, n)
	}
	if limit <= 0 && !count {
		return out, counts
	}
	nt := len(targets)
	comp, comps := g.sccs()
	// Each component's own targets, by target index (ascending).
	own := make([][]int32, len(comps))
	for i, t := range targets {
		own[comp[t]] = append(own[comp[t]], int32(i))
	}
	csucc := make([][]int32, len(comps))
	seen := make([]int32, len(comps))
	for c := range seen {
		seen[c] = -1
	}
	for c, members := range comps {
		for _, v := range members {
			for _, w := range g.succ(v) {
				if d := comp[w]; d != int32(c) && seen[d] != int32(c) {
					seen[d] = int32(c)
					csucc[c] = append(csucc[c], d)
				}
			}
		}
	}
	pending := 0
	for v := range n {
		if want[v] {
			out[v] = []int32{}
			pending++
		}
	}
	const budgetWords = 32 << 20 // 256 MB of bitsets at most
	words := max(1, min((nt+63)/64, budgetWords/max(1, len(comps))))
	if blockWords > 0 {
		words = blockWords
	}
	bitsets := make([]uint64, len(comps)*words)
	for lo := 0; lo < nt && (pending > 0 || count); lo += words * 64 {
		hi := min(nt, lo+words*64)
		clear(bitsets)
		// comps come sinks first: a component's successors are complete before it.
		for c := range comps {
			row := bitsets[c*words : (c+1)*words]
			for _, t := range own[c] {
				if int(t) >= lo && int(t) < hi {
					row[(int(t)-lo)/64] |= 1 << uint((int(t)-lo)%64)
				}
			}
			for _, d := range csucc[c] {
				drow := bitsets[int(d)*words : (int(d)+1)*words]
				for i := range row {
					row[i] |= drow[i]
				}
			}
		}
		for v := range n {
			if !want[v] {
				continue
			}
			row := bitsets[int(comp[v])*words : (int(comp[v])+1)*words]
			if count {
				for _, w := range row {
					counts[v] += bits.OnesCount64(w)
				}
			}
			if len(out[v]) >= limit {
				continue
			}
			for i, w := range row {
				for w != 0 && len(out[v]) < limit {
					b := bits.TrailingZeros64(w)
					w &= w - 1
					out[v] = append(out[v], targets[lo+i*64+b])
				}
				if len(out[v]) >= limit {
					pending--
					break
				}
			}
		}
	}
	return out, counts
}
