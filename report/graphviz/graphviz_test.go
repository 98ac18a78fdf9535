package graphviz

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/golden"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/report"
)

var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func load(t testing.TB, path string) (*graph.Model, []analysis.Finding) {
	t.Helper()
	m, diags, _ := parser.Load([]string{path})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return m, fs
}

func fixtures(t *testing.T) []string {
	files := []string{"../../testdata/shop.hcl"}
	ex, _ := filepath.Glob("../../examples/*.hcl")
	files = append(files, ex...)
	if len(files) < 2 {
		t.Fatal("no fixtures")
	}
	return files
}

func name(path string) string { return strings.TrimSuffix(filepath.Base(path), ".hcl") }

// TestGoldenDOT pins the DOT of every fixture and example, and of blast views;
// go test -update rewrites testdata/*.dot.
func TestGoldenDOT(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(name(f), func(t *testing.T) {
			m, fs := load(t, f)
			v, err := NewGraph(m, fs, Options{Cluster: "auto"})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteDOT(&buf, v); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+name(f)+".dot", buf.Bytes())
		})
	}
	for _, c := range []struct{ file, event string }{
		{"../../testdata/shop.hcl", "zone=eu-1a"},
		{"../../testdata/shop.hcl", "component.db"},
		{"../../examples/roblox-2021.hcl", "rack=r1"},
	} {
		t.Run("blast "+name(c.file)+" "+c.event, func(t *testing.T) {
			v := blastView(t, c.file, c.event)
			var buf bytes.Buffer
			if err := WriteDOT(&buf, v); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/blast-"+name(c.file)+"-"+strings.ReplaceAll(c.event, "=", "-")+".dot", buf.Bytes())
		})
	}
}

func blastView(t testing.TB, file, event string) *View {
	t.Helper()
	m, _ := load(t, file)
	x := graph.NewIndex(m)
	var ev failure.Event
	if v, ok := x.Pos[event]; ok {
		ev = failure.Event{Kind: failure.Whole, Comp: v}
	} else {
		d, _ := graph.ParseDomainRef(event)
		ev = failure.Event{Kind: failure.DomainOut, Domain: x.DomPos[d]}
	}
	b := report.NewBlast(x, failure.NewEngine(x).Run(ev))
	v, err := NewBlast(m, b, Options{Cluster: "auto"})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestMarks checks the marks that the picture exists to show.
func TestMarks(t *testing.T) {
	m, fs := load(t, "../../testdata/shop.hcl")
	v, err := NewGraph(m, fs, Options{Cluster: "zone"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"component.db":     ClassSPOF,
		"component.nat":    ClassSPOF,
		"component.cache":  ClassShared,
		"component.status": ClassWarning,
		"component.web":    ClassEntrypoint,
	}
	for _, n := range v.Nodes {
		if c, ok := want[n.ID]; ok && !n.has(c) {
			t.Errorf("%s: classes %v, want %s", n.ID, n.Classes, c)
		}
		if n.ID == "component.db" && (n.Cluster != "zone=eu-1b" || !strings.Contains(n.Tooltip, "../../testdata/shop.hcl:")) {
			t.Errorf("db: cluster %q, tooltip %q", n.Cluster, n.Tooltip)
		}
	}
	if _, err := NewGraph(m, fs, Options{Cluster: "rack"}); err == nil || !strings.Contains(err.Error(), "its domain types are: zone") {
		t.Errorf("--cluster rack: %v", err)
	}

	b := blastView(t, "../../testdata/shop.hcl", "component.db")
	paths := 0
	for _, e := range b.Edges {
		if e.Path {
			paths++
			if !(e.From == "component.web" && e.To == "component.checkout") && !(e.From == "component.checkout" && e.To == "component.db") {
				t.Errorf("unexpected path edge %s -> %s", e.From, e.To)
			}
		}
	}
	if paths != 2 {
		t.Errorf("%d path edges, want 2 (web -> checkout -> db)", paths)
	}
}

// TestLargeGraphs covers --focus, --collapse and the automatic summary.
func TestLargeGraphs(t *testing.T) {
	m, fs := synthetic(t, 600)
	v, err := NewGraph(m, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !v.Summary || v.Size() > DefaultMaxNodes || !strings.Contains(v.Note, "summary of 600 components") {
		t.Errorf("600 components: summary %v, %d nodes, note %q", v.Summary, v.Size(), v.Note)
	}
	for _, n := range v.Nodes {
		if !n.has(ClassSPOF) && !n.has(ClassEntrypoint) {
			t.Errorf("summary node %s is neither a SPOF nor an entrypoint: %v", n.ID, n.Classes)
		}
	}
	full, err := NewGraph(m, fs, Options{MaxNodes: -1})
	if err != nil || full.Summary || full.Size() != 600 || full.Layout != LayoutSFDP {
		t.Fatalf("MaxNodes -1: err %v, summary %v, %d nodes, layout %s", err, full.Summary, full.Size(), full.Layout)
	}
	focus, err := NewGraph(m, fs, Options{Focus: "svc.g003.s005", Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range focus.Nodes {
		ids = append(ids, n.ID)
	}
	if got := strings.Join(ids, " "); got != "db.g003 svc.g003.s004 svc.g003.s005 svc.g003.s006" {
		t.Errorf("focus: %s", got)
	}
	col, err := NewGraph(m, fs, Options{Collapse: true})
	if err != nil {
		t.Fatal(err)
	}
	if col.Summary || col.Size() != 20 {
		t.Errorf("collapse: summary %v, %d nodes, want 20 groups", col.Summary, col.Size())
	}
	if _, err := NewGraph(m, fs, Options{Focus: "nope"}); err == nil {
		t.Error("--focus nope: no error")
	}
}

// synthetic builds n components in 20 groups: per group a chain of services
// behind an entrypoint, all requiring the group's single-instance database.
func synthetic(t testing.TB, n int) (*graph.Model, []analysis.Finding) {
	t.Helper()
	per := n / 20
	b := graph.NewBuilder()
	for g := 0; g < 20; g++ {
		db := fmt.Sprintf("db.g%03d", g)
		b.AddComponent(&graph.Component{ID: db, Kind: "database", Replicas: 1, Quorum: 1, Group: fmt.Sprintf("g%03d", g)})
		for s := 0; s < per-1; s++ {
			id := fmt.Sprintf("svc.g%03d.s%03d", g, s)
			b.AddComponent(&graph.Component{ID: id, Kind: "service", Replicas: 2, Quorum: 1, Entrypoint: s == 0, Group: fmt.Sprintf("g%03d", g)})
			b.AddDependency(graph.Dependency{From: id, To: db, Kind: graph.Requires, Group: -1})
			if s > 0 {
				b.AddDependency(graph.Dependency{From: fmt.Sprintf("svc.g%03d.s%03d", g, s-1), To: id, Kind: graph.Soft, Group: -1})
			}
		}
	}
	m, diags := b.Build()
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return m, fs
}

// TestSVG renders every fixture: well-formed XML, the component IDs as element
// ids, byte-identical across runs.
func TestSVG(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(name(f), func(t *testing.T) {
			m, fs := load(t, f)
			v, err := NewGraph(m, fs, Options{Cluster: "auto"})
			if err != nil {
				t.Fatal(err)
			}
			svg, err := SVGBytes(v)
			if err != nil {
				t.Fatal(err)
			}
			ids := wellFormed(t, svg)
			for _, id := range m.IDs {
				if !ids[id] {
					t.Errorf("no element with id %q", id)
				}
			}
			again, _ := SVGBytes(v)
			if !bytes.Equal(svg, again) {
				t.Error("two renders differ")
			}
		})
	}
}

func wellFormed(t *testing.T, svg []byte) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Entity = xml.HTMLEntity
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == "id" {
					ids[a.Value] = true
				}
			}
		}
	}
	return ids
}

