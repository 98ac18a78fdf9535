package kubernetes

import (
	"strconv"
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

// metricsOnly reports whether a Service serves only metrics: its name says
// so (it ends in -metrics, -metrics-service, -metrics-svc or -exporter:
// kubebuilder's controller-manager-metrics-service), or it has ports and
// every one is a metrics port. A port is one when its name says so
// (metrics, http-metrics, https-metrics, metrics-main, …), or when, in every
// workload the Service selects, it sends to a port that is named for metrics
// or that belongs to a container beside the main one (containers.go) that
// exists for metrics: a kube-rbac-proxy (a proxy that guards a /metrics
// endpoint: kube-prometheus and the kubebuilder scaffolds up to v4 put it in
// front of their metrics) or a metrics exporter; or, when a ServiceMonitor
// that selects the Service scrapes the port (its endpoints name it, or its
// targetPort; an endpoint that names neither scrapes them all), to a port of
// any container beside the main one. Being scraped alone is not enough:
// Grafana, Prometheus and Alertmanager are scraped on the port that serves
// their users.
func (m *model) metricsOnly(o *object, monitors []*object) bool {
	if o.service == nil {
		return false
	}
	if metricsName(o.name) {
		return true
	}
	if len(o.service.ports) == 0 {
		return false
	}
	scrapers := scrapersOf(o, monitors)
	for _, p := range o.service.ports {
		if !strings.Contains(p.name, "metrics") && !m.metricsTarget(o, p, scraped(scrapers, p)) {
			return false
		}
	}
	return true
}

// metricsName reports whether a Service's name says that it serves metrics.
func metricsName(name string) bool {
	for _, suffix := range []string{"-metrics", "-metrics-service", "-metrics-svc", "-exporter"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// scrapersOf returns the ServiceMonitors that select Service o.
func scrapersOf(o *object, monitors []*object) []*scrapeMonitor {
	var out []*scrapeMonitor
	for _, mo := range monitors {
		if sm := mo.monitor; !sm.pods && sm.inNamespace(mo.namespace, o.namespace) && sm.selector.matches(o.labels) {
			out = append(out, sm)
		}
	}
	return out
}

func scraped(scrapers []*scrapeMonitor, p servicePort) bool {
	for _, sm := range scrapers {
		if sm.scrapes(p) {
			return true
		}
	}
	return false
}

// metricsTarget reports whether Service port p sends, in every workload the
// Service selects, to a metrics port (see metricsOnly); scraped says that a
// ServiceMonitor scrapes it.
func (m *model) metricsTarget(o *object, p servicePort, scraped bool) bool {
	selected := m.selects[o]
	if len(selected) == 0 {
		return false
	}
	for _, wo := range selected {
		w, found := wo.workload, false
		for i, c := range w.containers {
			if c.init && !c.sidecar {
				continue
			}
			for _, cp := range c.ports {
				if !(cp.name != "" && cp.name == p.target || cp.port > 0 && strconv.Itoa(cp.port) == p.target) {
					continue
				}
				repo := imageRepo(c.image)
				beside := i != w.main
				if strings.Contains(cp.name, "metrics") ||
					beside && (scraped || strings.HasPrefix(repo, "kube-rbac-proxy") || strings.Contains(repo, "exporter")) {
					found = true
				}
			}
		}
		if !found {
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
		if o.service != nil && m.metricsOnly(o, m.monitors) {
			metricsSvc[o.id()] = true
		}
	}
	// This package's edges, and those other formats declared (a native
	// component that requires a Service).
	for _, list := range [][]graph.Dependency{m.edges, m.foreignDeps()} {
		for _, d := range list {
			if d.Kind == graph.Monitors {
				continue // being watched is not being used
			}
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
		case o.operator != nil && len(o.operator.Services) > 0 && !used[c.ID]:
			// Its Services are created by the operator: like an unused ClusterIP
			// Service, someone uses them.
			c.Entrypoint, m.entry = true, true
		}
	}
}

// Address books. A ConfigMap (or Secret) that several workloads import whole
// as environment variables (envFrom) and that holds the addresses of several Services
// tells every workload where everything is, not which Services each one calls
// (Bank of Anthos's service-api-config). Its addresses count as soft edges of
// the workloads that import it — each may call them, which the manifests do not
// say — except for a front end (a workload whose Service a LoadBalancer,
// NodePort, Ingress or route exposes), which calls the backends it lists: they
// are hard edges of it. A key read by name (configMapKeyRef, secretKeyRef) is
// always a hard edge, a ConfigMap that one workload imports is its own, and a
// volume holds configuration files (an HAProxy's backends), read whole.

// indexImports records who imports each ConfigMap and Secret by envFrom, and who
// mounts each PersistentVolumeClaim.
func (m *model) indexImports() {
	m.importers = map[string]map[*object]bool{}
	m.claimUsers = map[*object][]*object{}
	for _, o := range m.workloads {
		if !m.added[o.id()] {
			continue
		}
		w := o.workload
		for _, list := range []struct {
			kind string
			refs []nameRef
		}{{"ConfigMap", w.configMaps}, {"Secret", w.secrets}} {
			for _, nr := range list.refs {
				cfg := m.configs[list.kind+"/"+key(o.namespace, nr.name)]
				if cfg == nil || !nr.envFrom {
					continue
				}
				if m.importers[cfg.id()] == nil {
					m.importers[cfg.id()] = map[*object]bool{}
				}
				m.importers[cfg.id()][o] = true
			}
		}
		seen := map[*object]bool{}
		for _, nr := range w.claims {
			if p := m.pvcs[key(o.namespace, nr.name)]; p != nil && !seen[p] {
				seen[p] = true
				m.claimUsers[p] = append(m.claimUsers[p], o)
			}
		}
	}
}

// addressBook reports whether cfg is imported whole by two workloads or more
// and names two Services or more.
func (m *model) addressBook(cfg *object) bool {
	if len(m.importers[cfg.id()]) < 2 {
		return false
	}
	svcs := map[*object]bool{}
	for _, rf := range cfg.config.values {
		if rf.use != useDefault {
			continue
		}
		for _, a := range rf.addrs {
			if s := m.lookupService(a.host, cfg.namespace); s != nil {
				svcs[s] = true
			}
		}
	}
	return len(svcs) >= 2
}

// frontEnd reports whether workload o is a front end: a Service that selects
// it is a LoadBalancer or NodePort, or an Ingress or route sends traffic to it.
func (m *model) frontEnd(o *object) bool {
	for _, s := range m.selectedBy[o] {
		if s.service.typ == "LoadBalancer" || s.service.typ == "NodePort" || m.routed[s] {
			return true
		}
	}
	return false
}
