package synth

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// KubernetesOptions shape a generated Kubernetes manifest stream.
type KubernetesOptions struct {
	// Components is the number of components faultline's model of the stream
	// holds (workloads, Services, ConfigMaps, Ingresses); at least 20.
	Components int
	// Namespaces to spread the applications over. Default: one per 300
	// components; at most one per 10.
	Namespaces int
	// Files is the number of .yaml files KubernetesFiles writes, whole
	// namespaces each (at least 1, at most Namespaces).
	Files int
	Seed  uint64 // 0: a fixed default
	// SPOFs is the number of planted fragile workloads on a path from an
	// entrypoint; SharedDomains the number of planted multi-replica workloads
	// pinned into one zone. Defaults: 1% and 0.5% of Components, at least 1.
	SPOFs, SharedDomains int
}

// KubernetesStats says what a generated stream holds. Components, Edges and
// Entrypoints are those of the model that faultline builds from it; Objects
// counts the documents written (Namespaces, PodDisruptionBudgets and
// HorizontalPodAutoscalers included, which are not components).
type KubernetesStats struct {
	Components, Edges, Entrypoints int
	Namespaces, Workloads, Objects int
	SPOFs, SharedDomains           int // planted: exactly these findings are expected
}

func (o *KubernetesOptions) defaults() {
	o.Components = max(o.Components, 20)
	if o.Namespaces <= 0 {
		o.Namespaces = o.Components / 300
	}
	o.Namespaces = min(max(o.Namespaces, 1), max(1, o.Components/10))
	o.Files = min(max(o.Files, 1), o.Namespaces)
	if o.Seed == 0 {
		o.Seed = 0x6b8eed
	}
	if o.SPOFs <= 0 {
		o.SPOFs = max(1, o.Components/100)
	}
	if o.SharedDomains <= 0 {
		o.SharedDomains = max(1, o.Components/200)
	}
}

// What the generated applications are called and run.
var (
	k8sTeams     = []string{"shop", "billing", "identity", "logistics", "search", "media", "growth", "platform", "support", "risk"}
	k8sFrontends = []string{"web", "storefront", "admin-ui", "mobile-bff", "partner-portal"}
	k8sAPIs      = []string{"orders", "cart", "checkout", "payments", "catalog", "accounts", "shipping", "pricing", "reviews", "recommendations", "inventory", "quotes"}
	k8sInternals = []string{"ledger", "fraud-check", "tax", "geo", "email", "auth", "sessions", "images", "notifications", "audit", "rates", "feature-flags"}
	k8sZones     = []string{"us-east-1a", "us-east-1b", "us-east-1c"}
)

// k8sEngine is a data store run as a StatefulSet. quorum engines need a
// majority of their members up (faultline reads that from the image, and from
// KAFKA_PROCESS_ROLES for Kafka in KRaft mode).
type k8sEngine struct {
	name, image string
	port        int
	quorum      bool
}

var k8sEngines = []k8sEngine{
	{"postgres", "postgres:16.3", 5432, false},
	{"redis", "redis:7.2.5", 6379, false},
	{"kafka", "apache/kafka:3.7.0", 9092, true},
	{"etcd", "quay.io/coreos/etcd:v3.5.13", 2379, true},
	{"mongodb", "mongo:7.0.11", 27017, false},
	{"elasticsearch", "docker.elastic.co/elasticsearch/elasticsearch:8.13.4", 9200, true},
	{"zookeeper", "zookeeper:3.9.2", 2181, true},
}

type k8sApp struct {
	name     string
	role     string // the container's name and image repository
	ns       int
	layer    int // 0 frontends, 1 APIs, 2 internal services, 3 data stores
	engine   int // layer 3: index in k8sEngines
	replicas int // spec.replicas
	hpaMin   int // 0: no HorizontalPodAutoscaler
	pdb      int // 0 none, 1 minAvailable replicas-1, 2 maxUnavailable 1, 3 minAvailable 1
	spread   bool
	zone     string // pinned into this zone, spread over hosts
	config   bool
	lb       bool    // its Service is a LoadBalancer
	requires []int32 // the apps whose Services it names
	init     int32   // a data store an init container waits for; -1 none
	planted  string  // "spof", "shared" or ""
}

