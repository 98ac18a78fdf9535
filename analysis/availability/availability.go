// Package availability estimates the availability of entrypoints (and of every
// component that declares an SLO) from the availability of each instance and each
// failure domain, under the failure semantics of docs/model.md.
//
// Method. Instances and domains fail independently, each with probability one
// minus its availability; an instance is up when it and every domain it is placed
// in (with their ancestors) are up. When the target's runtime dependencies form a
// tree (no component reached twice) and at most MaxExactDomains domains touch it,
// the estimate is exact: condition on every state of those domains, and combine
// series (requires), k-of-n (quorum, requires_any need k) and independent subtrees.
// Otherwise it is a Monte Carlo estimate with a 95% Wilson interval, from a fixed
// seed so that output is deterministic: each sample draws the failed instances and
// domains and runs the failure engine.
package availability

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer computes Result.
var Analyzer = &analysis.Analyzer{
	Name: "availability",
	Doc:  "Estimates the availability of every entrypoint and of every component with an SLO.",
	Run: func(p *analysis.Pass) (any, error) {
		return Compute(p.Index, Options{EntrypointsInferred: p.Model != nil && !p.Model.EntrypointsDeclared}), nil
	},
}

// DefaultInstance is the availability assumed for an instance of each kind when
// none is declared; DefaultKind covers the kinds not listed. Rough, documented
// orders of magnitude for a single instance, not promises of any provider.
var DefaultInstance = map[string]float64{
	"service":           0.999,
	"database":          0.9995,
	"cache":             0.999,
	"queue":             0.9995,
	"lb":                0.9999,
	"dns":               0.99999,
	"network":           0.9999,
	"certificate":       1, // its risk is expiry, which cert-expiry reports
	"monitor":           0.999,
	"config":            0.9995,
	"secrets":           0.9995,
	"service-discovery": 0.9995,
	"scheduler":         0.999,
	"storage":           0.9999,
}

// DefaultKind is the instance availability of a kind not in DefaultInstance.
const DefaultKind = 0.999

// DefaultDomain is the availability of a failure domain of each type;
// DefaultDomainType covers the types not listed.
var DefaultDomain = map[string]float64{
	"host":     0.999,
	"rack":     0.9995,
	"zone":     0.9995,
	"site":     0.9995,
	"region":   0.99995,
	"power":    0.9999,
	"software": 0.9999,
	"provider": 0.99999,
}

// DefaultDomainType is the availability of a domain type not in DefaultDomain.
const DefaultDomainType = 0.9999

// MaxExactDomains bounds the domains an exact estimate conditions on (2^n states).
const MaxExactDomains = 12

// maxExactSupport bounds the components of an exact estimate's tree, and
// maxExactWork the product of its size and its 2^domains states.
const (
	maxExactSupport = 5000
	maxExactWork    = 4_000_000
)

// Estimate is one component's estimated availability.
type Estimate struct {
	Component string  `json:"component"`
	Estimate  float64 `json:"estimate"`
	Low       float64 `json:"low"`
	High      float64 `json:"high"`
	Method    string  `json:"method"` // "exact" or "monte-carlo"
	Samples   int     `json:"samples,omitempty"`
	// SLO is the component's declared target, 0 when none.
	SLO float64 `json:"slo,omitempty"`
	// UpperBound is set when the estimate cannot see every failure it is
	// exposed to: a component it depends on (or the target itself) names a
	// dependency the inputs do not resolve, or is opaque. The availability
	// can only be lower than estimated.
	UpperBound bool `json:"upper_bound,omitempty"`
	// RestsOnUnknowns lists what the estimate rests on that the inputs do not
	// say: unresolved dependencies, opaque components, unknown values, the
	// kind defaults it takes, an inferred entrypoint. Empty when it rests on
	// declared facts only.
	RestsOnUnknowns []Unknown `json:"rests_on_unknowns,omitempty"`
}

// Unknown is one thing an estimate rests on that the inputs do not say.
type Unknown struct {
	// Kind is "unresolved" (a dependency named but not found in the inputs),
	// "opaque" (a component whose contents are not in the inputs),
	// "unknown-value" (a value known only later, such as a count), "defaults"
	// (components whose availability is their kind's default) or
	// "inferred-entrypoint" (no entrypoint was declared).
	Kind string `json:"kind"`
	// Component is the component it concerns; empty for "defaults" and
	// "inferred-entrypoint".
	Component string `json:"component,omitempty"`
	Detail    string `json:"detail"`
	// Count is how many components "defaults" counts.
	Count int `json:"count,omitempty"`
}

