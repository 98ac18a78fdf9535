// Package kubernetes reads Kubernetes manifests into a graph.Builder:
// YAML or JSON, multi-document streams, List kinds, whole directories, and
// standard input, so that `helm template … | faultline check -` and
// `kustomize build … | faultline check -` work.
//
// Reading is per file and per document: every document is parsed on its own, so
// that a syntax error, an alias bomb or an oversized document is one diagnostic
// at its position and the other documents are still read. What is read is kept
// as compact objects (not yaml trees) until the Builder builds the model; then
// Finish resolves what crosses objects and files — Service selectors, the
// Services that env values, arguments and ConfigMaps name, Ingress and route
// backends, HPAs, PodDisruptionBudgets, Istio traffic policies — into
// components and edges. See the README's Kubernetes section for the model.
package kubernetes

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"

	hclv2 "github.com/hashicorp/hcl/v2"
	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/graph"
)

// Source is the value of graph.Component.Source for components read by this package.
const Source = "kubernetes"

// slowOnly turns the fast path off, for the test that checks that a parse
// with it and one without agree on every input (FuzzFastYAMLAgreement).
var slowOnly = false

// ParseFile reads one manifest file into b. A file in which no document is a
// Kubernetes object (see IsObjectShape: a Helm values.yaml, a CI workflow, a
// kustomization.yaml, a package.json) is skipped without a word, so that
// `faultline check .` at the root of a repository reads the manifests and nothing
// else. In a file that does hold objects, a document without a kind is an error
// at its position.
func ParseFile(filename string, src []byte, b *graph.Builder) hclv2.Diagnostics {
	return Prepare(filename, src, false).Add(b)
}

// ParseStream reads a stream that is known to be manifests (standard input):
// every document must be a Kubernetes object.
func ParseStream(filename string, src []byte, b *graph.Builder) hclv2.Diagnostics {
	return Prepare(filename, src, true).Add(b)
}

// DefaultNamespace is the namespace of objects that name none when no other
// is given, as with kubectl.
const DefaultNamespace = "default"

// SetNamespace sets the namespace of the objects read into b that name none,
// as kubectl apply -n NS does; DefaultNamespace when never called.
func SetNamespace(b *graph.Builder, ns string) {
	stateOf(b).namespace = ns
}

