package graph

import (
	"fmt"
	"strings"
	"testing"
)

// TestMaxInstances: past MaxInstances in all, Build caps the largest replica
// counts, keeps quorums in proportion, and reports one error.
func TestMaxInstances(t *testing.T) {
	b := NewBuilder()
	zones := make([]string, 100_000)
	for k := range zones {
		zones[k] = []string{"z0", "z1", "z2"}[k%3]
	}
	for i := range 200 {
		b.AddComponent(&Component{ID: fmt.Sprintf("c%03d", i), Replicas: 100_000, Quorum: 60_000, Placement: map[string][]string{"zone": zones[:100_000:100_000]}})
	}
	b.AddComponent(&Component{ID: "small", Replicas: 3, Quorum: 2})
	m, diags := b.Build()
	if len(diags) != 1 || diags[0].Summary != "Too many instances" || !strings.Contains(diags[0].Detail, "were reduced to 24999") {
		t.Fatalf("diagnostics: %v", diags)
	}
	total := 0
	for _, id := range m.IDs {
		total += m.Components[id].Instances()
	}
	if total > MaxInstances {
		t.Errorf("%d instances after the cap", total)
	}
	if c := m.Components["c000"]; c.Replicas != 24999 || c.Quorum != 15000 || len(c.Placement["zone"]) != 24999 {
		t.Errorf("c000: replicas %d quorum %d placements %d", c.Replicas, c.Quorum, len(c.Placement["zone"]))
	}
	if c := m.Components["small"]; c.Replicas != 3 || c.Quorum != 2 {
		t.Errorf("small: replicas %d quorum %d", c.Replicas, c.Quorum)
	}
}
