package graph

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
)

// Units. A repository holds several deployments: the variants of an install
// (one per cloud provider, with the same object names), the overlays of a
// Kustomize base, the charts of a monorepo. Each is a graph of its own: its
// references resolve among its own declarations, and a format's cross-file
// resolution (a Kubernetes Service selecting the Deployments of its namespace)
// stays within it. A unit is a Builder of its own whose declarations join its
// parent's when the parent builds, each ID prefixed with the unit's name and a
// colon, as Terraform root modules are (examples/simple:module.vpc.aws_vpc.this).
// Failure domains are shared: zone us-east-1a is one zone whichever deployment
// places instances in it.

// unit is a child builder and the prefix of its IDs.
type unit struct {
	prefix string
	b      *Builder
}

// Unit returns the builder of the unit named name, creating it on first use;
// its components join b as name:ID. The unit named "" is b itself: the unit of
// the input path, which shares the builder (and the formats' state) with what is
// added to b directly, such as Terraform root modules.
func (b *Builder) Unit(name string) *Builder {
	if name == "" {
		return b
	}
	for _, u := range b.units {
		if u.prefix == prefixOf(name) {
			return u.b
		}
	}
	u := unit{prefix: prefixOf(name), b: NewBuilder()}
	u.b.isUnit = true
	b.units = append(b.units, u)
	return u.b
}

// IsUnit reports whether b is the builder of a named unit, whose declarations
// join a parent's.
func (b *Builder) IsUnit() bool { return b.isUnit }

func prefixOf(name string) string {
	if name == "" {
		return ""
	}
	return name + ":"
}

// mergeUnits finishes every unit and adds its declarations to b, prefixed.
func (b *Builder) mergeUnits() hcl.Diagnostics {
	var diags hcl.Diagnostics
	units := b.units
	b.units = nil
	for _, u := range units {
		c := u.b
		diags = append(diags, c.mergeUnits()...)
		diags = append(diags, c.finish()...)
		p := u.prefix
		for _, st := range c.finished {
			if m, ok := st.f.(UnitMerger); ok {
				m.MergeUnit(b, p)
			}
		}
		refs := make([]DomainRef, 0, len(c.domains))
		for ref := range c.domains {
			refs = append(refs, ref)
		}
		sort.Slice(refs, func(i, j int) bool { return refs[i].String() < refs[j].String() })
		for _, ref := range refs {
			d := c.domains[ref]
			if c.declared[ref] && !b.declared[ref] {
				diags = append(diags, b.AddDomain(*d)...)
			} else {
				b.noteDomain(ref, d.Range)
			}
		}
		for _, id := range c.order {
			comp := c.comps[id]
			comp.ID = p + comp.ID
			for t, pl := range comp.PlacedOn {
				pl.ID = p + pl.ID
				comp.PlacedOn[t] = pl
			}
			if comp.InstanceOf != nil {
				comp.InstanceOf.ID = p + comp.InstanceOf.ID
			}
			diags = append(diags, b.AddComponent(comp)...)
		}
		groupBase := len(b.groups)
		for _, g := range c.groups {
			g.Owner = p + g.Owner
			for i := range g.Of {
				g.Of[i] = p + g.Of[i]
			}
			b.groups = append(b.groups, g)
		}
		for _, d := range c.deps {
			d.From, d.To = p+d.From, p+d.To
			if d.Kind == RequiresAny && d.Group >= 0 {
				d.Group += groupBase
			}
			b.deps = append(b.deps, d)
		}
		for _, pc := range c.calls {
			pc.from, pc.to = p+pc.from, p+pc.to
			b.calls = append(b.calls, pc)
		}
		for _, r := range c.refs {
			r.id = p + r.id
			b.refs = append(b.refs, r)
		}
	}
	return diags
}
