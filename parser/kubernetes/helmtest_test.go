package kubernetes

import (
	"slices"
	"strings"
	"testing"
)

// A chart's tests (helm.sh/hook: test, and Helm 2's test-success and
// test-failure, alone or in a list) are created by `helm test` only: not
// components, so neither single points of failure nor entrypoints. Other
// hooks stay.
func TestHelmTestHooksSkipped(t *testing.T) {
	pod := func(name, hook, arg string) string {
		return `apiVersion: v1
kind: Pod
metadata:
  name: ` + name + `
  annotations:
    "helm.sh/hook": ` + hook + `
spec:
  containers:
  - name: wget
    image: busybox
    command: ['wget']
    args: ['` + arg + `']
`
	}
	src := strings.Join([]string{`apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
`, pod("web-test-connection", "test", "web:80"), pod("web-test-old", "test-success", "web:80"),
		pod("web-test-list", `"pre-install, test"`, "web:80"), pod("web-setup", "pre-install", "https://example.com/")}, "---\n")
	m, diags := build("chart.yaml", []byte(src), false)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	for _, id := range []string{"k8s/Pod/default/web-test-connection", "k8s/Pod/default/web-test-old", "k8s/Pod/default/web-test-list"} {
		if m.Component(id) != nil {
			t.Errorf("%s is a component", id)
		}
	}
	if m.Component("k8s/Pod/default/web-setup") == nil {
		t.Errorf("the pre-install hook is not read: %q", m.IDs)
	}
	if !slices.Equal(m.Entrypoints, []string{"k8s/Service/default/web"}) {
		t.Errorf("entrypoints %q, want the Service", m.Entrypoints)
	}
}
