package kubernetes

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/graph"
)

// object is what faultline keeps of one Kubernetes object: the fields that make
// components, edges and placement, each with its range. The yaml tree itself is
// dropped once the object is read, so that memory follows the objects, not the
// size of their manifests.
type object struct {
	kind, apiVersion string
	name, namespace  string
	rng              graph.Range // metadata.name, else the document's first line
	labels           map[string]string
	annotations      map[string]string
	ignoreRng        *graph.Range // the faultline.dev/ignore annotation's value, when present

	workload *workload
	service  *service
	config   *configData // ConfigMap and Secret
	pvc      *pvc
	routes   []backendRef // Ingress and Gateway API routes: the Services they route to
	hpa      *hpa
	pdb      *pdb
	vs       *virtualService
	dr       *destinationRule
	cert     *certificate
	operator *operatorKind // a custom resource of a known operator (also a workload)
	// requires names the resource of operator.RequiresKind it requires, at
	// requiresRng (a CloudNativePG Pooler's spec.cluster.name).
	requires    string
	requiresRng graph.Range
	monitor     *scrapeMonitor // a ServiceMonitor or PodMonitor
	// monitorSel are a Prometheus's selectors of ServiceMonitors and
	// PodMonitors and of their namespaces (prometheus-operator).
	monitorSel *monitorSelectors
	seq        int // the order in which objects were read, for stable output
}

// id is the component ID of the object: k8s/KIND/NAMESPACE/NAME.
func (o *object) id() string { return "k8s/" + o.kind + "/" + o.namespace + "/" + o.name }

// ref is a string value that may name a Service: an env value, an argument, a
// ConfigMap entry, with where it was found.
type ref struct {
	value string
	where string // "env CART_SERVICE_ADDR", "args", "ConfigMap shop/cfg key DB_URL"
	init  bool   // from an init container: needed to start, not to run
	ctr   int    // the index of its container in workload.containers; -1 for none
	key   string // the ConfigMap or Secret key that holds it
	use   use    // telemetry (soft) or a scrape target (monitors); else requires
	addrs []addrRef
}

// addrRef is one address in a ref, at its own range.
type addrRef struct {
	address
	rng graph.Range
}

// mkRef reads the addresses in value, the (possibly expanded) value of scalar n.
// hint says the variable's name holds an address, so a bare word counts.
func (r *reader) mkRef(value, where string, n *yaml.Node, init, hint bool) (ref, bool) {
	as := addresses(value, hint)
	if len(as) == 0 {
		return ref{}, false
	}
	rf := ref{value: value, where: where, init: init, ctr: -1, addrs: make([]addrRef, len(as))}
	for i, a := range as {
		rf.addrs[i] = addrRef{address: a}
	}
	narrowAll(r.s, r.rng(n), value, rf.addrs)
	return rf, true
}

// nameRef names another object (a ConfigMap, a Secret, a PVC) at a range.
type nameRef struct {
	name string
	rng  graph.Range
	// bootstrap is true for what is needed only to start a pod (configuration);
	// false for what it needs while it runs (its volume).
	optional bool
	key      string // configMapKeyRef/secretKeyRef: the key read, "" for all keys
	envFrom  bool   // imported whole as environment variables
}

type workload struct {
	replicas      int
	replicasSet   bool
	replicasRng   graph.Range
	selector      *labelSelector
	podLabels     map[string]string
	refs          []ref
	envVars       map[string]string // literal env values, for $(VAR) expansion
	configMaps    []nameRef
	secrets       []nameRef
	claims        []nameRef
	claimTemplate []claimTemplate
	images        []string // the containers' images, in order
	initImages    []string // the init containers'
	containers    []container
	links         []linkValue // values that name Service variables (servicelinks.go)
	serviceLinks  bool        // the pod gets its namespace's Service variables (enableServiceLinks)
	main          int         // the index of the main container in containers (mainContainer), -1 for none

	pooled      bool   // its replicas are the sum of pool resources'
	sentinel    bool   // a container runs Redis Sentinel
	serviceName string // StatefulSet
	placement   placementRules
	sched       *scheduling // the node rules, for the binding across layers
	hpa, pdb    *object
	emptyDir    bool
	hostPath    bool
}

