package hcl

import (
	hclv2 "github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/graph"
)

// An op is one declaration decoded from a file, to be added to a builder later:
// decoding runs in parallel, adding runs in file order. at is the number of the
// file's diagnostics found before it, so that the builder's own diagnostics (a
// duplicate) keep their place among them.
type op interface {
	at() int
	apply(b *graph.Builder) hclv2.Diagnostics
}

// record adds an op at the current end of the diagnostics.
func (d *decoder) record(o op) {
	switch o := o.(type) {
	case *componentOp:
		o.pos = len(d.diags)
	case *domainOp:
		o.pos = len(d.diags)
	}
	d.ops = append(d.ops, o)
}

// componentOp adds a component with its edges, requires-any groups and calls.
type componentOp struct {
	pos    int
	c      *graph.Component
	deps   []graph.Dependency
	checks []ref // nil, or aligned with deps: a reference to check that creates no edge from c (monitored_by)
	groups []pendingGroup
	calls  []pendingCall
}

func (o *componentOp) at() int { return o.pos }

func (o *componentOp) apply(b *graph.Builder) hclv2.Diagnostics {
	diags := b.AddComponent(o.c)
	if len(diags) > 0 {
		// A duplicate, which the builder reports (its only diagnostic): its
		// edges would land on the first one.
		return diags
	}
	// The builder keeps the decoded dependencies themselves, as it keeps the
	// component: a Prepared is added to one builder.
	b.AddDependencies(o.deps)
	for _, ch := range o.checks {
		if ch.id != "" {
			b.AddReference(ch.id, ch.rng)
		}
	}
	for _, g := range o.groups {
		b.AddGroup(g.group, g.ranges)
	}
	for _, pc := range o.calls {
		b.AddCall(o.c.ID, pc.to.id, pc.to.rng, pc.call)
	}
	return diags
}

// domainOp adds a domain.
type domainOp struct {
	pos int
	dom graph.Domain
}

func (o *domainOp) at() int { return o.pos }

func (o *domainOp) apply(b *graph.Builder) hclv2.Diagnostics { return b.AddDomain(o.dom) }

// Components returns the IDs of the components the file declares, in order.
func (p *Prepared) Components() []string {
	var ids []string
	for _, o := range p.ops {
		if c, ok := o.(*componentOp); ok {
			if ids == nil {
				ids = make([]string, 0, len(p.ops))
			}
			ids = append(ids, c.c.ID)
		}
	}
	return ids
}
