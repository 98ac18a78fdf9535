package hcl

import (
	"sort"
	"time"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/faultline-dev/faultline/graph"
)

var componentSchema = &hclv2.BodySchema{
	Attributes: []hclv2.AttributeSchema{
		{Name: "kind"},
		{Name: "replicas"},
		{Name: "quorum"},
		{Name: "capacity"},
		{Name: "load"},
		{Name: "entrypoint"},
		{Name: "availability"},
		{Name: "slo"},
		{Name: "criticality"},
		{Name: "expires"},
		{Name: "auto_renew"},
		{Name: "requires"},
		{Name: "soft"},
		{Name: "bootstrap"},
		{Name: "monitors"},
		{Name: "monitored_by"},
	},
	Blocks: []hclv2.BlockHeaderSchema{
		{Type: "placement"},
		{Type: "requires_any", LabelNames: []string{"name"}},
		{Type: "call", LabelNames: []string{"name"}},
	},
}

var requiresAnySchema = &hclv2.BodySchema{
	Attributes: []hclv2.AttributeSchema{
		{Name: "of", Required: true},
		{Name: "need"},
	},
}

var callSchema = &hclv2.BodySchema{
	Attributes: []hclv2.AttributeSchema{
		{Name: "target", Required: true},
		{Name: "timeout"},
		{Name: "retries"},
		{Name: "circuit_breaker"},
	},
}

// maxReplicas bounds replicas: every instance is a vertex of the failure engine and
// a slot in each placement, and a typo of a few zeros must not exhaust memory.
const maxReplicas = 100000

// maxRetries bounds retries, whose products along call chains are computed.
const maxRetries = 1000

// edgeAttrs are the reference-list attributes in the order their edges are added.
var edgeAttrs = []struct {
	name     string
	kind     graph.EdgeKind
	reversed bool // the listed components are the dependents
}{
	{"requires", graph.Requires, false},
	{"soft", graph.Soft, false},
	{"bootstrap", graph.Bootstrap, false},
	{"monitors", graph.Monitors, false},
	{"monitored_by", graph.Monitors, true},
}

// pendingGroup and pendingCall are decoded before the component is added and
// handed to the builder after, when the component is known not to be a duplicate.
type pendingGroup struct {
	group  graph.Group
	ranges []hclv2.Range
}

type pendingCall struct {
	to   ref
	call *graph.Call
}

func (d *decoder) component(block *hclv2.Block) {
	name := block.Labels[0]
	valid := validIdentifier(name)
	if !valid {
		d.errorf(block.LabelRanges[0], "Invalid component name",
			"A component name must be a valid identifier (letters, digits, underscores and dashes, not starting with a digit) so that it can be referenced as component.NAME; %q is not.", name)
	}
	c := &graph.Component{
		ID:       "component." + name,
		Kind:     "service",
		Range:    block.DefRange,
		Replicas: 1,
		Quorum:   1,
		Source:   Source,
	}
	content, diags := bodyContent(block.Body, componentSchema)
	d.diags = append(d.diags, diags...)
	attrs := content

	if a := attrs.get("kind"); a != nil {
		if s, ok := d.str(a); ok {
			if s == "" {
				d.errorf(a.Expr.Range(), "Invalid kind", "The kind must not be empty; leave it out for the default, \"service\".")
			} else {
				c.Kind = s
			}
		}
	}
	replicasKnown := true
	if a := attrs.get("replicas"); a != nil {
		n, ok := d.whole(a)
		switch {
		case !ok:
			replicasKnown = false
		case n < 1:
			d.errorf(a.Expr.Range(), "Invalid replicas", "A component has at least 1 replica.")
			replicasKnown = false
		case n > maxReplicas:
			d.errorf(a.Expr.Range(), "Invalid replicas", "A component has at most %d replicas.", maxReplicas)
			replicasKnown = false
		default:
			c.Replicas = n
		}
	}
	if a := attrs.get("quorum"); a != nil {
		if n, ok := d.whole(a); ok {
			switch {
			case n < 1:
				d.errorf(a.Expr.Range(), "Invalid quorum", "The quorum is the number of instances that must be up, at least 1.")
			case replicasKnown && n > c.Replicas:
				d.errorf(a.Expr.Range(), "Invalid quorum", "The quorum is the number of instances that must be up; it cannot exceed the %s of the component.", plural(c.Replicas, "replica"))
			case replicasKnown:
				c.Quorum = n
			}
		}
	}
	d.placement(content.Blocks, c, replicasKnown)
	c.Capacity = d.nonNegative(attrs.get("capacity"))
	c.Load = d.nonNegative(attrs.get("load"))
	if a := attrs.get("entrypoint"); a != nil {
		c.Entrypoint, _ = d.boolean(a)
	}
	c.Availability = d.fraction(attrs.get("availability"))
	c.SLO = d.fraction(attrs.get("slo"))
	if a := attrs.get("criticality"); a != nil {
		c.Criticality, _ = d.str(a)
	}
	if a := attrs.get("expires"); a != nil {
		if s, ok := d.str(a); ok {
			if t, ok := parseDate(s); ok {
				c.Expires = t.UTC()
			} else {
				d.errorf(a.Expr.Range(), "Invalid expires",
					`The expiry must be a date, YYYY-MM-DD, or an RFC 3339 time like "2027-01-05T12:00:00Z"; %q is neither.`, s)
			}
		}
	}
	if a := attrs.get("auto_renew"); a != nil {
		if v, ok := d.boolean(a); ok {
			c.AutoRenew = &v
		}
	}

	// The edges, in attribute order; checks (aligned with deps, allocated only
	// when there are some) are references that create no edge from c
	// (monitored_by) and must still name a component.
	var deps []graph.Dependency
	var checks []ref
	for _, ea := range edgeAttrs {
		a := attrs.get(ea.name)
		if a == nil {
			continue
		}
		refs, _, _ := d.refList(a)
		if deps == nil {
			deps = make([]graph.Dependency, 0, len(refs))
		}
		for _, r := range refs {
			if ea.reversed {
				if checks == nil {
					checks = make([]ref, len(deps), cap(deps))
				}
				deps = append(deps, graph.Dependency{From: r.id, To: c.ID, Kind: ea.kind, Range: r.rng})
				checks = append(checks, r)
			} else {
				deps = append(deps, graph.Dependency{From: c.ID, To: r.id, Kind: ea.kind, Range: r.rng})
				if checks != nil {
					checks = append(checks, ref{})
				}
			}
		}
	}
	groups := d.requiresAny(content.Blocks, c.ID)
	calls := d.calls(content.Blocks)

	if !valid {
		return
	}
	op := &componentOp{c: c, deps: deps, checks: checks, groups: groups, calls: calls}
	d.record(op)
}

