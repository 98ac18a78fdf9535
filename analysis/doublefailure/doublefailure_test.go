package doublefailure_test

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis/doublefailure"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	hclparser "github.com/faultline-dev/faultline/parser/hcl"
	"github.com/google/go-cmp/cmp"
)

func index(t *testing.T, src string) *graph.Index {
	t.Helper()
	b := graph.NewBuilder()
	diags := hclparser.ParseFile("t.hcl", []byte(src), b)
	m, more := b.Build()
	if diags = append(diags, more...); diags.HasErrors() {
		t.Fatalf("%s\n%s", diags.Error(), src)
	}
	return graph.NewIndex(m)
}

func pairs(r *doublefailure.Result) []string {
	var out []string
	for _, p := range r.Pairs {
		out = append(out, p.Entrypoint+": "+strings.Join(p.Events, " + "))
	}
	sort.Strings(out)
	return out
}

func TestHand(t *testing.T) {
	x := index(t, `
component "db" {
  replicas  = 2
  placement { zone = ["a", "b"] }
}
component "dns1" {}
component "dns2" {}
component "api" {
  entrypoint = true
  replicas   = 3
  placement  { zone = ["a", "b", "c"] }
  requires   = [component.db]
  requires_any "dns" {
    of   = [component.dns1, component.dns2]
    need = 1
  }
}
`)
	got := pairs(doublefailure.Compute(failure.Compute(x)))
	want := []string{
		"component.api: instance of component.db + instance of component.db",
		"component.api: instance of component.db + zone=a",
		"component.api: instance of component.db + zone=b",
		"component.api: instance of component.dns1 + instance of component.dns2",
		"component.api: zone=a + zone=b",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestAgainstBruteForce compares the pruned search with trying every pair.
func TestAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < 200; i++ {
		src := randomModel(rng)
		x := index(t, src)
		res := failure.Compute(x)
		got := pairs(doublefailure.Compute(res))
		want := bruteForce(x)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("model:\n%s\n(-brute force +pruned):\n%s", src, diff)
		}
	}
}

func bruteForce(x *graph.Index) []string {
	var events []failure.Event
	for v := int32(0); v < int32(x.N); v++ {
		events = append(events, failure.Event{Kind: failure.Instance, Comp: v})
	}
	for d := range x.Domains {
		events = append(events, failure.Event{Kind: failure.DomainOut, Domain: int32(d)})
	}
	e := failure.NewEngine(x)
	alone := make([][]bool, len(events))
	for i, ev := range events {
		r := e.Run(ev)
		alone[i] = append([]bool(nil), r.Down...)
	}
	var out []string
	for i := range events {
		for j := i; j < len(events); j++ {
			if i == j && events[i].Kind != failure.Instance {
				continue
			}
			r := e.Run(events[i], events[j])
			for _, v := range r.EntrypointsDown() {
				if alone[i][v] || alone[j][v] {
					continue
				}
				out = append(out, x.IDs[v]+": "+events[i].Label(x)+" + "+events[j].Label(x))
			}
		}
	}
	sort.Strings(out)
	return out
}

func randomModel(rng *rand.Rand) string {
	n := 2 + rng.Intn(6)
	var b strings.Builder
	zones := []string{"a", "b", "c"}
	for i := 0; i < n; i++ {
		reps := 1 + rng.Intn(4)
		q := 1 + rng.Intn(reps)
		var pl []string
		for r := 0; r < reps; r++ {
			pl = append(pl, fmt.Sprintf("%q", zones[rng.Intn(3)]))
		}
		fmt.Fprintf(&b, "component \"c%d\" {\n  replicas = %d\n  quorum = %d\n  placement {\n    zone = [%s]\n  }\n", i, reps, q, strings.Join(pl, ", "))
		var req []string
		for j := i + 1; j < n; j++ {
			if rng.Intn(3) == 0 {
				req = append(req, fmt.Sprintf("component.c%d", j))
			}
		}
		fmt.Fprintf(&b, "  requires = [%s]\n", strings.Join(req, ", "))
		if i+2 < n && rng.Intn(2) == 0 {
			a, c := i+1+rng.Intn(n-i-1), i+1+rng.Intn(n-i-1)
			if a != c {
				fmt.Fprintf(&b, "  requires_any \"g\" {\n    of = [component.c%d, component.c%d]\n    need = 1\n  }\n", a, c)
			}
		}
		if i == 0 || rng.Intn(4) == 0 {
			b.WriteString("  entrypoint = true\n")
		}
		b.WriteString("}\n")
	}
	if rng.Intn(2) == 0 {
		b.WriteString("domain \"zone\" \"a\" { parent = \"region.r\" }\ndomain \"zone\" \"b\" { parent = \"region.r\" }\n")
	}
	return b.String()
}
