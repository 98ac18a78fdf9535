package kubernetes_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
	"github.com/faultline-dev/faultline/parser"
)

// deployment returns a Deployment named name whose one container, app, has
// the env entries given as YAML lines (each "- name: …" at the list's indent,
// 8 spaces) and args (a flow sequence, or "").
func deployment(name, env, args string) string {
	s := fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: %s}
spec:
  selector: {matchLabels: {app: %s}}
  template:
    metadata: {labels: {app: %s}}
    spec:
      containers:
      - name: app
        image: nginx
`, name, name, name)
	if args != "" {
		s += "        args: " + args + "\n"
	}
	return s + "        env:\n" + env
}

// goodFiles is the file beside each hostile one: a Service db that the hostile
// file's last variable names, and a Deployment api that must still be read.
const goodFile = `apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: nginx}]}
`

// loadHostile loads hostile.yaml beside good.yaml, within 10 s.
func loadHostile(t *testing.T, hostile string) (*graph.Model, hcl.Diagnostics) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range map[string]string{"hostile.yaml": hostile, "good.yaml": goodFile} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	start := cputime.Used()
	m, diags, _ := parser.LoadWith([]string{dir}, parser.Options{})
	if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
		t.Errorf("%d bytes took %v", len(hostile), d)
	}
	if m == nil || m.Components["k8s/Deployment/default/api"] == nil {
		t.Fatal("the file beside it was not read")
	}
	return m, diags
}

// errorAt returns the error diagnostics of hostile.yaml with summary, as
// "line:column detail".
func errorsAt(diags hcl.Diagnostics, summary string) []string {
	var out []string
	for _, d := range diags {
		if d.Severity == hcl.DiagError && d.Summary == summary && d.Subject != nil && filepath.Base(d.Subject.Filename) == "hostile.yaml" {
			out = append(out, fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Detail))
		}
	}
	return out
}

// TestExpansionBound: $(VAR) expansion once built a 500 MB string from a
// 210 kB manifest (and chained references, expanded as the kubelet does,
// double at each step). An expansion past 128 KiB is an error at its value
// naming the container and the variables, the value is unknown (no address
// read from it, nothing truncated), and the rest of the file and the file
// beside it are read.
func TestExpansionBound(t *testing.T) {
	big := strings.Repeat("a", 100_000)
	refs := strings.Repeat("$(V)", 27_500) // 110 kB of references: 2.75 GB expanded
	var chain strings.Builder
	chain.WriteString("        - {name: A0, value: aaaaaaaaaaaaaaaa}\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&chain, "        - {name: A%d, value: \"$(A%d)$(A%d)\"}\n", i, i-1, i-1)
	}
	chain.WriteString("        - {name: DB_HOST, value: db:5432}\n")
	cases := []struct {
		name, src string
		want      []string // "line:column" and words of the detail
		dbEdge    bool     // the variable after it still names Service db
	}{
		{"many references", deployment("web",
			"        - name: V\n          value: \""+big+"\"\n        - name: X\n          value: \""+refs+"\"\n        - name: DB_HOST\n          value: db:5432\n", ""),
			[]string{"16:18", `$(V)`, "env X", `container "app"`, "128 KiB"}, true},
		// A0 is 16 bytes and each A doubles it: the document's budget (4
		// times its 2 kB) runs out near A9; checked in TestExpansionChain.

		{"args", deployment("web",
			"        - name: V\n          value: \""+big+"\"\n        - name: DB_HOST\n          value: db:5432\n", `["`+refs+`"]`),
			[]string{"12:16", `$(V)`, "args[0]", `container "app"`}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, diags := loadHostile(t, c.src)
			got := errorsAt(diags, "Variable expansion too large")
			if len(got) != 1 {
				t.Fatalf("want one error, got %q (all: %v)", got, diags)
			}
			for _, w := range c.want {
				if !strings.Contains(got[0], w) || w == c.want[0] && !strings.HasPrefix(got[0], w+" ") {
					t.Errorf("error %.300q: want %q", got[0], w)
				}
			}
			if has := len(m.EdgesBetween("k8s/Deployment/default/web", "k8s/Service/default/db")) > 0; has != c.dbEdge {
				t.Errorf("edge web -> db: %v, want %v", has, c.dbEdge)
			}
		})
	}
}

// TestExpansionDocumentBudget: 20,000 variables that each expand a 64 KiB
// value twice stay under the bound of one value, and build 2.5 GB in all.
// What expansion adds in a document is bounded by 4 times the document's
// size: one error, at the value that passes it, and every later value that
// expansion would make longer is unknown; the others are still read.
func TestExpansionDocumentBudget(t *testing.T) {
	race.SkipBound(t)
	const n = 20_000
	var env strings.Builder
	env.WriteString("        - name: V\n          value: " + strings.Repeat("a", 64<<10) + "\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&env, "        - {name: X%d, value: \"$(V)$(V)\"}\n", i)
	}
	env.WriteString("        - {name: DB_HOST, value: db:5432}\n")
	src := deployment("web", env.String(), "")
	// Each X adds 2×64 KiB less its 8 bytes as written: the first past the
	// budget is X k.
	grow := 2*(64<<10) - 8
	k := expansionFactor*len(src)/grow + 1
	lines := strings.Split(src, "\n")
	want := ""
	for l, line := range lines {
		if strings.Contains(line, fmt.Sprintf("{name: X%d,", k)) {
			want = fmt.Sprintf("%d:%d ", l+1, strings.IndexByte(line, '"')+1)
		}
	}
	m, diags := loadHostile(t, src)
	got := errorsAt(diags, "Variable expansion too large")
	if len(got) != 1 || !strings.HasPrefix(got[0], want) || !strings.Contains(got[0], fmt.Sprintf(`$(V) in env X%d of container "app"`, k)) || !strings.Contains(got[0], "4 times the document's size") {
		t.Fatalf("want one error at %s(X%d), got %.600q", want, k, got)
	}
	if len(m.EdgesBetween("k8s/Deployment/default/web", "k8s/Service/default/db")) == 0 {
		t.Error("DB_HOST, which expansion does not grow, no longer names Service db")
	}
}

// expansionFactor is the package's: the budget of a document.
const expansionFactor = 4

// TestAliasedLongScalar: one Deployment with a 100 kB value, aliased 20,000
// times in a List, was read 20,000 times (2 GB scanned, 40 s): the alias
// bound counted nodes, not bytes. Aliases may add at most 2^20 units (a node,
// or 64 bytes of a scalar) to a document: "Excessive aliasing", at the alias
// that passes it.
func TestAliasedLongScalar(t *testing.T) {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: List\nitems:\n- &d\n")
	for _, line := range strings.Split(deployment("web",
		"        - name: V\n          value: \""+strings.Repeat("a", 100_000)+"\"\n        - name: DB_HOST\n          value: db:5432\n", ""), "\n") {
		if line != "" {
			b.WriteString("  " + line + "\n")
		}
	}
	b.WriteString(strings.Repeat("- *d\n", 20_000))
	_, diags := loadHostile(t, b.String())
	got := errorsAt(diags, "Excessive aliasing")
	// Each alias adds about 1,600 units: one of the first thousand passes
	// 2^20 (the aliases start on line 21).
	var line, col int
	if len(got) == 1 {
		fmt.Sscanf(got[0], "%d:%d ", &line, &col)
	}
	if line < 21 || line > 1020 || col != 3 {
		t.Fatalf("want one error at an alias, got %.300q", got)
	}
}

// TestManyAddresses: one env value holding 120,000 addresses took 24 s (each
// address's range was found by comparing the whole value again and counting
// the columns from its start). It is read in time proportional to its length,
// each address at its own column.
func TestManyAddresses(t *testing.T) {
	race.SkipBound(t)
	const n = 120_000
	var v strings.Builder
	for i := range n {
		if i > 0 {
			v.WriteString(",")
		}
		if i%1000 == 999 {
			v.WriteString("db:5432")
		} else {
			fmt.Fprintf(&v, "h%d.example.com:%d", i, 1000+i%9000)
		}
	}
	src := deployment("web", "        - name: PEERS\n          value: \"é "+v.String()+"\"\n", "")
	m, diags := loadHostile(t, src)
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			t.Errorf("unexpected error: %v", d)
		}
	}
	deps := m.EdgesBetween("k8s/Deployment/default/web", "k8s/Service/default/db")
	if len(deps) == 0 {
		t.Fatal("no edge web -> db")
	}
	// The first "db:5432" is the 1000th address: after "é " (2 characters)
	// and 999 others, each followed by a comma.
	col := 18 + 1 + 2
	for i := range 999 {
		col += len(fmt.Sprintf("h%d.example.com:%d", i, 1000+i%9000)) + 1
	}
	r := deps[0].Range
	if r.Start.Line != 14 || r.Start.Column != col || r.End.Column != col+2 {
		t.Errorf("edge at %s, want 14:%d-14:%d", r, col, col+2)
	}
}
