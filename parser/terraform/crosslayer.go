package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/faultline-dev/faultline/parser/crosslayer"
)

// What binds a root's resources to the other layers (parser/crosslayer): the
// Kubernetes clusters it declares and their node groups, the endpoints of its
// data stores, and the Kubernetes objects its kubernetes provider writes.

// clusterTypes are the resource types of a Kubernetes control plane.
var clusterTypes = map[string]string{
	"aws_eks_cluster":            "eks",
	"google_container_cluster":   "gke",
	"azurerm_kubernetes_cluster": "aks",
}

// nodeGroupType describes a resource type whose instances are a cluster's nodes.
type nodeGroupType struct {
	cluster  []string // attributes that name the cluster
	name     string   // the attribute holding the group's name
	nameKeys []string // the node labels the provider sets to that name
	labels   string   // the attribute holding the node labels
	taints   string   // taint blocks (key, value, effect), or a list of "k=v:Effect"
	zones    string   // the attribute whose range says where its zones come from
}

var nodeGroupTypes = map[string]nodeGroupType{
	"aws_eks_node_group": {cluster: []string{"cluster_name"}, name: "node_group_name", nameKeys: []string{"eks.amazonaws.com/nodegroup"},
		labels: "labels", taints: "taint", zones: "subnet_ids"},
	"aws_eks_fargate_profile": {cluster: []string{"cluster_name"}, name: "fargate_profile_name", zones: "subnet_ids"},
	"google_container_node_pool": {cluster: []string{"cluster"}, name: "name", nameKeys: []string{"cloud.google.com/gke-nodepool"},
		labels: "node_config.labels", taints: "node_config.taint", zones: "node_locations"},
	"azurerm_kubernetes_cluster_node_pool": {cluster: []string{"kubernetes_cluster_id"}, name: "name",
		nameKeys: []string{"kubernetes.azure.com/agentpool", "agentpool"}, labels: "node_labels", taints: "node_taints", zones: "zones"},
	// The default node pool of an AKS cluster is part of the cluster resource.
	"azurerm_kubernetes_cluster": {name: "default_node_pool.name", nameKeys: []string{"kubernetes.azure.com/agentpool", "agentpool"},
		labels: "default_node_pool.node_labels", zones: "default_node_pool.zones"},
	// A self-managed group joins a cluster by its kubernetes.io/cluster/NAME tag.
	"aws_autoscaling_group": {zones: "vpc_zone_identifier"},
}

// endpointAttrs lists, per data-store type, the attributes whose known values
// are host names or URLs at which clients reach it.
var endpointAttrs = map[string][]string{
	"aws_db_instance":                    {"address", "endpoint"},
	"aws_rds_cluster":                    {"endpoint", "reader_endpoint"},
	"aws_rds_cluster_instance":           {"endpoint"},
	"aws_docdb_cluster":                  {"endpoint", "reader_endpoint"},
	"aws_docdb_cluster_instance":         {"endpoint"},
	"aws_elasticache_replication_group":  {"primary_endpoint_address", "reader_endpoint_address", "configuration_endpoint_address"},
	"aws_elasticache_cluster":            {"cache_nodes.address", "configuration_endpoint", "cluster_address"},
	"aws_msk_cluster":                    {"bootstrap_brokers", "bootstrap_brokers_tls", "bootstrap_brokers_sasl_iam", "bootstrap_brokers_sasl_scram", "zookeeper_connect_string"},
	"aws_mq_broker":                      {"instances.endpoints"},
	"aws_opensearch_domain":              {"endpoint"},
	"aws_elasticsearch_domain":           {"endpoint"},
	"aws_redshift_cluster":               {"endpoint", "dns_name"},
	"aws_sqs_queue":                      {"url"},
	"google_sql_database_instance":       {"dns_name", "private_ip_address", "public_ip_address", "ip_address.ip_address"},
	"google_redis_instance":              {"host"},
	"azurerm_postgresql_flexible_server": {"fqdn"},
	"azurerm_mysql_flexible_server":      {"fqdn"},
	"azurerm_mssql_server":               {"fully_qualified_domain_name"},
	"azurerm_redis_cache":                {"hostname"},
	"azurerm_cosmosdb_account":           {"endpoint"},
}

