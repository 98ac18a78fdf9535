package availability

import "github.com/faultline-dev/faultline/graph"

// ExactBoth returns the exact estimate of t by exact and by exactRef (the
// walk as it was before upTree shared its stack and its states); ok is false
// when t has no exact estimate.
func ExactBoth(x *graph.Index, t int32) (got, want float64, ok bool) {
	sc := newExactScratch(x)
	support, tree := supportOf(x, t, sc)
	if !tree {
		return 0, 0, false
	}
	support = append([]int32(nil), support...)
	got, ok = exact(x, t, support, sc)
	if !ok {
		return 0, 0, false
	}
	want, ok = exactRef(x, t, support, newExactScratch(x))
	return got, want, ok
}

// exactRef is exact with upTreeRef.
func exactRef(x *graph.Index, t int32, support []int32, sc *exactScratch) (float64, bool) {
	var doms []int32
	for _, v := range support {
		for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
			for _, d := range x.InstDoms[i] {
				for cur := d; cur >= 0; cur = x.DomParent[cur] {
					if sc.domIdx[cur] < 0 {
						sc.domIdx[cur] = int32(len(doms))
						doms = append(doms, cur)
					}
				}
			}
		}
	}
	if len(doms) > MaxExactDomains || (1<<len(doms))*len(support) > maxExactWork {
		return 0, false
	}
	for _, v := range support {
		for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
			var m uint32
			for _, d := range x.InstDoms[i] {
				for cur := d; cur >= 0; cur = x.DomParent[cur] {
					m |= 1 << sc.domIdx[cur]
				}
			}
			sc.instMask[i] = m
		}
	}
	states := uint32(1) << len(doms)
	up := upTreeRef(x, t, states, sc)
	total := 0.0
	for state := uint32(0); state < states; state++ {
		p := 1.0
		for j, d := range doms {
			a := sc.domAvail[d]
			if state&(1<<j) != 0 {
				p *= a
			} else {
				p *= 1 - a
			}
		}
		if p == 0 {
			continue
		}
		total += p * up[state]
	}
	return total, true
}

// upTreeRef is upTree as it was: a fresh array per component, every state
// computed.
func upTreeRef(x *graph.Index, v int32, states uint32, sc *exactScratch) []float64 {
	a, need := sc.avail[v], int(sc.need[v])
	out := make([]float64, states)
	for state := range states {
		var probs []float64
		for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
			if sc.instMask[i]&^state != 0 {
				probs = append(probs, 0)
			} else {
				probs = append(probs, a)
			}
		}
		out[state] = atLeast(probs, need)
	}
	var groups map[int][][]float64
	var order []int
	for _, e := range x.Out(v) {
		switch x.Kind[e] {
		case graph.Requires:
			for state, q := range upTreeRef(x, x.To[e], states, sc) {
				out[state] *= q
			}
		case graph.RequiresAny:
			d := x.Deps[e]
			if groups == nil {
				groups = map[int][][]float64{}
			}
			if _, ok := groups[d.Group]; !ok {
				order = append(order, d.Group)
			}
			groups[d.Group] = append(groups[d.Group], upTreeRef(x, x.To[e], states, sc))
		}
	}
	for _, g := range order {
		alts := groups[g]
		ps := make([]float64, len(alts))
		for state := range out {
			for j, alt := range alts {
				ps[j] = alt[state]
			}
			out[state] *= atLeast(ps, x.Model.Groups[g].Need)
		}
	}
	return out
}
