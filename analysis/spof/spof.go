// Package spof defines the spof rule: a component whose single-instance failure
// takes down an entrypoint.
package spof

import (
	"fmt"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer reports single points of failure.
var Analyzer = &analysis.Analyzer{
	Name:     "spof",
	Rule:     Rule,
	Requires: []*analysis.Analyzer{failure.Analyzer},
	Run:      run,
}

// Rule documents spof.
var Rule = &analysis.Rule{
	ID:       "FL001",
	Name:     "spof",
	Severity: analysis.Error,
	Title:    "Single point of failure",
	Text: `A component whose loss of one instance takes down an entrypoint: it runs a single
instance, or so few that one lost instance breaks its quorum, and an entrypoint
requires it directly or through a chain of requires edges. The finding names the
fragile component, the entrypoints it takes down, the whole blast radius, and the
path from an entrypoint to it. Certificates are left to cert-expiry: they fail by
expiring, not by losing an instance. A component whose number of instances is
unknown until apply (a Terraform count or for_each from a module input without a
default) is counted as one instance; its finding says so and is a warning.`,
	Before: `component "db" { kind = "database" }
component "api" {
  entrypoint = true
  replicas   = 3
  requires   = [component.db]
}`,
	After: `component "db" {
  kind      = "database"
  replicas  = 2
  placement { zone = ["us-east-1a", "us-east-1b"] }
}`,
	Fix: `Run the component with more instances than its quorum needs, spread over failure
domains; or give its dependents an alternative (requires_any), or make the
dependency soft when its loss only degrades them.`,
	Since: "0.1.0",
}

func run(p *analysis.Pass) (any, error) {
	res := p.ResultOf[failure.Analyzer].(*failure.Results)
	x := p.Index
	for _, o := range res.Singles {
		if len(o.EntryDown) == 0 {
			continue
		}
		v := o.Event.Comp
		c := x.Comp[v]
		if c.Kind == "certificate" {
			continue // a certificate fails by expiring, which cert-expiry reports
		}
		blast, blastSize := o.BlastRadius(p.Options.BlastLimit)
		entry := o.ClosestEntry()
		why := "it runs a single instance"
		if in := c.InstanceOf; in != nil && c.Instances() == 1 {
			why = fmt.Sprintf("it is instance %d of the %d of %s, and its dependents name it by its own address, which no other instance serves", in.Index, in.Of, in.ID)
		} else if c.Instances() > 1 {
			why = fmt.Sprintf("it has %d instances and needs %d up, so one lost instance breaks its quorum", c.Instances(), c.NeedUp())
		}
		// A count unknown until apply (a module's input without a default)
		// is counted as one instance: the finding says so and is a warning,
		// so that a gate at errors does not fail code that may run several.
		var sev analysis.Severity
		if c.InstancesUnknown && c.Instances() == 1 {
			why = "its number of instances is unknown until apply and one is counted"
			sev = analysis.Warning
		}
		entries := failure.IDs(x, o.EntryDown)
		lost := o.EntrypointsLost()
		blastIDs := failure.IDs(x, blast)
		loss := fmt.Sprintf("its loss takes down %s (%s)", analysis.Plural(lost, "entrypoint"), analysis.List(entries, lost))
		if lost == 1 && entries[0] == c.ID {
			// Down alone: the finding is about the component itself, not
			// what it takes down.
			loss = "it is an entrypoint itself"
			if !dependedOn(x, v) {
				loss += " (nothing in the inputs depends on it)"
			}
		}
		p.Report(analysis.Finding{
			Severity:        sev,
			Component:       c.ID,
			Message:         fmt.Sprintf("%s is a single point of failure: %s, and %s", c.ID, why, loss),
			Location:        analysis.LocationOf(c.Range),
			Event:           o.Label,
			BlastRadius:     blastIDs,
			BlastRadiusSize: blastSize,
			Path:            o.Path(entry),
			PathSize:        o.PathSize(entry),
			Entrypoints:     entries,
			EntrypointsSize: lost,
			Related:         o.PathRelated(entry),
		})
	}
	return nil, nil
}

// dependedOn reports whether a dependency other than a monitors edge points
// at v.
func dependedOn(x *graph.Index, v int32) bool {
	for _, e := range x.InEdge[x.InStart[v]:x.InStart[v+1]] {
		if x.Kind[e] != graph.Monitors && x.From[e] != v {
			return true
		}
	}
	return false
}
