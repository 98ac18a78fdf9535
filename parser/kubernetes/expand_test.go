package kubernetes

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	hclv2 "github.com/hashicorp/hcl/v2"
	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/graph"
)

// TestExpand: $(VAR) expansion follows the kubelet's rules (expand.go); the
// expected values are what Kubernetes' own expansion gives for these inputs.
func TestExpand(t *testing.T) {
	vars := map[string]string{"A": "a", "B": "b", "REF": "$(A)", "EMPTY": "", "DOLLAR": "$$"}
	for _, c := range []struct{ in, want string }{
		{"$(A)", "a"},
		{"$(A)-$(A)", "a-a"},
		{"x$(B)y", "xby"},
		{"$(A)_$(B)", "a_b"},
		{"$$(A)", "$(A)"},               // an escaped reference
		{"$$(B)_$(A)", "$(B)_a"},        // escape, then a reference
		{"p-$$A", "p-$A"},               // $$ is one $ anywhere
		{"a$$b", "a$b"},                 // even without a reference in the value
		{`x\$(A)`, `x\a`},               // a backslash escapes nothing
		{"$(A$(B))", "$(A$(B))"},        // the name runs to the first ')': "A$(B" is unknown
		{"$(A$(B)", "$(A$(B)"},          // likewise
		{"$(REF)", "$(A)"},              // a value is not expanded again
		{"$(DOLLAR)", "$$"},             // nor are its escapes
		{"f$(EMPTY)g", "fg"},            // a variable may be empty
		{"$(UNKNOWN)", "$(UNKNOWN)"},    // an unknown variable is kept as written
		{"$(A", "$(A"},                  // no closing parenthesis
		{"$(A)__$(", "a__$("},           // an unfinished reference at the end
		{"--$($($(--", "--$($($(--"},    // "$(" never closed
		{"$A", "$A"},                    // a bare $ before anything else is kept
		{"${A}", "${A}"},                // shell syntax is not Kubernetes'
		{"$?_$!", "$?_$!"},              // nor shell's special variables
		{"a$", "a$"},                    // a $ at the end
		{"$$$$$$(A)", "$$$(A)"},         // three escapes, then text
		{"$$$$$$$(A)", "$$$a"},          // three escapes, then a reference
		{"$$$$$$$(NOPE)", "$$$$(NOPE)"}, // three escapes, an unknown reference
		{"$(x$$y)", "$(x$$y)"},          // no escape inside a name
		{"é$(A)€", "éa€"},               // multi-byte text around it
		{"http://$(A):80/$(B)", "http://a:80/b"},
	} {
		if got, over, ok := expand(c.in, vars, 1<<20); !ok || got != c.want {
			t.Errorf("expand(%q) = %q, %q, %v; want %q", c.in, got, over, ok, c.want)
		}
	}
	// The bound: the result may not pass the limit; the variable that passes
	// it is named.
	if _, over, ok := expand("$(A)$(B)$(A)", vars, 2); ok || over != "A" {
		t.Errorf("over the limit: %q %v", over, ok)
	}
	if got, _, ok := expand("$(A)$(B)", vars, 2); !ok || got != "ab" {
		t.Errorf("at the limit: %q %v", got, ok)
	}
}

// envOf reads the env and args of the first container of yaml src and
// returns each literal env value and each argument, expanded ("NAME=value",
// "args[i]=value"), and the diagnostics.
func envOf(t *testing.T, src string) ([]string, []diag) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	r := &reader{s: newSource("c.yaml", []byte(src)), expansionLeft: expansionFactor * len(src)}
	w := &workload{envVars: map[string]string{}}
	c := deref(&doc)
	x := &expander{r: r, container: "c", vars: map[string]string{}}
	var out []string
	for _, e := range r.env(w, c, x) {
		out = append(out, e.name+"="+e.value)
	}
	for i, a := range items(field(c, "args")) {
		s, _ := str(a)
		if v, ok := x.expand(s, fmt.Sprintf("args[%d]", i), a); ok {
			out = append(out, fmt.Sprintf("args[%d]=%s", i, v))
		}
	}
	return out, r.diags
}

// TestEnvExpansionOrder: an env value sees only the variables declared before
// it, with their expanded values; a later declaration replaces an earlier
// one; a valueFrom (unknown here) hides the literal before it; args see the
// whole environment.
func TestEnvExpansionOrder(t *testing.T) {
	got, diags := envOf(t, `
env:
- {name: LATER_URL, value: "http://$(HOST):80"}
- {name: HOST, value: db}
- {name: URL, value: "http://$(HOST):80"}
- {name: CHAIN, value: "$(URL)/x"}
- {name: HOST, value: cache}
- {name: URL2, value: "http://$(HOST):80"}
- {name: ESC, value: "$$(HOST)"}
- {name: AGAIN, value: "$(ESC)"}
- {name: EMPTY}
- {name: E, value: "a$(EMPTY)b"}
- name: SECRET
  value: literal
- name: SECRET
  valueFrom: {secretKeyRef: {name: s, key: k}}
- {name: S, value: "$(SECRET)"}
- {name: LATE, value: late}
args: ["--url=$(URL2)", "$(LATE)", "$(NOTENV)"]
`)
	want := []string{
		"LATER_URL=http://$(HOST):80", // HOST comes later
		"HOST=db",
		"URL=http://db:80",
		"CHAIN=http://db:80/x", // URL's expanded value
		"HOST=cache",
		"URL2=http://cache:80", // the later HOST
		"ESC=$(HOST)",
		"AGAIN=$(HOST)", // not expanded again
		"E=ab",
		"SECRET=literal",
		"S=$(SECRET)", // the secret's value is not in the manifests
		"LATE=late",
		"args[0]=--url=http://cache:80",
		"args[1]=late", // args see the whole environment
		"args[2]=$(NOTENV)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(diags) != 0 {
		t.Errorf("diagnostics: %v", diags)
	}
}

