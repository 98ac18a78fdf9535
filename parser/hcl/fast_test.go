package hcl

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/faultline-dev/faultline/internal/synth"
)

// sameTree checks that fastParse, when it accepts src, builds the tree hclsyntax
// builds, and that hclsyntax finds nothing wrong with it. It reports whether
// fastParse accepted the file.
func sameTree(t *testing.T, name string, src []byte) bool {
	t.Helper()
	fast := fastParse(name, src)
	if fast == nil {
		return false
	}
	file, diags := hclsyntax.ParseConfig(src, name, hclv2.InitialPos)
	if len(diags) > 0 {
		t.Errorf("%s: fastParse accepted a file hclsyntax rejects: %v", name, diags)
		return true
	}
	if reflect.DeepEqual(file.Body.(*hclsyntax.Body), fast) {
		return true
	}
	if d := cmp.Diff(file.Body.(*hclsyntax.Body), fast, cmp.Exporter(func(reflect.Type) bool { return true })); d != "" {
		t.Errorf("%s: fastParse tree differs from hclsyntax (-hclsyntax +fast):\n%s", name, d)
	}
	return true
}

func TestFastParseCases(t *testing.T) {
	cases := []struct {
		src  string
		fast bool // whether the fast path must take it
	}{
		{"", true},
		{" ", true},
		{" \t\n  # c\n", true},
		{"\t  component \"a\" {\n}\n  ", true},
		{"\n\n# only a comment\n", true},
		{"component \"a\" {\n}\n", true},
		{"component \"a\" {\n  kind = \"db\"\n  replicas = 3\n  quorum = 2.5\n  entrypoint = true\n  x = false\n  y = null\n}", true},
		{"component \"a\" {\n  requires = [component.b, component.c-d]\n  soft = []\n  e = [\n    component.x, # c\n    \"s\",\n    1,\n  ]\n}\n", true},
		{"component a {\n  placement {\n    zone = [\"a\", \"b\"] // trailing\n  }\n}\n", true},
		{"domain \"zone\" \"a\" {\n\tparent = \"region.r\"\n}\n", true},
		{"component \"a\" {\n  s = \"\"\n  t = \"$ and % and {}\"\n}\n", true},
		{"component \"_a\" {\n  v = _x.y_z\n}\n", true},
		{"component \"a\" {\n  n = 007\n  m = 0.000\n}\n", true},
		{"component \"a\" { }\n", true},
		{"component \"a\" {}\n", true},
		{"component \"a\" {\n  placement { zone = [\"a\", \"b\"] } # c\n  call \"x\" { target = component.b }\n}\n", true},
		{"component \"a\" { # c\n}\n", true},
		// Left to hclsyntax.
		{"component \"a\" { a = 1, b = 2 }\n", false},
		{"component \"a\" { a = 1\n}\n", false},
		{"component \"a\" { b {} }\n", false},
		{"component \"a\" {\n  kind = \"db\" }\n", false},
		{"component \"a\" {\n  s = \"a${b}\"\n}\n", false},
		{"component \"a\" {\n  s = \"a\\nb\"\n}\n", false},
		{"component \"a\" {\n  s = \"é\"\n}\n", false},
		{"component \"a\" {\r\n}\r\n", false},
		{"component \"a\" {\n  n = 1e3\n}\n", false},
		{"component \"a\" {\n  n = -1\n}\n", false},
		{"component \"a\" {\n  n = 1 + 1\n}\n", false},
		{"component \"a\" {\n  n = f(1)\n}\n", false},
		{"component \"a\" {\n  n = a.b[0]\n}\n", false},
		{"component \"a\" {\n  n = a.0\n}\n", false},
		{"component \"a\" {\n  n = a .b\n}\n", false},
		{"component \"a\" {\n  n = {a = 1}\n}\n", false},
		{"component \"a\" {\n  n = [for x in y: x]\n}\n", false},
		{"component \"a\" {\n  n = <<EOT\nx\nEOT\n}\n", false},
		{"component \"a\" {\n  n = 1\n  n = 2\n}\n", false},
		{"component \"a\" {\n  /* c */\n}\n", false},
		{"component \"a\" {\n", false},
		{"}\n", false},
		{"component \"a\" {\n  n = [1 2]\n}\n", false},
		{"component \"a\" {\n  n = \"unterminated\n}\n", false},
		{"component \"a\" {\n}\nx", false},
	}
	for _, c := range cases {
		if got := sameTree(t, "case.hcl", []byte(c.src)); got != c.fast {
			t.Errorf("fastParse(%q) accepted = %v, want %v", c.src, got, c.fast)
		}
	}
}

// TestFastParseFiles compares the two parsers on every native file in the
// repository and on generated architectures, which must all take the fast path
// except the ones written to exercise errors.
func TestFastParseFiles(t *testing.T) {
	var files []string
	for _, root := range []string{"../../examples", "testdata", "../../cmd/faultline/testdata", "../../analysis"} {
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".hcl") {
				files = append(files, path)
			}
			return nil
		})
	}
	if len(files) < 10 {
		t.Fatalf("found only %d native files", len(files))
	}
	fast := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if sameTree(t, f, src) {
			fast++
		}
	}
	t.Logf("%d of %d files took the fast path", fast, len(files))
	for _, f := range []string{"../../examples/checkout.hcl", "../../examples/roblox-2021.hcl"} {
		src, _ := os.ReadFile(f)
		if fastParse(f, src) == nil {
			t.Errorf("%s: not taken by the fast path", f)
		}
	}
	for _, seed := range []uint64{1, 2, 3} {
		var buf bytes.Buffer
		if _, err := synth.Native(&buf, synth.NativeOptions{Components: 2000, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		if !sameTree(t, "gen.hcl", buf.Bytes()) {
			t.Errorf("seed %d: a generated architecture did not take the fast path", seed)
		}
	}
}

// FuzzFastParse checks that whatever fastParse accepts, hclsyntax accepts too and
// reads into the same tree.
func FuzzFastParse(f *testing.F) {
	for _, name := range []string{"../../examples/checkout.hcl", "../../examples/well-designed.hcl", "testdata/groups.hcl", "testdata/names.hcl"} {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("component \"a\" {\n  s = \"\"\n  n = [1.5, a.b, true, null]\n  p { z = \"a\" }\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sameTree(t, "fuzz.hcl", src)
	})
}
