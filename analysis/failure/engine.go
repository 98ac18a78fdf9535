// Package failure is faultline's failure engine (docs/model.md, failure semantics): it applies failure
// events (an instance, a whole component, a domain and every domain nested in it)
// and propagates them to a fixpoint through requires edges, requires-any groups with
// their need k, and quorums, recording for every downed component the edge that
// downed it so that each result explains itself. Soft edges degrade; bootstrap and
// monitors edges do not propagate a runtime failure.
//
// The package also declares the shared pass (Analyzer) that every rule pass reads:
// the outcome of every single-instance event and every domain event.
package failure

import (
	"fmt"
	"slices"

	"github.com/faultline-dev/faultline/graph"
)

// EventKind is the kind of a failure event.
type EventKind uint8

// The event kinds.
const (
	Instance   EventKind = iota // one instance of a component fails
	Whole                       // every instance of a component fails (blast --fail ID)
	DomainOut                   // a failure domain, and every domain nested in it, fails
	InstanceAt                  // one given instance (Inst) fails
)

// Event is a failure event on an Index.
type Event struct {
	Kind   EventKind
	Comp   int32 // Instance, Whole
	Domain int32 // DomainOut
	Inst   int32 // InstanceAt: the instance's number in the Index
}

// Label returns the event as users see it: "instance of ID", "ID", "TYPE=NAME".
func (e Event) Label(x *graph.Index) string {
	switch e.Kind {
	case Instance:
		return "instance of " + x.IDs[e.Comp]
	case Whole:
		return x.IDs[e.Comp]
	case InstanceAt:
		v := x.InstanceOwner(e.Inst)
		return fmt.Sprintf("instance %d of %s", e.Inst-x.InstBase[v], x.IDs[v])
	default:
		return x.Domains[e.Domain].String()
	}
}

// Cause says why a component is down.
type Cause uint8

// The causes.
const (
	NotDown  Cause = iota
	Direct         // the events took too many of its own instances
	Required       // a requires dependency is down (Via)
	AnyGroup       // too few alternatives of a requires-any group are up (Via: the last to go)
)

// Result is the outcome of a set of events. It belongs to the Engine that
// produced it and is valid until the engine's next Run.
type Result struct {
	x        *graph.Index
	Events   []Event
	Down     []bool
	Degraded []bool
	Cause    []Cause
	Via      []int32 // the edge that downed the component, or -1
	// DownList lists downed components in the order they went down.
	DownList []int32
	// DegradedList lists components in the order they were degraded; some may
	// have gone down since (check Degraded, or use SortedDegraded).
	DegradedList []int32
	// LostInstances counts each component's instances taken by the events.
	LostInstances []int32
	// RootEvent is, for components with Cause Direct, the index of an event in Events
	// that took one of its instances.
	RootEvent []int32
	// arena holds the slices of the engine's snapshots (Snapshot).
	arena *arena
}

// Engine propagates events over one Index, reusing its scratch space between runs
// so that the many runs of the shared pass cost O(touched), not O(N), each.
type Engine struct {
	x         *graph.Index
	r         Result
	instDown  []bool
	touchInst []int32
	groupDown []int32
	touchGrp  []int32
	touched   []int32
	queue     []int32
	// comp[v] holds what a run reads of component v, packed in one
	// 16-byte record (one cache line, where three arrays cost three misses
	// per component on a graph larger than the cache): its in-edges' range in
	// in, its instances and the number that must be up (x.Comp[v]'s, read
	// without following a pointer per component).
	comp []compInfo
	// hit is Run's scratch list of the components the events hit directly.
	hit []int32
	// in holds, per in-edge in x.InEdge's order, the dependent, the edge and
	// its kind, so that the in-edges of a downed component are read in one
	// run of memory instead of three lookups per edge.
	in []inEdge
	// marked[v]: v is in touched (reset clears it).
	marked []bool
}

// compInfo is what a run reads of a component (Engine.comp).
type compInfo struct {
	inStart, inEnd int32 // its in-edges: Engine.in[inStart:inEnd]
	inst, need     int32 // its instances, and how many must be up
}

// inEdge is an in-edge as a run reads it (Engine.in).
type inEdge struct {
	from, edge int32 // the dependent, and the edge's number in x
	kind       graph.EdgeKind
}

