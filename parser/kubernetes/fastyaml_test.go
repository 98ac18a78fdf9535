package kubernetes

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
	"github.com/faultline-dev/faultline/internal/synth"
)

// sameNodes compares a fastYAML tree with yaml.v3's on what the reader reads
// and what yaml.v3 sets: kinds, values, resolved tags, quoting, positions.
func sameNodes(a, b *yaml.Node, path string) error {
	if a.Kind != b.Kind || a.Value != b.Value || a.ShortTag() != b.ShortTag() || (a.Tag == "!!null") != (b.Tag == "!!null") ||
		a.Style != b.Style || a.Line != b.Line || a.Column != b.Column || len(a.Content) != len(b.Content) {
		return fmt.Errorf("%s: fast {kind %d value %q tag %s/%s style %d at %d:%d, %d children}, yaml.v3 {kind %d value %q tag %s/%s style %d at %d:%d, %d children}",
			path, a.Kind, a.Value, a.Tag, a.ShortTag(), a.Style, a.Line, a.Column, len(a.Content),
			b.Kind, b.Value, b.Tag, b.ShortTag(), b.Style, b.Line, b.Column, len(b.Content))
	}
	for i := range a.Content {
		if err := sameNodes(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); err != nil {
			return err
		}
	}
	return nil
}

// checkFast reports whether fastYAML took the document, and fails the test if
// it did and yaml.v3 reads it otherwise (or not at all).
func checkFast(t *testing.T, name string, doc []byte) bool {
	t.Helper()
	fast := fastYAML(doc)
	if fast == nil {
		return false
	}
	dec := yaml.NewDecoder(bytes.NewReader(doc))
	var want yaml.Node
	if err := dec.Decode(&want); err != nil {
		t.Errorf("%s: fastYAML accepted a document yaml.v3 rejects (%v):\n%s", name, err, doc)
		return true
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		t.Errorf("%s: fastYAML accepted a stream of several documents", name)
	}
	if err := sameNodes(fast, deref(&want), "root"); err != nil {
		t.Errorf("%s: %v\n%s", name, err, doc)
	}
	return true
}

func TestFastYAMLCases(t *testing.T) {
	cases := []struct {
		src  string
		fast bool
	}{
		{"a: b\n", true},
		{"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: x # c\n  labels: {}\nspec:\n  ports:\n  - port: 80\n    name: \"http\"\n  - 'it''s'\n  -   8080\n  selector: []\n", true},
		{"# Source: x\n---\na:\n- b\n- c: d\n  e:\n    - f\n", true},
		{"a: null\nb: ~\nc: \"null\"\nd: 1.5\ne: true\nf: 0x1F\ng: 2001-12-14\nh: -1\ni: a#b\nj: x # y\n", true},
		{"a:\n  b:\n    c: [] # x\n\n  d: e\n", true},
		{"'a b': 1\n\"c\": 2\n", true},
		{"- a\n- b\n", true},
		{"a: é\n", true},
		// Left to yaml.v3.
		{"a:\n", false},
		{"a: &x 1\nb: *x\n", false},
		{"a: !!str 1\n", false},
		{"a: [1, 2, \"x\", 'y']\nb: {c: d, \"e\": 1, f: ~} # z\n", true},
		{"a: [1, [2], {b: [c, d]}, {}, []]\n", true},
		{"a: [1, {[b]: c}]\n", false},
		{"a: [1, 2,]\n", false},
		{"a: {b: {c: d}}\n", true},
		{"a: {b:c}\n", false},
		{"a: |\n  x\n", false},
		{"a: >\n  x\n", false},
		{"a: b\n  c\n", false},
		{"a: \"x\\ny\"\n", false},
		{"a:\tb\n", false},
		{"a: b\r\n", false},
		{"a: b: c\n", false},
		{"a: b\n---\nc: d\n", false},
		{"- - a\n", false},
		{"-\n- a\n", false},
		{"<<: {}\n", false},
		{"a: b\n- c\n", false},
		{"a: 'x\n  y'\n", false},
		{"--- a\n", false},
		{"%YAML 1.2\n---\na: b\n", false},
		{"a: b\n...\n", false},
		{"", false},
		{"é: b\n", false},
	}
	for _, c := range cases {
		if got := checkFast(t, "case", []byte(c.src)); got != c.fast {
			t.Errorf("fastYAML(%q) accepted = %v, want %v", c.src, got, c.fast)
		}
	}
}