// maxUnknownsListed bounds the components an estimate lists; UnknownsCount
// says how many there are when the list is cut.
const maxUnknownsListed = 20

// maxTraceWork bounds the word operations spent tracing unknowns to targets.
const maxTraceWork = 1 << 24

// Unresolved counts the unresolved dependencies and opaque components an
// estimate lists.
func (e *Estimate) Unresolved() int {
	n := 0
	for _, u := range e.RestsOnUnknowns {
		if u.Kind == "unresolved" || u.Kind == "opaque" {
			n++
		}
	}
	return n
}

// Result holds the estimates: entrypoints first, then other components with an
// SLO, each group sorted by ID.
type Result struct {
	Estimates []Estimate
	// Defaults counts the model's components whose availability was not declared
	// and took the default of their kind.
	Defaults int
	byID     map[string]int
}

// Of returns the estimate of a component, or nil.
func (r *Result) Of(id string) *Estimate {
	if i, ok := r.byID[id]; ok {
		return &r.Estimates[i]
	}
	return nil
}

// Options tune the estimate.
type Options struct {
	// Samples forces the number of Monte Carlo samples (0: chosen from the model's
	// size, between 2,000 and 50,000: an interval of a few hundredths of a percent
	// on a small model, and a bounded cost on a large one).
	Samples int
	// Seed seeds the Monte Carlo sampler (0: a fixed default).
	Seed uint64
	// NoExact forces Monte Carlo (for tests that compare the two).
	NoExact bool
	// EntrypointsInferred says that no entrypoint was declared: the
	// estimates are of components taken for entrypoints.
	EntrypointsInferred bool
}

// InstanceAvailability returns c's per-instance availability and whether it was declared.
func InstanceAvailability(c *graph.Component) (float64, bool) {
	if c.Availability > 0 {
		return c.Availability, true
	}
	if a, ok := DefaultInstance[c.Kind]; ok {
		return a, false
	}
	return DefaultKind, false
}

// DomainAvailability returns a domain's availability.
func DomainAvailability(d graph.DomainRef) float64 {
	if a, ok := DefaultDomain[d.Type]; ok {
		return a
	}
	return DefaultDomainType
}

// Compute estimates every target of x.
func Compute(x *graph.Index, opts Options) *Result {
	var targets []int32
	for v := int32(0); v < int32(x.N); v++ {
		if x.Entry[v] {
			targets = append(targets, v)
		}
	}
	for v := int32(0); v < int32(x.N); v++ {
		if !x.Entry[v] && x.Comp[v].SLO > 0 {
			targets = append(targets, v)
		}
	}
	res := &Result{byID: map[string]int{}}
	sc := newExactScratch(x)
	for _, declared := range sc.declared {
		if !declared {
			res.Defaults++
		}
	}
	var mc []int32
	for _, t := range targets {
		est := Estimate{Component: x.IDs[t], SLO: x.Comp[t].SLO}
		support, tree := supportOf(x, t, sc)
		if !opts.NoExact && tree {
			if a, ok := exact(x, t, support, sc); ok {
				est.Estimate, est.Low, est.High, est.Method = a, a, a, "exact"
			}
		}
		if est.Method == "" {
			mc = append(mc, t)
		}
		res.byID[est.Component] = len(res.Estimates)
		res.Estimates = append(res.Estimates, est)
	}
	if len(mc) > 0 {
		monteCarlo(x, mc, res, opts, sc)
	}
	restsOn(x, targets, res, opts, sc)
	return res
}

// runtime reports the edges that carry a runtime failure.
func runtime(k graph.EdgeKind) bool {
	return k == graph.Requires || k == graph.RequiresAny
}

