package kubernetes

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/graph"
)

// Operators. The custom resources of the common operators are workloads: the
// operator turns each into a StatefulSet (or pods) with a number of replicas,
// Services of known names, and pods with known labels. faultline reads them as
// workloads from this knowledge base; docs/kubernetes-operators.md is
// generated from it (go test ./parser/kubernetes -update).

// operatorKind is what faultline knows of one custom resource kind.
type operatorKind struct {
	Group string // the apiVersion's group
	Kind  string
	What  string // the component kind: database, queue, cache, service, …
	// Replicas are the paths of the counts that add up to the instances;
	// "a.b[].c" sums c over the list a.b; "a*b" multiplies two paths.
	Replicas []string
	Default  int // the count when no path is set
	// Quorum is set when a majority of the instances must be up.
	Quorum bool
	// Labels are the labels the operator puts on the pods ({name}: the
	// resource's name); spec.podMetadata.labels are added to them.
	Labels []string
	// Services are the Services the operator creates ({name}: the resource's
	// name): an address that names one reaches the resource.
	Services []string
	// PoolOf names the kind whose count a resource of this kind adds to, by
	// the label that names it (Strimzi's KafkaNodePool); it is no component.
	PoolOf, PoolLabel string
	// Requires is the path of the name of the resource it requires, of kind
	// RequiresKind in the same group and namespace (a CloudNativePG Pooler's
	// spec.cluster.name): a requires edge to it.
	Requires, RequiresKind string
	// CNPGAffinity: spec.affinity is CloudNativePG's AffinityConfiguration
	// (enablePodAntiAffinity, podAntiAffinityType, topologyKey), and
	// spec.topologySpreadConstraints the pods' own.
	CNPGAffinity bool
	Note         string // what the model rests on
}

