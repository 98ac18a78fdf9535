// Package html renders the architecture-review report: one self-contained HTML
// file (inline CSS and SVG, no script, no network) to project in a review. It
// shows, in order: a summary, the findings with their rules' documentation, the
// dependency graph, the blast radius of every single failure and every domain
// failure ranked, and for each entrypoint the failures that take it down.
package html

import (
	"fmt"
	"sort"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/report"
)

// Report is what the page shows.
type Report struct {
	Title   string
	Version string // faultline's version, printed in the footer
	Inputs  []string
	Check   *report.Check
	// Rules documents every rule that has a finding, in rule ID order.
	Rules []*analysis.Rule
	// Graph is the SVG of the dependency graph, and GraphNote what it leaves out.
	Graph     []byte
	GraphNote string
	// Ranking lists every single-instance and domain failure event that takes
	// something down, worst first; Harmless counts the others.
	Ranking []Event
	// RankingMore counts the events ranked after the first maxRanking.
	RankingMore int
	Harmless    int
	// Entrypoints says, for each entrypoint, which single failures take it down.
	Entrypoints []Entrypoint
	// EntrypointsMore counts the entrypoints after the first maxEntryies.
	EntrypointsMore int
	// Availability is the estimated availability of each entrypoint, and of each
	// component with an SLO (analysis/availability).
	Availability []Availability
	Components   int
}

// Availability is an entrypoint's estimated availability.
type Availability struct {
	Entrypoint string
	Value      float64 // 0..1
	Method     string  // exact or monte-carlo
	Low, High  float64 // the 95% interval of a Monte Carlo estimate
	SLO        float64 // the declared target, 0 when none
	// RestsOn says what the estimate rests on that the inputs do not say
	// ("upper bound: 1 unresolved dependency; rests on …"), empty when nothing;
	// Unresolved lists the unresolved dependencies and opaque components.
	RestsOn    string
	Unresolved []string
}

// The page lists at most these many of each list, so that its size grows
// with the model and not with its square (a chain of 3,000 components once
// wrote 272 MB): the counts are always exact, and the lists say how many
// more there are.
const (
	maxListed   = 12  // components down, entrypoints down, per event
	maxPath     = 24  // path elements shown; the middle is elided
	maxRanking  = 300 // events ranked
	maxCauses   = 50  // single and domain events per entrypoint
	maxEntryies = 200 // entrypoints with their causes
)

// Event is one failure event and its blast radius.
type Event struct {
	Label string
	Kind  string // "instance" or "domain"
	// Down lists the first maxListed components down of DownCount.
	Down      []string
	DownCount int
	Degraded  int
	// EntrypointsDown lists the first maxListed entrypoints lost of
	// EntrypointsDownCount.
	EntrypointsDown      []string
	EntrypointsDownCount int
	// Path explains the first entrypoint lost: entrypoint, …, what failed
	// (at most maxPath elements, the middle elided).
	Path []string
}

// Entrypoint lists the failures that take one entrypoint down.
type Entrypoint struct {
	ID       string
	Location string
	Singles  []Cause // single-instance events, at most maxCauses
	Domains  []Cause // domain events, at most maxCauses
	// SinglesMore and DomainsMore count the events not listed.
	SinglesMore, DomainsMore int
	// Pairs are the most likely minimal pairs of events that take it down when
	// neither does alone (analysis/doublefailure); PairsMore counts the others.
	Pairs     []Pair
	PairsMore int
}

// Pair is a minimal pair of failure events and its joint probability.
type Pair struct {
	Events      []string
	Probability float64
}

// Cause is an event that downs an entrypoint, with the path that explains it.
type Cause struct {
	Event string
	Path  []string
}

// NewReport assembles the report of a model from its check and the outcomes of
// the shared failure pass.
func NewReport(m *graph.Model, res *failure.Results, check *report.Check, rules []*analysis.Rule) *Report {
	r := &Report{Check: check, Components: len(m.IDs)}
	used := map[string]bool{}
	for _, f := range check.Findings {
		used[f.Rule] = true
	}
	for _, rule := range rules {
		if used[rule.Name] {
			r.Rules = append(r.Rules, rule)
		}
	}
	x := res.Index
	add := func(o *failure.Outcome, kind string) {
		if len(o.Down) == 0 {
			r.Harmless++
			return
		}
		e := Event{Label: o.Label, Kind: kind, Down: failure.IDs(x, o.Down[:min(len(o.Down), maxListed)]), DownCount: len(o.Down),
			Degraded: len(o.Degraded), EntrypointsDown: failure.IDs(x, o.EntryDown[:min(len(o.EntryDown), maxListed)]), EntrypointsDownCount: len(o.EntryDown)}
		if c := o.ClosestEntry(); c >= 0 {
			e.Path = clipPath(o.Path(c))
		}
		r.Ranking = append(r.Ranking, e)
	}
	for _, o := range res.Singles {
		add(o.Full(), "instance")
	}
	for _, o := range res.Domains {
		add(o, "domain")
	}
	sort.SliceStable(r.Ranking, func(i, j int) bool {
		a, b := r.Ranking[i], r.Ranking[j]
		if a.EntrypointsDownCount != b.EntrypointsDownCount {
			return a.EntrypointsDownCount > b.EntrypointsDownCount
		}
		if a.DownCount != b.DownCount {
			return a.DownCount > b.DownCount
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Label < b.Label
	})
	if len(r.Ranking) > maxRanking {
		r.RankingMore = len(r.Ranking) - maxRanking
		r.Ranking = r.Ranking[:maxRanking]
	}
	for i, id := range m.Entrypoints {
		if i == maxEntryies {
			r.EntrypointsMore = len(m.Entrypoints) - maxEntryies
			break
		}
		v := x.Pos[id]
		c := m.Components[id]
		ep := Entrypoint{ID: id}
		if c.Range.Filename != "" {
			ep.Location = analysis.LocationOf(c.Range).String()
		}
		for _, o := range res.Singles {
			if o = o.Full(); o.IsDown(v) {
				if len(ep.Singles) == maxCauses {
					ep.SinglesMore++
					continue
				}
				ep.Singles = append(ep.Singles, Cause{Event: o.Label, Path: clipPath(o.Path(v))})
			}
		}
		for _, o := range res.Domains {
			if o.IsDown(v) {
				if len(ep.Domains) == maxCauses {
					ep.DomainsMore++
					continue
				}
				ep.Domains = append(ep.Domains, Cause{Event: o.Label, Path: clipPath(o.Path(v))})
			}
		}
		r.Entrypoints = append(r.Entrypoints, ep)
	}
	return r
}

// clipPath keeps the ends of a long path and elides its middle.
func clipPath(p []string) []string {
	if len(p) <= maxPath {
		return p
	}
	out := append([]string(nil), p[:maxPath/2]...)
	out = append(out, fmt.Sprintf("… (%d more)", len(p)-maxPath))
	return append(out, p[len(p)-maxPath/2:]...)
}
