// Package doublefailure finds the minimal pairs of failure events (instance or
// domain) that take an entrypoint down when neither event does alone: the "what
// two failures kill checkout" table of an architecture review.
//
// Method. Trying every pair of events is quadratic in the number of events, and
// each try is a propagation. But a pair can only do together what neither does
// alone at a join point, where the effects of two events meet:
//   - a component that survives the loss of one instance (or of one domain's share
//     of its instances) but not of both: the pair takes instances of it directly;
//   - a requires_any group that survives the loss of one set of alternatives but
//     not of both: each event downs some of its alternatives.
//
// Below a join point failures only spread through requires edges, which need no
// second event. So the candidates are the pairs of events that touch a common join
// point: the instance event and the domains of each component with spare
// instances whose instances together exceed what it can spare (counted, not
// propagated), and the events that down some alternative of each group (read
// from the shared failure pass, which has run every single event once). Each
// candidate is confirmed by one propagation of both events, within a work
// budget (maxWork: past it the result is marked incomplete), and kept for every entrypoint it
// downs that neither event downs alone. Pairs are ranked by joint probability
// (the product of the events' probabilities, from the availability defaults).
package doublefailure

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer computes Result.
var Analyzer = &analysis.Analyzer{
	Name:     "double-failure",
	Doc:      "Finds the minimal pairs of failure events that take an entrypoint down when no single event does.",
	Requires: []*analysis.Analyzer{failure.Analyzer},
	Run: func(p *analysis.Pass) (any, error) {
		return Compute(p.ResultOf[failure.Analyzer].(*failure.Results)), nil
	},
}

// MaxCandidates bounds the pairs confirmed by propagation; beyond it the result
// is marked incomplete.
const MaxCandidates = 2_000_000

// maxWork bounds the components the confirming propagations may visit in all;
// beyond it the result is marked incomplete.
const maxWork = 50_000_000

// maxPerJoin bounds the events considered at one join point.
const maxPerJoin = 400

// Pair is a minimal pair of events that downs an entrypoint.
type Pair struct {
	Entrypoint  string   `json:"entrypoint"`
	Events      []string `json:"events"`
	Probability float64  `json:"probability"`
}

// Result lists the pairs, by entrypoint then most likely first.
type Result struct {
	Pairs      []Pair `json:"pairs"`
	Candidates int    `json:"candidates"`
	// Incomplete is set when a bound cut the search short.
	Incomplete bool `json:"incomplete"`
}

// event is a single failure event with what it does alone.
type event struct {
	ev   failure.Event
	down *failure.Outcome // nil: downs nothing alone (an instance of a component with spare instances)
	p    float64
}