// operatorKinds is the knowledge base, sorted by group and kind.
var operatorKinds = []operatorKind{
	{Group: "acid.zalan.do", Kind: "postgresql", What: "database", Replicas: []string{"spec.numberOfInstances"}, Default: 1,
		Labels: []string{"cluster-name={name}", "application=spilo"}, Services: []string{"{name}", "{name}-repl"},
		Note: "Zalando Postgres: one primary and streaming replicas; Patroni fails over, so one instance up serves"},
	{Group: "cert-manager.io", Kind: "Certificate", What: "certificate",
		Note: "not a workload: the kubernetes.io/tls Secret it names (spec.secretName) is renewed automatically"},
	{Group: "databases.spotahome.com", Kind: "RedisFailover", What: "cache", Replicas: []string{"spec.redis.replicas"}, Default: 3,
		Labels: []string{"app.kubernetes.io/name={name}"}, Services: []string{"rfrm-{name}", "rfrs-{name}", "rfs-{name}"},
		Note: "Redis with Sentinel (spotahome): the Sentinels' majority fails over to a replica, so one Redis up serves"},
	{Group: "elasticsearch.k8s.elastic.co", Kind: "Elasticsearch", What: "database", Replicas: []string{"spec.nodeSets[].count"}, Quorum: true,
		Labels: []string{"elasticsearch.k8s.elastic.co/cluster-name={name}"}, Services: []string{"{name}-es-http", "{name}-es-internal-http", "{name}-es-transport"},
		Note: "Elastic ECK: more than half of the master-eligible nodes must be up (all nodes are counted as master-eligible)"},
	{Group: "kafka.strimzi.io", Kind: "Kafka", What: "queue", Replicas: []string{"spec.kafka.replicas"}, Quorum: true,
		Labels: []string{"strimzi.io/cluster={name}"}, Services: []string{"{name}-kafka-bootstrap", "{name}-kafka-brokers"},
		Note: "Strimzi: the KRaft controllers (or ZooKeeper) need a majority; the replicas of the KafkaNodePools labelled strimzi.io/cluster add up"},
	{Group: "kafka.strimzi.io", Kind: "KafkaNodePool", Replicas: []string{"spec.replicas"}, PoolOf: "Kafka", PoolLabel: "strimzi.io/cluster",
		Note: "adds its replicas to the Kafka its strimzi.io/cluster label names"},
	{Group: "mongodbcommunity.mongodb.com", Kind: "MongoDBCommunity", What: "database", Replicas: []string{"spec.members"}, Default: 1, Quorum: true,
		Labels: []string{"app={name}-svc"}, Services: []string{"{name}-svc"},
		Note: "MongoDB replica set: an election needs a majority of the voting members"},
	{Group: "monitoring.coreos.com", Kind: "Alertmanager", What: "service", Replicas: []string{"spec.replicas"}, Default: 1,
		Labels: []string{"app.kubernetes.io/name=alertmanager", "app.kubernetes.io/instance={name}", "alertmanager={name}"},
		Note:   "a gossip mesh that fails open: one instance up sends the alerts"},
	{Group: "monitoring.coreos.com", Kind: "Prometheus", What: "service", Replicas: []string{"spec.replicas*spec.shards"}, Default: 1,
		Labels: []string{"app.kubernetes.io/name=prometheus", "app.kubernetes.io/instance={name}", "prometheus={name}", "operator.prometheus.io/name={name}"},
		Note:   "replicas scrape independently (spec.replicas per shard, times spec.shards): one instance up serves; it watches (monitors edges) what the ServiceMonitors and PodMonitors it selects select"},
	{Group: "postgres-operator.crunchydata.com", Kind: "PostgresCluster", What: "database", Replicas: []string{"spec.instances[].replicas"}, Default: 1,
		Labels: []string{"postgres-operator.crunchydata.com/cluster={name}"}, Services: []string{"{name}-primary", "{name}-replicas", "{name}-pgbouncer"},
		Note: "Crunchy PGO: one primary and replicas (each instance set's replicas, 1 by default); Patroni fails over"},
	{Group: "postgresql.cnpg.io", Kind: "Cluster", What: "database", Replicas: []string{"spec.instances"}, Default: 1, CNPGAffinity: true,
		Labels: []string{"cnpg.io/cluster={name}"}, Services: []string{"{name}-rw", "{name}-ro", "{name}-r"},
		Note: "CloudNativePG: one primary and hot standbys; the operator fails over, so one instance up serves; spec.affinity with podAntiAffinityType: required spreads the instances over its topologyKey (kubernetes.io/hostname by default), the default (preferred) guarantees nothing"},
	{Group: "postgresql.cnpg.io", Kind: "Pooler", What: "service", Replicas: []string{"spec.instances"}, Default: 1,
		Labels: []string{"cnpg.io/poolerName={name}"}, Services: []string{"{name}"}, Requires: "spec.cluster.name", RequiresKind: "Cluster",
		Note: "CloudNativePG: a Deployment of PgBouncer (spec.instances, 1 by default) in front of the Cluster spec.cluster.name names, which it requires"},
	{Group: "postgresql.k8s.enterprisedb.io", Kind: "Cluster", What: "database", Replicas: []string{"spec.instances"}, Default: 1, CNPGAffinity: true,
		Labels: []string{"k8s.enterprisedb.io/cluster={name}"}, Services: []string{"{name}-rw", "{name}-ro", "{name}-r"},
		Note: "EDB Postgres for Kubernetes (CloudNativePG's API under EDB's group): one primary and hot standbys; one instance up serves; spec.affinity read as CloudNativePG's"},
	{Group: "postgresql.k8s.enterprisedb.io", Kind: "Pooler", What: "service", Replicas: []string{"spec.instances"}, Default: 1,
		Labels: []string{"k8s.enterprisedb.io/poolerName={name}"}, Services: []string{"{name}"}, Requires: "spec.cluster.name", RequiresKind: "Cluster",
		Note: "EDB Postgres for Kubernetes: PgBouncer in front of the Cluster spec.cluster.name names, which it requires"},
	{Group: "pxc.percona.com", Kind: "PerconaXtraDBCluster", What: "database", Replicas: []string{"spec.pxc.size"}, Default: 3, Quorum: true,
		Labels: []string{"app.kubernetes.io/instance={name}"}, Services: []string{"{name}-pxc", "{name}-haproxy", "{name}-proxysql"},
		Note: "Galera: a majority of the nodes must be up"},
	{Group: "rabbitmq.com", Kind: "RabbitmqCluster", What: "queue", Replicas: []string{"spec.replicas"}, Default: 1, Quorum: true,
		Labels: []string{"app.kubernetes.io/name={name}"}, Services: []string{"{name}", "{name}-nodes"},
		Note: "quorum queues need a majority of their members"},
	{Group: "redis.redis.opstreelabs.in", Kind: "RedisCluster", What: "cache", Replicas: []string{"spec.clusterSize"}, Quorum: true,
		Labels: []string{"app={name}-leader"}, Services: []string{"{name}-leader", "{name}-follower", "{name}-master"},
		Note: "Redis Cluster (OT-CONTAINER-KIT): the leaders (spec.clusterSize) need a majority"},
	{Group: "redis.redis.opstreelabs.in", Kind: "RedisReplication", What: "cache", Replicas: []string{"spec.clusterSize"},
		Labels: []string{"app={name}"}, Services: []string{"{name}", "{name}-master", "{name}-replica"},
		Note: "a master and replicas; a Sentinel fails over, so one instance up serves"},
	{Group: "redis.redis.opstreelabs.in", Kind: "RedisSentinel", What: "coordination", Replicas: []string{"spec.clusterSize"}, Default: 3, Quorum: true,
		Labels: []string{"app={name}-sentinel"}, Services: []string{"{name}-sentinel"},
		Note: "failover needs a majority of the Sentinels"},
}

