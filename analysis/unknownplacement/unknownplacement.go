// Package unknownplacement defines the unknown-placement rule: replicas whose
// spread over failure domains nothing guarantees.
package unknownplacement

import (
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/failure"
)

// Analyzer reports components with several instances and an unknown placement.
var Analyzer = &analysis.Analyzer{
	Name:     "unknown-placement",
	Rule:     Rule,
	Requires: []*analysis.Analyzer{failure.Analyzer},
	Run:      run,
}

// Rule documents unknown-placement.
var Rule = &analysis.Rule{
	ID:       "FL012",
	Name:     "unknown-placement",
	Severity: analysis.Warning,
	Title:    "Replicas whose spread nothing guarantees",
	Text: `A component runs several instances, but nothing in the input says over which
failure domains (zones, hosts) they spread: a Kubernetes Deployment without
topologySpreadConstraints or a required pod anti-affinity may put every replica
on one node of one zone. faultline never guesses a spread, so the other rules
count these replicas as independent only where a domain is known; this rule says
where that trust rests on nothing. The finding names the domain types that are not
guaranteed and what goes down if all the instances share one domain.`,
	Before: `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 3
  template:
    spec:
      containers: [{name: api, image: api}]`,
	After: `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 3
  template:
    metadata: {labels: {app: api}}
    spec:
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: api}}}
      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: api}}}
      containers: [{name: api, image: api}]`,
	Fix: `Make the spread a requirement: topologySpreadConstraints with maxSkew 1 and
whenUnsatisfiable DoNotSchedule on topology.kubernetes.io/zone and
kubernetes.io/hostname, or a required pod anti-affinity on them (preferred rules
and ScheduleAnyway guarantee nothing). In the native format, give the placement.`,
	Since: "0.1.0",
}

func run(p *analysis.Pass) (any, error) {
	x := p.Index
	// One engine for every event, and no cache: each outcome is reported and
	// dropped, so memory stays linear in the graph however many components
	// have an unknown placement (failure.Results.Whole keeps every outcome).
	engine := failure.NewEngine(x)
	for v := int32(0); v < int32(x.N); v++ {
		c := x.Comp[v]
		if c.Instances() < 2 || len(c.UnknownPlacement) == 0 {
			continue
		}
		types := strings.Join(c.UnknownPlacement, " or ")
		o := failure.Snapshot(engine.Run(failure.Event{Kind: failure.Whole, Comp: v}))
		var blast []int32
		for _, d := range o.Down {
			if d != v {
				blast = append(blast, d)
			}
		}
		entries := failure.IDs(x, o.EntryDown)
		consequence := "its own failure"
		if len(entries) > 0 {
			consequence = fmt.Sprintf("takes down %s (%s)", analysis.Plural(len(entries), "entrypoint"), strings.Join(entries, ", "))
		} else if len(blast) > 0 {
			consequence = fmt.Sprintf("takes down %s", analysis.Plural(len(blast), "component"))
		}
		if consequence == "its own failure" {
			consequence = "takes it down"
		}
		path := []string{c.ID}
		var related []analysis.Related
		if e := o.ClosestEntry(); e >= 0 {
			path = o.Path(e)
			related = o.PathRelated(e)
		}
		p.Report(analysis.Finding{
			Component: c.ID,
			Message: fmt.Sprintf("%s runs %d instances, but nothing guarantees that they spread over more than one %s: if they share one, its failure %s",
				c.ID, c.Instances(), types, consequence),
			Location:    analysis.LocationOf(c.Range),
			Event:       fmt.Sprintf("one %s holding every instance of %s", types, c.ID),
			BlastRadius: failure.IDs(x, blast),
			Path:        path,
			Entrypoints: entries,
			Related:     related,
		})
	}
	return nil, nil
}
