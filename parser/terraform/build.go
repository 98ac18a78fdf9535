package terraform

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/parser/crosslayer"
)

// Source is the value of graph.Component.Source for components read by this package.
const Source = "terraform"

// abstractReplicas is the replica count of a regional or global managed service:
// redundant inside its scope, so that no single-instance event takes it down.
const abstractReplicas = 2

// rootResult is what one root module contributes to the graph.
type rootResult struct {
	prefix       string
	cache        *parseCache // nil for a plan
	files        []string
	diags        hcl.Diagnostics
	recs         []*instRec
	byRef        map[ref]*instRec
	byComp       map[string][]*instRec
	comps        []*graph.Component
	compSet      map[string]*graph.Component
	edges        []graph.Dependency
	domains      map[string]graph.Domain // subnet domains, by name
	zones        map[ref]*zoneOf
	opaque       []*graph.Component
	unknownTypes map[string]hcl.Range // the first block of each type outside the knowledge base
	symbolic     map[string]string    // component -> the zone list its symbolic zones come from
	parts        map[string][]*instRec
	users        map[string][]string // usedBy's index
	providerRefs map[providerUse][]attrVal
	zoneParents  map[string]regionAt // zone -> its region, in a root of several regions
	sortedIDs    []string            // component IDs, sorted, for under
	underCache   map[string][]string
	dataRecs     map[string]*instRec // data sources that name configuration a resource of the root writes
	namedConfig  map[string]ref      // "TYPE NAME": the carrying resource that writes it (an SSM parameter by name)
}

// providerUse is a provider configuration as one module instance sees it.
type providerUse struct {
	mi  *modInst
	key string
}

// instRec is one evaluated resource instance.
type instRec struct {
	comp        string // ID within the root (module path and address)
	key         string
	res         *resource
	mi          *modInst
	kb          *ResourceType
	attrs       []attrVal
	blocks      map[string]int
	keysUnknown string
	// countUnknown: the count or for_each is unknown until apply, so the
	// one instance recorded stands for an unknown number.
	countUnknown bool
	// deps are dependencies already resolved to component IDs within the root
	// (a state's depends_on, which names absolute addresses); res.dependsOn
	// holds the traversals of a configuration's depends_on.
	deps []resolvedDep
	// regionName is the instance's region, once region has looked it up.
	regionName string
	regionDone bool
}

type resolvedDep struct {
	comp string
	rng  hcl.Range
}

type attrVal struct {
	path string
	val  cty.Value
	expr hcl.Expression
}

type zoneOf struct {
	state int8
	zone  string
	why   string
}

// collect evaluates the root module instance and every module under it.
func (rr *rootResult) collect(root *modInst) {
	rr.init()
	rr.walk(root)
	rr.build()
}

// init prepares an empty result, to be filled with instances (by walk, or by
// the plan reader) before build.
func (rr *rootResult) init() {
	rr.byRef = map[ref]*instRec{}
	rr.byComp = map[string][]*instRec{}
	rr.compSet = map[string]*graph.Component{}
	rr.domains = map[string]graph.Domain{}
	rr.zones = map[ref]*zoneOf{}
	rr.unknownTypes = map[string]hcl.Range{}
}

// add records one evaluated managed resource instance.
func (rr *rootResult) add(rec *instRec) {
	rr.recs = append(rr.recs, rec)
	rr.byRef[ref{rec.comp, rec.key}] = rec
	rr.byComp[rec.comp] = append(rr.byComp[rec.comp], rec)
}

func (rr *rootResult) walk(mi *modInst) {
	for key, pc := range mi.mod.providers {
		pr := &instRec{blocks: map[string]int{}}
		pr.evalBody(mi.scope(), pc.body, "")
		if rr.providerRefs == nil {
			rr.providerRefs = map[providerUse][]attrVal{}
		}
		rr.providerRefs[providerUse{mi, key}] = pr.attrs
	}
	for _, r := range mi.mod.resources {
		ri := mi.res[r.addr()]
		ri.value()
		id := mi.prefix + r.addr()
		var kbe *ResourceType
		if !r.data {
			kbe = Lookup(r.typ)
			if kbe == nil {
				rr.noteUnknownType(r.typ, r.rng)
			}
		}
		for i := range ri.keys {
			k := &ri.keys[i]
			sc := &scope{mi: mi}
			if r.count != nil || r.forEach != nil {
				sc.inst = k
			}
			rec := &instRec{comp: id, key: k.key, res: r, mi: mi, kb: kbe, blocks: map[string]int{}, keysUnknown: ri.unknown + ri.note, countUnknown: ri.unknown != ""}
			rec.evalBody(sc, r.body, "")
			if r.data {
				if _, ok := dataReads[r.typ]; ok && rr.dataRecs[id] == nil {
					if rr.dataRecs == nil {
						rr.dataRecs = map[string]*instRec{}
					}
					rr.dataRecs[id] = rec
				}
				continue
			}
			rr.add(rec)
		}
	}
	for _, c := range mi.mod.calls {
		mi.callValue(c)
		if why, ok := mi.opaque[c.name]; ok {
			rr.opaque = append(rr.opaque, &graph.Component{
				ID: mi.prefix + "module." + c.name, Kind: "module", Range: c.rng, Replicas: 1, Quorum: 1, Opaque: true,
				Source: Source, Group: strings.TrimSuffix(mi.prefix, "."),
				Unknowns: []string{fmt.Sprintf("module.%s is opaque: %s", c.name, why)},
			})
			continue
		}
		for _, ch := range mi.children[c.name].instances {
			rr.walk(ch)
		}
	}
}

// configProviders are the providers whose resources configure a service
// that watches, pages, builds or hosts code rather than one that serves
// the system (a Datadog monitor, a PagerDuty schedule, a GitHub
// repository): read as configuration, as an unknown type is, without a
// warning that each lacks from the knowledge base.
var configProviders = []string{
	"datadog_", "newrelic_", "pagerduty_", "opsgenie_", "grafana_", "sentry_", "signalfx_", "honeycombio_",
	"sumologic_", "statuscake_", "uptimerobot_", "checkly_", "betteruptime_", "launchdarkly_", "incident_",
	"github_", "gitlab_", "bitbucket_", "tfe_", "spacelift_", "env0_", "slack_",
}

// noteUnknownType records a resource type outside the knowledge base at its
// first block (in file and line order).
func (rr *rootResult) noteUnknownType(typ string, rng hcl.Range) {
	for _, p := range configProviders {
		if strings.HasPrefix(typ, p) {
			return
		}
	}
	if prev, ok := rr.unknownTypes[typ]; !ok || rng.Filename < prev.Filename ||
		rng.Filename == prev.Filename && rng.Start.Byte < prev.Start.Byte {
		rr.unknownTypes[typ] = rng
	}
}

