package graph

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	dgraph "github.com/dominikbraun/graph"
	"github.com/hashicorp/hcl/v2"
)

// Builder accumulates components, dependencies and domains from any number of
// files and formats, and validates them together in Build: a reference may name a
// component that another file declares.
type Builder struct {
	comps    map[string]*Component
	order    []string
	deps     []*Dependency
	groups   []*Group
	calls    []pendingCall
	domains  map[DomainRef]*Domain
	declared map[DomainRef]bool
	refs     []pendingRef
	states   []keyedFinisher
	finished []keyedFinisher // the states finish ran, for UnitMerger
	isUnit   bool            // the builder of a named unit (Unit)
	units    []unit
	// slab is where AddDependency and AddGroup put dependencies: a chunk
	// at a time, not one allocation each.
	slab []Dependency
}

type pendingRef struct {
	id  string
	rng Range
}

type pendingCall struct {
	from, to string
	call     *Call
	rng      Range // the target reference
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{
		comps:    map[string]*Component{},
		domains:  map[DomainRef]*Domain{},
		declared: map[DomainRef]bool{},
	}
}

// Grow makes room for n more components, so that adding those of a large
// input does not grow the builder's map of them step by step.
func (b *Builder) Grow(n int) {
	if len(b.comps) == 0 && n > 0 {
		b.comps = make(map[string]*Component, n)
	}
	b.order = slices.Grow(b.order, n)
}

// GrowDependencies makes room for n more dependencies (AddDependencies),
// so that adding those of a large input does not grow the list step by step.
func (b *Builder) GrowDependencies(n int) { b.deps = slices.Grow(b.deps, n) }

// Has reports whether a component with this ID was added.
func (b *Builder) Has(id string) bool { return b.comps[id] != nil }

// Component returns the component added with this ID, or nil. A stage that
// binds what several formats read (parser/crosslayer) may still change it:
// Build has not validated it yet.
func (b *Builder) Component(id string) *Component { return b.comps[id] }

// IDs returns the IDs of the components added so far, in the order added
// (not to be modified).
func (b *Builder) IDs() []string { return b.order }

// Dependencies returns the dependencies added so far (not to be modified).
func (b *Builder) Dependencies() []*Dependency { return b.deps }

// DependedOn returns the components that some dependency other than a
// monitors edge points at, among the dependencies added so far.
func (b *Builder) DependedOn() map[string]bool {
	out := map[string]bool{}
	for _, d := range b.deps {
		if d.Kind != Monitors {
			out[d.To] = true
		}
	}
	return out
}

// NoteDomain records that a placement names a domain, as AddComponent does
// for the placements it is given; for a placement set after the component
// was added.
func (b *Builder) NoteDomain(ref DomainRef, rng Range) { b.noteDomain(ref, rng) }

// AddComponent adds c. A second component with the same ID is an error diagnostic
// at its range, and the first one is kept.
func (b *Builder) AddComponent(c *Component) hcl.Diagnostics {
	if prev := b.comps[c.ID]; prev != nil {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Duplicate component",
			Detail:   fmt.Sprintf("A component %q was already declared at %s.", c.ID, prev.Range),
			Subject:  rangePtr(c.Range),
		}}
	}
	if c.Replicas < 1 {
		c.Replicas = 1
	}
	if c.Quorum < 1 {
		c.Quorum = 1
	}
	if c.Quorum > c.Replicas {
		c.Quorum = c.Replicas
	}
	for t, p := range c.Placement {
		if len(p) == 1 && c.Replicas > 1 {
			all := make([]string, c.Replicas)
			for i := range all {
				all[i] = p[0]
			}
			c.Placement[t] = all
		}
		for _, name := range c.Placement[t] {
			if name != "" {
				b.noteDomain(DomainRef{t, name}, c.PlacementRange[t])
			}
		}
	}
	b.comps[c.ID] = c
	b.order = append(b.order, c.ID)
	return nil
}

