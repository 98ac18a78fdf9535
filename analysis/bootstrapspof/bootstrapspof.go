// Package bootstrapspof defines the bootstrap-spof rule: a component that needs,
// to start, a component that a single instance failure takes down.
package bootstrapspof

import (
	"fmt"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer reports bootstrap dependencies on fragile components.
var Analyzer = &analysis.Analyzer{
	Name:     "bootstrap-spof",
	Rule:     Rule,
	Requires: []*analysis.Analyzer{failure.Analyzer},
	Run:      run,
}

// Rule documents bootstrap-spof.
var Rule = &analysis.Rule{
	ID:       "FL005",
	Name:     "bootstrap-spof",
	Severity: analysis.Warning,
	Title:    "Start-up depends on a single point of failure",
	Text: `A component needs another one only to start (a bootstrap edge: configuration,
secrets, a schema migration, a service registry), and that one goes down with a
single instance failure, its own or one of its dependencies'. Running instances
keep working, so the failure hides, until a deploy, a crash or an autoscaling event
needs a new instance and none can start. The finding names the component that
cannot start, the event and the path to it.`,
	Before: `component "config" { kind = "service" }
component "api" {
  replicas  = 3
  bootstrap = [component.config]
}`,
	After: `component "config" {
  replicas  = 2
  placement { zone = ["us-east-1a", "us-east-1b"] }
}`,
	Fix: `Make the bootstrap dependency redundant, or let the component start from a cached
or baked-in copy of what it fetches at start-up.`,
	Since: "0.1.0",
}

func run(p *analysis.Pass) (any, error) {
	res := p.ResultOf[failure.Analyzer].(*failure.Results)
	x := p.Index
	seen := map[[2]int32]bool{}
	for e, d := range x.Deps {
		if d.Kind != graph.Bootstrap {
			continue
		}
		c, b := x.From[e], x.To[e]
		if c == b || seen[[2]int32{c, b}] || !res.SingleDown[b] {
			continue
		}
		seen[[2]int32{c, b}] = true
		o := res.Singles[res.SingleBy[b]].Full()
		path := append([]string{d.From}, o.Path(b)...)
		related := []analysis.Related{{Message: d.From + " bootstrap " + d.To, Location: analysis.LocationOf(d.Range)}}
		related = append(related, o.PathRelated(b)...)
		why := "it runs a single instance"
		if bc := x.Comp[b]; o.Event.Comp != b {
			why = fmt.Sprintf("it goes down with %s", o.Label)
		} else if bc.Instances() > 1 {
			why = fmt.Sprintf("one lost instance breaks its quorum (%d of %d needed)", bc.NeedUp(), bc.Instances())
		}
		blastIDs, blastSize := p.BlastRadius(o.Down)
		p.Report(analysis.Finding{
			Component:       d.From,
			Message:         fmt.Sprintf("%s needs %s to start, and %s: while it is down no new instance of %s can start", d.From, d.To, why, d.From),
			Location:        analysis.LocationOf(d.Range),
			Event:           o.Label,
			BlastRadius:     blastIDs,
			BlastRadiusSize: blastSize,
			Path:            path,
			Related:         related,
		})
	}
	return nil, nil
}