// operatorOf returns the knowledge of a custom resource, or nil.
func operatorOf(apiVersion, kind string) *operatorKind {
	group, _, _ := strings.Cut(apiVersion, "/")
	for i := range operatorKinds {
		if k := &operatorKinds[i]; k.Group == group && k.Kind == kind {
			return k
		}
	}
	return nil
}

// operator reads a custom resource of a known operator as a workload.
func (r *reader) operator(o *object, doc *yaml.Node, k *operatorKind) {
	o.operator = k
	w := &workload{replicas: k.Default}
	o.workload = w
	count, set := 0, false
	for _, p := range k.Replicas {
		if v, ok := countAt(doc, p); ok {
			count, set = count+v, true
		}
	}
	if set {
		w.replicas, w.replicasSet = count, true
		if w.replicas > maxReplicas {
			w.replicas = maxReplicas
		}
	}
	w.replicasRng = o.rng
	if k.Default == 0 && !set && k.PoolOf == "" {
		w.replicas = 1
	}
	w.podLabels = map[string]string{}
	for _, l := range k.Labels {
		key, v, _ := strings.Cut(l, "=")
		w.podLabels[key] = strings.ReplaceAll(v, "{name}", o.name)
	}
	for key, v := range stringMap(at(doc, "spec", "podMetadata", "labels")) {
		w.podLabels[key] = v
	}
	if img, ok := str(at(doc, "spec", "image")); ok {
		w.images = []string{img}
	}
	w.envVars = map[string]string{}
	if k.CNPGAffinity {
		w.placement = r.cnpgPlacement(field(doc, "spec"))
	}
	if k.Requires != "" {
		if n := at(doc, strings.Split(k.Requires, ".")...); n != nil {
			if name, ok := str(n); ok && name != "" {
				o.requires, o.requiresRng = name, r.rng(n)
			}
		}
	}
	if k.Group == "monitoring.coreos.com" && k.Kind == "Prometheus" {
		r.readMonitorSelectors(o, doc)
	}
}

// cnpgPlacement reads the scheduling rules of a CloudNativePG Cluster: its
// topologySpreadConstraints and node affinity have the pod spec's schema
// (placement), and its own anti-affinity spreads the instances over
// topologyKey (kubernetes.io/hostname by default) as a required rule when
// podAntiAffinityType is "required", as a preference otherwise (the default,
// "preferred"), and not at all when enablePodAntiAffinity is false.
func (r *reader) cnpgPlacement(spec *yaml.Node) placementRules {
	p := r.placement(spec, nil)
	aff := field(spec, "affinity")
	if on, ok := str(field(aff, "enablePodAntiAffinity")); ok && on == "false" {
		return p
	}
	keyNode := field(aff, "topologyKey")
	typ := hostDomain
	if k, ok := str(keyNode); ok && k != "" {
		typ = domainOfKey(k)
	}
	if typ == "" {
		return p
	}
	if kind, _ := str(field(aff, "podAntiAffinityType")); kind == "required" {
		if !p.spread[typ] {
			where := keyNode
			if where == nil {
				where = field(aff, "podAntiAffinityType")
			}
			p.spread[typ], p.spreadRng[typ] = true, r.rng(where)
		}
	} else {
		p.soft[typ] = true
	}
	return p
}

