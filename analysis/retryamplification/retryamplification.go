// Package retryamplification defines the retry-amplification rule: retries that
// multiply along a call chain into a retry storm.
package retryamplification

import (
	"fmt"
	"math"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer reports call chains whose retries multiply beyond the threshold.
var Analyzer = &analysis.Analyzer{
	Name: "retry-amplification",
	Rule: Rule,
	Run:  run,
}

// Rule documents retry-amplification.
var Rule = &analysis.Rule{
	ID:       "FL008",
	Name:     "retry-amplification",
	Severity: analysis.Warning,
	Title:    "Retries multiply along a call chain",
	Text: `Each layer that retries a failed call multiplies the load on the layers below: three
layers that each make up to 4 attempts send up to 4 × 4 × 4 = 64 requests to the
bottom for one user request, exactly when the bottom is failing (a retry storm
that keeps it down). Along every call path from an entrypoint, the rule multiplies
the attempts (1 + retries) of each hop, and reports where the product exceeds the
threshold (10 by default). A hop with a circuit breaker stops the multiplication:
when the callee fails the breaker opens and the caller stops calling, so the
product starts again below it. Hops without call attributes count as one attempt.`,
	Before: `component "db" { replicas = 2 }
component "orders" {
  replicas = 2
  call "db" {
    target  = component.db
    timeout = "1s"
    retries = 3
  }
}
component "api" {
  entrypoint = true
  replicas   = 2
  call "orders" {
    target  = component.orders
    timeout = "2s"
    retries = 3
  }
}`,
	After: `component "api" {
  entrypoint = true
  replicas   = 2
  call "orders" {
    target          = component.orders
    timeout         = "2s"
    retries         = 0   # retry at one layer only
    circuit_breaker = true
  }
}`,
	Fix: `Retry at one layer only (usually the one closest to the user), use retry budgets
and exponential backoff with jitter, and put circuit breakers on the calls to
dependencies that can fail as a whole.`,
	Since: "0.1.0",
}

func runtime(k graph.EdgeKind) bool {
	return k == graph.Requires || k == graph.RequiresAny || k == graph.Soft
}

func attempts(d *graph.Dependency) float64 {
	if d.Call == nil {
		return 1
	}
	return float64(1 + d.Call.Retries)
}

func run(p *analysis.Pass) (any, error) {
	x := p.Index
	threshold := math.Log(p.Options.RetryThreshold)
	order, scc := topoOrder(x)
	// Products are kept as sums of logarithms: a chain of 120 hops of 11
	// attempts each is 10^125 attempts, past what a float64 holds as a
	// product (+Inf, which compared equal to itself and reported every hop
	// after it), but a sum that still grows at every hop.
	// What the walk reads of an edge, in edge order, so that the walk does not
	// follow a pointer to each edge's declaration (one cache miss per edge on
	// a large graph): the log of its attempts (0 without call attributes) and
	// whether it has a circuit breaker.
	logAttempts := make([]float64, len(x.Deps))
	breaker := make([]bool, len(x.Deps))
	for e, d := range x.Deps {
		if d.Call != nil {
			logAttempts[e], breaker[e] = math.Log(attempts(d)), d.Call.CircuitBreaker
		}
	}
	// Per component, in one record (one cache line where four arrays cost
	// four misses): the worst effective amplification arriving at it (log),
	// the same path's product ignoring breakers (log), the edge of that path
	// into it (-1: none), and whether an entrypoint reaches it.
	st := make([]state, x.N)
	for v := range st {
		st[v].pred = -1
	}
	for _, v := range order {
		sv := &st[v]
		if x.Entry[v] && !sv.reached {
			sv.eff, sv.raw, sv.reached = 0, 0, true
		}
		if !sv.reached {
			continue // no entrypoint reaches v
		}
		for _, e := range x.Out(v) {
			w := x.To[e]
			if !runtime(x.Kind[e]) || scc[v] == scc[w] {
				continue
			}
			f := logAttempts[e]
			next := sv.eff + f
			if breaker[e] {
				next = sv.eff
			}
			if sw := &st[w]; !sw.reached || next > sw.eff || next == sw.eff && sw.pred >= 0 && sv.raw+f > sw.raw {
				sw.eff, sw.raw, sw.pred, sw.reached = next, sv.raw+f, e, true
			}
		}
	}
	for v := int32(0); v < int32(x.N); v++ {
		e := st[v].pred
		if e < 0 || st[v].eff <= threshold || attempts(x.Deps[e]) <= 1 || tip(x, v, st, threshold) {
			continue
		}
		report(p, v, st, p.Options.RetryThreshold)
	}
	return nil, nil
}

// state is what the walk keeps of a component.
type state struct {
	eff, raw float64 // the worst effective amplification arriving (log), and its path's raw product (log)
	pred     int32   // the edge of that path into the component, or -1
	reached  bool    // an entrypoint reaches the component
}

// tip reports whether the storm arriving at v is multiplied further below it: then
// the component below is reported instead.
func tip(x *graph.Index, v int32, st []state, threshold float64) bool {
	for _, e := range x.Out(v) {
		w := x.To[e]
		if st[w].pred == e && st[w].eff > st[v].eff && st[w].eff > threshold {
			return true
		}
	}
	return false
}

func report(p *analysis.Pass, v int32, st []state, threshold float64) {
	x := p.Index
	eff, raw := st[v].eff, st[v].raw
	var hops []int32 // edges, entry first
	for e := st[v].pred; e >= 0; e = st[x.From[e]].pred {
		hops = append([]int32{e}, hops...)
		if len(hops) > x.N {
			break
		}
	}
	path := []string{x.IDs[x.From[hops[0]]]}
	var steps, breakers []string
	var related []analysis.Related
	for _, e := range hops {
		d := x.Deps[e]
		path = append(path, d.To)
		step := fmt.Sprintf("%s (×%g)", d.To, attempts(d))
		if d.Call != nil && d.Call.CircuitBreaker {
			step = fmt.Sprintf("%s (×%g, circuit breaker)", d.To, attempts(d))
			breakers = append(breakers, d.From+" -> "+d.To)
		}
		steps = append(steps, step)
		r := d.Range
		if d.Call != nil {
			r = d.Call.Range
		}
		related = append(related, analysis.Related{Message: fmt.Sprintf("%s calls %s with %g attempts", d.From, d.To, attempts(d)), Location: analysis.LocationOf(r)})
	}
	last := x.Deps[st[v].pred]
	msg := fmt.Sprintf("retries multiply to %s attempts per request at %s along %s -> %s (threshold %g)",
		product(eff), x.IDs[v], path[0], strings.Join(steps, " -> "), threshold)
	if len(breakers) > 0 {
		msg += fmt.Sprintf("; circuit breakers on %s cut it from %s", strings.Join(breakers, ", "), product(raw))
	}
	loc := last.Range
	if last.Call != nil {
		loc = last.Call.Range
	}
	p.Report(analysis.Finding{
		Component:   x.IDs[v],
		Message:     msg,
		Location:    analysis.LocationOf(loc),
		Event:       "failure of " + x.IDs[v],
		BlastRadius: []string{x.IDs[v]},
		Path:        path,
		Entrypoints: []string{path[0]},
		Related:     related,
	})
}

// product formats a product kept as its logarithm: as a number while a
// float64 holds it exactly enough, else as a power of ten.
func product(log float64) string {
	if log < math.Log(1e15) {
		return fmt.Sprintf("%g", math.Round(math.Exp(log)*1e6)/1e6)
	}
	return fmt.Sprintf("about 10^%.0f", log/math.Ln10)
}

// topoOrder returns the components with every dependent before its dependencies,
// cycles collapsed (their inner edges are ignored), and each component's cycle.
func topoOrder(x *graph.Index) (order, comp []int32) {
	sccs := x.SCCs(func(x *graph.Index, e int32) bool { return runtime(x.Kind[e]) })
	comp = make([]int32, x.N)
	for i, c := range sccs {
		for _, v := range c {
			comp[v] = int32(i)
		}
	}
	indeg := make([]int, len(sccs))
	for e := range x.Deps {
		if runtime(x.Kind[e]) && comp[x.From[e]] != comp[x.To[e]] {
			indeg[comp[x.To[e]]]++
		}
	}
	queue := make([]int32, 0, len(sccs))
	order = make([]int32, 0, x.N)
	for i := range sccs {
		if indeg[i] == 0 {
			queue = append(queue, int32(i))
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		c := queue[qi]
		for _, v := range sccs[c] {
			order = append(order, v)
			for _, e := range x.Out(v) {
				if !runtime(x.Kind[e]) || comp[x.To[e]] == c {
					continue
				}
				if indeg[comp[x.To[e]]]--; indeg[comp[x.To[e]]] == 0 {
					queue = append(queue, comp[x.To[e]])
				}
			}
		}
	}
	return order, comp
}
