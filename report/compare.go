package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
)

// Reach is how far a finding's failure spreads: the entrypoints it takes down
// and the size of its blast radius.
type Reach struct {
	EntrypointsLost int `json:"entrypoints_lost"`
	BlastRadiusSize int `json:"blast_radius_size"`
}

// ReachOf returns a finding's reach.
func ReachOf(f analysis.Finding) Reach {
	n := f.EntrypointsSize
	if n < len(f.Entrypoints) {
		n = len(f.Entrypoints)
	}
	return Reach{EntrypointsLost: n, BlastRadiusSize: f.BlastRadiusSize}
}

// Change is a finding that the base (a baseline, the base of a diff) already
// had, whose reach changed: the finding as it is now, its reach before and
// after, and the entrypoints it now takes down that it did not before (and those
// it no longer does). The lists compare the entrypoints each side lists, which
// --blast-limit may cut; the counts are always whole.
type Change struct {
	analysis.Finding
	Before             Reach    `json:"before"`
	After              Reach    `json:"after"`
	AddedEntrypoints   []string `json:"added_entrypoints"`
	RemovedEntrypoints []string `json:"removed_entrypoints"`
}

// Comparison is the outcome of comparing findings with those of a base.
type Comparison struct {
	// Introduced are the findings the base does not have.
	Introduced []analysis.Finding
	// Fixed are the base's findings that are gone.
	Fixed []analysis.Finding
	// Worsened are the findings whose failure now takes down an entrypoint it
	// did not, or whose blast radius grew.
	Worsened []Change
	// Improved are the findings whose reach shrank, and none of it grew.
	Improved []Change
	// Unchanged counts the findings the base has with the same reach.
	Unchanged int
}

// Compare matches head findings with base findings by fingerprint, one to one
// in order, and sorts them into introduced, fixed, worsened, improved and
// unchanged. A base finding whose reach is unknown (measured false: a baseline
// written before reaches were recorded) never makes a finding worse or better.
func Compare(head, base []analysis.Finding, measured func(i int) bool) Comparison {
	queue := map[string][]int{}
	for i, f := range base {
		fp := fingerprint(f)
		queue[fp] = append(queue[fp], i)
	}
	c := Comparison{Introduced: []analysis.Finding{}, Fixed: []analysis.Finding{}, Worsened: []Change{}, Improved: []Change{}}
	used := make([]bool, len(base))
	for _, f := range head {
		fp := fingerprint(f)
		q := queue[fp]
		if len(q) == 0 {
			c.Introduced = append(c.Introduced, f)
			continue
		}
		i := q[0]
		queue[fp] = q[1:]
		used[i] = true
		if measured != nil && !measured(i) {
			c.Unchanged++
			continue
		}
		ch := change(f, base[i])
		switch {
		case len(ch.AddedEntrypoints) > 0 || ch.After.EntrypointsLost > ch.Before.EntrypointsLost || ch.After.BlastRadiusSize > ch.Before.BlastRadiusSize:
			c.Worsened = append(c.Worsened, ch)
		case ch.After != ch.Before || len(ch.RemovedEntrypoints) > 0:
			c.Improved = append(c.Improved, ch)
		default:
			c.Unchanged++
		}
	}
	for i, f := range base {
		if !used[i] {
			c.Fixed = append(c.Fixed, f)
		}
	}
	return c
}

func fingerprint(f analysis.Finding) string {
	if f.Fingerprint != "" {
		return f.Fingerprint
	}
	return analysis.Fingerprint(f.Rule, f.Component, f.Event)
}

func change(head, base analysis.Finding) Change {
	ch := Change{Finding: head, Before: ReachOf(base), After: ReachOf(head)}
	ch.AddedEntrypoints = minus(head.Entrypoints, base.Entrypoints)
	ch.RemovedEntrypoints = minus(base.Entrypoints, head.Entrypoints)
	// A list cut by --blast-limit may not show an entrypoint that is there: only
	// a whole list proves one absent.
	if base.EntrypointsSize > len(base.Entrypoints) {
		ch.AddedEntrypoints = []string{}
	}
	if head.EntrypointsSize > len(head.Entrypoints) {
		ch.RemovedEntrypoints = []string{}
	}
	return ch
}

// minus returns the elements of a that are not in b, sorted.
func minus(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, s := range b {
		in[s] = true
	}
	out := []string{}
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// Worse says in a sentence how a change made a finding worse.
func Worse(c *Change) string {
	return "Worsened: " + reachChange(c, c.AddedEntrypoints, "now also takes down")
}

// Better says in a sentence how a change made a finding better.
func Better(c *Change) string {
	return "Improved: " + reachChange(c, c.RemovedEntrypoints, "no longer takes down")
}

func reachChange(c *Change, eps []string, verb string) string {
	var parts []string
	if c.Before.EntrypointsLost != c.After.EntrypointsLost || len(eps) > 0 {
		s := fmt.Sprintf("entrypoints lost %d → %d", c.Before.EntrypointsLost, c.After.EntrypointsLost)
		if len(eps) > 0 {
			s += fmt.Sprintf(" (%s %s)", verb, analysis.List(eps, len(eps)))
		}
		parts = append(parts, s)
	}
	if c.Before.BlastRadiusSize != c.After.BlastRadiusSize {
		parts = append(parts, fmt.Sprintf("blast radius %d → %d", c.Before.BlastRadiusSize, c.After.BlastRadiusSize))
	}
	return strings.Join(parts, "; ") + "."
}

// MostImportantFirst returns the findings in the order a reader with room for
// only a few should see them: open before suppressed, then by severity, then by
// the entrypoints lost, then by the size of the blast radius; ties keep their
// order (file, line, column, rule).
func MostImportantFirst(fs []analysis.Finding) []analysis.Finding {
	out := append([]analysis.Finding(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if (a.Suppressed == nil) != (b.Suppressed == nil) {
			return a.Suppressed == nil
		}
		if ra, rb := a.Severity.Rank(), b.Severity.Rank(); ra != rb {
			return ra > rb
		}
		x, y := ReachOf(*a), ReachOf(*b)
		if x.EntrypointsLost != y.EntrypointsLost {
			return x.EntrypointsLost > y.EntrypointsLost
		}
		return x.BlastRadiusSize > y.BlastRadiusSize
	})
	return out
}
