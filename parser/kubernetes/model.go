package kubernetes

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"sort"
	"strconv"
	"strings"

	hclv2 "github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/graph"
)

// state is what this package keeps across the files of one load: every object
// read, in reading order (files sorted, standard input first).
type state struct {
	objs []*object
	// namespace is that of the objects that name none (kubectl apply -n).
	namespace string
	// unknown counts the objects of each kind faultline does not model; first
	// is the first of them read, where the one warning about them points.
	unknown map[string]int
	first   *diag
}

// unknownKind counts an object of a kind faultline does not model.
func (st *state) unknownKind(d diag) {
	if st.unknown == nil {
		st.unknown = map[string]int{}
	}
	st.unknown[d.detail]++
	if st.first == nil {
		st.first = &d
	}
}

// unknownWarning is the one warning about the objects of unknown kinds.
func (st *state) unknownWarning() *hclv2.Diagnostic {
	if st.first == nil {
		return nil
	}
	kinds := make([]string, 0, len(st.unknown))
	total := 0
	for k, n := range st.unknown {
		kinds = append(kinds, k)
		total += n
	}
	sort.Strings(kinds)
	for i, k := range kinds {
		kinds[i] = fmt.Sprintf("%s (%d)", k, st.unknown[k])
	}
	what := fmt.Sprintf("%d objects of %d kinds", total, len(kinds))
	if total == 1 {
		what = "1 object of 1 kind"
	} else if len(kinds) == 1 {
		what = fmt.Sprintf("%d objects of 1 kind", total)
	}
	return &hclv2.Diagnostic{Severity: hclv2.DiagWarning, Summary: "Unknown kinds",
		Detail: fmt.Sprintf("faultline does not model %s, which are skipped: %s. docs/kubernetes-operators.md lists the custom resources it reads.",
			what, strings.Join(kinds, ", ")),
		Subject: st.first.rng.Ptr()}
}

// key names an object within its kind: NAMESPACE/NAME.
func key(ns, name string) string { return ns + "/" + name }

// model is the index Finish works on.
type model struct {
	b          *graph.Builder
	diags      hclv2.Diagnostics
	services   map[string]*object // ns/name
	workloads  []*object
	byKindKey  map[string]*object // KIND/ns/name
	configs    map[string]*object // ConfigMap/ns/name and Secret/ns/name
	pvcs       map[string]*object
	added      map[string]bool // components added by this package
	byID       map[string]*graph.Component
	backends   map[string][]*object
	selectedBy map[*object][]*object // workload -> the Services that select it
	selects    map[*object][]*object // Service -> the workloads it selects by label
	monitors   []*object             // the ServiceMonitors and PodMonitors
	deps       map[depKey]bool
	calls      map[string]*graph.Call // target Service ID -> Istio call attributes of the mesh (sidecars)
	// routeCalls are the call attributes of a gateway-bound VirtualService's
	// own routes, by [route ID, Service ID]: the gateway follows them, not
	// the mesh's.
	routeCalls map[[2]string]*graph.Call
	callRng    map[string]graph.Range
	edges      []graph.Dependency
	entry      bool // an entrypoint was marked
	// byLabel indexes workloads by namespace and pod label "key=value", so that
	// a selector looks at the workloads that carry one of its labels, not all.
	byLabel map[string][]*object
	byNS    map[string][]*object
	// managedTLS holds the ns/name of Secrets that a cert-manager Certificate
	// in the inputs writes (and renews).
	managedTLS map[string]bool
	// sink marks the Services in front of a telemetry sink (an OpenTelemetry
	// collector, Jaeger, Zipkin, …): references to them are soft.
	sink map[*object]bool
	// namespaces are the namespaces of the objects read.
	namespaces map[string]bool
	// groupEdges are the Service -> workload pairs of requires-any groups.
	groupEdges [][2]string
	// routed marks the Services an Ingress or a route sends traffic to.
	routed map[*object]bool
	// importers are the workloads that import each ConfigMap or Secret whole
	// (envFrom, or a volume), by the config's ID.
	importers map[string]map[*object]bool
	// claimUsers are the workloads that mount each PersistentVolumeClaim.
	claimUsers map[*object][]*object
	// podAddrs are the addresses of one StatefulSet pod (pod-N.headless)
	// that the workload being read names: workloadEdges decides, once it has
	// read them all, which need that pod and which the StatefulSet.
	podAddrs []podAddr
}

// podAddr is an address of pod ordinal of StatefulSet sts, reached through
// Service svc, named by a workload with an edge of kind at rng.
type podAddr struct {
	sts, svc *object
	ordinal  int
	kind     graph.EdgeKind
	rng      graph.Range
}

// candidates returns the workloads of namespace ns that may match sel, in
// reading order: those carrying its rarest matchLabels pair, or every workload
// of the namespace when it has none.
func (m *model) candidates(ns string, sel *labelSelector) []*object {
	if sel == nil {
		return nil
	}
	var best []*object
	found := false
	for k, v := range sel.matchLabels {
		list := m.byLabel[ns+"\x00"+k+"="+v]
		if !found || len(list) < len(best) {
			best, found = list, true
		}
	}
	if !found {
		return m.byNS[ns]
	}
	return best
}

