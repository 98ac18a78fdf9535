package kubernetes

import (
	"strings"

	"github.com/faultline-dev/faultline/graph"
)

// Roots. Many dependencies are invisible in manifests: an address compiled
// into the binary (a front end calling http://user, Argo CD's server calling
// its Redis) makes no edge. A ClusterIP Service that nothing in the inputs
// uses is still used by someone, or it would not exist: it is a root (an
// entrypoint) in its own right, besides the Ingresses, routes and
// LoadBalancer/NodePort Services. A Service that serves only metrics is for a
// scraper, not for users: never a root; the workloads that only such Services
// select run for their own sake (a controller, an exporter) and are roots
// themselves. A workload that no Service selects and nothing uses is a client
// (a load generator, a batch job) and is no root. The configuration's
// entrypoints replace all of this.

// metricsOnly reports whether a Service serves only metrics: its name ends in
// -metrics or -exporter, or every port it declares is named for metrics
// (metrics, http-metrics, https-metrics, metrics-main, …).
func metricsOnly(o *object) bool {
	if o.service == nil {
		return false
	}
	if strings.HasSuffix(o.name, "-metrics") || strings.HasSuffix(o.name, "-exporter") {
		return true
	}
	if len(o.service.ports) == 0 {
		return false
	}
	for _, p := range o.service.ports {
		if !strings.Contains(p, "metrics") {
			return false
		}
	}
	return true
}

// foreignDeps returns the dependencies the builder holds so far that another
// format declared on this package's components.
func (m *model) foreignDeps() []graph.Dependency {
	var out []graph.Dependency
	for _, d := range m.b.Dependencies() {
		if m.byID[d.To] != nil && m.byID[d.From] == nil {
			out = append(out, *d)
		}
	}
	return out
}

// markRoots makes the roots above entrypoints, once every edge is known.
func (m *model) markRoots(objs []*object) {
	used := map[string]bool{}          // any edge leads to it
	usedOtherwise := map[string]bool{} // an edge from something other than a metrics-only Service
	metricsSvc := map[string]bool{}
	for _, o := range objs {
		if o.service != nil && metricsOnly(o) {
			metricsSvc[o.id()] = true
		}
	}
	// This package's edges, and those other formats declared (a native
	// component that requires a Service).
	for _, list := range [][]graph.Dependency{m.edges, m.foreignDeps()} {
		for _, d := range list {
			used[d.To] = true
			if !metricsSvc[d.From] {
				usedOtherwise[d.To] = true
			}
		}
	}
	for _, e := range m.groupEdges {
		used[e[1]] = true
		if !metricsSvc[e[0]] {
			usedOtherwise[e[1]] = true
		}
	}
	for _, o := range objs {
		c := m.byID[o.id()]
		if c == nil || c.Entrypoint {
			continue
		}
		switch {
		case o.service != nil && o.service.externalName == "" && !used[c.ID] && !metricsSvc[c.ID]:
			c.Entrypoint, m.entry = true, true
		case o.workload != nil && used[c.ID] && !usedOtherwise[c.ID]:
			c.Entrypoint, m.entry = true, true
		}
	}
}
