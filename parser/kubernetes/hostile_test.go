package kubernetes

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
)

// TestReplicasBound: a replica count far beyond any cluster is an error at its
// value and is read as maxReplicas; replicas: 1000000000 took minutes and
// gigabytes in the engine before.
func TestReplicasBound(t *testing.T) {
	src := `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1000000000
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: nginx}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 99999999999
  maxReplicas: 99999999999
`
	m, diags := build("big.yaml", []byte(src), false)
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Summary))
	}
	if want := "5:13 Too many replicas,25:16 Too many replicas"; strings.Join(got, ",") != want {
		t.Errorf("diagnostics %q, want %q", got, want)
	}
	for _, id := range []string{"k8s/Deployment/default/web", "k8s/Deployment/default/api"} {
		if c := m.Components[id]; c == nil || c.Replicas != maxReplicas {
			t.Errorf("%s: %+v, want %d replicas", id, c, maxReplicas)
		}
	}
}

// TestLongLine: a List of thousands of objects on one line (kubectl get -o json
// piped through jq -c) is read in bounded time, and every range's column counts
// the runes before it on that line.
func TestLongLine(t *testing.T) {
	race.SkipBound(t)
	var items []string
	const n = 4000
	for i := range n {
		items = append(items, fmt.Sprintf(`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d%d","labels":{"note":"é€😀"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d%d"}},"template":{"metadata":{"labels":{"app":"d%d"}},"spec":{"containers":[{"name":"c","image":"nginx","env":[{"name":"NEXT_ADDR","value":"d%d:80"}]}]}}}}`, i, i, i, (i+1)%n))
	}
	src := []byte(`{"apiVersion":"v1","kind":"List","items":[` + strings.Join(items, ",") + "]}")
	start := cputime.Used()
	m, _ := build("list.json", src, false)
	if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
		t.Errorf("reading a %d-byte line took %v", len(src), d)
	}
	if len(m.IDs) < n {
		t.Fatalf("%d components, want at least %d", len(m.IDs), n)
	}
	// The column of every byte offset, counted once.
	cols := make([]int, len(src)+1)
	c := 1
	for off := 0; off < len(src); {
		_, size := utf8.DecodeRune(src[off:])
		for k := range size {
			cols[off+k] = c
		}
		off += size
		c++
	}
	cols[len(src)] = c
	for _, id := range m.IDs {
		r := m.Components[id].Range
		if r.Start.Line != 1 || r.Start.Byte > len(src) || r.Start.Column != cols[r.Start.Byte] {
			t.Fatalf("%s: range %s byte %d: the column does not count the runes before it", id, r, r.Start.Byte)
		}
	}
}
