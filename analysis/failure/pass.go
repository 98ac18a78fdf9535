package failure

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer is the shared pass: the outcome of every single-instance event (one per
// component whose single-instance loss takes it down; other components survive the
// loss of one instance by construction) and of every domain event.
var Analyzer = &analysis.Analyzer{
	Name: "failure",
	Doc:  "Computes the blast radius of every single-instance event and every failure-domain event.",
	Run:  run,
}

// Outcome is an immutable snapshot of a Result.
type Outcome struct {
	Event Event
	Label string
	// EntryDown lists the downed entrypoints, ascending (see EntrypointsLost).
	// Down lists the downed components, ascending; Cause, Via and Root are aligned
	// with it (Root: index of the event that hit it, for Direct causes).
	Down      []int32
	Cause     []Cause
	Via       []int32
	Degraded  []int32
	EntryDown []int32
	x         *graph.Index
	// A lazy outcome (the shared method, shared.go) has only Event, Label and
	// EntryDown; Full computes the rest.
	lazy bool
	res  *Results
}

// Full returns the outcome with every field: o itself, or, for an outcome of the
// shared method, one computed by the engine now (kept among the few most recent).
func (o *Outcome) Full() *Outcome {
	if !o.lazy {
		return o
	}
	r := o.res
	for _, f := range r.recent {
		if f.Event == o.Event {
			return f
		}
	}
	f := Snapshot(r.engine.Run(o.Event))
	if len(r.recent) == cap(r.recent) {
		copy(r.recent, r.recent[1:])
		r.recent = r.recent[:len(r.recent)-1]
	}
	r.recent = append(r.recent, f)
	return f
}

// EntrypointsLost returns the number of entrypoints the event downs. EntryDown
// lists them all, except in an outcome of the shared method, which lists at most
// the blast limit of them, or as many as a message names (analysis.ListShown).
func (o *Outcome) EntrypointsLost() int {
	if o.lazy {
		return o.res.shared.entryCount[o.Event.Comp]
	}
	return len(o.EntryDown)
}

// BlastRadius returns the components the event downs besides the one it hit, in
// ID order, at most limit of them (0: all), and how many there are in all.
func (o *Outcome) BlastRadius(limit int) ([]int32, int) {
	if o.lazy && (limit > 0 && limit <= o.res.shared.limit) {
		s, v := o.res.shared, o.Event.Comp
		var out []int32
		for _, d := range s.first[v] {
			if d != v && len(out) < limit {
				out = append(out, d)
			}
		}
		return out, s.size[v] - 1
	}
	f := o.Full()
	out := make([]int32, 0, len(f.Down))
	for _, d := range f.Down {
		if d != o.Event.Comp || o.Event.Kind != Instance && o.Event.Kind != Whole {
			out = append(out, d)
		}
	}
	n := len(out)
	if limit > 0 && n > limit {
		out = out[:limit]
	}
	return out, n
}

// Snapshot copies a Result into an Outcome. The result must come from one event.
// Its slices come from the engine's arena (arena.go).
func Snapshot(r *Result) *Outcome {
	a := r.arena
	o := a.outcome()
	o.x, o.Down, o.Degraded, o.EntryDown = r.x, r.sortedDown(a), r.sortedDegraded(a), r.entrypointsDown(a)
	if len(r.Events) > 0 {
		o.Event = r.Events[0]
		o.Label = o.Event.Label(r.x)
	}
	o.Cause = a.causeList(len(o.Down))
	o.Via = a.int32s(len(o.Down))
	if o.Via == nil {
		o.Via = []int32{}
	}
	for i, v := range o.Down {
		o.Cause[i], o.Via[i] = r.Cause[v], r.Via[v]
	}
	return o
}

func (o *Outcome) find(v int32) int {
	if o.lazy {
		return o.Full().find(v)
	}
	i, ok := slices.BinarySearch(o.Down, v)
	if !ok {
		return -1
	}
	return i
}

// IsDown reports whether v is down in this outcome.
func (o *Outcome) IsDown(v int32) bool { return o.find(v) >= 0 }

// CauseOf returns why v is down (NotDown when it is up) and the edge involved.
func (o *Outcome) CauseOf(v int32) (Cause, int32) {
	if o.lazy {
		return o.Full().CauseOf(v)
	}
	i := o.find(v)
	if i < 0 {
		return NotDown, -1
	}
	return o.Cause[i], o.Via[i]
}

// Path returns the explanation of v's failure as IDs: v, the dependency that downed
// it, and so on to the component the event hit. Nil when v is up.
func (o *Outcome) Path(v int32) []string {
	if o.lazy {
		s := o.res.shared
		if v != s.best[o.Event.Comp] {
			return o.Full().Path(v)
		}
		nodes, cut, elided := s.pathNodes(o.Event.Comp)
		out := make([]string, 0, len(nodes)+1)
		for i, c := range nodes {
			if i == cut && elided > 0 {
				out = append(out, analysis.Elided(elided))
			}
			out = append(out, o.x.IDs[c])
		}
		return out
	}
	var out []string
	for _, e := range o.chain(v) {
		out = append(out, o.x.IDs[e])
	}
	return out
}

// chain returns the components of v's explanation, v first.
func (o *Outcome) chain(v int32) []int32 {
	if o.find(v) < 0 {
		return nil
	}
	var out []int32
	for steps := 0; steps <= o.x.N; steps++ {
		out = append(out, v)
		c, via := o.CauseOf(v)
		if c != Required && c != AnyGroup {
			break
		}
		v = o.x.To[via]
	}
	return out
}

// PathSize returns the number of components on v's whole explanation, which Path
// may cut short (an outcome of the shared method cuts a long one to its ends).
func (o *Outcome) PathSize(v int32) int {
	if o.lazy {
		s := o.res.shared
		if v == s.best[o.Event.Comp] {
			return int(s.dist[o.Event.Comp]) + 1
		}
		return o.Full().PathSize(v)
	}
	return len(o.chain(v))
}

// PathRelated returns, for each hop of v's explanation, the location of the
// declaration that carries the failure one step further. An outcome of the
// shared method returns, for its closest entrypoint, only what a finding keeps
// of a long list (the ends that analysis.Pass.Report's cut keeps).
func (o *Outcome) PathRelated(v int32) []analysis.Related {
	if o.lazy {
		s := o.res.shared
		if v != s.best[o.Event.Comp] {
			return o.Full().PathRelated(v)
		}
		return s.related(o.x, o.Event.Comp)
	}
	var out []analysis.Related
	for _, c := range o.chain(v) {
		cause, via := o.CauseOf(c)
		if cause != Required && cause != AnyGroup {
			break
		}
		d := o.x.Deps[via]
		msg := d.From + " requires " + d.To
		if cause == AnyGroup {
			g := o.x.Model.Groups[d.Group]
			msg = fmt.Sprintf("%s requires %d of %s", d.From, g.Need, strings.Join(g.Of, ", "))
		}
		out = append(out, analysis.Related{Message: msg, Location: analysis.LocationOf(d.Range)})
		out = appendBound(out, d)
	}
	return out
}

// ClosestEntry returns the downed entrypoint with the shortest explanation (ties
// by ID), or -1.
func (o *Outcome) ClosestEntry() int32 {
	if o.lazy {
		if len(o.EntryDown) == 0 {
			return -1
		}
		return o.res.shared.best[o.Event.Comp]
	}
	best, bestLen := int32(-1), 0
	for _, e := range o.EntryDown {
		if l := len(o.chain(e)); best < 0 || l < bestLen {
			best, bestLen = e, l
		}
	}
	return best
}

// IDs converts positions to IDs.
func IDs(x *graph.Index, vs []int32) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = x.IDs[v]
	}
	return out
}

