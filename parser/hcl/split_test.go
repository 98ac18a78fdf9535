package hcl

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/synth"
)

// TestPreparePiecesMatchesWhole checks that a file parsed and decoded in
// pieces gives exactly what a parse of the whole file gives (diagnostics,
// operations and their places among the diagnostics), and that a file the
// pieces cannot read exactly is parsed whole.
func TestPreparePiecesMatchesWhole(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	defer func(m, p int) { splitMin, splitPiece = m, p }(splitMin, splitPiece)
	splitMin, splitPiece = 0, 700

	var layered, regional bytes.Buffer
	if _, err := synth.Native(&layered, synth.NativeOptions{Components: 400}); err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Native(&regional, synth.NativeOptions{Components: 400, Shape: synth.Regional}); err != nil {
		t.Fatal(err)
	}
	gen := regional.String()
	// insert puts text before the first top-level block after a third of gen.
	insert := func(text string) string {
		i := len(gen)/3 + strings.Index(gen[len(gen)/3:], "\ncomponent ") + 1
		return gen[:i] + text + gen[i:]
	}
	// Declarations that decode with diagnostics, and a duplicate, between others.
	decodeErrs := insert(`component "bad" {
  replicas = "many"
  requires = [component.nowhere, 3]
}
component "c5" {
  kind = "service"
}
domain "zone" "r1-a" {
  parent = "zone.r1-a"
}
`)
	cases := map[string]struct {
		src    string
		pieces bool // whether it must be read in pieces
	}{
		"layered":        {layered.String(), true},
		"regional":       {gen, true},
		"decode errors":  {decodeErrs, true},
		"attribute":      {insert("stray = 1\n"), false},
		"other block":    {insert("locals {\n  a = 1\n}\n"), false},
		"syntax error":   {insert("component \"x\" {\n  kind = \n}\n"), false},
		"unindented":     {insert("component \"outer\" {\n  kind = \"lb\"\ncomponent \"inner\" {\n}\n}\n"), false},
		"heredoc":        {insert("component \"h\" {\n  kind = <<EOT\ncomponent \"fake\" {\n}\nEOT\n}\n"), false},
		"block comment":  {insert("/*\ncomponent \"fake\" {\n}\n*/\n"), false},
		"labels missing": {insert("domain \"zone\" {\n}\n"), false},
	}
	examples, _ := filepath.Glob("../../examples/*.hcl")
	for _, f := range examples {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases[filepath.Base(f)] = struct {
			src    string
			pieces bool
		}{string(src), false}
	}
	for name, c := range cases {
		src := []byte(c.src)
		whole := prepareWhole("f.hcl", src)
		pieces := preparePieces("f.hcl", src)
		if pieces == nil {
			if c.pieces {
				t.Errorf("%s: not read in pieces", name)
			}
			if got := Prepare("f.hcl", src); !reflect.DeepEqual(got, whole) {
				t.Errorf("%s: Prepare differs from a parse of the whole file", name)
			}
			continue
		}
		if !reflect.DeepEqual(pieces, whole) {
			t.Errorf("%s: read in %d pieces, differs from the whole file:\npieces: %d diagnostics, %d operations\nwhole: %d diagnostics, %d operations\n%v\n%v",
				name, len(cutPoints(src)), len(pieces.diags), len(pieces.ops), len(whole.diags), len(whole.ops), pieces.diags, whole.diags)
		}
		if c.pieces && len(whole.diags) == 0 && name == "decode errors" {
			t.Errorf("%s: expected diagnostics", name)
		}
		if len(cutPoints(src)) < 4 {
			t.Errorf("%s: only %d pieces", name, len(cutPoints(src)))
		}
	}
}