type k8sModel struct {
	apps       []k8sApp
	namespaces []string
	frontends  int
	seed       uint64
	st         KubernetesStats
}

// kubernetesModel lays out the applications: in each namespace an Ingress
// routes to its frontends; frontends (about 4% of the workloads) name API
// Services, APIs (47%) name internal services and data stores, internal
// services (26%) name data stores (27%, StatefulSets behind headless Services).
// A workload names one to three Services of deeper layers, three in four in its
// own namespace, in an env value, a ConfigMap it loads, or an argument. Every
// workload with several replicas has hard zone and host spreading rules and a
// single replica loss it survives, so that only the planted ones are findings:
//
//   - a planted SPOF is a Deployment with replicas: 1, a Deployment whose
//     HorizontalPodAutoscaler allows minReplicas: 1, a single-replica data
//     store, or a quorum data store (etcd, ZooKeeper, Kafka KRaft) of two
//     members;
//   - a planted shared domain is a workload of two or three replicas spread
//     over hosts but pinned into one zone, by nodeSelector (Deployments) or a
//     required node affinity (StatefulSets).
//
// Each planted workload is in layers 1 to 3, with a chain of Services naming it
// from a frontend, so that its loss reaches an Ingress.
func kubernetesModel(o KubernetesOptions) *k8sModel {
	rng := rand.New(rand.NewPCG(o.Seed, 0x6b38))
	n := o.Namespaces
	t := o.Components - n
	a := (t + 2) / 3      // each app: a workload and a Service, most a ConfigMap
	withConfig := t - 2*a // the first withConfig apps have a ConfigMap
	f := min(max(n, a*4/100), a-3)
	bounds := []int{0, f, f + (a-f)*47/100, f + (a-f)*73/100, a}
	bounds[2] = max(bounds[2], f+1)
	bounds[3] = min(max(bounds[3], bounds[2]+1), a-1)
	layerOf := func(i int) int {
		for l := 0; l < 3; l++ {
			if i < bounds[l+1] {
				return l
			}
		}
		return 3
	}
	m := &k8sModel{apps: make([]k8sApp, a), frontends: f, seed: o.Seed}
	for k := range n {
		m.namespaces = append(m.namespaces, fmt.Sprintf("%s-%d", k8sTeams[k%len(k8sTeams)], k))
	}
	// pick returns an app of [lo, hi), in namespace ns three times in four
	// when it has one there.
	pick := func(lo, hi, ns int) int {
		if rng.IntN(4) > 0 {
			j0 := lo + ((ns-lo%n)%n+n)%n
			if j0 < hi {
				return j0 + n*rng.IntN((hi-1-j0)/n+1)
			}
		}
		return lo + rng.IntN(hi-lo)
	}
	for i := range m.apps {
		ap := &m.apps[i]
		ap.ns, ap.layer, ap.init = i%n, layerOf(i), -1
		ap.config = i < withConfig
		switch ap.layer {
		case 0:
			ap.role = k8sFrontends[rng.IntN(len(k8sFrontends))]
			ap.replicas = 3
			ap.lb = i < n && i%4 == 0
		case 1:
			ap.role = k8sAPIs[rng.IntN(len(k8sAPIs))]
			ap.replicas = 2 + rng.IntN(3)
		case 2:
			ap.role = k8sInternals[rng.IntN(len(k8sInternals))]
			ap.replicas = 2 + rng.IntN(3)
		case 3:
			ap.engine = rng.IntN(len(k8sEngines))
			ap.role = k8sEngines[ap.engine].name
			ap.replicas = 3
			if !k8sEngines[ap.engine].quorum {
				ap.replicas = 2 + rng.IntN(2)
			}
		}
		if ap.layer == 3 {
			ap.name = fmt.Sprintf("%s-%s-%d", k8sAPIs[rng.IntN(len(k8sAPIs))], ap.role, i)
		} else {
			ap.name = fmt.Sprintf("%s-%d", ap.role, i)
		}
		ap.spread = true
		if ap.layer < 3 {
			if ap.layer < 2 && rng.IntN(3) == 0 {
				ap.hpaMin = ap.replicas
			}
			for range 1 + rng.IntN(3) {
				j := int32(pick(bounds[ap.layer+1], a, ap.ns))
				if !slices.Contains(ap.requires, j) {
					ap.requires = append(ap.requires, j)
				}
			}
		}
		if rng.IntN(4) > 0 {
			ap.pdb = 1 + rng.IntN(2)
		}
	}

	// Plant the problems in layers 1 to 3, one in each of equal windows.
	spofs := min(o.SPOFs, a-f)
	shared := min(o.SharedDomains, a-f-spofs)
	kinds := make([]string, 0, spofs+shared)
	for range spofs {
		kinds = append(kinds, "spof")
	}
	for range shared {
		kinds = append(kinds, "shared")
	}
	rng.Shuffle(len(kinds), func(x, y int) { kinds[x], kinds[y] = kinds[y], kinds[x] })
	p := len(kinds)
	for k, what := range kinds {
		lo, hi := f+k*(a-f)/p, f+(k+1)*(a-f)/p
		i := lo + rng.IntN(hi-lo)
		ap := &m.apps[i]
		ap.planted = what
		quorum := ap.layer == 3 && k8sEngines[ap.engine].quorum
		switch {
		case what == "shared":
			ap.spread, ap.zone = false, k8sZones[rng.IntN(len(k8sZones))]
			if !quorum {
				ap.replicas = 2 + rng.IntN(2)
			}
			if ap.hpaMin > 0 {
				ap.hpaMin = ap.replicas
			}
		case quorum: // two members of a majority system: one lost breaks its quorum
			ap.replicas, ap.pdb = 2, 3
		case ap.layer < 3 && rng.IntN(3) == 0: // the autoscaler may scale it to one
			ap.replicas, ap.hpaMin, ap.pdb = 3, 1, 0
		default:
			ap.replicas, ap.hpaMin, ap.spread = 1, 0, false
			ap.pdb = 3 * rng.IntN(2)
		}
		// A chain of dependents from a frontend down to it.
		below := i
		for l := ap.layer - 1; l >= 0; l-- {
			d := pick(bounds[l], bounds[l+1], m.apps[below].ns)
			if !slices.Contains(m.apps[d].requires, int32(below)) {
				m.apps[d].requires = append(m.apps[d].requires, int32(below))
			}
			below = d
		}
	}

	// Init containers that wait for a data store that no single failure takes
	// down (else each would be a bootstrap-spof finding).
	for i := range m.apps {
		ap := &m.apps[i]
		if ap.layer == 0 || ap.layer == 3 || rng.IntN(3) > 0 {
			continue
		}
		for _, j := range ap.requires {
			if m.apps[j].layer == 3 && m.apps[j].planted != "spof" {
				ap.init = j
				break
			}
		}
	}

	st := &m.st
	st.Namespaces, st.Workloads = n, a
	st.Components = n + 2*a + withConfig
	st.Entrypoints = n
	st.Edges = f                        // Ingress -> frontend Service
	st.Objects = 2*n + 2*a + withConfig // Namespace, Ingress; workload, Service, ConfigMap
	for i := range m.apps {
		ap := &m.apps[i]
		st.Edges += 1 + len(ap.requires) // Service -> workload, workload -> Services
		if ap.config {
			st.Edges++ // workload -> ConfigMap (bootstrap)
		}
		if ap.init >= 0 {
			st.Edges++ // workload -> data store Service (bootstrap)
		}
		if ap.lb {
			st.Entrypoints++
		}
		if ap.pdb > 0 {
			st.Objects++
		}
		if ap.hpaMin > 0 {
			st.Objects++
		}
		switch ap.planted {
		case "spof":
			st.SPOFs++
		case "shared":
			st.SharedDomains++
		}
	}
	// A ClusterIP Service that no workload names is a root of its own
	// (parser/kubernetes): count those of the apps below the frontends.
	named := make([]bool, len(m.apps))
	for i := range m.apps {
		for _, j := range m.apps[i].requires {
			named[j] = true
		}
		if m.apps[i].init >= 0 {
			named[m.apps[i].init] = true
		}
	}
	for i := range m.apps {
		if m.apps[i].layer > 0 && !named[i] {
			st.Entrypoints++
		}
	}
	return m
}

