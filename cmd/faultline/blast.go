package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/report"
	"github.com/faultline-dev/faultline/report/graphviz"
	jsonreport "github.com/faultline-dev/faultline/report/json"
	textreport "github.com/faultline-dev/faultline/report/text"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

func newBlast(stdout, stderr io.Writer) *cobra.Command {
	var format string
	var fails []string
	var vars varFlags
	cmd := &cobra.Command{
		Use:   "blast PATH... --fail EVENT [--fail EVENT]...",
		Short: "What-if: what goes down and degrades when EVENTs happen, and why",
		Long: `blast applies failure events together and prints what goes down, what degrades,
which entrypoints are lost, and the path that explains each downed component.

EVENT is a component ID (component.db: every instance of it fails) or a failure
domain TYPE=NAME (zone=us-east-1a: every instance placed in it, or in a domain
nested in it, fails). --fail may be repeated.

Exit codes: 0 the what-if ran; 2 bad input, an unknown EVENT, or bad usage.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			if len(fails) == 0 {
				return &usageError{"blast needs at least one --fail EVENT"}
			}
			if format != "text" && format != "json" && !validPicture(format, false) {
				return &usageError{fmt.Sprintf("--format: %q is not one of text, json, dot, svg, png", format)}
			}
			m, diags, _ := load(paths, stderr, vars.withConfig(paths))
			x := graph.NewIndex(m)
			events, evDiags := parseEvents(x, fails)
			printDiagnostics(stderr, evDiags)
			if evDiags.HasErrors() {
				return &exitError{exitBadInput}
			}
			b := report.NewBlast(x, failure.NewEngine(x).Run(events...))
			var err error
			if validPicture(format, false) {
				// The picture: what goes down and degrades, and the path to each
				// entrypoint lost (graph.go).
				v, verr := graphviz.NewBlast(m, b, graphviz.Options{Cluster: "auto"})
				if verr != nil {
					return verr
				}
				err = writePicture(stdout, "-", v, format)
			} else if format == "json" {
				err = jsonreport.RenderBlast(stdout, b)
			} else {
				err = textreport.RenderBlast(stdout, b)
			}
			if err != nil {
				return err
			}
			if diags.HasErrors() {
				return &exitError{exitBadInput}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&fails, "fail", nil, "a failure event: a component ID or TYPE=NAME for a domain (repeatable)")
	vars.register(cmd)
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text, json, or a picture: dot, svg, png")
	return cmd
}

// parseEvents resolves --fail values against the model.
func parseEvents(x *graph.Index, fails []string) ([]failure.Event, hcl.Diagnostics) {
	var events []failure.Event
	var diags hcl.Diagnostics
	for _, f := range fails {
		if v, ok := x.Pos[f]; ok {
			events = append(events, failure.Event{Kind: failure.Whole, Comp: v})
			continue
		}
		if ref, ok := graph.ParseDomainRef(f); ok {
			if d, ok := x.DomPos[ref]; ok {
				events = append(events, failure.Event{Kind: failure.DomainOut, Domain: d})
				continue
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError,
				Summary: fmt.Sprintf("--fail %s: unknown failure domain", f),
				Detail:  fmt.Sprintf("No placement or domain block names it.%s", knownDomains(x, ref.Type))})
			continue
		}
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError,
			Summary: fmt.Sprintf("--fail %s: unknown component", f),
			Detail:  "An EVENT is a component ID (such as component.db) or a domain TYPE=NAME (such as zone=us-east-1a)." + suggestComponent(x, f)})
	}
	return events, diags
}

func knownDomains(x *graph.Index, typ string) string {
	var names []string
	for _, d := range x.Domains {
		if d.Type == typ {
			names = append(names, d.String())
		}
	}
	if len(names) == 0 {
		var types []string
		seen := map[string]bool{}
		for _, d := range x.Domains {
			if !seen[d.Type] {
				seen[d.Type] = true
				types = append(types, d.Type)
			}
		}
		if len(types) == 0 {
			return " The model places no instance in any domain."
		}
		sort.Strings(types)
		return fmt.Sprintf(" The model has no %q domains; its domain types are: %v.", typ, types)
	}
	if len(names) > 10 {
		names = append(names[:10], "…")
	}
	return fmt.Sprintf(" Known %s domains: %v.", typ, names)
}

// suggestComponent names the events the user may have meant by s: the
// components whose ID ends with it as a name (contacts: k8s/Deployment/default/contacts,
// k8s/Service/default/contacts; db: component.db), else those whose last name
// is within a few edits of it, and the domains named s (us-east-1a:
// zone=us-east-1a).
func suggestComponent(x *graph.Index, s string) string {
	if s == "" {
		return ""
	}
	last := func(id string) string { return id[strings.LastIndexAny(id, "/.:")+1:] }
	var exact []string
	for _, id := range x.IDs {
		if strings.HasSuffix(id, s) && len(id) > len(s) && strings.ContainsRune("/.:", rune(id[len(id)-len(s)-1])) {
			exact = append(exact, id)
		}
	}
	if len(exact) == 0 {
		for _, id := range x.IDs {
			if strings.EqualFold(last(id), last(s)) {
				exact = append(exact, id)
			}
		}
	}
	for _, d := range x.Domains {
		if d.Name == s {
			exact = append(exact, d.String())
		}
	}
	if len(exact) == 0 {
		name := last(s)
		limit := min(3, 1+len(name)/5)
		best := limit + 1
		for _, id := range x.IDs {
			// Levenshtein answers limit+1 for anything that far or farther.
			switch d := graph.Levenshtein(name, last(id), limit+1); {
			case d > limit:
			case d < best:
				best, exact = d, []string{id}
			case d == best:
				exact = append(exact, id)
			}
		}
	}
	if len(exact) == 0 {
		return ""
	}
	sort.Strings(exact)
	more := ""
	if len(exact) > 5 {
		more = fmt.Sprintf(" (and %d more)", len(exact)-5)
		exact = exact[:5]
	}
	quoted := make([]string, len(exact))
	for i, e := range exact {
		quoted[i] = strconv.Quote(e)
	}
	if len(quoted) == 1 {
		return fmt.Sprintf(" Did you mean %s?", quoted[0])
	}
	return fmt.Sprintf(" Did you mean one of %s%s?", strings.Join(quoted, ", "), more)
}
