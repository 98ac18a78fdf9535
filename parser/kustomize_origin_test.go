package parser

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/graph"
)

// Every object of a Kustomize build points at its declaration: a base
// resource, an overlay resource, a generator's entry in the kustomization;
// the fields the build kept point at the same field in the source (a value a
// patch set, at the patch), and a patched object lists its patch.
func TestKustomizeOrigins(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".git/HEAD": "ref: refs/heads/main\n",
		"base/kustomization.yaml": `resources:
- app.yaml
`,
		"base/app.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: api
        env:
        - {name: DB_ADDR, value: "p-db:5432"}
        envFrom: [{configMapRef: {name: settings}}]
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec: {type: LoadBalancer, selector: {app: api}}
`,
		"prod/kustomization.yaml": `namespace: prod
namePrefix: p-
resources:
- ../base
- db.yaml
patches:
- path: scale.yaml
configMapGenerator:
- name: settings
  literals:
  - CACHE=db:5432
`,
		"prod/db.yaml": `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: postgres}]
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  selector: {app: db}
`,
		"prod/scale.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
`,
	})
	m, diags, _ := LoadWith([]string{filepath.Join(dir, "prod")}, Options{})
	if errs := errorsIn(diags); len(errs) > 0 {
		t.Fatal(errs)
	}
	at := func(r graph.Range) string {
		rel, _ := filepath.Rel(dir, r.Filename)
		return fmt.Sprintf("%s:%d:%d", filepath.ToSlash(rel), r.Start.Line, r.Start.Column)
	}
	want := map[string]string{
		"k8s/Deployment/prod/p-api": "base/app.yaml:4:9",
		"k8s/Service/prod/p-api":    "base/app.yaml:20:18",
		"k8s/StatefulSet/prod/p-db": "prod/db.yaml:4:9",
		"k8s/Service/prod/p-db":     "prod/db.yaml:15:9",
	}
	for id, w := range want {
		c := m.Components[id]
		if c == nil {
			t.Fatalf("no component %s in %v", id, m.IDs)
		}
		if got := at(c.Range); got != w {
			t.Errorf("%s at %s, want %s", id, got, w)
		}
	}
	var cm *graph.Component
	for _, id := range m.IDs {
		if strings.HasPrefix(id, "k8s/ConfigMap/prod/p-settings-") {
			cm = m.Components[id]
		}
	}
	if cm == nil {
		t.Fatalf("no generated ConfigMap in %v", m.IDs)
	}
	if got := at(cm.Range); got != "prod/kustomization.yaml:9:9" {
		t.Errorf("generated ConfigMap at %s, want its generator's entry prod/kustomization.yaml:9:9", got)
	}
	api := m.Components["k8s/Deployment/prod/p-api"]
	if len(api.Patches) != 1 || at(api.Patches[0]) != "prod/scale.yaml:4:9" {
		t.Errorf("patches of the Deployment = %v, want prod/scale.yaml:4:9", api.Patches)
	}
	if c := m.Components["k8s/StatefulSet/prod/p-db"]; len(c.Patches) != 0 {
		t.Errorf("the StatefulSet has patches %v; no patch targets it", c.Patches)
	}
	// The env value's address, inside the quotes of the source.
	found := false
	for _, d := range m.Dependencies {
		if d.From == "k8s/Deployment/prod/p-api" && d.To == "k8s/Service/prod/p-db" {
			found = true
			if got := at(d.Range); got != "base/app.yaml:15:35" {
				t.Errorf("api -> db at %s, want the address in the env value, base/app.yaml:15:35", got)
			}
		}
	}
	if !found {
		t.Errorf("no dependency api -> db in %v", m.Dependencies)
	}
	for _, d := range m.Dependencies {
		if strings.Contains(d.Range.Filename, "<kustomize") {
			t.Errorf("dependency %s -> %s still points into the build stream: %v", d.From, d.To, d.Range)
		}
	}
}

// TestSrcFilesPos: positions from the line index are those of a scan from the
// file's start, for every line and column of sources with and without a
// final newline, with multi-byte characters, and past the end.
func TestSrcFilesPos(t *testing.T) {
	scan := func(src []byte, line, col int) int { // the definition
		off, l := 0, 1
		for l < line {
			i := strings.IndexByte(string(src[off:]), '\n')
			if i < 0 {
				break
			}
			off += i + 1
			l++
		}
		for c := 1; c < col && off < len(src) && src[off] != '\n'; c++ {
			_, n := utf8.DecodeRune(src[off:])
			off += n
		}
		return off
	}
	for _, src := range []string{
		"", "\n", "a", "a\n", "a\nbc\n\ndef", "é\n\tÿ€x\nlast", "\n\n\n", "k: v\r\nw: x\r\n",
	} {
		f := &srcFiles{src: map[string][]byte{"f": []byte(src)}}
		for line := 0; line <= strings.Count(src, "\n")+3; line++ {
			for col := 0; col <= len(src)+2; col++ {
				got := f.pos("f", line, col)
				if want := scan([]byte(src), line, col); got.Byte != want || got.Line != line || got.Column != col {
					t.Errorf("%q line %d col %d: %+v, want byte %d", src, line, col, got, want)
				}
			}
		}
	}
}

// BenchmarkSrcFilesPos asks for a position on every line of a 20,000-line
// source, as mapping a build of one large manifest does.
func BenchmarkSrcFilesPos(b *testing.B) {
	src := []byte(strings.Repeat("  key: value\n", 20_000))
	for range b.N {
		f := &srcFiles{src: map[string][]byte{"f": src}}
		for line := 1; line <= 20_000; line++ {
			f.pos("f", line, 3)
		}
	}
}
