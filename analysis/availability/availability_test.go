package availability_test

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/graph"
	hclparser "github.com/faultline-dev/faultline/parser/hcl"
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

// TestHandComputed pins estimates worked out by hand.
func TestHandComputed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		src    string
		target string
		want   float64
		method string
	}{
		{"series chain", `
component "web" {
  entrypoint   = true
  availability = 0.99
  requires     = [component.api]
}
component "api" {
  availability = 0.99
  requires     = [component.db]
}
component "db" { availability = 0.99 }
`, "component.web", 0.99 * 0.99 * 0.99, "exact"},
		{"2-of-3 quorum", `
component "client" {
  entrypoint   = true
  availability = 1
  requires     = [component.etcd]
}
component "etcd" {
  replicas     = 3
  quorum       = 2
  availability = 0.9
}
`, "component.client", 3*0.9*0.9*0.1 + 0.9*0.9*0.9, "exact"},
		{"parallel pair", `
component "web" {
  entrypoint   = true
  availability = 1
  requires_any "backends" {
    of   = [component.a, component.b]
    need = 1
  }
}
component "a" { availability = 0.9 }
component "b" { availability = 0.9 }
`, "component.web", 1 - 0.1*0.1, "exact"},
		{"replicas in two zones", `
component "web" {
  entrypoint   = true
  replicas     = 2
  availability = 0.99
  placement { zone = ["z1", "z2"] }
}
`, "component.web", 1 - math.Pow(1-0.99*0.9995, 2), "exact"},
		{"replicas in one zone", `
component "web" {
  entrypoint   = true
  replicas     = 2
  availability = 0.99
  placement { zone = ["z1", "z1"] }
}
`, "component.web", 0.9995 * (1 - 0.01*0.01), "exact"},
		{"nested domains", `
domain "zone" "z1" { parent = "region.r" }
domain "zone" "z2" { parent = "region.r" }
component "web" {
  entrypoint   = true
  replicas     = 2
  availability = 1
  placement { zone = ["z1", "z2"] }
}
`, "component.web", 0.99995 * (1 - 0.0005*0.0005), "exact"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := availability.Compute(index(t, tc.src), availability.Options{})
			e := r.Of(tc.target)
			if e == nil {
				t.Fatalf("no estimate for %s", tc.target)
			}
			if e.Method != tc.method || math.Abs(e.Estimate-tc.want) > 1e-12 {
				t.Errorf("got %.12f (%s), want %.12f (%s)", e.Estimate, e.Method, tc.want, tc.method)
			}
		})
	}
}

// TestCommonDependency: a parallel pair that shares a dependency is not a tree, so
// the estimate is Monte Carlo, and its interval holds the value computed by hand.
func TestCommonDependency(t *testing.T) {
	x := index(t, `
component "web" {
  entrypoint   = true
  availability = 1
  requires_any "backends" {
    of   = [component.a, component.b]
    need = 1
  }
}
component "a" {
  availability = 0.9
  requires     = [component.net]
}
component "b" {
  availability = 0.9
  requires     = [component.net]
}
component "net" { availability = 0.99 }
`)
	e := availability.Compute(x, availability.Options{}).Of("component.web")
	want := 0.99 * (1 - 0.1*0.1)
	if e.Method != "monte-carlo" || want < e.Low || want > e.High {
		t.Errorf("got %+v, want an interval holding %.6f", e, want)
	}
}

// TestExactAgainstMonteCarlo compares the two methods on random tree models.
func TestExactAgainstMonteCarlo(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	const samples = 60000
	for i := 0; i < 12; i++ {
		src := randomTree(rng)
		x := index(t, src)
		ex := availability.Compute(x, availability.Options{}).Of("component.c0")
		mc := availability.Compute(x, availability.Options{NoExact: true, Samples: samples, Seed: uint64(i + 1)}).Of("component.c0")
		if ex.Method != "exact" || mc.Method != "monte-carlo" {
			t.Fatalf("methods %s/%s on\n%s", ex.Method, mc.Method, src)
		}
		// Four standard errors, and a floor for estimates near 1.
		se := math.Sqrt(ex.Estimate*(1-ex.Estimate)/samples) + 1e-4
		if d := math.Abs(ex.Estimate - mc.Estimate); d > 4*se {
			t.Errorf("model %d: exact %.6f, Monte Carlo %.6f [%.6f, %.6f]\n%s", i, ex.Estimate, mc.Estimate, mc.Low, mc.High, src)
		}
	}
}

// TestExactWalkUnchanged: the exact walk (one stack of per-state arrays,
// states that differ only in domains a component is not placed in sharing its
// term) gives the same floats, bit for bit, as the walk it replaced, on
// random trees with nested and unplaced domains, quorums and requires_any.
func TestExactWalkUnchanged(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	compared := 0
	for i := 0; i < 300; i++ {
		src := randomTreeZones(rng, 2+rng.Intn(40), 1+rng.Intn(6))
		x := index(t, src)
		for v := int32(0); v < int32(x.N); v++ {
			got, want, ok := availability.ExactBoth(x, v)
			if !ok {
				continue
			}
			compared++
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("model %d, %s: %v, was %v\n%s", i, x.IDs[v], got, want, src)
			}
		}
	}
	if compared < 1000 {
		t.Errorf("only %d exact estimates compared", compared)
	}
}

