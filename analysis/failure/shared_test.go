package failure_test

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
)

// randomArchitecture writes a group-free architecture: single and replicated
// components, requires (mostly toward higher numbers, with some cycles) and soft
// edges, a few entrypoints.
func randomArchitecture(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "component \"c%d\" {\n", i)
		if rng.Intn(3) == 0 {
			fmt.Fprintf(&b, "  replicas = 3\n")
		}
		if rng.Intn(6) == 0 {
			fmt.Fprintf(&b, "  entrypoint = true\n")
		}
		for _, attr := range []string{"requires", "soft"} {
			var refs []string
			for k := rng.Intn(3); k > 0; k-- {
				j := i + 1 + rng.Intn(n)
				if rng.Intn(10) == 0 {
					j = rng.Intn(n) // now and then a cycle
				}
				if j < n && j != i {
					refs = append(refs, fmt.Sprintf("component.c%d", j))
				}
			}
			refs = slices.Compact(refs)
			if len(refs) > 0 {
				fmt.Fprintf(&b, "  %s = [%s]\n", attr, strings.Join(refs, ", "))
			}
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// TestSharedMatchesEngine checks the shared method of the single-instance events
// against one propagation per event on random architectures: the same events,
// entrypoints lost, blast radii (first members and size), closest entrypoint,
// components some event downs and the first such event, and an explanation of
// the same length that follows requires edges from the entrypoint to the failed
// component.
func TestSharedMatchesEngine(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for round := 0; round < 150; round++ {
		n := 2 + rng.Intn(60)
		x := load(t, randomArchitecture(rng, n))
		limit := 2 + rng.Intn(8)
		want := failure.Compute(x)
		restore := failure.ForceShared()
		got := failure.ComputeWith(x, limit)
		restore()
		if !got.Shared() {
			if len(want.Singles) == 0 {
				continue
			}
			t.Fatalf("round %d: the shared method was not used", round)
		}
		if len(got.Singles) != len(want.Singles) {
			t.Fatalf("round %d: %d singles, want %d", round, len(got.Singles), len(want.Singles))
		}
		if !slices.Equal(got.SingleDown, want.SingleDown) || !slices.Equal(got.SingleBy, want.SingleBy) {
			t.Fatalf("round %d: SingleDown/SingleBy differ", round)
		}
		for i, g := range got.Singles {
			w := want.Singles[i]
			v := w.Event.Comp
			if g.Event != w.Event || g.Label != w.Label || g.EntrypointsLost() != len(w.EntryDown) ||
				!slices.Equal(g.EntryDown, w.EntryDown[:min(limit, len(w.EntryDown))]) {
				t.Fatalf("round %d, %s: event or entrypoints differ: %v %v", round, w.Label, g.EntryDown, w.EntryDown)
			}
			gb, gs := g.BlastRadius(limit)
			wb, ws := w.BlastRadius(limit)
			if gs != ws || !slices.Equal(gb, wb) {
				t.Fatalf("round %d, %s: blast radius %v (%d), want %v (%d)", round, w.Label, gb, gs, wb, ws)
			}
			if g.ClosestEntry() != w.ClosestEntry() {
				t.Fatalf("round %d, %s: closest entrypoint %d, want %d", round, w.Label, g.ClosestEntry(), w.ClosestEntry())
			}
			full := g.Full()
			if !slices.Equal(full.Down, w.Down) || !slices.Equal(full.Degraded, w.Degraded) {
				t.Fatalf("round %d, %s: Full differs from the engine", round, w.Label)
			}
			e := w.ClosestEntry()
			if e < 0 {
				continue
			}
			size := g.PathSize(e)
			if size != w.PathSize(e) {
				t.Fatalf("round %d, %s: path size %d, want %d", round, w.Label, size, w.PathSize(e))
			}
			path := g.Path(e)
			if size <= limit {
				checkPath(t, x, path, e, v)
				if rel := g.PathRelated(e); len(rel) != len(path)-1 {
					t.Fatalf("round %d, %s: %d related for a path of %d", round, w.Label, len(rel), len(path))
				}
			} else if len(path) != limit+1 || path[0] != x.IDs[e] || path[len(path)-1] != x.IDs[v] {
				t.Fatalf("round %d, %s: cut path %v (limit %d, size %d)", round, w.Label, path, limit, size)
			}
		}
		for k := 0; k < 20; k++ {
			m, tt := int32(rng.Intn(n)), int32(rng.Intn(n))
			if a, b := got.FirstSingleDowning(m, tt), want.FirstSingleDowning(m, tt); (a == nil) != (b == nil) || a != nil && a.Event != b.Event {
				t.Fatalf("round %d: FirstSingleDowning(%d, %d) differs", round, m, tt)
			}
		}
	}
}

// checkPath checks that path runs from entrypoint e to v along requires edges.
func checkPath(t *testing.T, x *graph.Index, path []string, e, v int32) {
	t.Helper()
	if path[0] != x.IDs[e] || path[len(path)-1] != x.IDs[v] {
		t.Fatalf("path %v does not run from %s to %s", path, x.IDs[e], x.IDs[v])
	}
	for i := 0; i+1 < len(path); i++ {
		ok := false
		for _, ed := range x.Out(x.Pos[path[i]]) {
			if x.Deps[ed].Kind == graph.Requires && x.IDs[x.To[ed]] == path[i+1] {
				ok = true
			}
		}
		if !ok {
			t.Fatalf("path %v: %s does not require %s", path, path[i], path[i+1])
		}
	}
}