// container is one container of a pod template.
type container struct {
	name, image string
	// cmdline is the container's command and args, joined by spaces (what
	// a server is started with: MinIO's drives).
	cmdline string
	ports   []containerPort
	init    bool // an init container
	sidecar bool // a native sidecar: an init container with restartPolicy Always, which runs beside the others
}

type containerPort struct {
	name string
	port int
}

type claimTemplate struct {
	name        string
	accessModes []string
	rng         graph.Range
}

type labelSelector struct {
	matchLabels map[string]string
	exprs       []selectorExpr
	rng         graph.Range
}

type selectorExpr struct {
	key, op string
	values  []string
}

type service struct {
	selector     map[string]string
	selectorRng  graph.Range
	typ          string
	headless     bool
	externalName string
	externalRng  graph.Range
	ports        []servicePort
}

// servicePort is a port of a Service: its name, number and protocol, and
// the pods' port it sends to (targetPort: a number or a container port's
// name; the port's number when unset).
type servicePort struct {
	name, target, protocol string
	port                   int
}

type configData struct {
	isSecret bool
	typ      string
	values   []ref
	tlsCrt   string // kubernetes.io/tls: the base64 of tls.crt
	tlsRng   graph.Range
}

type pvc struct {
	accessModes  []string
	storageClass string
}

type backendRef struct {
	service string
	rng     graph.Range
	vs      *vsRoute // the gateway-bound VirtualService route it comes from, if any
}

type hpa struct {
	targetKind, targetName string
	minReplicas            int
	rng                    graph.Range
}

type pdb struct {
	selector       *labelSelector
	minAvailable   string
	maxUnavailable string
	rng            graph.Range
}

type virtualService struct {
	hosts    []string
	gateways []string
	routes   []vsRoute
}

type vsRoute struct {
	hosts      []string // destination hosts
	subsets    []string
	timeout    time.Duration
	hasTimeout bool
	retries    int
	hasRetries bool
	rng        graph.Range
}

type destinationRule struct {
	host          string
	outlierDetect bool
	subsets       map[string]map[string]string
	rng           graph.Range
}

type certificate struct {
	secretName string
}

// reader reads the objects of one document.
type reader struct {
	s       *source
	lineOff int // the document's first line - 1
	objs    []*object
	diags   []diag
	// expansionLeft is what $(VAR) expansion may still add to the values of
	// the document (expansionFactor times its size); expansionSpent is set
	// once an expansion passed it.
	expansionLeft  int
	expansionSpent bool
}

// diag is a diagnostic found while reading; they become hcl diagnostics in order.
type diag struct {
	warning         bool
	summary, detail string
	rng             graph.Range
}

func (r *reader) rng(n *yaml.Node) graph.Range { return r.s.rng(n, r.lineOff) }

func (r *reader) errorf(n *yaml.Node, summary, detail string) {
	r.diags = append(r.diags, diag{summary: summary, detail: detail, rng: r.rng(n)})
}

func (r *reader) warnf(n *yaml.Node, summary, detail string) {
	r.diags = append(r.diags, diag{warning: true, summary: summary, detail: detail, rng: r.rng(n)})
}

// podSpecPath returns the pod spec and the pod template's metadata of a workload kind.
func podSpecOf(kind string, doc *yaml.Node) (spec, meta *yaml.Node) {
	switch kind {
	case "Pod":
		return field(doc, "spec"), field(doc, "metadata")
	case "CronJob":
		t := at(doc, "spec", "jobTemplate", "spec", "template")
		return field(t, "spec"), field(t, "metadata")
	default:
		t := at(doc, "spec", "template")
		return field(t, "spec"), field(t, "metadata")
	}
}

