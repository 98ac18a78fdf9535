// Package text renders check and blast results for people reading a terminal.
package text

import (
	"fmt"
	"io"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/analysis/doublefailure"
	"github.com/faultline-dev/faultline/report"
)

// Render writes findings, one block each, then a summary line. Diagnostics are not
// written here: the CLI prints them on stderr.
func Render(w io.Writer, c *report.Check) error {
	p := report.NewPrinter(w)
	worse := c.WorsenedIndex()
	for _, f := range c.Findings {
		p.Printf("%s: %s: %s [%s %s]\n", f.Location, f.Severity, f.Message, f.ID, f.Rule)
		if ch := worse[f.Fingerprint]; ch != nil {
			p.Printf("    %s\n", report.Worse(ch))
		}
		if s := f.Suppressed; s != nil {
			where := ""
			if s.Location != nil {
				where = " at " + s.Location.String()
			}
			p.Printf("    suppressed (%s%s): %s\n", s.Kind, where, s.Reason)
		}
		p.Printf("    component: %s\n", f.Component)
		p.Printf("    event:     %s\n", f.Event)
		if len(f.Path) > 0 {
			p.Printf("    path:      %s\n", strings.Join(f.Path, " -> "))
		}
		if len(f.Unknowns) > 0 {
			p.Printf("    rests on unknowns: %s\n", strings.Join(f.Unknowns, "; "))
		}
		if len(f.BlastRadius) > 0 {
			p.Printf("    blast radius (%d): %s\n", f.BlastRadiusSize, listOf(f.BlastRadius, f.BlastRadiusSize, 8))
		}
	}
	s := c.Summary
	if len(c.Findings) > 0 {
		p.Printf("\n")
	}
	if len(c.Improved) > 0 {
		p.Printf("improved (%d):\n", len(c.Improved))
		for i := range c.Improved {
			ch := &c.Improved[i]
			p.Printf("  %s: %s %s (%s)\n    %s\n", ch.Location, ch.Rule, ch.Component, ch.Event, report.Better(ch))
		}
		p.Printf("\n")
	}
	if df := c.DoubleFailures; df != nil {
		printPairs(p, df)
	}
	if len(c.Availability) > 0 {
		p.Printf("availability (estimated from instance and domain availabilities; %d components use the default of their kind):\n", c.AvailabilityDefaults)
		width := 0
		for _, e := range c.Availability {
			width = max(width, len(e.Component))
		}
		for i := range c.Availability {
			e := &c.Availability[i]
			slo := ""
			if e.SLO > 0 {
				slo = "  slo " + availability.Percent(e.SLO)
			}
			if e.Method == "exact" {
				p.Printf("  %-*s  %s  exact%s", width, e.Component, availability.Percent(e.Estimate), slo)
			} else {
				// An interval, not a point: the point estimate of a rare
				// failure is often 100% when no sample saw it.
				p.Printf("  %-*s  [%s, %s]  Monte Carlo 95%% interval, %d samples%s", width, e.Component,
					availability.Percent(e.Low), availability.Percent(e.High), e.Samples, slo)
			}
			if r := e.RestsOn(); r != "" {
				p.Printf("  (%s)", r)
			}
			p.Printf("\n")
			shown := 0
			for _, u := range e.RestsOnUnknowns {
				if (u.Kind == "unresolved" || u.Kind == "opaque") && shown < 3 {
					p.Printf("      %s: %s: %s\n", u.Kind, u.Component, u.Detail)
					shown++
				}
			}
			if n := e.Unresolved(); n > shown {
				p.Printf("      … and %d more in --format json (rests_on_unknowns)\n", n-shown)
			}
		}
		p.Printf("\n")
	}
	inferred := ""
	if s.EntrypointsInferred {
		inferred = ", inferred"
	}
	suppressed := ""
	if s.Suppressed > 0 {
		suppressed = fmt.Sprintf("; %d suppressed", s.Suppressed)
	}
	if f := s.InferredFor(); f != "" {
		inferred = " (" + f + ")"
	}
	p.Printf("%s (%s, %s, %d info%s) in %s and %s; entrypoints%s: %s\n",
		analysis.Plural(s.Findings, "finding"), analysis.Plural(s.Errors, "error"), analysis.Plural(s.Warnings, "warning"), s.Infos, suppressed,
		analysis.Plural(s.Components, "component"), analysis.Plural(s.Edges, "edge"), inferred, list(s.Entrypoints, 6))
	if s.Baselined > 0 {
		p.Printf("%s in the baseline not shown\n", analysis.Plural(s.Baselined, "finding"))
	}
	if s.Worsened > 0 {
		p.Printf("%s known before got worse (listed above)\n", analysis.Plural(s.Worsened, "finding"))
	}
	if n := errorDiags(c); n > 0 {
		p.Printf("%s in the input (see stderr): results may be incomplete\n", analysis.Plural(n, "error"))
	}
	return p.Err()
}