// NewEngine returns an engine for x.
func NewEngine(x *graph.Index) *Engine {
	n := x.N
	e := &Engine{
		x:         x,
		instDown:  make([]bool, x.InstBase[n]),
		groupDown: make([]int32, len(x.Model.Groups)),
	}
	e.r = Result{
		x:             x,
		Down:          make([]bool, n),
		Degraded:      make([]bool, n),
		Cause:         make([]Cause, n),
		Via:           make([]int32, n),
		LostInstances: make([]int32, n),
		RootEvent:     make([]int32, n),
		arena:         &arena{},
	}
	for i := range e.r.Via {
		e.r.Via[i] = -1
		e.r.RootEvent[i] = -1
	}
	e.comp = make([]compInfo, n)
	for v := range n {
		e.comp[v] = compInfo{inStart: x.InStart[v], inEnd: x.InStart[v+1], inst: x.InstBase[v+1] - x.InstBase[v], need: x.Need[v]}
	}
	e.in = make([]inEdge, len(x.InEdge))
	for i, ed := range x.InEdge {
		e.in[i] = inEdge{from: x.From[ed], edge: ed, kind: x.Kind[ed]}
	}
	e.marked = make([]bool, n)
	return e
}

func (e *Engine) reset() {
	r := &e.r
	for _, v := range e.touched {
		r.Down[v], r.Degraded[v], r.Cause[v], r.Via[v] = false, false, NotDown, -1
		r.LostInstances[v], r.RootEvent[v] = 0, -1
		e.marked[v] = false
	}
	for _, i := range e.touchInst {
		e.instDown[i] = false
	}
	for _, g := range e.touchGrp {
		e.groupDown[g] = 0
	}
	e.touched, e.touchInst, e.touchGrp = e.touched[:0], e.touchInst[:0], e.touchGrp[:0]
	r.DownList, r.DegradedList, r.Events = r.DownList[:0], r.DegradedList[:0], nil
	e.queue = e.queue[:0]
}

// touch records v among the components whose state reset clears; each
// touch is followed by a change of that state.
func (e *Engine) touch(v int32) {
	if !e.marked[v] {
		e.marked[v] = true
		e.touched = append(e.touched, v)
	}
}

func (e *Engine) loseInstance(inst int32, ev int32) {
	if e.instDown[inst] {
		return
	}
	v := e.x.InstanceOwner(inst)
	e.touch(v)
	e.instDown[inst] = true
	e.touchInst = append(e.touchInst, inst)
	e.r.LostInstances[v]++
	if e.r.RootEvent[v] < 0 {
		e.r.RootEvent[v] = ev
	}
}

// Run applies events and propagates them to a fixpoint.
func (e *Engine) Run(events ...Event) *Result {
	e.reset()
	x, r := e.x, &e.r
	r.Events = events
	// Domain events and given instances first, so that an interchangeable instance
	// event then takes an instance that is still up.
	for _, pass := range [...][]EventKind{{DomainOut, InstanceAt, Whole}, {Instance}} {
		for ei, ev := range events {
			if !slices.Contains(pass, ev.Kind) {
				continue
			}
			switch ev.Kind {
			case Instance:
				for i := x.InstBase[ev.Comp]; i < x.InstBase[ev.Comp+1]; i++ {
					if !e.instDown[i] {
						e.loseInstance(i, int32(ei))
						break
					}
				}
			case InstanceAt:
				e.loseInstance(ev.Inst, int32(ei))
			case Whole:
				for i := x.InstBase[ev.Comp]; i < x.InstBase[ev.Comp+1]; i++ {
					e.loseInstance(i, int32(ei))
				}
			case DomainOut:
				// The placed domains within the event's, ascending: the
				// instances of its closure in the same order, without
				// walking the domains that hold none.
				for _, d := range x.PlacedDomains() {
					if x.DomainWithin(d, ev.Domain) {
						for _, inst := range x.DomInst[d] {
							e.loseInstance(inst, int32(ei))
						}
					}
				}
			}
		}
	}
	// Decide the directly hit components in ID order so that results are stable.
	e.hit = append(e.hit[:0], e.touched...)
	sortInt32(e.hit)
	for _, v := range e.hit {
		if ci := &e.comp[v]; ci.inst-r.LostInstances[v] < ci.need {
			e.down(v, Direct, -1)
		} else if r.LostInstances[v] > 0 {
			e.degrade(v)
		}
	}
	for qi := 0; qi < len(e.queue); qi++ {
		ci := &e.comp[e.queue[qi]]
		for _, in := range e.in[ci.inStart:ci.inEnd] {
			dep := in.from
			if r.Down[dep] {
				continue
			}
			ed := in.edge
			switch in.kind {
			case graph.Requires:
				e.down(dep, Required, ed)
			case graph.RequiresAny:
				g := x.Deps[ed].Group
				grp := x.Model.Groups[g]
				if e.groupDown[g] == 0 {
					e.touchGrp = append(e.touchGrp, int32(g))
				}
				e.groupDown[g]++
				if len(grp.Of)-int(e.groupDown[g]) < grp.Need {
					e.down(dep, AnyGroup, ed)
				} else {
					e.degrade(dep)
				}
			case graph.Soft:
				e.degrade(dep)
			}
		}
	}
	return r
}

