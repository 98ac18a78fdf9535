package kubernetes

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A Service whose selector matches only a Job's pods routes to them: no
// "Service selects no workload". One that matches a Deployment's pods too
// (a migration Job with the app's labels) counts on the Deployment only.
func TestServiceSelectsJob(t *testing.T) {
	const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: emoji
spec:
  template:
    metadata:
      labels:
        app: emoji-svc
    spec:
      restartPolicy: Never
      containers:
      - name: emoji
        image: emoji
---
apiVersion: v1
kind: Service
metadata:
  name: emoji-svc
spec:
  selector:
    app: emoji-svc
  ports:
  - port: 8080
`
	const deployment = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: emoji-app
spec:
  replicas: 2
  selector:
    matchLabels:
      app: emoji-svc
  template:
    metadata:
      labels:
        app: emoji-svc
    spec:
      containers:
      - name: emoji
        image: emoji
`
	deps := func(src string) []string {
		m, diags := build("emoji.yaml", []byte(src), false)
		for _, d := range diags {
			t.Errorf("%s: %s", d.Summary, d.Detail)
		}
		var out []string
		for _, d := range m.Dependencies {
			out = append(out, d.From+" -> "+d.To)
		}
		return out
	}
	if got := deps(job); !slices.Equal(got, []string{"k8s/Service/default/emoji-svc -> k8s/Job/default/emoji"}) {
		t.Errorf("Job alone: %q", got)
	}
	if got := deps(job + deployment); !slices.Equal(got, []string{"k8s/Service/default/emoji-svc -> k8s/Deployment/default/emoji-app"}) {
		t.Errorf("Job and Deployment: %q", got)
	}
}

// An image named after a system but serving it (an exporter, a log shipper,
// an operator, an admin UI, a backup job) is a service of its own kind.
func TestToolImages(t *testing.T) {
	for img, want := range map[string]bool{
		"fluentd-elasticsearch":                 true,
		"prometheuscommunity/postgres-exporter": true,
		"oliver006/redis_exporter":              true,
		"zalando/postgres-operator":             true,
		"mongo-express":                         true,
		"provectuslabs/kafka-ui":                true,
		"bitnami/etcd-backup":                   true,
		"elasticsearch":                         false,
		"bitnami/postgresql":                    false,
		"bitnami/redis-sentinel":                false,
		"confluentinc/cp-kafka":                 false,
		"registry.k8s.io/kubernetes-zookeeper":  false,
	} {
		if got := toolImage(img); got != want {
			t.Errorf("toolImage(%q) = %v, want %v", img, got, want)
		}
	}
}

// The rules of testdata/spread.yaml select none of the pods: their
// placement is unknown over zones and hosts. Selecting the pods' own label,
// the same rules spread them.
func TestSpreadSelectsOwnPods(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "spread.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		src     string
		unknown []string
	}{
		{string(src), []string{"host", "zone"}},
		{strings.NewReplacer("{key: app, operator: In, values: [zk]}", "{key: app.kubernetes.io/name, operator: In, values: [zk]}",
			"- topologyKey: kubernetes.io/hostname #", "- labelSelector: {}\n            topologyKey: kubernetes.io/hostname #",
			"matchLabels: {app: zk}", "matchLabels: {app.kubernetes.io/name: zk}").Replace(string(src)), nil},
	} {
		m, _ := build("spread.yaml", []byte(c.src), false)
		zk := m.Component("k8s/Deployment/default/zk")
		if zk == nil {
			t.Fatalf("no zk: %q", m.IDs)
		}
		got := slices.Clone(zk.UnknownPlacement)
		slices.Sort(got)
		if !slices.Equal(got, c.unknown) {
			t.Errorf("unknown placement %q, want %q", got, c.unknown)
		}
	}
}

// The API server's Service (kubernetes.default.svc, in every cluster) is the
// control plane: no edge, and no "Unknown service" warning.
func TestAPIServerAddress(t *testing.T) {
	src := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: kc
  namespace: auth
spec:
  replicas: 2
  selector:
    matchLabels: {app: kc}
  template:
    metadata:
      labels: {app: kc}
    spec:
      containers:
      - name: kc
        image: keycloak
        env:
        - name: KUBERNETES_MASTER
          value: https://kubernetes.default.svc:443
        - name: API
          value: https://kubernetes.default.svc.cluster.local
        - name: OTHER_URL
          value: https://ghost.default.svc:443
`
	m, diags := build("kc.yaml", []byte(src), false)
	var unknown []string
	for _, d := range diags {
		if d.Summary == "Unknown service" {
			unknown = append(unknown, d.Detail)
		}
	}
	if len(unknown) != 1 || !strings.Contains(unknown[0], `"ghost.default.svc"`) {
		t.Errorf("Unknown service warnings %q, want one for ghost", unknown)
	}
	if c := m.Component("k8s/Deployment/auth/kc"); c == nil || len(c.Unresolved) != 1 {
		t.Errorf("unresolved: %+v", c)
	}
}
