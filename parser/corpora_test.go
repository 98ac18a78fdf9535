package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	hclv2 "github.com/hashicorp/hcl/v2"
)

// corporaRoot holds real repositories, read in place (never edited).
var corporaRoot = filepath.Join("..", "..", "shared", "corpora")

// deserved are the error diagnostics that the corpora, read as whole
// directories, deserve: each one names its file, its summary, and why the
// input is at fault rather than faultline. Any other error fails the test.
var deserved = []struct{ file, summary, why string }{
	{"terraform/terraform-aws-vpc/main.tf", "Error in function call",
		"examples/issues calls the module as vpc_issue_46, with no private subnets and no database route table: coalescelist() gets two empty lists, which Terraform itself rejects at plan time; the example reproduces the module's issue 46"},
	{"terraform/terraform-azurerm-aks/unit-test-fixture/locals.tf", "Argument or block definition required",
		"a symbolic link in the upstream repository, copied into the corpus as a file whose text is its target (../locals.tf): not HCL"},
	{"terraform/terraform-azurerm-aks/unit-test-fixture/variables.tf", "Argument or block definition required",
		"the same: a copied symbolic link whose text is ../variables.tf"},
}

// Every corpus read as a whole directory, and the root of all of them: walks
// that skip other tools' files, split variants into units, and raise no error
// that the input does not deserve.
func TestCorporaWholeDirectories(t *testing.T) {
	if _, err := os.Stat(corporaRoot); err != nil {
		t.Skipf("corpora not available: %v", err)
	}
	var dirs []string
	for _, kind := range []string{"kubernetes", "terraform"} {
		entries, err := os.ReadDir(filepath.Join(corporaRoot, kind))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				dirs = append(dirs, filepath.Join(corporaRoot, kind, e.Name()))
			}
		}
	}
	dirs = append(dirs, corporaRoot)
	seen := map[int]bool{}
	for _, dir := range dirs {
		r := LoadAll([]string{dir}, Options{RequireComponents: true})
		for _, d := range r.Diags {
			if d.Severity != hclv2.DiagError {
				continue
			}
			where := dir
			if d.Subject != nil {
				where = d.Subject.Filename
			}
			rel := filepath.ToSlash(strings.TrimPrefix(where, corporaRoot+string(filepath.Separator)))
			ok := false
			for i, e := range deserved {
				if strings.HasPrefix(rel, e.file) && d.Summary == e.summary {
					ok, seen[i] = true, true
				}
			}
			if !ok {
				t.Errorf("%s: an error the input does not deserve: %s", rel, d.Error())
			}
		}
	}
	for i, e := range deserved {
		if !seen[i] {
			t.Logf("no longer raised (remove it from deserved): %s: %s", e.file, e.summary)
		}
	}
}

// A Terragrunt live repository holds only Terragrunt HCL calling remote
// modules: valid code with no component to read. Its check passes (no error,
// so exit 0) but not silently: a warning says what was found and skipped.
func TestCorporaTerragruntNothingToAnalyze(t *testing.T) {
	dir := filepath.Join(corporaRoot, "terraform", "terragrunt-infrastructure-live-example")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	r := LoadAll([]string{dir}, Options{RequireComponents: true})
	if r.Diags.HasErrors() {
		t.Fatalf("errors: %s", r.Diags.Error())
	}
	var warned []string
	for _, d := range r.Diags {
		if d.Severity == hclv2.DiagWarning && d.Summary == "Nothing to analyze" {
			warned = append(warned, d.Detail)
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "HCL files of Terragrunt") {
		t.Errorf("Nothing to analyze warnings %q, want one that names the Terragrunt files skipped", warned)
	}
}