// crossLayer publishes the root's facts to st.
func (rr *rootResult) crossLayer(st *crosslayer.State) {
	ids := make([]string, 0, len(rr.byComp))
	for id := range rr.byComp {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	clusters := map[string]string{} // cluster name -> component
	for _, id := range ids {
		recs := rr.byComp[id]
		rec := recs[0]
		prov, ok := clusterTypes[rec.res.typ]
		if !ok || rr.compSet[rr.prefix+id] == nil {
			continue
		}
		name := rr.str(rec, "name")
		st.Clusters = append(st.Clusters, crosslayer.Cluster{ID: rr.prefix + id, Name: name, Provider: prov, Range: rec.res.rng})
		if name != "" {
			clusters[name] = rr.prefix + id
		}
	}
	for _, id := range ids {
		recs := rr.byComp[id]
		rec := recs[0]
		cid := rr.prefix + id
		if rr.compSet[cid] == nil {
			continue
		}
		if t, ok := nodeGroupTypes[rec.res.typ]; ok {
			if ng, ok := rr.nodeGroup(cid, recs, t, clusters); ok {
				st.NodeGroups = append(st.NodeGroups, ng)
			}
		}
		for _, attr := range endpointAttrs[rec.res.typ] {
			for _, r := range recs {
				for _, a := range r.attrs {
					if a.path != attr {
						continue
					}
					for _, h := range hostsIn(a.val) {
						st.Endpoints = append(st.Endpoints, crosslayer.Endpoint{Host: h, ID: cid, Attr: attr, Range: exprRange(a.expr, rec.res.rng)})
					}
				}
			}
		}
	}
	for _, rec := range rr.recs {
		if o, ok := rr.kubeObject(rec); ok {
			st.Objects = append(st.Objects, o)
		}
	}
}

// str returns the known string value of an attribute, or "".
func (rr *rootResult) str(rec *instRec, path string) string {
	for _, v := range rec.get(path) {
		if s, known := valueString(v); known && s != "" {
			return s
		}
	}
	return ""
}

func exprRange(e hcl.Expression, def hcl.Range) hcl.Range {
	if e == nil {
		return def
	}
	return e.Range()
}

// nodeGroup reads one node group; ok is false for an auto scaling group that
// joins no cluster.
func (rr *rootResult) nodeGroup(id string, recs []*instRec, t nodeGroupType, clusters map[string]string) (crosslayer.NodeGroup, bool) {
	rec := recs[0]
	ng := crosslayer.NodeGroup{ID: id, Range: rec.res.rng, ZoneRange: rec.res.rng, Labels: map[string]string{}, NodeLabels: map[string]string{"kubernetes.io/os": "linux"}}
	switch rec.res.typ {
	case "azurerm_kubernetes_cluster":
		ng.Cluster = id
	case "aws_autoscaling_group":
		ng.Cluster = rr.taggedCluster(rec, clusters)
		if ng.Cluster == "" {
			return ng, false
		}
	default:
		for _, attr := range t.cluster {
			for _, v := range rec.get(attr) {
				for _, r := range refsIn(v) {
					for _, to := range rr.targets(r, 0) {
						if ng.Cluster == "" && isCluster(rr, to) {
							ng.Cluster = to
						}
					}
				}
				if s, known := valueString(v); known && ng.Cluster == "" {
					ng.Cluster = clusters[s]
				}
			}
		}
	}
	if t.name != "" {
		ng.Name = rr.str(rec, t.name)
		if ng.Name != "" {
			for _, k := range t.nameKeys {
				ng.NodeLabels[k] = ng.Name
			}
		}
	}
	if t.labels != "" {
		for _, v := range rec.get(t.labels) {
			for k, s := range stringMapOf(v) {
				ng.Labels[k] = s
			}
		}
	}
	ng.Taints = rr.taints(rec, t.taints)
	if rec.res.typ == "azurerm_kubernetes_cluster" && rr.str(rec, "default_node_pool.only_critical_addons_enabled") == "true" {
		ng.Taints = append(ng.Taints, crosslayer.Taint{Key: "CriticalAddonsOnly", Value: "true", Effect: "NoSchedule"})
	}
	if rec.res.typ == "aws_eks_fargate_profile" {
		for _, sel := range blocksOf(rec, "selector") {
			s, _ := valueString(sel["namespace"])
			fs := crosslayer.FargateSelector{Namespace: s, Labels: stringMapOf(sel["labels"])}
			ng.Fargate = append(ng.Fargate, fs)
		}
	}
	for _, a := range rec.attrs {
		if a.path == t.zones {
			ng.ZoneRange = exprRange(a.expr, rec.res.rng)
		}
	}
	// Its zones: those its instances list (its subnets' zones, its zone
	// attribute); a GKE pool without node_locations has its cluster's.
	zones := map[string]bool{}
	for _, r := range recs {
		var zs []string
		why := ""
		if r.kb != nil {
			zs, _, why = rr.where(r)
		}
		if len(zs) == 0 && rec.res.typ == "google_container_node_pool" {
			zs, why = rr.gkeZones(r)
		}
		if len(zs) == 0 && why == "" {
			why = "its configuration names no zone"
		}
		for _, z := range zs {
			if z == "" {
				if why == "" {
					why = "some of its zones are unknown until apply"
				}
				ng.ZonesUnknown = why
			}
			zones[z] = true
		}
		if len(zs) == 0 {
			ng.ZonesUnknown = why
		}
	}
	if ng.ZonesUnknown == "" {
		for z := range zones {
			ng.Zones = append(ng.Zones, z)
		}
		sort.Strings(ng.Zones)
	}
	return ng, true
}

func isCluster(rr *rootResult, id string) bool {
	recs := rr.byComp[strings.TrimPrefix(id, rr.prefix)]
	if len(recs) == 0 {
		return false
	}
	_, ok := clusterTypes[recs[0].res.typ]
	return ok
}

// gkeZones are the zones of a node pool that does not list its own: its
// cluster's node_locations, or its location when that is a zone.
func (rr *rootResult) gkeZones(rec *instRec) ([]string, string) {
	var cl *instRec
	for _, v := range rec.get("cluster") {
		for _, r := range refsIn(v) {
			if c := rr.byRef[r]; c != nil && c.res.typ == "google_container_cluster" {
				cl = c
			} else if cs := rr.byComp[r.Comp]; len(cs) > 0 && cs[0].res.typ == "google_container_cluster" {
				cl = cs[0]
			}
		}
	}
	if cl == nil {
		return nil, "its cluster is not in the configuration"
	}
	for _, v := range cl.get("node_locations") {
		uv, _ := v.UnmarkDeep()
		if uv.IsKnown() && !uv.IsNull() && uv.CanIterateElements() && uv.LengthInt() > 0 {
			var out []string
			for it := uv.ElementIterator(); it.Next(); {
				_, e := it.Element()
				if s, known := valueString(e); known {
					out = append(out, s)
				} else {
					return nil, "the cluster's node_locations are unknown until apply"
				}
			}
			return out, ""
		}
	}
	loc := ""
	for _, v := range append(rec.get("location"), cl.get("location")...) {
		if s, known := valueString(v); known && s != "" {
			loc = s
			break
		}
	}
	if loc == "" {
		return nil, "its location is unknown"
	}
	if i := strings.LastIndexByte(loc, '-'); i > 0 && len(loc)-i == 2 {
		return []string{loc}, "" // us-central1-a: a zonal cluster
	}
	return nil, fmt.Sprintf("it runs in the default zones of region %s, which the configuration does not name", loc)
}

// taggedCluster returns the cluster a self-managed group joins through its
// kubernetes.io/cluster/NAME tag, or "".
func (rr *rootResult) taggedCluster(rec *instRec, clusters map[string]string) string {
	check := func(v cty.Value) string {
		s, known := valueString(v)
		if known {
			if name, ok := strings.CutPrefix(s, "kubernetes.io/cluster/"); ok {
				return clusters[name]
			}
			return ""
		}
		for _, r := range refsIn(v) {
			for _, to := range rr.targets(r, 0) {
				if isCluster(rr, to) {
					return to
				}
			}
		}
		return ""
	}
	for _, t := range blocksOf(rec, "tag") {
		if c := check(t["key"]); c != "" {
			return c
		}
	}
	for _, v := range rec.get("tags") {
		uv, _ := v.Unmark()
		if !uv.IsKnown() || uv.IsNull() || !uv.CanIterateElements() {
			continue
		}
		for it := uv.ElementIterator(); it.Next(); {
			k, _ := it.Element()
			if c := check(k); c != "" {
				return c
			}
		}
	}
	return ""
}

// taints reads taint blocks {key, value, effect} or a list of "key=value:Effect".
func (rr *rootResult) taints(rec *instRec, path string) []crosslayer.Taint {
	if path == "" {
		return nil
	}
	var out []crosslayer.Taint
	for _, b := range blocksOf(rec, path) {
		k, _ := valueString(b["key"])
		v, _ := valueString(b["value"])
		e, _ := valueString(b["effect"])
		out = append(out, crosslayer.Taint{Key: k, Value: v, Effect: effectName(e)})
	}
	for _, v := range rec.get(path) {
		uv, _ := v.UnmarkDeep()
		if !uv.IsKnown() || uv.IsNull() || !uv.CanIterateElements() || uv.Type().IsObjectType() {
			continue
		}
		for it := uv.ElementIterator(); it.Next(); {
			_, e := it.Element()
			s, known := valueString(e)
			if !known {
				continue
			}
			kv, effect, _ := strings.Cut(s, ":")
			k, val, _ := strings.Cut(kv, "=")
			out = append(out, crosslayer.Taint{Key: k, Value: val, Effect: effectName(effect)})
		}
	}
	return out
}

// effectName turns the providers' spellings (NO_SCHEDULE) into Kubernetes' (NoSchedule).
func effectName(s string) string {
	switch strings.ToUpper(strings.ReplaceAll(s, "_", "")) {
	case "NOSCHEDULE":
		return "NoSchedule"
	case "NOEXECUTE":
		return "NoExecute"
	case "PREFERNOSCHEDULE":
		return "PreferNoSchedule"
	}
	return s
}

// blocksOf returns the attributes of each nested block at path, in order: a
// block starts again where an attribute repeats.
func blocksOf(rec *instRec, path string) []map[string]cty.Value {
	var out []map[string]cty.Value
	var cur map[string]cty.Value
	for _, a := range rec.attrs {
		name, ok := strings.CutPrefix(a.path, path+".")
		if !ok || strings.Contains(name, ".") {
			continue
		}
		if _, dup := cur[name]; cur == nil || dup {
			cur = map[string]cty.Value{}
			out = append(out, cur)
		}
		cur[name] = a.val
	}
	return out
}

// stringMapOf returns the known string entries of a map or object value.
func stringMapOf(v cty.Value) map[string]string {
	out := map[string]string{}
	uv, _ := v.Unmark()
	if !uv.IsKnown() || uv.IsNull() || !(uv.Type().IsMapType() || uv.Type().IsObjectType()) {
		return out
	}
	for it := uv.ElementIterator(); it.Next(); {
		k, e := it.Element()
		ks, kk := valueString(k)
		es, ek := valueString(e)
		if kk && ek {
			out[ks] = es
		}
	}
	return out
}

// hostsIn returns the host names in a known string value (or list of them):
// an endpoint "db.x.rds.amazonaws.com:5432", a URL, a comma-separated list of
// brokers.
func hostsIn(v cty.Value) []string {
	uv, _ := v.UnmarkDeep()
	if !uv.IsKnown() || uv.IsNull() {
		return nil
	}
	var out []string
	if uv.Type() == cty.String {
		for _, f := range strings.FieldsFunc(uv.AsString(), func(r rune) bool { return r == ',' || r == ' ' }) {
			if h := hostOf(f); h != "" {
				out = append(out, h)
			}
		}
		return out
	}
	if uv.CanIterateElements() && !uv.Type().IsObjectType() && !uv.Type().IsMapType() {
		for it := uv.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, hostsIn(e)...)
		}
	}
	return out
}