// nonNegative reads an optional number that must not be negative; 0 when unset.
func (d *decoder) nonNegative(a *hclv2.Attribute) float64 {
	if a == nil {
		return 0
	}
	f, ok := d.number(a)
	if !ok {
		return 0
	}
	if f < 0 {
		d.errorf(a.Expr.Range(), "Invalid "+a.Name, "The value of %q must not be negative.", a.Name)
		return 0
	}
	return f
}

// fraction reads an optional availability in (0, 1]; 0 when unset.
func (d *decoder) fraction(a *hclv2.Attribute) float64 {
	if a == nil {
		return 0
	}
	f, ok := d.number(a)
	if !ok {
		return 0
	}
	if f <= 0 || f > 1 {
		d.errorf(a.Expr.Range(), "Invalid "+a.Name,
			"The value of %q is a fraction of time, greater than 0 and at most 1, like 0.999; %g is not.", a.Name, f)
		return 0
	}
	return f
}

func parseDate(s string) (time.Time, bool) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// placement reads the placement block: one attribute per domain type, whose value
// is the domain of all instances (a string) or of each instance (a list). A null
// or empty string is an unknown placement. A placement whose length cannot be
// checked, because replicas is invalid, is left out.
func (d *decoder) placement(blocks hclv2.Blocks, c *graph.Component, replicasKnown bool) {
	var first *hclv2.Block
	for _, block := range blocks {
		if block.Type != "placement" {
			continue
		}
		if first != nil {
			d.errorf(block.DefRange, "Duplicate placement block",
				"A component has one placement block; the first is at %s.", first.DefRange)
			continue
		}
		first = block
		attrs, diags := justAttributes(block.Body)
		d.diags = append(d.diags, diags...)
		for _, a := range sortedAttrs(attrs) {
			domains, ok := d.placementValue(a, c.Replicas)
			if !ok {
				continue
			}
			if len(domains) != c.Replicas {
				if replicasKnown {
					d.errorf(a.Expr.Range(), "Invalid placement",
						"The %s placement lists %s but the component has %s; give one domain per replica, or a single string for all of them.",
						a.Name, plural(len(domains), "domain"), plural(c.Replicas, "replica"))
				}
				continue
			}
			if c.Placement == nil {
				c.Placement = map[string][]string{}
				c.PlacementRange = map[string]graph.Range{}
			}
			c.Placement[a.Name] = domains
			c.PlacementRange[a.Name] = a.Expr.Range()
		}
	}
}

func sortedAttrs(attrs hclv2.Attributes) []*hclv2.Attribute {
	out := make([]*hclv2.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Range.Start.Byte < out[j].Range.Start.Byte })
	return out
}

// placementValue returns the domains of a placement attribute: a string is every
// instance's domain, a list each instance's.
func (d *decoder) placementValue(a *hclv2.Attribute, replicas int) ([]string, bool) {
	v, ok := d.value(a)
	if !ok {
		return nil, false
	}
	t := v.Type()
	if t == cty.String {
		all := make([]string, replicas)
		for i := range all {
			all[i] = v.AsString()
		}
		return all, true
	}
	if !t.IsTupleType() && !t.IsListType() {
		d.placementTypeError(a.Expr.Range(), a.Name)
		return nil, false
	}
	// Point at the element when the list is written out.
	elemRanges, _ := hclv2.ExprList(a.Expr)
	var out []string
	ok = true
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		_, ev := it.Element()
		switch {
		case ev.IsNull():
			out = append(out, "")
		case ev.Type() == cty.String:
			out = append(out, ev.AsString())
		default:
			rng := a.Expr.Range()
			if len(elemRanges) == v.LengthInt() {
				rng = elemRanges[i].Range()
			}
			d.placementTypeError(rng, a.Name)
			ok = false
		}
	}
	return out, ok
}