func randomTree(rng *rand.Rand) string {
	return randomTreeZones(rng, 2+rng.Intn(6), 3)
}

// randomTreeZones is a random tree of n components over nz zones; with more
// than three zones, a component may be unplaced.
func randomTreeZones(rng *rand.Rand, n, nz int) string {
	var b strings.Builder
	zones := []string{"a", "b", "c", "d", "e", "f"}[:nz]
	children := make([][]int, n)
	for i := 1; i < n; i++ {
		p := rng.Intn(i)
		children[p] = append(children[p], i)
	}
	for i := 0; i < n; i++ {
		reps := 1 + rng.Intn(3)
		q := 1 + rng.Intn(reps)
		var pl []string
		for r := 0; r < reps; r++ {
			pl = append(pl, fmt.Sprintf("%q", zones[rng.Intn(nz)]))
		}
		if nz > 3 && rng.Intn(4) == 0 {
			fmt.Fprintf(&b, "component \"c%d\" {\n  replicas = %d\n  quorum = %d\n  availability = %.2f\n", i, reps, q, 0.8+0.19*rng.Float64())
		} else {
			fmt.Fprintf(&b, "component \"c%d\" {\n  replicas = %d\n  quorum = %d\n  availability = %.2f\n  placement {\n    zone = [%s]\n  }\n",
				i, reps, q, 0.8+0.19*rng.Float64(), strings.Join(pl, ", "))
		}
		if i == 0 {
			b.WriteString("  entrypoint = true\n")
		}
		kids := children[i]
		if len(kids) >= 2 && rng.Intn(2) == 0 {
			var of []string
			for _, k := range kids {
				of = append(of, fmt.Sprintf("component.c%d", k))
			}
			fmt.Fprintf(&b, "  requires_any \"g\" {\n    of = [%s]\n    need = %d\n  }\n", strings.Join(of, ", "), 1+rng.Intn(len(kids)))
		} else if len(kids) > 0 {
			var req []string
			for _, k := range kids {
				req = append(req, fmt.Sprintf("component.c%d", k))
			}
			fmt.Fprintf(&b, "  requires = [%s]\n", strings.Join(req, ", "))
		}
		b.WriteString("}\n")
	}
	// Zones are nested in one region half of the time.
	if rng.Intn(2) == 0 {
		b.WriteString("domain \"zone\" \"a\" { parent = \"region.r\" }\ndomain \"zone\" \"b\" { parent = \"region.r\" }\n")
	}
	return b.String()
}

// TestRestsOnUnknowns: an estimate over a component with an unresolved
// dependency or an opaque one is an upper bound that names them; one over
// declared facts rests on nothing.
func TestRestsOnUnknowns(t *testing.T) {
	x := index(t, `
component "web" {
  entrypoint   = true
  availability = 0.999
  requires     = [component.api]
}
component "api" {
  availability = 0.999
  requires     = [component.vendor]
}
component "vendor" {
  availability = 0.999
}
component "admin" {
  entrypoint   = true
  availability = 0.999
}
component "batch" {
  entrypoint = true
}
`)
	at := func(id string) *graph.Component {
		for _, c := range x.Comp {
			if c.ID == id {
				return c
			}
		}
		t.Fatalf("no %s", id)
		return nil
	}
	at("component.api").Unresolved = []string{`it names "ledger:8080", which matches no Service in the inputs`}
	at("component.vendor").Opaque = true
	r := availability.Compute(x, availability.Options{})
	web := r.Of("component.web")
	if !web.UpperBound || web.Unresolved() != 2 {
		t.Fatalf("web: upper bound %v, %d unresolved; want an upper bound over 2: %+v", web.UpperBound, web.Unresolved(), web.RestsOnUnknowns)
	}
	if got, want := web.RestsOn(), "upper bound: 1 unresolved dependency, 1 opaque component"; got != want {
		t.Errorf("web rests on %q, want %q", got, want)
	}
	if u := web.RestsOnUnknowns[0]; u.Kind != "unresolved" || u.Component != "component.api" || !strings.Contains(u.Detail, "ledger:8080") {
		t.Errorf("web's first unknown is %+v", u)
	}
	if admin := r.Of("component.admin"); admin.UpperBound || len(admin.RestsOnUnknowns) != 0 {
		t.Errorf("admin rests on declared facts only, yet %+v", admin.RestsOnUnknowns)
	}
	if got, want := r.Of("component.batch").RestsOn(), "rests on 1 default availability"; got != want {
		t.Errorf("batch rests on %q, want %q", got, want)
	}
}
