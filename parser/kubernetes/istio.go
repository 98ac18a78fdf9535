package kubernetes

import (
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/graph"
)

// Istio's traffic policies give the call attributes of the model (docs/model.md): a VirtualService
// the timeout and retries of the calls to its hosts, a DestinationRule's outlier
// detection the circuit breaker.

func (r *reader) virtualService(o *object, doc *yaml.Node) {
	spec := field(doc, "spec")
	vs := &virtualService{}
	o.vs = vs
	for _, h := range items(field(spec, "hosts")) {
		if s, ok := str(h); ok {
			vs.hosts = append(vs.hosts, s)
		}
	}
	for _, g := range items(field(spec, "gateways")) {
		if s, ok := str(g); ok {
			vs.gateways = append(vs.gateways, s)
		}
	}
	for _, h := range items(field(spec, "http")) {
		rt := vsRoute{rng: r.rng(h)}
		for _, d := range items(field(h, "route")) {
			if host, ok := str(at(d, "destination", "host")); ok {
				rt.hosts = append(rt.hosts, host)
				sub, _ := str(at(d, "destination", "subset"))
				rt.subsets = append(rt.subsets, sub)
			}
		}
		if t, ok := str(field(h, "timeout")); ok {
			if d, err := time.ParseDuration(t); err == nil {
				rt.timeout, rt.hasTimeout = d, true
			} else {
				r.errorf(field(h, "timeout"), "Invalid timeout", "An Istio timeout is a duration such as 2s or 500ms.")
			}
		}
		if ret := field(h, "retries"); ret != nil {
			if n, ok := intOf(field(ret, "attempts")); ok && n >= 0 {
				rt.retries, rt.hasRetries = n, true
			}
		}
		vs.routes = append(vs.routes, rt)
	}
	for _, key := range []string{"tcp", "tls"} {
		for _, h := range items(field(spec, key)) {
			rt := vsRoute{rng: r.rng(h)}
			for _, d := range items(field(h, "route")) {
				if host, ok := str(at(d, "destination", "host")); ok {
					rt.hosts = append(rt.hosts, host)
					sub, _ := str(at(d, "destination", "subset"))
					rt.subsets = append(rt.subsets, sub)
				}
			}
			vs.routes = append(vs.routes, rt)
		}
	}
}

func (r *reader) destinationRule(o *object, doc *yaml.Node) {
	spec := field(doc, "spec")
	dr := &destinationRule{rng: o.rng}
	o.dr = dr
	dr.host, _ = str(field(spec, "host"))
	if od := at(spec, "trafficPolicy", "outlierDetection"); od != nil {
		dr.outlierDetect = true
		dr.rng = r.rng(od)
	}
	for _, s := range items(field(spec, "subsets")) {
		name, ok := str(field(s, "name"))
		if !ok {
			continue
		}
		if dr.subsets == nil {
			dr.subsets = map[string]map[string]string{}
		}
		dr.subsets[name] = stringMap(field(s, "labels"))
		if at(s, "trafficPolicy", "outlierDetection") != nil {
			dr.outlierDetect = true
		}
	}
}

func (r *reader) certificate(o *object, doc *yaml.Node) {
	c := &certificate{}
	c.secretName, _ = str(at(doc, "spec", "secretName"))
	o.cert = c
}

// gatewayBound reports whether a VirtualService routes traffic from a gateway
// (an entrypoint), rather than only shaping calls inside the mesh.
func gatewayBound(vs *virtualService) bool {
	for _, g := range vs.gateways {
		if g != "mesh" {
			return true
		}
	}
	return false
}

