package kubernetes_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/golden"
	"github.com/faultline-dev/faultline/parser"
)

// corpora are real manifests, read in place.
var corpora = filepath.Join("..", "..", "..", "shared", "corpora", "kubernetes")

// check loads paths and runs every rule, as faultline check does.
func check(t *testing.T, paths ...string) ([]analysis.Finding, string) {
	t.Helper()
	m, diags, _ := parser.Load(paths)
	if diags.HasErrors() {
		t.Fatalf("errors loading %q: %s", paths, diags.Error())
	}
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&sb, "diagnostic %s: %s\n", rel(d.Subject.String()), d.Summary)
	}
	for _, f := range fs {
		fmt.Fprintf(&sb, "%s %s %s %s at %s:%d:%d\n", f.Severity, f.Rule, f.Component, f.Event, rel(f.Location.File), f.Location.Line, f.Location.Column)
		fmt.Fprintf(&sb, "  path %s\n  blast %s\n", strings.Join(f.Path, " -> "), strings.Join(f.BlastRadius, " "))
	}
	fmt.Fprintf(&sb, "entrypoints %s\n", strings.Join(m.Entrypoints, " "))
	return fs, sb.String()
}

func rel(p string) string {
	return filepath.ToSlash(strings.TrimPrefix(p, corpora+string(filepath.Separator)))
}

func corpus(t *testing.T, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{corpora}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus %s not available: %v", p, err)
	}
	return p
}

func find(fs []analysis.Finding, rule, component string) *analysis.Finding {
	for i := range fs {
		if fs[i].Rule == rule && fs[i].Component == component {
			return &fs[i]
		}
	}
	return nil
}

// Online Boutique: every store and service runs one replica, and the frontend
// reaches them only through env values (CART_SERVICE_ADDR=cartservice:7070);
// the Redis cart store takes the shop down through cartservice.
func TestOnlineBoutique(t *testing.T) {
	dir := corpus(t, "microservices-demo", "kubernetes-manifests")
	fs, got := check(t, dir)
	golden.Check(t, filepath.Join("testdata", "corpus", "online-boutique.golden"), []byte(got))

	redis := find(fs, "spof", "k8s/Deployment/default/redis-cart")
	if redis == nil {
		t.Fatalf("no spof finding for redis-cart:\n%s", got)
	}
	for _, id := range []string{"k8s/Deployment/default/frontend", "k8s/Deployment/default/cartservice", "k8s/Deployment/default/checkoutservice", "k8s/Service/default/frontend-external"} {
		if !slices.Contains(redis.BlastRadius, id) {
			t.Errorf("redis-cart's blast radius lacks %s: %q", id, redis.BlastRadius)
		}
	}
	// The path starts at one of the frontend's Services: the kustomization
	// leaves the load generator out, so nothing in the cluster calls the
	// ClusterIP one, which is a root beside the LoadBalancer one.
	want := []string{"k8s/Deployment/default/frontend", "k8s/Service/default/cartservice",
		"k8s/Deployment/default/cartservice", "k8s/Service/default/redis-cart", "k8s/Deployment/default/redis-cart"}
	if len(redis.Path) != len(want)+1 || !strings.HasPrefix(redis.Path[0], "k8s/Service/default/frontend") || !slices.Equal(redis.Path[1:], want) {
		t.Errorf("redis-cart path = %q, want %q", redis.Path, want)
	}
	for _, svc := range []string{"adservice", "cartservice", "checkoutservice", "currencyservice", "emailservice", "frontend",
		"paymentservice", "productcatalogservice", "recommendationservice", "shippingservice"} {
		if find(fs, "spof", "k8s/Deployment/default/"+svc) == nil {
			t.Errorf("no spof finding for %s", svc)
		}
	}
	if f := find(fs, "spof", "k8s/Deployment/default/loadgenerator"); f != nil {
		t.Errorf("loadgenerator is no dependency of the shop, but: %s", f.Message)
	}
}

// The release bundle with its Istio manifests: the Gateway API route is a
// second entrypoint, and the findings are those of the kustomize directory.
// The mesh VirtualService frontend (no timeout) shapes the sidecars' calls:
// the load generator's call gets missing-timeout; the HTTPRoute's, served by
// the gateway that the mesh VirtualService does not configure, does not.
func TestOnlineBoutiqueRelease(t *testing.T) {
	dir := corpus(t, "microservices-demo", "release")
	fs, got := check(t, dir)
	golden.Check(t, filepath.Join("testdata", "corpus", "online-boutique-release.golden"), []byte(got))
	if got := rules(fs, "missing-timeout"); !slices.Equal(got, []string{"k8s/Deployment/default/loadgenerator"}) {
		t.Errorf("missing-timeout on %q, want the load generator only", got)
	}
}

