package crosslayer

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/graph"
)

// State holds the facts the parsers of one load publish, and binds them when
// the Builder finishes (after every format's own Finish).
type State struct {
	Clusters   []Cluster
	NodeGroups []NodeGroup
	Endpoints  []Endpoint
	Objects    []Object
	Workloads  []Workload
	Addresses  []Address
	ConfigUses []ConfigUse
	// Bindings come from the configuration file: which manifests run on which cluster.
	Bindings []Binding

	declared map[string]bool // Objects by KIND/ns/name, built by Declares
	indexed  int             // how many Objects declared holds
}

type stateKey struct{}

// Of returns the State of the load that b builds, creating it on first use.
func Of(b *graph.Builder) *State {
	return b.State(stateKey{}, func() graph.Finisher { return &State{} }).(*State)
}

// Late makes the State a graph.LateFinisher: it binds after every format has
// resolved its own relations.
func (s *State) Late() {}

// Declares reports whether Terraform's kubernetes provider declares the object
// KIND ns/name (a Service an address names, a ConfigMap a workload reads), so
// that the Kubernetes parser does not call it missing.
func (s *State) Declares(kind, ns, name string) bool {
	if len(s.Objects) == 0 {
		return false
	}
	if s.declared == nil {
		s.declared = make(map[string]bool, len(s.Objects))
	}
	for ; s.indexed < len(s.Objects); s.indexed++ {
		o := s.Objects[s.indexed]
		s.declared[o.Kind+"/"+o.Namespace+"/"+o.Name] = true
	}
	return s.declared[kind+"/"+ns+"/"+name]
}

// Finish binds the layers into b. A unit (graph.Builder.Unit) binds nothing
// itself: its parent binds what MergeUnit hands on, with the Terraform of the
// input path.
func (s *State) Finish(b *graph.Builder) hcl.Diagnostics {
	if b.IsUnit() {
		return nil
	}
	bd := newBinder(s, b)
	bd.placements()
	bd.endpoints()
	bd.objects()
	bd.entrypoints()
	return bd.diags
}

// MergeUnit hands what a unit published on to its parent's State, IDs
// prefixed: a unit's workloads run on the clusters its parent declares (the
// Terraform of the input path), and call its data stores.
func (s *State) MergeUnit(parent *graph.Builder, prefix string) {
	ps := Of(parent)
	for _, c := range s.Clusters {
		c.ID = prefix + c.ID
		ps.Clusters = append(ps.Clusters, c)
	}
	for _, ng := range s.NodeGroups {
		ng.ID = prefix + ng.ID
		if ng.Cluster != "" {
			ng.Cluster = prefix + ng.Cluster
		}
		ps.NodeGroups = append(ps.NodeGroups, ng)
	}
	for _, e := range s.Endpoints {
		e.ID = prefix + e.ID
		ps.Endpoints = append(ps.Endpoints, e)
	}
	for _, o := range s.Objects {
		vals := make([]ObjectValue, len(o.Values))
		for i, v := range o.Values {
			v.Target = prefix + v.Target
			vals[i] = v
		}
		o.Values = vals
		ps.Objects = append(ps.Objects, o)
	}
	for _, w := range s.Workloads {
		w.ID = prefix + w.ID
		ps.Workloads = append(ps.Workloads, w)
	}
	for _, a := range s.Addresses {
		a.From = prefix + a.From
		ps.Addresses = append(ps.Addresses, a)
	}
	for _, u := range s.ConfigUses {
		u.From = prefix + u.From
		ps.ConfigUses = append(ps.ConfigUses, u)
	}
}
