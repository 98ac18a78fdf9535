// Package dependencycycle defines the dependency-cycle rule: components that need
// each other to run or to start, so that the system cannot cold-start.
package dependencycycle

import (
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/graph"
)

// Analyzer reports cycles of hard (requires, bootstrap) dependencies.
var Analyzer = &analysis.Analyzer{
	Name: "dependency-cycle",
	Rule: Rule,
	Run:  run,
}

// Rule documents dependency-cycle.
var Rule = &analysis.Rule{
	ID:       "FL004",
	Name:     "dependency-cycle",
	Severity: analysis.Error,
	Title:    "Dependency cycle: the system cannot cold-start",
	Text: `Components that require each other, at runtime or to start (bootstrap), form a
cycle: after a full outage, or on a fresh region, none of them can start first. The
Roblox 2021 outage lasted 73 hours partly because the tooling needed to restore
Consul depended on Consul. Soft and monitors edges do not count; a requires_any
group counts only when it needs all its alternatives. The finding shows one cycle
of each strongly connected set, starting at its first component; the message
lists its first 10 edges and says how many more there are.`,
	Before: `component "consul" { bootstrap = [component.vault] }
component "vault"  { requires  = [component.consul] }`,
	After: `component "consul" { bootstrap = [component.vault_unseal_keys_offline] }
component "vault"  { requires  = [component.consul] }`,
	Fix: `Break the cycle: give one member a way to start without the others (static
configuration, a cached copy, a break-glass path), or make one edge soft.`,
	Since: "0.1.0",
}

// maxListed bounds the edges a finding's message lists: a cycle through
// thousands of components would make a message of megabytes (the path and the
// related locations keep every edge).
const maxListed = 10

func hard(x *graph.Index, e int32) bool {
	switch x.Kind[e] {
	case graph.Requires, graph.Bootstrap:
		return true
	case graph.RequiresAny:
		g := x.Model.Groups[x.Deps[e].Group]
		return g.Need >= len(g.Of)
	}
	return false
}

// selfCycle returns the first hard edge from v to itself (the cycle
// shortestCycle finds through a single component), or nil: without the maps
// of a search, for the single components that are most of a graph.
func selfCycle(x *graph.Index, v int32) []int32 {
	for _, e := range x.Out(v) {
		if x.To[e] == v && hard(x, e) {
			return []int32{e}
		}
	}
	return nil
}

func run(p *analysis.Pass) (any, error) {
	x := p.Index
	for _, scc := range x.SCCs(hard) {
		start := scc[0]
		var cycle []int32
		if len(scc) == 1 {
			cycle = selfCycle(x, start)
		} else {
			in := map[int32]bool{}
			for _, v := range scc {
				in[v] = true
			}
			cycle = shortestCycle(x, start, in)
		}
		if cycle == nil {
			continue // a single component without a self-edge
		}
		ids := make([]string, 0, len(cycle)+1)
		var kinds []string
		var related []analysis.Related
		for _, e := range cycle {
			d := x.Deps[e]
			ids = append(ids, d.From)
			kinds = append(kinds, fmt.Sprintf("%s %s %s", d.From, d.Kind, d.To))
			related = append(related, analysis.Related{Message: fmt.Sprintf("%s %s %s", d.From, d.Kind, d.To), Location: analysis.LocationOf(d.Range)})
		}
		ids = append(ids, x.IDs[start])
		members := make([]string, len(scc))
		for i, v := range scc {
			members[i] = x.IDs[v]
		}
		listed := kinds
		if len(kinds) > maxListed {
			listed = append(kinds[:maxListed:maxListed], fmt.Sprintf("and %d more edges back to %s", len(kinds)-maxListed, x.IDs[start]))
		}
		p.Report(analysis.Finding{
			Component:   x.IDs[start],
			Message:     fmt.Sprintf("dependency cycle: %s; after a full outage none of %s can start first", strings.Join(listed, ", "), analysis.Plural(len(scc), "component")),
			Location:    analysis.LocationOf(x.Deps[cycle[0]].Range),
			Event:       "cold start",
			BlastRadius: members,
			Path:        ids,
			Related:     related,
		})
	}
	return nil, nil
}

// shortestCycle returns the edges of a shortest cycle through start inside the set
// in, or nil.
func shortestCycle(x *graph.Index, start int32, in map[int32]bool) []int32 {
	prev := map[int32]int32{} // node -> edge that reached it
	queue := []int32{start}
	seen := map[int32]bool{start: true}
	for qi := 0; qi < len(queue); qi++ {
		v := queue[qi]
		for _, e := range x.Out(v) {
			if !hard(x, e) {
				continue
			}
			t := x.To[e]
			if t == start {
				var edges []int32
				for cur := e; ; {
					edges = append([]int32{cur}, edges...)
					f := x.From[cur]
					if f == start {
						return edges
					}
					cur = prev[f]
				}
			}
			if in[t] && !seen[t] {
				seen[t] = true
				prev[t] = e
				queue = append(queue, t)
			}
		}
	}
	return nil
}
