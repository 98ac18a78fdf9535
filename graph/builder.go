package graph

import (
	"errors"
	"fmt"
	"sort"
	"strings"

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
	b.deps = append(b.deps, &d)
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
		b.deps = append(b.deps, &Dependency{From: g.Owner, To: to, Kind: RequiresAny, Group: idx, Range: r})
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
func (b *Builder) Build() (*Model, hcl.Diagnostics) {
	diags := b.mergeUnits()
	diags = append(diags, b.finish()...)
	st := newStore(len(b.comps))
	m := &Model{
		Graph:      dgraph.NewWithStore(func(c *Component) string { return c.ID }, dgraph.Store[string, *Component](st), dgraph.Directed()),
		Components: b.comps,
		Domains:    b.domains,
	}
	m.IDs = append([]string(nil), b.order...)
	sort.Strings(m.IDs)
	diags = append(diags, capInstances(m.IDs, b.comps)...)
	for _, id := range m.IDs {
		_ = m.Graph.AddVertex(b.comps[id])
	}

	unknown := func(id string, r Range) {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Reference to undeclared component",
			Detail:   fmt.Sprintf("No component %q is declared in the given inputs.%s", id, b.suggest(id)),
			Subject:  rangePtr(r),
		})
	}
	var deps []*Dependency
	for _, d := range b.deps {
		if b.comps[d.From] == nil {
			continue // the dependent itself failed to parse; its own diagnostic says so
		}
		if b.comps[d.To] == nil {
			unknown(d.To, d.Range)
			continue
		}
		deps = append(deps, d)
	}
	for _, r := range b.refs {
		if b.comps[r.id] == nil {
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
	type pair struct{ from, to string }
	var strongest map[pair]*Dependency
	if len(b.calls) > 0 {
		strongest = make(map[pair]*Dependency, len(deps))
		for _, d := range deps {
			if best := strongest[pair{d.From, d.To}]; best == nil || d.Kind < best.Kind {
				strongest[pair{d.From, d.To}] = d
			}
		}
	}
	for _, pc := range b.calls {
		if b.comps[pc.from] == nil {
			continue
		}
		if b.comps[pc.to] == nil {
			unknown(pc.to, pc.rng)
			continue
		}
		best := strongest[pair{pc.from, pc.to}]
		if best == nil {
			best = &Dependency{From: pc.from, To: pc.to, Kind: Requires, Group: -1, Range: pc.rng}
			deps = append(deps, best)
			strongest[pair{pc.from, pc.to}] = best
		}
		best.Call = pc.call
	}
	sort.SliceStable(deps, func(i, j int) bool {
		a, c := deps[i], deps[j]
		if a.From != c.From {
			return a.From < c.From
		}
		if a.To != c.To {
			return a.To < c.To
		}
		return a.Kind < c.Kind
	})
	m.Dependencies = deps
	m.Groups = b.groups
	// One graph edge per pair of components, carrying every dependency between
	// them; deps are sorted, so a pair's dependencies are consecutive, and the
	// edges out of a component come in the order the store keeps them: they go
	// in at once (the edge dominikbraun's AddEdge would make, without its
	// lookups), unless an end is not a vertex, which AddEdge reports.
	for i := 0; i < len(deps); {
		from := deps[i].From
		var out []dgraph.Edge[string]
		for i < len(deps) && deps[i].From == from {
			j := i + 1
			for j < len(deps) && deps[j].From == from && deps[j].To == deps[i].To {
				j++
			}
			d := deps[i]
			if st.vertices[d.From] != nil && st.vertices[d.To] != nil {
				out = append(out, dgraph.Edge[string]{Source: d.From, Target: d.To,
					Properties: dgraph.EdgeProperties{Attributes: map[string]string{}, Data: deps[i:j:j]}})
			} else if err := m.Graph.AddEdge(d.From, d.To, dgraph.EdgeData(deps[i:j:j])); err != nil && !errors.Is(err, dgraph.ErrEdgeAlreadyExists) {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Internal graph error", Detail: err.Error(), Subject: rangePtr(d.Range)})
			}
			i = j
		}
		st.appendOut(from, out)
	}

	diags = append(diags, b.checkDomainParents()...)

	for _, id := range m.IDs {
		if b.comps[id].Entrypoint {
			m.Entrypoints = append(m.Entrypoints, id)
		}
	}
	m.EntrypointsDeclared = len(m.Entrypoints) > 0
	if !m.EntrypointsDeclared {
		hasDependents := map[string]bool{}
		monitors := map[string]bool{} // has an outgoing edge, all of them monitors
		for _, d := range deps {
			if d.Kind != Monitors {
				hasDependents[d.To] = true
			}
		}
		for _, d := range deps {
			if m, seen := monitors[d.From]; !seen || m {
				monitors[d.From] = d.Kind == Monitors
			}
		}
		for _, id := range m.IDs {
			if !hasDependents[id] && !monitors[id] {
				m.Entrypoints = append(m.Entrypoints, id)
			}
		}
	}
	return m, diags
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

// suggest returns a "Did you mean" hint for a misspelled component ID.
func (b *Builder) suggest(id string) string {
	// Allow about one edit per five characters of the name, at most three, so that
	// "component.dbb" suggests "component.db" but "component.nope" suggests nothing.
	name := id[strings.LastIndex(id, ".")+1:]
	limit := min(3, 1+len(name)/5)
	best, bestD := "", limit+1
	for _, c := range b.order {
		if d := Levenshtein(id, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
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
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
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