// ValidNamespace reports whether ns is a valid namespace name: an RFC 1123
// label (lower case letters, digits and '-', at most 63 characters).
func ValidNamespace(ns string) bool {
	if ns == "" || len(ns) > 63 || ns[0] == '-' || ns[len(ns)-1] == '-' {
		return false
	}
	for i := 0; i < len(ns); i++ {
		c := ns[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// stateKey keys this package's state in a Builder.
type stateKey struct{}

func stateOf(b *graph.Builder) *state {
	return b.State(stateKey{}, func() graph.Finisher { return &state{} }).(*state)
}

// docResult is what one document gave.
type docResult struct {
	objs   []*object
	diags  []diag
	kinded bool // the document is a Kubernetes object: the file holds manifests
	// missing is set for a document without kind: an error, unless no document
	// of the file has a kind.
	missing *diag
	// syntax is set for a document that does not parse.
	syntax *hclv2.Diagnostic
}

// Prepared is a file read but not yet added to a builder, so that a loader can
// tell what it holds (Recognised, Objects) before it decides where it goes.
type Prepared struct {
	// Recognised is set when the file holds Kubernetes objects (or, read as a
	// stream, is required to).
	Recognised bool
	objs       []*object
	diags      hclv2.Diagnostics
	unknown    []diag // objects of kinds faultline does not model
}

// Objects returns the identity (kind/namespace/name) of every object read from
// the file that faultline models, in file order: two deployments that declare
// the same identity are alternatives, not one system.
func (p *Prepared) Objects() []string {
	out := make([]string, len(p.objs))
	for i, o := range p.objs {
		out[i] = o.kind + "/" + o.namespace + "/" + o.name
	}
	return out
}

// Add adds the prepared objects to b and returns the file's diagnostics.
func (p *Prepared) Add(b *graph.Builder) hclv2.Diagnostics {
	if len(p.objs) > 0 || len(p.unknown) > 0 {
		st := stateOf(b)
		for _, o := range p.objs {
			o.seq = len(st.objs)
			st.objs = append(st.objs, o)
		}
		for _, d := range p.unknown {
			st.unknownKind(d)
		}
	}
	return p.diags
}

// Prepare reads one file, a stream of documents when strict, without adding
// anything to a builder. It is safe to call from several goroutines at once.
func Prepare(filename string, src []byte, strict bool) *Prepared {
	if !strict && !bytes.Contains(src, []byte("kind")) {
		return &Prepared{} // cannot hold a manifest; do not spend a parse on it
	}
	s := newSource(filename, src)
	chunks := splitDocuments(src)
	results := make([]docResult, len(chunks))
	readAll(s, chunks, results)

	var diags hclv2.Diagnostics
	kinded := false
	for _, r := range results {
		kinded = kinded || r.kinded
	}
	if !strict && !kinded {
		return &Prepared{}
	}
	p := &Prepared{Recognised: true}
	template := hasTemplateAction(src)
	for _, r := range results {
		if r.syntax != nil {
			if template && !strict {
				r := r.syntax.Subject
				p.diags = hclv2.Diagnostics{{
					Severity: hclv2.DiagWarning,
					Summary:  "Unrendered template",
					Detail:   fmt.Sprintf("%s holds template actions ({{ … }}) and is not valid YAML; it is skipped. Render it first and pipe the result in: helm template … | faultline check -", filename),
					Subject:  r,
				}}
				return p
			}
			diags = append(diags, r.syntax)
		}
		if r.missing != nil {
			diags = append(diags, r.missing.hcl())
		}
		for _, d := range r.diags {
			if d.summary == "Unknown kind" {
				p.unknown = append(p.unknown, d) // counted in one warning of the whole load
				continue
			}
			diags = append(diags, d.hcl())
		}
		p.objs = append(p.objs, r.objs...)
	}
	p.diags = diags
	return p
}

func (d diag) hcl() *hclv2.Diagnostic {
	sev := hclv2.DiagError
	if d.warning {
		sev = hclv2.DiagWarning
	}
	detail := d.detail
	return &hclv2.Diagnostic{Severity: sev, Summary: d.summary, Detail: detail, Subject: d.rng.Ptr()}
}

// readAll reads every chunk into its result, in parallel over the CPUs: parsing
// dominates the cost of a large stream, and each document is independent.
func readAll(s *source, chunks []chunk, results []docResult) {
	workers := min(runtime.GOMAXPROCS(0), len(chunks))
	if workers <= 1 || len(s.src) < 64<<10 {
		for i, c := range chunks {
			results[i] = readChunk(s, c)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = readChunk(s, chunks[i])
			}
		}()
	}
	for i := range chunks {
		next <- i
	}
	close(next)
	wg.Wait()
}

// readChunk parses and reads one document. It never panics: a panic in the yaml
// package on some input is turned into a diagnostic.
func readChunk(s *source, c chunk) (res docResult) {
	body := s.src[c.start:c.end]
	if blank(body) {
		return res
	}
	if len(body) > maxDocumentBytes {
		r := s.lineRange(c.line)
		res.syntax = &hclv2.Diagnostic{
			Severity: hclv2.DiagError,
			Summary:  "Document too large",
			Detail: fmt.Sprintf("The document that starts on line %d is %d MiB; faultline reads documents of up to %d MiB (the API server accepts objects of about 1.5 MiB). It is skipped; the other documents are still read.",
				c.line, len(body)>>20, maxDocumentBytes>>20),
			Subject: r.Ptr(),
		}
		res.kinded = true
		return res
	}
	defer func() {
		if p := recover(); p != nil {
			r := s.lineRange(c.line)
			res = docResult{kinded: true, syntax: &hclv2.Diagnostic{
				Severity: hclv2.DiagError,
				Summary:  "Invalid YAML",
				Detail:   fmt.Sprintf("The document that starts on line %d cannot be read: %v. The other documents are still read.", c.line, p),
				Subject:  r.Ptr(),
			}}
		}
	}()
	rd := &reader{s: s, lineOff: c.line - 1, expansionLeft: expansionFactor * len(body)}
	if root := fastYAML(body); root != nil && !slowOnly {
		rd.document(root, &res)
		res.objs, res.diags = rd.objs, rd.diags
		return res
	}
	dec := yaml.NewDecoder(bytes.NewReader(body))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			res.syntax = s.syntaxDiag(err, c)
			res.kinded = res.kinded || bytes.Contains(body, []byte("kind"))
			break
		}
		if n, alias := aliasGrowth(&doc, maxAliasGrowth); n > maxAliasGrowth {
			where := &doc
			if alias != nil {
				where = alias
			}
			res.kinded = true
			res.syntax = &hclv2.Diagnostic{
				Severity: hclv2.DiagError,
				Summary:  "Excessive aliasing",
				Detail: fmt.Sprintf("Through its aliases, the document that starts on line %d grows by more than %d nodes once expanded (a scalar counting one node per 64 bytes): a \"billion laughs\" document, or a long value aliased many times. It is skipped. The other documents are still read.",
					c.line, maxAliasGrowth),
				Subject: rd.rng(where).Ptr(),
			}
			break
		}
		root := deref(&doc)
		if root == nil || root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			continue // an empty document
		}
		rd.document(root, &res)
	}
	res.objs, res.diags = rd.objs, rd.diags
	return res
}

