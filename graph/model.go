// Package graph is faultline's model of a system: components that can fail, the
// dependencies between them, and the failure domains their instances live in (docs/model.md).
//
// Parsers feed a Builder; Build validates references and returns a Model whose
// dependency graph is a dominikbraun/graph. Algorithms never walk that graph
// directly: they run on the compact int32 Index built from it (see index.go).
package graph

import (
	"fmt"
	"sort"
	"strings"
	"time"

	dgraph "github.com/dominikbraun/graph"
	"github.com/hashicorp/hcl/v2"
)

// Range is a source range. faultline uses HCL's range type everywhere, whatever
// the input format, so that diagnostics and findings share one position model.
type Range = hcl.Range

// EdgeKind is the kind of a dependency (docs/model.md).
type EdgeKind uint8

// The dependency kinds. The order matters: a lower value is a stronger dependency,
// used when two declarations connect the same pair of components.
const (
	Requires    EdgeKind = iota // hard, runtime: the dependent is down if this is down
	RequiresAny                 // one alternative of a requires-any group
	Bootstrap                   // needed only to (re)start the dependent
	Soft                        // its loss degrades the dependent
	Monitors                    // the dependent watches the dependency
)

var edgeKindNames = [...]string{"requires", "requires_any", "bootstrap", "soft", "monitors"}

// String returns the kind's name as used in the native format and in JSON.
func (k EdgeKind) String() string {
	if int(k) < len(edgeKindNames) {
		return edgeKindNames[k]
	}
	return fmt.Sprintf("EdgeKind(%d)", k)
}

// Call holds the attributes of a call from a dependent to a dependency, where known.
type Call struct {
	Name           string
	Timeout        time.Duration
	HasTimeout     bool
	Retries        int
	CircuitBreaker bool
	Range          Range
}

// Dependency is an edge from a dependent (From) to a dependency (To).
type Dependency struct {
	From, To string
	Kind     EdgeKind
	// Group is the index into Model.Groups for RequiresAny edges, else -1.
	Group int
	// Range is the range of the declaration or reference that created the edge.
	Range Range
	// Bound is set on an edge that a binding across layers made (a Kubernetes
	// workload on a Terraform node group, an address that is a Terraform data
	// store's endpoint): the other end's declaration, so that a finding can
	// show both sides of the binding. Its zero value means none.
	Bound Range
	// BoundBy says what made the binding ("its ConfigMap's DB_HOST is the
	// endpoint of …"), for the finding's related locations.
	BoundBy string
	Call    *Call
}

// Group is a "requires any of {A, B, …} need k" relation of its Owner.
type Group struct {
	Owner string
	Name  string
	Of    []string
	Need  int
	Range Range
}

// DomainRef names a failure domain: its type (zone, region, host, …) and its name.
type DomainRef struct{ Type, Name string }

// String returns the domain in the CLI's event syntax, TYPE=NAME.
func (d DomainRef) String() string { return d.Type + "=" + d.Name }

// ParseDomainRef parses TYPE=NAME; ok is false when s is not of that form.
func ParseDomainRef(s string) (DomainRef, bool) {
	t, n, ok := strings.Cut(s, "=")
	if !ok || t == "" || n == "" {
		return DomainRef{}, false
	}
	return DomainRef{Type: t, Name: n}, true
}

// Domain is a failure domain. A domain exists as soon as a placement or a parent
// names it; a declaration only adds facts (its parent, its range).
type Domain struct {
	Ref       DomainRef
	Parent    *DomainRef
	Range     Range // the declaration, or the first placement that named it
	Declared  bool
	ParentRng Range
}

