package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/analysis/doublefailure"
	"github.com/faultline-dev/faultline/config"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/internal/stages"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/report"
	githubreport "github.com/faultline-dev/faultline/report/github"
	jsonreport "github.com/faultline-dev/faultline/report/json"
	markdownreport "github.com/faultline-dev/faultline/report/markdown"
	sarifreport "github.com/faultline-dev/faultline/report/sarif"
	textreport "github.com/faultline-dev/faultline/report/text"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

// checkFormats are the formats of check and diff results.
var checkFormats = []string{"text", "json", "json-compact", "sarif", "markdown", "github"}

// lintFlags are the flags check and diff share: output, policy, configuration.
type lintFlags struct {
	format, failOn, now, configFile string
	outputs                         []string
	vars                            varFlags
	blastLimit                      int
	failWorsened                    bool
	fullList                        string
}

func (f *lintFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&f.format, "format", "f", "text", "output format on stdout: "+strings.Join(checkFormats, ", "))
	cmd.Flags().StringArrayVarP(&f.outputs, "output", "o", nil, "also write FORMAT=FILE, e.g. sarif=results.sarif (repeatable: several formats in one run)")
	cmd.Flags().StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at or above this severity: error, warning, info or never (default: the configuration's fail_on, else error)")
	cmd.Flags().StringVar(&f.now, "now", "", "the date for time-dependent rules and ignore expiry, YYYY-MM-DD or RFC 3339 (default: today)")
	cmd.Flags().StringVar(&f.configFile, "config", "", "the configuration file (default: "+config.FileName+" found by walking up from the first PATH to the git root)")
	cmd.Flags().BoolVar(&f.failWorsened, "fail-on-worsened", true, "a finding the baseline (or the base) already has whose reach grew counts toward --fail-on like a new one (default: the configuration's fail_on_worsened, else true)")
	cmd.Flags().StringVar(&f.fullList, "full-list", "", "markdown: where the full list of findings is, for the line that counts those the comment leaves out (default: the SARIF and JSON outputs)")
	f.vars.register(cmd)
	cmd.Flags().IntVar(&f.blastLimit, "blast-limit", 100, "list at most this many components of each finding's blast radius and path (0: all); blast_radius_size and path_size give the full counts")
}

// output is one --output FORMAT=FILE.
type output struct{ format, file string }

// settings are the validated flags and the configuration of a run.
type settings struct {
	format    string
	outputs   []output
	threshold int
	// fullList says where the full list is, for the Markdown comment.
	fullList string
	// failWorsened: worsened findings count toward --fail-on.
	failWorsened bool
	now          time.Time
	conf         *config.Config
	confDiags    hcl.Diagnostics
}

// resolve validates the flags and reads the configuration that applies to paths.
func (f *lintFlags) resolve(cmd *cobra.Command, paths []string) (*settings, error) {
	s := &settings{format: f.format}
	if !validFormat(f.format) {
		return nil, &usageError{fmt.Sprintf("--format: %q is not one of %s", f.format, strings.Join(checkFormats, ", "))}
	}
	for _, o := range f.outputs {
		format, file, ok := strings.Cut(o, "=")
		if !ok || file == "" || !validFormat(format) {
			return nil, &usageError{fmt.Sprintf("--output: %q is not FORMAT=FILE with FORMAT one of %s", o, strings.Join(checkFormats, ", "))}
		}
		s.outputs = append(s.outputs, output{format, file})
	}
	var err error
	if s.now, err = parseNow(f.now); err != nil {
		return nil, err
	}
	file := f.configFile
	if file == "" {
		start := "."
		for _, p := range paths {
			if p != "-" {
				start = p
				break
			}
		}
		file = config.Find(start)
	} else if _, err := os.Stat(file); err != nil {
		return nil, &usageError{fmt.Sprintf("--config: %s", reason(err))}
	}
	s.conf = &config.Config{}
	if file != "" {
		s.conf, s.confDiags = config.Load(file)
	}
	if f.vars.namespace == "" {
		f.vars.namespace = s.conf.Namespace
	}
	failOn := f.failOn
	if !cmd.Flags().Changed("fail-on") && s.conf.FailOn != "" {
		failOn = s.conf.FailOn
	}
	if s.threshold, err = parseSeverity(failOn); err != nil {
		return nil, err
	}
	s.failWorsened = f.failWorsened
	s.fullList = f.fullList
	if !cmd.Flags().Changed("fail-on-worsened") && s.conf.FailOnWorsened != nil {
		s.failWorsened = *s.conf.FailOnWorsened
	}
	s.conf.ApplyDomainAvailability()
	return s, nil
}

func validFormat(f string) bool {
	for _, k := range checkFormats {
		if f == k {
			return true
		}
	}
	return false
}