// RenderBlast writes what goes down, what degrades, and why.
func RenderBlast(w io.Writer, b *report.Blast) error {
	p := report.NewPrinter(w)
	p.Printf("events: %s\n", strings.Join(b.Events, ", "))
	p.Printf("entrypoints down (%d): %s\n", len(b.EntrypointsDown), list(b.EntrypointsDown, 0))
	p.Printf("down (%d):\n", len(b.Down))
	for _, id := range b.Down {
		p.Printf("  %s  (%s)\n", id, b.Reasons[id])
		if path := b.Paths[id]; len(path) > 2 {
			p.Printf("      %s\n", strings.Join(path, " -> "))
		}
	}
	p.Printf("degraded (%d):", len(b.Degraded))
	if len(b.Degraded) == 0 {
		p.Printf(" none\n")
	} else {
		p.Printf("\n")
		for _, id := range b.Degraded {
			p.Printf("  %s\n", id)
		}
	}
	return p.Err()
}

// pairsShown is how many pairs per entrypoint the text lists.
const pairsShown = 10

func printPairs(p *report.Printer, df *doublefailure.Result) {
	p.Printf("double failures: pairs of events that take an entrypoint down when neither does alone, most likely first")
	if df.Incomplete {
		p.Printf(" (search bounded: the list may be incomplete)")
	}
	p.Printf(":\n")
	if len(df.Pairs) == 0 {
		p.Printf("  none\n\n")
		return
	}
	for i := 0; i < len(df.Pairs); {
		entry := df.Pairs[i].Entrypoint
		j := i
		for j < len(df.Pairs) && df.Pairs[j].Entrypoint == entry {
			j++
		}
		p.Printf("  %s (%d):\n", entry, j-i)
		for k := i; k < j && k < i+pairsShown; k++ {
			pr := df.Pairs[k]
			p.Printf("    %-60s  p=%.2g\n", strings.Join(pr.Events, " + "), pr.Probability)
		}
		if j-i > pairsShown {
			p.Printf("    … (%d more in --format json)\n", j-i-pairsShown)
		}
		i = j
	}
	p.Printf("\n")
}

func errorDiags(c *report.Check) int {
	n := 0
	for _, d := range c.Diagnostics {
		if d.Severity == "error" {
			n++
		}
	}
	return n
}

// listOf joins the first max of ids, a list of total items.
func listOf(ids []string, total, max int) string {
	if len(ids) > max {
		ids = ids[:max]
	}
	s := strings.Join(ids, ", ")
	if total > len(ids) {
		s += fmt.Sprintf(", … (%d more)", total-len(ids))
	}
	return s
}

// list joins ids, eliding after max entries (0: no limit).
func list(ids []string, max int) string {
	if len(ids) == 0 {
		return "none"
	}
	if max > 0 && len(ids) > max {
		return strings.Join(ids[:max], ", ") + fmt.Sprintf(", … (%d more)", len(ids)-max)
	}
	return strings.Join(ids, ", ")
}
