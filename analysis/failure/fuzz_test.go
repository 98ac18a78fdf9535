package failure_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
)

// FuzzEngine decodes the fuzz input into a small model — components with replicas
// and quorums placed in zones and hosts, requires, requires-any, soft, bootstrap
// and monitors edges (cycles included), and zones nested in regions — and checks
// that nothing panics and that the down set of every single-instance, whole
// component and domain event, from a fresh engine run and from the shared pass
// (failure.Compute), equals the brute-force fixpoint of engine_test.go. Seeds:
// testdata/fuzz/FuzzEngine and the ones below.
func FuzzEngine(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x03\x01\x00\x01\x02\x01\x03\x02\x01\x01\x00\x02\x03\x01\x01\x01\x01"))
	f.Add([]byte("\x07\x23\x14\x55\x91\x02\x10\xff\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"))
	f.Add([]byte("a quorum of three, two zones, a cycle through a requires-any group"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, desc := decodeModel(data)
		x := graph.NewIndex(m)
		e := failure.NewEngine(x)
		check := func(what string, ev failure.Event, got []int32) {
			if want := bruteForce(x, ev); !slices.Equal(got, want) {
				t.Fatalf("model:\n%s\n%s of event %s: engine %v, brute force %v", desc, what, ev.Label(x), failure.IDs(x, got), failure.IDs(x, want))
			}
		}
		for v := int32(0); v < int32(x.N); v++ {
			for _, ev := range []failure.Event{{Kind: failure.Instance, Comp: v}, {Kind: failure.Whole, Comp: v}} {
				r := e.Run(ev)
				down := r.SortedDown()
				check("down set", ev, down)
				for _, d := range down {
					p := r.Path(d)
					if len(p) == 0 || p[0] != d || p[len(p)-1] != ev.Comp {
						t.Fatalf("model:\n%s\nevent %s: the path of %s, %v, does not lead from it to the event", desc, ev.Label(x), x.IDs[d], failure.IDs(x, p))
					}
				}
				for _, g := range r.SortedDegraded() {
					if r.Down[g] {
						t.Fatalf("model:\n%s\nevent %s: %s is both down and degraded", desc, ev.Label(x), x.IDs[g])
					}
				}
			}
		}
		for d := range x.Domains {
			ev := failure.Event{Kind: failure.DomainOut, Domain: int32(d)}
			check("down set", ev, e.Run(ev).SortedDown())
		}
		// The shared pass: one outcome per fragile component, one per domain.
		res := failure.Compute(x)
		fragile := 0
		for v := int32(0); v < int32(x.N); v++ {
			ev := failure.Event{Kind: failure.Instance, Comp: v}
			if !x.Comp[v].Fragile() {
				if bf := bruteForce(x, ev); len(bf) > 0 {
					t.Fatalf("model:\n%s\n%s is not fragile but its single-instance loss downs %v", desc, x.IDs[v], failure.IDs(x, bf))
				}
				continue
			}
			if fragile >= len(res.Singles) || res.Singles[fragile].Event != ev {
				t.Fatalf("model:\n%s\nthe shared pass has no outcome for %s", desc, ev.Label(x))
			}
			check("shared pass", ev, res.Singles[fragile].Down)
			fragile++
		}
		if fragile != len(res.Singles) {
			t.Fatalf("model:\n%s\nthe shared pass has %d single outcomes, want %d", desc, len(res.Singles), fragile)
		}
		if len(res.Domains) != len(x.Domains) {
			t.Fatalf("model:\n%s\nthe shared pass has %d domain outcomes for %d domains", desc, len(res.Domains), len(x.Domains))
		}
		for d, o := range res.Domains {
			check("shared pass", failure.Event{Kind: failure.DomainOut, Domain: int32(d)}, o.Down)
		}
	})
}

// bytesReader hands out the fuzz input one small number at a time, and zeros once
// it is exhausted, so that every input decodes to a model.
type bytesReader struct {
	b []byte
	i int
}

func (r *bytesReader) next(n int) int {
	if r.i >= len(r.b) || n <= 1 {
		r.i++
		return 0
	}
	v := int(r.b[r.i]) % n
	r.i++
	return v
}

// decodeModel builds a model of at most 8 components from data, and describes it
// for failure messages.
func decodeModel(data []byte) (*graph.Model, string) {
	r := &bytesReader{b: data}
	b := graph.NewBuilder()
	desc := ""
	// Domains: zones z0..z3 each in region r0, r1 or none; regions r0 and r1 in
	// provider p or not; hosts h0..h2 have no parent.
	regions := []string{"", "r0", "r1"}
	for z := 0; z < 4; z++ {
		if p := regions[r.next(3)]; p != "" {
			parent := graph.DomainRef{Type: "region", Name: p}
			b.AddDomain(graph.Domain{Ref: graph.DomainRef{Type: "zone", Name: fmt.Sprint("z", z)}, Parent: &parent})
			desc += fmt.Sprintf("zone z%d in region %s\n", z, p)
		}
	}
	for _, reg := range regions[1:] {
		if r.next(2) == 1 {
			parent := graph.DomainRef{Type: "provider", Name: "p"}
			b.AddDomain(graph.Domain{Ref: graph.DomainRef{Type: "region", Name: reg}, Parent: &parent})
			desc += fmt.Sprintf("region %s in provider p\n", reg)
		}
	}
	n := 1 + r.next(8)
	id := func(i int) string { return fmt.Sprint("c", i) }
	kinds := []graph.EdgeKind{graph.Requires, graph.Soft, graph.Bootstrap, graph.Monitors}
	for i := 0; i < n; i++ {
		reps := 1 + r.next(4)
		c := &graph.Component{ID: id(i), Kind: "service", Replicas: reps, Quorum: 1 + r.next(reps),
			Entrypoint: r.next(3) == 0, Placement: map[string][]string{}}
		// Placement per domain type: none, or one name per instance ("" is unknown).
		for _, typ := range []struct {
			name  string
			names int
		}{{"zone", 4}, {"host", 3}} {
			if r.next(3) == 0 {
				continue
			}
			p := make([]string, reps)
			for k := range p {
				if v := r.next(typ.names + 1); v < typ.names {
					p[k] = fmt.Sprint(typ.name[:1], v)
				}
			}
			c.Placement[typ.name] = p
		}
		b.AddComponent(c)
		desc += fmt.Sprintf("%s: replicas %d quorum %d entrypoint %v placement %v\n", c.ID, c.Replicas, c.Quorum, c.Entrypoint, c.Placement)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			// Mostly no edge; self edges are allowed: the engine must not loop.
			k := r.next(10)
			if k >= len(kinds) {
				continue
			}
			b.AddDependency(graph.Dependency{From: id(i), To: id(j), Kind: kinds[k]})
			desc += fmt.Sprintf("%s -%s-> %s\n", id(i), kinds[k], id(j))
		}
		for gi := r.next(3); gi > 0; gi-- {
			var of []string
			for j := 0; j < n; j++ {
				if r.next(2) == 1 && !slices.Contains(of, id(j)) {
					of = append(of, id(j))
				}
			}
			if len(of) == 0 {
				continue
			}
			need := 1 + r.next(len(of))
			b.AddGroup(graph.Group{Owner: id(i), Name: fmt.Sprint("g", gi), Of: of, Need: need}, nil)
			desc += fmt.Sprintf("%s requires %d of %v\n", id(i), need, of)
		}
	}
	m, _ := b.Build()
	return m, desc
}