type depKey struct {
	from, to string
	kind     graph.EdgeKind
}

// Finish turns the objects into components and edges. It runs in Build, after
// every file was read, so that a reference may name an object of another file.
func (st *state) Finish(b *graph.Builder) hclv2.Diagnostics {
	m := &model{
		b: b, services: map[string]*object{}, byKindKey: map[string]*object{},
		configs: map[string]*object{}, pvcs: map[string]*object{}, added: map[string]bool{}, byID: map[string]*graph.Component{},
		backends: map[string][]*object{}, selectedBy: map[*object][]*object{}, selects: map[*object][]*object{},
		deps: map[depKey]bool{}, calls: map[string]*graph.Call{}, routeCalls: map[[2]string]*graph.Call{}, callRng: map[string]graph.Range{},
	}
	m.managedTLS = map[string]bool{}
	m.sink = map[*object]bool{}
	m.routed = map[*object]bool{}
	ns := st.namespace
	if ns == "" {
		ns = DefaultNamespace
	}
	m.namespaces = map[string]bool{}
	for _, o := range st.objs {
		if o.namespace == "" {
			o.namespace = ns
		}
		m.namespaces[o.namespace] = true
	}
	for _, o := range st.objs {
		if o.cert != nil && o.cert.secretName != "" {
			m.managedTLS[key(o.namespace, o.cert.secretName)] = true
		}
	}
	for _, o := range st.objs {
		k := o.kind + "/" + key(o.namespace, o.name)
		if _, dup := m.byKindKey[k]; !dup {
			m.byKindKey[k] = o
		}
		switch {
		case o.workload != nil:
			m.workloads = append(m.workloads, o)
		case o.service != nil:
			if _, dup := m.services[key(o.namespace, o.name)]; !dup {
				m.services[key(o.namespace, o.name)] = o
			}
		case o.config != nil:
			m.configs[k] = o
		case o.pvc != nil:
			m.pvcs[key(o.namespace, o.name)] = o
		}
	}
	m.byLabel, m.byNS = map[string][]*object{}, map[string][]*object{}
	for _, w := range m.workloads {
		m.byNS[w.namespace] = append(m.byNS[w.namespace], w)
		for k, v := range w.workload.podLabels {
			key := w.namespace + "\x00" + k + "=" + v
			m.byLabel[key] = append(m.byLabel[key], w)
		}
	}
	m.pools(st.objs)
	for _, o := range m.workloads {
		if o.operator == nil {
			continue
		}
		for _, name := range operatorServices(o) {
			if m.services[key(o.namespace, name)] == nil {
				m.services[key(o.namespace, name)] = o // the operator creates it
			}
		}
	}
	m.scaling(st.objs)
	var services []*object
	for _, o := range st.objs {
		if o.service != nil {
			services = append(services, o)
		}
		if o.monitor != nil {
			m.monitors = append(m.monitors, o)
		}
	}
	m.chooseMains(services, m.monitors)
	for _, o := range m.workloads {
		m.addWorkload(o)
	}
	m.istioSubsets(st.objs)
	for _, o := range st.objs {
		if o.service != nil {
			m.addService(o)
		}
	}
	for _, o := range st.objs {
		if o.routes != nil || o.vs != nil && gatewayBound(o.vs) {
			m.addRoute(o)
		}
	}
	m.indexImports()
	for _, o := range m.workloads {
		m.workloadEdges(o)
	}
	m.operatorRequires()
	m.istioCalls(st.objs)
	m.scrapes(st.objs)
	m.markRoots(st.objs)
	if d := st.unknownWarning(); d != nil {
		m.diags = append(m.diags, d)
	}
	for _, d := range m.edges {
		b.AddDependency(d)
		if d.Kind != graph.Requires {
			continue
		}
		if c := m.callOf(d.From, d.To); c != nil {
			b.AddCall(d.From, d.To, d.Range, c)
		}
	}
	return m.diags
}

func (m *model) add(c *graph.Component) bool {
	c.Source = Source
	if o := m.byKindKey[strings.TrimPrefix(c.ID, "k8s/")]; o != nil {
		c.Ignores = ignores(o)
	}
	if ds := m.b.AddComponent(c); len(ds) > 0 {
		m.diags = append(m.diags, ds...)
		return false
	}
	m.added[c.ID] = true
	m.byID[c.ID] = c
	return true
}

func (m *model) edge(from, to string, kind graph.EdgeKind, rng graph.Range) {
	k := depKey{from, to, kind}
	if m.deps[k] || from == to {
		return
	}
	m.deps[k] = true
	m.edges = append(m.edges, graph.Dependency{From: from, To: to, Kind: kind, Range: rng})
}

func (m *model) warn(rng graph.Range, summary, detail string) {
	m.diags = append(m.diags, &hclv2.Diagnostic{Severity: hclv2.DiagWarning, Summary: summary, Detail: detail, Subject: rng.Ptr()})
}