// supportOf returns the components t needs at runtime (t first) and whether they
// form a tree rooted at t; it stops as soon as they do not.
func supportOf(x *graph.Index, t int32, sc *exactScratch) ([]int32, bool) {
	if sc.seen == nil {
		sc.seen = make([]int32, x.N)
	}
	sc.stamp++
	seen := func(w int32) bool { return sc.seen[w] == sc.stamp }
	sc.seen[t] = sc.stamp
	out := append(sc.support[:0], t)
	defer func() { sc.support = out[:0] }()
	tree := true
	for i := 0; i < len(out) && tree; i++ {
		v := out[i]
		for _, e := range x.Out(v) {
			if !runtime(x.Kind[e]) {
				continue
			}
			w := x.To[e]
			if seen(w) {
				tree = false
				continue
			}
			sc.seen[w] = sc.stamp
			out = append(out, w)
		}
		if len(out) > maxExactSupport {
			tree = false
		}
	}
	return out, tree
}

// exactScratch is what exact reuses from one target to the next.
type exactScratch struct {
	domIdx   []int32   // per domain: its bit in the current target's states, or -1
	instMask []uint32  // per instance: the domains (as bits) it needs up
	probs    []float64 // one component's instance probabilities
	dist     []float64 // atLeastBuf's distribution
	stack    []float64 // upTree's per-state arrays, one per component on the walk
	support  []int32   // supportOf's result
	seen     []int32   // supportOf: per component, the stamp of the last search that met it
	stamp    int32
	// Per component its instance availability and whether it was declared,
	// per domain its availability: InstanceAvailability and
	// DomainAvailability looked up once (a map lookup by kind for every
	// component of every domain state was a third of the pass).
	avail    []float64
	declared []bool
	domAvail []float64
	// need[v] is x.Comp[v].NeedUp() (the index's Need).
	need []int32
}

func newExactScratch(x *graph.Index) *exactScratch {
	sc := &exactScratch{domIdx: make([]int32, len(x.Domains)), instMask: make([]uint32, x.InstBase[x.N]),
		avail: make([]float64, x.N), declared: make([]bool, x.N), domAvail: make([]float64, len(x.Domains)),
		need: x.Need}
	for i := range sc.domIdx {
		sc.domIdx[i] = -1
		sc.domAvail[i] = DomainAvailability(x.Domains[i])
	}
	for v, c := range x.Comp {
		sc.avail[v], sc.declared[v] = InstanceAvailability(c)
	}
	return sc
}