// Kubernetes writes a generated manifest stream, as `helm template` or
// `kustomize build` would print it: per namespace a Namespace and an Ingress,
// then each application's Deployment or StatefulSet, Service, ConfigMap,
// PodDisruptionBudget and HorizontalPodAutoscaler. The same options give the
// same bytes. faultline check finds in it exactly st.SPOFs spof findings and
// st.SharedDomains shared-domain findings, no other finding (in particular no
// unknown-placement, bootstrap-spof or common-dependency) and no diagnostic.
func Kubernetes(w io.Writer, o KubernetesOptions) (KubernetesStats, error) {
	o.defaults()
	m := kubernetesModel(o)
	bw := bufio.NewWriter(w)
	for k := range m.namespaces {
		m.writeNamespace(bw, k)
	}
	return m.st, bw.Flush()
}

// KubernetesFiles writes the stream of Kubernetes into dir as o.Files files of
// whole namespaces.
func KubernetesFiles(dir string, o KubernetesOptions) (KubernetesStats, error) {
	o.defaults()
	m := kubernetesModel(o)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return m.st, err
	}
	n := len(m.namespaces)
	for f := range o.Files {
		file, err := os.Create(filepath.Join(dir, fmt.Sprintf("part-%04d.yaml", f)))
		if err != nil {
			return m.st, err
		}
		bw := bufio.NewWriter(file)
		for k := f * n / o.Files; k < (f+1)*n/o.Files; k++ {
			m.writeNamespace(bw, k)
		}
		if err := bw.Flush(); err != nil {
			file.Close()
			return m.st, err
		}
		if err := file.Close(); err != nil {
			return m.st, err
		}
	}
	return m.st, nil
}

