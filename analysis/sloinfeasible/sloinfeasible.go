// Package sloinfeasible defines the slo-infeasible rule: a declared availability
// target above what the component's dependency chain can deliver.
package sloinfeasible

import (
	"fmt"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer reports SLOs above the availability estimate.
var Analyzer = &analysis.Analyzer{
	Name:     "slo-infeasible",
	Rule:     Rule,
	Requires: []*analysis.Analyzer{availability.Analyzer},
	Run:      run,
}

// Rule documents slo-infeasible.
var Rule = &analysis.Rule{
	ID:       "FL010",
	Name:     "slo-infeasible",
	Severity: analysis.Warning,
	Title:    "SLO above what the dependencies can deliver",
	Text: `A component promises an availability (slo) higher than the upper bound of its
estimated availability: a 99.99% promise that rests on three 99.9% services in
series cannot be kept, however well the component itself runs. The estimate
combines each instance's availability (declared, or the default of its kind) and
each failure domain's, under the failure semantics of faultline (exact for tree
shaped dependencies, Monte Carlo with a 95% interval otherwise). The finding names
the weakest link: the dependency, on the way, whose own loss is likeliest.`,
	Before: `component "db" { availability = 0.999 }
component "api" {
  entrypoint   = true
  replicas     = 3
  availability = 0.999
  slo          = 0.9999
  requires     = [component.db]
}`,
	After: `component "db" {
  availability = 0.999
  replicas     = 2
  placement { zone = ["a", "b"] }
}`,
	Fix: `Make the weakest dependencies redundant (more instances in independent domains,
alternatives), make dependencies that are not essential soft, or promise less.`,
	Since: "0.1.0",
}

func run(p *analysis.Pass) (any, error) {
	res := p.ResultOf[availability.Analyzer].(*availability.Result)
	x := p.Index
	for _, e := range res.Estimates {
		if e.SLO <= 0 || e.SLO <= e.High {
			continue
		}
		v := x.Pos[e.Component]
		path, weakest := weakestLink(x, v)
		how := "exactly"
		if e.Method != "exact" {
			how = fmt.Sprintf("at most %s (Monte Carlo, %d samples, 95%% interval)", availability.Percent(e.High), e.Samples)
		}
		msg := fmt.Sprintf("%s promises %s but its dependencies deliver %s", e.Component, availability.Percent(e.SLO), availability.Percent(e.Estimate))
		if e.Method != "exact" {
			msg += ", " + how
		}
		if weakest >= 0 && weakest != v {
			msg += fmt.Sprintf("; the weakest link is %s (%s on its own, with its domains)", x.IDs[weakest], availability.Percent(1-ownUnavailability(x, weakest)))
		}
		if res.Defaults > 0 {
			msg += fmt.Sprintf(" (%d of the model's components use the default availability of their kind)", res.Defaults)
		}
		p.Report(analysis.Finding{
			Component:   e.Component,
			Message:     msg,
			Location:    analysis.LocationOf(x.Comp[v].Range),
			Event:       "steady-state unavailability",
			BlastRadius: []string{e.Component},
			Path:        path,
		})
	}
	return nil, nil
}

// ownUnavailability is the probability that v has fewer than its quorum of
// instances up through the failures of its own instances and domains.
func ownUnavailability(x *graph.Index, v int32) float64 { return 1 - availability.Own(x, v) }

// weakestLink returns the requires-path from v to the component, among those v
// requires at runtime (itself included), with the highest own unavailability.
func weakestLink(x *graph.Index, v int32) ([]string, int32) {
	parent := map[int32]int32{v: -1}
	queue := []int32{v}
	best, bestU := v, ownUnavailability(x, v)
	for i := 0; i < len(queue); i++ {
		u := queue[i]
		for _, e := range x.Out(u) {
			if x.Kind[e] != graph.Requires {
				continue
			}
			w := x.To[e]
			if _, seen := parent[w]; seen {
				continue
			}
			parent[w] = u
			queue = append(queue, w)
			if uu := ownUnavailability(x, w); uu > bestU {
				best, bestU = w, uu
			}
		}
	}
	var path []string
	for cur := best; cur >= 0; cur = parent[cur] {
		path = append([]string{x.IDs[cur]}, path...)
	}
	return path, best
}