// narrowOld is narrow as it was before issue 19 (one address at a time,
// comparing the whole scalar and counting its columns from its start each
// time): the oracle for narrowAll.
func narrowOld(s *source, rng graph.Range, value string, start, stop int) graph.Range {
	if s == nil || rng.Start.Line != rng.End.Line || rng.End.Byte > len(s.src) {
		return rng
	}
	tok := s.src[rng.Start.Byte:rng.End.Byte]
	base := rng.Start.Byte
	if len(tok) >= 2 && (tok[0] == '"' || tok[0] == '\'') && tok[len(tok)-1] == tok[0] {
		tok = tok[1 : len(tok)-1]
		base++
	}
	if string(tok) != value || stop > len(tok) {
		return rng
	}
	startPos := hclv2.Pos{Line: rng.Start.Line, Byte: base + start,
		Column: rng.Start.Column + utf8.RuneCount(s.src[rng.Start.Byte:base+start])}
	return graph.Range{Filename: rng.Filename, Start: startPos, End: s.advance(startPos, base+stop)}
}

// TestNarrowAllAsBefore: on realistic values (plain, quoted, with escapes,
// multi-byte characters before and between addresses, connection strings,
// lists, block scalars, flow mappings, long lines) every address gets the
// range the old narrow gave it.
func TestNarrowAllAsBefore(t *testing.T) {
	values := []string{
		`postgres://app@orders-db:5432/x?sslmode=require`,
		`"redis-cart.shop.svc.cluster.local:6379"`,
		`'kafka-0.kafka:9092,kafka-1.kafka:9092,kafka-2.kafka:9092'`,
		`"Host=db.shop;Port=5432;Username=é€😀"`,
		`"é€😀 a.b:1 ü c.d:2 😀 e.f:3"`,
		`"with \"escape\" db:5432"`,
		`'it''s db:5432'`,
		`--peers=etcd-0.etcd:2380,etcd-1.etcd:2380`,
		`"` + strings.Repeat("ñ h.example.com:80 ", 300) + `"`,
		`|
      db:5432`,
	}
	checked := 0
	for i, v := range values {
		for _, src := range []string{
			fmt.Sprintf("k: v\nenv:\n- name: X_ADDR\n  value: %s\n", v),
			fmt.Sprintf("k: v\nenv:\n- {name: Y_URL, value: %s}\n", v),
		} {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
				if strings.Contains(src, "- name:") {
					t.Fatalf("%d: %v", i, err)
				}
				continue // not valid in a flow mapping
			}
			r := &reader{s: newSource("v.yaml", []byte(src))}
			for _, e := range items(field(deref(&doc), "env")) {
				n := field(e, "value")
				s, _ := str(n)
				as := addresses(s, true)
				if len(as) == 0 {
					t.Fatalf("%d: no address in %q", i, s)
				}
				got := make([]addrRef, len(as))
				for j, a := range as {
					got[j] = addrRef{address: a}
				}
				whole := r.rng(n)
				narrowAll(r.s, whole, s, got)
				for j, a := range as {
					if want := narrowOld(r.s, whole, s, a.start, a.stop); got[j].rng != want {
						t.Errorf("%d: %q address %d: %v, want %v", i, s, j, got[j].rng, want)
					}
					if got[j].rng.Start.Byte != whole.Start.Byte {
						checked++ // narrowed within the scalar
					}
				}
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d addresses narrowed within their scalar", checked)
	}
}

// TestAliasGrowth: the alias bound measures what aliases add, a scalar by its
// length; a document without aliases adds nothing however large it is (a
// one-line JSON List of 25,000 Deployments, 1.3 million nodes, was refused as
// "Excessive aliasing" when the bound counted every node).
func TestAliasGrowth(t *testing.T) {
	for _, c := range []struct {
		src  string
		want int
	}{
		{"[a, b, c, {d: e}]", 0},
		{"[&x " + strings.Repeat("y", 640) + ", *x, *x]", 2 * 11},
		{"[&x [a, b], *x]", 3},
		{"a: &m {b: c}\nd: *m\ne: *m\n", 2 * 3},
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(c.src), &doc); err != nil {
			t.Fatal(err)
		}
		if got, _ := aliasGrowth(&doc, 1000); got != c.want {
			t.Errorf("%.40q: %d, want %d", c.src, got, c.want)
		}
	}
	// Past the limit: more than it, and the alias that passed it (the third:
	// each adds 101).
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("[&x "+strings.Repeat("y", 6400)+", *x, *x, *x]"), &doc); err != nil {
		t.Fatal(err)
	}
	if got, alias := aliasGrowth(&doc, 250); got <= 250 || alias == nil || alias.Kind != yaml.AliasNode || alias.Column != 6415 {
		t.Errorf("%d %+v", got, alias)
	}
}
