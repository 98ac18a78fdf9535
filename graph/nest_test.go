package graph

import "testing"

// TestNestDomain: an inferred nesting adds a parent, a declaration wins over
// it before or after, and nesting twice is no error.
func TestNestDomain(t *testing.T) {
	zone := func(n string) DomainRef { return DomainRef{Type: "zone", Name: n} }
	region := func(n string) DomainRef { return DomainRef{Type: "region", Name: n} }
	b := NewBuilder()
	b.AddComponent(&Component{ID: "a", Replicas: 1, Placement: map[string][]string{"zone": {"eastus-1"}}})
	b.NestDomain(zone("eastus-1"), region("eastus"), Range{})
	b.NestDomain(zone("eastus-1"), region("westus"), Range{}) // the first nesting stands
	b.AddDomain(Domain{Ref: zone("declared"), Parent: &DomainRef{Type: "region", Name: "r1"}})
	b.NestDomain(zone("declared"), region("r2"), Range{})
	b.NestDomain(zone("later"), region("r3"), Range{})
	if d := b.AddDomain(Domain{Ref: zone("later"), Parent: &DomainRef{Type: "region", Name: "r4"}}); d.HasErrors() {
		t.Fatalf("declaring a nested domain: %v", d)
	}
	m, diags := b.Build()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for child, want := range map[string]string{"eastus-1": "eastus", "declared": "r1", "later": "r4"} {
		d := m.Domains[zone(child)]
		if d == nil || d.Parent == nil || d.Parent.Name != want {
			t.Errorf("zone %s: parent %+v, want region %s", child, d, want)
		}
	}
	if m.Domains[region("eastus")] == nil {
		t.Errorf("the parent region is not a domain")
	}
}