func (m *k8sModel) writeNamespace(w *bufio.Writer, k int) {
	ns := m.namespaces[k]
	team := k8sTeams[k%len(k8sTeams)]
	fmt.Fprintf(w, `apiVersion: v1
kind: Namespace
metadata:
  name: %s
  labels:
    team: %s
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: public
  namespace: %[1]s
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
spec:
  ingressClassName: nginx
  rules:
`, ns, team)
	for i := k; i < m.frontends; i += len(m.namespaces) {
		fmt.Fprintf(w, `  - host: %s.%s.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: %[1]s
            port:
              name: http
`, m.apps[i].name, ns)
	}
	w.WriteString("---\n")
	for i := k; i < len(m.apps); i += len(m.namespaces) {
		m.writeApp(w, i)
	}
}

// writeApp writes one application. Its cosmetic choices (versions, how an
// address is spelled, where it is given) come from a generator of its own, so
// that they do not depend on the order in which applications are written.
func (m *k8sModel) writeApp(w *bufio.Writer, i int) {
	ap := &m.apps[i]
	rng := rand.New(rand.NewPCG(m.seed^uint64(i)*0x9e3779b97f4a7c15, 0xa77))
	ns := m.namespaces[ap.ns]
	kind, tier := "Deployment", [...]string{"frontend", "api", "internal", "data"}[ap.layer]
	if ap.layer == 3 {
		kind = "StatefulSet"
	}
	// Where each dependency is named: env, ConfigMap or args.
	var env, cfg, args []string
	for _, j := range ap.requires {
		key, val := m.address(ap.ns, int(j), rng)
		switch c := rng.IntN(4); {
		case c == 0 && ap.config:
			cfg = append(cfg, fmt.Sprintf("  %s: %q\n", key, val))
		case c == 1:
			args = append(args, fmt.Sprintf("--%s=%s", strings.ReplaceAll(strings.ToLower(key), "_", "-"), val))
		default:
			env = append(env, fmt.Sprintf("        - name: %s\n          value: %q\n", key, val))
		}
	}

	fmt.Fprintf(w, `apiVersion: apps/v1
kind: %s
metadata:
  name: %s
  namespace: %s
  labels:
    app.kubernetes.io/name: %s
    app.kubernetes.io/instance: %[2]s
    app.kubernetes.io/part-of: %[3]s
spec:
`, kind, ap.name, ns, ap.role)
	if ap.layer == 3 {
		fmt.Fprintf(w, "  serviceName: %s\n  podManagementPolicy: Parallel\n", ap.name)
	} else {
		fmt.Fprintf(w, "  revisionHistoryLimit: %d\n", 3+rng.IntN(8))
	}
	fmt.Fprintf(w, `  replicas: %d
  selector:
    matchLabels:
      app: %s
  template:
    metadata:
      labels:
        app: %[2]s
        tier: %s
      annotations:
        prometheus.io/scrape: "true"
    spec:
`, ap.replicas, ap.name, tier)
	if ap.layer < 3 {
		fmt.Fprintf(w, "      serviceAccountName: %s\n", ap.name)
	}
	m.writePlacement(w, ap, rng)
	if ap.init >= 0 {
		d := &m.apps[ap.init]
		e := k8sEngines[d.engine]
		fmt.Fprintf(w, `      initContainers:
      - name: wait-for-%s
        image: busybox:1.36
        command: ["sh", "-c", "until nc -z %s.%s.svc.cluster.local %d; do sleep 2; done"]
`, e.name, d.name, m.namespaces[d.ns], e.port)
	}
	if ap.layer == 3 {
		m.writeEngine(w, ap, ns, args, env, rng)
	} else {
		port := 8080
		fmt.Fprintf(w, `      containers:
      - name: %s
        image: registry.example.com/%[2]s/%[1]s:1.%[3]d.%[4]d
        args:
        - --listen=:%[5]d
        - --metrics-addr=:9090
`, ap.role, ns, rng.IntN(20), rng.IntN(10), port)
		for _, a := range args {
			fmt.Fprintf(w, "        - %s\n", a)
		}
		fmt.Fprintf(w, `        ports:
        - {name: http, containerPort: %d}
        - {name: metrics, containerPort: 9090}
        env:
        - name: OTEL_SERVICE_NAME
          value: %s
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef: {fieldPath: metadata.namespace}
        - name: GOMAXPROCS
          value: "2"
`, port, ap.name)
		for _, e := range env {
			w.WriteString(e)
		}
		if ap.layer > 0 && rng.IntN(2) == 0 {
			// A Secret created out of band (sealed, or by an operator): not in the
			// stream, so no component.
			fmt.Fprintf(w, `        - name: API_TOKEN
          valueFrom:
            secretKeyRef: {name: %s-token, key: token}
`, ap.name)
		}
		if ap.config {
			fmt.Fprintf(w, "        envFrom:\n        - configMapRef:\n            name: %s-config\n", ap.name)
		}
		w.WriteString(`        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {memory: 256Mi}
        readinessProbe:
          httpGet: {path: /healthz, port: http}
          periodSeconds: 5
`)
	}
	w.WriteString("---\n")

	// The Service that selects it.
	fmt.Fprintf(w, `apiVersion: v1
kind: Service
metadata:
  name: %s
  namespace: %s
  labels:
    app: %[1]s
spec:
`, ap.name, ns)
	switch {
	case ap.layer == 3:
		w.WriteString("  clusterIP: None\n  publishNotReadyAddresses: true\n")
	case ap.lb:
		w.WriteString("  type: LoadBalancer\n  externalTrafficPolicy: Local\n")
	default:
		w.WriteString("  type: ClusterIP\n")
	}
	port, target := 8080, "http"
	switch {
	case ap.layer == 3:
		port, target = k8sEngines[ap.engine].port, k8sEngines[ap.engine].name
	case ap.layer == 0:
		port = 80
	}
	fmt.Fprintf(w, "  selector:\n    app: %s\n  ports:\n  - {name: %s, port: %d, targetPort: %s}\n---\n",
		ap.name, target, port, target)

	if ap.config {
		fmt.Fprintf(w, `apiVersion: v1
kind: ConfigMap
metadata:
  name: %s-config
  namespace: %s
data:
  LOG_LEVEL: %s
  LOG_FORMAT: json
  CACHE_TTL: %dm
`, ap.name, ns, [...]string{"info", "debug", "warn"}[rng.IntN(3)], 1+rng.IntN(30))
		for _, c := range cfg {
			w.WriteString(c)
		}
		w.WriteString("---\n")
	}
	if ap.pdb > 0 {
		fmt.Fprintf(w, "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: %s\n  namespace: %s\nspec:\n", ap.name, ns)
		switch ap.pdb {
		case 1:
			fmt.Fprintf(w, "  minAvailable: %d\n", max(1, ap.replicas-1))
		case 2:
			w.WriteString("  maxUnavailable: 1\n")
		case 3:
			w.WriteString("  minAvailable: 1\n")
		}
		fmt.Fprintf(w, "  selector:\n    matchLabels:\n      app: %s\n---\n", ap.name)
	}
	if ap.hpaMin > 0 {
		fmt.Fprintf(w, `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: %s
  namespace: %s
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: %[1]s
  minReplicas: %[3]d
  maxReplicas: %[4]d
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: %[5]d}
---
`, ap.name, ns, ap.hpaMin, max(ap.replicas, ap.hpaMin)*4, 60+5*rng.IntN(5))
	}
}

