// Package commondependency defines the common-dependency rule: the alternatives of
// a requires_any group share a dependency, a hidden common cause that defeats the
// redundancy the group declares.
package commondependency

import (
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer reports hidden common causes of requires_any groups.
var Analyzer = &analysis.Analyzer{
	Name:     "common-dependency",
	Rule:     Rule,
	Requires: []*analysis.Analyzer{failure.Analyzer},
	Run:      run,
}

// Rule documents common-dependency.
var Rule = &analysis.Rule{
	ID:       "FL003",
	Name:     "common-dependency",
	Severity: analysis.Error,
	Title:    "Redundant alternatives share a dependency",
	Text: `A requires_any group declares redundancy across distinct components (two DNS
providers, two regions, a primary and a DR site), but enough of its alternatives
depend, directly or transitively, on one component that its failure leaves fewer
than "need" alternatives up: that component is a hidden common cause. The Facebook
2021 outage is the model: every DNS server withdrew itself when the one backbone
behind them all went away. The finding names the shared dependency; when several
nested ones qualify, the one closest to the alternatives is reported.`,
	Before: `component "backbone" { replicas = 4 }
component "dns_a" { requires = [component.backbone] }
component "dns_b" { requires = [component.backbone] }
component "web" {
  entrypoint = true
  requires_any "dns" {
    of   = [component.dns_a, component.dns_b]
    need = 1
  }
}`,
	After: `component "dns_b" { requires = [component.other_network] }`,
	Fix: `Remove the shared dependency from all but one alternative (an independent network,
provider or control plane for each), or make it soft where the alternative can
serve without it.`,
	Since: "0.1.0",
}

func run(p *analysis.Pass) (any, error) {
	res := p.ResultOf[failure.Analyzer].(*failure.Results)
	x := p.Index
	for gi, g := range x.Model.Groups {
		if len(g.Of) == 0 {
			continue
		}
		owner := x.Pos[g.Owner]
		members := map[int32]bool{}
		for _, id := range g.Of {
			members[x.Pos[id]] = true
		}
		// Candidates: everything some alternative requires, transitively.
		var tipping []int32
		for _, v := range candidates(x, g) {
			if members[v] || v == owner {
				continue
			}
			w := res.Whole(v)
			// An owner that requires v anyway, not through the group (a
			// workload requires its cluster's control plane as well as one of
			// its node groups), has no hidden common cause in v.
			if c, _ := w.CauseOf(owner); c == failure.Required {
				continue
			}
			if down(x, w, g) > len(g.Of)-g.Need {
				tipping = append(tipping, v)
			}
		}
		for _, v := range tipping {
			// Keep the closest common causes: skip v when it only acts through
			// another tipping dependency u (v downs u, u does not down v).
			w := res.Whole(v)
			through := false
			for _, u := range tipping {
				if u != v && w.IsDown(u) && !res.Whole(u).IsDown(v) {
					through = true
					break
				}
			}
			if through {
				continue
			}
			report(p, res, gi, g, v)
		}
	}
	return nil, nil
}

func report(p *analysis.Pass, res *failure.Results, gi int, g *graph.Group, v int32) {
	x := p.Index
	w := res.Whole(v)
	owner := x.Pos[g.Owner]
	var shared []string
	for _, id := range g.Of {
		if w.IsDown(x.Pos[id]) {
			shared = append(shared, id)
		}
	}
	from := owner
	if e := w.ClosestEntry(); e >= 0 {
		from = e
	}
	path := w.Path(from)
	if path == nil { // the owner survives through other means; explain from an alternative
		path = append([]string{g.Owner}, w.Path(x.Pos[shared[0]])...)
	}
	var blast []int32
	for _, d := range w.Down {
		if d != v {
			blast = append(blast, d)
		}
	}
	related := []analysis.Related{{Message: fmt.Sprintf("requires_any %q of %s", g.Name, g.Owner), Location: analysis.LocationOf(g.Range)}}
	related = append(related, w.PathRelated(from)...)
	msg := fmt.Sprintf("%s is a common dependency of %s, alternatives of requires_any %q of %s (need %d of %d): its failure leaves %d up",
		x.IDs[v], strings.Join(shared, " and "), g.Name, g.Owner, g.Need, len(g.Of), len(g.Of)-len(shared))
	if ents := failure.IDs(x, w.EntryDown); len(ents) > 0 {
		msg += fmt.Sprintf(" and takes down %s (%s)", analysis.Plural(len(ents), "entrypoint"), strings.Join(ents, ", "))
	}
	blastIDs, blastSize := p.BlastRadius(blast)
	p.Report(analysis.Finding{
		Component:       x.IDs[v],
		Message:         msg,
		Location:        analysis.LocationOf(x.Comp[v].Range),
		Event:           x.IDs[v],
		BlastRadius:     blastIDs,
		BlastRadiusSize: blastSize,
		Path:            path,
		Entrypoints:     failure.IDs(x, w.EntryDown),
		Related:         related,
	})
	_ = gi
}

// candidates returns every component reachable from g's alternatives through
// requires and requires-any edges, ascending.
func candidates(x *graph.Index, g *graph.Group) []int32 {
	seen := make([]bool, x.N)
	var stack, out []int32
	for _, id := range g.Of {
		v := x.Pos[id]
		if !seen[v] {
			seen[v] = true
			stack = append(stack, v)
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		out = append(out, v)
		for _, e := range x.Out(v) {
			k := x.Kind[e]
			if k != graph.Requires && k != graph.RequiresAny {
				continue
			}
			if t := x.To[e]; !seen[t] {
				seen[t] = true
				stack = append(stack, t)
			}
		}
	}
	failure.SortInt32(out)
	return out
}

func down(x *graph.Index, o *failure.Outcome, g *graph.Group) int {
	n := 0
	for _, id := range g.Of {
		if o.IsDown(x.Pos[id]) {
			n++
		}
	}
	return n
}