func (d *decoder) placementTypeError(rng hclv2.Range, name string) {
	d.errorf(rng, "Invalid placement",
		`A placement names domains as strings: one for all instances, like %s = "us-east-1a", or a list with one per replica.`, name)
}

// requiresAny reads the requires_any blocks of the component owner.
func (d *decoder) requiresAny(blocks hclv2.Blocks, owner string) []pendingGroup {
	var out []pendingGroup
	seen := map[string]hclv2.Range{}
	for _, block := range blocks {
		if block.Type != "requires_any" {
			continue
		}
		name := block.Labels[0]
		prev, dup := seen[name]
		if dup {
			d.errorf(block.DefRange, "Duplicate requires_any group",
				"A requires_any group %q was already declared in this component at %s.", name, prev)
		} else {
			seen[name] = block.DefRange
		}
		content, diags := bodyContent(block.Body, requiresAnySchema)
		d.diags = append(d.diags, diags...)
		of := content.get("of")
		if of == nil {
			continue // HCL reported the missing argument
		}
		refs, elems, listOK := d.refList(of)
		if listOK && elems == 0 {
			d.errorf(of.Expr.Range(), "Empty requires_any group", "A requires_any group needs at least one alternative in its of list.")
		}
		need, needOK := 1, true
		if a := content.get("need"); a != nil {
			n, ok := d.whole(a)
			switch {
			case !ok:
				needOK = false
			case n < 1:
				d.errorf(a.Expr.Range(), "Invalid need", "A requires_any group needs at least 1 of its alternatives.")
				needOK = false
			case listOK && elems > 0 && n > elems:
				d.errorf(a.Expr.Range(), "Invalid need", "The group has %s; it cannot need more.", plural(elems, "alternative"))
				needOK = false
			default:
				need = n
			}
		}
		if dup || len(refs) == 0 {
			continue
		}
		if !needOK || need > len(refs) {
			need = max(1, min(need, len(refs)))
		}
		g := pendingGroup{group: graph.Group{Owner: owner, Name: name, Need: need, Range: block.DefRange}}
		for _, r := range refs {
			g.group.Of = append(g.group.Of, r.id)
			g.ranges = append(g.ranges, r.rng)
		}
		out = append(out, g)
	}
	return out
}

// calls reads the call blocks of a component.
func (d *decoder) calls(blocks hclv2.Blocks) []pendingCall {
	var out []pendingCall
	seen := map[string]hclv2.Range{}
	targets := map[string]hclv2.Range{}
	for _, block := range blocks {
		if block.Type != "call" {
			continue
		}
		name := block.Labels[0]
		prev, dup := seen[name]
		if dup {
			d.errorf(block.DefRange, "Duplicate call",
				"A call %q was already declared in this component at %s.", name, prev)
		} else {
			seen[name] = block.DefRange
		}
		content, diags := bodyContent(block.Body, callSchema)
		d.diags = append(d.diags, diags...)
		call := &graph.Call{Name: name, Range: block.DefRange}
		attrs := content
		if a := attrs.get("timeout"); a != nil {
			if s, ok := d.str(a); ok {
				t, err := time.ParseDuration(s)
				switch {
				case err != nil:
					d.errorf(a.Expr.Range(), "Invalid timeout",
						`A timeout is a duration with a unit, like "2s" or "500ms"; %q is not.`, s)
				case t <= 0:
					d.errorf(a.Expr.Range(), "Invalid timeout", "A timeout must be positive; %q is not.", s)
				default:
					call.Timeout, call.HasTimeout = t, true
				}
			}
		}
		if a := attrs.get("retries"); a != nil {
			if n, ok := d.whole(a); ok {
				switch {
				case n < 0:
					d.errorf(a.Expr.Range(), "Invalid retries", "The number of retries must not be negative.")
				case n > maxRetries:
					d.errorf(a.Expr.Range(), "Invalid retries", "The number of retries must be at most %d.", maxRetries)
				default:
					call.Retries = n
				}
			}
		}
		if a := attrs.get("circuit_breaker"); a != nil {
			call.CircuitBreaker, _ = d.boolean(a)
		}
		a := attrs.get("target")
		if a == nil {
			continue // HCL reported the missing argument
		}
		target, ok := d.ref(a.Expr)
		if !ok || dup {
			continue
		}
		if prev, twice := targets[target.id]; twice {
			d.errorf(target.rng, "Duplicate call target",
				"This component already declares a call to %s at %s; a dependency carries the attributes of one call.", target.id, prev)
			continue
		}
		targets[target.id] = block.DefRange
		out = append(out, pendingCall{to: target, call: call})
	}
	return out
}