// writePlacement writes the pod spec's scheduling rules: hard spreading over
// zones and hosts, a zone pin with hosts spread, or nothing (single replicas).
func (m *k8sModel) writePlacement(w *bufio.Writer, ap *k8sApp, rng *rand.Rand) {
	if rng.IntN(2) == 0 {
		w.WriteString("      nodeSelector:\n        kubernetes.io/os: linux\n")
		if ap.zone != "" && ap.layer < 3 {
			fmt.Fprintf(w, "        topology.kubernetes.io/zone: %s\n", ap.zone)
		}
	} else if ap.zone != "" && ap.layer < 3 {
		fmt.Fprintf(w, "      nodeSelector:\n        topology.kubernetes.io/zone: %s\n", ap.zone)
	}
	hostAnti := func() {
		fmt.Fprintf(w, `        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - topologyKey: kubernetes.io/hostname
            labelSelector:
              matchLabels: {app: %s}
`, ap.name)
	}
	tsc := func(key string) {
		fmt.Fprintf(w, `      - maxSkew: 1
        topologyKey: %s
        whenUnsatisfiable: DoNotSchedule
        labelSelector:
          matchLabels: {app: %s}
`, key, ap.name)
	}
	switch {
	case ap.zone != "":
		w.WriteString("      affinity:\n")
		if ap.layer == 3 {
			fmt.Fprintf(w, `        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: topology.kubernetes.io/zone, operator: In, values: [%s]}
`, ap.zone)
		}
		hostAnti()
	case !ap.spread:
	case ap.layer == 3:
		fmt.Fprintf(w, `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - topologyKey: topology.kubernetes.io/zone
            labelSelector:
              matchLabels: {app: %s}
          - topologyKey: kubernetes.io/hostname
            labelSelector:
              matchLabels: {app: %[1]s}
`, ap.name)
	case rng.IntN(2) == 0:
		w.WriteString("      topologySpreadConstraints:\n")
		tsc("topology.kubernetes.io/zone")
		tsc("kubernetes.io/hostname")
	default:
		w.WriteString("      topologySpreadConstraints:\n")
		tsc("topology.kubernetes.io/zone")
		w.WriteString("      affinity:\n")
		hostAnti()
	}
}

