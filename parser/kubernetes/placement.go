package kubernetes

import (
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/graph"
)

// The failure-domain types faultline reads from scheduling rules, and the node
// label keys that name them (the deprecated beta keys included).
const (
	zoneDomain = "zone"
	hostDomain = "host"
)

func domainOfKey(key string) string {
	switch key {
	case "topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone":
		return zoneDomain
	case "kubernetes.io/hostname":
		return hostDomain
	}
	return ""
}

// placementRules is what a pod spec's scheduling rules guarantee, per domain type:
// pinned to one named domain (nodeSelector, required node affinity with one
// value, nodeName), or spread by a hard rule (a DoNotSchedule topology spread
// constraint, a required pod anti-affinity). Preferred rules and ScheduleAnyway
// guarantee nothing and are only remembered, to say so.
type placementRules struct {
	pinned    map[string]string
	pinnedRng map[string]graph.Range
	spread    map[string]bool
	spreadRng map[string]graph.Range
	soft      map[string]bool // a preference only
}

func (r *reader) placement(spec *yaml.Node) placementRules {
	p := placementRules{
		pinned: map[string]string{}, pinnedRng: map[string]graph.Range{},
		spread: map[string]bool{}, spreadRng: map[string]graph.Range{}, soft: map[string]bool{},
	}
	pin := func(typ, value string, n *yaml.Node) {
		if typ != "" && value != "" {
			p.pinned[typ], p.pinnedRng[typ] = value, r.rng(n)
		}
	}
	pairs(field(spec, "nodeSelector"), func(k string, _, v *yaml.Node) {
		if s, ok := str(v); ok {
			pin(domainOfKey(k), s, v)
		}
	})
	if n := field(spec, "nodeName"); n != nil {
		if s, ok := str(n); ok {
			pin(hostDomain, s, n)
		}
	}
	aff := field(spec, "affinity")
	// Node affinity: terms are ORed, expressions within a term ANDed. A zone is
	// pinned only when every term pins the same single zone.
	terms := items(at(aff, "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"))
	for _, typ := range []string{zoneDomain, hostDomain} {
		value, same := "", len(terms) > 0
		var where *yaml.Node
		for _, t := range terms {
			v, n := "", (*yaml.Node)(nil)
			for _, e := range items(field(t, "matchExpressions")) {
				k, _ := str(field(e, "key"))
				op, _ := str(field(e, "operator"))
				vals := items(field(e, "values"))
				if domainOfKey(k) == typ && op == "In" && len(vals) == 1 {
					v, _ = str(vals[0])
					n = vals[0]
				}
			}
			if v == "" || (value != "" && v != value) {
				same = false
				break
			}
			value, where = v, n
		}
		if same {
			pin(typ, value, where)
		}
	}
	spread := func(typ string, n *yaml.Node) {
		if typ != "" && !p.spread[typ] {
			p.spread[typ], p.spreadRng[typ] = true, r.rng(n)
		}
	}
	for _, c := range items(field(spec, "topologySpreadConstraints")) {
		k, _ := str(field(c, "topologyKey"))
		when, _ := str(field(c, "whenUnsatisfiable"))
		skew, ok := intOf(field(c, "maxSkew"))
		typ := domainOfKey(k)
		if when == "DoNotSchedule" && ok && skew == 1 {
			spread(typ, field(c, "topologyKey"))
		} else if typ != "" {
			p.soft[typ] = true
		}
	}
	for _, t := range items(at(aff, "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution")) {
		spread(domainOfKey(strOr(field(t, "topologyKey"))), field(t, "topologyKey"))
	}
	for _, t := range items(at(aff, "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution")) {
		if typ := domainOfKey(strOr(at(t, "podAffinityTerm", "topologyKey"))); typ != "" {
			p.soft[typ] = true
		}
	}
	return p
}

func strOr(n *yaml.Node) string {
	s, _ := str(n)
	return s
}

// apply sets c's placement from the rules: a pinned domain holds every instance;
// a hard spread rule leaves the placement empty but known (each instance in a
// different domain, whose names the manifests do not give); anything else is
// unknown, and is recorded as such, never guessed.
func (p placementRules) apply(c *graph.Component) {
	for _, typ := range []string{zoneDomain, hostDomain} {
		if v, ok := p.pinned[typ]; ok {
			if c.Placement == nil {
				c.Placement = map[string][]string{}
				c.PlacementRange = map[string]graph.Range{}
			}
			c.Placement[typ] = []string{v}
			c.PlacementRange[typ] = p.pinnedRng[typ]
			continue
		}
		if p.spread[typ] {
			continue
		}
		// A host spread does not imply a zone spread. A zone spread does not
		// put every instance on its own host (a zone may hold two of them), but
		// a host is in one zone, so instances spread over zones cannot all
		// share one host: the event unknown-placement reports (one host
		// holding every instance) cannot happen.
		if typ == hostDomain && p.spread[zoneDomain] {
			continue
		}
		c.UnknownPlacement = append(c.UnknownPlacement, typ)
	}
}

// softNote says which preferences exist, for the unknown-placement finding.
func (p placementRules) softNote() string {
	var s []string
	for _, typ := range []string{zoneDomain, hostDomain} {
		if p.soft[typ] {
			s = append(s, typ)
		}
	}
	if len(s) == 0 {
		return ""
	}
	return "only preferred (soft) spreading over " + strings.Join(s, ", ")
}