// Bookinfo: productpage finds its backends in code, not in its manifest, so the
// gateway's VirtualService reaches only productpage-v1; the reviews VirtualService
// routes every call to subset v1, which makes reviews-v1 the only backend of
// reviews although three Deployments carry its labels. Since nothing in the
// manifests uses the details, ratings, reviews, mongodb and mysqldb Services
// (productpage and ratings call them in code), each is a root of its own, and
// its single-replica workload (details-v1, ratings-v1, reviews-v1 through the
// subset route, mongodb-v1, mysqldb-v1) a single point of failure for it: the
// five findings the rule adds to productpage-v1's.
func TestBookinfo(t *testing.T) {
	dir := corpus(t, "istio-bookinfo")
	fs, got := check(t, dir)
	golden.Check(t, filepath.Join("testdata", "corpus", "bookinfo.golden"), []byte(got))
	if find(fs, "spof", "k8s/Deployment/default/productpage-v1") == nil {
		t.Errorf("no spof finding for productpage-v1:\n%s", got)
	}
	// The gateway's calls follow the gateway-bound VirtualService bookinfo,
	// whose route sets no timeout: the warning points at that route, not at
	// the mesh VirtualService productpage, which configures the sidecars only.
	if f := find(fs, "missing-timeout", "k8s/VirtualService/default/bookinfo"); f == nil || !strings.HasSuffix(f.Location.File, "bookinfo-gateway.yaml") {
		t.Errorf("missing-timeout of the gateway's route = %v, want it at bookinfo-gateway.yaml", f)
	}
	// Without the gateway every component without dependents is an entrypoint:
	// then the reviews Service requires reviews-v1 only (routed to subset v1).
	files := []string{filepath.Join(dir, "bookinfo.yaml"), filepath.Join(dir, "destination-rule-all.yaml"), filepath.Join(dir, "virtual-service-all-v1.yaml")}
	fs, got = check(t, files...)
	f := find(fs, "spof", "k8s/Deployment/default/reviews-v1")
	if f == nil || !slices.Equal(f.Path, []string{"k8s/Service/default/reviews", "k8s/Deployment/default/reviews-v1"}) {
		t.Errorf("reviews routed to v1 only, but no spof for reviews-v1 through the reviews Service:\n%s", got)
	}
	if f := find(fs, "spof", "k8s/Deployment/default/reviews-v2"); f != nil && slices.Contains(f.BlastRadius, "k8s/Service/default/reviews") {
		t.Errorf("reviews-v2 receives no traffic, but: %s", f.Message)
	}
	// Without the VirtualServices, the three versions back the Service together.
	fs, got = check(t, filepath.Join(dir, "bookinfo.yaml"))
	if f := find(fs, "spof", "k8s/Deployment/default/reviews-v1"); f != nil {
		t.Errorf("reviews has three versions, but: %s\n%s", f.Message, got)
	}
	if find(fs, "spof", "k8s/Deployment/default/details-v1") == nil {
		t.Errorf("no spof for details-v1:\n%s", got)
	}
}

// blast returns what goes down when every instance of id fails, as
// faultline blast --fail id does.
func blast(t *testing.T, m *graph.Model, id string) []string {
	t.Helper()
	x := graph.NewIndex(m)
	v, ok := x.Pos[id]
	if !ok {
		t.Fatalf("no component %s", id)
	}
	r := failure.NewEngine(x).Run(failure.Event{Kind: failure.Whole, Comp: v})
	var out []string
	for _, d := range r.SortedDown() {
		out = append(out, x.IDs[d])
	}
	return out
}

func rules(fs []analysis.Finding, rule string) []string {
	var out []string
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f.Component)
		}
	}
	sort.Strings(out)
	return out
}

