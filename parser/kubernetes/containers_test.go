package kubernetes

import "testing"

func TestMainCandidates(t *testing.T) {
	c := func(name, image string) container { return container{name: name, image: image} }
	init := func(name, image string, sidecar bool) container {
		return container{name: name, image: image, init: true, sidecar: sidecar}
	}
	for _, tc := range []struct {
		name string
		cs   []container
		want []int
	}{
		{"kubebuilder: kube-rbac-proxy before the manager",
			[]container{c("kube-rbac-proxy", "gcr.io/kubebuilder/kube-rbac-proxy:v0.16.0"), c("manager", "controller:latest")}, []int{1}},
		{"oauth2-proxy in front of an app",
			[]container{c("oauth", "quay.io/oauth2-proxy/oauth2-proxy:v7.6.0"), c("app", "example/app")}, []int{1}},
		{"Cloud SQL Auth Proxy beside an app",
			[]container{c("cloud-sql-proxy", "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0"), c("app", "example/app")}, []int{1}},
		{"Istio and Linkerd proxies by name",
			[]container{c("istio-proxy", "docker.io/istio/proxyv2:1.22"), c("linkerd-proxy", "cr.l5d.io/linkerd/proxy:stable"), c("db", "postgres:16")}, []int{2}},
		{"a log shipper sidecar beside an app",
			[]container{c("logs", "fluent/fluent-bit:3"), c("app", "example/app")}, []int{1}},
		{"an exporter before redis",
			[]container{c("metrics", "oliver006/redis_exporter:v1.62"), c("redis", "redis:7")}, []int{1}},
		{"a collector behind a reloader",
			[]container{c("reload", "ghcr.io/jimmidyson/configmap-reload:v0.15.0"), c("otel", "otel/opentelemetry-collector-contrib:0.110.0")}, []int{1}},
		{"helpers only: all of them",
			[]container{c("a", "quay.io/brancz/kube-rbac-proxy:v0.18"), c("b", "quay.io/oauth2-proxy/oauth2-proxy:v7")}, []int{0, 1}},
		{"two applications: both, the Service's port decides",
			[]container{c("a", "example/a"), c("b", "example/b")}, []int{0, 1}},
		{"init containers and native sidecars are not candidates",
			[]container{init("wait", "busybox", false), init("logs", "example/app-sidecar", true), c("app", "example/app")}, []int{2}},
		{"only init containers: they are",
			[]container{init("job", "example/migrate", false)}, []int{0}},
		{"alloydb-omni is a database, not Grafana Alloy",
			[]container{c("logs", "grafana/alloy:v1.4"), c("db", "google/alloydbomni:15")}, []int{1}},
	} {
		got := mainCandidates(tc.cs)
		if len(got) != len(tc.want) {
			t.Errorf("%s: candidates %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: candidates %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}
