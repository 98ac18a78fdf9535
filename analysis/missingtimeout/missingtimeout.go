// Package missingtimeout defines the missing-timeout rule: a declared call to a
// dependency without a timeout.
package missingtimeout

import (
	"fmt"

	"github.com/faultline-dev/faultline/analysis"
)

// Analyzer reports calls without a timeout.
var Analyzer = &analysis.Analyzer{
	Name: "missing-timeout",
	Rule: Rule,
	Run:  run,
}

// Rule documents missing-timeout.
var Rule = &analysis.Rule{
	ID:       "FL007",
	Name:     "missing-timeout",
	Severity: analysis.Warning,
	Title:    "Call without a timeout",
	Text: `A declared call to a dependency has no timeout. When the dependency slows down
or stops answering without closing connections, every request holds a thread, a
socket or a connection-pool slot until the caller runs out of them: a slow
dependency becomes a down caller, and the failure climbs the call chain. Only
declared calls are checked (a call block, or the call attributes that Istio gives
Kubernetes services); a dependency without call attributes says nothing either way.`,
	Before: `component "db" { replicas = 2 }
component "api" {
  requires = [component.db]
  call "db" {
    target  = component.db
    retries = 2
  }
}`,
	After: `  call "db" {
    target  = component.db
    timeout = "2s"
    retries = 2
  }`,
	Fix: `Give the call a timeout shorter than the caller's own deadline (so that it can
still answer, degraded), and bound the pool the calls draw from.`,
	Since: "0.1.0",
}

func run(p *analysis.Pass) (any, error) {
	for _, d := range p.Model.Dependencies {
		c := d.Call
		if c == nil || c.HasTimeout {
			continue
		}
		p.Report(analysis.Finding{
			Component:   d.From,
			Message:     fmt.Sprintf("%s calls %s without a timeout: if %s hangs, the calls pile up until %s runs out of threads or connections", d.From, d.To, d.To, d.From),
			Location:    analysis.LocationOf(c.Range),
			Event:       "slow or hung " + d.To,
			BlastRadius: []string{d.From},
			Path:        []string{d.From, d.To},
			Related:     []analysis.Related{{Message: d.From + " " + d.Kind.String() + " " + d.To, Location: analysis.LocationOf(d.Range)}},
		})
	}
	return nil, nil
}