var workloadKinds = map[string]bool{
	"Deployment": true, "StatefulSet": true, "DaemonSet": true, "ReplicaSet": true,
	"Pod": true, "Job": true, "CronJob": true, "ReplicationController": true,
	"DeploymentConfig": true, "Rollout": true,
}

func (r *reader) workload(o *object, doc *yaml.Node) {
	w := &workload{replicas: 1}
	o.workload = w
	spec := field(doc, "spec")
	if n := field(spec, "replicas"); n != nil && o.kind != "Pod" && o.kind != "DaemonSet" {
		if v, ok := intOf(n); ok && v >= 0 {
			w.replicas, w.replicasSet, w.replicasRng = v, true, r.rng(n)
			if v > maxReplicas {
				r.errorf(n, "Too many replicas", fmt.Sprintf("spec.replicas is %d; faultline models at most %d instances of a workload (each is a vertex of the failure engine), and reads it as %d.", v, maxReplicas, maxReplicas))
				w.replicas = maxReplicas
			}
		} else if n.Tag != "!!null" {
			// A negative number, a fraction, a list or a map: the API server
			// rejects it, and reading it as 1 would be a wrong answer without a word.
			r.errorf(n, "Invalid replicas", "spec.replicas must be a whole number of at least 0; faultline reads it as 1.")
		}
	}
	if o.kind == "Job" || o.kind == "CronJob" {
		w.replicas = 1
	}
	if o.kind != "Pod" {
		w.selector = r.selector(field(spec, "selector"), o.kind != "ReplicationController")
	}
	podSpec, meta := podSpecOf(o.kind, doc)
	w.podLabels = stringMap(field(meta, "labels"))
	if o.kind == "Pod" {
		w.podLabels = o.labels
	}
	if s, ok := str(field(spec, "serviceName")); ok && o.kind == "StatefulSet" {
		w.serviceName = s
	}
	for _, t := range items(field(spec, "volumeClaimTemplates")) {
		ct := claimTemplate{rng: r.rng(t)}
		ct.name, _ = str(at(t, "metadata", "name"))
		for _, m := range items(at(t, "spec", "accessModes")) {
			if s, ok := str(m); ok {
				ct.accessModes = append(ct.accessModes, s)
			}
		}
		w.claimTemplate = append(w.claimTemplate, ct)
	}
	r.podSpec(o, w, podSpec)
}

// podSpec reads containers, volumes and scheduling rules.
func (r *reader) podSpec(o *object, w *workload, spec *yaml.Node) {
	w.envVars = map[string]string{}
	w.main = -1
	w.serviceLinks = true
	if b, ok := str(field(spec, "enableServiceLinks")); ok && b == "false" {
		w.serviceLinks = false
	}
	for _, group := range []string{"initContainers", "containers"} {
		for _, c := range items(field(spec, group)) {
			r.container(o, w, c, group == "initContainers")
		}
	}
	for _, v := range items(field(spec, "volumes")) {
		if cm := field(v, "configMap"); cm != nil {
			w.configMaps = append(w.configMaps, r.nameRef(field(cm, "name"), cm))
		}
		if sec := field(v, "secret"); sec != nil {
			w.secrets = append(w.secrets, r.nameRef(field(sec, "secretName"), sec))
		}
		if pc := field(v, "persistentVolumeClaim"); pc != nil {
			w.claims = append(w.claims, r.nameRef(field(pc, "claimName"), pc))
		}
		for _, src := range items(at(v, "projected", "sources")) {
			if cm := field(src, "configMap"); cm != nil {
				w.configMaps = append(w.configMaps, r.nameRef(field(cm, "name"), cm))
			}
			if sec := field(src, "secret"); sec != nil {
				w.secrets = append(w.secrets, r.nameRef(field(sec, "name"), sec))
			}
		}
		if field(v, "emptyDir") != nil {
			w.emptyDir = true
		}
		if field(v, "hostPath") != nil {
			w.hostPath = true
		}
	}
	w.placement = r.placement(spec, w.podLabels)
	w.sched = r.scheduling(spec)
}