// Results is the result of Analyzer.
type Results struct {
	Index *graph.Index
	// Singles holds one outcome per fragile component, in ID order.
	Singles []*Outcome
	// SingleDown[v] is true when some single-instance event downs v; SingleBy[v]
	// is then the index in Singles of the first (in ID order) such event.
	SingleDown []bool
	SingleBy   []int32
	// GroupTippedBySingle[g] is true when a single-instance event leaves group g
	// with fewer than need alternatives up.
	GroupTippedBySingle []bool
	// Domains holds one outcome per domain, in Index.Domains order.
	Domains []*Outcome

	engine *Engine
	whole  map[int32]*Outcome
	shared *sharedSingles // set when the shared method computed Singles
	recent []*Outcome     // Full outcomes of lazy ones, the most recent last
}

// FirstSingleDowning returns the first single-instance event (in ID order) whose
// outcome downs both m and t, or nil.
func (r *Results) FirstSingleDowning(m, t int32) *Outcome {
	if r.shared == nil {
		for _, o := range r.Singles {
			if o.IsDown(m) && o.IsDown(t) {
				return o
			}
		}
		return nil
	}
	// An event on v downs exactly what requires v, transitively: the fragile
	// components that both m and t reach along requires edges.
	x := r.Index
	reach := func(s int32) []bool {
		seen := make([]bool, x.N)
		seen[s] = true
		queue := []int32{s}
		for qi := 0; qi < len(queue); qi++ {
			for _, e := range x.Out(queue[qi]) {
				if w := x.To[e]; isRequires(x, e) && !seen[w] {
					seen[w] = true
					queue = append(queue, w)
				}
			}
		}
		return seen
	}
	a, b := reach(m), reach(t)
	for _, o := range r.Singles {
		if v := o.Event.Comp; a[v] && b[v] {
			return o
		}
	}
	return nil
}