// AddDependency records an edge from d.From to d.To; both are resolved in Build.
func (b *Builder) AddDependency(d Dependency) {
	if d.Kind != RequiresAny {
		d.Group = -1
	}
	b.deps = append(b.deps, b.newDependency(d))
}

// AddDependencies records the edges ds, as AddDependency does one by one,
// without copying them: b keeps pointers into ds, which the caller must not
// change or reuse afterwards.
func (b *Builder) AddDependencies(ds []Dependency) {
	b.deps = slices.Grow(b.deps, len(ds))
	for i := range ds {
		d := &ds[i]
		if d.Kind != RequiresAny {
			d.Group = -1
		}
		b.deps = append(b.deps, d)
	}
}

// newDependency returns a pointer to a copy of d, in the current chunk (a
// small one, whose memory the allocator recycles as it does single ones).
func (b *Builder) newDependency(d Dependency) *Dependency {
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]Dependency, 0, 32)
	}
	b.slab = append(b.slab, d)
	return &b.slab[len(b.slab)-1]
}

// AddGroup records a requires-any group; its alternatives become RequiresAny edges.
func (b *Builder) AddGroup(g Group, memberRanges []Range) {
	idx := len(b.groups)
	gg := g
	b.groups = append(b.groups, &gg)
	for i, to := range g.Of {
		r := g.Range
		if i < len(memberRanges) {
			r = memberRanges[i]
		}
		b.deps = append(b.deps, b.newDependency(Dependency{From: g.Owner, To: to, Kind: RequiresAny, Group: idx, Range: r}))
	}
}

// AddCall attaches call attributes to the dependency from -> to. When no dependency
// connects them, the call itself declares a requires edge at rng.
func (b *Builder) AddCall(from, to string, rng Range, c *Call) {
	b.calls = append(b.calls, pendingCall{from, to, c, rng})
}

// AddReference records a reference to the component id at rng that creates no edge
// from a known component, such as a native monitored_by list, whose entries are the
// dependents of new edges: Build drops an edge whose dependent is unknown without a
// word, so such a reference is checked here. Build reports it when id is undeclared.
func (b *Builder) AddReference(id string, rng Range) {
	b.refs = append(b.refs, pendingRef{id, rng})
}

// AddDomain declares a domain. Declaring the same domain twice is an error.
func (b *Builder) AddDomain(d Domain) hcl.Diagnostics {
	if b.declared[d.Ref] {
		prev := b.domains[d.Ref]
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Duplicate domain",
			Detail:   fmt.Sprintf("The domain %s was already declared at %s.", d.Ref, prev.Range),
			Subject:  rangePtr(d.Range),
		}}
	}
	b.declared[d.Ref] = true
	d.Declared = true
	b.domains[d.Ref] = &d
	if d.Parent != nil {
		b.noteDomain(*d.Parent, d.ParentRng)
	}
	return nil
}

// NestDomain records that child nests in parent (a zone in its region), a fact
// that an input infers rather than declares: a declaration of child (AddDomain)
// wins, before or after, and nesting one domain twice is not an error.
func (b *Builder) NestDomain(child, parent DomainRef, rng Range) {
	d := b.domains[child]
	if d == nil {
		d = &Domain{Ref: child, Range: rng}
		b.domains[child] = d
	}
	if d.Declared || d.Parent != nil {
		return
	}
	d.Parent, d.ParentRng = &parent, rng
	b.noteDomain(parent, rng)
}

func (b *Builder) noteDomain(ref DomainRef, rng Range) {
	if _, ok := b.domains[ref]; !ok {
		b.domains[ref] = &Domain{Ref: ref, Range: rng}
	}
}

