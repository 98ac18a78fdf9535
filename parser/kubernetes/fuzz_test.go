package kubernetes

import (
	"os"
	"path/filepath"
	"testing"

	hclv2 "github.com/hashicorp/hcl/v2"
)

// FuzzKubernetes asserts that no input panics ParseFile, ParseStream or Build,
// that every diagnostic and every model range lies within the input, and that
// the model keeps its invariants. The seed corpus is testdata/fuzz/FuzzKubernetes
// plus every fixture.
func FuzzKubernetes(f *testing.F) {
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	for _, file := range fixtures {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, false)
	}
	// Multi-container pods (main container, sidecars, metrics Services) and
	// Service variables ($(NAME_SERVICE_HOST)).
	f.Add([]byte(`apiVersion: v1
kind: Service
metadata: {name: redis, namespace: shop}
spec: {selector: {app: redis}, ports: [{name: https, port: 8443, targetPort: https}]}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: redis, namespace: shop}
spec: {selector: {matchLabels: {app: redis}}, endpoints: [{port: https}, {targetPort: 9121}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: redis, namespace: shop}
spec:
  selector: {matchLabels: {app: redis}}
  template:
    metadata: {labels: {app: redis}}
    spec:
      enableServiceLinks: true
      initContainers:
      - {name: logs, image: fluent/fluent-bit:3, restartPolicy: Always, env: [{name: ES_HOST, value: es}]}
      containers:
      - {name: kube-rbac-proxy, image: quay.io/brancz/kube-rbac-proxy:v0.18, ports: [{name: https, containerPort: 8443}]}
      - name: redis
        image: redis:7
        args: ["--replicaof", "$(REDIS_PORT_8443_TCP_ADDR)", "$(REDIS_SERVICE_PORT_HTTPS)"]
        env:
        - {name: A, value: "http://$(REDIS_SERVICE_HOST):$(REDIS_SERVICE_PORT)"}
        - {name: B, value: "$(A)/$$(REDIS_SERVICE_HOST)/$(REDIS_PORT)"}
`), false)
	const filename = "fuzz.yaml"
	f.Fuzz(func(t *testing.T, src []byte, strict bool) {
		m, diags := build(filename, src, strict)
		within := func(what string, r *hclv2.Range) {
			if r == nil {
				return
			}
			if r.Filename != filename || r.Start.Line < 1 || r.Start.Column < 1 || r.Start.Byte < 0 ||
				r.Start.Byte > r.End.Byte || r.End.Byte > len(src) || r.End.Line < r.Start.Line {
				t.Errorf("%s %s (bytes %d-%d) is not within the %d-byte input", what, r, r.Start.Byte, r.End.Byte, len(src))
			}
		}
		for _, d := range diags {
			if d.Summary == "" || d.Detail == "" {
				t.Errorf("diagnostic without summary or detail: %#v", d)
			}
			within("diagnostic "+d.Summary, d.Subject)
		}
		if m == nil {
			t.Fatal("Build returned no model")
		}
		for _, id := range m.IDs {
			c := m.Components[id]
			r := c.Range
			within(id, &r)
			if c.Replicas < 1 || c.Quorum < 1 || c.Quorum > c.Replicas {
				t.Errorf("%s: replicas %d quorum %d", id, c.Replicas, c.Quorum)
			}
			for typ, p := range c.Placement {
				if len(p) != c.Replicas {
					t.Errorf("%s: %s placement has %d domains for %d replicas", id, typ, len(p), c.Replicas)
				}
			}
		}
		for _, d := range m.Dependencies {
			r := d.Range
			within(d.From+" -> "+d.To, &r)
		}
	})
}