func (r *reader) nameRef(name, parent *yaml.Node) nameRef {
	n := nameRef{rng: r.rng(parent)}
	if s, ok := str(name); ok {
		n.name, n.rng = s, r.rng(name)
	}
	if b, ok := str(field(parent, "optional")); ok && b == "true" {
		n.optional = true
	}
	return n
}

var addressHint = []string{"ADDR", "HOST", "URL", "URI", "SERVICE", "SERVER", "ENDPOINT", "DSN", "BROKER", "BOOTSTRAP", "UPSTREAM", "BACKEND", "CONNECTION", "_DB", "DATABASE"}

func hintsAddress(name string) bool {
	u := strings.ToUpper(name)
	for _, h := range addressHint {
		if strings.Contains(u, h) {
			return true
		}
	}
	return false
}

func (r *reader) container(o *object, w *workload, c *yaml.Node, init bool) {
	ct := container{init: init}
	ct.name, _ = str(field(c, "name"))
	ct.image, _ = str(field(c, "image"))
	if policy, _ := str(field(c, "restartPolicy")); init && policy == "Always" {
		// A native sidecar (Kubernetes 1.28+): started before the containers
		// and kept running beside them, for the pod's whole life.
		ct.sidecar, init = true, false
	}
	var words []string
	for _, k := range []string{"command", "args"} {
		for _, a := range items(field(c, k)) {
			if s, ok := str(a); ok {
				words = append(words, s)
			}
		}
	}
	ct.cmdline = strings.Join(words, " ")
	for _, p := range items(field(c, "ports")) {
		var cp containerPort
		cp.name, _ = str(field(p, "name"))
		cp.port, _ = intOf(field(p, "containerPort"))
		ct.ports = append(ct.ports, cp)
	}
	idx := len(w.containers)
	w.containers = append(w.containers, ct)
	refs, links := len(w.refs), len(w.links)
	defer func() {
		for i := refs; i < len(w.refs); i++ {
			w.refs[i].ctr = idx
		}
		for i := links; i < len(w.links); i++ {
			w.links[i].ctr = idx
		}
	}()
	if !ct.init {
		name, _ := str(field(c, "name"))
		img, _ := str(field(c, "image"))
		sentinel := strings.Contains(name, "sentinel") || strings.Contains(img, "sentinel")
		for _, key := range []string{"command", "args"} {
			for _, a := range items(field(c, key)) {
				if s, ok := str(a); ok && strings.Contains(s, "sentinel") {
					sentinel = true
				}
			}
		}
		w.sentinel = w.sentinel || sentinel && strings.Contains(strings.ToLower(img), "redis")
	}
	if img, ok := str(field(c, "image")); ok {
		if ct.init {
			w.initImages = append(w.initImages, img)
		} else {
			w.images = append(w.images, img)
		}
	}
	cname, _ := str(field(c, "name"))
	x := &expander{r: r, container: cname, vars: map[string]string{}, links: w.serviceLinks && !hasLinkMark(c), unknown: map[string]bool{}}
	pendingEnv := r.env(w, c, x)
	for _, e := range items(field(c, "envFrom")) {
		if cm := field(e, "configMapRef"); cm != nil {
			nr := r.nameRef(field(cm, "name"), cm)
			nr.envFrom = true
			w.configMaps = append(w.configMaps, nr)
		}
		if sec := field(e, "secretRef"); sec != nil {
			nr := r.nameRef(field(sec, "name"), sec)
			nr.envFrom = true
			w.secrets = append(w.secrets, nr)
		}
	}
	// command and args see the whole environment.
	for _, key := range []string{"command", "args"} {
		for i, a := range items(field(c, key)) {
			s, ok := str(a)
			if !ok {
				continue
			}
			out, ok := x.expand(s, fmt.Sprintf("%s[%d]", key, i), a)
			if !ok {
				continue
			}
			if strings.IndexByte(out, linkMark) >= 0 {
				w.links = append(w.links, linkValue{value: out, where: key, rng: r.rng(a), init: init, soft: telemetryName(s)})
				continue
			}
			if rf, ok := r.mkRef(out, key, a, init, false); ok {
				if telemetryName(s) {
					rf.use = useSoft
				}
				w.refs = append(w.refs, rf)
			}
		}
	}
	for _, p := range pendingEnv {
		if strings.IndexByte(p.value, linkMark) >= 0 {
			w.links = append(w.links, linkValue{value: p.value, where: "env " + p.name, rng: r.rng(p.n), init: init,
				hint: hintsAddress(p.name), soft: telemetryName(p.name)})
			continue
		}
		if rf, ok := r.mkRef(p.value, "env "+p.name, p.n, init, hintsAddress(p.name)); ok {
			if telemetryName(p.name) {
				rf.use = useSoft
			}
			w.refs = append(w.refs, rf)
		}
	}
}