// Build resolves references and returns the model. References to undeclared
// components are error diagnostics at the reference; the edge is dropped and the
// rest of the model is still returned.
//
// It is linear in the declarations but for sorting the IDs: components are
// numbered in ID order, and the dependencies sorted by dependent, dependency
// and kind with a counting sort over those numbers, which the Index reuses.
func (b *Builder) Build() (*Model, hcl.Diagnostics) {
	diags := b.mergeUnits()
	diags = append(diags, b.finish()...)
	b.placeInstances()
	st := newStore(0)
	m := &Model{
		Graph:      dgraph.NewWithStore(func(c *Component) string { return c.ID }, dgraph.Store[string, *Component](st), dgraph.Directed()),
		Components: b.comps,
		Domains:    b.domains,
	}
	m.IDs = sortedIDs(b.order)
	n := len(m.IDs)
	pos := make(map[string]int32, n)
	comps := make([]*Component, n)
	for i, id := range m.IDs {
		pos[id] = int32(i)
	}
	// Reading the maps is safe from several goroutines: each finds the
	// components, then the positions of the dependencies' ends, of its share.
	parallel(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			comps[i] = b.comps[m.IDs[i]]
		}
	})
	ends := make([]int32, 2*len(b.deps)) // from, to; -1 where not declared
	parallel(len(b.deps), func(lo, hi int) {
		// A component's dependencies are added together: its position is
		// looked up once for the run of them, not once per edge.
		lastFrom, lastF := "", int32(-1)
		for e := lo; e < hi; e++ {
			f := lastF
			if from := b.deps[e].From; e == lo || from != lastFrom {
				var ok bool
				f, ok = pos[from]
				if !ok {
					f = -1
				}
				lastFrom, lastF = from, f
			}
			t, ok := pos[b.deps[e].To]
			if !ok {
				t = -1
			}
			ends[2*e], ends[2*e+1] = f, t
		}
	})
	diags = append(diags, capInstances(comps)...)

	var hints *suggester
	unknown := func(id string, r Range) {
		if hints == nil {
			hints = b.suggester()
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Reference to undeclared component",
			Detail:   fmt.Sprintf("No component %q is declared in the given inputs.%s", id, hints.suggest(id)),
			Subject:  rangePtr(r),
		})
	}
	deps := make([]*Dependency, 0, len(b.deps)+len(b.calls))
	from := make([]int32, 0, cap(deps))
	to := make([]int32, 0, cap(deps))
	for e, d := range b.deps {
		f, t := ends[2*e], ends[2*e+1]
		if f < 0 {
			continue // the dependent itself failed to parse; its own diagnostic says so
		}
		if t < 0 {
			unknown(d.To, d.Range)
			continue
		}
		deps = append(deps, d)
		from = append(from, f)
		to = append(to, t)
	}
	for _, r := range b.refs {
		if _, ok := pos[r.id]; !ok {
			unknown(r.id, r.rng)
		}
	}
	for _, g := range b.groups {
		var of []string
		for _, id := range g.Of {
			if b.comps[id] != nil {
				of = append(of, id)
			}
		}
		g.Of = of
		if g.Need > len(of) && len(of) > 0 {
			g.Need = len(of)
		}
	}
	// A call rides on the strongest dependency between its two components (the
	// first declared among equals), or on a requires edge of its own.
	type pair struct{ from, to int32 }
	var strongest map[pair]*Dependency
	if len(b.calls) > 0 {
		strongest = make(map[pair]*Dependency, len(deps))
		for e, d := range deps {
			if best := strongest[pair{from[e], to[e]}]; best == nil || d.Kind < best.Kind {
				strongest[pair{from[e], to[e]}] = d
			}
		}
	}
	for _, pc := range b.calls {
		f, ok := pos[pc.from]
		if !ok {
			continue
		}
		t, ok := pos[pc.to]
		if !ok {
			unknown(pc.to, pc.rng)
			continue
		}
		best := strongest[pair{f, t}]
		if best == nil {
			best = &Dependency{From: pc.from, To: pc.to, Kind: Requires, Group: -1, Range: pc.rng}
			deps = append(deps, best)
			from = append(from, f)
			to = append(to, t)
			strongest[pair{f, t}] = best
		}
		best.Call = pc.call
	}
	deps, from, to, kind := sortDeps(n, deps, from, to)
	m.Dependencies = deps
	m.Groups = b.groups
	m.built = &built{ids: m.IDs, deps: deps, pos: pos, comps: comps, from: from, to: to, kind: kind}
	st.lazy = &lazyGraph{ids: m.IDs, comps: comps, deps: deps, from: from, to: to}

	diags = append(diags, b.checkDomainParents()...)

	for i, id := range m.IDs {
		if comps[i].Entrypoint {
			m.Entrypoints = append(m.Entrypoints, id)
		}
	}
	m.EntrypointsDeclared = len(m.Entrypoints) > 0
	if !m.EntrypointsDeclared {
		hasDependents := make([]bool, n)
		const unseen, allMonitors, other = 0, 1, 2
		monitors := make([]uint8, n) // whether every outgoing edge is a monitors edge
		for e, d := range deps {
			// A component that requires itself is not its own dependent
			// (docs/model.md): such an edge, a mistake the dependency-cycle
			// rule reports, must not also take the component out of the
			// entrypoints and so hide every finding beneath it.
			if d.Kind != Monitors && from[e] != to[e] {
				hasDependents[to[e]] = true
			}
			if f := from[e]; monitors[f] != other {
				if d.Kind == Monitors {
					monitors[f] = allMonitors
				} else {
					monitors[f] = other
				}
			}
		}
		for i, id := range m.IDs {
			if !hasDependents[i] && monitors[i] != allMonitors {
				m.Entrypoints = append(m.Entrypoints, id)
			}
		}
	}
	return m, diags
}

