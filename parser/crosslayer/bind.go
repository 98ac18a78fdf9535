package crosslayer

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/graph"
)

type binder struct {
	s     *State
	b     *graph.Builder
	diags hcl.Diagnostics
	edges map[edgeKey]bool
}

type edgeKey struct {
	from, to string
}

func newBinder(s *State, b *graph.Builder) *binder {
	return &binder{s: s, b: b, edges: map[edgeKey]bool{}}
}

func (bd *binder) warn(rng graph.Range, summary, detail string) {
	bd.diags = append(bd.diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail, Subject: rng.Ptr()})
}

// edge adds a dependency from -> to made by a binding: rng on the side of
// from, bound on the side of to.
func (bd *binder) edge(from, to string, kind graph.EdgeKind, rng, bound graph.Range, why string) {
	if from == to || bd.edges[edgeKey{from, to}] || bd.b.Component(from) == nil || bd.b.Component(to) == nil {
		return
	}
	bd.edges[edgeKey{from, to}] = true
	bd.b.AddDependency(graph.Dependency{From: from, To: to, Kind: kind, Range: rng, Bound: bound, BoundBy: why})
}

// placements binds each workload to the cluster it runs on: edges to the
// control plane and to the node groups that can run its pods, and the zones
// those node groups give its pods.
func (bd *binder) placements() {
	s := bd.s
	if len(s.Clusters) == 0 || len(s.Workloads) == 0 {
		return
	}
	clusters := map[string]*Cluster{}
	for i := range s.Clusters {
		clusters[s.Clusters[i].ID] = &s.Clusters[i]
	}
	groups := map[string][]*NodeGroup{}
	for i := range s.NodeGroups {
		ng := &s.NodeGroups[i]
		c := ng.Cluster
		if c == "" && len(s.Clusters) == 1 {
			c = s.Clusters[0].ID
		}
		groups[c] = append(groups[c], ng)
	}
	for _, bn := range s.Bindings {
		if clusters[bn.Cluster] == nil {
			bd.warn(bn.Range, "Unknown cluster",
				fmt.Sprintf("No Kubernetes cluster %q is declared in the Terraform of the inputs (%s); the manifests bound to it are not bound.", bn.Cluster, clusterList(s.Clusters)))
		}
	}
	ambiguous := map[string]bool{}
	for i := range s.Workloads {
		w := &s.Workloads[i]
		if bd.b.Component(w.ID) == nil {
			continue
		}
		var cl *Cluster
		for _, bn := range s.Bindings {
			if c := clusters[bn.Cluster]; c != nil && bn.Match != nil && bn.Match(w.File) {
				cl = c
				break
			}
		}
		if cl == nil && len(s.Clusters) == 1 {
			cl = &s.Clusters[0]
		}
		if cl == nil {
			if !ambiguous[w.File] {
				ambiguous[w.File] = true
				bd.warn(w.Range, "Manifests on several clusters",
					fmt.Sprintf("The inputs declare %d Kubernetes clusters (%s) and nothing says which one runs the workloads of %s; they are not bound to any. Say it with a cluster block in .faultline.hcl: cluster %q { manifests = [\"%s/\"] } (.gitignore syntax, relative to the configuration file).",
						len(s.Clusters), clusterList(s.Clusters), w.File, s.Clusters[0].ID, filepath.ToSlash(filepath.Dir(w.File))))
			}
			continue
		}
		bd.place(w, cl, groups[cl.ID])
	}
}

func clusterList(cs []Cluster) string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}

// tri is a three-valued truth: whether a pod may run on a node is unknown when
// the Terraform does not declare the label the pod selects.
type tri int8

const (
	no tri = iota
	unknown
	yes
)

func and(a, b tri) tri { return min(a, b) }
func or(a, b tri) tri  { return max(a, b) }

