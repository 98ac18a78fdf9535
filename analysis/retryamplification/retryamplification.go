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
	eff := make([]float64, x.N) // worst effective amplification arriving at v (log)
	raw := make([]float64, x.N) // the same path's product ignoring breakers (log)
	reached := make([]bool, x.N)
	pred := make([]int32, x.N) // the edge of the worst path into v, or -1
	for v := range pred {
		pred[v] = -1
	}
	for _, v := range order {
		if x.Entry[v] && !reached[v] {
			eff[v], raw[v], reached[v] = 0, 0, true
		}
		if !reached[v] {
			continue // no entrypoint reaches v
		}
		for _, e := range x.Out(v) {
			d := x.Deps[e]
			w := x.To[e]
			if !runtime(d.Kind) || scc[v] == scc[w] {
				continue
			}
			f := math.Log(attempts(d))
			next := eff[v] + f
			if d.Call != nil && d.Call.CircuitBreaker {
				next = eff[v]
			}
			if !reached[w] || next > eff[w] || next == eff[w] && pred[w] >= 0 && raw[v]+f > raw[w] {
				eff[w], raw[w], pred[w], reached[w] = next, raw[v]+f, e, true
			}
		}
	}
	for v := int32(0); v < int32(x.N); v++ {
		e := pred[v]
		if e < 0 || eff[v] <= threshold || attempts(x.Deps[e]) <= 1 || tip(x, v, pred, eff, threshold) {
			continue
		}
		report(p, v, pred, eff[v], raw[v], p.Options.RetryThreshold)
	}
	return nil, nil
}

// tip reports whether the storm arriving at v is multiplied further below it: then
// the component below is reported instead.
func tip(x *graph.Index, v int32, pred []int32, eff []float64, threshold float64) bool {
	for _, e := range x.Out(v) {
		w := x.To[e]
		if pred[w] == e && eff[w] > eff[v] && eff[w] > threshold {
			return true
		}
	}
	return false
}

func report(p *analysis.Pass, v int32, pred []int32, eff, raw, threshold float64) {
	x := p.Index
	var hops []int32 // edges, entry first
	for e := pred[v]; e >= 0; e = pred[x.From[e]] {
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
	last := x.Deps[pred[v]]
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
