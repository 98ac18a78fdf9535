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

// Finish binds the layers into b.
func (s *State) Finish(b *graph.Builder) hcl.Diagnostics {
	bd := newBinder(s, b)
	bd.placements()
	bd.endpoints()
	bd.objects()
	bd.entrypoints()
	return bd.diags
}