func reason(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// analyzed is the result of analyzing one set of paths under a configuration.
type analyzed struct {
	model    *graph.Model
	files    int
	skipped  []parser.Skipped
	findings []analysis.Finding
	diags    hcl.Diagnostics
	results  map[*analysis.Analyzer]any
}

// analyze loads paths, applies the configuration, runs the rules, and marks
// the findings that an ignore accepts. With ignoreDiags false (the base of a
// diff), the ignores' own diagnostics (unused, malformed) are left out.
func analyze(paths []string, s *settings, vars *varFlags, blastLimit int, extra []*analysis.Analyzer, ignoreDiags bool) (*analyzed, error) {
	if vars != nil && vars.now.IsZero() {
		vars.now = s.now
	}
	l := loadSources(paths, vars, s.conf, ignoreDiags)
	diags := l.diags
	diags = append(diags, s.conf.ApplyModel(l.model)...)
	analyzers := append(s.conf.Analyzers(), extra...)
	opts := s.conf.Options(analysis.Options{Now: s.now, BlastLimit: blastLimit})
	findings, results, err := analysis.RunAll(l.model, analyzers, opts)
	if err != nil {
		return nil, err
	}
	endSup := stages.Track("fingerprints, suppressions")
	analysis.SetFingerprints(findings)
	s.conf.ApplySeverities(findings)
	sup := config.NewSuppressor(s.conf, l.model, l.files, l.sources, s.now)
	sup.Apply(findings)
	endSup()
	if ignoreDiags {
		diags = append(diags, sup.Diagnostics()...)
	}
	return &analyzed{model: l.model, files: len(l.files), skipped: l.skipped, findings: findings, diags: diags, results: results}, nil
}

// failing reports whether a finding counts toward --fail-on.
func failing(f analysis.Finding, threshold int) bool {
	return f.Suppressed == nil && f.Severity.Rank() >= threshold
}

// anyFailing reports whether a finding of c counts toward --fail-on; a
// worsened one only when s.failWorsened.
func anyFailing(c *report.Check, s *settings) bool {
	worse := c.WorsenedIndex()
	for _, f := range c.Findings {
		if !s.failWorsened && worse[f.Fingerprint] != nil {
			continue
		}
		if failing(f, s.threshold) {
			return true
		}
	}
	return false
}

// writeOutputs renders c in the --format on stdout and in every --output file.
func writeOutputs(s *settings, stdout io.Writer, render func(format string, w io.Writer) error) error {
	defer stages.Track("render")()
	if err := render(s.format, stdout); err != nil {
		return err
	}
	for _, o := range s.outputs {
		err := boundary.WriteFile(o.file, func(w io.Writer) error { return render(o.format, w) })
		if err != nil {
			return fmt.Errorf("--output %s: %s", o.file, reason(err))
		}
	}
	return nil
}

// keep returns the findings of fs that a comparison introduced or worsened,
// in their order.
func keep(fs []analysis.Finding, cmp report.Comparison) []analysis.Finding {
	n := map[string]int{}
	for _, f := range cmp.Introduced {
		n[f.Fingerprint]++
	}
	for _, c := range cmp.Worsened {
		n[c.Fingerprint]++
	}
	out := []analysis.Finding{}
	for _, f := range fs {
		if n[f.Fingerprint] > 0 {
			n[f.Fingerprint]--
			out = append(out, f)
		}
	}
	return out
}

// renderCheck writes a check result in a format; against a baseline, SARIF
// marks the findings new or updated.
func renderCheck(format string, w io.Writer, c *report.Check, baselined bool, fullList string) error {
	switch format {
	case "json":
		return jsonreport.Render(w, c)
	case "json-compact":
		return jsonreport.RenderCompact(w, c)
	case "sarif":
		return sarifreport.RenderWith(w, c, sarifreport.Options{ToolVersion: version, New: baselined})
	case "markdown":
		return markdownreport.RenderWith(w, c, markdownreport.Options{FullList: fullList})
	case "github":
		return githubreport.Render(w, c)
	}
	return textreport.Render(w, c)
}

func newCheck(stdout, stderr io.Writer) *cobra.Command {
	var lf lintFlags
	var order int
	var baselineFile, writeBaseline string
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Analyze declarations and print the findings",
		Long: `check reads every PATH (a file or a directory, walked recursively; without PATH, the
configuration's paths) into one graph, runs every rule, and prints the findings.

A walk reads faultline's HCL (files with component or domain blocks), Terraform and
Kubernetes manifests; it skips other tools' HCL (one line each), YAML and JSON that hold
no Kubernetes object (-v lists them), hidden and vendored directories (node_modules,
vendor), what .gitignore files ignore, and --exclude or the configuration's exclude.
Reading nothing faultline recognises (an empty directory, a wrong path, YAML with no
Kubernetes object) is bad input (exit 2); valid declarations without a component (a
Terragrunt or GitOps repository, a module of variables, ConfigMaps only) are a
"Nothing to analyze" warning (exit 0). A Kustomize directory is built
and a Helm chart rendered in-process and offline (the chart as helm template renders
it, with --values, --set and --set-string). A walk splits into deployment units, each
its own graph, whose IDs are prefixed UNIT: directories whose objects collide with a
sibling's, Kustomize overlays, Helm charts, Terraform root modules, and the
configuration's unit blocks (README: What a walk reads).

The configuration file (` + config.FileName + `, found by walking up from the first PATH to the
root of its git repository, or --config) sets entrypoints, rule severities, thresholds and
ignores; faultline init writes a commented one. A comment "# faultline:ignore RULE reason"
on or above a declaration suppresses its findings: they are still listed, marked, and do
not count toward --fail-on.

--write-baseline FILE records every finding by its fingerprint (rule, component and event;
no line numbers) and its reach (the entrypoints it takes down, the size of its blast
radius), and exits 0 unless the input is bad; --baseline FILE then leaves out the findings
it holds, so that only new ones are reported and fail the build; but a finding it holds
whose reach grew (a new entrypoint lost, a larger blast radius) is reported as worsened
and fails like a new one (--fail-on-worsened=false: reported without failing), and one
whose reach shrank is counted as improved.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above --fail-on;
2 bad input (every readable file is still analyzed and reported) or bad usage.`,
		RunE: func(cmd *cobra.Command, paths []string) error {
			s, err := lf.resolve(cmd, paths)
			if err != nil {
				return err
			}
			if len(paths) == 0 {
				if paths = s.conf.InputPaths(); len(paths) == 0 {
					return &usageError{"check: give PATH... (or paths = [...] in " + config.FileName + ")"}
				}
			}
			if order != 1 && order != 2 {
				return &usageError{fmt.Sprintf("--order: %d is not 1 or 2", order)}
			}
			var base *config.Baseline
			if baselineFile != "" {
				if base, err = config.ReadBaseline(baselineFile); err != nil {
					return &usageError{err.Error()}
				}
			}
			extra := []*analysis.Analyzer{availability.Analyzer}
			if order == 2 {
				extra = append(extra, doublefailure.Analyzer)
			}
			a, err := analyze(paths, s, &lf.vars, lf.blastLimit, extra, true)
			if err != nil {
				return err
			}
			diags := append(s.confDiags, a.diags...)
			printSkipped(stderr, a.skipped)
			printDiagnostics(stderr, diags)
			findings := a.findings
			if writeBaseline != "" {
				if err := writeBaselineFile(writeBaseline, findings); err != nil {
					return err
				}
			}
			var cmp report.Comparison
			if base != nil {
				cmp = base.Compare(findings)
				// The worsened stay among the findings, where they are sorted.
				findings = keep(findings, cmp)
			}
			res := report.NewCheck(a.model, a.files, findings, diags)
			if base != nil {
				res.Summary.Baselined = cmp.Unchanged + len(cmp.Improved)
				res.SetComparison(cmp)
			}
			res.SetAvailability(a.results[availability.Analyzer].(*availability.Result))
			if order == 2 {
				res.DoubleFailures = a.results[doublefailure.Analyzer].(*doublefailure.Result)
			}
			if err := writeOutputs(s, stdout, func(format string, w io.Writer) error { return renderCheck(format, w, res, base != nil, s.fullList) }); err != nil {
				return err
			}
			if diags.HasErrors() {
				return &exitError{exitBadInput}
			}
			if writeBaseline != "" {
				return nil
			}
			if anyFailing(res, s) {
				return &exitError{exitFindings}
			}
			return nil
		},
	}
	lf.register(cmd)
	cmd.Flags().IntVar(&order, "order", 1, "1: single failures; 2: also list the minimal pairs of events that take an entrypoint down when no single event does")
	cmd.Flags().StringVar(&baselineFile, "baseline", "", "leave out the findings recorded in this baseline file")
	cmd.Flags().StringVar(&writeBaseline, "write-baseline", "", "record the current findings in this baseline file (and exit 0 unless the input is bad)")
	return cmd
}

// writeBaselineFile records findings in a baseline file.
func writeBaselineFile(file string, fs []analysis.Finding) error {
	err := boundary.WriteFile(file, func(w io.Writer) error { return config.NewBaseline(fs).Write(w) })
	if err != nil {
		return fmt.Errorf("--write-baseline: %s", reason(err))
	}
	return nil
}

// clock is the only place the commands read the wall clock: "today" when --now is
// not given. The tests replace it with a fixed date (main_test.go), so that no
// test depends on the day it runs.
var clock = time.Now

func parseNow(s string) (time.Time, error) {
	if s == "" {
		return clock().UTC(), nil
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, &usageError{fmt.Sprintf("--now: %q is not a date (YYYY-MM-DD or RFC 3339)", s)}
}
