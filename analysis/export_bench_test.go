package analysis

import "github.com/faultline-dev/faultline/graph"

// RunPass runs one analyzer's Run over m and x with resultOf as the results of
// what it requires (computed by the caller), as RunAll would, and returns its
// result and findings (unsorted). It lets BenchmarkPasses time one pass without
// its dependencies; it exists only in this package's tests.
func RunPass(a *Analyzer, m *graph.Model, x *graph.Index, resultOf map[*Analyzer]any, opts Options) (any, []Finding, error) {
	var findings []Finding
	p := &Pass{Analyzer: a, Model: m, Index: x, ResultOf: resultOf, Now: opts.Now, Options: opts,
		report: func(f Finding) {
			if c := m.Components[f.Component]; c != nil && len(c.Unknowns) > 0 && f.Unknowns == nil {
				f.Unknowns = append([]string(nil), c.Unknowns...)
			}
			findings = append(findings, f)
		}}
	res, err := a.Run(p)
	return res, findings, err
}
