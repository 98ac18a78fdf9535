package kubernetes_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
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
func TestOnlineBoutiqueRelease(t *testing.T) {
	dir := corpus(t, "microservices-demo", "release")
	_, got := check(t, dir)
	golden.Check(t, filepath.Join("testdata", "corpus", "online-boutique-release.golden"), []byte(got))
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