// Component is a thing that can fail.
type Component struct {
	ID    string
	Kind  string
	Range Range // the declaration; DefRange-style (the header), for findings

	Replicas int // instances, >= 1
	// InstancesUnknown marks a component whose number of instances the input
	// does not give (a Terraform count or for_each unknown until apply):
	// Replicas is a placeholder of one. A finding that rests on that one
	// instance says so and is not an error (spof reports it as a warning).
	InstancesUnknown bool
	Quorum           int // instances that must be up, 1..Replicas
	// Placement maps a domain type to the domain of each instance; an empty string
	// is an unknown placement for that instance. Every slice has length Replicas.
	Placement map[string][]string
	// PlacementRange is where the placement was declared, per domain type.
	PlacementRange map[string]Range
	// PlacedOn records, per domain type, the component whose instances host
	// this one's and give it that placement (pods on a Terraform node group):
	// a finding about the placement names it in its path.
	PlacedOn map[string]Placer

	// Entrypoint is set when the component was declared user-facing. The model's
	// effective entrypoints are in Model.Entrypoints.
	Entrypoint bool
	// EntrypointInferred is set when Entrypoint was not declared but inferred
	// for the component's format alone (in a mix of formats, one that marks
	// none: its components without dependents).
	EntrypointInferred bool

	Availability float64 // each instance's own availability; 0 when unknown
	SLO          float64 // promised availability; 0 when none
	Capacity     float64 // per instance; 0 when unknown
	Load         float64 // peak demand on the whole component; 0 when unknown
	Criticality  string

	Expires   time.Time // certificates: expiry; zero when unknown
	AutoRenew *bool     // certificates: nil when unknown

	// Opaque marks a component whose contents are unknown (a Terraform module that
	// is not on disk): it carries edges, but no single-instance event is claimed
	// for it, since nothing says whether it is redundant.
	Opaque bool
	// Confined lists the domain types of which one domain holds the component
	// by construction, however many instances it runs: a Terraform resource
	// lives in its provider's region, the pods of a cluster in the cluster's.
	// That domain's failure is the component's scope, not redundancy it could
	// spread: the shared-domain rule reports it only where it defeats a
	// requires_any group (alternatives in one region), never as the
	// component's own replicas sharing it.
	Confined []string
	// DomainBound marks a component that does not fail on its own but only with
	// the domains it is placed in (a subnet fails with its zone): no
	// single-instance event is claimed for it.
	DomainBound bool
	// Virtual marks a component whose instances are a stand-in: an API object
	// (a Kubernetes Service, Ingress, ConfigMap) served by the control plane
	// and every node, which fails only through what it requires, never as an
	// instance. The double-failure search pairs none of its instance events.
	Virtual bool
	// UnknownPlacement lists the domain types (zone, host, …) over which the input
	// says the instances may spread but nothing guarantees that they do (a
	// Deployment without spreading rules); the unknown-placement rule reads it.
	UnknownPlacement []string
	// Unknowns describes values the parser could not know and that shape this
	// component (a count from an unknown variable, zones from a data source);
	// findings about the component carry them, so that a conclusion that rests on
	// an unknown says so.
	Unknowns []string
	// Unresolved describes dependencies the input names that faultline cannot
	// follow (an address that matches no Service, a Service that selects no
	// workload in the inputs): the component may need more than the graph
	// shows, so an availability estimate over it is an upper bound.
	Unresolved []string

	// InstanceOf is set on a component that stands for one instance of
	// another, which its dependents name by that instance's own address (a
	// StatefulSet's pod, mysql-0.mysql): the other instances do not serve
	// for it. The component requires the one it is an instance of.
	InstanceOf *InstanceRef

	// Source names the input format the component came from (hcl, terraform, kubernetes).
	Source string
	// Group is a grouping for display (a Terraform module, a Kubernetes namespace).
	Group string
	// Ignores are the suppressions the input attaches to this component (a
	// Kubernetes annotation faultline.dev/ignore); any parser may fill them.
	Ignores []Ignore
	// Patches are the declarations that change this one after it is declared
	// (the Kustomize patches applied to an object), in the order applied:
	// findings about the component list them as related locations.
	Patches []Range
}

// InstanceRef names instance Index (from 0) of component ID, which runs Of
// instances.
type InstanceRef struct {
	ID        string
	Index, Of int
}

// Placer is the component that gives another its placement of one domain type,
// and where that placement is declared.
type Placer struct {
	ID    string
	Range Range
}

// Ignore is a suppression declared in the input: findings of Rule (a name or an
// ID) about the component are accepted, for Reason.
type Ignore struct {
	Rule, Reason string
	Range        Range // where the ignore is written
}

// Instances returns the number of instances; at least 1.
func (c *Component) Instances() int {
	if c.Replicas < 1 {
		return 1
	}
	return c.Replicas
}

// NeedUp returns the number of instances that must be up: the quorum, at least 1.
func (c *Component) NeedUp() int {
	if c.Quorum < 1 {
		return 1
	}
	return c.Quorum
}

// Fragile reports whether the loss of a single instance takes the component down.
// An opaque component is never called fragile: nothing is known of its
// redundancy; nor is a domain-bound one, which fails only with its domains.
func (c *Component) Fragile() bool {
	return !c.Opaque && !c.DomainBound && c.Instances()-1 < c.NeedUp()
}