// placeInstances gives each component that stands for one instance of
// another (InstanceOf) that instance's placement, for the domain types it
// has none of its own, and the other's confinement: as they stand once every
// finisher ran (a binding across layers places pods on node groups last).
func (b *Builder) placeInstances() {
	for _, id := range b.order {
		c := b.comps[id]
		if c.InstanceOf == nil {
			continue
		}
		src := b.comps[c.InstanceOf.ID]
		if src == nil {
			continue
		}
		k := c.InstanceOf.Index
		for t, p := range src.Placement {
			if _, own := c.Placement[t]; own || k >= len(p) || p[k] == "" {
				continue
			}
			if c.Placement == nil {
				c.Placement = map[string][]string{}
			}
			if c.PlacementRange == nil {
				c.PlacementRange = map[string]Range{}
			}
			c.Placement[t] = []string{p[k]}
			c.PlacementRange[t] = src.PlacementRange[t]
			if pl, ok := src.PlacedOn[t]; ok {
				if c.PlacedOn == nil {
					c.PlacedOn = map[string]Placer{}
				}
				c.PlacedOn[t] = pl
			}
		}
		for _, t := range src.Confined {
			if !slices.Contains(c.Confined, t) {
				c.Confined = append(c.Confined, t)
			}
		}
	}
}

// parallelMin is the amount of work from which Build shares it among the
// cores (a variable for the tests).
var parallelMin = 1 << 15

// parallel runs work over [0, n) in one contiguous share per core, or at once
// below parallelMin; work must only write what belongs to its share.
func parallel(n int, work func(lo, hi int)) {
	k := runtime.GOMAXPROCS(0)
	if n < parallelMin || k < 2 {
		work(0, n)
		return
	}
	var wg sync.WaitGroup
	for i := range k {
		lo, hi := n*i/k, n*(i+1)/k
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(lo, hi)
		}()
	}
	wg.Wait()
}

// sortedIDs returns ids sorted: one part per core sorted at once, then merged.
// IDs are distinct, so any correct sort gives the same order.
func sortedIDs(ids []string) []string {
	out := slices.Clone(ids)
	k := runtime.GOMAXPROCS(0)
	if len(out) < parallelMin || k < 2 {
		slices.Sort(out)
		return out
	}
	bounds := make([]int, k+1)
	for i := range k + 1 {
		bounds[i] = len(out) * i / k
	}
	parallel(len(out), func(lo, hi int) { slices.Sort(out[lo:hi]) })
	// parallel cut the same shares as bounds: merge them pairwise.
	buf := make([]string, len(out))
	for len(bounds) > 2 {
		var next []int
		for i := 0; i+1 < len(bounds); i += 2 {
			if i+2 >= len(bounds) {
				copy(buf[bounds[i]:bounds[i+1]], out[bounds[i]:bounds[i+1]])
				next = append(next, bounds[i])
				continue
			}
			merge(buf[bounds[i]:bounds[i+2]], out[bounds[i]:bounds[i+1]], out[bounds[i+1]:bounds[i+2]])
			next = append(next, bounds[i])
		}
		next = append(next, len(out))
		out, buf, bounds = buf, out, next
	}
	return out
}

