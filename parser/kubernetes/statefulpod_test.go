package kubernetes_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/parser"
)

// mysqlTutorial is the shape of Kubernetes' "Run a Replicated Stateful
// Application" tutorial: a MySQL StatefulSet of three pods behind a headless
// Service, where pod 0 is the primary that takes the writes (mysql-0.mysql)
// and the others serve reads through mysql-read. The client is ours.
const mysqlTutorial = `apiVersion: v1
kind: Service
metadata:
  name: mysql
spec:
  clusterIP: None
  selector:
    app: mysql
  ports:
  - name: mysql
    port: 3306
---
apiVersion: v1
kind: Service
metadata:
  name: mysql-read
spec:
  selector:
    app: mysql
  ports:
  - name: mysql
    port: 3306
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: mysql
spec:
  serviceName: mysql
  replicas: 3
  selector:
    matchLabels:
      app: mysql
  template:
    metadata:
      labels:
        app: mysql
    spec:
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: DoNotSchedule
        labelSelector:
          matchLabels:
            app: mysql
      containers:
      - name: mysql
        image: mysql:5.7
        ports:
        - containerPort: 3306
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  type: LoadBalancer
  selector:
    app: shop
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: DoNotSchedule
        labelSelector:
          matchLabels:
            app: shop
      containers:
      - name: shop
        image: example/shop:1.0
        env:
        - name: DB_WRITE_HOST
          value: "@WRITE@"
        - name: DB_READ_HOST
          value: mysql-read
`

// loadPods writes the tutorial with the client's write address set to
// write, and returns the findings, the model's component IDs and its
// dependencies as "from -> to".
func loadPods(t *testing.T, write string) ([]analysis.Finding, []string, []string) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "mysql.yaml")
	if err := os.WriteFile(file, []byte(strings.Replace(mysqlTutorial, "@WRITE@", write, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	fs, _ := check(t, file)
	m, _, _ := parser.Load([]string{file})
	var deps []string
	for _, d := range m.Dependencies {
		deps = append(deps, d.From+" -> "+d.To)
	}
	return fs, m.IDs, deps
}

// A client that writes to one pod of a StatefulSet by its own name needs
// that pod: its loss takes the client down whatever the other replicas do,
// a single point of failure that the StatefulSet's three replicas hide.
func TestOnePodOfStatefulSet(t *testing.T) {
	const pod = "k8s/Pod/default/mysql-0"
	for _, write := range []string{"mysql-0.mysql", "mysql-0.mysql.default.svc.cluster.local", "jdbc:mysql://mysql-0.mysql:3306/shop"} {
		t.Run(write, func(t *testing.T) {
			fs, ids, deps := loadPods(t, write)
			if !slices.Contains(ids, pod) {
				t.Fatalf("no component %s: %q", pod, ids)
			}
			for _, want := range []string{"k8s/Deployment/default/shop -> " + pod, pod + " -> k8s/StatefulSet/default/mysql",
				"k8s/Deployment/default/shop -> k8s/Service/default/mysql-read"} {
				if !slices.Contains(deps, want) {
					t.Errorf("no dependency %s: %q", want, deps)
				}
			}
			if slices.Contains(deps, "k8s/Deployment/default/shop -> k8s/Service/default/mysql") {
				t.Errorf("the client still needs the headless Service (any pod): %q", deps)
			}
			var found *analysis.Finding
			for i, f := range fs {
				if f.Rule == "spof" && f.Component == pod {
					found = &fs[i]
				}
			}
			if found == nil {
				t.Fatalf("no spof finding on %s: %+v", pod, fs)
			}
			if found.Location.Line != 27 || found.Location.Column != 9 || !strings.HasSuffix(found.Location.File, "mysql.yaml") {
				t.Errorf("finding at %s:%d:%d, want the StatefulSet's name (mysql.yaml:27:9)", found.Location.File, found.Location.Line, found.Location.Column)
			}
			if !slices.Contains(found.BlastRadius, "k8s/Deployment/default/shop") || found.Path[0] != "k8s/Service/default/shop" {
				t.Errorf("path %q, blast %q: want from the shop's Service through the shop", found.Path, found.BlastRadius)
			}
			if !strings.Contains(found.Message, "instance 0 of the 3 of k8s/StatefulSet/default/mysql, and its dependents name it by its own address") {
				t.Errorf("the finding does not say which pod: %s", found.Message)
			}
			if found.Severity != analysis.Error || len(found.Unknowns) > 0 {
				t.Errorf("severity %s, unknowns %q: want an error resting on nothing unknown", found.Severity, found.Unknowns)
			}
			for _, f := range fs {
				if f.Rule == "spof" && f.Component == "k8s/StatefulSet/default/mysql" {
					t.Errorf("the StatefulSet itself is reported: %s", f.Message)
				}
			}
		})
	}
}

// A client that names several pods of a StatefulSet (a broker list), a pod
// beyond its replicas, or the Service can use any replica: no pod component.
func TestSeveralPodsOfStatefulSet(t *testing.T) {
	for _, write := range []string{"mysql-0.mysql:3306,mysql-1.mysql:3306", "mysql-7.mysql", "mysql", "mysql-00.mysql"} {
		t.Run(write, func(t *testing.T) {
			fs, ids, deps := loadPods(t, write)
			for _, id := range ids {
				if strings.HasPrefix(id, "k8s/Pod/") {
					t.Errorf("component %s", id)
				}
			}
			if !slices.Contains(deps, "k8s/Deployment/default/shop -> k8s/Service/default/mysql") {
				t.Errorf("no dependency on the headless Service: %q", deps)
			}
			for _, f := range fs {
				if f.Rule == "spof" {
					t.Errorf("spof: %s", f.Message)
				}
			}
		})
	}
}

// The pod is placed where the StatefulSet's instance is: pinned to a zone,
// both are in it, and the zone's loss is the pod's.
func TestOnePodPlacement(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mysql.yaml")
	src := strings.Replace(mysqlTutorial, "@WRITE@", "mysql-0.mysql", 1)
	src = strings.Replace(src, "      containers:\n      - name: mysql\n", "      nodeSelector:\n        topology.kubernetes.io/zone: eu-west-1a\n      containers:\n      - name: mysql\n", 1)
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m, diags, _ := parser.Load([]string{file})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	sts, pod := m.Component("k8s/StatefulSet/default/mysql"), m.Component("k8s/Pod/default/mysql-0")
	if sts == nil || pod == nil {
		t.Fatalf("components: %q", m.IDs)
	}
	if !slices.Equal(sts.Placement["zone"], []string{"eu-west-1a", "eu-west-1a", "eu-west-1a"}) || !slices.Equal(pod.Placement["zone"], []string{"eu-west-1a"}) {
		t.Errorf("zones: StatefulSet %q, pod %q", sts.Placement["zone"], pod.Placement["zone"])
	}
	if pod.PlacementRange["zone"] != sts.PlacementRange["zone"] {
		t.Errorf("pod's zone declared at %v, the StatefulSet's at %v", pod.PlacementRange["zone"], sts.PlacementRange["zone"])
	}
}