// exact computes the availability of t whose support is a tree, conditioning on
// the states of the domains involved; ok is false when there are too many. One
// walk of the tree computes P(up | state) for every state at once, each with
// the operations, in the order, of a walk per state (so the same floats).
func exact(x *graph.Index, t int32, support []int32, sc *exactScratch) (float64, bool) {
	var doms []int32
	defer func() {
		for _, d := range doms {
			sc.domIdx[d] = -1
		}
	}()
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
	// One array of states per component of the tree at most is live at once.
	if need := len(support) * int(states); cap(sc.stack) < need {
		sc.stack = make([]float64, 0, need)
	}
	up := upTree(x, t, states, sc)
	sc.stack = sc.stack[:0]
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

// upTree returns P(v up | domain state) for every state below states, for v
// whose support is a tree. The result is a slice of sc.stack, pushed on it
// (the caller pops it): exact sizes the stack for the whole tree first, so
// that no slice moves during the walk, and the walk allocates nothing per
// component. A component's own term depends on the state only through the
// domains its instances are placed in: for a state that differs from its
// restriction to them (a smaller number, already computed) the term is
// copied, the same float as computing it again.
func upTree(x *graph.Index, v int32, states uint32, sc *exactScratch) []float64 {
	a, need := sc.avail[v], int(sc.need[v])
	top := len(sc.stack)
	sc.stack = sc.stack[:top+int(states)]
	out := sc.stack[top : top+int(states)]
	var union uint32
	for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
		union |= sc.instMask[i]
	}
	for state := range states {
		if sub := state & union; sub != state {
			out[state] = out[sub]
			continue
		}
		probs := sc.probs[:0]
		for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
			if sc.instMask[i]&^state != 0 {
				probs = append(probs, 0)
			} else {
				probs = append(probs, a)
			}
		}
		sc.probs = probs
		out[state] = atLeastBuf(probs, need, &sc.dist)
	}
	var groups map[int][][]float64
	var order []int
	for _, e := range x.Out(v) {
		switch x.Kind[e] {
		case graph.Requires:
			for state, q := range upTree(x, x.To[e], states, sc) {
				out[state] *= q
			}
			sc.stack = sc.stack[:top+int(states)]
		case graph.RequiresAny:
			d := x.Deps[e]
			if groups == nil {
				groups = map[int][][]float64{}
			}
			if _, ok := groups[d.Group]; !ok {
				order = append(order, d.Group)
			}
			groups[d.Group] = append(groups[d.Group], upTree(x, x.To[e], states, sc))
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
	sc.stack = sc.stack[:top+int(states)]
	return out
}

// Own returns the probability that v has at least its quorum of instances up,
// counting the failures of its instances and of the domains they are placed in,
// but not of its dependencies. Above MaxExactDomains domains it ignores domains.
func Own(x *graph.Index, v int32) float64 {
	c := x.Comp[v]
	a, _ := InstanceAvailability(c)
	domIdx := map[int32]int{}
	var doms []int32
	masks := make([]uint32, 0, c.Instances())
	for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
		var m uint32
		for _, d := range x.InstDoms[i] {
			for cur := d; cur >= 0; cur = x.DomParent[cur] {
				j, ok := domIdx[cur]
				if !ok {
					j = len(doms)
					domIdx[cur] = j
					doms = append(doms, cur)
				}
				if j < MaxExactDomains {
					m |= 1 << j
				}
			}
		}
		masks = append(masks, m)
	}
	if len(doms) > MaxExactDomains {
		doms = doms[:MaxExactDomains]
	}
	total := 0.0
	probs := make([]float64, len(masks))
	for state := uint32(0); state < 1<<len(doms); state++ {
		p := 1.0
		for j, d := range doms {
			da := DomainAvailability(x.Domains[d])
			if state&(1<<j) != 0 {
				p *= da
			} else {
				p *= 1 - da
			}
		}
		for i, m := range masks {
			probs[i] = a
			if m&^state != 0 {
				probs[i] = 0
			}
		}
		total += p * atLeast(probs, c.NeedUp())
	}
	return total
}

// atLeast returns P(at least k of independent events with probabilities ps occur).
func atLeast(ps []float64, k int) float64 {
	var buf []float64
	return atLeastBuf(ps, k, &buf)
}

// atLeastBuf is atLeast with its distribution in *buf (grown as needed), the
// same operations in the same order.
func atLeastBuf(ps []float64, k int, buf *[]float64) float64 {
	if k <= 0 {
		return 1
	}
	if k > len(ps) {
		return 0
	}
	if n := len(ps); n > exactBelow {
		return atLeastLarge(ps, k)
	}
	// dist[j] = P(exactly j so far)
	if cap(*buf) < len(ps)+1 {
		*buf = make([]float64, len(ps)+1)
	}
	dist := (*buf)[:len(ps)+1]
	clear(dist)
	dist[0] = 1
	for i, p := range ps {
		for j := i + 1; j >= 1; j-- {
			dist[j] = dist[j]*(1-p) + dist[j-1]*p
		}
		dist[0] *= 1 - p
	}
	s := 0.0
	for j := k; j <= len(ps); j++ {
		s += dist[j]
	}
	return math.Min(1, s)
}

// exactBelow is the number of instances above which atLeast switches from the
// full distribution (quadratic in the instances: 100,000 replicas took 40 s) to
// atLeastLarge. Below it the results stay exactly what they always were.
const exactBelow = 1000

