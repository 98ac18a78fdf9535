package graph

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
)

// MaxInstances bounds the instances of a whole model. Every format bounds one
// component's replicas (100,000), but not how many components declare that many:
// two hundred of them took 20 s and 740 MB, and a few kilobytes of input could
// ask for billions. Past this bound Build reduces the largest replica counts to a
// common cap, keeping the ratio of quorum to replicas and the first placements,
// and reports an error: the results are approximate (docs/SECURITY.md).
const MaxInstances = 5_000_000

// capInstances applies MaxInstances to the components (in ID order).
func capInstances(comps []*Component) hcl.Diagnostics {
	total := 0
	for _, c := range comps {
		total += c.Instances()
	}
	if total <= MaxInstances {
		return nil
	}
	// The largest cap c such that the sum of min(replicas, c) fits; at least 1.
	capped := func(c int) int {
		s := 0
		for _, comp := range comps {
			s += min(comp.Instances(), c)
		}
		return s
	}
	c := sort.Search(100_000_000, func(c int) bool { return c >= 1 && capped(c) > MaxInstances }) - 1
	c = max(c, 1)
	var first *Component
	n := 0
	for _, comp := range comps {
		r := comp.Instances()
		if r <= c {
			continue
		}
		if first == nil {
			first = comp
		}
		n++
		comp.Quorum = max(1, min(c, (comp.NeedUp()*c+r-1)/r))
		comp.Replicas = c
		for t, p := range comp.Placement {
			if len(p) > c {
				comp.Placement[t] = p[:c]
			}
		}
	}
	if first == nil {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Too many instances",
		Detail: fmt.Sprintf("The components declare %d instances in all; faultline analyzes at most %d. The replicas of %s and %d other component(s) were reduced to %d (quorums in proportion), so the results are approximate.",
			total, MaxInstances, first.ID, n-1, c),
		Subject: rangePtr(first.Range),
	}}
}
