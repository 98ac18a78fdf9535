package json_test

import (
	"bytes"
	stdjson "encoding/json"
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
// with each finding that leaves out its blast radius given its event's from
// blast_radii, it is the same document; the shared lists are written once.
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
		table, ok := got["blast_radii"].(map[string]any)
		if !ok {
			t.Fatalf("%s: no blast_radii object", ex)
		}
		delete(got, "blast_radii")
		shared := 0
		for _, f := range got["findings"].([]any) {
			f := f.(map[string]any)
			if _, ok := f["blast_radius"]; !ok {
				br, ok := table[f["event"].(string)]
				if !ok {
					t.Fatalf("%s: finding %v has neither blast_radius nor an entry in blast_radii", ex, f["fingerprint"])
				}
				f["blast_radius"] = br
				shared++
			}
		}
		if !reflect.DeepEqual(want, got) {
			t.Errorf("%s: the compact form with blast_radii resolved differs from the JSON form", ex)
		}
		if ex == gen && (shared < len(fs)/2 || len(table) >= shared) {
			t.Errorf("%s: %d of %d findings share %d blast radii: expected most findings, fewer lists", ex, shared, len(fs), len(table))
		}
		if ex == gen && compact.Len()*2 > full.Len() {
			t.Errorf("%s: compact form %d bytes, JSON form %d: expected less than half", ex, compact.Len(), full.Len())
		}
	}
}
