package failure_test

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	_ "github.com/faultline-dev/faultline/internal/golden" // defines -update
	hclparser "github.com/faultline-dev/faultline/parser/hcl"
	"github.com/google/go-cmp/cmp"
)

func load(t *testing.T, src string) *graph.Index {
	t.Helper()
	b := graph.NewBuilder()
	diags := hclparser.ParseFile("t.hcl", []byte(src), b)
	m, more := b.Build()
	if diags = append(diags, more...); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return graph.NewIndex(m)
}

func event(t *testing.T, x *graph.Index, s string) failure.Event {
	t.Helper()
	if rest, ok := strings.CutPrefix(s, "instance of "); ok {
		return failure.Event{Kind: failure.Instance, Comp: x.Pos[rest]}
	}
	if v, ok := x.Pos[s]; ok {
		return failure.Event{Kind: failure.Whole, Comp: v}
	}
	ref, _ := graph.ParseDomainRef(s)
	d, ok := x.DomPos[ref]
	if !ok {
		t.Fatalf("no event %q", s)
	}
	return failure.Event{Kind: failure.DomainOut, Domain: d}
}

const model = `
domain "zone" "a" { parent = "region.r1" }
domain "zone" "b" { parent = "region.r1" }
domain "zone" "c" { parent = "region.r2" }
component "db" {
  replicas  = 2
  placement { zone = ["a", "b"] }
}
component "etcd" {
  replicas  = 3
  quorum    = 2
  placement { zone = ["a", "b", "c"] }
}
component "dns1" {
  placement { zone = "a" }
}
component "dns2" {
  placement { zone = "c" }
}
component "cache" {
  placement { zone = "c" }
}
component "api" {
  replicas = 2
  placement { zone = ["a", "c"] }
  requires = [component.db, component.etcd]
  soft     = [component.cache]
  requires_any "dns" {
    of   = [component.dns1, component.dns2]
    need = 1
  }
}
component "web" {
  entrypoint = true
  replicas   = 2
  requires   = [component.api]
}
`

func TestRun(t *testing.T) {
	x := load(t, model)
	for _, tc := range []struct {
		events   []string
		down     []string
		degraded []string
		paths    map[string][]string
	}{
		{events: []string{"instance of component.db"}, degraded: []string{"component.db"}},
		{events: []string{"instance of component.db", "instance of component.db"},
			down:  []string{"component.api", "component.db", "component.web"},
			paths: map[string][]string{"component.web": {"component.web", "component.api", "component.db", "instance of component.db"}}},
		{events: []string{"component.cache"}, down: []string{"component.cache"}, degraded: []string{"component.api"}},
		{events: []string{"component.dns1"}, down: []string{"component.dns1"}, degraded: []string{"component.api"}},
		{events: []string{"component.dns1", "component.dns2"},
			down:  []string{"component.api", "component.dns1", "component.dns2", "component.web"},
			paths: map[string][]string{"component.api": {"component.api", "component.dns2"}}},
		// zone a: one db, one etcd, dns1 and one api instance.
		{events: []string{"zone=a"}, down: []string{"component.dns1"},
			degraded: []string{"component.api", "component.db", "component.etcd"}},
		// region r1 fails zones a and b: db is lost, etcd loses its majority.
		{events: []string{"region=r1"},
			down:     []string{"component.api", "component.db", "component.dns1", "component.etcd", "component.web"},
			degraded: []string{},
			paths:    map[string][]string{"component.web": {"component.web", "component.api", "component.db", "region=r1"}}},
		{events: []string{"zone=a", "zone=c"},
			down:     []string{"component.api", "component.cache", "component.dns1", "component.dns2", "component.etcd", "component.web"},
			degraded: []string{"component.db"}},
	} {
		t.Run(strings.Join(tc.events, "+"), func(t *testing.T) {
			var evs []failure.Event
			for _, e := range tc.events {
				evs = append(evs, event(t, x, e))
			}
			r := failure.NewEngine(x).Run(evs...)
			if diff := cmp.Diff(tc.down, failure.IDs(x, r.SortedDown()), cmpEmpty); diff != "" {
				t.Errorf("down (-want +got):\n%s", diff)
			}
			if tc.degraded != nil || len(r.DegradedList) > 0 {
				if diff := cmp.Diff(tc.degraded, failure.IDs(x, r.SortedDegraded()), cmpEmpty); diff != "" {
					t.Errorf("degraded (-want +got):\n%s", diff)
				}
			}
			for id, want := range tc.paths {
				if diff := cmp.Diff(want, r.PathIDs(x.Pos[id])); diff != "" {
					t.Errorf("path of %s (-want +got):\n%s", id, diff)
				}
			}
		})
	}
}

var cmpEmpty = cmp.Transformer("empty", func(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
})