// atLeastLarge is atLeast in O(n·min(k, n−k+1)) time, and O(n) when every
// instance that may be up has the same availability (the usual case): instances
// certain to be down or up only shift k; the distribution is then kept only over
// the smaller side (successes up to k, or failures up to n−k+1), or summed as a
// binomial tail.
func atLeastLarge(ps []float64, k int) float64 {
	var rest []float64
	for _, p := range ps {
		switch {
		case p >= 1:
			k--
		case p > 0:
			rest = append(rest, p)
		}
	}
	n := len(rest)
	if k <= 0 {
		return 1
	}
	if k > n {
		return 0
	}
	same := true
	for _, p := range rest {
		same = same && p == rest[0]
	}
	if same {
		// P(at least k of n up) = sum over j >= k of C(n,j) p^j (1-p)^(n-j). The
		// terms are computed through Lgamma, whose rounding is about 1e-10 of a
		// term at this size: sum the side of k away from the mode n·p, whose
		// terms are small, so that the error is small next to the result.
		p := rest[0]
		lp, lq := math.Log(p), math.Log1p(-p)
		lgn, _ := math.Lgamma(float64(n + 1))
		term := func(j int) float64 {
			a, _ := math.Lgamma(float64(j + 1))
			b, _ := math.Lgamma(float64(n - j + 1))
			return math.Exp(lgn - a - b + float64(j)*lp + float64(n-j)*lq)
		}
		s := 0.0
		if float64(k) > float64(n)*p {
			for j := k; j <= n; j++ {
				s += term(j)
			}
			return math.Min(1, s)
		}
		for j := 0; j < k; j++ {
			s += term(j)
		}
		return math.Max(0, 1-s)
	}
	// Keep the distribution over the smaller side; its last cell absorbs the rest.
	succ := k <= n-k+1
	m := k // successes needed
	if !succ {
		m = n - k + 1 // failures that take it down
	}
	dist := make([]float64, m+1)
	dist[0] = 1
	for _, p := range rest {
		if !succ {
			p = 1 - p
		}
		dist[m] += dist[m-1] * p
		for j := m - 1; j >= 1; j-- {
			dist[j] = dist[j]*(1-p) + dist[j-1]*p
		}
		dist[0] *= 1 - p
	}
	if succ {
		return math.Min(1, dist[m])
	}
	return math.Max(0, 1-dist[m])
}

// monteCarloWork bounds the components the Monte Carlo estimate may visit in
// all, once it has minSamples samples.
const (
	monteCarloWork = 10_000_000
	minSamples     = 200
)

func monteCarlo(x *graph.Index, targets []int32, res *Result, opts Options, sc *exactScratch) {
	// Group the items by failure probability, so that a sample draws the failed
	// ones with geometric skips instead of one draw per item.
	// Two passes: the events of each probability counted, then written into
	// slices of that size, in the same order (instances ascending, then
	// domains); a slice grown one instance at a time copied every event
	// about twice.
	slot := map[float64]int{}
	var slotQ []float64
	var count []int
	slotOf := func(q float64) int {
		j, ok := slot[q]
		if !ok {
			j = len(slotQ)
			slot[q] = j
			slotQ = append(slotQ, q)
			count = append(count, 0)
		}
		return j
	}
	compSlot := make([]int32, x.N)
	expected := 0.0
	lastQ, lastSlot := math.NaN(), -1
	for v := int32(0); v < int32(x.N); v++ {
		q := 1 - sc.avail[v]
		if q != lastQ {
			lastQ, lastSlot = q, slotOf(q)
		}
		compSlot[v] = int32(lastSlot)
		count[lastSlot] += int(x.InstBase[v+1] - x.InstBase[v])
		expected += q * float64(x.Comp[v].Instances())
	}
	domSlot := make([]int32, len(x.Domains))
	for d := range x.Domains {
		q := 1 - sc.domAvail[d]
		domSlot[d] = int32(slotOf(q))
		count[domSlot[d]]++
		expected += q
	}
	items := make([][]failure.Event, len(slotQ))
	for j := range items {
		items[j] = make([]failure.Event, 0, count[j])
	}
	for v := int32(0); v < int32(x.N); v++ {
		j := compSlot[v]
		for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
			items[j] = append(items[j], failure.Event{Kind: failure.InstanceAt, Inst: i})
		}
	}
	for d := range x.Domains {
		j := domSlot[d]
		items[j] = append(items[j], failure.Event{Kind: failure.DomainOut, Domain: int32(d)})
	}
	byQ := make(map[float64][]failure.Event, len(slotQ))
	for j, q := range slotQ {
		byQ[q] = items[j]
	}
	qs := make([]float64, 0, len(byQ))
	for q := range byQ {
		if q > 0 {
			qs = append(qs, q)
		}
	}
	sort.Float64s(qs)

	n := opts.Samples
	budget := math.MaxInt // components visited by the engine over all samples
	if n <= 0 {
		n = int(1e6 / (1 + 8*expected))
		n = max(2000, min(50000, n))
		// Where a sample's failures reach far (a deep chain of dependencies),
		// stop at a work budget, after at least minSamples: fewer samples give
		// a wider interval, which the estimate reports. The count of work is
		// deterministic, so the estimate still is.
		budget = monteCarloWork
	}
	seed := opts.Seed
	if seed == 0 {
		seed = 0x5eed
	}
	rng := rand.New(rand.NewPCG(seed, 0xfa17))
	eng := failure.NewEngine(x)
	downs := make([]int, len(targets))
	target := make([]int32, x.N) // per component: 1 + its index in targets, or 0
	for j, t := range targets {
		target[t] = int32(j) + 1
	}
	var events []failure.Event
	work := 0
	for s := 0; s < n; s++ {
		if work > budget && s >= minSamples {
			n = s
			break
		}
		events = events[:0]
		for _, q := range qs {
			items := byQ[q]
			if q >= 1 {
				events = append(events, items...)
				continue
			}
			lq := math.Log1p(-q)
			for i := -1; ; {
				i += 1 + int(math.Floor(math.Log(1-rng.Float64())/lq))
				if i >= len(items) || i < 0 {
					break
				}
				events = append(events, items[i])
			}
		}
		if len(events) == 0 {
			continue
		}
		r := eng.Run(events...)
		work += len(events) + len(r.DownList) + len(r.DegradedList)
		// The targets down: from the components that went down (each once),
		// not a look at every target per sample.
		for _, v := range r.DownList {
			if j := target[v]; j > 0 {
				downs[j-1]++
			}
		}
	}
	for j, t := range targets {
		est := &res.Estimates[res.byID[x.IDs[t]]]
		lo, hi := wilson(downs[j], n)
		est.Estimate = 1 - float64(downs[j])/float64(n)
		est.Low, est.High = 1-hi, 1-lo
		est.Method, est.Samples = "monte-carlo", n
	}
}