// countAt reads a count at path in doc: "a.b" a number; "a.b[].c" the sum of
// c over the list a.b; "x*y" the product of two paths (each 1 when absent).
func countAt(doc *yaml.Node, path string) (int, bool) {
	if l, rgt, ok := strings.Cut(path, "*"); ok {
		a, okA := countAt(doc, l)
		b, okB := countAt(doc, rgt)
		if !okA && !okB {
			return 0, false
		}
		if !okA {
			a = 1
		}
		if !okB {
			b = 1
		}
		return a * b, true
	}
	if list, rest, ok := strings.Cut(path, "[]."); ok {
		total, any := 0, false
		for _, it := range items(at(doc, strings.Split(list, ".")...)) {
			if v, ok := countAt(it, rest); ok {
				total, any = total+v, true
			}
		}
		return total, any
	}
	v, ok := intOf(at(doc, strings.Split(path, ".")...))
	return v, ok && v >= 0
}

// operatorServices returns the names of the Services the operator creates for o.
func operatorServices(o *object) []string {
	var out []string
	for _, s := range o.operator.Services {
		out = append(out, strings.ReplaceAll(s, "{name}", o.name))
	}
	return out
}

// pools adds the replicas of pool resources (Strimzi KafkaNodePool) to the
// resource they belong to.
func (m *model) pools(objs []*object) {
	for _, o := range objs {
		if o.operator == nil || o.operator.PoolOf == "" {
			continue
		}
		owner := m.byKindKey[o.operator.PoolOf+"/"+key(o.namespace, o.labels[o.operator.PoolLabel])]
		if owner == nil || owner.workload == nil {
			continue
		}
		ow := owner.workload
		if !ow.pooled {
			ow.replicas, ow.pooled = 0, true
		}
		ow.replicas = min(ow.replicas+o.workload.replicas, maxReplicas)
		ow.replicasSet = true
	}
}

// operatorRequires adds the requires edge of each resource whose kind names
// the resource it requires (Requires), when that resource is in the inputs.
func (m *model) operatorRequires() {
	for _, o := range m.workloads {
		if o.operator == nil || o.requires == "" {
			continue
		}
		to := m.byKindKey[o.operator.RequiresKind+"/"+key(o.namespace, o.requires)]
		if to == nil || to.operator == nil || to.operator.Group != o.operator.Group || !m.added[to.id()] || !m.added[o.id()] {
			continue
		}
		m.edge(o.id(), to.id(), graph.Requires, o.requiresRng)
	}
}

// OperatorsMarkdown renders the knowledge base as docs/kubernetes-operators.md.
func OperatorsMarkdown() []byte {
	var b strings.Builder
	b.WriteString("# Kubernetes operator resources\n\n")
	b.WriteString("Generated from faultline's knowledge base (parser/kubernetes/operators.go) by `go test ./parser/kubernetes -update`; do not edit.\n\n")
	fmt.Fprintf(&b, "%d custom resource kinds. faultline reads a custom resource of these kinds as a workload: its instances are the sum of the *replicas* fields (the default when none is set); *quorum* means a majority of them must be up, else one up serves; its pods carry the *pod labels* (and `spec.podMetadata.labels`), so that a Service in the inputs that selects them requires it; an address that names one of the *Services* the operator creates reaches it, and a resource whose Services nothing in the inputs names is an entrypoint, like an unused ClusterIP Service. Placement is unknown unless the manifests say more. The objects of other kinds that faultline does not model are counted in one warning.\n\n", len(operatorKinds))
	b.WriteString("| apiVersion group | kind | component kind | replicas | default | quorum | pod labels | Services | model |\n|---|---|---|---|---|---|---|---|---|\n")
	ks := append([]operatorKind(nil), operatorKinds...)
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].Group != ks[j].Group {
			return ks[i].Group < ks[j].Group
		}
		return ks[i].Kind < ks[j].Kind
	})
	code := func(xs []string) string {
		var out []string
		for _, x := range xs {
			out = append(out, "`"+x+"`")
		}
		return strings.Join(out, ", ")
	}
	for _, k := range ks {
		def, q := "", ""
		if k.Default > 0 {
			def = strconv.Itoa(k.Default)
		}
		if k.Quorum {
			q = "majority"
		}
		what := k.What
		if k.PoolOf != "" {
			what = "(adds to " + k.PoolOf + ")"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s | %s | %s | %s | %s | %s |\n", k.Group, k.Kind, what, code(k.Replicas), def, q, code(k.Labels), code(k.Services), k.Note)
	}
	return []byte(b.String())
}

// scrapeMonitor is a prometheus-operator ServiceMonitor (it selects Services by
// their labels) or PodMonitor (pods, by their labels), in the namespaces its
// namespaceSelector names (its own by default).
type scrapeMonitor struct {
	pods       bool
	selector   *labelSelector
	anyNS      bool
	namespaces []string
	rng        graph.Range
	// endpoints are the ports a ServiceMonitor scrapes: each endpoint's port
	// (a Service port's name) or targetPort (the pods' port); an endpoint
	// that names neither scrapes every port.
	endpoints []monitorEndpoint
}

