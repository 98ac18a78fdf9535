package kubernetes

import (
	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/parser/crosslayer"
)

// What the manifests tell the binding across layers (parser/crosslayer): where
// a workload's pods may run (node labels, node affinity, tolerations), the
// external addresses it names, and the configuration it reads that the
// manifests do not declare.

// scheduling is what a pod spec says about the nodes its pods may run on.
type scheduling struct {
	required    []crosslayer.Requirement
	terms       [][]crosslayer.Requirement
	tolerations []crosslayer.Toleration
	rng         graph.Range // the first rule's range; zero when none
}

// scheduling reads nodeSelector, required node affinity and tolerations.
func (r *reader) scheduling(spec *yaml.Node) *scheduling {
	s := &scheduling{}
	mark := func(n *yaml.Node) {
		if s.rng.Filename == "" && n != nil {
			s.rng = r.rng(n)
		}
	}
	if ns := field(spec, "nodeSelector"); ns != nil {
		mark(ns)
		pairs(ns, func(k string, _, v *yaml.Node) {
			if val, ok := str(v); ok {
				s.required = append(s.required, crosslayer.Requirement{Key: k, Op: "In", Values: []string{val}, Range: r.rng(v)})
			}
		})
	}
	terms := at(spec, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
	if terms != nil {
		mark(terms)
	}
	for _, t := range items(terms) {
		var term []crosslayer.Requirement
		for _, e := range items(field(t, "matchExpressions")) {
			q := crosslayer.Requirement{Range: r.rng(e)}
			q.Key, _ = str(field(e, "key"))
			q.Op, _ = str(field(e, "operator"))
			for _, v := range items(field(e, "values")) {
				if s, ok := str(v); ok {
					q.Values = append(q.Values, s)
				}
			}
			term = append(term, q)
		}
		s.terms = append(s.terms, term)
	}
	if tols := field(spec, "tolerations"); tols != nil {
		mark(tols)
		for _, t := range items(tols) {
			var x crosslayer.Toleration
			x.Key, _ = str(field(t, "key"))
			x.Op, _ = str(field(t, "operator"))
			x.Value, _ = str(field(t, "value"))
			x.Effect, _ = str(field(t, "effect"))
			s.tolerations = append(s.tolerations, x)
		}
	}
	return s
}

// publishWorkload tells the binding where the pods of o (component c) may run.
func (m *model) publishWorkload(o *object, c *graph.Component) {
	w := o.workload
	st := crosslayer.Of(m.b)
	cw := crosslayer.Workload{ID: c.ID, Namespace: o.namespace, File: o.rng.Filename, Range: o.rng,
		PodLabels: w.podLabels, RulesRange: o.rng}
	if s := w.sched; s != nil {
		cw.Required, cw.Terms, cw.Tolerations = s.required, s.terms, s.tolerations
		if s.rng.Filename != "" {
			cw.RulesRange = s.rng
		}
	}
	if w.placement.spread[zoneDomain] {
		cw.SpreadZone, cw.SpreadZoneRng = true, w.placement.spreadRng[zoneDomain]
	}
	st.Workloads = append(st.Workloads, cw)
}

// publishAddress tells the binding about an address that no Service of the
// manifests resolves; local says it is a cluster-local name, of Service name
// in namespace ns as cluster DNS reads it. It reports whether Terraform's
// kubernetes provider declares that Service (so that it is not reported missing).
func (m *model) publishAddress(from *object, a addrRef, where string, kind graph.EdgeKind, local bool, name, ns string) bool {
	st := crosslayer.Of(m.b)
	st.Addresses = append(st.Addresses, crosslayer.Address{From: from.id(), Namespace: from.namespace, Host: a.host,
		Kind: kind, Where: where, Range: a.rng, Local: local, Service: name, ServiceNS: ns})
	return local && st.Declares("Service", ns, name)
}

// publishExternalName tells the binding what an ExternalName Service points at.
func (m *model) publishExternalName(o *object) {
	s := o.service
	crosslayer.Of(m.b).Addresses = append(crosslayer.Of(m.b).Addresses, crosslayer.Address{
		From: o.id(), Namespace: o.namespace, Host: s.externalName, Kind: graph.Requires,
		Where: "externalName", Range: s.externalRng, ExternalName: true})
}

// publishConfigUse tells the binding about a ConfigMap or Secret that a
// workload reads and the manifests do not declare.
func (m *model) publishConfigUse(o *object, kind string, nr nameRef) {
	st := crosslayer.Of(m.b)
	st.ConfigUses = append(st.ConfigUses, crosslayer.ConfigUse{From: o.id(), Namespace: o.namespace, Kind: kind,
		Name: nr.name, Key: nr.key, Edge: graph.Requires, Range: nr.rng})
}