// Bank of Anthos: the frontend (behind its LoadBalancer) calls every backend,
// and the backends reach their databases through connection strings in
// ConfigMaps; every one runs a single replica: eight single points of failure,
// each taking the bank down through the frontend. service-api-config lists
// every backend's address and is imported whole by the frontend and
// ledgerwriter: an address book, so ledgerwriter only may call contacts and
// userservice (soft edges) and accounts-db's loss does not reach it, while the
// frontend, the front end, requires them all. The load generator calls the
// frontend and is no entrypoint.
func TestBankOfAnthos(t *testing.T) {
	dir := corpus(t, "bank-of-anthos", "kubernetes-manifests")
	fs, got := check(t, dir)
	golden.Check(t, filepath.Join("testdata", "corpus", "bank-of-anthos.golden"), []byte(got))
	want := []string{"k8s/Deployment/default/balancereader", "k8s/Deployment/default/contacts", "k8s/Deployment/default/frontend",
		"k8s/Deployment/default/ledgerwriter", "k8s/Deployment/default/transactionhistory", "k8s/Deployment/default/userservice",
		"k8s/StatefulSet/default/accounts-db", "k8s/StatefulSet/default/ledger-db"}
	if s := rules(fs, "spof"); !slices.Equal(s, want) {
		t.Errorf("spof findings on %q, want %q", s, want)
	}
	for _, f := range fs {
		if f.Rule == "spof" && !slices.Equal(f.Entrypoints, []string{"k8s/Service/default/frontend"}) {
			t.Errorf("%s takes down %q, want the frontend", f.Component, f.Entrypoints)
		}
	}
	if f := find(fs, "spof", "k8s/StatefulSet/default/accounts-db"); f != nil && slices.Contains(f.BlastRadius, "k8s/Deployment/default/ledgerwriter") {
		t.Errorf("ledgerwriter only may call contacts and userservice (address book), but accounts-db takes it down: %q", f.BlastRadius)
	}
	m, _, _ := parser.Load([]string{dir})
	if !slices.Equal(m.Entrypoints, []string{"k8s/Service/default/frontend"}) {
		t.Errorf("entrypoints %q, want the frontend's LoadBalancer only", m.Entrypoints)
	}
	kinds := map[string]graph.EdgeKind{}
	for _, d := range m.Dependencies {
		kinds[d.From+" "+d.To] = d.Kind
	}
	for _, c := range []struct {
		from, to string
		kind     graph.EdgeKind
	}{
		{"k8s/Deployment/default/frontend", "k8s/Service/default/contacts", graph.Requires},
		{"k8s/Deployment/default/ledgerwriter", "k8s/Service/default/contacts", graph.Soft},
		{"k8s/Deployment/default/ledgerwriter", "k8s/Service/default/balancereader", graph.Soft},
		{"k8s/Deployment/default/contacts", "k8s/Service/default/accounts-db", graph.Requires},
	} {
		if k, ok := kinds[c.from+" "+c.to]; !ok || k != c.kind {
			t.Errorf("%s -> %s: %v (present %v), want %v", c.from, c.to, k, ok, c.kind)
		}
	}
}

// Argo CD: the plain install runs one replica of everything; the HA install
// runs two API servers and repo servers, three HAProxies and a three-pod Redis
// with Sentinel (a majority of which must be up) reached through three Services
// that each select one of its pods by statefulset.kubernetes.io/pod-name. No
// Ingress: the ClusterIP Services nothing in the manifests uses are the roots
// (argocd-server calls argocd-redis from its binary in the plain install, so
// argocd-redis is a root there), the metrics-only Services are not, and the
// controllers that only they select are roots themselves. The HA install keeps
// four single points of failure of the plain install's seven (the
// applicationset controller, Dex, the notifications controller and the
// application controller, all single replicas in both), and its Redis
// StatefulSet, when it fails whole, takes down argocd-server through HAProxy.
func TestArgoCD(t *testing.T) {
	plainFile := filepath.Join(corpus(t, "argo-cd", "manifests"), "install.yaml")
	haFile := filepath.Join(corpus(t, "argo-cd", "manifests", "ha"), "install.yaml")
	plain, got := check(t, plainFile)
	golden.Check(t, filepath.Join("testdata", "corpus", "argo-cd.golden"), []byte(got))
	ha, got := check(t, haFile)
	golden.Check(t, filepath.Join("testdata", "corpus", "argo-cd-ha.golden"), []byte(got))

	wantPlain := []string{"k8s/Deployment/default/argocd-applicationset-controller", "k8s/Deployment/default/argocd-dex-server",
		"k8s/Deployment/default/argocd-notifications-controller", "k8s/Deployment/default/argocd-redis",
		"k8s/Deployment/default/argocd-repo-server", "k8s/Deployment/default/argocd-server", "k8s/StatefulSet/default/argocd-application-controller"}
	wantHA := []string{"k8s/Deployment/default/argocd-applicationset-controller", "k8s/Deployment/default/argocd-dex-server",
		"k8s/Deployment/default/argocd-notifications-controller", "k8s/StatefulSet/default/argocd-application-controller"}
	sp, sh := rules(plain, "spof"), rules(ha, "spof")
	if !slices.Equal(sp, wantPlain) {
		t.Errorf("plain install: spof on %q, want %q", sp, wantPlain)
	}
	if !slices.Equal(sh, wantHA) {
		t.Errorf("HA install: spof on %q, want %q", sh, wantHA)
	}
	if len(sh) >= len(sp) {
		t.Errorf("the HA install has %d single points of failure, the plain one %d", len(sh), len(sp))
	}
	for _, d := range []string{"selects no workload"} {
		if strings.Contains(got, d) {
			t.Errorf("HA install: %q diagnostic:\n%s", d, got)
		}
	}

	m, _, _ := parser.Load([]string{haFile})
	redis := "k8s/StatefulSet/default/argocd-redis-ha-server"
	if c := m.Component(redis); c == nil || c.Replicas != 3 || c.Quorum != 2 {
		t.Errorf("%s: %+v, want 3 replicas, quorum 2 (Redis Sentinel)", redis, c)
	}
	down := blast(t, m, redis)
	for _, id := range []string{"k8s/Deployment/default/argocd-server", "k8s/Service/default/argocd-server", "k8s/Deployment/default/argocd-redis-ha-haproxy"} {
		if !slices.Contains(down, id) {
			t.Errorf("blast %s does not reach %s: %q", redis, id, down)
		}
	}
	for _, id := range m.Entrypoints {
		if strings.HasSuffix(id, "-metrics") {
			t.Errorf("metrics-only Service %s is an entrypoint", id)
		}
	}
	if !slices.Contains(m.Entrypoints, "k8s/StatefulSet/default/argocd-application-controller") {
		t.Errorf("the application controller (selected by argocd-metrics only) is no entrypoint: %q", m.Entrypoints)
	}
	mp, _, _ := parser.Load([]string{plainFile})
	if !slices.Contains(mp.Entrypoints, "k8s/Service/default/argocd-redis") {
		t.Errorf("plain install: argocd-redis (used from the binaries only) is no entrypoint: %q", mp.Entrypoints)
	}
}

