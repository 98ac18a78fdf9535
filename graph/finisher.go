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

// finish runs every Finisher once.
func (b *Builder) finish() hcl.Diagnostics {
	var diags hcl.Diagnostics
	states := b.states
	b.states = nil
	for _, s := range states {
		diags = append(diags, s.f.Finish(b)...)
	}
	return diags
}
