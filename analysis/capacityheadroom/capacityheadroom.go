// Package capacityheadroom defines the capacity-headroom rule: after losing one
// instance or one failure domain, the surviving capacity is below the load.
package capacityheadroom

import (
	"fmt"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer reports components without the headroom to survive a loss.
var Analyzer = &analysis.Analyzer{
	Name: "capacity-headroom",
	Rule: Rule,
	Run:  run,
}

// Rule documents capacity-headroom.
var Rule = &analysis.Rule{
	ID:       "FL009",
	Name:     "capacity-headroom",
	Severity: analysis.Error,
	Title:    "Not enough capacity left after a loss",
	Text: `A component declares its capacity per instance and the peak load on the whole
component. Redundancy only helps if the survivors can carry the load: two replicas
that each run near half of the peak are "redundant" until one fails and the other,
now at twice its load, falls over too (cascading overload). The rule checks the
steady state, the worst single instance failure, and the worst single failure of a
domain the instances are placed in (zone, host, …), and reports the numbers.`,
	Before: `component "api" {
  replicas  = 2
  placement { zone = ["a", "b"] }
  capacity  = 60    # requests/s per instance
  load      = 100   # peak requests/s
}`,
	After: `component "api" {
  replicas  = 3
  placement { zone = ["a", "b", "c"] }
  capacity  = 60
  load      = 100
}`,
	Fix: `Add instances (or capacity per instance) until the survivors of the worst single
loss carry the peak: N-1 (or N minus the largest domain) times the capacity must be
at least the load; spread instances so that no domain holds too many of them.`,
	Since: "0.1.0",
}

func run(p *analysis.Pass) (any, error) {
	x := p.Index
	for v, c := range x.Comp {
		if c.Capacity <= 0 || c.Load <= 0 {
			continue
		}
		n := c.Instances()
		report := func(event string, lost int) {
			left := float64(n-lost) * c.Capacity
			msg := fmt.Sprintf("after %s, %d of %d instances of %s are left with capacity %s for a load of %s (%.0f%%)",
				event, n-lost, n, c.ID, num(left), num(c.Load), 100*left/c.Load)
			if lost == 0 {
				msg = fmt.Sprintf("%s has capacity %s (%d × %s) for a load of %s: it is overloaded before anything fails",
					c.ID, num(left), n, num(c.Capacity), num(c.Load))
				event = "peak load"
			}
			p.Report(analysis.Finding{
				Component:   c.ID,
				Message:     msg,
				Location:    analysis.LocationOf(c.Range),
				Event:       event,
				BlastRadius: []string{c.ID},
				Path:        []string{c.ID},
			})
		}
		if float64(n)*c.Capacity < c.Load {
			report("", 0)
			continue
		}
		if float64(n-1)*c.Capacity < c.Load {
			report("instance of "+c.ID, 1)
		}
		// A domain that leaves fewer than the quorum has taken the component down:
		// that is an outage (shared-domain), not an overload.
		if d, lost := worstDomain(x, int32(v), n-c.NeedUp()); lost > 1 && float64(n-lost)*c.Capacity < c.Load {
			report(x.Domains[d].String(), lost)
		}
	}
	return nil, nil
}

// worstDomain returns the domain whose failure takes the most instances of v, but
// at most maxLost (ties: the first in domain order), and how many it takes.
func worstDomain(x *graph.Index, v int32, maxLost int) (int32, int) {
	count := map[int32]int{}
	for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
		seen := map[int32]bool{}
		for _, d := range x.InstDoms[i] {
			for cur := d; cur >= 0; cur = x.DomParent[cur] {
				if !seen[cur] {
					seen[cur] = true
					count[cur]++
				}
			}
		}
	}
	best, bestN := int32(-1), 0
	for d, n := range count {
		if n > maxLost {
			continue
		}
		if n > bestN || n == bestN && d < best {
			best, bestN = d, n
		}
	}
	return best, bestN
}

func num(f float64) string { return fmt.Sprintf("%g", f) }
