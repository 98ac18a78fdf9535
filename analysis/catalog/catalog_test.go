package catalog_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/internal/golden"
	"github.com/faultline-dev/faultline/parser"
)

// TestCatalog keeps the registry honest: every analyzer validates (documented rule,
// unique kebab-case name and FLnnn ID, no cycle in Requires) and IDs follow the order.
func TestCatalog(t *testing.T) {
	as := catalog.Analyzers()
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
	for i, a := range as {
		if i > 0 && as[i-1].Rule.ID >= a.Rule.ID {
			t.Errorf("%s listed after %s", a.Rule.ID, as[i-1].Rule.ID)
		}
		if catalog.Lookup(a.Rule.Name) != a || catalog.Lookup(a.Rule.ID) != a {
			t.Errorf("Lookup(%s) does not find its analyzer", a.Rule.Name)
		}
	}
}

// TestValidateRejects checks that Validate catches what it promises to catch.
func TestValidateRejects(t *testing.T) {
	run := func(*analysis.Pass) (any, error) { return nil, nil }
	good := func() *analysis.Rule {
		return &analysis.Rule{ID: "FL900", Name: "x", Severity: analysis.Error, Title: "t", Text: "t", Before: "b", After: "a", Fix: "f"}
	}
	cyc := &analysis.Analyzer{Name: "cyc", Doc: "d", Run: run}
	cyc.Requires = []*analysis.Analyzer{cyc}
	undocumented := good()
	undocumented.Fix = ""
	badID := good()
	badID.ID = "X1"
	for name, as := range map[string][]*analysis.Analyzer{
		"cycle":          {cyc},
		"undocumented":   {{Name: "x", Rule: undocumented, Run: run}},
		"bad id":         {{Name: "x", Rule: badID, Run: run}},
		"duplicate name": {{Name: "x", Rule: good(), Run: run}, {Name: "x", Doc: "d", Run: run}},
		"no doc":         {{Name: "shared", Run: run}},
		"name mismatch":  {{Name: "y", Rule: good(), Run: run}},
	} {
		if analysis.Validate(as) == nil {
			t.Errorf("%s: Validate accepted it", name)
		}
	}
}

// TestRulesDoc fails when docs/rules.md is stale; go test ./analysis/catalog -update rewrites it.
func TestRulesDoc(t *testing.T) {
	const path = "../../docs/rules.md"
	golden.Check(t, path, []byte(catalog.Markdown()))
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range catalog.Analyzers() {
		if !strings.Contains(string(got), "## "+a.Rule.ID+" "+a.Rule.Name) {
			t.Errorf("docs/rules.md lacks %s", a.Rule.Name)
		}
	}
}

// TestBeforeExamplesTrigger checks that each rule's "before" example is valid input
// (native HCL, or a Kubernetes manifest for Kubernetes-only rules) that the rule
// reports on.
func TestBeforeExamplesTrigger(t *testing.T) {
	for _, a := range catalog.Analyzers() {
		ext := ".hcl"
		if strings.Contains(a.Rule.Before, "apiVersion:") {
			ext = ".yaml"
		}
		file := filepath.Join(t.TempDir(), a.Rule.Name+ext)
		if err := os.WriteFile(file, []byte(a.Rule.Before), 0o644); err != nil {
			t.Fatal(err)
		}
		m, diags, _ := parser.Load([]string{file})
		if diags.HasErrors() {
			t.Errorf("%s: the example does not load: %s", a.Rule.Name, diags.Error())
			continue
		}
		fs, err := analysis.Run(m, []*analysis.Analyzer{a}, analysis.Options{Now: analysistest.Now})
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) == 0 {
			t.Errorf("%s: the example finds nothing", a.Rule.Name)
		}
	}
}
