package graph

import "github.com/hashicorp/hcl/v2"

// Finisher is the state a format keeps across the files of one load. Build calls
// Finish before it resolves anything, once every file has been read, so that a
// format can resolve relations between its files (a Kubernetes Service in one
// file and the Deployment it selects in another) and add the components and
// dependencies they give.
type Finisher interface {
	Finish(b *Builder) hcl.Diagnostics
}

// State returns the state stored under key, creating it with create on first use.
// Finishers run in the order they were created, so the model does not depend on
// map order.
func (b *Builder) State(key any, create func() Finisher) Finisher {
	for _, s := range b.states {
		if s.key == key {
			return s.f
		}
	}
	f := create()
	b.states = append(b.states, keyedFinisher{key, f})
	return f
}

type keyedFinisher struct {
	key any
	f   Finisher
}

// LateFinisher is a Finisher that runs after every other one, and after the
// finishers that those create: a stage that binds what several formats read
// (parser/crosslayer) needs each format's own relations resolved first.
type LateFinisher interface {
	Finisher
	Late()
}

// finish runs every Finisher once: the others first, in order of creation
// (those created while finishing included), then the late ones. The states
// stay in b.states, so that State still finds them while they finish.
func (b *Builder) finish() hcl.Diagnostics {
	var diags hcl.Diagnostics
	var late []Finisher
	for i := 0; i < len(b.states); i++ {
		f := b.states[i].f
		if _, ok := f.(LateFinisher); ok {
			late = append(late, f)
			continue
		}
		diags = append(diags, f.Finish(b)...)
	}
	for _, f := range late {
		diags = append(diags, f.Finish(b)...)
	}
	b.finished = b.states
	b.states = nil
	return diags
}

// UnitMerger is a Finisher whose state a unit hands on to its parent once the
// unit has finished (see Unit): what crosses units, such as the Kubernetes
// workloads of a unit that run on a cluster the parent's Terraform declares.
// prefix is the unit's ID prefix (name:), to put before the IDs it hands on.
type UnitMerger interface {
	MergeUnit(parent *Builder, prefix string)
}
