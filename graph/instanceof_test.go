package graph_test

import (
	"slices"
	"testing"

	"github.com/faultline-dev/faultline/graph"
)

// A component that stands for one instance of another gets that instance's
// placement at Build, as it stands then (after the finishers: a binding
// across layers places pods last), for the types it has none of its own,
// and the other's confinement; in a unit, both IDs carry the unit's prefix.
func TestInstanceOfPlacement(t *testing.T) {
	for _, unit := range []string{"", "prod"} {
		root := graph.NewBuilder()
		b := root
		prefix := ""
		if unit != "" {
			b, prefix = root.Unit(unit), unit+":"
		}
		sts := &graph.Component{ID: "sts", Replicas: 3, Confined: []string{"region"},
			Placement:      map[string][]string{"zone": {"a", "b", "c"}, "host": {"h1", "", "h3"}},
			PlacementRange: map[string]graph.Range{"zone": {Filename: "z.yaml"}, "host": {Filename: "h.yaml"}},
			PlacedOn:       map[string]graph.Placer{"zone": {ID: "nodes"}}}
		pod := &graph.Component{ID: "pod", Replicas: 1, InstanceOf: &graph.InstanceRef{ID: "sts", Index: 1, Of: 3}}
		pod0 := &graph.Component{ID: "pod0", Replicas: 1, InstanceOf: &graph.InstanceRef{ID: "sts", Index: 0, Of: 3},
			Placement: map[string][]string{"zone": {"x"}}}
		for _, c := range []*graph.Component{sts, pod, pod0, {ID: "nodes", Replicas: 3}} {
			if diags := b.AddComponent(c); diags.HasErrors() {
				t.Fatal(diags.Error())
			}
		}
		m, diags := root.Build()
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		p := m.Component(prefix + "pod")
		if got := p.Placement["zone"]; !slices.Equal(got, []string{"b"}) {
			t.Errorf("%q: pod zone %q, want [b]", unit, got)
		}
		if _, ok := p.Placement["host"]; ok {
			t.Errorf("%q: pod placed on a host where instance 1's is unknown: %q", unit, p.Placement["host"])
		}
		if p.PlacementRange["zone"].Filename != "z.yaml" || p.PlacedOn["zone"].ID != prefix+"nodes" {
			t.Errorf("%q: pod zone range %v, placed on %q", unit, p.PlacementRange["zone"], p.PlacedOn["zone"].ID)
		}
		if !slices.Equal(p.Confined, []string{"region"}) || p.InstanceOf.ID != prefix+"sts" {
			t.Errorf("%q: confined %q, instance of %q", unit, p.Confined, p.InstanceOf.ID)
		}
		p0 := m.Component(prefix + "pod0")
		if got := p0.Placement["zone"]; !slices.Equal(got, []string{"x"}) {
			t.Errorf("%q: pod0 keeps its own zone: %q", unit, got)
		}
		if got := p0.Placement["host"]; !slices.Equal(got, []string{"h1"}) {
			t.Errorf("%q: pod0 host %q, want [h1]", unit, got)
		}
	}
}