// eligible says whether the workload's pods may run on the node group's nodes
// in zone (zone "" when the group's zones are unknown), and which label keys
// the answer could not read.
//
// A label key that some node group of the cluster declares (its labels in
// the Terraform) is taken as managed there: a group that does not declare it
// does not carry it. A key that none declares is unknown.
func eligible(w *Workload, ng *NodeGroup, zone string, declared, missing map[string]bool) tri {
	label := func(key string) (value string, present, known bool) {
		switch key {
		case "topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone":
			return zone, true, zone != ""
		}
		if v, ok := ng.Labels[key]; ok {
			return v, true, true
		}
		if v, ok := ng.NodeLabels[key]; ok {
			return v, true, true
		}
		if declared[key] {
			return "", false, true
		}
		missing[key] = true
		return "", false, false
	}
	req := func(r Requirement) tri {
		v, present, known := label(r.Key)
		if !known {
			return unknown
		}
		in := false
		for _, x := range r.Values {
			in = in || x == v
		}
		switch r.Op {
		case "In":
			return truth(present && in)
		case "NotIn":
			return truth(!present || !in)
		case "Exists":
			return truth(present)
		case "DoesNotExist":
			return truth(!present)
		case "Gt", "Lt":
			if !present || len(r.Values) != 1 {
				return no
			}
			a, err1 := strconv.ParseInt(v, 10, 64)
			b, err2 := strconv.ParseInt(r.Values[0], 10, 64)
			if err1 != nil || err2 != nil {
				return no
			}
			return truth(r.Op == "Gt" && a > b || r.Op == "Lt" && a < b)
		}
		return unknown
	}
	t := yes
	for _, r := range w.Required {
		t = and(t, req(r))
	}
	if len(w.Terms) > 0 {
		any := no
		for _, term := range w.Terms {
			all := yes
			for _, r := range term {
				all = and(all, req(r))
			}
			any = or(any, all)
		}
		t = and(t, any)
	}
	for _, taint := range ng.Taints {
		if taint.Effect != "PreferNoSchedule" && !tolerates(w.Tolerations, taint) {
			return no
		}
	}
	return t
}

func truth(b bool) tri {
	if b {
		return yes
	}
	return no
}

// tolerates reports whether one of the tolerations tolerates the taint, as
// the scheduler decides it.
func tolerates(ts []Toleration, t Taint) bool {
	for _, x := range ts {
		if x.Effect != "" && x.Effect != t.Effect {
			continue
		}
		switch {
		case x.Key == "" && x.Op == "Exists":
			return true
		case x.Key == t.Key && x.Op == "Exists":
			return true
		case x.Key == t.Key && (x.Op == "" || x.Op == "Equal") && x.Value == t.Value:
			return true
		}
	}
	return false
}

