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
	// Down lists the downed components, ascending; Cause, Via and Root are aligned
	// with it (Root: index of the event that hit it, for Direct causes).
	Down      []int32
	Cause     []Cause
	Via       []int32
	Degraded  []int32
	EntryDown []int32
	x         *graph.Index
}

// Snapshot copies a Result into an Outcome. The result must come from one event.
func Snapshot(r *Result) *Outcome {
	o := &Outcome{x: r.x, Down: r.SortedDown(), Degraded: r.SortedDegraded(), EntryDown: r.EntrypointsDown()}
	if len(r.Events) > 0 {
		o.Event = r.Events[0]
		o.Label = o.Event.Label(r.x)
	}
	o.Cause = make([]Cause, len(o.Down))
	o.Via = make([]int32, len(o.Down))
	for i, v := range o.Down {
		o.Cause[i], o.Via[i] = r.Cause[v], r.Via[v]
	}
	return o
}

func (o *Outcome) find(v int32) int {
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
	i := o.find(v)
	if i < 0 {
		return NotDown, -1
	}
	return o.Cause[i], o.Via[i]
}

// Path returns the explanation of v's failure as IDs: v, the dependency that downed
// it, and so on to the component the event hit. Nil when v is up.
func (o *Outcome) Path(v int32) []string {
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

// PathRelated returns, for each hop of v's explanation, the location of the
// declaration that carries the failure one step further.
func (o *Outcome) PathRelated(v int32) []analysis.Related {
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
	}
	return out
}

// ClosestEntry returns the downed entrypoint with the shortest explanation (ties
// by ID), or -1.
func (o *Outcome) ClosestEntry() int32 {
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
}

// Whole returns the outcome of every instance of v failing (cached).
func (r *Results) Whole(v int32) *Outcome {
	if o, ok := r.whole[v]; ok {
		return o
	}
	o := Snapshot(r.engine.Run(Event{Kind: Whole, Comp: v}))
	r.whole[v] = o
	return o
}

// Compute runs every single-instance and domain event over x.
func Compute(x *graph.Index) *Results {
	e := NewEngine(x)
	r := &Results{
		Index:               x,
		SingleDown:          make([]bool, x.N),
		SingleBy:            make([]int32, x.N),
		GroupTippedBySingle: make([]bool, len(x.Model.Groups)),
		engine:              e,
		whole:               map[int32]*Outcome{},
	}
	for v := int32(0); v < int32(x.N); v++ {
		if !x.Comp[v].Fragile() {
			continue
		}
		res := e.Run(Event{Kind: Instance, Comp: v})
		o := Snapshot(res)
		for _, d := range o.Down {
			if !r.SingleDown[d] {
				r.SingleDown[d] = true
				r.SingleBy[d] = int32(len(r.Singles))
			}
		}
		for g, grp := range x.Model.Groups {
			if r.GroupTippedBySingle[g] || len(grp.Of) == 0 {
				continue
			}
			down := 0
			for _, id := range grp.Of {
				if res.Down[x.Pos[id]] {
					down++
				}
			}
			if len(grp.Of)-down < grp.Need {
				r.GroupTippedBySingle[g] = true
			}
		}
		r.Singles = append(r.Singles, o)
	}
	for d := range x.Domains {
		r.Domains = append(r.Domains, Snapshot(e.Run(Event{Kind: DomainOut, Domain: int32(d)})))
	}
	return r
}

func run(p *analysis.Pass) (any, error) { return Compute(p.Index), nil }

// SortedIDs returns the IDs of vs, sorted.
func SortedIDs(x *graph.Index, vs []int32) []string {
	out := IDs(x, vs)
	sort.Strings(out)
	return out
}