// wilson returns the 95% Wilson score interval of a proportion k/n.
func wilson(k, n int) (float64, float64) {
	const z = 1.959963984540054
	fn, fk := float64(n), float64(k)
	den := fn + z*z
	center := (fk + z*z/2) / den
	half := z / den * math.Sqrt(fk*(fn-fk)/fn+z*z/4)
	return math.Max(0, center-half), math.Min(1, center+half)
}

// Percent formats an availability as a percentage with enough decimals to show
// its nines (99.95%, 99.9991%), never rounding a value below 1 up to 100%.
func Percent(a float64) string {
	if a >= 1 {
		return "100%"
	}
	if a <= 0 {
		return "0%"
	}
	decimals := int(math.Ceil(-math.Log10(1-a))) - 1
	decimals = max(3, min(12, decimals))
	return fmt.Sprintf("%.*f%%", decimals, 100*a)
}

// restsOn records, for every target, what its estimate rests on that the
// inputs do not say, from the components it needs at runtime (itself
// included). Reachability is shared between all targets (graph.CSR's
// FirstReachableCount), so that many entrypoints over a large graph cost
// about one pass.
func restsOn(x *graph.Index, targets []int32, res *Result, opts Options, sc *exactScratch) {
	if len(targets) == 0 {
		return
	}
	var unknown, defaulted []int32
	for v := int32(0); v < int32(x.N); v++ {
		c := x.Comp[v]
		if c.Opaque || len(c.Unresolved) > 0 || len(c.Unknowns) > 0 {
			unknown = append(unknown, v)
		}
		if !sc.declared[v] {
			defaulted = append(defaulted, v)
		}
	}
	want := make([]bool, x.N)
	for _, t := range targets {
		want[t] = true
	}
	g := x.CSR(func(x *graph.Index, e int32) bool { return runtime(x.Kind[e]) })
	// Tracing k sources to every target costs about (n+m)·k/64 word
	// operations; past a bound, the model-wide counts stand in.
	affordable := func(k int) bool { return (x.N+len(x.Deps))*((k+63)/64) <= maxTraceWork }
	var reached [][]int32
	var reachedCount []int
	var wide []Unknown // model-wide, when tracing costs too much
	if len(unknown) > 0 {
		if affordable(len(unknown)) {
			reached, reachedCount = g.FirstReachableCount(unknown, want, maxUnknownsListed)
		} else {
			wide = append(wide, Unknown{Kind: "unknown-value", Detail: fmt.Sprintf("the model has %s with unknowns or unresolved dependencies, too many to trace to each estimate",
				analysis.Plural(len(unknown), "component"))})
		}
	}
	var defaults []int
	if len(defaulted) > 0 {
		if affordable(len(defaulted)) {
			_, defaults = g.FirstReachableCount(defaulted, want, 0)
		} else {
			wide = append(wide, Unknown{Kind: "defaults", Count: len(defaulted),
				Detail: fmt.Sprintf("%s of the model take the default availability of their kind", analysis.Plural(len(defaulted), "component"))})
		}
	}
	for i, t := range targets {
		e := &res.Estimates[i]
		var list []Unknown
		if reached != nil {
			for _, v := range reached[t] {
				c := x.Comp[v]
				if c.Opaque {
					e.UpperBound = true
					list = append(list, Unknown{Kind: "opaque", Component: c.ID, Detail: "its contents are not in the inputs"})
				}
				for _, u := range c.Unresolved {
					e.UpperBound = true
					list = append(list, Unknown{Kind: "unresolved", Component: c.ID, Detail: u})
				}
				for _, u := range c.Unknowns {
					list = append(list, Unknown{Kind: "unknown-value", Component: c.ID, Detail: u})
				}
			}
			if n := reachedCount[t]; n > len(reached[t]) {
				list = append(list, Unknown{Kind: "unknown-value", Detail: fmt.Sprintf("and %d more components with unknowns (the first %d are listed)", n-len(reached[t]), len(reached[t]))})
			}
		}
		// Opaque and unresolved first: they make the estimate an upper bound.
		sort.SliceStable(list, func(a, b int) bool { return list[a].Kind != "unknown-value" && list[b].Kind == "unknown-value" })
		if defaults != nil && defaults[t] > 0 {
			list = append(list, Unknown{Kind: "defaults", Count: defaults[t],
				Detail: defaultsDetail(defaults[t])})
		}
		list = append(list, wide...)
		if opts.EntrypointsInferred && x.Entry[t] {
			list = append(list, Unknown{Kind: "inferred-entrypoint", Detail: "no entrypoint is declared: it is one because nothing depends on it"})
		}
		e.RestsOnUnknowns = list
	}
}

