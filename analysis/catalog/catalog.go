// Package catalog lists faultline's analyzers: the rule catalog of SPEC §3 that
// is implemented today.
package catalog

import (
	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/bootstrapspof"
	"github.com/faultline-dev/faultline/analysis/commondependency"
	"github.com/faultline-dev/faultline/analysis/dependencycycle"
	"github.com/faultline-dev/faultline/analysis/monitorsharesfate"
	"github.com/faultline-dev/faultline/analysis/shareddomain"
	"github.com/faultline-dev/faultline/analysis/spof"
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