// envValue is an env variable of a container with a literal value, expanded.
type envValue struct {
	name, value string
	n           *yaml.Node
}

// env reads a container's env list: the ConfigMaps and Secrets it names, and
// its literal values, each expanded with the variables declared before it
// (expand.go), in order. A value whose expansion is too large is left out
// (unknown); x.vars ends as the container's final environment, as far as the
// manifests say it.
func (r *reader) env(w *workload, c *yaml.Node, x *expander) []envValue {
	var out []envValue
	for _, e := range items(field(c, "env")) {
		name, _ := str(field(e, "name"))
		v := field(e, "value")
		s, isStr := str(v)
		vf := field(e, "valueFrom")
		switch {
		case isStr && s != "":
			w.envVars[name] = s
			if exp, ok := x.expand(s, "env "+name, v); ok {
				x.vars[name] = exp
				x.setUnknown(name, false)
				out = append(out, envValue{name, exp, v})
			} else {
				delete(x.vars, name) // unknown
				x.setUnknown(name, true)
			}
		case vf != nil:
			delete(x.vars, name) // its value is not in the manifests
			x.setUnknown(name, true)
		default:
			w.envVars[name] = s
			x.vars[name] = "" // declared empty
			x.setUnknown(name, false)
		}
		if vf != nil {
			if k := field(vf, "configMapKeyRef"); k != nil {
				nr := r.nameRef(field(k, "name"), k)
				nr.key, _ = str(field(k, "key"))
				w.configMaps = append(w.configMaps, nr)
			}
			if k := field(vf, "secretKeyRef"); k != nil {
				nr := r.nameRef(field(k, "name"), k)
				nr.key, _ = str(field(k, "key"))
				w.secrets = append(w.secrets, nr)
			}
		}
	}
	return out
}

// selector reads a label selector; set-based (matchLabels/matchExpressions) for
// apps/v1 kinds, a plain map for Services and ReplicationControllers.
func (r *reader) selector(n *yaml.Node, setBased bool) *labelSelector {
	if deref(n) == nil {
		return nil
	}
	sel := &labelSelector{rng: r.rng(n)}
	if !setBased {
		sel.matchLabels = stringMap(n)
		return sel
	}
	sel.matchLabels = stringMap(field(n, "matchLabels"))
	for _, e := range items(field(n, "matchExpressions")) {
		var x selectorExpr
		x.key, _ = str(field(e, "key"))
		x.op, _ = str(field(e, "operator"))
		for _, v := range items(field(e, "values")) {
			if s, ok := str(v); ok {
				x.values = append(x.values, s)
			}
		}
		sel.exprs = append(sel.exprs, x)
	}
	return sel
}

