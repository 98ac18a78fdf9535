package hcl

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/faultline-dev/faultline/internal/hclrange"
	hclv2 "github.com/hashicorp/hcl/v2"
)

// FuzzParseFile asserts that no input panics ParseFile or Build, that every
// diagnostic points within the input, and that the model keeps its invariants.
// The seed corpus is testdata/fuzz/FuzzParseFile plus every fixture.
func FuzzParseFile(f *testing.F) {
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*.hcl"))
	for _, file := range fixtures {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	const filename = "fuzz.hcl"
	f.Fuzz(func(t *testing.T, src []byte) {
		m, diags := parse(filename, src)
		inInput := func(what string, d *hclv2.Diagnostic, r *hclv2.Range) {
			if r == nil {
				return
			}
			if r.Filename != filename || r.Start.Line < 1 || r.Start.Column < 1 ||
				r.Start.Byte < 0 || r.Start.Byte > r.End.Byte || r.End.Byte > len(src) {
				t.Errorf("%s %s (bytes %d-%d) is not within the %d-byte input: %s: %s",
					what, r, r.Start.Byte, r.End.Byte, len(src), d.Summary, d.Detail)
			}
		}
		for _, d := range diags {
			if d.Summary == "" {
				t.Errorf("diagnostic without a summary: %#v", d)
			}
			inInput("subject", d, d.Subject)
			inInput("context", d, d.Context)
		}
		if m == nil {
			t.Fatal("Build returned no model")
		}
		// Findings point at these ranges: they must lie within the input too.
		modelRange := func(what string, r hclv2.Range) {
			if r.Filename != filename || !hclrange.Valid(r, len(src)) {
				t.Errorf("%s: range %s (bytes %d-%d) is not within the %d-byte input", what, r, r.Start.Byte, r.End.Byte, len(src))
			}
		}
		for _, id := range m.IDs {
			c := m.Components[id]
			modelRange(id, c.Range)
			for typ, r := range c.PlacementRange {
				modelRange(id+" placement "+typ, r)
			}
			if c.Replicas < 1 || c.Replicas > maxReplicas || c.Quorum < 1 || c.Quorum > c.Replicas {
				t.Errorf("%s: replicas %d quorum %d", id, c.Replicas, c.Quorum)
			}
			for typ, p := range c.Placement {
				if len(p) != c.Replicas {
					t.Errorf("%s: %s placement has %d domains for %d replicas", id, typ, len(p), c.Replicas)
				}
			}
		}
		for _, d := range m.Dependencies {
			modelRange(d.From+" -> "+d.To, d.Range)
			if d.Call != nil {
				modelRange(d.From+" -> "+d.To+" call", d.Call.Range)
			}
		}
		for ref, d := range m.Domains {
			modelRange(ref.String(), d.Range)
			if d.Parent != nil {
				modelRange(ref.String()+" parent", d.ParentRng)
			}
		}
		for _, g := range m.Groups {
			modelRange(g.Owner+" group "+g.Name, g.Range)
			if g.Need < 1 || (len(g.Of) > 0 && g.Need > len(g.Of)) {
				t.Errorf("group %s %q: need %d of %d", g.Owner, g.Name, g.Need, len(g.Of))
			}
		}
	})
}