// Model is a validated system model. Its fields are read-only after Build.
type Model struct {
	// Graph is the dependency graph: vertices are components, an edge goes from a
	// dependent to its dependency and carries the []*Dependency declared between them.
	Graph dgraph.Graph[string, *Component]

	Components   map[string]*Component
	IDs          []string // sorted component IDs
	Dependencies []*Dependency
	Groups       []*Group
	Domains      map[DomainRef]*Domain
	// Entrypoints are the declared entrypoints or, when none is declared, every
	// component without dependents (docs/model.md). Sorted.
	Entrypoints []string
	// EntrypointsDeclared is true when at least one component was marked.
	EntrypointsDeclared bool

	// built is what Build computed that NewIndex needs again: positions of
	// the IDs and of each dependency's ends (nil for a model made otherwise).
	built *built
}

// built holds the numbering Build made, valid while the model's IDs and
// Dependencies are the slices it was made for (see Model.positions).
type built struct {
	ids      []string
	deps     []*Dependency
	pos      map[string]int32
	comps    []*Component // by position
	from, to []int32      // per dependency
	kind     []EdgeKind   // per dependency: its Kind when Build ran
}

// positions returns Build's numbering of m, or nil when m was not made by
// Build or its IDs or Dependencies were replaced since.
func (m *Model) positions() *built {
	b := m.built
	if b == nil || len(b.ids) != len(m.IDs) || len(b.deps) != len(m.Dependencies) || len(b.pos) != len(m.IDs) {
		return nil
	}
	if len(b.ids) > 0 && &b.ids[0] != &m.IDs[0] || len(b.deps) > 0 && &b.deps[0] != &m.Dependencies[0] {
		return nil
	}
	return b
}

// SetEntrypoints makes exactly the components for which is returns true the
// entrypoints (a configuration file's choice replaces the input's) and returns
// how many there are. When none matches, the model is left as it was.
func (m *Model) SetEntrypoints(is func(id string) bool) int {
	var eps []string
	for _, id := range m.IDs {
		if is(id) {
			eps = append(eps, id)
		}
	}
	if len(eps) == 0 {
		return 0
	}
	for _, id := range m.IDs {
		m.Components[id].Entrypoint = is(id)
		m.Components[id].EntrypointInferred = false
	}
	m.Entrypoints, m.EntrypointsDeclared = eps, true
	return len(eps)
}

// Component returns the component with the given ID, or nil.
func (m *Model) Component(id string) *Component { return m.Components[id] }

// DomainAncestors returns d's strict ancestors, nearest first. Parent cycles are
// rejected by Build, so this terminates.
func (m *Model) DomainAncestors(d DomainRef) []DomainRef {
	var out []DomainRef
	for cur := m.Domains[d]; cur != nil && cur.Parent != nil; cur = m.Domains[*cur.Parent] {
		out = append(out, *cur.Parent)
		if len(out) > len(m.Domains) {
			break
		}
	}
	return out
}

// SortedDomains returns every domain, sorted by type then name.
func (m *Model) SortedDomains() []DomainRef {
	out := make([]DomainRef, 0, len(m.Domains))
	for d := range m.Domains {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// EdgesBetween returns the dependencies declared from a dependent to a dependency.
func (m *Model) EdgesBetween(from, to string) []*Dependency {
	e, err := m.Graph.Edge(from, to)
	if err != nil {
		return nil
	}
	deps, _ := e.Properties.Data.([]*Dependency)
	return deps
}

// Relocate replaces every source range of the model by f's result for it: a
// loader that parsed a generated stream (a Kustomize build) moves the ranges
// to the files the stream was generated from. Call it before the model is
// indexed or analyzed.
func (m *Model) Relocate(f func(Range) Range) {
	for _, id := range m.IDs {
		c := m.Components[id]
		c.Range = f(c.Range)
		for t, r := range c.PlacementRange {
			c.PlacementRange[t] = f(r)
		}
		for t, p := range c.PlacedOn {
			p.Range = f(p.Range)
			c.PlacedOn[t] = p
		}
		for i := range c.Ignores {
			c.Ignores[i].Range = f(c.Ignores[i].Range)
		}
		for i := range c.Patches {
			c.Patches[i] = f(c.Patches[i])
		}
	}
	for _, d := range m.Dependencies {
		d.Range, d.Bound = f(d.Range), f(d.Bound)
		if d.Call != nil {
			d.Call.Range = f(d.Call.Range)
		}
	}
	for _, g := range m.Groups {
		g.Range = f(g.Range)
	}
	for _, d := range m.Domains {
		d.Range, d.ParentRng = f(d.Range), f(d.ParentRng)
	}
}
