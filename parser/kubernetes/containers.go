package kubernetes

import (
	"strconv"
	"strings"
)

// The main container. A pod runs several containers, and the first one listed
// need not be the workload's own: kubebuilder and operator-sdk scaffolds put
// kube-rbac-proxy before the manager; an oauth2-proxy, a Cloud SQL Auth Proxy, a
// mesh proxy, a configuration reloader or a log shipper runs beside the
// application. What the workload is (its kind: database, cache, queue…;
// whether it is a telemetry sink) is read from its main container, chosen so:
//
//  1. Init containers run to completion before the others start, and a native
//     sidecar (an init container with restartPolicy: Always) is a sidecar by
//     declaration: neither is the main container while the pod has others.
//  2. Each container has a role, from its image's repository name (registry,
//     tag and digest left out) and its name: a helper (roleHelper: an auth or
//     database proxy, a mesh proxy, a configuration reloader, a git or secrets
//     syncer), a telemetry agent (roleTelemetry: a log shipper, a metrics
//     exporter, a telemetry collector), or the application (roleApp). The
//     candidates are the containers of the lowest role present: an
//     application beside a helper and a log shipper is the main container; a
//     collector beside a reloader is; a pod of helpers only keeps them all.
//  3. Among those, the first whose port a Service that selects the pod targets
//     (targetPort by name, or by a number a container port declares); else the
//     first of them. A port for a scraper does not count: one named for
//     metrics, one a ServiceMonitor scrapes, any port of a Service named for
//     metrics (roots.go) — an exporter beside the app is what they target.

// container roles, in the order the main container is chosen.
const (
	roleApp = iota
	roleTelemetry
	roleHelper
)

// helperImages are the repository names (prefixes) of helper containers;
// helperNames the container names that say so whatever the image (Istio's and
// Linkerd's injected proxies, Vault's agent).
var (
	helperImages = []string{
		"kube-rbac-proxy", "oauth2-proxy", "oauth-proxy", "cloud-sql-proxy", "cloudsql-proxy", "gce-proxy",
		"alloydb-auth-proxy", "proxyv2", "linkerd2-proxy", "configmap-reload", "config-reloader",
		"prometheus-config-reloader", "k8s-sidecar", "git-sync", "vault-agent", "cloud-sql-auth-proxy",
	}
	helperNames = []string{"istio-proxy", "linkerd-proxy", "vault-agent", "kube-rbac-proxy", "config-reloader"}
	// shipperImages are log shippers and agents that are no sink of their own
	// (a Service is seldom in front of them): telemetry when beside an app.
	shipperImages = []string{"filebeat", "promtail", "fluent-bit", "fluentd", "vector", "otel-collector",
		"opentelemetry-collector", "otelcol", "datadog-agent", "grafana-agent", "alloy", "telegraf", "jaeger-agent"}
)

// imageRepo is the repository name of an image, lower case, without
// registry, path, tag or digest.
func imageRepo(img string) string {
	img = strings.ToLower(img)
	if i := strings.IndexByte(img, '@'); i >= 0 {
		img = img[:i]
	}
	if i := strings.LastIndexByte(img, '/'); i >= 0 {
		img = img[i+1:]
	}
	if i := strings.IndexByte(img, ':'); i >= 0 {
		img = img[:i]
	}
	return img
}

// role returns the role of a container.
func (c container) role() int {
	repo := imageRepo(c.image)
	name := strings.ToLower(c.name)
	for _, h := range helperImages {
		if strings.HasPrefix(repo, h) {
			return roleHelper
		}
	}
	for _, h := range helperNames {
		if name == h {
			return roleHelper
		}
	}
	// Linkerd's proxy image is cr.l5d.io/linkerd/proxy.
	if repo == "proxy" && strings.Contains(strings.ToLower(c.image), "linkerd/") {
		return roleHelper
	}
	if strings.Contains(repo, "exporter") || imageSink(c.image) {
		return roleTelemetry
	}
	for _, s := range shipperImages {
		if repo == s || strings.HasPrefix(repo, s+"-") || strings.HasSuffix(repo, "-"+s) {
			return roleTelemetry
		}
	}
	return roleApp
}

// serves reports whether the container declares the port a Service's
// targetPort names (a port name, or a number).
func (c container) serves(target string) bool {
	for _, p := range c.ports {
		if p.name != "" && p.name == target || strconv.Itoa(p.port) == target && p.port > 0 {
			return true
		}
	}
	return false
}

// chooseMains sets the main container of every workload (see above). The
// Services that select a workload are looked up only for the workloads that
// have more than one candidate.
func (m *model) chooseMains(services, monitors []*object) {
	var open map[*object][]int
	for _, o := range m.workloads {
		w := o.workload
		cands := mainCandidates(w.containers)
		switch len(cands) {
		case 0:
			w.main = -1
		case 1:
			w.main = cands[0]
		default:
			w.main = cands[0]
			if open == nil {
				open = map[*object][]int{}
			}
			open[o] = cands
		}
	}
	if len(open) == 0 {
		return
	}
	chosen := map[*object]bool{}
	for _, s := range services {
		if len(s.service.selector) == 0 || s.service.externalName != "" || metricsName(s.name) {
			continue
		}
		var scrapers []*scrapeMonitor
		looked := false
		sel, pod := podSelector(s.service.selector)
		for _, o := range m.candidates(s.namespace, sel) {
			cands, ok := open[o]
			if !ok || chosen[o] || !sel.matches(o.workload.podLabels) || !pod.of(o) {
				continue
			}
			if !looked {
				scrapers, looked = scrapersOf(s, monitors), true
			}
		found:
			for _, i := range cands {
				for _, p := range s.service.ports {
					if strings.Contains(p.name, "metrics") || scraped(scrapers, p) {
						continue
					}
					if o.workload.containers[i].serves(p.target) {
						o.workload.main, chosen[o] = i, true
						break found
					}
				}
			}
		}
	}
}

// mainCandidates returns the indexes of the containers the main container is
// chosen from: those of the lowest role among the pod's containers (init
// containers and native sidecars only when there is nothing else).
func mainCandidates(cs []container) []int {
	var regular []int
	for i, c := range cs {
		if !c.init {
			regular = append(regular, i)
		}
	}
	if len(regular) == 0 {
		for i := range cs {
			regular = append(regular, i)
		}
	}
	best := roleHelper + 1
	var out []int
	for _, i := range regular {
		switch r := cs[i].role(); {
		case r < best:
			best, out = r, []int{i}
		case r == best:
			out = append(out, i)
		}
	}
	return out
}

// mainContainer returns the workload's main container, nil when it has none.
func (w *workload) mainContainer() *container {
	if w.main < 0 || w.main >= len(w.containers) {
		return nil
	}
	return &w.containers[w.main]
}

// telemetrySidecar reports whether the container of index i is a telemetry
// agent beside the main container: what it sends, it sends for the app's
// logs and metrics, so losing the destination degrades, never downs the app.
func (w *workload) telemetrySidecar(i int) bool {
	if i < 0 || i >= len(w.containers) || i == w.main {
		return false
	}
	c := w.containers[i]
	return (!c.init || c.sidecar) && c.role() == roleTelemetry && (w.main < 0 || w.containers[w.main].role() == roleApp)
}
