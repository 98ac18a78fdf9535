// Package catalog lists faultline's analyzers: the rule catalog (docs/rules.md) that
// is implemented today.
package catalog

import (
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/bootstrapspof"
	"github.com/faultline-dev/faultline/analysis/capacityheadroom"
	"github.com/faultline-dev/faultline/analysis/certexpiry"
	"github.com/faultline-dev/faultline/analysis/commondependency"
	"github.com/faultline-dev/faultline/analysis/dependencycycle"
	"github.com/faultline-dev/faultline/analysis/missingtimeout"
	"github.com/faultline-dev/faultline/analysis/monitorsharesfate"
	"github.com/faultline-dev/faultline/analysis/retryamplification"
	"github.com/faultline-dev/faultline/analysis/shareddomain"
	"github.com/faultline-dev/faultline/analysis/sloinfeasible"
	"github.com/faultline-dev/faultline/analysis/spof"
	"github.com/faultline-dev/faultline/analysis/unknownplacement"
)

// Analyzers returns every rule analyzer, in rule ID order.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		spof.Analyzer,
		shareddomain.Analyzer,
		commondependency.Analyzer,
		dependencycycle.Analyzer,
		bootstrapspof.Analyzer,
		monitorsharesfate.Analyzer,
		missingtimeout.Analyzer,
		retryamplification.Analyzer,
		capacityheadroom.Analyzer,
		sloinfeasible.Analyzer,
		certexpiry.Analyzer,
		unknownplacement.Analyzer,
	}
}

// Lookup returns the analyzer whose rule has this name or ID, or nil.
func Lookup(nameOrID string) *analysis.Analyzer {
	for _, a := range Analyzers() {
		if a.Rule.Name == nameOrID || a.Rule.ID == nameOrID {
			return a
		}
	}
	return nil
}

// Markdown renders the catalog as docs/rules.md.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# faultline rules\n\nGenerated from the rule documentation in `analysis/*` by\n`go test ./analysis/catalog -update`; a test fails when it is stale.\n\n")
	b.WriteString("| ID | rule | default severity | title |\n|---|---|---|---|\n")
	for _, a := range Analyzers() {
		r := a.Rule
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s |\n", r.ID, r.Name, r.Severity, r.Title)
	}
	for _, a := range Analyzers() {
		r := a.Rule
		fmt.Fprintf(&b, "\n## %s %s\n\n**%s** (default severity: %s, since %s)\n\n%s\n\n", r.ID, r.Name, r.Title, r.Severity, r.Since, unwrap(r.Text))
		lang := "hcl"
		if strings.Contains(r.Before, "apiVersion:") {
			lang = "yaml"
		}
		fmt.Fprintf(&b, "Finds it:\n\n```%s\n%s\n```\n\nFixed:\n\n```%s\n%s\n```\n\n**Fix.** %s\n", lang, r.Before, lang, r.After, unwrap(r.Fix))
	}
	return b.String()
}

// unwrap joins a hard-wrapped paragraph into one line.
func unwrap(s string) string { return strings.Join(strings.Fields(s), " ") }
