package failure_test

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	hclparser "github.com/faultline-dev/faultline/parser/hcl"
	"github.com/google/go-cmp/cmp"
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

// shapedArchitecture writes a group-free architecture of one of the shapes where
// the shared method and the engine could part: the random one above; one ring
// (with chords now and then); strongly connected clusters that feed each other
// (one ring per cluster, extra edges inside, requires into later clusters);
// self-loops. Entrypoints are declared on some components, inside cycles too,
// or on none (inferred: the components nothing depends on, which a ring has not).
func shapedArchitecture(rng *rand.Rand, n int, shape string) string {
	if shape == "random" {
		return randomArchitecture(rng, n)
	}
	reqs := make([][]int, n)
	add := func(i, j int) {
		if !slices.Contains(reqs[i], j) {
			reqs[i] = append(reqs[i], j)
		}
	}
	switch shape {
	case "ring":
		for i := range n {
			add(i, (i+1)%n)
			if rng.Intn(8) == 0 {
				add(i, rng.Intn(n)) // a chord, or a self-loop
			}
		}
	case "sccs":
		// Clusters of consecutive components; cluster k requires into later ones.
		var starts []int
		for i := 0; i < n; i += 1 + rng.Intn(8) {
			starts = append(starts, i)
		}
		starts = append(starts, n)
		for k := 0; k+1 < len(starts); k++ {
			lo, hi := starts[k], starts[k+1]
			for i := lo; i < hi; i++ {
				if hi-lo > 1 {
					add(i, lo+(i-lo+1)%(hi-lo))
				}
				if rng.Intn(3) == 0 {
					add(i, lo+rng.Intn(hi-lo))
				}
				if hi < n && rng.Intn(3) == 0 {
					add(i, hi+rng.Intn(n-hi))
				}
			}
		}
	case "selfloops":
		for i := range n {
			if rng.Intn(3) == 0 {
				add(i, i)
			}
			for k := rng.Intn(3); k > 0; k-- {
				add(i, rng.Intn(n))
			}
		}
	}
	noEntry := rng.Intn(3) == 0
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "component \"c%d\" {\n", i)
		if rng.Intn(3) == 0 {
			fmt.Fprintf(&b, "  replicas = 3\n")
		}
		if !noEntry && rng.Intn(5) == 0 {
			fmt.Fprintf(&b, "  entrypoint = true\n")
		}
		var refs, soft []string
		for _, j := range reqs[i] {
			refs = append(refs, fmt.Sprintf("component.c%d", j))
		}
		if j := rng.Intn(n); rng.Intn(6) == 0 && !slices.Contains(reqs[i], j) {
			soft = append(soft, fmt.Sprintf("component.c%d", j))
		}
		if len(refs) > 0 {
			fmt.Fprintf(&b, "  requires = [%s]\n", strings.Join(refs, ", "))
		}
		if len(soft) > 0 {
			fmt.Fprintf(&b, "  soft = [%s]\n", strings.Join(soft, ", "))
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// cut is analysis.Finding's cut of a path longer than limit: its first limit/2
// and last limit-limit/2 components around a marker of how many are left out.
func cut(path []string, limit int) []string {
	n := len(path)
	if limit <= 0 || n <= limit {
		return path
	}
	h := limit / 2
	return append(append(path[:h:h], analysis.Elided(n-limit)), path[n-(limit-h):]...)
}

// TestSharedMatchesEngine checks the shared method of the single-instance events
// against one propagation per event on random architectures of every shape
// (cycles, rings, clusters feeding each other, self-loops, no entrypoint at
// all): every field an outcome reports — the events, entrypoints lost and their
// number, blast radii (first members and size), the closest entrypoint, its
// explanation (the same components, cut the same way, with the same related
// declarations), the full outcome (down, causes, degraded), the components
// some event downs and the first such event — and, above all, the findings of
// every rule, which must not depend on the method, hence on the graph's size.
func TestSharedMatchesEngine(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	shapes := []string{"random", "ring", "sccs", "selfloops"}
	for round := 0; round < 400; round++ {
		shape := shapes[round%len(shapes)]
		n := 1 + rng.Intn(60)
		src := shapedArchitecture(rng, n, shape)
		x := load(t, src)
		limit := 2 + rng.Intn(8)
		name := fmt.Sprintf("round %d (%s, %d components, limit %d)", round, shape, n, limit)
		want := failure.Compute(x)
		restore := failure.ForceShared()
		got := failure.ComputeWith(x, limit)
		restore()
		if !got.Shared() {
			if len(want.Singles) == 0 {
				continue
			}
			t.Fatalf("%s: the shared method was not used", name)
		}
		compareOutcomes(t, name, src, x, got, want, limit, rng)
		compareFindings(t, name, src, limit)
	}
}

// compareOutcomes compares the outcomes of the shared method (got) with one
// propagation per event (want), field by field.
func compareOutcomes(t *testing.T, name, src string, x *graph.Index, got, want *failure.Results, limit int, rng *rand.Rand) {
	t.Helper()
	n := x.N
	if len(got.Singles) != len(want.Singles) {
		t.Fatalf("%s: %d singles, want %d", name, len(got.Singles), len(want.Singles))
	}
	if !slices.Equal(got.SingleDown, want.SingleDown) || !slices.Equal(got.SingleBy, want.SingleBy) ||
		!slices.Equal(got.GroupTippedBySingle, want.GroupTippedBySingle) {
		t.Fatalf("%s: SingleDown/SingleBy/GroupTippedBySingle differ", name)
	}
	for i, g := range got.Singles {
		w := want.Singles[i]
		v := w.Event.Comp
		if g.Event != w.Event || g.Label != w.Label || g.EntrypointsLost() != len(w.EntryDown) ||
			!slices.Equal(g.EntryDown, w.EntryDown[:min(max(limit, analysis.ListShown), len(w.EntryDown))]) {
			t.Fatalf("%s, %s: event or entrypoints differ: %v (%d) %v\n%s", name, w.Label, g.EntryDown, g.EntrypointsLost(), w.EntryDown, src)
		}
		for _, l := range []int{limit, 0, 1} {
			gb, gs := g.BlastRadius(l)
			wb, ws := w.BlastRadius(l)
			if gs != ws || !slices.Equal(gb, wb) {
				t.Fatalf("%s, %s: blast radius (limit %d) %v (%d), want %v (%d)", name, w.Label, l, gb, gs, wb, ws)
			}
		}
		if g.ClosestEntry() != w.ClosestEntry() {
			t.Fatalf("%s, %s: closest entrypoint %d, want %d", name, w.Label, g.ClosestEntry(), w.ClosestEntry())
		}
		full := g.Full()
		if !slices.Equal(full.Down, w.Down) || !slices.Equal(full.Degraded, w.Degraded) ||
			!slices.Equal(full.Cause, w.Cause) || !slices.Equal(full.Via, w.Via) || !slices.Equal(full.EntryDown, w.EntryDown) {
			t.Fatalf("%s, %s: Full differs from the engine", name, w.Label)
		}
		for k := range min(n, 64) {
			u := int32(k) // every component of a small graph, a sample of a large one
			if n > 64 {
				u = int32(rng.Intn(n))
			}
			gc, gv := g.CauseOf(u)
			wc, wv := w.CauseOf(u)
			if g.IsDown(u) != w.IsDown(u) || gc != wc || gv != wv {
				t.Fatalf("%s, %s: state of %s differs", name, w.Label, x.IDs[u])
			}
		}
		e := w.ClosestEntry()
		if e < 0 {
			continue
		}
		size := g.PathSize(e)
		if size != w.PathSize(e) {
			t.Fatalf("%s, %s: path size %d, want %d", name, w.Label, size, w.PathSize(e))
		}
		path := g.Path(e)
		if wp := cut(w.Path(e), limit); !slices.Equal(path, wp) {
			t.Fatalf("%s, %s: path %v, want %v", name, w.Label, path, wp)
		}
		if size <= limit {
			checkPath(t, x, path, e, v)
		}
	}
	for k := 0; k < 20; k++ {
		m, tt := int32(rng.Intn(n)), int32(rng.Intn(n))
		if a, b := got.FirstSingleDowning(m, tt), want.FirstSingleDowning(m, tt); (a == nil) != (b == nil) || a != nil && a.Event != b.Event {
			t.Fatalf("%s: FirstSingleDowning(%d, %d) differs", name, m, tt)
		}
	}
	if len(got.Domains) != len(want.Domains) {
		t.Fatalf("%s: %d domain outcomes, want %d", name, len(got.Domains), len(want.Domains))
	}
}

// compareFindings runs every rule that reads the failure pass over src with the
// blast limit, once with one propagation per event and once with the shared
// method, and requires the same findings.
func compareFindings(t *testing.T, name, src string, limit int) {
	t.Helper()
	var rules []*analysis.Analyzer
	for _, a := range catalog.Analyzers() {
		if readsFailure(a) {
			rules = append(rules, a)
		}
	}
	b := graph.NewBuilder()
	diags := hclparser.ParseFile("t.hcl", []byte(src), b)
	m, more := b.Build()
	if diags = append(diags, more...); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	opts := analysis.Options{Now: analysistest.Now, BlastLimit: limit}
	restore := failure.ForceEngine()
	want, err := analysis.Run(m, rules, opts)
	restore()
	if err != nil {
		t.Fatal(err)
	}
	restore = failure.ForceShared()
	got, err := analysis.Run(m, rules, opts)
	restore()
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(want, got) {
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s: findings differ with the shared method (-engine +shared):\n%s\n%s", name, diff, src)
	}
}

// TestSharedAboveBudget: past the real budget, where ComputeWith switches
// methods by itself, the outcomes and every finding are those of one
// propagation per event: a ring of 2,100 components (about 4.4M visits, the
// budget is 4.2M) with and without an entrypoint, as the ring of issue 19 (N+1
// spof findings claiming entrypoints the summary did not list once the ring
// passed the budget). TestSharedMatchesEngine forces the shared method on the
// other shapes.
func TestSharedAboveBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("large graphs")
	}
	rng := rand.New(rand.NewSource(5))
	ring := func(n int, entry bool) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "component \"c%d\" {\n  requires = [component.c%d]\n", i, (i+1)%n)
			if entry && i == n/2 {
				b.WriteString("  entrypoint = true\n")
			}
			b.WriteString("}\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		src  string
	}{
		{"ring without entrypoint", ring(2100, false)},
		{"ring with an entrypoint", ring(2100, true)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const limit = 100
			x := load(t, tc.src)
			got := failure.ComputeWith(x, limit)
			if !got.Shared() {
				t.Fatalf("the shared method was not used (budget %d)", failure.SharedBudget(x))
			}
			want := failure.Compute(x)
			if want.Shared() {
				t.Fatal("Compute used the shared method")
			}
			compareOutcomes(t, tc.name, "", x, got, want, limit, rng)
			compareFindings(t, tc.name, tc.src, limit)
		})
	}
}

// readsFailure reports whether a reads the failure pass, directly or not.
func readsFailure(a *analysis.Analyzer) bool {
	return a == failure.Analyzer || slices.ContainsFunc(a.Requires, readsFailure)
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