// TestPNG decodes the PNG of the shop fixture and checks what a reviewer must
// see: a sane size, the SPOFs' red, the shared-domain orange, and edges drawn
// as lines (Graphviz's own PNG output draws them as black blobs: then a large
// share of the picture is near-black).
func TestPNG(t *testing.T) {
	m, fs := load(t, "../../testdata/shop.hcl")
	v, err := NewGraph(m, fs, Options{Cluster: "zone"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePNG(&buf, v, PNGOptions{}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() < 600 || b.Dy() < 400 || b.Dx() > 6000 || b.Dy() > 6000 {
		t.Fatalf("size %v", b.Size())
	}
	red := count(img, func(c color.RGBA) bool { return near(c, 0xc8, 0x10, 0x2e) })
	orange := count(img, func(c color.RGBA) bool { return near(c, 0xd9, 0x73, 0x0d) })
	redFill := count(img, func(c color.RGBA) bool { return near(c, 0xff, 0xd2, 0xd2) })
	dark := count(img, func(c color.RGBA) bool { return int(c.R)+int(c.G)+int(c.B) < 200 })
	white := count(img, func(c color.RGBA) bool { return c.R > 250 && c.G > 250 && c.B > 250 })
	total := b.Dx() * b.Dy()
	t.Logf("%v: red border %d, red fill %d, orange %d, dark %d, white %d of %d", b.Size(), red, redFill, orange, dark, white, total)
	if red < 500 || redFill < 5000 {
		t.Errorf("the SPOFs are not visibly red: %d border and %d fill pixels", red, redFill)
	}
	if orange < 300 {
		t.Errorf("the shared-domain victim is not visibly orange: %d pixels", orange)
	}
	if dark > total/20 {
		t.Errorf("%d of %d pixels are near-black: edges drawn as blobs?", dark, total)
	}
	if white < total/2 {
		t.Errorf("only %d of %d pixels are white", white, total)
	}

	// The canvas is bounded: a tiny bound shrinks the picture.
	buf.Reset()
	if err := WritePNG(&buf, v, PNGOptions{MaxSide: 300}); err != nil {
		t.Fatal(err)
	}
	small, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if s := small.Bounds().Size(); s.X > 300 || s.Y > 300 {
		t.Errorf("MaxSide 300: size %v", s)
	}
}

func count(img image.Image, f func(color.RGBA) bool) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if f(color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}) {
				n++
			}
		}
	}
	return n
}

func near(c color.RGBA, r, g, b int) bool {
	d := func(a uint8, b int) int {
		if int(a) > b {
			return int(a) - b
		}
		return b - int(a)
	}
	return d(c.R, r)+d(c.G, g)+d(c.B, b) < 30
}

// TestConcurrentRenders renders from several goroutines: the engine serializes
// them (the WebAssembly Graphviz is not goroutine-safe); run with -race.
func TestConcurrentRenders(t *testing.T) {
	m, fs := load(t, "../../testdata/shop.hcl")
	v, err := NewGraph(m, fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := SVGBytes(v)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := SVGBytes(v)
			if err == nil && !bytes.Equal(got, want) {
				err = fmt.Errorf("concurrent render differs")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// BenchmarkRender3000 lays out and renders the full 3,000-component graph (no
// summary) with sfdp; docs/PERFORMANCE.md records the figures.
func BenchmarkRender3000(b *testing.B) {
	m, fs := synthetic(b, 3000)
	v, err := NewGraph(m, fs, Options{MaxNodes: -1})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		var buf bytes.Buffer
		if err := WritePNG(&buf, v, PNGOptions{}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(buf.Len()), "png-bytes")
	}
}
