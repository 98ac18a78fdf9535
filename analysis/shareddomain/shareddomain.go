// Package shareddomain defines the shared-domain rule: one failure-domain event
// (a zone, a host, a rack, a software version, …) defeats redundancy that survives
// every single-instance failure.
package shareddomain

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer reports hidden shared failure domains.
var Analyzer = &analysis.Analyzer{
	Name:     "shared-domain",
	Rule:     Rule,
	Requires: []*analysis.Analyzer{failure.Analyzer},
	Run:      run,
}

// Rule documents shared-domain.
var Rule = &analysis.Rule{
	ID:       "FL002",
	Name:     "shared-domain",
	Severity: analysis.Error,
	Title:    "Redundancy defeated by one shared failure domain",
	Text: `A component survives the loss of any one instance, yet a single failure-domain event
takes it down and an entrypoint with it: all its replicas (or a quorum majority) sit
in one zone, on one host, in one rack, or run one software version; or every
alternative of a requires_any group is placed in one domain. A domain event also
fails every domain nested in it (a region fails its zones). A domain that holds a
component by construction (a Terraform resource lives in its provider's region)
is its scope, not a shared domain of its own replicas: its failure is reported only
where it takes down every alternative of a requires_any group. The finding names the
component whose redundancy the domain defeats, the smallest such domain, and the
path from an entrypoint.`,
	Before: `component "db" {
  replicas  = 2
  placement { zone = ["us-east-1a", "us-east-1a"] }
}
component "api" {
  entrypoint = true
  replicas   = 2
  placement  { zone = ["us-east-1a", "us-east-1b"] }
  requires   = [component.db]
}`,
	After: `component "db" {
  replicas  = 2
  placement { zone = ["us-east-1a", "us-east-1b"] }
}`,
	Fix: `Spread the instances (or the alternatives) over distinct domains so that no single
domain holds more instances than the component can lose; for a quorum system, keep
any one domain below a majority.`,
	Since: "0.1.0",
}

type key struct {
	dom  int32
	comp int32
}

func run(p *analysis.Pass) (any, error) {
	res := p.ResultOf[failure.Analyzer].(*failure.Results)
	x := p.Index
	found := map[key]analysis.Finding{}
	for d, o := range res.Domains {
		// The event's blast radius, shared by its findings (a region's
		// failure can be the event of thousands).
		blastIDs, blastSize := p.BlastRadius(o.Down)
		for _, v := range defeated(res, o) {
			cause, via := o.CauseOf(v)
			c := x.Comp[v]
			var what string
			loc := analysis.LocationOf(c.Range)
			var related []analysis.Related
			var placer []string
			switch {
			case cause == failure.Direct:
				if slices.Contains(c.Confined, x.Domains[d].Type) {
					// Its one region by construction: no spread of its own
					// replicas can survive that event.
					continue
				}
				lost := lostIn(x, v, int32(d))
				what = fmt.Sprintf("%s holds %d of the %d instances of %s, which needs %d up",
					o.Label, lost, c.Instances(), c.ID, c.NeedUp())
				dt := x.Domains[d].Type
				if r, ok := c.PlacementRange[dt]; ok {
					related = append(related, analysis.Related{Message: "placement of " + c.ID, Location: analysis.LocationOf(r)})
				}
				// A placement given by another layer (pods on a node group):
				// where that one is placed.
				if pl, ok := c.PlacedOn[dt]; ok {
					placer = []string{pl.ID, o.Label}
					related = append(related, analysis.Related{Message: fmt.Sprintf("%s runs on %s, placed in %s", c.ID, pl.ID, o.Label), Location: analysis.LocationOf(pl.Range)})
				}
			case cause == failure.AnyGroup:
				g := x.Model.Groups[x.Deps[via].Group]
				what = fmt.Sprintf("%s takes down %d of the %d alternatives of requires_any %q of %s, which needs %d",
					o.Label, countDown(x, o, g), len(g.Of), g.Name, c.ID, g.Need)
				loc = analysis.LocationOf(g.Range)
			default:
				continue
			}
			w := res.Whole(v)
			if len(w.EntryDown) == 0 {
				continue
			}
			entry := w.ClosestEntry()
			path := w.Path(entry)
			if rest := o.Path(v); len(rest) > 1 {
				path = append(path, rest[1:]...)
			}
			path = append(path, placer...)
			related = append(related, w.PathRelated(entry)...)
			related = append(related, o.PathRelated(v)...)
			entries := failure.IDs(x, w.EntryDown)
			found[key{int32(d), v}] = analysis.Finding{
				Component: c.ID,
				Message: fmt.Sprintf("%s: one %s failure takes down %s and %s (%s)", what, x.Domains[d].Type, c.ID,
					analysis.Plural(len(entries), "entrypoint"), strings.Join(entries, ", ")),
				Location:        loc,
				Event:           o.Label,
				BlastRadius:     blastIDs,
				BlastRadiusSize: blastSize,
				Path:            path,
				Entrypoints:     entries,
				Related:         related,
			}
		}
	}
	keys := make([]key, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].dom != keys[j].dom {
			return keys[i].dom < keys[j].dom
		}
		return keys[i].comp < keys[j].comp
	})
	byComp := map[int32][]int32{} // the domains that defeat each component
	for _, k := range keys {
		byComp[k.comp] = append(byComp[k.comp], k.dom)
	}
	for _, k := range keys {
		// Report the smallest domain only: when a domain nested in this one already
		// defeats the same component, the wider event adds nothing to fix.
		nested := false
		for _, sub := range byComp[k.comp] {
			if sub != k.dom && x.DomainWithin(sub, k.dom) {
				nested = true
				break
			}
		}
		if !nested {
			p.Report(found[k])
		}
	}
	return nil, nil
}