// matches reports whether labels satisfy the selector. An empty selector
// matches everything, as in Kubernetes; a nil one matches nothing.
func (s *labelSelector) matches(labels map[string]string) bool {
	if s == nil {
		return false
	}
	for k, v := range s.matchLabels {
		if lv, ok := labels[k]; !ok || lv != v {
			return false
		}
	}
	for _, x := range s.exprs {
		lv, has := labels[x.key]
		in := false
		for _, v := range x.values {
			if lv == v {
				in = true
			}
		}
		switch x.op {
		case "In":
			if !has || !in {
				return false
			}
		case "NotIn":
			if has && in {
				return false
			}
		case "Exists":
			if !has {
				return false
			}
		case "DoesNotExist":
			if has {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func (r *reader) service(o *object, doc *yaml.Node) {
	spec := field(doc, "spec")
	s := &service{}
	o.service = s
	if sel := field(spec, "selector"); sel != nil {
		s.selector = stringMap(sel)
		s.selectorRng = r.rng(sel)
	}
	s.typ, _ = str(field(spec, "type"))
	if ip, _ := str(field(spec, "clusterIP")); ip == "None" {
		s.headless = true
	}
	if n := field(spec, "externalName"); n != nil {
		s.externalName, _ = str(n)
		s.externalRng = r.rng(n)
	}
	for _, p := range items(field(spec, "ports")) {
		sp := servicePort{protocol: "TCP"}
		sp.name, _ = str(field(p, "name"))
		sp.port, _ = intOf(field(p, "port"))
		if proto, ok := str(field(p, "protocol")); ok && proto != "" {
			sp.protocol = strings.ToUpper(proto)
		}
		sp.target, _ = str(field(p, "targetPort"))
		if sp.target == "" {
			sp.target = strconv.Itoa(sp.port)
		}
		s.ports = append(s.ports, sp)
	}
}

func (r *reader) configData(o *object, doc *yaml.Node, isSecret bool) {
	c := &configData{isSecret: isSecret}
	o.config = c
	c.typ, _ = str(field(doc, "type"))
	what := "ConfigMap"
	if isSecret {
		what = "Secret"
	}
	for _, key := range []string{"data", "stringData"} {
		pairs(field(doc, key), func(k string, _, v *yaml.Node) {
			s, ok := str(v)
			if !ok {
				return
			}
			if isSecret && key == "data" {
				if k == "tls.crt" {
					c.tlsCrt, c.tlsRng = s, r.rng(v)
					return
				}
				// A connection string in a Secret (DATABASE_URL) names a Service too.
				dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
				if err != nil || len(dec) > 4096 || !utf8.Valid(dec) {
					return
				}
				c.values = append(c.values, r.configValue(string(dec), what+" "+o.name+" key "+k, k, v)...)
				return
			}
			if isSecret && k == "tls.crt" {
				c.tlsCrt, c.tlsRng = s, r.rng(v)
				return
			}
			c.values = append(c.values, r.configValue(s, what+" "+o.name+" key "+k, k, v)...)
		})
	}
}

// configValue reads the references in the value of key k of a ConfigMap or
// Secret: a scraper's or collector's configuration (see toolConfig), else the
// addresses in it, soft when the key names a telemetry destination.
func (r *reader) configValue(value, where, k string, v *yaml.Node) []ref {
	if refs, ok := r.toolConfig(value, where, v); ok {
		for i := range refs {
			refs[i].key = k
		}
		return refs
	}
	rf, ok := r.mkRef(value, where, v, false, hintsAddress(k))
	if !ok {
		return nil
	}
	rf.key = k
	if telemetryName(k) {
		rf.use = useSoft
	}
	return []ref{rf}
}

func (r *reader) pvc(o *object, doc *yaml.Node) {
	p := &pvc{}
	o.pvc = p
	spec := field(doc, "spec")
	for _, m := range items(field(spec, "accessModes")) {
		if s, ok := str(m); ok {
			p.accessModes = append(p.accessModes, s)
		}
	}
	p.storageClass, _ = str(field(spec, "storageClassName"))
}

func (r *reader) backend(n *yaml.Node) (backendRef, bool) {
	name := field(n, "name")
	s, ok := str(name)
	if !ok || s == "" {
		return backendRef{}, false
	}
	return backendRef{service: s, rng: r.rng(name)}, true
}

func (r *reader) ingress(o *object, doc *yaml.Node) {
	spec := field(doc, "spec")
	add := func(backend *yaml.Node) {
		if b, ok := r.backend(field(backend, "service")); ok {
			o.routes = append(o.routes, b)
		} else if b, ok := r.backend(backendV1beta1(backend)); ok {
			o.routes = append(o.routes, b)
		}
	}
	add(field(spec, "defaultBackend"))
	add(field(spec, "backend"))
	for _, rule := range items(field(spec, "rules")) {
		for _, p := range items(at(rule, "http", "paths")) {
			add(field(p, "backend"))
		}
	}
}

// backendV1beta1 adapts the old Ingress backend {serviceName, servicePort}.
func backendV1beta1(n *yaml.Node) *yaml.Node {
	name := field(n, "serviceName")
	if name == nil {
		return nil
	}
	return &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "name"}, name}}
}

func (r *reader) route(o *object, doc *yaml.Node) {
	for _, rule := range items(at(doc, "spec", "rules")) {
		for _, b := range items(field(rule, "backendRefs")) {
			if k, ok := str(field(b, "kind")); ok && k != "Service" {
				continue
			}
			if br, ok := r.backend(b); ok {
				o.routes = append(o.routes, br)
			}
		}
	}
}

func (r *reader) hpa(o *object, doc *yaml.Node) {
	spec := field(doc, "spec")
	h := &hpa{minReplicas: 1, rng: r.rng(field(spec, "scaleTargetRef"))}
	h.targetKind, _ = str(at(spec, "scaleTargetRef", "kind"))
	h.targetName, _ = str(at(spec, "scaleTargetRef", "name"))
	if n := field(spec, "minReplicas"); n != nil && n.Tag != "!!null" {
		v, ok := intOf(n)
		switch {
		case ok && v >= 1:
			h.minReplicas, h.rng = v, r.rng(n)
			if v > maxReplicas {
				r.errorf(n, "Too many replicas", fmt.Sprintf("spec.minReplicas is %d; faultline models at most %d instances of a workload (each is a vertex of the failure engine), and reads it as %d.", v, maxReplicas, maxReplicas))
				h.minReplicas = maxReplicas
			}
		case ok && v == 0:
			// Valid only behind the HPAScaleToZero feature gate: the workload may
			// then run no replica at all.
			r.warnf(n, "minReplicas 0", "spec.minReplicas 0 is accepted only with the HPAScaleToZero feature gate, and lets the autoscaler remove every replica; faultline reads the workload's own replicas instead.")
		default:
			r.errorf(n, "Invalid minReplicas", "spec.minReplicas must be a whole number of at least 1; faultline reads the workload's own replicas instead.")
		}
	}
	o.hpa = h
}

func (r *reader) pdb(o *object, doc *yaml.Node) {
	spec := field(doc, "spec")
	p := &pdb{selector: r.selector(field(spec, "selector"), true), rng: o.rng}
	if n := field(spec, "minAvailable"); n != nil && n.Tag != "!!null" {
		p.minAvailable = r.disruptionValue(n, "minAvailable")
		p.rng = r.rng(n)
	}
	if n := field(spec, "maxUnavailable"); n != nil && n.Tag != "!!null" {
		p.maxUnavailable = r.disruptionValue(n, "maxUnavailable")
		p.rng = r.rng(n)
	}
	o.pdb = p
}

// disruptionValue reads a PodDisruptionBudget's minAvailable or maxUnavailable:
// a whole number of at least 0 or a percentage ("50%"), as the API's IntOrString
// allows. Anything else is an error at its position, and the budget is read
// without it (not silently as some other number).
func (r *reader) disruptionValue(n *yaml.Node, name string) string {
	s, ok := str(n)
	if ok {
		num := strings.TrimSuffix(s, "%")
		if v, err := strconv.Atoi(num); err == nil && v >= 0 && (num == s || v <= 100) {
			return s
		}
	}
	r.errorf(n, "Invalid "+name, "spec."+name+" must be a whole number of at least 0 or a percentage from 0% to 100%; faultline reads the budget without it.")
	return ""
}