// TestEngineReuse checks that an engine's scratch state does not leak from one run
// into the next.
func TestEngineReuse(t *testing.T) {
	x := load(t, model)
	e := failure.NewEngine(x)
	want := failure.IDs(x, e.Run(event(t, x, "zone=a")).SortedDown())
	e.Run(event(t, x, "region=r1"))
	got := failure.IDs(x, e.Run(event(t, x, "zone=a")).SortedDown())
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

// TestAgainstBruteForce compares the engine with a naive fixpoint on random models.
func TestAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for iter := 0; iter < 300; iter++ {
		src := randomModel(rng)
		x := load(t, src)
		e := failure.NewEngine(x)
		for v := int32(0); v < int32(x.N); v++ {
			for _, ev := range []failure.Event{{Kind: failure.Instance, Comp: v}, {Kind: failure.Whole, Comp: v}} {
				got := e.Run(ev).SortedDown()
				want := bruteForce(x, ev)
				if !slices.Equal(got, want) {
					t.Fatalf("model:\n%s\nevent %s: engine %v, brute force %v", src, ev.Label(x), got, want)
				}
				for _, d := range got {
					if p := e.Run(ev).Path(d); p[len(p)-1] != ev.Comp && ev.Kind != failure.DomainOut {
						t.Fatalf("path of %s does not end at the event", x.IDs[d])
					}
				}
			}
		}
		for d := range x.Domains {
			ev := failure.Event{Kind: failure.DomainOut, Domain: int32(d)}
			if got, want := e.Run(ev).SortedDown(), bruteForce(x, ev); !slices.Equal(got, want) {
				t.Fatalf("model:\n%s\nevent %s: engine %v, brute force %v", src, ev.Label(x), got, want)
			}
		}
	}
}

func randomModel(rng *rand.Rand) string {
	n := 2 + rng.Intn(7)
	var b strings.Builder
	zones := []string{"a", "b", "c"}
	for i := 0; i < n; i++ {
		reps := 1 + rng.Intn(3)
		q := 1 + rng.Intn(reps)
		var pl []string
		for r := 0; r < reps; r++ {
			pl = append(pl, fmt.Sprintf("%q", zones[rng.Intn(len(zones))]))
		}
		fmt.Fprintf(&b, "component \"c%d\" {\n  replicas = %d\n  quorum = %d\n  placement { zone = [%s] }\n", i, reps, q, strings.Join(pl, ", "))
		var req, soft []string
		for j := 0; j < n; j++ {
			if j != i && rng.Intn(4) == 0 {
				req = append(req, fmt.Sprintf("component.c%d", j))
			} else if j != i && rng.Intn(6) == 0 {
				soft = append(soft, fmt.Sprintf("component.c%d", j))
			}
		}
		fmt.Fprintf(&b, "  requires = [%s]\n  soft = [%s]\n", strings.Join(req, ", "), strings.Join(soft, ", "))
		if rng.Intn(3) == 0 {
			a, c := rng.Intn(n), rng.Intn(n)
			if a != c && a != i && c != i {
				fmt.Fprintf(&b, "  requires_any \"g\" {\n    of = [component.c%d, component.c%d]\n    need = %d\n  }\n", a, c, 1+rng.Intn(2))
			}
		}
		b.WriteString("}\n")
	}
	b.WriteString("domain \"zone\" \"a\" { parent = \"region.r\" }\ndomain \"zone\" \"b\" { parent = \"region.r\" }\n")
	return b.String()
}

// bruteForce recomputes the down set from scratch until nothing changes.
func bruteForce(x *graph.Index, ev failure.Event) []int32 {
	m := x.Model
	lost := make([]int, x.N)
	switch ev.Kind {
	case failure.Instance:
		lost[ev.Comp] = 1
	case failure.Whole:
		lost[ev.Comp] = x.Comp[ev.Comp].Instances()
	case failure.DomainOut:
		failed := map[graph.DomainRef]bool{}
		root := x.Domains[ev.Domain]
		for _, d := range x.Domains {
			if d == root || slices.Contains(m.DomainAncestors(d), root) {
				failed[d] = true
			}
		}
		for v, c := range x.Comp {
			for i := 0; i < c.Instances(); i++ {
				for t, p := range c.Placement {
					if failed[graph.DomainRef{Type: t, Name: p[i]}] {
						lost[v]++
						break
					}
				}
			}
		}
	}
	down := make([]bool, x.N)
	for changed := true; changed; {
		changed = false
		for v, c := range x.Comp {
			if down[v] {
				continue
			}
			isDown := c.Instances()-lost[v] < c.NeedUp()
			for _, d := range m.Dependencies {
				if d.From == c.ID && d.Kind == graph.Requires && down[x.Pos[d.To]] {
					isDown = true
				}
			}
			for _, g := range m.Groups {
				if g.Owner != c.ID {
					continue
				}
				up := 0
				for _, id := range g.Of {
					if !down[x.Pos[id]] {
						up++
					}
				}
				if up < g.Need {
					isDown = true
				}
			}
			if isDown {
				down[v], changed = true, true
			}
		}
	}
	var out []int32
	for v := range down {
		if down[v] {
			out = append(out, int32(v))
		}
	}
	return out
}
