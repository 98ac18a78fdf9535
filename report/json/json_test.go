package json_test

import (
	"bytes"
	stdjson "encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/golden"
	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/report"
	jsonreport "github.com/faultline-dev/faultline/report/json"
)

// TestGolden renders check (every example) and blast (one domain event) results
// and compares them with testdata/*.golden; -update rewrites them.
func TestGolden(t *testing.T) {
	examples, _ := filepath.Glob("../../examples/*.hcl")
	if len(examples) == 0 {
		t.Fatal("no examples")
	}
	for _, ex := range examples {
		name := strings.TrimSuffix(filepath.Base(ex), ".hcl")
		t.Run(name, func(t *testing.T) {
			m, diags, files := parser.Load([]string{ex})
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := jsonreport.Render(&buf, report.NewCheck(m, len(files), fs, diags)); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+name+".golden", buf.Bytes())
		})
	}
	t.Run("blast", func(t *testing.T) {
		m, _, _ := parser.Load([]string{"../../examples/roblox-2021.hcl"})
		x := graph.NewIndex(m)
		ev := failure.Event{Kind: failure.DomainOut, Domain: x.DomPos[graph.DomainRef{Type: "rack", Name: "r1"}]}
		var buf bytes.Buffer
		if err := jsonreport.RenderBlast(&buf, report.NewBlast(x, failure.NewEngine(x).Run(ev))); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "testdata/blast-rack-r1.golden", buf.Bytes())
	})
}

// TestStreamingSameBytes checks that findings written one at a time give the
// same bytes as encoding the whole result.
func TestStreamingSameBytes(t *testing.T) {
	examples, _ := filepath.Glob("../../examples/*.hcl")
	// Findings enough for several batches of the parallel encoding.
	gen := filepath.Join(t.TempDir(), "regional.hcl")
	var src bytes.Buffer
	if _, err := synth.Native(&src, synth.NativeOptions{Components: 6000, Shape: synth.Regional}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gen, src.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, ex := range append(examples, gen) {
		m, diags, files := parser.Load([]string{ex})
		fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
		if err != nil {
			t.Fatal(err)
		}
		c := report.NewCheck(m, len(files), fs, diags)
		var whole, streamed bytes.Buffer
		if err := jsonreport.Render(&whole, c); err != nil {
			t.Fatal(err)
		}
		restore := jsonreport.SetStreamAbove(0)
		err = jsonreport.Render(&streamed, c)
		restore()
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) == 0 {
			continue
		}
		if ex == gen && len(fs) < 3*256 {
			t.Errorf("%s: %d findings, not enough for three batches", ex, len(fs))
		}
		if !bytes.Equal(whole.Bytes(), streamed.Bytes()) {
			t.Errorf("%s: streamed JSON differs:\n%s\n---\n%s", ex, whole.String(), streamed.String())
		}
	}
}

// TestCompactSameDocument checks the compact form against Render's: decoded,
// and what it leaves out resolved as docs/json.md says (resolveCompact), it
// is the same document; the shared lists are written once.
func TestCompactSameDocument(t *testing.T) {
	examples, _ := filepath.Glob("../../examples/*.hcl")
	gen := filepath.Join(t.TempDir(), "regional.hcl")
	var src bytes.Buffer
	if _, err := synth.Native(&src, synth.NativeOptions{Components: 3000, Shape: synth.Regional}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gen, src.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, ex := range append(examples, gen) {
		m, diags, files := parser.Load([]string{ex})
		fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now, BlastLimit: 100})
		if err != nil {
			t.Fatal(err)
		}
		c := report.NewCheck(m, len(files), fs, diags)
		var full, compact bytes.Buffer
		if err := jsonreport.Render(&full, c); err != nil {
			t.Fatal(err)
		}
		if err := jsonreport.RenderCompact(&compact, c); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(compact.Bytes(), []byte("\n  ")) {
			t.Errorf("%s: the compact form is indented", ex)
		}
		var want, got map[string]any
		if err := stdjson.Unmarshal(full.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		if err := stdjson.Unmarshal(compact.Bytes(), &got); err != nil {
			t.Fatalf("%s: %v", ex, err)
		}
		if _, ok := got["blast_radii"].(map[string]any); !ok {
			t.Fatalf("%s: no blast_radii object", ex)
		}
		table := len(got["blast_radii"].(map[string]any))
		shared := resolveCompact(t, got)
		if !reflect.DeepEqual(want, got) {
			t.Errorf("%s: the compact form with blast_radii resolved differs from the JSON form", ex)
		}
		if ex == gen && (shared < len(fs)/4 || table >= shared) {
			t.Errorf("%s: %d of %d findings share %d blast radii: expected many findings, fewer lists", ex, shared, len(fs), table)
		}
		if ex == gen && compact.Len()*2 > full.Len() {
			t.Errorf("%s: compact form %d bytes, JSON form %d: expected less than half", ex, compact.Len(), full.Len())
		}
	}
}

