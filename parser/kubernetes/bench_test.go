package kubernetes

import (
	"fmt"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/graph"
)

// stream generates n objects (n/4 each of Deployment, Service, ConfigMap and
// PodDisruptionBudget over 50 namespaces); each Deployment names the next
// one's Service in an env value, in chains of ten (a realistic depth without cycles; one ring
// through every Deployment would put every component in every blast radius).
func stream(n int) []byte {
	var sb strings.Builder
	apps := n / 4
	for i := range apps {
		name, ns := fmt.Sprintf("svc%d", i), fmt.Sprintf("ns%d", i%50)
		next := i + 1
		if next%10 == 0 {
			next = i // the chain's last names its own Service, which is no edge
		}
		fmt.Fprintf(&sb, `apiVersion: apps/v1
kind: Deployment
metadata: {name: %[1]s, namespace: %[2]s}
spec:
  replicas: %[3]d
  selector: {matchLabels: {app: %[1]s}}
  template:
    metadata: {labels: {app: %[1]s}}
    spec:
      containers:
      - name: main
        image: example/%[1]s:1.0
        env:
        - {name: NEXT_ADDR, value: "svc%[4]d.ns%[5]d:8080"}
        envFrom: [{configMapRef: {name: %[1]s-cfg}}]
---
apiVersion: v1
kind: Service
metadata: {name: %[1]s, namespace: %[2]s}
spec: {selector: {app: %[1]s}, ports: [{port: 8080}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: %[1]s-cfg, namespace: %[2]s}
data: {LOG_LEVEL: info}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: %[1]s, namespace: %[2]s}
spec: {minAvailable: 1, selector: {matchLabels: {app: %[1]s}}}
---
`, name, ns, 1+i%3, next, next%50)
	}
	return []byte(sb.String())
}

// BenchmarkParse50k reads a generated 50,000-object stream and builds the model.
func BenchmarkParse50k(b *testing.B) {
	src := stream(50000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		bl := graph.NewBuilder()
		if diags := ParseStream("bench.yaml", src, bl); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
		if _, diags := bl.Build(); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
}