// scaling applies HorizontalPodAutoscalers (their minReplicas is what the
// workload is guaranteed to run) and PodDisruptionBudgets.
func (m *model) scaling(objs []*object) {
	for _, o := range objs {
		if o.hpa == nil {
			continue
		}
		t := m.byKindKey[o.hpa.targetKind+"/"+key(o.namespace, o.hpa.targetName)]
		if t == nil || t.workload == nil {
			continue
		}
		t.workload.replicas = o.hpa.minReplicas
		t.workload.replicasSet = true
		t.workload.replicasRng = o.hpa.rng
		t.workload.hpa = o
	}
	for _, o := range objs {
		if o.pdb == nil {
			continue
		}
		for _, w := range m.candidates(o.namespace, o.pdb.selector) {
			if o.pdb.selector.matches(w.workload.podLabels) {
				w.workload.pdb = o
			}
		}
	}
}

// kindOf guesses the component kind from the main container's image.
func kindOf(o *object) string {
	if o.operator != nil {
		return o.operator.What
	}
	switch o.kind {
	case "Job", "CronJob":
		return "job"
	}
	img := o.workload.mainImage()
	switch {
	case img == "" || toolImage(img):
		// A metrics exporter (postgres-exporter, redis_exporter), a log
		// shipper (fluentd-elasticsearch), an operator or an admin UI
		// (postgres-operator, mongo-express) names the system it serves;
		// it is not that system.
		return "service"
	case anyIn(img, "redis", "memcached", "valkey", "keydb", "dragonfly", "hazelcast"):
		return "cache"
	case anyIn(img, "postgres", "mysql", "mariadb", "mongo", "cassandra", "cockroach", "elasticsearch", "opensearch",
		"clickhouse", "couchdb", "influxdb", "neo4j", "scylla", "mssql", "minio", "timescale"):
		return "database"
	case anyIn(img, "kafka", "rabbitmq", "nats", "pulsar", "activemq", "redpanda"):
		return "queue"
	case anyIn(img, "etcd", "zookeeper", "consul"):
		return "coordination"
	}
	return "service"
}

// toolWords are the words of an image's name that make it a tool around
// the system the name also says (redis_exporter, fluentd-elasticsearch,
// postgres-operator, mongo-express, kafka-ui, etcd-backup).
var toolWords = map[string]bool{
	"exporter": true, "operator": true, "controller": true, "webhook": true, "client": true, "cli": true,
	"ui": true, "admin": true, "commander": true, "express": true, "dashboard": true,
	"fluentd": true, "fluent": true, "filebeat": true, "metricbeat": true, "logstash": true, "promtail": true,
	"curator": true, "backup": true, "restore": true, "migrate": true, "migration": true, "migrations": true,
	"agent": true, "collector": true, "shipper": true,
}

// toolImage reports whether an image's name (mainImage's) holds one of
// toolWords as a word: split at '/', '-', '_' and '.'.
func toolImage(img string) bool {
	for _, w := range strings.FieldsFunc(img, func(r rune) bool { return r == '/' || r == '-' || r == '_' || r == '.' }) {
		if toolWords[w] {
			return true
		}
	}
	return false
}

