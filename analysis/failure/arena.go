package failure

// An arena hands out the slices of the outcomes one engine snapshots (the
// failure pass keeps one per single-instance event: a quarter of the
// components on some shapes) from shared chunks, and the outcomes themselves
// from slabs, instead of six allocations per event. Each slice is cut with
// its capacity equal to its length, so that an append by a reader copies it
// rather than writing into a neighbour's. A nil arena allocates each.
type arena struct {
	ints   []int32
	causes []Cause
	outs   []Outcome
}

const (
	arenaChunk = 1 << 14 // elements of a chunk of int32s or causes
	arenaSlab  = 256     // outcomes of a slab
)

// int32s returns a slice of n int32s (nil when n is 0).
func (a *arena) int32s(n int) []int32 {
	if n == 0 {
		return nil
	}
	if a == nil || n > arenaChunk/8 {
		return make([]int32, n)
	}
	if len(a.ints)+n > cap(a.ints) {
		a.ints = make([]int32, 0, arenaChunk)
	}
	l := len(a.ints)
	a.ints = a.ints[:l+n]
	return a.ints[l : l+n : l+n]
}

// causeList returns a slice of n causes (empty, not nil, when n is 0).
func (a *arena) causeList(n int) []Cause {
	if a == nil || n == 0 || n > arenaChunk/8 {
		return make([]Cause, n)
	}
	if len(a.causes)+n > cap(a.causes) {
		a.causes = make([]Cause, 0, arenaChunk)
	}
	l := len(a.causes)
	a.causes = a.causes[:l+n]
	return a.causes[l : l+n : l+n]
}

// outcome returns a zero Outcome.
func (a *arena) outcome() *Outcome {
	if a == nil {
		return &Outcome{}
	}
	if len(a.outs) == cap(a.outs) {
		a.outs = make([]Outcome, 0, arenaSlab)
	}
	a.outs = a.outs[:len(a.outs)+1]
	return &a.outs[len(a.outs)-1]
}

// sortedDown is SortedDown with its slice from a.
func (r *Result) sortedDown(a *arena) []int32 {
	out := a.int32s(len(r.DownList))
	if scan(len(r.DownList), r.x.N) {
		return fill(out, r.Down)
	}
	copy(out, r.DownList)
	sortInt32(out)
	return out
}

// sortedDegraded is SortedDegraded with its slice from a.
func (r *Result) sortedDegraded(a *arena) []int32 {
	n := 0
	for _, v := range r.DegradedList {
		if r.Degraded[v] {
			n++
		}
	}
	out := a.int32s(n)
	if scan(len(r.DegradedList), r.x.N) {
		return fill(out, r.Degraded)
	}
	out = out[:0]
	for _, v := range r.DegradedList {
		if r.Degraded[v] {
			out = append(out, v)
		}
	}
	sortInt32(out)
	return out
}

// entrypointsDown is EntrypointsDown with its slice from a.
func (r *Result) entrypointsDown(a *arena) []int32 {
	n := 0
	for _, v := range r.DownList {
		if r.x.Entry[v] {
			n++
		}
	}
	out := a.int32s(n)
	if n == 0 {
		return out
	}
	if scan(len(r.DownList), r.x.N) {
		out = out[:0]
		for v, down := range r.Down {
			if down && r.x.Entry[v] {
				out = append(out, int32(v))
			}
		}
		return out
	}
	out = out[:0]
	for _, v := range r.DownList {
		if r.x.Entry[v] {
			out = append(out, v)
		}
	}
	sortInt32(out)
	return out
}

// fill writes into out, ascending, the positions whose flag is set (exactly
// len(out) of them).
func fill(out []int32, flags []bool) []int32 {
	i := 0
	for v, set := range flags {
		if set {
			out[i] = int32(v)
			i++
		}
	}
	return out
}
