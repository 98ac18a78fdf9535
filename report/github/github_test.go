package github_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/internal/golden"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/report"
	"github.com/faultline-dev/faultline/report/github"
)

// TestGolden renders every example, a suppressed finding and a broken input,
// and compares each with testdata/NAME.txt; -update rewrites them.
func TestGolden(t *testing.T) {
	examples, _ := filepath.Glob("../../examples/*.hcl")
	examples = append(examples, "../../testdata/suppressed.hcl", "../../testdata/broken.hcl")
	for _, ex := range examples {
		name := strings.TrimSuffix(filepath.Base(ex), ".hcl")
		t.Run(name, func(t *testing.T) {
			m, diags, read := parser.Load([]string{ex})
			fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
			if err != nil {
				t.Fatal(err)
			}
			if name == "suppressed" {
				l := analysis.Location{File: ex, Line: 1, Column: 3, EndLine: 1, EndColumn: 78}
				fs[0].Suppressed = &analysis.Suppression{Kind: "comment", Reason: "a test database", Location: &l}
			}
			var buf bytes.Buffer
			if err := github.Render(&buf, report.NewCheck(m, len(read), fs, diags)); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+name+".txt", buf.Bytes())
		})
	}
}

// TestAnnotationLimit renders 5,000 findings of every severity: at most
// PerStep annotations of each kind, the most important first, the rest in the
// log, and a notice that counts what was left out.
func TestAnnotationLimit(t *testing.T) {
	const n = 5000
	sevs := []analysis.Severity{analysis.Info, analysis.Warning, analysis.Error}
	fs := make([]analysis.Finding, n)
	for i := range fs {
		id := fmt.Sprintf("component.c%04d", i)
		var eps []string
		for k := 0; k < i%5; k++ {
			eps = append(eps, fmt.Sprintf("component.entry%d", k))
		}
		fs[i] = analysis.Finding{Rule: "spof", ID: "FL001", Severity: sevs[i%3], Component: id, Message: id + " is a single point of failure",
			Location: analysis.Location{File: "arch.hcl", Line: i + 1, Column: 1}, Event: "instance of " + id,
			Entrypoints: eps, BlastRadiusSize: i % 13, Fingerprint: analysis.Fingerprint("spof", id, "instance of "+id)}
	}
	var buf bytes.Buffer
	if err := github.Render(&buf, report.NewCheck(nil, 1, fs, nil)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	count := map[string]int{}
	var errs []string
	for _, line := range strings.Split(out, "\n") {
		if cmd, _, ok := strings.Cut(line, " "); ok && strings.HasPrefix(cmd, "::") {
			count[cmd]++
			if cmd == "::error" {
				errs = append(errs, line)
			}
		}
	}
	if count["::error"] != github.PerStep || count["::warning"] != github.PerStep || count["::notice"] != github.PerStep {
		t.Fatalf("annotations per kind: %v; want %d of each", count, github.PerStep)
	}
	// The first error annotation is a finding that loses the most entrypoints
	// (4) with the largest blast radius among those.
	best := -1
	for i, f := range fs {
		if f.Severity == analysis.Error && len(f.Entrypoints) == 4 && (best < 0 || f.BlastRadiusSize > fs[best].BlastRadiusSize) {
			best = i
		}
	}
	if want := "title=FL001 spof::" + fs[best].Component + " "; !strings.Contains(errs[0], want) {
		t.Errorf("the first error annotation is %q; want the finding about %s", errs[0], fs[best].Component)
	}
	annotated := 2*github.PerStep + github.PerStep - 1
	want := fmt.Sprintf("::notice title=faultline%%3A %d findings not annotated::", n-annotated)
	if !strings.Contains(out, want) {
		t.Errorf("no notice %q in the output's end:\n%s", want, out[len(out)-600:])
	}
	if got := strings.Count(out, "\n  - arch.hcl:"); got != n-annotated {
		t.Errorf("%d findings listed in the log; want the %d not annotated", got, n-annotated)
	}
}
