package main

import (
	"bytes"
	"io"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/doublefailure"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/report"
	"github.com/faultline-dev/faultline/report/graphviz"
	htmlreport "github.com/faultline-dev/faultline/report/html"
	"github.com/spf13/cobra"
)

// reportBlastLimit bounds each finding's blast radius and path lists as
// check's default --blast-limit does: the page prints at most a few of them,
// and a chain of 3,000 components would otherwise hold nine million.
const reportBlastLimit = 100

func newReport(stdout, stderr io.Writer) *cobra.Command {
	var output, now, title string
	var vf viewFlags
	var vars varFlags
	cmd := &cobra.Command{
		Use:   "report PATH... -o report.html",
		Short: "Write the architecture-review report: one self-contained HTML page",
		Long: `report writes one self-contained HTML page (inline CSS and SVG, no script, no
network) to project in an architecture review: a summary, the findings with their
rules' documentation and source locations, the dependency graph with its SPOFs in
red, the blast radius of every single failure and every domain failure ranked,
and for each entrypoint the failures that take it down.

Exit codes: 0 the report was written (whatever it finds); 2 bad input or bad usage.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			at, err := parseNow(now)
			if err != nil {
				return err
			}
			m, diags, files := load(paths, stderr, vars.withConfig(paths))
			analyzers := catalog.Analyzers()
			findings, results, err := analysis.RunAll(m, append(analyzers, availability.Analyzer, doublefailure.Analyzer), analysis.Options{Now: at, BlastLimit: reportBlastLimit})
			if err != nil {
				return err
			}
			v, err := graphviz.NewGraph(m, findings, vf.options(""))
			if err != nil {
				return &usageError{err.Error()}
			}
			svg, err := graphviz.SVGBytes(v)
			if err != nil {
				return err
			}
			var rules []*analysis.Rule
			for _, a := range analyzers {
				rules = append(rules, a.Rule)
			}
			// The failure pass is deterministic: computing it again here gives the
			// outcomes the findings came from.
			res := failure.Compute(graph.NewIndex(m))
			r := htmlreport.NewReport(m, res, report.NewCheck(m, files, findings, diags), rules)
			for _, e := range results[availability.Analyzer].(*availability.Result).Estimates {
				a := htmlreport.Availability{Entrypoint: e.Component, Value: e.Estimate, Method: e.Method, Low: e.Low, High: e.High, SLO: e.SLO, RestsOn: e.RestsOn()}
				for _, u := range e.RestsOnUnknowns {
					if u.Kind == "unresolved" || u.Kind == "opaque" {
						a.Unresolved = append(a.Unresolved, u.Component+": "+u.Detail)
					}
				}
				r.Availability = append(r.Availability, a)
			}
			addPairs(r, results[doublefailure.Analyzer].(*doublefailure.Result))
			r.Title = title
			if r.Title == "" {
				r.Title = "Architecture review: " + strings.Join(paths, ", ")
			}
			r.Inputs = paths
			r.Version = version
			r.Graph = svg
			r.GraphNote = v.Note
			var buf bytes.Buffer
			if err := htmlreport.Render(&buf, r); err != nil {
				return err
			}
			if err := writeOutput(stdout, output, buf.Bytes()); err != nil {
				return err
			}
			if diags.HasErrors() {
				return &exitError{exitBadInput}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "-", "write to this file (- for standard output)")
	cmd.Flags().StringVar(&title, "title", "", "the page title (default: Architecture review: PATHS)")
	cmd.Flags().StringVar(&now, "now", "", "the date for time-dependent rules, YYYY-MM-DD or RFC 3339 (default: today)")
	vf.register(cmd)
	vars.register(cmd)
	return cmd
}

// reportPairs is how many pairs per entrypoint the report lists.
const reportPairs = 10

// addPairs puts each entrypoint's most likely double failures into the report.
func addPairs(r *htmlreport.Report, df *doublefailure.Result) {
	byEntry := map[string][]doublefailure.Pair{}
	for _, p := range df.Pairs {
		byEntry[p.Entrypoint] = append(byEntry[p.Entrypoint], p)
	}
	for i := range r.Entrypoints {
		e := &r.Entrypoints[i]
		for k, p := range byEntry[e.ID] {
			if k == reportPairs {
				e.PairsMore = len(byEntry[e.ID]) - reportPairs
				break
			}
			e.Pairs = append(e.Pairs, htmlreport.Pair{Events: p.Events, Probability: p.Probability})
		}
	}
}
