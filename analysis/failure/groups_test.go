package failure_test

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
	"github.com/faultline-dev/faultline/parser"
)

// groupArchitecture writes an architecture rich in requires_any groups: every
// component may own up to three, of two to six alternatives that other groups
// share, with any need from 1 to all of them; requires edges (cycles too),
// replicas and quorums, a few entrypoints.
func groupArchitecture(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "component \"c%d\" {\n", i)
		if reps := 1 + rng.Intn(3); reps > 1 {
			fmt.Fprintf(&b, "  replicas = %d\n  quorum = %d\n", reps, 1+rng.Intn(reps))
		}
		if rng.Intn(5) == 0 {
			b.WriteString("  entrypoint = true\n")
		}
		var req []string
		for k := rng.Intn(3); k > 0; k-- {
			if j := rng.Intn(n); j != i && !slices.Contains(req, fmt.Sprintf("component.c%d", j)) {
				req = append(req, fmt.Sprintf("component.c%d", j))
			}
		}
		if len(req) > 0 {
			fmt.Fprintf(&b, "  requires = [%s]\n", strings.Join(req, ", "))
		}
		for g := rng.Intn(4); g > 0; g-- {
			var of []string
			for k := 2 + rng.Intn(5); k > 0; k-- {
				ref := fmt.Sprintf("component.c%d", rng.Intn(n))
				if ref != fmt.Sprintf("component.c%d", i) && !slices.Contains(of, ref) && !slices.Contains(req, ref) {
					of = append(of, ref)
				}
			}
			if len(of) == 0 {
				continue
			}
			fmt.Fprintf(&b, "  requires_any \"g%d\" {\n    of = [%s]\n    need = %d\n  }\n", g, strings.Join(of, ", "), 1+rng.Intn(len(of)))
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// referenceResults is ComputeWith's single-instance events as they were
// computed before groups were counted (one engine run per fragile component,
// then, for every group of every downed component, a rescan of its
// alternatives), kept here to check the counting against.
func referenceResults(x *graph.Index) (singles []*failure.Outcome, singleDown []bool, singleBy []int32, tipped []bool) {
	e := failure.NewEngine(x)
	singleDown, singleBy = make([]bool, x.N), make([]int32, x.N)
	tipped = make([]bool, len(x.Model.Groups))
	for v := int32(0); v < int32(x.N); v++ {
		if !x.Comp[v].Fragile() {
			continue
		}
		res := e.Run(failure.Event{Kind: failure.Instance, Comp: v})
		o := failure.Snapshot(res)
		for _, d := range o.Down {
			if !singleDown[d] {
				singleDown[d], singleBy[d] = true, int32(len(singles))
			}
		}
		for g, grp := range x.Model.Groups {
			down := 0
			for _, id := range grp.Of {
				if res.Down[x.Pos[id]] {
					down++
				}
			}
			if len(grp.Of)-down < grp.Need {
				tipped[g] = true
			}
		}
		singles = append(singles, o)
	}
	return singles, singleDown, singleBy, tipped
}

// TestGroupsMatchReference checks the failure pass on architectures with
// requires_any groups against the reference above, and each single event's
// down set against the brute-force fixpoint.
func TestGroupsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewSource(19))
	tippedSeen := 0
	for round := range 300 {
		n := 2 + rng.Intn(40)
		src := groupArchitecture(rng, n)
		x := load(t, src)
		got := failure.ComputeWith(x, 1+rng.Intn(10))
		singles, singleDown, singleBy, tipped := referenceResults(x)
		if !slices.Equal(got.SingleDown, singleDown) || !slices.Equal(got.SingleBy, singleBy) {
			t.Fatalf("round %d: SingleDown/SingleBy differ\n%s", round, src)
		}
		if !slices.Equal(got.GroupTippedBySingle, tipped) {
			t.Fatalf("round %d: GroupTippedBySingle %v, want %v\n%s", round, got.GroupTippedBySingle, tipped, src)
		}
		if slices.Contains(tipped, true) {
			tippedSeen++
		}
		if len(got.Singles) != len(singles) {
			t.Fatalf("round %d: %d singles, want %d", round, len(got.Singles), len(singles))
		}
		for i, g := range got.Singles {
			w := singles[i]
			if g.Event != w.Event || !slices.Equal(g.Down, w.Down) || !slices.Equal(g.Cause, w.Cause) || !slices.Equal(g.Via, w.Via) ||
				!slices.Equal(g.Degraded, w.Degraded) || !slices.Equal(g.EntryDown, w.EntryDown) {
				t.Fatalf("round %d, %s: outcome differs from the reference\n%s", round, w.Label, src)
			}
			if bf := bruteForce(x, g.Event); !slices.Equal(g.Down, bf) {
				t.Fatalf("round %d, %s: down %v, brute force %v\n%s", round, w.Label, g.Down, bf, src)
			}
		}
	}
	if tippedSeen < 30 {
		t.Fatalf("only %d rounds tipped a group: the generator does not exercise the counting", tippedSeen)
	}
}

// servicesOverDeployments writes issue 19's Kubernetes manifest: s LoadBalancer
// Services (entrypoints) selecting the same d single-replica Deployments, each
// Service a requires_any group of all of them.
func servicesOverDeployments(s, d int) string {
	var docs []string
	for i := range d {
		docs = append(docs, fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d%d}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}`, i))
	}
	for i := range s {
		docs = append(docs, fmt.Sprintf(`apiVersion: v1
kind: Service
metadata: {name: s%d}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80}]`, i))
	}
	return strings.Join(docs, "\n---\n") + "\n"
}

// TestServicesOverDeploymentsBounded: 1,000 LoadBalancer Services selecting the
// same 1,000 Deployments took 33 s in the failure pass (issue 19: for every
// downed Deployment, every group it is an alternative of was rescanned, a
// thousand groups of a thousand, for each of a thousand events). The pass must
// end within 10 s and allocate under 512 MB, with the right answer: losing one
// Deployment leaves 999 alternatives to every Service, so no group tips and no
// entrypoint goes down.
func TestServicesOverDeploymentsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("a million edges")
	}
	const n = 1000
	file := filepath.Join(t.TempDir(), "lb.yaml")
	if err := os.WriteFile(file, []byte(servicesOverDeployments(n, n)), 0o644); err != nil {
		t.Fatal(err)
	}
	m, diags, _ := parser.Load([]string{file})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	x := graph.NewIndex(m)
	if len(x.Model.Groups) != n || len(x.Deps) != n*n {
		t.Fatalf("%d groups and %d edges, want %d and %d", len(x.Model.Groups), len(x.Deps), n, n*n)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := cputime.Used()
	r := failure.ComputeWith(x, 100)
	elapsed := cputime.Since(start)
	runtime.ReadMemStats(&after)
	if elapsed > 10*time.Second && !race.Enabled {
		t.Errorf("the failure pass took %v", elapsed)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 512<<20 {
		t.Errorf("the failure pass allocated %d MB", alloc>>20)
	}
	if len(r.Singles) != n {
		t.Fatalf("%d single-instance events, want %d", len(r.Singles), n)
	}
	for _, o := range r.Singles {
		if len(o.EntryDown) != 0 || len(o.Down) != 1 || len(o.Degraded) != n {
			t.Fatalf("%s: %d down, %d degraded, entrypoints %v; want itself, the %d Services degraded, none", o.Label, len(o.Down), len(o.Degraded), o.EntryDown, n)
		}
	}
	if slices.Contains(r.GroupTippedBySingle, true) {
		t.Error("a group tipped")
	}
}