func anyIn(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// mainImage is the repository name of the main container's image
// (containers.go), lower case, without registry, tag or digest: a busybox
// that waits for the database does not make a workload a shell, nor does a
// kube-rbac-proxy in front of a manager make it a proxy.
func (w *workload) mainImage() string {
	if c := w.mainContainer(); c != nil {
		return imageRepo(c.image)
	}
	images := w.images
	if len(images) == 0 {
		images = w.initImages
	}
	if len(images) == 0 {
		return ""
	}
	return imageRepo(images[0])
}

// quorumSystem reports whether a StatefulSet runs a consensus system whose
// members need a majority up: etcd, ZooKeeper, Consul servers, Kafka in KRaft mode.
func quorumSystem(o *object) bool {
	if o.operator != nil {
		return o.operator.Quorum
	}
	if o.kind != "StatefulSet" {
		return false
	}
	img := o.workload.mainImage()
	if toolImage(img) {
		return false // etcd-backup, zookeeper-operator: not the system itself
	}
	// Cassandra: QUORUM reads and writes need a majority of a row's replicas
	// (the replication factor is usually the node count of a small ring);
	// Elasticsearch and OpenSearch: more than half of the master-eligible
	// nodes; Redis with Sentinel: failover needs a majority of the Sentinels.
	if anyIn(img, "etcd", "zookeeper", "consul", "cassandra", "scylla", "elasticsearch", "opensearch") || o.workload.sentinel {
		return true
	}
	if anyIn(img, "kafka") {
		for k, v := range o.workload.envVars {
			if strings.HasSuffix(k, "PROCESS_ROLES") && strings.Contains(v, "controller") ||
				strings.Contains(k, "KRAFT") {
				return true
			}
		}
	}
	return false
}

func (m *model) addWorkload(o *object) {
	if o.operator != nil && o.operator.PoolOf != "" {
		return // its replicas count in the resource it belongs to
	}
	w := o.workload
	c := &graph.Component{ID: o.id(), Kind: kindOf(o), Range: o.rng, Replicas: w.replicas, Group: o.namespace}
	if w.replicas < 1 {
		c.Replicas = 1
		if w.replicasSet {
			c.Unknowns = append(c.Unknowns, "replicas: 0 (scaled to zero)")
		}
	}
	if o.kind == "DaemonSet" {
		// One pod per node, on every node it may run on: not a single instance.
		// The node count is not in the manifests; faultline counts two pods, on
		// distinct hosts and spread like the nodes, and says so.
		c.Replicas, c.Quorum = daemonSetPods, 1
		c.Unknowns = append(c.Unknowns, fmt.Sprintf("DaemonSet: one pod per node; the number of nodes is not in the manifests, and %d pods on distinct nodes are assumed", daemonSetPods))
	}
	if quorumSystem(o) {
		c.Quorum = c.Replicas/2 + 1
	}
	if need, ok := minioWriteQuorum(o, c.Replicas); ok {
		c.Quorum = need
	}
	if p := w.pdb; p != nil {
		// A budget that allows no voluntary eviction at all (minAvailable equal
		// to the replicas or 100%, maxUnavailable 0) is how the API says "never
		// evict" (PodDisruptionBudgetSpec): it protects pods from drains, and
		// says nothing of how many must run to serve. Only a budget that leaves
		// room for an eviction says how many the workload needs up.
		if need, ok := pdbNeed(p.pdb, c.Replicas); ok && need > c.Quorum && need < c.Replicas {
			c.Quorum = need
		}
	}
	if o.kind == "Job" || o.kind == "CronJob" {
		// Runs to completion, serves nothing: the Job controller replaces a pod
		// that fails (spec.backoffLimit, 6 by default) and a CronJob starts a
		// new Job at each run, so a lost pod delays the work and never fails
		// it. Like a Service, it fails only through what it requires.
		virtual(c)
		if m.add(c) {
			m.publishWorkload(o, c)
		}
		return
	}
	rules := w.placement
	if o.kind == "DaemonSet" {
		// Its pods are wherever the nodes are: on every host, and in every zone
		// that has nodes (unless a node selector pins them into one).
		rules.spread[hostDomain] = true
		rules.spread[zoneDomain] = true
	}
	rules.apply(c)
	if c.Replicas > 1 && len(c.UnknownPlacement) > 0 {
		if note := rules.softNote(); note != "" {
			c.Unknowns = append(c.Unknowns, "placement: "+note)
		}
	}
	if m.add(c) {
		m.publishWorkload(o, c)
	}
}

// daemonSetPods is the number of pods faultline assumes a DaemonSet runs: one
// per node, on a cluster of more than one node.
const daemonSetPods = 2

// pdbNeed returns the instances a PodDisruptionBudget says must stay up:
// minAvailable, or replicas - maxUnavailable; a percentage of either rounds up,
// as the disruption controller rounds it (intstr.GetScaledValueFromIntOrPercent
// with roundUp).
func pdbNeed(p *pdb, replicas int) (int, bool) {
	val := func(s string) (int, bool) {
		if pct, ok := strings.CutSuffix(s, "%"); ok {
			v, err := strconv.Atoi(pct)
			if err != nil || v < 0 || v > 100 {
				return 0, false
			}
			return (v*replicas + 99) / 100, true
		}
		v, err := strconv.Atoi(s)
		return v, err == nil && v >= 0
	}
	if p.minAvailable != "" {
		return val(p.minAvailable)
	}
	if p.maxUnavailable != "" {
		if v, ok := val(p.maxUnavailable); ok {
			return max(replicas-v, 0), true
		}
	}
	return 0, false
}

// Virtual components — a Service, an Ingress, a route, a ConfigMap — are API
// objects served by the control plane and kube-proxy on every node, not
// instances that fail one at a time: faultline gives them two instances with a
// quorum of one, so that they fail only through what they require.
func virtual(c *graph.Component) *graph.Component {
	c.Replicas, c.Quorum, c.Virtual = 2, 1, true
	return c
}

func (m *model) addService(o *object) {
	s := o.service
	id := o.id()
	if s.externalName != "" {
		// A DNS alias (a CNAME) for something outside the cluster: a managed
		// database, another cluster's Service. Nothing in the manifests says
		// whether it is redundant, so it is opaque, like a Terraform module not
		// on disk: it carries edges, and no single-instance event is claimed for
		// it. Bound to a Terraform resource (cross-layer), that resource decides.
		c := &graph.Component{ID: id, Kind: "external", Range: o.rng, Replicas: 1, Group: o.namespace, Opaque: true,
			Unknowns: []string{"ExternalName " + s.externalName + ": an external dependency whose redundancy the manifests do not declare"}}
		if m.add(c) {
			m.publishExternalName(o)
		}
		return
	}
	c := virtual(&graph.Component{ID: id, Kind: "lb", Range: o.rng, Group: o.namespace})
	if s.typ == "LoadBalancer" || s.typ == "NodePort" {
		c.Entrypoint, m.entry = true, true
	}
	if !m.add(c) {
		return
	}
	if len(s.selector) == 0 {
		// Backed by Endpoints the manifests do not show.
		c.Unresolved = append(c.Unresolved, "it has no selector: its endpoints are not in the inputs")
		return
	}
	sel, pod := podSelector(s.selector)
	var selected, jobs []*object
	for _, w := range m.candidates(o.namespace, sel) {
		if !sel.matches(w.workload.podLabels) || !pod.of(w) {
			continue
		}
		if w.kind == "Job" || w.kind == "CronJob" {
			// A Job's pods often carry the labels of the app they serve (a
			// migration): the Service does not count on them, unless they
			// are all it selects (a Job that serves while it runs).
			jobs = append(jobs, w)
			continue
		}
		selected = append(selected, w)
		m.selectedBy[w] = append(m.selectedBy[w], o)
	}
	if len(selected) == 0 {
		for _, w := range jobs {
			if m.added[w.id()] {
				selected = append(selected, w)
				m.selectedBy[w] = append(m.selectedBy[w], o)
			}
		}
	}
	m.selects[o] = selected
	if sub, ok := m.backends[id]; ok {
		selected = sub // an Istio route sends all traffic to these subsets
	}
	switch len(selected) {
	case 0:
		c.Unresolved = append(c.Unresolved, fmt.Sprintf("it selects pods labelled %s, and no workload in the inputs has them", labelsString(s.selector)))
		m.warn(s.selectorRng, "Service selects no workload",
			fmt.Sprintf("No workload in the inputs has pods labelled %s in namespace %s; faultline cannot tell what %s depends on.", labelsString(s.selector), o.namespace, id))
	case 1:
		m.edge(id, selected[0].id(), graph.Requires, s.selectorRng)
		m.sink[o] = telemetrySink(selected[0])
	default:
		g := graph.Group{Owner: id, Name: "backends", Need: 1, Range: s.selectorRng}
		rngs := make([]graph.Range, len(selected))
		for i, w := range selected {
			g.Of = append(g.Of, w.id())
			rngs[i] = s.selectorRng
			m.groupEdges = append(m.groupEdges, [2]string{id, w.id()})
		}
		m.b.AddGroup(g, rngs)
	}
}

// The labels the StatefulSet controller puts on each pod: its name (since
// Kubernetes 1.9, so that a Service can select one pod) and its ordinal
// (PodIndexLabel, on by default since 1.28).
const (
	podNameLabel  = "statefulset.kubernetes.io/pod-name"
	podIndexLabel = "apps.kubernetes.io/pod-index"
)

// onePod is a Service's choice of one pod of a StatefulSet, by name or ordinal.
type onePod struct {
	name, index string
}

// podSelector splits a Service selector into the labels a pod template
// carries and the choice of one StatefulSet pod, which no template carries:
// the controller adds it to each pod.
func podSelector(sel map[string]string) (*labelSelector, onePod) {
	var pod onePod
	rest := map[string]string{}
	for k, v := range sel {
		switch k {
		case podNameLabel:
			pod.name = v
		case podIndexLabel:
			pod.index = v
		default:
			rest[k] = v
		}
	}
	return &labelSelector{matchLabels: rest}, pod
}

// of reports whether workload w runs the chosen pod: any workload when none is
// chosen, else a StatefulSet whose pod NAME-N (or ordinal N) exists.
func (p onePod) of(w *object) bool {
	if p.name == "" && p.index == "" {
		return true
	}
	if w.kind != "StatefulSet" {
		return false
	}
	ord := p.index
	if p.name != "" {
		n, ok := strings.CutPrefix(p.name, w.name+"-")
		if !ok || !allDigits(n) || p.index != "" && p.index != n {
			return false
		}
		ord = n
	}
	i, err := strconv.Atoi(ord)
	return err == nil && i >= 0 && i < max(w.workload.replicas, 1)
}

func labelsString(l map[string]string) string {
	ks := make([]string, 0, len(l))
	for k := range l {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for i, k := range ks {
		ks[i] = k + "=" + l[k]
	}
	return strings.Join(ks, ",")
}

// addRoute adds an Ingress, a Gateway API route or a gateway-bound Istio
// VirtualService: an entrypoint that requires the Services it routes to.
func (m *model) addRoute(o *object) {
	c := virtual(&graph.Component{ID: o.id(), Kind: "lb", Range: o.rng, Group: o.namespace, Entrypoint: true})
	if !m.add(c) {
		return
	}
	m.entry = true
	routes := o.routes
	if o.vs != nil {
		for _, rt := range o.vs.routes {
			for _, h := range rt.hosts {
				routes = append(routes, backendRef{service: h, rng: rt.rng, vs: &rt})
			}
		}
	}
	for _, r := range routes {
		svc := m.lookupService(r.service, o.namespace)
		if svc == nil {
			m.warn(r.rng, "Unknown backend",
				fmt.Sprintf("%s routes to Service %q, which the inputs do not declare in namespace %s.", o.id(), r.service, o.namespace))
			continue
		}
		m.edge(o.id(), svc.id(), graph.Requires, r.rng)
		m.routed[svc] = true
		if k := [2]string{o.id(), svc.id()}; r.vs != nil && m.routeCalls[k] == nil {
			m.routeCalls[k] = r.vs.call()
		}
	}
}

// lookupService resolves a host name as cluster DNS does from namespace ns:
// svc, svc.ns, svc.ns.svc, svc.ns.svc.cluster.local, and StatefulSet pods
// pod-N.svc[.ns…] (which resolve to the headless Service that names them).
func (m *model) lookupService(host, ns string) *object {
	s, _, _, _, _ := m.resolve(host, ns)
	return s
}

// resolve is lookupService that also says which Service the name means when
// the inputs do not declare it (its name and namespace, as cluster DNS reads
// the address) and whether the name is meant for the cluster's DNS at all: a
// single label, a name under .svc, or svc.ns where ns is a namespace of the
// inputs (another two-label name may be a public domain). pod is the first
// label of a pod's name (pod-0 of pod-0.headless), else empty.
func (m *model) resolve(host, ns string) (svc *object, name, namespace string, local bool, pod string) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	labels := strings.Split(host, ".")
	suffixed := false
	switch {
	case len(labels) >= 4 && strings.Join(labels[len(labels)-3:], ".") == "svc.cluster.local":
		labels, suffixed = labels[:len(labels)-3], true
	case len(labels) >= 2 && labels[len(labels)-1] == "svc":
		labels, suffixed = labels[:len(labels)-1], true
	}
	switch len(labels) {
	case 1:
		return m.services[key(ns, labels[0])], labels[0], ns, true, ""
	case 2:
		if s := m.services[key(labels[1], labels[0])]; s != nil {
			return s, labels[0], labels[1], true, ""
		}
		if s := m.services[key(ns, labels[1])]; s != nil && !suffixed {
			return s, labels[1], ns, true, labels[0] // pod-0.headless
		}
		return nil, labels[0], labels[1], suffixed || m.namespaces[labels[1]], ""
	case 3:
		return m.services[key(labels[2], labels[1])], labels[1], labels[2], suffixed || m.namespaces[labels[2]], labels[0] // pod-0.headless.ns
	}
	return nil, "", "", false, ""
}

// podOf returns the StatefulSet selected by svc whose pod is named pod
// (NAME-N, N below its replicas), and N; nil when none, or when the
// StatefulSet runs one pod (which is then the StatefulSet).
func (m *model) podOf(svc *object, pod string) (*object, int) {
	if pod == "" {
		return nil, 0
	}
	for _, w := range m.selects[svc] {
		if w.kind != "StatefulSet" || m.byID[w.id()] == nil || m.byID[w.id()].Instances() < 2 {
			continue
		}
		n, ok := strings.CutPrefix(pod, w.name+"-")
		if !ok || !allDigits(n) || len(n) > 1 && n[0] == '0' {
			continue
		}
		if k, err := strconv.Atoi(n); err == nil && k < max(w.workload.replicas, 1) {
			return w, k
		}
	}
	return nil, 0
}

// podEdges adds the edges of the pod addresses o names (m.podAddrs). A
// workload that names one pod of a StatefulSet and no other (the primary,
// mysql-0.mysql, in Kubernetes' replicated MySQL tutorial) needs that pod:
// the other replicas do not serve for it. One that names several (a broker
// list, kafka-0.kafka,kafka-1.kafka) can use any of them: it needs the
// StatefulSet, through the Service, as an address of the Service would.
func (m *model) podEdges(o *object) {
	ordinals := map[*object]map[int]bool{}
	for _, a := range m.podAddrs {
		if ordinals[a.sts] == nil {
			ordinals[a.sts] = map[int]bool{}
		}
		ordinals[a.sts][a.ordinal] = true
	}
	for _, a := range m.podAddrs {
		if len(ordinals[a.sts]) > 1 {
			m.edge(o.id(), a.svc.id(), a.kind, a.rng)
			continue
		}
		if id := m.podComponent(a.sts, a.ordinal); id != "" {
			m.edge(o.id(), id, a.kind, a.rng)
		}
	}
	m.podAddrs = m.podAddrs[:0]
}

// podComponent returns the ID of the component of pod ordinal k of
// StatefulSet sts, added on first use: one instance, down when the
// StatefulSet is (it requires it), placed where the StatefulSet's instance
// k is (graph.Builder.Build gives it that placement, once a binding across
// layers has placed the StatefulSet). Its findings are at the StatefulSet's
// declaration, and the StatefulSet's ignore annotations cover it.
func (m *model) podComponent(sts *object, k int) string {
	id := fmt.Sprintf("k8s/Pod/%s/%s-%d", sts.namespace, sts.name, k)
	if m.added[id] {
		return id
	}
	sc := m.byID[sts.id()]
	if sc == nil {
		return ""
	}
	c := &graph.Component{ID: id, Kind: sc.Kind, Range: sts.rng, Replicas: 1, Group: sts.namespace,
		Ignores: ignores(sts), InstanceOf: &graph.InstanceRef{ID: sc.ID, Index: k, Of: sc.Instances()}}
	if !m.add(c) {
		return ""
	}
	m.edge(id, sc.ID, graph.Requires, sts.rng)
	return id
}

// workloadEdges adds the dependencies a workload's pod spec declares.
func (m *model) workloadEdges(o *object) {
	if !m.added[o.id()] {
		return
	}
	w := o.workload
	refs := w.refs
	if len(w.links) > 0 {
		refs = append(refs[:len(refs):len(refs)], m.linkRefs(o)...)
	}
	for _, rf := range refs {
		kind := graph.Requires
		if rf.init {
			kind = graph.Bootstrap
		}
		if rf.use == useDefault && w.telemetrySidecar(rf.ctr) {
			rf.use = useSoft // a log shipper's or exporter's destination, beside the app
		}
		m.refEdges(o, rf, kind)
	}
	for _, list := range []struct {
		kind string
		refs []nameRef
	}{{"ConfigMap", w.configMaps}, {"Secret", w.secrets}} {
		for _, nr := range list.refs {
			cfg := m.configs[list.kind+"/"+key(o.namespace, nr.name)]
			if cfg == nil {
				// Created out of band (a sealed secret, a CSI driver, Terraform's
				// kubernetes provider): not in the manifests.
				m.publishConfigUse(o, list.kind, nr)
				continue
			}
			id := cfg.id()
			if !m.added[id] && !m.addConfig(cfg) {
				continue
			}
			// A certificate is needed while the pod serves, not only to start it:
			// when it expires, TLS clients fail.
			kind := graph.Bootstrap
			if cfg.config.tlsCrt != "" {
				kind = graph.Requires
			}
			m.edge(o.id(), id, kind, nr.rng)
			refKind := graph.Requires
			if nr.envFrom && m.addressBook(cfg) && !m.frontEnd(o) {
				refKind = graph.Soft
			}
			for _, rf := range cfg.config.values {
				if nr.key == "" || nr.key == rf.key {
					m.refEdges(o, rf, refKind)
				}
			}
		}
	}
	for _, nr := range w.claims {
		p := m.pvcs[key(o.namespace, nr.name)]
		if p == nil {
			continue
		}
		if users := m.claimUsers[p]; len(users) == 1 && m.byID[o.id()] != nil && m.byID[o.id()].Replicas <= 1 {
			// The disk of a single-replica workload and nothing else's: part of
			// that workload's single point of failure, not a second one.
			continue
		}
		if !m.added[p.id()] {
			c := &graph.Component{ID: p.id(), Kind: "volume", Range: p.rng, Replicas: 1, Group: p.namespace}
			if rwo(p.pvc.accessModes) {
				c.Unknowns = append(c.Unknowns, "ReadWriteOnce volume: zonal storage, attached to one node at a time")
			}
			if !m.add(c) {
				continue
			}
		}
		// A volume is needed while the pod runs, not only to start it: losing the
		// disk under a database takes the database down.
		m.edge(o.id(), p.id(), graph.Requires, nr.rng)
	}
	m.podEdges(o)
}

func rwo(modes []string) bool {
	for _, mo := range modes {
		if mo == "ReadWriteOnce" || mo == "ReadWriteOncePod" {
			return true
		}
	}
	return false
}

func (m *model) addConfig(o *object) bool {
	kind := "config"
	if o.config.isSecret {
		kind = "secret"
	}
	c := virtual(&graph.Component{ID: o.id(), Kind: kind, Range: o.rng, Group: o.namespace})
	if o.config.tlsCrt != "" {
		m.tlsCertificate(o, c)
	}
	return m.add(c)
}

// tlsCertificate makes a TLS Secret's component a certificate: its expiry from
// the first certificate of tls.crt, renewed automatically when a cert-manager
// Certificate in the inputs writes the Secret (or the Secret carries cert-manager's
// annotation), by hand otherwise.
func (m *model) tlsCertificate(o *object, c *graph.Component) {
	c.Kind = "certificate"
	auto := m.managedTLS[key(o.namespace, o.name)] || o.annotations["cert-manager.io/certificate-name"] != ""
	c.AutoRenew = &auto
	pemBytes, err := base64.StdEncoding.DecodeString(strings.TrimSpace(o.config.tlsCrt))
	if err != nil {
		m.warn(o.config.tlsRng, "Unreadable certificate", "tls.crt is not base64: "+err.Error()+"; its expiry is unknown.")
		c.Unknowns = append(c.Unknowns, "the expiry of its certificate (tls.crt is not base64)")
		return
	}
	block, _ := pem.Decode(pemBytes)
	if block == nil || block.Type != "CERTIFICATE" {
		m.warn(o.config.tlsRng, "Unreadable certificate", "tls.crt holds no PEM CERTIFICATE block; its expiry is unknown.")
		c.Unknowns = append(c.Unknowns, "the expiry of its certificate (no PEM certificate in tls.crt)")
		return
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		m.warn(o.config.tlsRng, "Unreadable certificate", "tls.crt does not parse: "+err.Error()+"; its expiry is unknown.")
		c.Unknowns = append(c.Unknowns, "the expiry of its certificate (tls.crt does not parse)")
		return
	}
	c.Expires = cert.NotAfter.UTC()
}

// refEdges adds an edge from workload o to each Service that rf names.
func (m *model) refEdges(o *object, rf ref, kind graph.EdgeKind) {
	for _, a := range rf.addrs {
		svc, name, ns, local, pod := m.resolve(a.host, o.namespace)
		if svc == nil && local && name == "kubernetes" && ns == "default" && pod == "" {
			// The API server's Service, in every cluster: the control
			// plane, outside the workloads' graph.
			continue
		}
		if svc == nil {
			declared := m.publishAddress(o, a, rf.where, rf.use.kind(kind), local, name, ns)
			if !declared && local && (a.port || a.scheme || strings.Contains(a.host, ".")) {
				m.warn(a.rng, "Unknown service",
					fmt.Sprintf("%s names %q in %s, but the inputs declare no Service %s in namespace %s: a dependency faultline cannot follow.",
						o.id(), a.host, rf.where, name, ns))
				// A telemetry destination (soft) or a scrape target (watched)
				// can take nothing down: no upper bound on the estimate.
				if c := m.byID[o.id()]; c != nil && rf.use.kind(kind) == graph.Requires {
					c.Unresolved = append(c.Unresolved, fmt.Sprintf("it names %q in %s, which matches no Service in the inputs", a.host, rf.where))
				}
			}
			continue
		}
		if selfSelected(m.selectedBy[o], svc) {
			continue // a workload that names its own Service (a peer list, its own URL)
		}
		u := rf.use
		if u == useDefault && m.sink[svc] {
			u = useSoft // a Service in front of a telemetry sink, whatever the variable's name
		}
		if sts, k := m.podOf(svc, pod); sts != nil {
			m.podAddrs = append(m.podAddrs, podAddr{sts: sts, svc: svc, ordinal: k, kind: u.kind(kind), rng: a.rng})
			continue
		}
		m.edge(o.id(), svc.id(), u.kind(kind), a.rng)
	}
}

func selfSelected(svcs []*object, s *object) bool {
	for _, x := range svcs {
		if x == s {
			return true
		}
	}
	return false
}

// IgnoreAnnotation suppresses findings about the annotated object:
// "RULE[,RULE...] reason", one ignore per line. The reason is required; the
// configuration package checks both and applies them.
const IgnoreAnnotation = "faultline.dev/ignore"

// ignores returns the object's ignore annotations, at the annotation's value.
func ignores(o *object) []graph.Ignore {
	var out []graph.Ignore
	at := o.rng
	if o.ignoreRng != nil {
		at = *o.ignoreRng
	}
	for _, line := range strings.Split(o.annotations[IgnoreAnnotation], "\n") {
		rule, reason, _ := strings.Cut(strings.TrimSpace(line), " ")
		if rule != "" {
			out = append(out, graph.Ignore{Rule: rule, Reason: strings.TrimSpace(reason), Range: at})
		}
	}
	return out
}

// minioWriteQuorum returns the pods a distributed MinIO StatefulSet needs up
// to accept writes. Started as "minio server http://minio-{0...3}.…/data"
// (one drive per pod; Bitnami's image reads the same from
// MINIO_DISTRIBUTED_NODES), its N pods' drives form erasure sets of up to 16
// drives (N itself up to 16, else the largest divisor of N up to 16); a set of
// s drives keeps parity p of them (MINIO_STORAGE_CLASS_STANDARD "EC:p", by
// default 1 for 2-3 drives, 2 for 4-5, 3 for 6-7, 4 from 8) and accepts
// writes with s-p drives up, one more when s-p equals p. The pods lost may all
// hold drives of one set, so the workload needs all but the s minus that
// write quorum of a set: 3 of 4 pods, 5 of 8, 12 of 16. ok is false for
// anything else (one drive per pod is not certain: a path with its own
// {a...b} names several drives per pod, left as it was).
func minioWriteQuorum(o *object, pods int) (int, bool) {
	if o.kind != "StatefulSet" || pods < 2 || !anyIn(o.workload.mainImage(), "minio") {
		return 0, false
	}
	c := o.workload.mainContainer()
	if c == nil {
		return 0, false
	}
	// The endpoints: the server's http(s) arguments, or Bitnami's image's
	// MINIO_DISTRIBUTED_NODES (the same without a scheme, comma-separated).
	var endpoints []string
	for _, w := range strings.Fields(c.cmdline) {
		if rest, ok := strings.CutPrefix(w, "http://"); ok {
			endpoints = append(endpoints, rest)
		} else if rest, ok := strings.CutPrefix(w, "https://"); ok {
			endpoints = append(endpoints, rest)
		}
	}
	if v := o.workload.envVars["MINIO_DISTRIBUTED_NODES"]; v != "" {
		endpoints = append(endpoints, strings.Split(v, ",")...)
	}
	distributed := false
	for _, e := range endpoints {
		e = strings.TrimSpace(e)
		if strings.Count(e, "...") != 1 {
			return 0, false // several drives per pod, or an endpoint list faultline does not expand
		}
		host, _, _ := strings.Cut(e, "/")
		if !strings.Contains(host, "...") {
			return 0, false // the ellipsis is in the path: drives, not pods
		}
		distributed = true
	}
	if !distributed {
		return 0, false
	}
	set := pods
	if set > 16 {
		for set = 16; set > 1 && pods%set != 0; set-- {
		}
	}
	parity := 4
	switch {
	case set <= 1:
		return 0, false
	case set <= 3:
		parity = 1
	case set <= 5:
		parity = 2
	case set <= 7:
		parity = 3
	}
	if v, ok := o.workload.envVars["MINIO_STORAGE_CLASS_STANDARD"]; ok {
		if n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(v), "EC:")); err == nil && n >= 0 && n <= set/2 {
			parity = n
		}
	}
	write := set - parity
	if write == parity {
		write++
	}
	return pods - (set - write), true
}