type monitorEndpoint struct {
	port, targetPort string
}

// scrapes reports whether the monitor's endpoints scrape Service port p.
func (sm *scrapeMonitor) scrapes(p servicePort) bool {
	for _, e := range sm.endpoints {
		switch {
		case e.port == "" && e.targetPort == "":
			return true
		case e.port != "" && e.port == p.name:
			return true
		case e.port == "" && e.targetPort == p.target:
			return true
		}
	}
	return false
}

// monitorSelectors are a Prometheus's serviceMonitorSelector and
// podMonitorSelector (nil: none is selected; empty: all), and their namespace
// selectors (nil: the Prometheus's own namespace; set: read as all namespaces
// whose labels the manifests do not show).
type monitorSelectors struct {
	services, pods     *labelSelector
	servicesNS, podsNS bool // a namespace selector is set
}

func (r *reader) scrapeMonitor(o *object, doc *yaml.Node) {
	spec := field(doc, "spec")
	sm := &scrapeMonitor{pods: o.kind == "PodMonitor", selector: r.selector(field(spec, "selector"), true), rng: o.rng}
	if sm.selector != nil {
		sm.rng = sm.selector.rng
	}
	ns := field(spec, "namespaceSelector")
	if b, ok := str(field(ns, "any")); ok && b == "true" {
		sm.anyNS = true
	}
	for _, n := range items(field(ns, "matchNames")) {
		if s, ok := str(n); ok {
			sm.namespaces = append(sm.namespaces, s)
		}
	}
	if !sm.pods {
		for _, e := range items(field(spec, "endpoints")) {
			var me monitorEndpoint
			me.port, _ = str(field(e, "port"))
			me.targetPort, _ = str(field(e, "targetPort"))
			sm.endpoints = append(sm.endpoints, me)
		}
	}
	o.monitor = sm
}

// readMonitorSelectors reads a Prometheus resource's monitor selectors.
func (r *reader) readMonitorSelectors(o *object, doc *yaml.Node) {
	spec := field(doc, "spec")
	o.monitorSel = &monitorSelectors{
		services:   r.selector(field(spec, "serviceMonitorSelector"), true),
		pods:       r.selector(field(spec, "podMonitorSelector"), true),
		servicesNS: deref(field(spec, "serviceMonitorNamespaceSelector")) != nil,
		podsNS:     deref(field(spec, "podMonitorNamespaceSelector")) != nil,
	}
}

// inNamespace reports whether the monitor watches namespace ns.
func (sm *scrapeMonitor) inNamespace(own, ns string) bool {
	if sm.anyNS {
		return true
	}
	if len(sm.namespaces) == 0 {
		return ns == own
	}
	for _, n := range sm.namespaces {
		if n == ns {
			return true
		}
	}
	return false
}

// scrapes adds a monitors edge from each Prometheus resource to the Services
// and workloads that the ServiceMonitors and PodMonitors it selects select: a
// scraper watches its targets and does not depend on them.
func (m *model) scrapes(objs []*object) {
	var monitors []*object
	for _, o := range objs {
		if o.monitor != nil {
			monitors = append(monitors, o)
		}
	}
	if len(monitors) == 0 {
		return
	}
	for _, p := range objs {
		if p.monitorSel == nil || m.byID[p.id()] == nil {
			continue
		}
		for _, mo := range monitors {
			sel, nsSet := p.monitorSel.services, p.monitorSel.servicesNS
			if mo.monitor.pods {
				sel, nsSet = p.monitorSel.pods, p.monitorSel.podsNS
			}
			if !sel.matches(mo.labels) || !nsSet && mo.namespace != p.namespace {
				continue
			}
			sm := mo.monitor
			if sm.pods {
				for _, w := range m.workloads {
					if m.byID[w.id()] != nil && sm.inNamespace(mo.namespace, w.namespace) && sm.selector.matches(w.workload.podLabels) {
						m.edge(p.id(), w.id(), graph.Monitors, sm.rng)
					}
				}
				continue
			}
			for _, s := range objs {
				if s.service != nil && m.byID[s.id()] != nil && sm.inNamespace(mo.namespace, s.namespace) && sm.selector.matches(s.labels) {
					m.edge(p.id(), s.id(), graph.Monitors, sm.rng)
				}
			}
		}
	}
}