func (e *Engine) down(v int32, c Cause, via int32) {
	e.touch(v)
	r := &e.r
	// A degraded component that goes down stays in DegradedList, which readers
	// filter with Degraded: removing it here would cost a scan per component.
	r.Degraded[v] = false
	r.Down[v], r.Cause[v], r.Via[v] = true, c, via
	r.DownList = append(r.DownList, v)
	e.queue = append(e.queue, v)
}

func (e *Engine) degrade(v int32) {
	r := &e.r
	if r.Down[v] || r.Degraded[v] {
		return
	}
	e.touch(v)
	r.Degraded[v] = true
	r.DegradedList = append(r.DegradedList, v)
}

// Path returns the chain that explains why v is down: v, the dependency that downed
// it, and so on to the component the events hit directly. It is nil when v is up.
func (r *Result) Path(v int32) []int32 {
	if !r.Down[v] {
		return nil
	}
	path := []int32{v}
	for r.Cause[v] == Required || r.Cause[v] == AnyGroup {
		v = r.x.To[r.Via[v]]
		path = append(path, v)
		if len(path) > r.x.N {
			break // cannot happen: a component goes down once
		}
	}
	return path
}

// PathIDs returns Path(v) as IDs, followed by the label of the event that started it.
func (r *Result) PathIDs(v int32) []string {
	p := r.Path(v)
	if p == nil {
		return nil
	}
	out := make([]string, 0, len(p)+1)
	for _, c := range p {
		out = append(out, r.x.IDs[c])
	}
	root := p[len(p)-1]
	// An instance or domain event names what failed; a whole-component event is
	// the component itself, already the last step.
	if ev := r.RootEvent[root]; ev >= 0 && r.Events[ev].Kind != Whole {
		out = append(out, r.Events[ev].Label(r.x))
	}
	return out
}

// EntrypointsDown returns the downed entrypoints, ascending.
func (r *Result) EntrypointsDown() []int32 {
	if scan(len(r.DownList), r.x.N) {
		var out []int32
		for v, down := range r.Down {
			if down && r.x.Entry[v] {
				out = append(out, int32(v))
			}
		}
		return out
	}
	var out []int32
	for _, v := range r.DownList {
		if r.x.Entry[v] {
			out = append(out, v)
		}
	}
	sortInt32(out)
	return out
}

// SortedDown returns the downed components, ascending.
func (r *Result) SortedDown() []int32 {
	if scan(len(r.DownList), r.x.N) {
		return ascending(r.Down, len(r.DownList))
	}
	out := append([]int32(nil), r.DownList...)
	sortInt32(out)
	return out
}

// SortedDegraded returns the degraded components (not down), ascending.
func (r *Result) SortedDegraded() []int32 {
	if scan(len(r.DegradedList), r.x.N) {
		return ascending(r.Degraded, 0)
	}
	var out []int32
	for _, v := range r.DegradedList {
		if r.Degraded[v] {
			out = append(out, v)
		}
	}
	sortInt32(out)
	return out
}

// scan reports whether a list of k of n components is put in order faster by
// a scan of the n flags (linear, in memory order) than by sorting it
// (k log k): for a domain event that downs most of the graph, not for the
// few components of one instance's loss.
func scan(k, n int) bool { return k > 0 && k >= n/32 }

// ascending returns the positions whose flag is set, ascending; size is a
// capacity hint.
func ascending(flags []bool, size int) []int32 {
	var out []int32
	if size > 0 {
		out = make([]int32, 0, size)
	}
	for v, set := range flags {
		if set {
			out = append(out, int32(v))
		}
	}
	return out
}

// Explain returns a one-line reason for v's state, for text output.
func (r *Result) Explain(v int32) string {
	x := r.x
	c := x.Comp[v]
	switch r.Cause[v] {
	case Direct:
		return fmt.Sprintf("%d of %d instances lost, quorum %d", r.LostInstances[v], c.Instances(), c.NeedUp())
	case Required:
		return "requires " + x.IDs[x.To[r.Via[v]]]
	case AnyGroup:
		g := x.Model.Groups[x.Deps[r.Via[v]].Group]
		return fmt.Sprintf("requires_any %q: fewer than %d of %d alternatives up", g.Name, g.Need, len(g.Of))
	}
	return ""
}

func sortInt32(a []int32) { slices.Sort(a) }

// SortInt32 sorts positions ascending.
func SortInt32(a []int32) { slices.Sort(a) }
