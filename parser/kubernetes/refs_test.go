package kubernetes

import (
	"testing"

	"github.com/faultline-dev/faultline/graph"
)

func TestAddresses(t *testing.T) {
	for _, c := range []struct {
		value string
		bare  bool
		want  []string
	}{
		{"postgres://orders-db:5432/db", false, []string{"orders-db"}},
		{"postgres://app@orders-db:5432/x?sslmode=require", false, []string{"orders-db"}},
		{"--db=postgres://app@orders-db:5432/x?sslmode=require&a=b", false, []string{"orders-db"}},
		{"DATABASE_URL=redis://cache:6379/0?x=y", false, []string{"cache"}},
		{"Host=db.shop;Port=5432", false, []string{"db.shop"}},
		{"cartservice:7070", false, []string{"cartservice"}},
		{"a=cartservice:7070/x?y=z", false, []string{"cartservice"}},
		{"redis", true, []string{"redis"}},
		{"redis", false, nil},
		{"12:30", false, nil},
		// A bare word in capitals is no Service name (RFC 1123 labels are
		// lowercase): MinIO's storage class EC:2 is a setting.
		{"EC:2", false, nil},
		{"EC:2", true, nil},
		// Istio's credential names and local paths name no Service.
		{"kubernetes://my-cert", false, nil},
		{"kubernetes://istio-system/cacerts", true, nil},
		{"KUBERNETES://cacerts", false, nil},
		{"kubernetes-gateway://default/gw-cert", false, nil},
		{"builtin://", false, nil},
		{"sds://credential", false, nil},
		{"file:///etc/certs/root.pem", false, nil},
		{"unix:///var/run/sds.sock", false, nil},
		{"--credential=kubernetes://cacerts,http://istiod.istio-system:15012", false, []string{"istiod.istio-system"}},
		// A listening spec: the Cloud SQL Auth Proxy's instance=tcp:PORT.
		{"-instances=my-project:us-central1:db=tcp:5432", false, nil},
		{"tcp:5432", true, nil},
		{"TCP:5432", false, nil},
		{"tcp://broker:1883", false, []string{"broker"}},
	} {
		var got []string
		for _, a := range addresses(c.value, c.bare) {
			got = append(got, a.host)
			if c.value[a.start:a.stop] != a.host {
				t.Errorf("%q: %q at [%d:%d] is %q", c.value, a.host, a.start, a.stop, c.value[a.start:a.stop])
			}
		}
		if len(got) != len(c.want) || len(got) > 0 && got[0] != c.want[0] {
			t.Errorf("addresses(%q, %v) = %v, want %v", c.value, c.bare, got, c.want)
		}
	}
}

// TestInitContainerDoesNotSetKind: a workload's kind comes from its first
// container, not from an init container that waits for something.
func TestInitContainerDoesNotSetKind(t *testing.T) {
	src := `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: pg
spec:
  replicas: 1
  selector:
    matchLabels: {app: pg}
  template:
    metadata:
      labels: {app: pg}
    spec:
      initContainers:
      - name: wait
        image: docker.io/library/busybox:1.36
      containers:
      - name: pg
        image: postgres:16
`
	b := graph.NewBuilder()
	diags := ParseFile("pg.yaml", []byte(src), b)
	m, more := b.Build()
	if diags = append(diags, more...); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	c := m.Components["k8s/StatefulSet/default/pg"]
	if c == nil {
		t.Fatalf("no component; have %v", m.IDs)
	}
	if c.Kind != "database" {
		t.Errorf("kind %q, want database (from postgres, not the busybox init container)", c.Kind)
	}
}
