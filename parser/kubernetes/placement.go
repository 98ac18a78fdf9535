package kubernetes

import (
	"fmt"
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

// placement reads spec's scheduling rules. labels are the pod template's
// labels: a topology spread constraint or a pod anti-affinity term counts
// only when its labelSelector selects them (it spreads the pods it selects,
// none when it has no selector), and such a rule that selects none of them is
// a warning. nil labels are unknown (an operator's pods): every rule counts.
func (r *reader) placement(spec *yaml.Node, labels map[string]string) placementRules {
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
	// own reports whether the rule (its labelSelector) applies to the
	// workload's own pods, and warns when a hard rule (what is not empty)
	// over a domain type does not: it guarantees nothing it seems to. A pod
	// anti-affinity term without a labelSelector matches no pod (the API's
	// PodAffinityTerm); a spread constraint without one is taken at its
	// word.
	own := func(rule *yaml.Node, typ, what string, needSelector bool) bool {
		if labels == nil || typ == "" {
			return true
		}
		n := field(rule, "labelSelector")
		if deref(n) == nil && !needSelector || r.selector(n, true).matches(labels) {
			return true
		}
		if what == "" {
			return false
		}
		detail := fmt.Sprintf("This %s's labelSelector does not select the pods of its own template (labelled %s), so it does not spread them over %ss: faultline reads their placement as unknown.", what, labelsString(labels), typ)
		at := n
		if deref(n) == nil {
			at = rule
			detail = fmt.Sprintf("This %s has no labelSelector, so it matches no pod and does not spread the pods of its own template (labelled %s) over %ss: faultline reads their placement as unknown.", what, labelsString(labels), typ)
		}
		r.warnf(at, "Spreading rule selects none of its pods", detail)
		return false
	}
	for _, c := range items(field(spec, "topologySpreadConstraints")) {
		k, _ := str(field(c, "topologyKey"))
		when, _ := str(field(c, "whenUnsatisfiable"))
		skew, ok := intOf(field(c, "maxSkew"))
		typ := domainOfKey(k)
		hard := when == "DoNotSchedule" && ok && skew == 1
		what := ""
		if hard {
			what = "topology spread constraint"
		}
		if !own(c, typ, what, false) {
			continue
		}
		if hard {
			spread(typ, field(c, "topologyKey"))
		} else if typ != "" {
			p.soft[typ] = true
		}
	}
	for _, t := range items(at(aff, "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution")) {
		typ := domainOfKey(strOr(field(t, "topologyKey")))
		if own(t, typ, "pod anti-affinity term", true) {
			spread(typ, field(t, "topologyKey"))
		}
	}
	for _, t := range items(at(aff, "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution")) {
		if typ := domainOfKey(strOr(at(t, "podAffinityTerm", "topologyKey"))); typ != "" && own(field(t, "podAffinityTerm"), typ, "", true) {
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