// istioSubsets finds Services to which every VirtualService route sends traffic
// only to named subsets (reviews → subset v1): then only the workloads of those
// subsets serve the Service, however many others its selector matches.
func (m *model) istioSubsets(objs []*object) {
	rules := map[string]*destinationRule{} // Service ID -> rule
	for _, o := range objs {
		if o.dr != nil {
			if s := m.lookupService(o.dr.host, o.namespace); s != nil {
				rules[s.id()] = o.dr
			}
		}
	}
	type dest struct {
		svc     *object
		subsets []string
		all     bool // every destination names a subset
	}
	dests := map[string]*dest{}
	var order []string
	for _, o := range objs {
		if o.vs == nil {
			continue
		}
		for _, rt := range o.vs.routes {
			for i, h := range rt.hosts {
				s := m.lookupService(h, o.namespace)
				if s == nil || s.service.selector == nil {
					continue
				}
				d := dests[s.id()]
				if d == nil {
					d = &dest{svc: s, all: true}
					dests[s.id()] = d
					order = append(order, s.id())
				}
				if rt.subsets[i] == "" {
					d.all = false
				} else {
					d.subsets = append(d.subsets, rt.subsets[i])
				}
			}
		}
	}
	for _, id := range order {
		d := dests[id]
		dr := rules[id]
		if !d.all || dr == nil {
			continue
		}
		sel := &labelSelector{matchLabels: d.svc.service.selector}
		var picked []*object
		known := true
		for _, w := range m.candidates(d.svc.namespace, sel) {
			if !sel.matches(w.workload.podLabels) {
				continue
			}
			for _, sub := range d.subsets {
				labels, ok := dr.subsets[sub]
				if !ok {
					known = false
					continue
				}
				if (&labelSelector{matchLabels: labels}).matches(w.workload.podLabels) {
					picked = append(picked, w)
					break
				}
			}
		}
		if known && len(picked) > 0 {
			m.backends[id] = picked
		}
	}
}

// istioCalls records the call attributes that VirtualServices (timeout,
// retries) and DestinationRules (outlier detection: circuit breaking) give the
// calls to a Service; they are attached to every requires edge into it.
func (m *model) istioCalls(objs []*object) {
	for _, o := range objs {
		if o.vs == nil || gatewayBound(o.vs) {
			continue
		}
		for _, rt := range o.vs.routes {
			for _, h := range rt.hosts {
				s := m.lookupService(h, o.namespace)
				if s == nil || m.calls[s.id()] != nil {
					continue
				}
				m.calls[s.id()] = rt.call()
			}
		}
	}
	for _, o := range objs {
		if o.dr == nil || !o.dr.outlierDetect {
			continue
		}
		s := m.lookupService(o.dr.host, o.namespace)
		if s == nil {
			continue
		}
		c := m.calls[s.id()]
		if c == nil {
			c = &graph.Call{Name: "istio", Retries: 2, Range: o.dr.rng}
			m.calls[s.id()] = c
		}
		c.CircuitBreaker = true
	}
}

// call returns the call attributes a VirtualService route gives the calls it
// routes: its timeout (none by default: Istio disables the HTTP route
// timeout unless one is set) and its retries (Istio's default policy makes 2
// attempts when none is set).
func (rt *vsRoute) call() *graph.Call {
	c := &graph.Call{Name: "istio", Timeout: rt.timeout, HasTimeout: rt.hasTimeout, Retries: rt.retries, Range: rt.rng}
	if !rt.hasRetries {
		c.Retries = 2
	}
	return c
}

// callOf returns the Istio call attributes of the edge from -> to (a copy),
// or nil. A mesh VirtualService (no gateways, or "mesh") shapes the calls of
// the sidecars, that is of workloads; a gateway-bound VirtualService's calls
// follow its own routes; an Ingress or a Gateway API route is served by its
// controller, which a mesh VirtualService does not configure. A
// DestinationRule's outlier detection applies to every caller of its host.
func (m *model) callOf(from, to string) *graph.Call {
	mesh := m.calls[to]
	if rc := m.routeCalls[[2]string{from, to}]; rc != nil {
		c := *rc
		c.CircuitBreaker = c.CircuitBreaker || mesh != nil && mesh.CircuitBreaker
		return &c
	}
	if mesh == nil {
		return nil
	}
	if o := m.byKindKey[strings.TrimPrefix(from, "k8s/")]; o == nil || o.workload == nil {
		return nil
	}
	c := *mesh
	return &c
}