// kube-prometheus: Prometheus (2 replicas) and Alertmanager (3) are custom
// resources of prometheus-operator, read as workloads whose pods carry
// spec.podMetadata.labels, so that the prometheus-k8s and alertmanager-main
// Services select them (no "selects no workload"); Grafana requires
// prometheus-k8s through its datasource. node-exporter is a DaemonSet: one pod
// per node, no single point of failure. The exporters' Services
// (kube-state-metrics, node-exporter, blackbox-exporter) serve metrics only
// and are no entrypoints; the workloads behind them are. So is the
// prometheus-operator Service, whose only port goes to the kube-rbac-proxy
// beside the operator; Grafana's, Prometheus's and Alertmanager's Services are
// scraped too, but on the port that serves their users: entrypoints. The one-replica
// Grafana, operator, kube-state-metrics and blackbox exporter are single points
// of failure.
func TestKubePrometheus(t *testing.T) {
	dir := corpus(t, "kube-prometheus", "manifests")
	fs, got := check(t, dir)
	golden.Check(t, filepath.Join("testdata", "corpus", "kube-prometheus.golden"), []byte(got))
	want := []string{"k8s/Deployment/monitoring/blackbox-exporter", "k8s/Deployment/monitoring/grafana",
		"k8s/Deployment/monitoring/kube-state-metrics", "k8s/Deployment/monitoring/prometheus-operator"}
	if s := rules(fs, "spof"); !slices.Equal(s, want) {
		t.Errorf("spof findings on %q, want %q", s, want)
	}
	if strings.Contains(got, "selects no workload") || strings.Contains(got, "Unknown kind") {
		t.Errorf("unexpected diagnostics:\n%s", got)
	}
	m, _, _ := parser.Load([]string{dir})
	// Alertmanager's PodDisruptionBudget (maxUnavailable: 1) keeps 2 of 3 up.
	for id, n := range map[string][2]int{"k8s/Prometheus/monitoring/k8s": {2, 1}, "k8s/Alertmanager/monitoring/main": {3, 2}, "k8s/DaemonSet/monitoring/node-exporter": {2, 1}} {
		if c := m.Component(id); c == nil || c.Replicas != n[0] || c.Quorum != n[1] {
			t.Errorf("%s: %+v, want %d replicas, quorum %d", id, c, n[0], n[1])
		}
	}
	for _, id := range []string{"k8s/Service/monitoring/kube-state-metrics", "k8s/Service/monitoring/node-exporter", "k8s/Service/monitoring/blackbox-exporter"} {
		if slices.Contains(m.Entrypoints, id) {
			t.Errorf("metrics-only Service %s is an entrypoint", id)
		}
	}
	if !slices.Contains(blast(t, m, "k8s/Prometheus/monitoring/k8s"), "k8s/Deployment/monitoring/grafana") {
		t.Errorf("Grafana's datasource is prometheus-k8s, but Prometheus's loss does not reach it")
	}
	// Its serviceMonitorSelector ({}) selects every ServiceMonitor, and
	// grafana's selects the grafana Service: Prometheus watches it.
	watched := false
	for _, d := range m.Dependencies {
		watched = watched || d.From == "k8s/Prometheus/monitoring/k8s" && d.To == "k8s/Service/monitoring/grafana" && d.Kind == graph.Monitors
	}
	if !watched {
		t.Error("Prometheus does not watch the grafana Service that its ServiceMonitor selects")
	}
}
