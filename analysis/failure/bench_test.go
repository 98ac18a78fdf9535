package failure_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/benchdata"
	hclparser "github.com/faultline-dev/faultline/parser/hcl"
)

// benchSizes are the model sizes of the engine benchmarks.
var benchSizes = []int{10000, 100000}

// benchIndex loads a generated native-format architecture of n components
// (internal/synth, 1,000 components a file) and indexes it.
func benchIndex(b *testing.B, n int) *graph.Index {
	m, _, _ := benchdata.Model(b, n)
	return graph.NewIndex(m)
}

// singleEvents returns the single-instance events Compute runs: one per fragile
// component.
func singleEvents(x *graph.Index) []failure.Event {
	var evs []failure.Event
	for v := int32(0); v < int32(x.N); v++ {
		if x.Comp[v].Fragile() {
			evs = append(evs, failure.Event{Kind: failure.Instance, Comp: v})
		}
	}
	return evs
}

// domainEvents returns the domain events Compute runs: one per domain.
func domainEvents(x *graph.Index) []failure.Event {
	evs := make([]failure.Event, len(x.Domains))
	for d := range x.Domains {
		evs[d] = failure.Event{Kind: failure.DomainOut, Domain: int32(d)}
	}
	return evs
}

// benchEvents times, per iteration, a new engine and the run and snapshot of
// every event, as Compute does for its two families of events.
func benchEvents(b *testing.B, events func(*graph.Index) []failure.Event) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			x := benchIndex(b, n)
			evs := events(x)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				e := failure.NewEngine(x)
				for _, ev := range evs {
					failure.Snapshot(e.Run(ev))
				}
			}
			b.ReportMetric(float64(len(evs)), "events")
			if len(evs) > 0 {
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(evs)), "ns/event")
			}
		})
	}
}

// BenchmarkSingles runs every single-instance event (one per fragile component).
func BenchmarkSingles(b *testing.B) { benchEvents(b, singleEvents) }

// BenchmarkDomains runs every domain event (one per domain, nested ones included).
func BenchmarkDomains(b *testing.B) { benchEvents(b, domainEvents) }

// BenchmarkCompute times the shared failure pass: both families of events and
// the per-component summaries (SingleDown, GroupTippedBySingle).
func BenchmarkCompute(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			x := benchIndex(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				failure.Compute(x)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "components/s")
		})
	}
}

// stressIndex builds an architecture where every component runs one instance:
// a chain (each requires the next) or a wide layered graph (each requires three
// of the next tenth), 2% entrypoints at the top.
func stressIndex(b *testing.B, shape string, n int) *graph.Index {
	b.Helper()
	var sb strings.Builder
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "component \"c%d\" {\n", i)
		if shape == "chain" && i == 0 || shape == "wide" && i < n/50 {
			sb.WriteString("  entrypoint = true\n")
		}
		switch {
		case shape == "chain" && i+1 < n:
			fmt.Fprintf(&sb, "  requires = [component.c%d]\n", i+1)
		case shape == "wide" && i+10 < n:
			seen := map[int]bool{}
			var refs []string
			for k := 0; k < 3; k++ {
				j := i + 1 + rng.Intn(max(1, min(n-i-1, n/10)))
				if !seen[j] {
					seen[j] = true
					refs = append(refs, fmt.Sprintf("component.c%d", j))
				}
			}
			fmt.Fprintf(&sb, "  requires = [%s]\n", strings.Join(refs, ", "))
		}
		sb.WriteString("}\n")
	}
	bld := graph.NewBuilder()
	if diags := hclparser.ParseFile("stress.hcl", []byte(sb.String()), bld); diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	m, diags := bld.Build()
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	return graph.NewIndex(m)
}

// BenchmarkSinglesStress compares one propagation per single-instance event
// (Compute) with the shared method (ComputeWith and a blast limit of 100) where
// every component is fragile and blast radii are large: the first grows with
// the sum of the blast radii (quadratic on a chain), the second near-linearly.
func BenchmarkSinglesStress(b *testing.B) {
	for _, shape := range []string{"chain", "wide"} {
		for _, n := range []int{4000, 16000, 64000} {
			for _, method := range []string{"per-event", "shared"} {
				if method == "per-event" && n > 16000 {
					continue // minutes, and gigabytes of outcomes
				}
				b.Run(fmt.Sprintf("%s/components=%d/%s", shape, n, method), func(b *testing.B) {
					x := stressIndex(b, shape, n)
					b.ReportAllocs()
					b.ResetTimer()
					for b.Loop() {
						if method == "shared" {
							if r := failure.ComputeWith(x, 100); !r.Shared() {
								b.Fatal("the shared method was not used")
							}
						} else {
							failure.Compute(x)
						}
					}
					b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "components/s")
				})
			}
		}
	}
}

// groupsIndex builds issue 19's shape directly: n entrypoint Services, each a
// requires_any group (need 1) of the same n single-instance Deployments.
func groupsIndex(b *testing.B, n int) *graph.Index {
	b.Helper()
	bld := graph.NewBuilder()
	var deps []string
	for i := range n {
		id := fmt.Sprintf("deployment.d%d", i)
		deps = append(deps, id)
		bld.AddComponent(&graph.Component{ID: id, Kind: "deployment", Replicas: 1, Quorum: 1})
	}
	for i := range n {
		id := fmt.Sprintf("service.s%d", i)
		bld.AddComponent(&graph.Component{ID: id, Kind: "service", Replicas: 1, Quorum: 1, Entrypoint: true})
		bld.AddGroup(graph.Group{Owner: id, Name: "pods", Of: deps, Need: 1}, nil)
	}
	m, diags := bld.Build()
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	return graph.NewIndex(m)
}

// BenchmarkGroups times the failure pass where many groups share many
// alternatives (n Services over the same n Deployments: n² edges, n events).
func BenchmarkGroups(b *testing.B) {
	for _, n := range []int{250, 500, 1000} {
		b.Run(fmt.Sprintf("services=deployments=%d", n), func(b *testing.B) {
			x := groupsIndex(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				failure.ComputeWith(x, 100)
			}
			b.ReportMetric(float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds(), "edges/s")
		})
	}
}
