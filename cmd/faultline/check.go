package main

import (
	"fmt"
	"io"
	"time"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/doublefailure"
	"github.com/faultline-dev/faultline/report"
	jsonreport "github.com/faultline-dev/faultline/report/json"
	textreport "github.com/faultline-dev/faultline/report/text"
	"github.com/spf13/cobra"
)

func newCheck(stdout, stderr io.Writer) *cobra.Command {
	var format, failOn, now string
	var vars varFlags
	var blastLimit, order int
	cmd := &cobra.Command{
		Use:   "check PATH...",
		Short: "Analyze declarations and print the findings",
		Long: `check reads every PATH (a file or a directory, walked recursively) into one graph,
runs every rule, and prints the findings.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above --fail-on;
2 bad input (every readable file is still analyzed and reported) or bad usage.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			threshold, err := parseSeverity(failOn)
			if err != nil {
				return err
			}
			at, err := parseNow(now)
			if err != nil {
				return err
			}
			if format != "text" && format != "json" {
				return &usageError{fmt.Sprintf("--format: %q is not one of text, json", format)}
			}
			m, diags, files := load(paths, stderr, &vars)
			if order != 1 && order != 2 {
				return &usageError{fmt.Sprintf("--order: %d is not 1 or 2", order)}
			}
			analyzers := append(catalog.Analyzers(), availability.Analyzer)
			if order == 2 {
				analyzers = append(analyzers, doublefailure.Analyzer)
			}
			findings, results, err := analysis.RunAll(m, analyzers, analysis.Options{Now: at, BlastLimit: blastLimit})
			if err != nil {
				return err
			}
			res := report.NewCheck(m, files, findings, diags)
			res.SetAvailability(results[availability.Analyzer].(*availability.Result))
			if order == 2 {
				res.DoubleFailures = results[doublefailure.Analyzer].(*doublefailure.Result)
			}
			if format == "json" {
				err = jsonreport.Render(stdout, res)
			} else {
				err = textreport.Render(stdout, res)
			}
			if err != nil {
				return err
			}
			if diags.HasErrors() {
				return &exitError{exitBadInput}
			}
			for _, f := range findings {
				if f.Severity.Rank() >= threshold {
					return &exitError{exitFindings}
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	cmd.Flags().StringVar(&failOn, "fail-on", "error", "exit 1 when a finding is at or above this severity: error, warning, info or never")
	cmd.Flags().StringVar(&now, "now", "", "the date for time-dependent rules, YYYY-MM-DD or RFC 3339 (default: today)")
	vars.register(cmd)
	cmd.Flags().IntVar(&order, "order", 1, "1: single failures; 2: also list the minimal pairs of events that take an entrypoint down when no single event does")
	cmd.Flags().IntVar(&blastLimit, "blast-limit", 100, "list at most this many components of each finding's blast radius (0: all); blast_radius_size is always the full count")
	return cmd
}

func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC(), nil
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, &usageError{fmt.Sprintf("--now: %q is not a date (YYYY-MM-DD or RFC 3339)", s)}
}