// merge writes the sorted a and b, merged, into dst.
func merge(dst, a, b []string) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if b[j] < a[i] {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// sortDeps sorts deps (and from and to, the positions of their ends among n
// components) by dependent, then dependency, then kind, keeping the order of
// equals: what a stable sort by ID would give, since positions follow IDs. A
// counting sort by dependent, then a stable sort of each dependent's edges.
// It also returns each sorted dependency's kind, read in the same pass (the
// Index keeps them, and reading them again later costs a cache miss per edge
// on a large graph).
func sortDeps(n int, deps []*Dependency, from, to []int32) ([]*Dependency, []int32, []int32, []EdgeKind) {
	if len(deps) == 0 {
		return nil, nil, nil, nil // as the model had before: no dependencies is nil
	}
	start := make([]int32, n+1)
	for _, f := range from {
		start[f+1]++
	}
	for v := range n {
		start[v+1] += start[v]
	}
	fill := slices.Clone(start[:n])
	sd := make([]*Dependency, len(deps))
	sf := make([]int32, len(deps))
	st := make([]int32, len(deps))
	sk := make([]EdgeKind, len(deps))
	for e, f := range from {
		k := fill[f]
		fill[f]++
		sd[k], sf[k], st[k], sk[k] = deps[e], f, to[e], deps[e].Kind
	}
	type edge struct {
		d    *Dependency
		to   int32
		kind EdgeKind
	}
	var buf []edge
	for v := range n {
		lo, hi := int(start[v]), int(start[v+1])
		sorted := true
		for k := lo + 1; k < hi; k++ {
			if st[k] < st[k-1] || st[k] == st[k-1] && sk[k] < sk[k-1] {
				sorted = false
				break
			}
		}
		if sorted {
			continue
		}
		buf = buf[:0]
		for k := lo; k < hi; k++ {
			buf = append(buf, edge{sd[k], st[k], sk[k]})
		}
		slices.SortStableFunc(buf, func(a, b edge) int {
			if a.to != b.to {
				return int(a.to) - int(b.to)
			}
			return int(a.kind) - int(b.kind)
		})
		for k, e := range buf {
			sd[lo+k], st[lo+k], sk[lo+k] = e.d, e.to, e.kind
		}
	}
	return sd, sf, st, sk
}

func (b *Builder) checkDomainParents() hcl.Diagnostics {
	var diags hcl.Diagnostics
	refs := make([]DomainRef, 0, len(b.domains))
	for r := range b.domains {
		refs = append(refs, r)
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].String() < refs[j].String() })
	// acyclic holds the domains whose chain of parents is known to end: a
	// walk stops at one, so that a chain of 10,000 nested domains is walked
	// once, not once per domain.
	acyclic := map[DomainRef]bool{}
	for _, r := range refs {
		seen := map[DomainRef]bool{r: true}
		path := []DomainRef{r}
		ended := true
		for cur := b.domains[r]; cur != nil && cur.Parent != nil && !acyclic[*cur.Parent]; cur = b.domains[*cur.Parent] {
			path = append(path, *cur.Parent)
			if seen[*cur.Parent] {
				ended = false
				d := b.domains[r]
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Domain parent cycle",
					Detail:   fmt.Sprintf("The parents of %s lead back to %s.", r, *cur.Parent),
					Subject:  rangePtr(d.ParentRng),
				})
				d.Parent = nil // break the cycle so that later walks terminate
				break
			}
			seen[*cur.Parent] = true
		}
		if ended {
			for _, p := range path {
				acyclic[p] = true
			}
		}
	}
	return diags
}