// RestsOn says in a phrase what the estimate rests on that the inputs do not
// say, the upper bound first ("upper bound: 1 unresolved dependency; rests on
// 3 default availabilities"); empty when nothing.
func (e *Estimate) RestsOn() string {
	counts := map[string]int{}
	for _, u := range e.RestsOnUnknowns {
		if u.Kind == "defaults" {
			counts[u.Kind] += u.Count
		} else if u.Component != "" || u.Kind == "inferred-entrypoint" {
			counts[u.Kind]++
		}
	}
	var bound, rest []string
	if n := counts["unresolved"]; n > 0 {
		bound = append(bound, plural(n, "unresolved dependency", "unresolved dependencies"))
	}
	if n := counts["opaque"]; n > 0 {
		bound = append(bound, plural(n, "opaque component", "opaque components"))
	}
	if n := counts["unknown-value"]; n > 0 {
		rest = append(rest, plural(n, "unknown value", "unknown values"))
	}
	if n := counts["defaults"]; n > 0 {
		rest = append(rest, plural(n, "default availability", "default availabilities"))
	}
	if counts["inferred-entrypoint"] > 0 {
		rest = append(rest, "an inferred entrypoint")
	}
	for _, u := range e.RestsOnUnknowns {
		if u.Component == "" && u.Kind != "defaults" && u.Kind != "inferred-entrypoint" {
			rest = append(rest, u.Detail) // a model-wide note
		}
	}
	var out []string
	if len(bound) > 0 {
		out = append(out, "upper bound: "+strings.Join(bound, ", "))
	}
	if len(rest) > 0 {
		out = append(out, "rests on "+strings.Join(rest, ", "))
	}
	return strings.Join(out, "; ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func defaultsDetail(n int) string {
	if n == 1 {
		return "1 component it needs (itself included) takes the default availability of its kind"
	}
	return fmt.Sprintf("%d components it needs (itself included) take the default availability of their kind", n)
}