// TestFastYAMLFiles compares fastYAML with yaml.v3 on every document of the
// repository's and the shared corpora's manifests and of a generated stream,
// which must all take the fast path.
func TestFastYAMLFiles(t *testing.T) {
	var files []string
	for _, root := range []string{"testdata", "../../cmd/faultline/testdata", "../../../shared/corpora"} {
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
				files = append(files, path)
			}
			return nil
		})
	}
	docs, fast := 0, 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range splitDocuments(src) {
			docs++
			if checkFast(t, f, src[c.start:c.end]) {
				fast++
			}
		}
	}
	t.Logf("%d of %d documents in %d files took the fast path", fast, docs, len(files))
	var buf bytes.Buffer
	if _, err := synth.Kubernetes(&buf, synth.KubernetesOptions{Components: 3000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	src := buf.Bytes()
	for _, c := range splitDocuments(src) {
		if doc := src[c.start:c.end]; !blank(doc) && !checkFast(t, "generated", doc) {
			t.Errorf("a generated document did not take the fast path:\n%s", doc)
			break
		}
	}
}

// FuzzFastYAML checks that whatever fastYAML accepts, yaml.v3 reads the same.
func FuzzFastYAML(f *testing.F) {
	f.Add([]byte("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: x # c\n  labels: {}\nspec:\n  ports:\n  - port: 80\n    name: \"http\"\n  - 'it''s'\n"))
	f.Add([]byte("a:\n- b\n- c: d\n  e:\n    - f\n"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		checkFast(t, "fuzz", doc)
	})
}

// parseBoth parses doc as a file with the fast path and without it, and
// returns an error when the two differ in the model or the diagnostics.
func parseBoth(doc []byte) error {
	run := func(slow bool) (string, error) {
		slowOnly = slow
		defer func() { slowOnly = false }()
		b := graph.NewBuilder()
		diags := ParseFile("f.yaml", doc, b)
		m, bdiags := b.Build()
		diags = append(diags, bdiags...)
		var sb strings.Builder
		for _, d := range diags {
			fmt.Fprintf(&sb, "%d %s %s", d.Severity, d.Summary, d.Detail)
			if d.Subject != nil {
				fmt.Fprintf(&sb, " %s", d.Subject)
			}
			sb.WriteString("\n")
		}
		if m != nil {
			for _, id := range m.IDs {
				fmt.Fprintf(&sb, "%+v\n", *m.Components[id])
			}
			fmt.Fprintf(&sb, "%+v %+v %+v\n", m.Dependencies, m.Groups, m.Entrypoints)
		}
		return sb.String(), nil
	}
	fast, _ := run(false)
	slow, _ := run(true)
	if fast != slow {
		return fmt.Errorf("with the fast path:\n%s\nwith yaml.v3 only:\n%s", fast, slow)
	}
	return nil
}

// FuzzFastYAMLAgreement checks that the fast path changes nothing: a file
// parsed with it and without it gives the same model and the same
// diagnostics (errors and their positions included), and that whatever the
// fast path takes, yaml.v3 reads into the same tree. Seeds include the
// documents the fast path once took and yaml.v3 rejects, and nesting at and
// beyond both parsers' limits.
func FuzzFastYAMLAgreement(f *testing.F) {
	for _, s := range fastAgreementSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		if len(doc) > 1<<16 {
			return
		}
		checkFast(t, "fuzz", doc)
		if err := parseBoth(doc); err != nil {
			t.Fatalf("%v\ninput: %q", err, doc)
		}
	})
}

func fastAgreementSeeds() []string {
	deepBlock := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(strings.Repeat(" ", i) + "a:\n")
		}
		b.WriteString(strings.Repeat(" ", n) + "b: c\n")
		return b.String()
	}
	return []string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n",
		"a: [S?]\n", "a: [a?b]\n", "a: {a?: b}\n", "a: [a?b] # x\tcomment\n", "a: [a:]\n", "a: {a:, b}\n",
		"a: " + strings.Repeat("[", 120) + strings.Repeat("]", 120) + "\n",
		"kind: Deployment\nx: " + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "\n",
		deepBlock(120),
	}
}

// TestFastYAMLAgreement runs the agreement on the seeds and on the inputs of
// issue 19: nesting the fast path once recursed into without a bound (four
// million "[" overflowed the stack), 10,001 levels of block nesting that it
// took while yaml.v3 says "exceeded max depth", and flow scalars holding "?".
func TestFastYAMLAgreement(t *testing.T) {
	race.SkipBound(t)
	for _, s := range fastAgreementSeeds() {
		if err := parseBoth([]byte(s)); err != nil {
			t.Errorf("%q: %v", s[:min(len(s), 60)], err)
		}
	}
	for _, s := range []string{"a: [S?]\n", "a: [a?b]\n", "a: {a?: b}\n"} {
		if fastYAML([]byte(s)) != nil {
			t.Errorf("fastYAML took %q, which yaml.v3 rejects", s)
		}
	}
	var deep strings.Builder
	for i := 0; i <= 10000; i++ {
		deep.WriteString(strings.Repeat(" ", i) + "a:\n")
	}
	deep.WriteString(strings.Repeat(" ", 10001) + "b: c\n")
	if fastYAML([]byte(deep.String())) != nil {
		t.Error("fastYAML took 10,001 levels of nesting")
	}
	doc := "kind: Deployment\nmetadata: {name: x}\nspec: {replicas: " + strings.Repeat("[", 4<<20) + "}\n"
	start := cputime.Used()
	b := graph.NewBuilder()
	diags := ParseFile("deep.yaml", []byte(doc), b)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "max depth") {
		t.Errorf("4M nested [: %v", diags)
	}
	if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
		t.Errorf("4M nested [ took %v", d)
	}
	flow := "kind: Deployment\nx: " + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "\n"
	if fastYAML([]byte(flow)) != nil {
		t.Error("fastYAML took 10,001 levels of flow nesting")
	}
	if diags := ParseFile("deep.yaml", []byte(flow), graph.NewBuilder()); !strings.Contains(diags.Error(), "exceeded max depth") {
		t.Errorf("10,001 levels: %v", diags)
	}
}