// Shared reports whether the single-instance events were computed by the shared
// method (their outcomes are then lazy: see Outcome.Full).
func (r *Results) Shared() bool { return r.shared != nil }

// Whole returns the outcome of every instance of v failing (cached).
func (r *Results) Whole(v int32) *Outcome {
	if o, ok := r.whole[v]; ok {
		return o
	}
	o := Snapshot(r.engine.Run(Event{Kind: Whole, Comp: v}))
	r.whole[v] = o
	return o
}

// Compute runs every single-instance and domain event over x, one propagation
// per event.
func Compute(x *graph.Index) *Results { return ComputeWith(x, 0) }

// ComputeWith is Compute, but when the graph has no requires_any group, blastLimit
// is positive (findings list at most that many components of a blast radius),
// and one propagation per single-instance event would cost more than a budget,
// the single-instance events are computed with shared work instead (shared.go).
func ComputeWith(x *graph.Index, blastLimit int) *Results {
	e := NewEngine(x)
	r := &Results{
		Index:               x,
		SingleDown:          make([]bool, x.N),
		SingleBy:            make([]int32, x.N),
		GroupTippedBySingle: make([]bool, len(x.Model.Groups)),
		engine:              e,
		whole:               map[int32]*Outcome{},
		recent:              make([]*Outcome, 0, 16),
	}
	var fragile []int32
	fragileAt := make([]bool, x.N)
	for v := int32(0); v < int32(x.N); v++ {
		if x.Fragile[v] {
			fragile = append(fragile, v)
			fragileAt[v] = true
		}
	}
	shared := false
	if blastLimit > 0 && len(x.Model.Groups) == 0 && len(fragile) > 0 {
		fwd := x.CSR(func(_ *graph.Index, ed int32) bool { return x.Kind[ed] == graph.Requires })
		rev := fwd.Reverse()
		if _, ok := singlesCost(x, rev, fragile, sharedBudget(x)); !ok {
			computeShared(r, fwd, rev, fragile, fragileAt, blastLimit)
			shared = true
		}
	}
	// GroupTippedBySingle: a count of each group's alternatives down, raised
	// for the groups of each downed component and reset after each event, so
	// that an event costs its down list times their memberships (rescanning
	// every group of every downed component cost that times the group sizes:
	// a second per event with a thousand Services over the same thousand
	// Deployments).
	// Without groups, nothing: an N-sized table of empty lists cost a cache
	// miss per downed component of every event.
	var memberOf [][]int32 // the groups each component is an alternative of (once per listing)
	if len(x.Model.Groups) > 0 {
		memberOf = make([][]int32, x.N)
	}
	for g, grp := range x.Model.Groups {
		for _, id := range grp.Of {
			if v, ok := x.Pos[id]; ok {
				memberOf[v] = append(memberOf[v], int32(g))
			}
		}
	}
	groupDown := make([]int, len(x.Model.Groups))
	var touched []int32
	for _, v := range fragile {
		if shared {
			break
		}
		res := e.Run(Event{Kind: Instance, Comp: v})
		o := Snapshot(res)
		for _, d := range o.Down {
			if !r.SingleDown[d] {
				r.SingleDown[d] = true
				r.SingleBy[d] = int32(len(r.Singles))
			}
			if memberOf == nil {
				continue
			}
			for _, g := range memberOf[d] {
				if groupDown[g] == 0 {
					touched = append(touched, g)
				}
				groupDown[g]++
				if grp := x.Model.Groups[g]; len(grp.Of)-groupDown[g] < grp.Need {
					r.GroupTippedBySingle[g] = true
				}
			}
		}
		for _, g := range touched {
			groupDown[g] = 0
		}
		touched = touched[:0]
		r.Singles = append(r.Singles, o)
	}
	for d := range x.Domains {
		r.Domains = append(r.Domains, Snapshot(e.Run(Event{Kind: DomainOut, Domain: int32(d)})))
	}
	return r
}

func run(p *analysis.Pass) (any, error) { return ComputeWith(p.Index, p.Options.BlastLimit), nil }

// SortedIDs returns the IDs of vs, sorted.
func SortedIDs(x *graph.Index, vs []int32) []string {
	out := IDs(x, vs)
	sort.Strings(out)
	return out
}

// appendBound adds, for an edge that binds two layers, the other end's
// declaration, so that both sides of the binding can be checked.
func appendBound(out []analysis.Related, d *graph.Dependency) []analysis.Related {
	if d.Bound.Filename == "" {
		return out
	}
	msg := d.BoundBy
	if msg == "" {
		msg = d.From + " is bound to " + d.To
	}
	return append(out, analysis.Related{Message: msg, Location: analysis.LocationOf(d.Bound)})
}