// writeEngine writes a data store's containers and volume claim template.
func (m *k8sModel) writeEngine(w *bufio.Writer, ap *k8sApp, ns string, args, env []string, rng *rand.Rand) {
	e := k8sEngines[ap.engine]
	fmt.Fprintf(w, `      containers:
      - name: %s
        image: %s
`, e.name, e.image)
	switch e.name {
	case "redis":
		args = append([]string{"--appendonly", "yes"}, args...)
	case "mongodb":
		args = append([]string{"--replSet", "rs0", "--bind_ip_all"}, args...)
	}
	if len(args) > 0 {
		w.WriteString("        args:\n")
		for _, a := range args {
			fmt.Fprintf(w, "        - %q\n", a)
		}
	}
	fmt.Fprintf(w, "        ports:\n        - {name: %s, containerPort: %d}\n        env:\n", e.name, e.port)
	// Peer lists name the store's own pods (through its headless Service): not
	// a dependency.
	peers := func(format string, sep string) string {
		var s []string
		for p := range ap.replicas {
			s = append(s, fmt.Sprintf(format, p, ap.name, ns))
		}
		return strings.Join(s, sep)
	}
	kv := func(k, v string) { fmt.Fprintf(w, "        - name: %s\n          value: %q\n", k, v) }
	switch e.name {
	case "postgres":
		kv("POSTGRES_DB", strings.SplitN(ap.name, "-", 2)[0])
		kv("PGDATA", "/data/pgdata")
		fmt.Fprintf(w, `        - name: POSTGRES_PASSWORD
          valueFrom:
            secretKeyRef: {name: %s-credentials, key: password}
`, ap.name)
	case "kafka":
		kv("KAFKA_PROCESS_ROLES", "broker,controller")
		kv("KAFKA_CONTROLLER_QUORUM_VOTERS", peers("%[1]d@%[2]s-%[1]d.%[2]s.%[3]s.svc.cluster.local:9093", ","))
		kv("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
	case "etcd":
		kv("ETCD_INITIAL_CLUSTER", peers("%[2]s-%[1]d=http://%[2]s-%[1]d.%[2]s.%[3]s.svc.cluster.local:2380", ","))
		kv("ETCD_LISTEN_CLIENT_URLS", "http://0.0.0.0:2379")
	case "elasticsearch":
		kv("discovery.seed_hosts", peers("%[2]s-%[1]d.%[2]s", ","))
		kv("ES_JAVA_OPTS", "-Xms1g -Xmx1g")
	case "zookeeper":
		kv("ZOO_4LW_COMMANDS_WHITELIST", "srvr,ruok")
	default:
		kv("TZ", "UTC")
	}
	for _, s := range env {
		w.WriteString(s)
	}
	if ap.config {
		fmt.Fprintf(w, "        envFrom:\n        - configMapRef:\n            name: %s-config\n", ap.name)
	}
	fmt.Fprintf(w, `        volumeMounts:
        - {name: data, mountPath: /data}
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: gp3
      resources:
        requests:
          storage: %dGi
`, 10*(1+rng.IntN(10)))
}

// address returns an environment variable name and a value that names the
// Service of app j as a client in namespace from would: a short name in the
// same namespace, NAME.NS, NAME.NS.svc or the full cluster name; a URL with the
// engine's scheme for data stores, and a list of pods for the clustered ones.
// No URL carries a query string: faultline reads postgres://db:5432/x?a=b as
// the assignment a=b and loses the host, which would drop a planted edge.
func (m *k8sModel) address(from, j int, rng *rand.Rand) (key, value string) {
	t := &m.apps[j]
	ns := m.namespaces[t.ns]
	style := rng.IntN(4)
	if t.ns != from && style == 0 {
		style = 1 + rng.IntN(3)
	}
	host := func(name string) string {
		return name + [...]string{"", "." + ns, "." + ns + ".svc", "." + ns + ".svc.cluster.local"}[style]
	}
	key = strings.ToUpper(strings.ReplaceAll(t.name, "-", "_"))
	if t.layer < 3 {
		if rng.IntN(2) == 0 {
			return key + "_ADDR", host(t.name) + ":8080"
		}
		return key + "_URL", "http://" + host(t.name) + ":8080/v1"
	}
	pods := func(port int) string {
		var s []string
		for p := range min(t.replicas, 3) {
			s = append(s, fmt.Sprintf("%s:%d", host(fmt.Sprintf("%s-%d.%s", t.name, p, t.name)), port))
		}
		return strings.Join(s, ",")
	}
	switch k8sEngines[t.engine].name {
	case "postgres":
		return key + "_DATABASE_URL", fmt.Sprintf("postgres://app@%s:5432/%s", host(t.name), strings.SplitN(t.name, "-", 2)[0])
	case "redis":
		return key + "_URL", fmt.Sprintf("redis://%s:6379/%d", host(t.name), rng.IntN(16))
	case "kafka":
		return key + "_BROKERS", pods(9092)
	case "etcd":
		return key + "_ENDPOINTS", "http://" + host(t.name) + ":2379"
	case "mongodb":
		return key + "_URI", "mongodb://" + pods(27017) + "/app"
	case "elasticsearch":
		return key + "_URL", "http://" + host(t.name) + ":9200"
	default: // zookeeper
		return key + "_CONNECT", pods(2181)
	}
}