// Compute finds the pairs over the shared failure pass's results.
func Compute(res *failure.Results) *Result {
	x := res.Index
	out := &Result{}
	// The events: one instance event per component, one per domain.
	var events []event
	instEvent := make([]int, x.N)
	singleOf := map[int32]*failure.Outcome{}
	for _, o := range res.Singles {
		singleOf[o.Event.Comp] = o.Full()
	}
	for v := int32(0); v < int32(x.N); v++ {
		a, _ := availability.InstanceAvailability(x.Comp[v])
		instEvent[v] = len(events)
		events = append(events, event{ev: failure.Event{Kind: failure.Instance, Comp: v}, down: singleOf[v], p: float64(x.Comp[v].Instances()) * (1 - a)})
	}
	domEvent := make([]int, len(x.Domains))
	for d, o := range res.Domains {
		domEvent[d] = len(events)
		events = append(events, event{ev: o.Event, down: o, p: 1 - availability.DomainAvailability(x.Domains[d])})
	}
	// downers[v]: the events that down v alone.
	downers := make([][]int, x.N)
	for i, e := range events {
		if e.down == nil {
			continue
		}
		for _, v := range e.down.Down {
			downers[v] = append(downers[v], i)
		}
	}

	type key struct{ a, b int }
	seen := map[key]bool{}
	var cands []key
	addPairs := func(touch []int, allowSame bool) {
		if len(touch) > maxPerJoin {
			touch = touch[:maxPerJoin]
			out.Incomplete = true
		}
		for i, a := range touch {
			for _, b := range touch[i:] {
				if a == b && !allowSame {
					continue
				}
				k := key{min(a, b), max(a, b)}
				if !seen[k] {
					seen[k] = true
					cands = append(cands, k)
				}
			}
		}
	}
	// Quorum join points: components that survive one loss.
	for v := int32(0); v < int32(x.N); v++ {
		c := x.Comp[v]
		if c.Fragile() || c.Virtual {
			continue // virtual components do not fail as instances
		}
		touch := []int{instEvent[v]}
		tdom := []int32{-1} // the domain of each touching event; -1: v's instance event
		doms := map[int32]bool{}
		var instAnc [][]int32 // each instance's domains, with the domains they nest in
		for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
			var anc []int32
			for _, d := range x.InstDoms[i] {
				for cur := d; cur >= 0; cur = x.DomParent[cur] {
					doms[cur] = true
					anc = append(anc, cur)
				}
			}
			instAnc = append(instAnc, anc)
		}
		ds := make([]int32, 0, len(doms))
		for d := range doms {
			ds = append(ds, d)
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		for _, d := range ds {
			if !res.Domains[d].IsDown(v) {
				touch = append(touch, domEvent[d])
				tdom = append(tdom, d)
			}
		}
		if len(touch) > maxPerJoin {
			touch, tdom = touch[:maxPerJoin], tdom[:maxPerJoin]
			out.Incomplete = true
		}
		// Only the pairs that take more instances of v than it can spare meet
		// here: count them rather than propagate every pair (a zone event costs
		// a propagation over the whole zone).
		n, spare := c.Instances(), c.Instances()-c.NeedUp()
		lost := func(a, b int32) int {
			k := 0
			for _, anc := range instAnc {
				for _, d := range anc {
					if d == a || d == b {
						k++
						break
					}
				}
			}
			return k
		}
		for i := range touch {
			for j := i; j < len(touch); j++ {
				var l int
				switch {
				case i == j && tdom[i] < 0: // two instance events of v
					l = 2
				case i == j:
					continue
				case tdom[i] < 0: // an instance of v and a domain: the instance event takes one still up
					l = lost(tdom[j], tdom[j])
					l += min(1, n-l)
				default:
					l = lost(tdom[i], tdom[j])
				}
				if l <= spare {
					continue
				}
				k := key{min(touch[i], touch[j]), max(touch[i], touch[j])}
				if !seen[k] {
					seen[k] = true
					cands = append(cands, k)
				}
			}
		}
	}
	// Group join points: events that down some alternative without tipping the group.
	for g, grp := range x.Model.Groups {
		if len(grp.Of) == 0 {
			continue
		}
		var touch []int
		in := map[int]bool{}
		for _, id := range grp.Of {
			for _, e := range downers[x.Pos[id]] {
				if !in[e] && !tips(x, events[e].down, g) {
					in[e] = true
					touch = append(touch, e)
				}
			}
		}
		sort.Ints(touch)
		addPairs(touch, false)
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].a != cands[j].a {
			return cands[i].a < cands[j].a
		}
		return cands[i].b < cands[j].b
	})
	if len(cands) > MaxCandidates {
		cands = cands[:MaxCandidates]
		out.Incomplete = true
	}
	out.Candidates = len(cands)

	eng := failure.NewEngine(x)
	work := 0
	// Each event's label, made once: an event is in many pairs.
	labels := make([]string, len(events))
	label := func(i int) string {
		if labels[i] == "" {
			labels[i] = events[i].ev.Label(x)
		}
		return labels[i]
	}
	for ci, k := range cands {
		if work > maxWork {
			out.Incomplete = true
			out.Candidates = ci
			break
		}
		e1, e2 := events[k.a], events[k.b]
		r := eng.Run(e1.ev, e2.ev)
		work += len(r.DownList) + len(r.DegradedList) + 2
		for _, entry := range r.EntrypointsDown() {
			if downs(e1, entry) || downs(e2, entry) {
				continue
			}
			p := e1.p * e2.p
			if k.a == k.b { // two instances of one component: n choose 2 · q²
				c := x.Comp[e1.ev.Comp]
				n := float64(c.Instances())
				q := e1.p / n
				p = n * (n - 1) / 2 * q * q
			}
			out.Pairs = append(out.Pairs, Pair{
				Entrypoint:  x.IDs[entry],
				Events:      []string{label(k.a), label(k.b)},
				Probability: round3(p),
			})
		}
	}
	sortPairs(out.Pairs)
	return out
}

// sortPairs sorts pairs by entrypoint, then most likely first, then by
// events, keeping the order of pairs equal on all three. It is the order
// sort.SliceStable gave, computed as a sort on (key, position), a total
// order, by an O(n log n) sort: SliceStable's merges move the pairs
// O(n log² n) times, and on a large model with many pairs that sort was
// most of the pass.
func sortPairs(pairs []Pair) {
	perm := make([]int32, len(pairs))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(i, j int32) int {
		a, b := &pairs[i], &pairs[j]
		if c := strings.Compare(a.Entrypoint, b.Entrypoint); c != 0 {
			return c
		}
		if a.Probability != b.Probability {
			if a.Probability > b.Probability {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.Events[0], b.Events[0]); c != 0 {
			return c
		}
		if c := strings.Compare(a.Events[1], b.Events[1]); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	sorted := make([]Pair, len(pairs))
	for k, i := range perm {
		sorted[k] = pairs[i]
	}
	copy(pairs, sorted)
}

// round3 keeps three significant digits: the defaults behind the probabilities
// are rough, and floating-point noise would only clutter the output.
func round3(p float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(p, 'g', 3, 64), 64)
	return r
}

func downs(e event, v int32) bool { return e.down != nil && e.down.IsDown(v) }

// tips reports whether outcome o alone leaves group g with fewer than need up.
func tips(x *graph.Index, o *failure.Outcome, g int) bool {
	grp := x.Model.Groups[g]
	n := 0
	for _, id := range grp.Of {
		if o.IsDown(x.Pos[id]) {
			n++
		}
	}
	return len(grp.Of)-n < grp.Need
}