// fargateMatch reports whether a Fargate profile's selectors take the pod.
func fargateMatch(w *Workload, sels []FargateSelector) bool {
	for _, s := range sels {
		if s.Namespace != w.Namespace {
			continue
		}
		ok := true
		for k, v := range s.Labels {
			if w.PodLabels[k] != v {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// place binds one workload to its cluster.
func (bd *binder) place(w *Workload, cl *Cluster, ngs []*NodeGroup) {
	c := bd.b.Component(w.ID)
	bd.edge(w.ID, cl.ID, graph.Requires, w.Range, cl.Range,
		fmt.Sprintf("%s runs on cluster %s", w.ID, cl.ID))
	onFargate := false
	for _, ng := range ngs {
		if len(ng.Fargate) > 0 && fargateMatch(w, ng.Fargate) {
			onFargate = true
		}
	}
	type choice struct {
		ng    *NodeGroup
		zones []string // eligible zones; nil when the group's zones are unknown
	}
	var chosen []choice
	missing := map[string]bool{}
	declared := map[string]bool{}
	for _, ng := range ngs {
		for k := range ng.Labels {
			declared[k] = true
		}
	}
	for _, ng := range ngs {
		if len(ng.Fargate) > 0 != onFargate || onFargate && !fargateMatch(w, ng.Fargate) {
			continue
		}
		if ng.Zones == nil {
			if eligible(w, ng, "", declared, missing) != no {
				chosen = append(chosen, choice{ng: ng})
			}
			continue
		}
		var zs []string
		for _, z := range ng.Zones {
			if eligible(w, ng, z, declared, missing) != no {
				zs = append(zs, z)
			}
		}
		if len(zs) > 0 {
			chosen = append(chosen, choice{ng: ng, zones: zs})
		}
	}
	if len(ngs) == 0 {
		c.Unknowns = append(c.Unknowns, fmt.Sprintf("its pods run on cluster %s, whose nodes the inputs do not declare", cl.ID))
		return
	}
	if len(chosen) == 0 {
		ids := make([]string, len(ngs))
		for i, ng := range ngs {
			ids[i] = ng.ID
		}
		bd.warn(w.RulesRange, "No node group runs this workload",
			fmt.Sprintf("The scheduling rules of %s (nodeSelector, node affinity, tolerations) match none of the node groups of cluster %s (%s): its pods would stay pending. Its placement is left as the manifests give it.",
				w.ID, cl.ID, strings.Join(ids, ", ")))
		return
	}
	if len(chosen) == 1 {
		ng := chosen[0].ng
		bd.edge(w.ID, ng.ID, graph.Requires, w.RulesRange, ng.Range,
			fmt.Sprintf("%s runs on the nodes of %s", w.ID, ng.ID))
	} else {
		g := graph.Group{Owner: w.ID, Name: "nodes", Need: 1, Range: w.RulesRange}
		rngs := make([]graph.Range, len(chosen))
		for i, ch := range chosen {
			g.Of = append(g.Of, ch.ng.ID)
			rngs[i] = w.RulesRange
			bd.edges[edgeKey{w.ID, ch.ng.ID}] = true
		}
		bd.b.AddGroup(g, rngs)
		// The group's alternatives are the last dependencies added: each
		// keeps its node group's declaration, as a bound edge does.
		deps := bd.b.Dependencies()
		for i, d := range deps[len(deps)-len(chosen):] {
			d.Bound = chosen[i].ng.Range
			d.BoundBy = fmt.Sprintf("%s may run on the nodes of %s", w.ID, chosen[i].ng.ID)
		}
	}
	var keys []string
	for k := range missing {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		c.Unknowns = append(c.Unknowns, fmt.Sprintf("which node groups carry the node labels it selects (%s): the Terraform does not declare them", strings.Join(keys, ", ")))
	}

	// The zones its pods may be in.
	zoneSet := map[string]bool{}
	for _, ch := range chosen {
		if ch.zones == nil {
			c.Unknowns = append(c.Unknowns, fmt.Sprintf("the zones of %s: %s", ch.ng.ID, ch.ng.ZonesUnknown))
			return
		}
		for _, z := range ch.zones {
			zoneSet[z] = true
		}
	}
	if known := c.Placement["zone"]; len(known) > 0 && known[0] != "" {
		return // pinned by the manifests themselves
	}
	zones := make([]string, 0, len(zoneSet))
	for z := range zoneSet {
		zones = append(zones, z)
	}
	sort.Strings(zones)
	var placer *NodeGroup
	for _, ch := range chosen {
		if len(ch.zones) > 0 {
			placer = ch.ng
			break
		}
	}
	n := c.Instances()
	place := make([]string, n)
	rng := w.RulesRange
	switch {
	case len(zones) == 1:
		// Whatever the spreading rules, there is one zone to run in.
		for i := range place {
			place[i] = zones[0]
		}
		if w.SpreadZone {
			rng = w.SpreadZoneRng
		}
	case w.SpreadZone:
		// maxSkew 1 over the eligible zones: the pods fill them in turn.
		for i := range place {
			place[i] = zones[i%len(zones)]
		}
		rng = w.SpreadZoneRng
	default:
		return // several zones and nothing that spreads over them: unknown, as the manifests say
	}
	if c.Placement == nil {
		c.Placement = map[string][]string{}
	}
	if c.PlacementRange == nil {
		c.PlacementRange = map[string]graph.Range{}
	}
	if c.PlacedOn == nil {
		c.PlacedOn = map[string]graph.Placer{}
	}
	c.Placement["zone"] = place
	c.PlacementRange["zone"] = rng
	c.PlacedOn["zone"] = graph.Placer{ID: placer.ID, Range: placer.ZoneRange}
	if !slices.Contains(c.Confined, "region") {
		c.Confined = append(c.Confined, "region") // the cluster's region holds its pods
	}
	for _, z := range zones {
		bd.b.NoteDomain(graph.DomainRef{Type: "zone", Name: z}, placer.ZoneRange)
	}
	// Pods in distinct zones are on distinct hosts; so are pods on Fargate.
	distinct := w.SpreadZone && len(zones) >= n || onFargate
	var keep []string
	for _, t := range c.UnknownPlacement {
		if t != "zone" && !(t == "host" && distinct) {
			keep = append(keep, t)
		}
	}
	c.UnknownPlacement = keep
}

// hostKey is an endpoint's host, for matching.
func hostKey(h string) string { return strings.TrimSuffix(strings.ToLower(h), ".") }

// endpoints binds the addresses that Kubernetes components name to the
// Terraform resources whose known endpoints they are.
func (bd *binder) endpoints() {
	s := bd.s
	if len(s.Endpoints) == 0 {
		return
	}
	byHost := map[string][]Endpoint{}
	for _, e := range s.Endpoints {
		k := hostKey(e.Host)
		byHost[k] = append(byHost[k], e)
	}
	for _, a := range s.Addresses {
		for _, e := range byHost[hostKey(a.Host)] {
			why := fmt.Sprintf("%s in %s is the %s of %s", a.Host, a.Where, e.Attr, e.ID)
			bd.edge(a.From, e.ID, a.Kind, a.Range, e.Range, why)
			if a.ExternalName {
				bd.external(a.From, e.ID)
			}
		}
	}
}

// external turns an ExternalName Service bound to a Terraform resource into
// what it is: a name in front of that resource, which fails only with it.
func (bd *binder) external(id, target string) {
	c := bd.b.Component(id)
	if c == nil {
		return
	}
	c.Replicas, c.Quorum, c.Opaque = 2, 1, false
	var keep []string
	for _, u := range c.Unknowns {
		if !strings.HasPrefix(u, "ExternalName ") {
			keep = append(keep, u)
		}
	}
	c.Unknowns = keep
}

// objects binds what reads a Kubernetes object that Terraform's kubernetes
// provider writes to the resources its values come from.
func (bd *binder) objects() {
	s := bd.s
	if len(s.Objects) == 0 {
		return
	}
	byKey := map[string]*Object{}
	for i := range s.Objects {
		o := &s.Objects[i]
		byKey[o.Kind+"/"+o.Namespace+"/"+o.Name] = o
	}
	for _, u := range s.ConfigUses {
		o := byKey[u.Kind+"/"+u.Namespace+"/"+u.Name]
		if o == nil {
			continue
		}
		for _, v := range o.Values {
			if u.Key == "" || u.Key == v.Key {
				why := fmt.Sprintf("%s %s/%s key %s, written by Terraform, holds %s", u.Kind, u.Namespace, u.Name, v.Key, v.Attr)
				bd.edge(u.From, v.Target, u.Edge, u.Range, v.Range, why)
			}
		}
	}
	for _, a := range s.Addresses {
		if !a.Local {
			continue
		}
		name, ns := a.Service, a.ServiceNS
		o := byKey["Service/"+ns+"/"+name]
		if o == nil {
			continue
		}
		for _, v := range o.Values {
			why := fmt.Sprintf("Service %s/%s, written by Terraform, is an ExternalName for %s", ns, name, v.Attr)
			bd.edge(a.From, v.Target, a.Kind, a.Range, v.Range, why)
		}
	}
}

// entrypoints moves the entrypoints to where users now are, when the inputs
// mix formats. A component that a component of another format depends on (a
// node group that nothing in its Terraform used, a database that a workload
// reads) is no longer what users reach, unless it faces them (a load balancer,
// DNS, a CDN) or was declared so by hand (the native format). And a format
// whose inputs mark no entrypoint of their own, while another format's do,
// has its components that nothing depends on as entrypoints, as it would
// when read alone.
func (bd *binder) entrypoints() {
	b := bd.b
	mixed := false
	first := ""
	for i, id := range b.IDs() {
		src := b.Component(id).Source
		if i == 0 {
			first = src
		} else if src != first {
			mixed = true
			break
		}
	}
	if !mixed {
		return
	}
	for _, d := range b.Dependencies() {
		from, to := b.Component(d.From), b.Component(d.To)
		if d.Kind == graph.Monitors || from == nil || to == nil || from.Source == to.Source || to.Source == nativeSource {
			continue
		}
		switch to.Kind {
		case "lb", "dns", "cdn":
			continue
		}
		to.Entrypoint = false
	}
	marked := map[string]bool{}
	bySource := map[string][]*graph.Component{}
	var sources []string
	for _, id := range b.IDs() {
		c := b.Component(id)
		if _, seen := bySource[c.Source]; !seen {
			sources = append(sources, c.Source)
		}
		bySource[c.Source] = append(bySource[c.Source], c)
		marked[c.Source] = marked[c.Source] || c.Entrypoint
	}
	any := false
	for _, m := range marked {
		any = any || m
	}
	if !any {
		return // one format, or none marked anywhere: Build infers them all
	}
	dependedOn := b.DependedOn()
	// A component whose only edges are monitors is a monitor, not an entrypoint.
	monitorOnly := map[string]bool{}
	for _, d := range b.Dependencies() {
		if m, seen := monitorOnly[d.From]; !seen || m {
			monitorOnly[d.From] = d.Kind == graph.Monitors
		}
	}
	for _, src := range sources {
		if marked[src] {
			continue
		}
		for _, c := range bySource[src] {
			if !dependedOn[c.ID] && !monitorOnly[c.ID] {
				c.Entrypoint, c.EntrypointInferred = true, true
			}
		}
	}
}

// nativeSource is graph.Component.Source for the native format, whose
// entrypoints are declared by hand.
const nativeSource = "hcl"