// document reads one document: an object, or a List of them.
func (r *reader) document(root *yaml.Node, res *docResult) {
	if root.Kind != yaml.MappingNode {
		res.missing = &diag{summary: "Not a Kubernetes object", detail: "A manifest document must be a mapping with apiVersion, kind and metadata.", rng: r.rng(root)}
		return
	}
	kind, hasKind := str(field(root, "kind"))
	apiVersion, hasAPI := str(field(root, "apiVersion"))
	if !hasKind || kind == "" {
		res.kinded = res.kinded || hasAPI && IsObjectShape(apiVersion, "Kind")
		res.missing = &diag{summary: "Missing kind", detail: "This document has no kind, so it is not a Kubernetes object; faultline skips it.", rng: r.rng(root)}
		return
	}
	isList := strings.HasSuffix(kind, "List") && field(root, "items") != nil
	if !isList && field(root, "metadata") == nil && !modeled(apiVersion, kind) {
		// Every API object has metadata; a document in an object's shape
		// without it is a tool's configuration file (kind's Cluster,
		// kubeadm's ClusterConfiguration, clusterctl's Metadata, an
		// IstioOperator profile for istioctl): not an object, not counted.
		return
	}
	if hasAPI {
		res.kinded = res.kinded || IsObjectShape(apiVersion, kind)
	} else {
		// A forgotten apiVersion: an object by its kind and metadata.name.
		_, named := str(field(field(root, "metadata"), "name"))
		res.kinded = res.kinded || named && kindShape(kind)
	}
	if isList {
		for _, it := range items(field(root, "items")) {
			if it == nil || it.Kind != yaml.MappingNode {
				continue
			}
			if k, ok := str(field(it, "kind")); !ok || k == "" {
				r.errorf(it, "Missing kind", "This item of the List has no kind, so it is not a Kubernetes object; faultline skips it.")
				continue
			}
			r.object(it)
		}
		return
	}
	r.object(root)
}