// resolveCompact turns a decoded json-compact document into the document of
// --format json, as docs/json.md tells a reader to, and returns how many
// findings took their blast radius from blast_radii.
func resolveCompact(t *testing.T, doc map[string]any) int {
	t.Helper()
	table, ok := doc["blast_radii"].(map[string]any)
	if !ok {
		t.Fatal("no blast_radii object")
	}
	rules, ok := doc["rules"].(map[string]any)
	if !ok {
		t.Fatal("no rules object")
	}
	delete(doc, "blast_radii")
	delete(doc, "rules")
	// endLine gives a location without end_line (and with end_column) its
	// line; an end_line of 0 is left out, as the JSON form leaves it.
	endLine := func(l map[string]any) {
		if el, ok := l["end_line"]; ok {
			if el.(float64) == 0 {
				delete(l, "end_line")
			}
		} else if _, ok := l["end_column"]; ok {
			l["end_line"] = l["line"]
		}
	}
	inFile := func(l map[string]any, file any) {
		if _, ok := l["file"]; !ok {
			l["file"] = file
		}
		endLine(l)
	}
	shared := 0
	var prevFile any
	for i, f := range doc["findings"].([]any) {
		f := f.(map[string]any)
		rule, _ := rules[f["rule"].(string)].(map[string]any)
		for _, k := range []string{"id", "severity"} {
			if _, ok := f[k]; !ok {
				if rule == nil {
					t.Fatalf("finding %d leaves out %s, and its rule has no entry in rules", i, k)
				}
				f[k] = rule[k]
			}
		}
		loc := f["location"].(map[string]any)
		if _, ok := loc["file"]; !ok && i == 0 {
			t.Fatal("the first finding leaves out its file")
		}
		inFile(loc, prevFile)
		prevFile = loc["file"]
		if _, ok := f["blast_radius"]; !ok {
			br, ok := table[f["event"].(string)]
			if !ok {
				t.Fatalf("finding %d has neither blast_radius nor an entry in blast_radii", i)
			}
			f["blast_radius"] = br
			shared++
		}
		if _, ok := f["blast_radius_size"]; !ok {
			f["blast_radius_size"] = float64(len(f["blast_radius"].([]any)))
		}
		if rel, ok := f["related"].([]any); ok {
			for _, r := range rel {
				inFile(r.(map[string]any)["location"].(map[string]any), loc["file"])
			}
		}
		if s, ok := f["suppressed"].(map[string]any); ok {
			if l, ok := s["location"].(map[string]any); ok {
				inFile(l, loc["file"])
			}
		}
	}
	return shared
}

// TestCompactRandomFindings checks the compact form's resolution on random
// findings: every optional field present or not, locations without an end or
// with only an end column, related and suppression locations in the
// finding's file or another, rules whose findings disagree on the ID or the
// severity, events whose findings share a list or not.
func TestCompactRandomFindings(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	for round := range 50 {
		var fs []analysis.Finding
		for i := range 1 + r.IntN(40) {
			f := randomFinding(r)
			f.Rule = []string{"spof", "shared-domain", "ü"}[r.IntN(3)]
			if r.IntN(2) == 0 {
				f.ID = map[string]string{"spof": "FL001", "shared-domain": "FL002", "ü": ""}[f.Rule]
			}
			if i > 0 && r.IntN(2) == 0 {
				p := fs[r.IntN(i)]
				f.Location.File = p.Location.File
				if r.IntN(2) == 0 {
					f.Event, f.BlastRadius = p.Event, p.BlastRadius
				}
				for k := range f.Related {
					if r.IntN(2) == 0 {
						f.Related[k].Location.File = f.Location.File
					}
				}
			}
			fs = append(fs, f)
		}
		c := report.NewCheck(nil, 1, fs, nil)
		var full, compact bytes.Buffer
		if err := jsonreport.Render(&full, c); err != nil {
			t.Fatal(err)
		}
		if err := jsonreport.RenderCompact(&compact, c); err != nil {
			t.Fatal(err)
		}
		var want, got map[string]any
		if err := stdjson.Unmarshal(full.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		if err := stdjson.Unmarshal(compact.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		resolveCompact(t, got)
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("round %d: the compact form resolved differs from the JSON form:\n%s\n%s", round, full.Bytes(), compact.Bytes())
		}
	}
}
