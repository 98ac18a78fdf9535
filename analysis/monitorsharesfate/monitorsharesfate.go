// Package monitorsharesfate defines the monitor-shares-fate rule: a monitor that
// depends on, or fails together with, what it monitors.
package monitorsharesfate

import (
	"fmt"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer reports monitors that share fate with their targets.
var Analyzer = &analysis.Analyzer{
	Name:     "monitor-shares-fate",
	Rule:     Rule,
	Requires: []*analysis.Analyzer{failure.Analyzer},
	Run:      run,
}

// Rule documents monitor-shares-fate.
var Rule = &analysis.Rule{
	ID:       "FL006",
	Name:     "monitor-shares-fate",
	Severity: analysis.Warning,
	Title:    "Monitor shares fate with what it monitors",
	Text: `A monitor (a status page, an alerting pipeline, a health checker) depends on what
it watches, or one failure event (an instance or a domain) takes both down: when the
target fails, the monitor goes dark at the moment it is needed. In the AWS Kinesis
outage of November 2020 the Service Health Dashboard could not be updated because
its publishing tool depended on Cognito, which depended on Kinesis.`,
	Before: `component "kinesis" { replicas = 3 }
component "cognito" { requires = [component.kinesis] }
component "status" {
  kind     = "monitor"
  requires = [component.cognito]
  monitors = [component.kinesis]
}`,
	After: `component "status" {
  kind     = "monitor"
  requires = [component.independent_hosting]
  monitors = [component.kinesis]
}`,
	Fix: `Run the monitor on infrastructure independent of its targets: another provider or
region, no runtime dependency on the monitored system.`,
	Since: "0.1.0",
}

func run(p *analysis.Pass) (any, error) {
	res := p.ResultOf[failure.Analyzer].(*failure.Results)
	x := p.Index
	seen := map[[2]int32]bool{}
	for e, d := range x.Deps {
		if d.Kind != graph.Monitors {
			continue
		}
		m, t := x.From[e], x.To[e]
		if m == t || seen[[2]int32{m, t}] {
			continue
		}
		seen[[2]int32{m, t}] = true
		rel := analysis.Related{Message: d.From + " monitors " + d.To, Location: analysis.LocationOf(d.Range)}
		if w := res.Whole(t); w.IsDown(m) {
			blastIDs, blastSize := p.BlastRadius(w.Down)
			p.Report(analysis.Finding{
				Component:       d.From,
				Message:         fmt.Sprintf("%s monitors %s but depends on it: when %s fails, %s fails with it", d.From, d.To, d.To, d.From),
				Location:        analysis.LocationOf(d.Range),
				Event:           w.Label,
				BlastRadius:     blastIDs,
				BlastRadiusSize: blastSize,
				Path:            w.Path(m),
				Related:         append([]analysis.Related{rel}, w.PathRelated(m)...),
			})
			continue
		}
		o := sharedEvent(res, m, t)
		if o == nil {
			continue
		}
		blastIDs, blastSize := p.BlastRadius(o.Down)
		p.Report(analysis.Finding{
			Component:       d.From,
			Message:         fmt.Sprintf("%s and %s, which it monitors, both go down with %s: the monitor cannot report the outage", d.From, d.To, o.Label),
			Location:        analysis.LocationOf(d.Range),
			Event:           o.Label,
			BlastRadius:     blastIDs,
			BlastRadiusSize: blastSize,
			Path:            o.Path(m),
			Related:         append(append([]analysis.Related{rel}, o.PathRelated(m)...), o.PathRelated(t)...),
		})
	}
	return nil, nil
}

// sharedEvent returns the first single-instance event, then the first domain
// event, that downs both m and t.
func sharedEvent(res *failure.Results, m, t int32) *failure.Outcome {
	if o := res.FirstSingleDowning(m, t); o != nil {
		return o.Full()
	}
	for _, o := range res.Domains {
		if o.IsDown(m) && o.IsDown(t) {
			return o
		}
	}
	return nil
}