// hostOf returns the host of an address: [scheme://][user@]host[:port][/path].
func hostOf(s string) string {
	if _, rest, ok := strings.Cut(s, "://"); ok {
		s = rest
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if !strings.Contains(s, ".") {
		return "" // a bare word (a project:region:name connection name's part) is no endpoint
	}
	return s
}

// kubeObjectKinds are the Terraform kubernetes provider's resources that
// write an object whose values may name another resource.
var kubeObjectKinds = map[string]string{
	"kubernetes_config_map": "ConfigMap", "kubernetes_config_map_v1": "ConfigMap",
	"kubernetes_secret": "Secret", "kubernetes_secret_v1": "Secret",
	"kubernetes_service": "Service", "kubernetes_service_v1": "Service",
}

// kubeObject reads a Kubernetes object that the kubernetes provider writes:
// the values that come from another resource's attributes.
func (rr *rootResult) kubeObject(rec *instRec) (crosslayer.Object, bool) {
	kind, ok := kubeObjectKinds[rec.res.typ]
	if !ok {
		return crosslayer.Object{}, false
	}
	o := crosslayer.Object{Kind: kind, Name: rr.str(rec, "metadata.name"), Namespace: rr.str(rec, "metadata.namespace"), Range: rec.res.rng}
	if o.Name == "" {
		return o, false
	}
	if o.Namespace == "" {
		o.Namespace = "default"
	}
	add := func(key string, v cty.Value, a attrVal) {
		for _, r := range refsIn(v) {
			for _, to := range rr.targets(r, 0) {
				rng := rr.refRange(rec, a.expr, r)
				o.Values = append(o.Values, crosslayer.ObjectValue{Key: key, Target: to, Attr: refText(rr, a.expr, rng, to), Range: rng})
			}
		}
	}
	for _, a := range rec.attrs {
		switch {
		case kind == "Service" && a.path == "spec.external_name":
			if t := rr.str(rec, "spec.type"); t == "ExternalName" || t == "" {
				add("", a.val, a)
			}
		case kind != "Service" && (a.path == "data" || a.path == "string_data"):
			uv, _ := a.val.Unmark()
			if !uv.IsKnown() || uv.IsNull() || !(uv.Type().IsMapType() || uv.Type().IsObjectType()) {
				continue
			}
			for it := uv.ElementIterator(); it.Next(); {
				k, e := it.Element()
				if ks, known := valueString(k); known {
					add(ks, e, a)
				}
			}
		}
	}
	return o, len(o.Values) > 0
}

// refText names what a value references, for messages: the traversal of
// the expression at rng (aws_db_instance.main.address), else the component.
func refText(rr *rootResult, expr hcl.Expression, rng hcl.Range, comp string) string {
	if expr == nil {
		return comp
	}
	for _, t := range rr.cache.variables(expr) {
		if t.SourceRange() != rng {
			continue
		}
		var sb strings.Builder
		for _, step := range t {
			switch st := step.(type) {
			case hcl.TraverseRoot:
				sb.WriteString(st.Name)
			case hcl.TraverseAttr:
				sb.WriteString("." + st.Name)
			case hcl.TraverseIndex:
				if s, known := valueString(st.Key); known && st.Key.Type() == cty.String {
					fmt.Fprintf(&sb, "[%q]", s)
				} else if known {
					fmt.Fprintf(&sb, "[%s]", s)
				}
			}
		}
		return sb.String()
	}
	return comp
}
