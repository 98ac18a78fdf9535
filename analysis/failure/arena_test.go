package failure_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/synth"
	hclparser "github.com/faultline-dev/faultline/parser/hcl"
)

// TestSnapshotLists checks that the lists a snapshot takes from the engine's
// arena are those of the Result's own methods, for every event of a
// generated architecture (small events, whose lists are sorted, and a
// region's, which downs most of it and is read off the flags), that each is
// cut to its length (an append does not write into the next one), and that
// snapshots taken later do not change earlier ones.
func TestSnapshotLists(t *testing.T) {
	var src bytes.Buffer
	if _, err := synth.Native(&src, synth.NativeOptions{Components: 3000, Shape: synth.Regional}); err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	diags := hclparser.ParseFile("r.hcl", src.Bytes(), b)
	m, more := b.Build()
	if diags = append(diags, more...); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	x := graph.NewIndex(m)
	var events []failure.Event
	for v := range int32(x.N) {
		events = append(events, failure.Event{Kind: failure.Instance, Comp: v})
		if v%7 == 0 {
			events = append(events, failure.Event{Kind: failure.Whole, Comp: v})
		}
	}
	for d := range x.Domains {
		events = append(events, failure.Event{Kind: failure.DomainOut, Domain: int32(d)})
	}
	e := failure.NewEngine(x)
	type want struct{ down, degraded, entry []int32 }
	var outs []*failure.Outcome
	var wants []want
	for _, ev := range events {
		r := e.Run(ev)
		w := want{r.SortedDown(), r.SortedDegraded(), r.EntrypointsDown()}
		o := failure.Snapshot(r)
		outs, wants = append(outs, o), append(wants, w)
		for i, v := range o.Down {
			if c, via := r.Cause[v], r.Via[v]; o.Cause[i] != c || o.Via[i] != via {
				t.Fatalf("%s: cause of %s %v %d, want %v %d", ev.Label(x), x.IDs[v], o.Cause[i], o.Via[i], c, via)
			}
		}
		for _, l := range [][]int32{o.Down, o.Degraded, o.EntryDown, o.Via} {
			if cap(l) != len(l) {
				t.Fatalf("%s: a list of capacity %d for %d elements", ev.Label(x), cap(l), len(l))
			}
		}
		if len(o.Cause) != len(o.Down) || o.Cause == nil || o.Via == nil {
			t.Fatalf("%s: cause and via lists of %d and %d (nil: %v %v) for %d down", ev.Label(x), len(o.Cause), len(o.Via), o.Cause == nil, o.Via == nil, len(o.Down))
		}
	}
	big := 0
	for i, o := range outs {
		w := wants[i]
		check := func(what string, got, want []int32) {
			if !slices.Equal(got, want) || (got == nil) != (want == nil) {
				t.Fatalf("%s: %s %v, want %v", o.Label, what, got, want)
			}
		}
		check("down", o.Down, w.down)
		check("degraded", o.Degraded, w.degraded)
		check("entrypoints down", o.EntryDown, w.entry)
		if len(o.Down) >= x.N/32 {
			big++
		}
	}
	if big == 0 {
		t.Error("no event downs enough of the graph to be read off the flags")
	}
}