// suggester gives "Did you mean" hints for misspelled component IDs: the
// declared IDs are indexed by length (an ID whose length differs by the limit
// or more cannot be within it), each misspelling is answered once, and the
// work of all the answers is bounded, so that a model with thousands of broken
// references does not compare each with every component (quadratic): past
// the bound, references get no hint.
type suggester struct {
	order []string
	byLen map[int][]int32 // length -> positions in order, ascending
	memo  map[string]string
	cells int64 // edit-distance cells left to compute
}

// suggestCells bounds the work of one build's hints (a unit per byte
// compared): about a second. 5,000 references to IDs of 24 bytes among 5,000
// such components get 1,553 hints (the first ones, in declaration order),
// and `check` takes 1.2 s of CPU instead of 39 s (at load 10 on 2 cores).
const suggestCells = 300_000_000

func (b *Builder) suggester() *suggester {
	s := &suggester{order: b.order, byLen: map[int][]int32{}, memo: map[string]string{}, cells: suggestCells}
	for i, c := range b.order {
		s.byLen[len(c)] = append(s.byLen[len(c)], int32(i))
	}
	return s
}

// suggest returns a "Did you mean" hint for a misspelled component ID: the
// declared ID nearest to it within the limit, the first declared among equals.
func (s *suggester) suggest(id string) string {
	if h, ok := s.memo[id]; ok {
		return h
	}
	// Allow about one edit per five characters of the name, at most three, so that
	// "component.dbb" suggests "component.db" but "component.nope" suggests nothing.
	name := id[strings.LastIndex(id, ".")+1:]
	limit := min(3, 1+len(name)/5)
	best, bestD := int32(-1), limit+1
	var count [256]int32
	for k := 0; k < len(id); k++ {
		count[id[k]]++
	}
	// The lengths nearest first: a close match found early prunes the rest.
	for k := 0; k <= 2*limit; k++ {
		l := len(id) + (k+1)/2
		if k%2 == 1 {
			l = len(id) - (k+1)/2
		}
		for _, i := range s.byLen[l] {
			c := s.order[i]
			if s.cells -= int64(len(c)); s.cells < 0 {
				s.memo[id] = ""
				return ""
			}
			// Each edit changes the characters' counts by two at most: a
			// candidate whose counts differ by more than twice the best
			// distance cannot beat it.
			if bagDistance(&count, id, c) > 2*bestD {
				continue
			}
			if s.cells -= int64(len(id)+1) * int64(len(c)+1); s.cells < 0 {
				s.memo[id] = ""
				return ""
			}
			// Capped one past the best, so that an equal distance is exact:
			// among equals the one declared first wins, whatever the buckets' order.
			if d := Levenshtein(id, c, bestD+1); d < bestD || d == bestD && d <= limit && i < best {
				best, bestD = i, d
			}
		}
	}
	h := ""
	if best >= 0 {
		h = fmt.Sprintf(" Did you mean %q?", s.order[best])
	}
	s.memo[id] = h
	return h
}

// bagDistance is the sum over bytes of the difference of their counts in id
// (counted in count) and in c.
func bagDistance(count *[256]int32, id, c string) int {
	diff := *count
	for k := 0; k < len(c); k++ {
		diff[c[k]]--
	}
	d := 0
	for _, s := range [2]string{id, c} {
		for k := 0; k < len(s); k++ {
			if n := diff[s[k]]; n != 0 {
				d += abs(int(n))
				diff[s[k]] = 0 // each byte value counted once
			}
		}
	}
	return d
}

// Levenshtein returns the edit distance between a and b, or limit when it is
// limit or more (a length difference of limit answers without computing).
func Levenshtein(a, b string, limit int) int {
	if abs(len(a)-len(b)) >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit // no row's minimum ever decreases
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func rangePtr(r Range) *hcl.Range {
	if r.Filename == "" && r.Start.Line == 0 {
		return nil
	}
	rr := r
	return &rr
}