// IsObjectShape reports whether apiVersion and kind are those of a Kubernetes
// object: kind is an UpperCamelCase identifier, and apiVersion is "v1" (the core
// group) or GROUP/VERSION, where VERSION is v1, v2beta1, v1alpha3, … and GROUP
// is one of the built-in groups without a dot (apps, batch, autoscaling,
// policy, extensions) or a DNS name (networking.k8s.io, monitoring.coreos.com).
// The configuration files that borrow the shape (kustomize.config.k8s.io,
// kubescheduler.config.k8s.io, kubelet.config.k8s.io, …) are not objects; nor
// are Skaffold's (skaffold/v4beta6) or a Helm Chart.yaml (apiVersion v2, no kind).
func IsObjectShape(apiVersion, kind string) bool {
	if !kindShape(kind) {
		return false
	}
	group, version, ok := strings.Cut(apiVersion, "/")
	if !ok {
		return apiVersion == "v1"
	}
	if !versionShape(version) || strings.HasSuffix(group, "config.k8s.io") {
		return false
	}
	switch group {
	case "apps", "batch", "autoscaling", "policy", "extensions":
		return true
	}
	if !strings.Contains(group, ".") || strings.HasPrefix(group, ".") || strings.HasSuffix(group, ".") {
		return false
	}
	for _, c := range group {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// kindShape reports whether kind is an UpperCamelCase identifier.
func kindShape(kind string) bool {
	if kind == "" || kind[0] < 'A' || kind[0] > 'Z' {
		return false
	}
	for _, c := range kind {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// versionShape reports whether v is a Kubernetes API version: v1, v2beta1, v1alpha3.
func versionShape(v string) bool {
	rest, ok := strings.CutPrefix(v, "v")
	if !ok {
		return false
	}
	digits := func(s string) (string, bool) {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return s[i:], i > 0 && s[0] != '0'
	}
	rest, ok = digits(rest)
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	for _, stage := range []string{"alpha", "beta"} {
		if r, ok := strings.CutPrefix(rest, stage); ok {
			r, ok = digits(r)
			return ok && r == ""
		}
	}
	return false
}

// ignoredKinds are kinds that exist but carry no failure semantics faultline
// models; they are skipped without a word. Kustomize and Skaffold files are not
// cluster objects at all, but live next to manifests.
var ignoredKinds = map[string]bool{
	"ServiceAccount": true, "Role": true, "RoleBinding": true, "ClusterRole": true, "ClusterRoleBinding": true,
	"Namespace": true, "NetworkPolicy": true, "LimitRange": true, "ResourceQuota": true, "PriorityClass": true,
	"StorageClass": true, "PersistentVolume": true, "CustomResourceDefinition": true,
	"MutatingWebhookConfiguration": true, "ValidatingWebhookConfiguration": true, "ValidatingAdmissionPolicy": true,
	"ValidatingAdmissionPolicyBinding": true,
	"Endpoints":                        true, "EndpointSlice": true, "IngressClass": true, "GatewayClass": true, "Gateway": true,
	"ReferenceGrant": true, "ServiceEntry": true, "Sidecar": true, "PeerAuthentication": true,
	"AuthorizationPolicy": true, "RequestAuthentication": true, "EnvoyFilter": true, "Telemetry": true,
	"WorkloadEntry": true, "WorkloadGroup": true,
	"PrometheusRule": true, "Issuer": true, "ClusterIssuer": true, "CertificateRequest": true,
	"Kustomization": true, "Component": true, "Config": true, "VerticalPodAutoscaler": true,
	"PodSecurityPolicy": true, "RuntimeClass": true, "CSIDriver": true, "APIService": true,
	"ControllerRevision": true, "Event": true, "Lease": true, "Node": true, "Binding": true,
	"PodTemplate": true, "CSIStorageCapacity": true, "VolumeSnapshot": true, "VolumeSnapshotClass": true,
	"FlowSchema": true, "PriorityLevelConfiguration": true, "ComponentStatus": true,
}

// object reads one object, whatever its kind.
func (r *reader) object(n *yaml.Node) {
	kind, _ := str(field(n, "kind"))
	kindNode := field(n, "kind")
	if ignoredKinds[kind] {
		return
	}
	o := &object{kind: kind}
	o.apiVersion, _ = str(field(n, "apiVersion"))
	if !modeled(o.apiVersion, kind) {
		// Not read, so not checked: a custom resource's name or apiVersion is
		// its controller's business (a health-check fixture of one often has
		// only a status).
		r.diags = append(r.diags, diag{warning: true, summary: "Unknown kind", detail: kind, rng: r.rng(kindNode)})
		return
	}
	if o.apiVersion == "" {
		r.errorf(kindNode, "Missing apiVersion", fmt.Sprintf("This %s has no apiVersion; it is read as if it had one.", kind))
	}
	meta := field(n, "metadata")
	nameNode := field(meta, "name")
	o.name, _ = str(nameNode)
	if o.name == "" {
		if g, ok := str(field(meta, "generateName")); ok && g != "" {
			nameNode, o.name = field(meta, "generateName"), strings.TrimSuffix(g, "-")
		}
	}
	if o.name == "" && templateMapping(nameNode) {
		r.warnf(nameNode, "Unrendered template", "This object's name holds a template action ({{ … }}); it is skipped. Render templates first: helm template … | faultline check -")
		return
	}
	if o.name == "" {
		where := kindNode
		if meta != nil {
			where = meta
		}
		r.errorf(where, "Missing name", fmt.Sprintf("This %s has no metadata.name; it is skipped.", kind))
		return
	}
	if strings.Contains(o.name, "{{") {
		r.warnf(nameNode, "Unrendered template", "This object's name holds a template action ({{ … }}); it is skipped. Render templates first: helm template … | faultline check -")
		return
	}
	if strings.Contains(o.name, "${") {
		// No object name holds a '$' (RFC 1123): a placeholder that envsubst or
		// a deploy script fills in.
		r.warnf(nameNode, "Unrendered template", "This object's name holds a ${…} placeholder that envsubst or a deploy script fills in; it is skipped. Substitute first: envsubst < FILE | faultline check -")
		return
	}
	o.rng = r.rng(nameNode)
	// An object that names no namespace is in the namespace it is applied to
	// (kubectl apply -n NS): Finish sets it, once every file is read.
	o.namespace, _ = str(field(meta, "namespace"))
	o.labels = stringMap(field(meta, "labels"))
	o.annotations = stringMap(field(meta, "annotations"))
	if helmTest(o.annotations["helm.sh/hook"]) {
		// A chart's test (templates/tests/, `helm create`'s test-connection
		// Pod): Helm creates it on `helm test` only, not with the release.
		return
	}
	if v := field(field(meta, "annotations"), IgnoreAnnotation); v != nil {
		rng := r.rng(v)
		o.ignoreRng = &rng
	}
	switch {
	case workloadKinds[kind]:
		r.workload(o, n)
	case kind == "Service":
		r.service(o, n)
	case kind == "ConfigMap":
		r.configData(o, n, false)
	case kind == "Secret":
		r.configData(o, n, true)
	case kind == "PersistentVolumeClaim":
		r.pvc(o, n)
	case kind == "Ingress":
		r.ingress(o, n)
	case kind == "HTTPRoute" || kind == "GRPCRoute" || kind == "TLSRoute" || kind == "TCPRoute" || kind == "UDPRoute":
		r.route(o, n)
	case kind == "HorizontalPodAutoscaler":
		r.hpa(o, n)
	case (kind == "ServiceMonitor" || kind == "PodMonitor") && strings.HasPrefix(o.apiVersion, "monitoring.coreos.com/"):
		r.scrapeMonitor(o, n)
	case kind == "PodDisruptionBudget":
		r.pdb(o, n)
	case kind == "VirtualService" && strings.HasPrefix(o.apiVersion, "networking.istio.io/"):
		r.virtualService(o, n)
	case kind == "DestinationRule" && strings.HasPrefix(o.apiVersion, "networking.istio.io/"):
		r.destinationRule(o, n)
	case kind == "Certificate" && strings.HasPrefix(o.apiVersion, "cert-manager.io/"):
		r.certificate(o, n)
	case operatorOf(o.apiVersion, kind) != nil:
		r.operator(o, n, operatorOf(o.apiVersion, kind))
	}
	r.objs = append(r.objs, o)
}

// helmTest reports whether a helm.sh/hook annotation (a comma-separated list
// of hooks) makes the object a chart test: test, or Helm 2's test-success
// and test-failure.
func helmTest(hooks string) bool {
	for _, h := range strings.Split(hooks, ",") {
		switch strings.TrimSpace(h) {
		case "test", "test-success", "test-failure":
			return true
		}
	}
	return false
}

// templateMapping reports whether n is an unquoted template action read as
// YAML: `name: {{ .Name }}` parses as a flow mapping whose only key is a
// flow mapping.
func templateMapping(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.MappingNode && len(n.Content) == 2 &&
		n.Content[0].Kind == yaml.MappingNode && n.Content[0].Style&yaml.FlowStyle != 0
}

// modeled reports whether faultline reads objects of this kind (object's
// switch): the others are counted in one warning and otherwise left alone.
func modeled(apiVersion, kind string) bool {
	switch {
	case workloadKinds[kind], kind == "Service", kind == "ConfigMap", kind == "Secret",
		kind == "PersistentVolumeClaim", kind == "Ingress", kind == "HorizontalPodAutoscaler",
		kind == "PodDisruptionBudget":
		return true
	case kind == "HTTPRoute" || kind == "GRPCRoute" || kind == "TLSRoute" || kind == "TCPRoute" || kind == "UDPRoute":
		return true
	case kind == "ServiceMonitor" || kind == "PodMonitor":
		return strings.HasPrefix(apiVersion, "monitoring.coreos.com/")
	case kind == "VirtualService" || kind == "DestinationRule":
		return strings.HasPrefix(apiVersion, "networking.istio.io/")
	case kind == "Certificate":
		return strings.HasPrefix(apiVersion, "cert-manager.io/")
	}
	return operatorOf(apiVersion, kind) != nil
}

// hasTemplateAction reports whether src holds a template action ({{ … }}) where
// YAML cannot hold one: on a line where no quote comes before it (`name: {{ .x }}`,
// `{{- if … }}`). A "{{" inside a quoted string is only text: a file that holds
// one and is broken elsewhere is a broken manifest (an error), not a template to
// skip with a warning.
func hasTemplateAction(src []byte) bool {
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		i := bytes.Index(line, []byte("{{"))
		if i >= 0 && !bytes.ContainsAny(line[:i], `"'#`) {
			return true
		}
	}
	return false
}