// defeated returns the components whose redundancy the domain event o defeats:
// those with spare instances that it takes down directly, and the owners of
// requires-any groups that it tips (unless a single-instance event tips them too).
// A component that goes down only because another defeated one does is left out:
// the other one is where the shared domain is.
func defeated(res *failure.Results, o *failure.Outcome) []int32 {
	x := res.Index
	// o.Cause and o.Via are aligned with o.Down (a domain outcome is never
	// lazy): read in order, without a search per component; the instance
	// count from the index, without following a pointer per component.
	var cands []int32
	anyGroup := false
	for i, v := range o.Down {
		cause, via := o.Cause[i], o.Via[i]
		if (cause == failure.Direct && x.InstBase[v+1]-x.InstBase[v] > 1 && !x.Fragile[v]) ||
			(cause == failure.AnyGroup && !res.GroupTippedBySingle[x.Deps[via].Group]) {
			cands = append(cands, v)
			anyGroup = anyGroup || cause == failure.AnyGroup
		}
	}
	if !anyGroup {
		return cands // only a tipped group is left out
	}
	isCand := map[int32]bool{}
	for _, v := range cands {
		isCand[v] = true
	}
	var out []int32
	for _, v := range cands {
		// A tipped group whose explanation runs through another defeated component
		// falls with it: report that one only.
		through := false
		if cause, _ := o.CauseOf(v); cause == failure.AnyGroup {
			for _, id := range o.Path(v)[1:] {
				if isCand[x.Pos[id]] {
					through = true
					break
				}
			}
		}
		if !through {
			out = append(out, v)
		}
	}
	return out
}

func lostIn(x *graph.Index, v int32, dom int32) int {
	n := 0
	for i := x.InstBase[v]; i < x.InstBase[v+1]; i++ {
		for _, d := range x.InstDoms[i] {
			if x.DomainWithin(d, dom) {
				n++
				break
			}
		}
	}
	return n
}

func countDown(x *graph.Index, o *failure.Outcome, g *graph.Group) int {
	n := 0
	for _, id := range g.Of {
		if o.IsDown(x.Pos[id]) {
			n++
		}
	}
	return n
}