// evalBody evaluates every attribute of a body, nested blocks included.
func (rec *instRec) evalBody(sc *scope, b *body, prefix string) {
	names := make([]string, 0, len(b.attrs))
	for n := range b.attrs {
		if prefix == "" && metaAttrs[n] {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := b.attrs[n]
		rec.attrs = append(rec.attrs, attrVal{path: prefix + n, val: sc.eval(a.Expr), expr: a.Expr})
	}
	for _, nb := range b.blocks {
		switch {
		case nb.typ == "dynamic" && len(nb.labels) == 1:
			rec.evalDynamic(sc, nb, prefix)
		case prefix == "" && metaAttrs[nb.typ]:
		default:
			rec.blocks[prefix+nb.typ]++
			rec.evalBody(sc, nb.body, prefix+nb.typ+".")
		}
	}
}

// evalDynamic evaluates a dynamic block's content once, with its iterator an
// unknown value carrying the marks of its for_each: the block's references
// survive, its count is known when the for_each is.
func (rec *instRec) evalDynamic(sc *scope, nb *nested, prefix string) {
	name := nb.labels[0]
	iter := name
	var content *body
	var forEach hcl.Expression
	if a := nb.body.attrs["iterator"]; a != nil {
		if kw := hcl.ExprAsKeyword(a.Expr); kw != "" {
			iter = kw
		}
	}
	if a := nb.body.attrs["for_each"]; a != nil {
		forEach = a.Expr
	}
	for _, c := range nb.body.blocks {
		if c.typ == "content" {
			content = c.body
		}
	}
	if content == nil {
		return
	}
	n := 1
	marks := cty.NewValueMarks()
	if forEach != nil {
		v := sc.eval(forEach)
		uv, m := v.UnmarkDeep()
		marks = m
		if uv.IsKnown() && !uv.IsNull() && uv.CanIterateElements() {
			n = uv.LengthInt()
		}
	}
	rec.blocks[prefix+name] += n
	if n == 0 {
		return
	}
	inner := &scope{mi: sc.mi, inst: sc.inst, iter: map[string]cty.Value{}}
	for k, v := range sc.iter {
		inner.iter[k] = v
	}
	inner.iter[iter] = cty.ObjectVal(map[string]cty.Value{"key": cty.DynamicVal.WithMarks(marks), "value": cty.DynamicVal.WithMarks(marks)})
	rec.evalBody(inner, content, prefix+name+".")
}

// get returns the values at an attribute path: an attribute, a nested block's
// attribute (one value per block), or an attribute of an object-valued attribute.
func (rec *instRec) get(path string) []cty.Value {
	var out []cty.Value
	for _, a := range rec.attrs {
		if a.path == path {
			out = append(out, a.val)
		}
	}
	if out != nil {
		return out
	}
	// a.b where a is an attribute holding an object (JSON bodies, or a map).
	for _, a := range rec.attrs {
		if strings.HasPrefix(path, a.path+".") {
			v := a.val
			for _, step := range strings.Split(strings.TrimPrefix(path, a.path+"."), ".") {
				v = getAttr(v, step)
			}
			out = append(out, v)
		}
	}
	return out
}

func getAttr(v cty.Value, name string) cty.Value {
	uv, marks := v.Unmark()
	if !uv.IsKnown() || uv.IsNull() {
		return cty.DynamicVal.WithMarks(marks)
	}
	ty := uv.Type()
	switch {
	case ty.IsObjectType() && ty.HasAttribute(name):
		return uv.GetAttr(name).WithMarks(marks)
	case ty.IsMapType():
		k := cty.StringVal(name)
		if uv.HasIndex(k).True() {
			return uv.Index(k).WithMarks(marks)
		}
	}
	return cty.NullVal(cty.DynamicPseudoType)
}

// refsIn returns the resource instances a value came from, in order.
func refsIn(v cty.Value) []ref {
	var out []ref
	seen := map[ref]bool{}
	var visit func(v cty.Value)
	visit = func(v cty.Value) {
		uv, marks := v.Unmark()
		// marks is a map: take its references in a sorted order, so that
		// everything built from them (edges, "it comes from …") is the same
		// on every run.
		start := len(out)
		for m := range marks {
			if r, ok := m.(ref); ok && !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
		added := out[start:]
		sort.Slice(added, func(i, j int) bool {
			if added[i].Comp != added[j].Comp {
				return added[i].Comp < added[j].Comp
			}
			return added[i].Key < added[j].Key
		})
		if uv.IsKnown() && !uv.IsNull() && uv.CanIterateElements() {
			for it := uv.ElementIterator(); it.Next(); {
				_, e := it.Element()
				visit(e)
			}
		}
	}
	visit(v)
	return out
}

// valueString returns a known primitive as a string.
func valueString(v cty.Value) (s string, known bool) {
	uv, _ := v.UnmarkDeep()
	if !uv.IsKnown() {
		return "", false
	}
	if uv.IsNull() {
		return "", true
	}
	switch uv.Type() {
	case cty.String:
		return uv.AsString(), true
	case cty.Bool:
		if uv.True() {
			return "true", true
		}
		return "false", true
	case cty.Number:
		return uv.AsBigFloat().Text('f', -1), true
	}
	return "", true
}

// unknownWhy explains an unknown value by the data sources and resources it came from.
func (rr *rootResult) unknownWhy(v cty.Value) string {
	var parts []string
	for _, r := range refsIn(v) {
		parts = append(parts, rr.prefix+r.Comp)
	}
	var unset []string
	_, marks := v.UnmarkDeep()
	for m := range marks {
		if u, ok := m.(unsetVar); ok {
			unset = append(unset, "var."+string(u))
		}
	}
	sort.Strings(unset)
	switch {
	case len(parts) == 0 && len(unset) > 0:
		return strings.Join(unset, ", ") + " has no value: give it with --var or in a .tfvars file"
	case len(parts) == 0:
		return "it is unknown until apply"
	}
	if len(parts) > 3 {
		parts = append(parts[:3], "…")
	}
	return "it comes from " + strings.Join(parts, ", ")
}

// gkeDefaultPool is a GKE cluster read with its default node pool: the
// google_container_node_pool entry (nodes in each of its zones: node_locations,
// else its location's zone, else three zones of its region), counting
// initial_node_count per zone.
var gkeDefaultPool = func() ResourceType {
	t := *Lookup("google_container_node_pool")
	t.Type, t.Note = "google_container_cluster", ""
	t.Redundancy = []Redundancy{{When: "initial_node_count", From: "initial_node_count", Min: 1}}
	return t
}()

// gkeHasDefaultPool reports whether a google_container_cluster runs its
// default node pool: a known initial_node_count, no inline node_pool blocks
// (which replace it), and neither remove_default_node_pool nor
// enable_autopilot known to be true. Where any of them is unknown, nothing is
// claimed: the cluster stays a regional service.
func gkeHasDefaultPool(rec *instRec) bool {
	if rec.blocks["node_pool"] > 0 {
		return false
	}
	count := false
	for _, v := range rec.get("initial_node_count") {
		if s, known := valueString(v); known && s != "" && s != "0" {
			count = true
		} else {
			return false
		}
	}
	if !count {
		return false
	}
	for _, attr := range []string{"remove_default_node_pool", "enable_autopilot"} {
		for _, v := range rec.get(attr) {
			if s, known := valueString(v); !known || s == "true" {
				return false
			}
		}
	}
	return true
}

// gkeDefaultZones is how many zones GKE spreads a regional cluster's node
// pools over when no node_locations are given ("by default, GKE replicates
// each node pool across three zones of the control plane's region").
const gkeDefaultZones = 3

// poolZones returns the zones of a GKE node pool that lists none: its
// cluster's node_locations; else, for a cluster whose location is a zone, that
// zone; else, for a regional cluster, the three zones GKE chooses in its
// region, distinct and unnamed ("CLUSTER.node_locations[i]"). It returns nil
// when the cluster or its location is unknown.
func (rr *rootResult) poolZones(rec *instRec) []string {
	var cl *instRec
	if rec.res.typ == "google_container_cluster" {
		cl = rec // its default node pool
	}
	for _, v := range rec.get("cluster") {
		for _, r := range refsIn(v) {
			if c := rr.recOf(r); c != nil && c.res.typ == "google_container_cluster" {
				cl = c
			}
		}
	}
	loc := ""
	for _, v := range rec.get("location") {
		if s, known := valueString(v); known {
			loc = s
		}
	}
	if cl != nil {
		for _, v := range cl.get("node_locations") {
			uv, _ := v.UnmarkDeep()
			if !uv.IsWhollyKnown() || uv.IsNull() || !uv.CanIterateElements() {
				continue
			}
			var zs []string
			for it := uv.ElementIterator(); it.Next(); {
				_, e := it.Element()
				if e.Type() == cty.String {
					zs = append(zs, e.AsString())
				}
			}
			if len(zs) > 0 {
				return zs
			}
		}
		for _, v := range cl.get("location") {
			if s, known := valueString(v); known && loc == "" {
				loc = s
			}
		}
	}
	switch {
	case loc == "":
		return nil
	case googleZone.MatchString(loc):
		return []string{loc}
	}
	name := rr.prefix + "google_container_cluster"
	if cl != nil {
		name = rr.prefix + cl.comp
	}
	zs := make([]string, gkeDefaultZones)
	for i := range zs {
		zs[i] = fmt.Sprintf("%s.node_locations[%d]", name, i)
	}
	if rr.symbolic == nil {
		rr.symbolic = map[string]string{}
	}
	rr.symbolic[rec.comp] = fmt.Sprintf("the three zones GKE chooses in %s", loc)
	return zs
}

// replicas returns the replica count of one instance by the knowledge base's
// redundancy rules, raised to the floor the provider guarantees, and a note
// when a rule's value is unknown.
func (rr *rootResult) replicas(rec *instRec) (n int, note string, floored bool) {
	n = 1
	for _, rule := range rec.kb.Redundancy {
		applies, why := rr.applies(rec, rule)
		if why != "" {
			note = why
			break
		}
		if !applies {
			continue
		}
		if rule.Replicas > 0 {
			n = rule.Replicas
			break
		}
		c, why := rr.count(rec, rule.From)
		if why != "" {
			note = why
			break
		}
		n = max(c, rule.Min, 1)
		break
	}
	for _, rule := range rec.kb.Floor {
		if applies, why := rr.applies(rec, rule); applies && why == "" {
			n = max(n, rule.Replicas)
			floored = true
		}
	}
	return n, note, floored
}

// applies reports whether a redundancy rule's condition holds for an instance,
// or why that is unknown.
func (rr *rootResult) applies(rec *instRec, rule Redundancy) (bool, string) {
	if rule.When == "" {
		return true, ""
	}
	vals := rec.get(rule.When)
	if len(vals) == 0 && rec.blocks[rule.When] == 0 {
		return rule.Default != "" && strings.EqualFold(rule.Default, rule.Is), ""
	}
	applies := rec.blocks[rule.When] > 0
	for _, v := range vals {
		s, known := valueString(v)
		if !known {
			return false, fmt.Sprintf("%s of %s is unknown (%s)", rule.When, rr.prefix+rec.comp+rec.key, rr.unknownWhy(v))
		}
		uv, _ := v.UnmarkDeep()
		if uv.IsNull() {
			if rule.Default != "" && strings.EqualFold(rule.Default, rule.Is) {
				applies = true
			}
			continue
		}
		if rule.Is == "" {
			applies = applies || s != "false" && s != "" || !uv.Type().IsPrimitiveType() && uv.LengthInt() > 0
		} else if strings.EqualFold(s, rule.Is) {
			applies = true
		}
	}
	return applies, ""
}

// count reads a number, or the length of a list, or a nested block count.
func (rr *rootResult) count(rec *instRec, path string) (int, string) {
	if n := rec.blocks[path]; n > 0 {
		return n, ""
	}
	for _, v := range rec.get(path) {
		uv, _ := v.UnmarkDeep()
		if !uv.IsKnown() {
			return 0, fmt.Sprintf("%s of %s is unknown (%s)", path, rr.prefix+rec.comp+rec.key, rr.unknownWhy(v))
		}
		if uv.IsNull() {
			continue
		}
		if uv.Type() == cty.Number {
			i, _ := uv.AsBigFloat().Int64()
			return int(min(max(i, 0), maxInstances)), ""
		}
		if uv.CanIterateElements() {
			return uv.LengthInt(), ""
		}
	}
	return 0, ""
}

// zone returns the zone of a resource instance that lives in one (a subnet), or
// "" with the reason it is unknown.
func (rr *rootResult) zone(r ref) (string, string) {
	z := rr.zones[r]
	if z == nil {
		z = &zoneOf{}
		rr.zones[r] = z
	}
	if z.state == 2 {
		return z.zone, z.why
	}
	if z.state == 1 {
		return "", "its placement is circular"
	}
	z.state = 1
	rec := rr.byRef[r]
	z.why = "it is not known where " + rr.prefix + r.String() + " runs"
	if rec != nil && rec.kb != nil {
		zones, _, why := rr.where(rec)
		if len(zones) > 0 && zones[0] != "" {
			z.zone, z.why = zones[0], ""
		} else if why != "" {
			z.why = why
		}
	}
	z.state = 2
	return z.zone, z.why
}

// where returns the zones and subnets one instance lists (in order; "" for an
// unknown zone), and why zones are unknown.
func (rr *rootResult) where(rec *instRec) (zones []string, subnets []string, why string) {
	zones, subnets, why = rr.rawWhere(rec)
	if !strings.HasPrefix(rec.res.typ, "azurerm_") {
		return zones, subnets, why
	}
	// Azure's zone numbers are per region (and per subscription): zone "1" of
	// eastus is not zone "1" of westus2. A zone is named by its region.
	region := rr.region(rec)
	for i, z := range zones {
		switch {
		case z == "":
		case region != "":
			zones[i] = region + "-" + z
		default:
			zones[i] = ""
			why = fmt.Sprintf("the region of zone %s of %s is unknown (Azure numbers zones per region)", z, rr.prefix+rec.comp+rec.key)
		}
	}
	return zones, subnets, why
}

// rawWhere is where, with zones as the configuration writes them.
func (rr *rootResult) rawWhere(rec *instRec) (zones []string, subnets []string, why string) {
	for _, attr := range rec.kb.Zone {
		for _, v := range rec.get(attr) {
			uv, _ := v.Unmark()
			if uv.IsNull() && uv.IsKnown() {
				continue
			}
			if !uv.IsKnown() {
				if z := rr.symbolicZone(rec, v); z != "" {
					return []string{z}, nil, ""
				}
				return []string{""}, nil, fmt.Sprintf("the zone of %s is unknown: %s", rr.prefix+rec.comp+rec.key, rr.unknownWhy(v))
			}
			if uv.Type() == cty.String {
				return []string{uv.AsString()}, nil, ""
			}
			if uv.CanIterateElements() {
				for it := uv.ElementIterator(); it.Next(); {
					_, e := it.Element()
					s, known := valueString(e)
					if !known {
						if s = rr.symbolicZone(rec, e); s == "" {
							why = fmt.Sprintf("the zones of %s are unknown: %s", rr.prefix+rec.comp+rec.key, rr.unknownWhy(e))
						}
					}
					zones = append(zones, s)
				}
				if len(zones) > 0 {
					return zones, nil, why
				}
			}
		}
	}
	for _, attr := range rec.kb.Subnet {
		for _, v := range rec.get(attr) {
			uv, _ := v.UnmarkDeep()
			if uv.IsKnown() && (uv.IsNull() || uv.CanIterateElements() && uv.LengthInt() == 0) {
				continue
			}
			found := false
			for _, r := range refsIn(v) {
				sub := rr.byRef[r]
				if sub == nil || sub.kb == nil || !sub.kb.Host {
					continue
				}
				found = true
				z, w := rr.zone(r)
				zones = append(zones, z)
				subnets = append(subnets, rr.prefix+r.String())
				if z == "" && why == "" {
					why = w
				}
			}
			if found || why != "" {
				continue
			}
			if uv.IsWhollyKnown() {
				why = fmt.Sprintf("the zones of the subnets of %s are not known: %s names them by ID", rr.prefix+rec.comp+rec.key, attr)
			} else {
				why = fmt.Sprintf("the subnets of %s are unknown: %s", rr.prefix+rec.comp+rec.key, rr.unknownWhy(v))
			}
		}
	}
	return zones, subnets, why
}

// region returns the region of an instance, "" when it is unknown: its own
// region (the AWS provider's per-resource region, Google's region) or location
// (Azure; a Google zone), then its provider configuration's region (through
// provider aliases), then, for AWS and Google, its zone's name.
func (rr *rootResult) region(rec *instRec) string {
	if rec.regionDone {
		return rec.regionName
	}
	rec.regionDone = true
	for _, attr := range []string{"region", "location"} {
		for _, v := range rec.get(attr) {
			if s, known := valueString(v); known && s != "" {
				rec.regionName = normalRegion(rec.res.typ, s)
				return rec.regionName
			}
			if s := rr.staticString(rec, attr); s != "" {
				rec.regionName = normalRegion(rec.res.typ, s)
				return rec.regionName
			}
		}
	}
	if rec.mi != nil {
		for _, a := range rr.providerDeps(rec.mi, rec.res) {
			if a.path == "region" {
				if s, known := valueString(a.val); known && s != "" {
					rec.regionName = s
					return s
				}
			}
		}
	}
	if rec.kb != nil && !strings.HasPrefix(rec.res.typ, "azurerm_") {
		if zs, _, _ := rr.rawWhere(rec); len(zs) > 0 {
			rec.regionName = zoneRegion(zs[0])
		}
	}
	return rec.regionName
}

// staticString resolves an attribute that reads another resource's attribute
// of the same module (location = azurerm_resource_group.main.location): a
// reference is unknown until apply, but the attribute it reads may be set.
func (rr *rootResult) staticString(rec *instRec, attr string) string {
	for _, a := range rec.attrs {
		if a.path != attr || a.expr == nil {
			continue
		}
		ts := rr.cache.variables(a.expr)
		if len(ts) != 1 || rec.mi == nil {
			return ""
		}
		t := ts[0]
		name, _ := attrName(t, 1)
		target := rr.byComp[rec.mi.prefix+t.RootName()+"."+name]
		if len(target) == 0 || target[0] == rec {
			return ""
		}
		last, ok := t[len(t)-1].(hcl.TraverseAttr)
		if !ok {
			return ""
		}
		for _, v := range target[0].get(last.Name) {
			if s, known := valueString(v); known {
				return s
			}
		}
	}
	return ""
}

var (
	awsZone    = regexp.MustCompile(`^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)(?:-[a-z]+-\d+)?[a-z]$`)
	googleZone = regexp.MustCompile(`^([a-z]+-[a-z]+\d+)-[a-z]$`)
)

// zoneRegion returns the region an AWS or Google zone name belongs to
// (us-east-1a, us-west-2-lax-1a: us-east-1, us-west-2; europe-west1-b:
// europe-west1), or "".
func zoneRegion(zone string) string {
	if m := awsZone.FindStringSubmatch(zone); m != nil {
		return m[1]
	}
	if m := googleZone.FindStringSubmatch(zone); m != nil {
		return m[1]
	}
	return ""
}

// normalRegion writes a region as its provider names it: Azure accepts
// "East US" for eastus; a Google location may be a zone.
func normalRegion(typ, s string) string {
	switch {
	case strings.HasPrefix(typ, "azurerm_"):
		return strings.ToLower(strings.ReplaceAll(s, " ", ""))
	case strings.HasPrefix(typ, "google_"):
		if m := googleZone.FindStringSubmatch(s); m != nil {
			return m[1]
		}
	}
	return s
}

// symbolicZone names the zone of an unknown value that is one element of a
// list of distinct zones (slice(data.aws_availability_zones.x.names, 0, 3)):
// "data.aws_availability_zones.x[1]", the zone at that index, whatever its
// name will be. No zone name is invented; the component records that its
// zones are unnamed. It returns "" for any other unknown.
func (rr *rootResult) symbolicZone(rec *instRec, v cty.Value) string {
	_, marks := v.Unmark()
	var slot *zoneSlot
	for m := range marks {
		if z, ok := m.(zoneSlot); ok {
			if slot != nil && *slot != z {
				return "" // a value that mixes two elements
			}
			slot = &z
		}
	}
	if slot == nil {
		return ""
	}
	if rr.symbolic == nil {
		rr.symbolic = map[string]string{}
	}
	rr.symbolic[rec.comp] = rr.prefix + slot.List
	return fmt.Sprintf("%s%s[%d]", rr.prefix, slot.List, slot.Index)
}

// build turns the evaluated instances into components and edges.
func (rr *rootResult) build() {
	comps := make([]string, 0, len(rr.byComp))
	for id := range rr.byComp {
		comps = append(comps, id)
	}
	sort.Strings(comps)
	regions := map[string]string{} // component -> region
	rr.zoneParents = map[string]regionAt{}
	for _, id := range comps {
		recs := rr.byComp[id]
		kbe := recs[0].kb
		if kbe == nil || kbe.Scope == ConfigOnly {
			continue
		}
		if kbe.Type == "google_container_cluster" && gkeHasDefaultPool(recs[0]) {
			for _, rec := range recs {
				rec.kb = &gkeDefaultPool
			}
			kbe = &gkeDefaultPool
		}
		r := recs[0].res
		c := &graph.Component{ID: rr.prefix + id, Kind: kbe.Kind, Range: r.rng, Source: Source,
			Group: strings.TrimSuffix(recs[0].mi.prefix, "."), DomainBound: kbe.DomainBound, Opaque: kbe.Opaque}
		if kbe.Opaque {
			c.Unknowns = append(c.Unknowns, fmt.Sprintf("%s is opaque: what a %s runs is not read", c.ID, r.typ))
		}
		if c.Kind == "" {
			c.Kind = "service"
		}
		if recs[0].keysUnknown != "" {
			c.Unknowns = append(c.Unknowns, recs[0].keysUnknown)
		}
		for mi := recs[0].mi; mi != nil; mi = mi.parent {
			if mi.note != "" {
				c.Unknowns = append(c.Unknowns, mi.note)
			}
		}
		c.InstancesUnknown = recs[0].countUnknown
		if kbe.Scope == Regional || kbe.Scope == Global {
			c.Replicas, c.Quorum = abstractReplicas, 1
		} else {
			var zones, subnets []string
			unknownZone := ""
			haveSubnets := true
			floored := false
			unplaced := 0 // instances (of one replica, or node pools) that name no zone or subnet
			for _, rec := range recs {
				n, note, fl := rr.replicas(rec)
				floored = floored || fl
				if note != "" {
					c.Unknowns = append(c.Unknowns, note)
				}
				zs, ss, why := rr.where(rec)
				if kbe.PerZone {
					if len(zs) == 0 && why == "" {
						zs = rr.poolZones(rec)
					}
					if len(zs) > 0 {
						n *= len(zs)
					}
				}
				if len(zs) == 0 && len(ss) == 0 && why == "" && (n == 1 || kbe.RoundRobin) && len(kbe.Zone)+len(kbe.Subnet) > 0 {
					unplaced++
				}
				for i := 0; i < n; i++ {
					z, s := "", ""
					switch {
					case len(zs) == 0:
					case kbe.RoundRobin:
						z = zs[i%len(zs)]
					case i < len(zs):
						z = zs[i]
					}
					switch {
					case len(ss) == 0:
					case kbe.RoundRobin:
						s = ss[i%len(ss)]
					case i < len(ss):
						s = ss[i]
					}
					if s == "" {
						haveSubnets = false
					}
					zones = append(zones, z)
					subnets = append(subnets, s)
				}
				if why != "" && unknownZone == "" {
					unknownZone = why
				}
			}
			if len(zones) > 1 && unplaced == len(recs) && unknownZone == "" {
				// count = 3 and no zone or subnet, or a node pool of 3 nodes
				// without zones: the provider (or the cloud) chooses where each
				// instance runs, the same zone for all of them as likely as not
				// (the default subnet of a default VPC). A rule that makes one
				// instance redundant (Multi-AZ) is the provider's guarantee.
				unknownZone = fmt.Sprintf("%s sets no %s: the provider chooses the zone of each instance",
					c.ID, strings.Join(append(append([]string(nil), kbe.Zone...), kbe.Subnet...), " or "))
			}
			c.Replicas, c.Quorum = len(zones), 1
			c.Placement = map[string][]string{}
			c.PlacementRange = map[string]hcl.Range{}
			known := false
			for _, z := range zones {
				known = known || z != ""
			}
			if known {
				c.Placement["zone"] = zones
				c.PlacementRange["zone"] = r.rng
			}
			if haveSubnets && len(subnets) > 0 {
				c.Placement["subnet"] = subnets
				c.PlacementRange["subnet"] = r.rng
				for i, s := range subnets {
					if _, ok := rr.domains[s]; !ok {
						d := graph.Domain{Ref: graph.DomainRef{Type: "subnet", Name: s}, Range: r.rng}
						if zones[i] != "" {
							d.Parent = &graph.DomainRef{Type: "zone", Name: zones[i]}
							d.ParentRng = r.rng
						}
						rr.domains[s] = d
					}
				}
			}
			switch {
			case unknownZone != "" && floored:
				// The provider guarantees the spread (an ALB's two zones).
				c.Unknowns = append(c.Unknowns, unknownZone+"; the provider spreads it over distinct zones")
			case c.Replicas > 1 && unknownZone != "":
				c.UnknownPlacement = []string{"zone"}
				c.Unknowns = append(c.Unknowns, unknownZone)
			}
		}
		if kbe.Scope != Global {
			if reg := rr.region(recs[0]); reg != "" {
				regions[c.ID] = reg
				for _, z := range c.Placement["zone"] {
					if _, ok := rr.zoneParents[z]; z != "" && !ok {
						rr.zoneParents[z] = regionAt{reg, r.rng}
					}
				}
			}
		}
		if list := rr.symbolic[id]; list != "" {
			c.Unknowns = append(c.Unknowns, fmt.Sprintf("its zones are those of %s: distinct, but unnamed until apply", list))
		}
		c.Unknowns = uniqueStrings(c.Unknowns)
		rr.comps = append(rr.comps, c)
		rr.compSet[c.ID] = c
	}
	rr.placeRegions(regions)
	for _, c := range rr.opaque {
		c.ID = rr.prefix + c.ID
		rr.comps = append(rr.comps, c)
		rr.compSet[c.ID] = c
	}
	rr.buildEdges()
	rr.markEntrypoints()
}

// regionAt is the region a zone is in, and where that was learned.
type regionAt struct {
	region string
	rng    hcl.Range
}

// placeRegions makes regions failure domains when the root's resources are in
// two regions or more: each component of a known region is placed in it, and
// each zone nests in its region (a region's failure is its zones'). In a root
// of one region, that region's failure takes everything down, which every
// finding would repeat: it is not modelled (blast --fail zone=… still works).
func (rr *rootResult) placeRegions(regions map[string]string) {
	distinct := map[string]bool{}
	for _, r := range regions {
		distinct[r] = true
	}
	if len(distinct) < 2 {
		rr.zoneParents = nil
		return
	}
	for _, c := range rr.comps {
		reg := regions[c.ID]
		if reg == "" {
			continue
		}
		n := c.Replicas
		if n < 1 {
			n = 1
		}
		if c.Placement == nil {
			c.Placement = map[string][]string{}
			c.PlacementRange = map[string]hcl.Range{}
		}
		rs := make([]string, n)
		for i := range rs {
			rs[i] = reg
		}
		c.Placement["region"] = rs
		c.PlacementRange["region"] = c.Range
		// A resource is created in one region: its replicas cannot spread
		// beyond it, so the region's failure is its scope, not a shared domain
		// of its own (a second deployment behind a failover is the remedy,
		// and a requires_any group over both is what the rule checks).
		c.Confined = append(c.Confined, "region")
	}
}

func uniqueStrings(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	sort.Strings(s)
	out := s[:1]
	for _, x := range s[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

// maxCarry bounds how far references are followed through plumbing and
// configuration that carries them (a service, its task definition, an SSM
// parameter, a secret and its version).
const maxCarry = 6

// recOf returns the evaluated instance a reference names: the instance, or the
// first instance of the resource when the key is unknown ("[*]") or absent.
func (rr *rootResult) recOf(r ref) *instRec {
	if rec := rr.byRef[r]; rec != nil {
		return rec
	}
	if r.Key == "[*]" || r.Key == "" {
		if recs := rr.byComp[r.Comp]; len(recs) > 0 {
			return recs[0]
		}
	}
	return nil
}

// targets resolves a referenced resource instance to the components that a
// dependency on it means: the component itself; for a config-only plumbing
// resource (a listener), what its From side references (its load balancer);
// for a resource that carries configuration (a task definition, a launch
// template, an SSM parameter, a secret), also what that configuration names.
func (rr *rootResult) targets(r ref, depth int) []string {
	var out []string
	id := rr.prefix + r.Comp
	isComp := rr.compSet[id] != nil
	if isComp {
		out = append(out, id)
	}
	rec := rr.recOf(r)
	if rec == nil && depth <= maxCarry {
		if w, ok := rr.writer(r.Comp); ok {
			return rr.targets(w, depth+1)
		}
	}
	if rec == nil || rec.kb == nil || depth > maxCarry {
		return out
	}
	if p := rec.kb.Plumbing; p != nil && !isComp {
		for _, attr := range p.From {
			for _, v := range rec.get(attr) {
				for _, rf := range refsIn(v) {
					out = append(out, rr.targets(rf, depth+1)...)
				}
			}
		}
	}
	if len(rec.kb.UsedBy) > 0 && !isComp {
		out = append(out, rr.usedBy()[r.Comp]...)
	}
	if rec.kb.Carries {
		out = append(out, rr.carried(rec, depth)...)
		for _, part := range rr.parts[r.Comp] {
			out = append(out, rr.carried(part, depth)...)
		}
	}
	return out
}

// usedBy returns, per config-only resource with UsedBy attributes (an Azure
// network interface), the components whose attributes of that name reference
// it (the VMs whose network_interface_ids name it); built once.
func (rr *rootResult) usedBy() map[string][]string {
	if rr.users != nil {
		return rr.users
	}
	rr.users = map[string][]string{}
	attrs := map[string]bool{}
	for _, t := range kb {
		for _, a := range t.UsedBy {
			attrs[a] = true
		}
	}
	for _, rec := range rr.recs {
		id := rr.prefix + rec.comp
		if rr.compSet[id] == nil {
			continue
		}
		for _, a := range rec.attrs {
			if !attrs[a.path] {
				continue
			}
			for _, rf := range refsIn(a.val) {
				if !slices.Contains(rr.users[rf.Comp], id) {
					rr.users[rf.Comp] = append(rr.users[rf.Comp], id)
				}
			}
		}
	}
	return rr.users
}

// dataRead is how a data source reads configuration that a resource writes:
// data.aws_ssm_parameter.x with name = "/app/db-host" reads the
// aws_ssm_parameter whose name is "/app/db-host".
type dataRead struct {
	attr, writer, writerAttr string
}

var dataReads = map[string]dataRead{
	"aws_ssm_parameter":                    {"name", "aws_ssm_parameter", "name"},
	"aws_secretsmanager_secret":            {"name", "aws_secretsmanager_secret", "name"},
	"aws_secretsmanager_secret_version":    {"secret_id", "aws_secretsmanager_secret", "name"},
	"google_secret_manager_secret_version": {"secret", "google_secret_manager_secret", "secret_id"},
	"azurerm_key_vault_secret":             {"name", "azurerm_key_vault_secret", "name"},
}

// writer returns the resource that writes what a data source reads, by name.
func (rr *rootResult) writer(comp string) (ref, bool) {
	dr := rr.dataRecs[comp]
	if dr == nil {
		return ref{}, false
	}
	how := dataReads[dr.res.typ]
	if rr.namedConfig == nil {
		rr.namedConfig = map[string]ref{}
		for _, rec := range rr.recs {
			for _, d := range dataReads {
				if rec.res.typ != d.writer {
					continue
				}
				for _, v := range rec.get(d.writerAttr) {
					if s, known := valueString(v); known && s != "" {
						rr.namedConfig[d.writer+" "+s] = ref{rec.comp, rec.key}
					}
				}
			}
		}
	}
	for _, v := range dr.get(how.attr) {
		if s, known := valueString(v); known {
			w, ok := rr.namedConfig[how.writer+" "+s]
			return w, ok
		}
	}
	return ref{}, false
}

// carried returns the components that a carrying resource's attributes name,
// besides the resource it is a part of.
func (rr *rootResult) carried(rec *instRec, depth int) []string {
	var out []string
	into := map[string]bool{}
	for _, p := range rec.kb.CarriesInto {
		into[p] = true
	}
	for _, a := range rec.attrs {
		if into[a.path] {
			continue
		}
		for _, rf := range refsIn(a.val) {
			if rf.Comp != rec.comp {
				out = append(out, rr.targets(rf, depth+1)...)
			}
		}
	}
	return out
}

// indexParts records, for each resource that others are parts of (a secret),
// the parts that carry configuration into it (its versions).
func (rr *rootResult) indexParts() {
	rr.parts = map[string][]*instRec{}
	for _, rec := range rr.recs {
		if rec.kb == nil {
			continue
		}
		for _, attr := range rec.kb.CarriesInto {
			for _, v := range rec.get(attr) {
				for _, r := range refsIn(v) {
					rr.parts[r.Comp] = append(rr.parts[r.Comp], rec)
				}
			}
		}
	}
}

type edgeKey struct{ from, to string }

func (rr *rootResult) buildEdges() {
	rr.indexParts()
	seen := map[edgeKey]bool{}
	addKind := func(from, to string, kind graph.EdgeKind, rng hcl.Range) {
		if from == to || seen[edgeKey{from, to}] || rr.compSet[from] == nil || rr.compSet[to] == nil {
			return
		}
		seen[edgeKey{from, to}] = true
		rr.edges = append(rr.edges, graph.Dependency{From: from, To: to, Kind: kind, Range: rng})
	}
	add := func(from, to string, rng hcl.Range) { addKind(from, to, graph.Requires, rng) }
	var ordered []graph.Dependency // depends_on edges
	for _, rec := range rr.recs {
		if rec.kb == nil {
			continue
		}
		self := rr.prefix + rec.comp
		if p := rec.kb.Plumbing; p != nil {
			// Marks carry the references; the static traversals stand in where an
			// unknown index or condition dropped them
			// (try(aws_lb_target_group.this[action.value.key].arn, ...)).
			var froms []string
			for _, attr := range p.From {
				for _, v := range rec.get(attr) {
					for _, r := range refsIn(v) {
						froms = append(froms, rr.targets(r, 0)...)
					}
				}
				for _, a := range rec.attrs {
					if a.path == attr && rec.mi != nil {
						for _, t := range rr.cache.variables(a.expr) {
							froms = append(froms, rr.staticTargets(rec.mi, t, false)...)
						}
					}
				}
			}
			for _, attr := range p.To {
				for _, a := range rec.attrs {
					if a.path != attr && !strings.HasPrefix(attr, a.path+".") {
						continue
					}
					for _, r := range refsIn(a.val) {
						for _, to := range rr.targets(r, 0) {
							for _, from := range froms {
								add(from, to, rr.refRange(rec, a.expr, r))
							}
						}
					}
					if a.path != attr || rec.mi == nil {
						continue
					}
					for _, t := range rr.cache.variables(a.expr) {
						for _, to := range rr.staticTargets(rec.mi, t, false) {
							for _, from := range froms {
								add(from, to, t.SourceRange())
							}
						}
					}
				}
			}
			continue
		}
		if rr.compSet[self] == nil {
			continue
		}
		reverse := map[string]bool{}
		for _, p := range rec.kb.Reverse {
			reverse[p] = true
		}
		// owners are the resources that depend on this one through a
		// reverse attribute (the Aurora cluster of an instance's
		// cluster_identifier). The member's other references to them
		// (engine = aws_rds_cluster.x.engine) read the owner's settings:
		// no need of the member's, which would make a cycle with the
		// owner's need of its members.
		owners := map[string]bool{}
		for _, a := range rec.attrs {
			if !reverse[a.path] {
				continue
			}
			for _, r := range refsIn(a.val) {
				for _, to := range rr.targets(r, 0) {
					owners[to] = true
				}
			}
			for _, t := range rr.cache.variables(a.expr) {
				for _, to := range rr.staticTargets(rec.mi, t, false) {
					owners[to] = true
				}
			}
		}
		for _, a := range rec.attrs {
			kind := graph.Requires
			if slices.Contains(rec.kb.Soft, a.path) {
				kind = graph.Soft
			}
			for _, r := range refsIn(a.val) {
				for _, to := range rr.targets(r, 0) {
					if reverse[a.path] {
						add(to, self, rr.refRange(rec, a.expr, r))
					} else if !owners[to] {
						addKind(self, to, kind, rr.refRange(rec, a.expr, r))
					}
				}
			}
			// Static references: a conditional with an unknown condition drops the
			// marks of its branches; the traversals are still there.
			for _, t := range rr.cache.variables(a.expr) {
				for _, to := range rr.staticTargets(rec.mi, t, false) {
					if reverse[a.path] {
						add(to, self, t.SourceRange())
					} else if !owners[to] {
						addKind(self, to, kind, t.SourceRange())
					}
				}
			}
		}
		if rec.mi == nil {
			continue
		}
		// depends_on: of the resource, and of every module call it is inside;
		// added once every reference is (below).
		for _, t := range rec.res.dependsOn {
			for _, to := range rr.staticTargets(rec.mi, t, true) {
				ordered = append(ordered, graph.Dependency{From: self, To: to, Range: t.SourceRange()})
			}
		}
		for p := rec.mi; p.parent != nil; p = p.parent {
			for _, t := range p.call.dependsOn {
				for _, to := range rr.staticTargets(p.parent, t, true) {
					ordered = append(ordered, graph.Dependency{From: self, To: to, Range: t.SourceRange()})
				}
			}
		}
		for _, a := range rr.providerDeps(rec.mi, rec.res) {
			for _, r := range refsIn(a.val) {
				for _, to := range rr.targets(r, 0) {
					add(self, to, rr.refRange(rec, a.expr, r))
				}
			}
		}
	}
	// depends_on orders creation. Terraform rejects a cycle of references and
	// depends_on, so a path already leading the other way was turned around by
	// a plumbing rule (a route table association makes the subnet require the
	// route table, a listener makes the load balancer require its target
	// group, whatever depends_on says of their creation): that runtime
	// direction stands, and the creation order adds no cycle to it.
	if len(ordered) > 0 {
		next := map[string][]string{}
		for _, e := range rr.edges {
			next[e.From] = append(next[e.From], e.To)
		}
		reaches := func(from, to string) bool {
			seenNode := map[string]bool{from: true}
			stack := []string{from}
			for len(stack) > 0 {
				n := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if n == to {
					return true
				}
				for _, m := range next[n] {
					if !seenNode[m] {
						seenNode[m] = true
						stack = append(stack, m)
					}
				}
			}
			return false
		}
		for _, d := range ordered {
			if seen[edgeKey{d.From, d.To}] || reaches(d.To, d.From) {
				continue
			}
			add(d.From, d.To, d.Range)
			next[d.From] = append(next[d.From], d.To)
		}
	}
	// A state records references as dependencies in Terraform's order (an auto
	// scaling group depends on its target group), which a reverse or plumbing
	// rule above may have turned around: that direction stands, so these come last.
	for _, rec := range rr.recs {
		self := rr.prefix + rec.comp
		for _, d := range rec.deps {
			if to := rr.prefix + d.comp; !seen[edgeKey{to, self}] {
				add(self, to, d.rng)
			}
		}
	}
	sort.SliceStable(rr.edges, func(i, j int) bool {
		if rr.edges[i].From != rr.edges[j].From {
			return rr.edges[i].From < rr.edges[j].From
		}
		return rr.edges[i].To < rr.edges[j].To
	})
}

// staticTargets resolves a traversal of a module instance to components: a
// resource of the module (with what it carries), an opaque module call, and,
// for depends_on (whole), every component of a module call.
func (rr *rootResult) staticTargets(mi *modInst, t hcl.Traversal, whole bool) []string {
	root := t.RootName()
	name, _ := attrName(t, 1)
	if name == "" {
		return nil
	}
	switch root {
	case "var", "local", "count", "each", "path", "terraform", "self", "data":
		return nil
	case "module":
		call := rr.prefix + mi.prefix + "module." + name
		if _, ok := mi.opaque[name]; ok {
			return []string{call}
		}
		if whole {
			return rr.under(call)
		}
		return nil
	}
	comp := mi.prefix + root + "." + name
	if len(rr.byComp[comp]) == 0 {
		return nil
	}
	return rr.targets(ref{comp, ""}, 0)
}

// under returns the components declared in the instances of a module call,
// from the sorted component IDs (by binary search), once per call.
func (rr *rootResult) under(call string) []string {
	if out, ok := rr.underCache[call]; ok {
		return out
	}
	if rr.sortedIDs == nil {
		for _, c := range rr.comps {
			rr.sortedIDs = append(rr.sortedIDs, c.ID)
		}
		sort.Strings(rr.sortedIDs)
		rr.underCache = map[string][]string{}
	}
	var out []string
	for _, sep := range []string{".", "["} {
		p := call + sep
		for i := sort.SearchStrings(rr.sortedIDs, p); i < len(rr.sortedIDs) && strings.HasPrefix(rr.sortedIDs[i], p); i++ {
			out = append(out, rr.sortedIDs[i])
		}
	}
	rr.underCache[call] = out
	return out
}

// providerDeps returns the evaluated attributes of the provider configuration a
// resource of mi uses (a kubernetes provider's host, a helm provider's
// kubernetes block): the resource requires what they reference (the cluster).
func (rr *rootResult) providerDeps(mi *modInst, r *resource) []attrVal {
	key := r.providerKey()
	for p := mi; p != nil && p.mod != nil; p = p.parent {
		if p.mod.providers[key] != nil {
			return rr.providerRefs[providerUse{p, key}]
		}
		if p.call == nil {
			break
		}
		if k, ok := p.call.providers[key]; ok {
			key = k
		}
	}
	return nil
}

// refRange is the range of the traversal in expr that names r's resource, or
// the expression's range when the reference came through a variable or a module.
func (rr *rootResult) refRange(rec *instRec, expr hcl.Expression, r ref) hcl.Range {
	local := strings.TrimPrefix(r.Comp, rec.mi.prefix)
	for _, t := range rr.cache.variables(expr) {
		name, _ := attrName(t, 1)
		if t.RootName()+"."+name == local {
			return t.SourceRange()
		}
	}
	if se, ok := expr.(hclsyntax.Expression); ok {
		return se.Range()
	}
	return expr.Range()
}

// markEntrypoints decides the root's entrypoints (see the README: load balancers,
// API gateways, DNS records and CDNs; compute that nothing depends on; subnets in
// a network-only root; else whatever nothing depends on).
func (rr *rootResult) markEntrypoints() {
	hasDependents := map[string]bool{}
	for _, e := range rr.edges {
		if e.Kind != graph.Soft { // a read replica does not use its source at run time
			hasDependents[e.To] = true
		}
	}
	kbOf := map[string]*ResourceType{}
	for id, recs := range rr.byComp {
		kbOf[rr.prefix+id] = recs[0].kb
	}
	served := false
	for _, c := range rr.comps {
		if k := kbOf[c.ID]; k != nil && (k.Entry || k.Workload) {
			served = true
		}
	}
	marked := false
	for _, c := range rr.comps {
		k := kbOf[c.ID]
		if k == nil {
			continue
		}
		if k.Entry || (k.Workload || k.Stateful()) && !hasDependents[c.ID] || k.Host && !served {
			c.Entrypoint = true
			marked = true
		}
	}
	if !marked {
		for _, c := range rr.comps {
			if !hasDependents[c.ID] {
				c.Entrypoint = true
			}
		}
	}
}

// emit adds the root's components, domains and edges to b.
func (rr *rootResult) emit(b *graph.Builder) hcl.Diagnostics {
	var diags hcl.Diagnostics
	names := make([]string, 0, len(rr.domains))
	for n := range rr.domains {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		diags = append(diags, b.AddDomain(rr.domains[n])...)
	}
	zones := make([]string, 0, len(rr.zoneParents))
	for z := range rr.zoneParents {
		zones = append(zones, z)
	}
	sort.Strings(zones)
	for _, z := range zones {
		p := rr.zoneParents[z]
		b.NestDomain(graph.DomainRef{Type: "zone", Name: z}, graph.DomainRef{Type: "region", Name: p.region}, p.rng)
	}
	for _, c := range rr.comps {
		diags = append(diags, b.AddComponent(c)...)
	}
	for _, e := range rr.edges {
		b.AddDependency(e)
	}
	rr.crossLayer(crosslayer.Of(b))
	return diags
}
