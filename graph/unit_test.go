package graph

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Two units that declare the same IDs are two graphs: each one's references
// resolve among its own components, the IDs are prefixed with the unit's name,
// and a failure domain named in both is one domain.
func TestUnits(t *testing.T) {
	b := NewBuilder()
	for _, name := range []string{"aws", "gcp"} {
		u := b.Unit(name)
		u.AddComponent(&Component{ID: "api", Replicas: 2, Placement: map[string][]string{"zone": {"a", "b"}}})
		u.AddComponent(&Component{ID: "db"})
		u.AddComponent(&Component{ID: "cache"})
		u.AddDependency(Dependency{From: "api", To: "db", Kind: Requires})
		u.AddGroup(Group{Owner: "api", Of: []string{"db", "cache"}, Need: 1}, nil)
	}
	b.Unit("").AddComponent(&Component{ID: "plain"})
	m, diags := b.Build()
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", diags.Error())
	}
	want := []string{"aws:api", "aws:cache", "aws:db", "gcp:api", "gcp:cache", "gcp:db", "plain"}
	if diff := cmp.Diff(want, m.IDs); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
	if len(m.EdgesBetween("gcp:api", "gcp:db")) == 0 || len(m.EdgesBetween("aws:api", "gcp:db")) != 0 {
		t.Errorf("edges cross units: %v", m.Dependencies)
	}
	for _, g := range m.Groups {
		if diff := cmp.Diff([]string{g.Owner[:4] + "db", g.Owner[:4] + "cache"}, g.Of); diff != "" {
			t.Errorf("group of %s (-want +got):\n%s", g.Owner, diff)
		}
	}
	for _, d := range m.Dependencies {
		if d.Kind == RequiresAny && m.Groups[d.Group].Owner != d.From {
			t.Errorf("%s -> %s points at the group of %s", d.From, d.To, m.Groups[d.Group].Owner)
		}
	}
	if len(m.Domains) != 2 {
		t.Errorf("domains = %v, want zone a and zone b once each", m.Domains)
	}
}

// A reference that names a component of another unit does not resolve.
func TestUnitReferencesStayInside(t *testing.T) {
	b := NewBuilder()
	b.Unit("one").AddComponent(&Component{ID: "db"})
	two := b.Unit("two")
	two.AddComponent(&Component{ID: "api"})
	two.AddDependency(Dependency{From: "api", To: "db", Kind: Requires})
	_, diags := b.Build()
	if len(diags) != 1 || diags[0].Summary != "Reference to undeclared component" {
		t.Errorf("diagnostics = %v, want the undeclared two:db", diags)
	}
}
