package parser

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	hclv2 "github.com/hashicorp/hcl/v2"
)

// A walk reads what is faultline's and skips, with the tool named, what is
// another tool's: HCL dialects and YAML that holds no Kubernetes object.
func TestLoadRecognisesBeforeReading(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"arch.hcl":            `component "api" { entrypoint = true }`,
		"live/terragrunt.hcl": "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\ninputs = { a = 1 }\n",
		"live/env.hcl":        "locals {\n  env = \"qa\"\n}\n",
		"ami/ubuntu.pkr.hcl":  "source \"amazon-ebs\" \"u\" {\n  region = \"x\"\n}\nbuild {\n  sources = [\"source.amazon-ebs.u\"]\n}\n",
		"docker-bake.hcl":     "target \"app\" {\n  context = \".\"\n}\n",
		"nomad/web.hcl":       "job \"web\" {\n  datacenters = [\"dc1\"]\n}\n",
		"nomad/agent.hcl":     "\"advertise\" = {\n  \"http\" = \"host.example.com\"\n}\n",
		"vault.hcl":           "storage \"raft\" {\n  path = \"/v\"\n}\nlistener \"tcp\" {\n  address = \"0.0.0.0:8200\"\n}\n",
		"k8s/app.yaml":        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  template: {spec: {containers: [{name: w, image: w}]}}\n",

		"config/sched.yaml":         "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles: []\n",
		"skaffold.yaml":             "apiVersion: skaffold/v4beta6\nkind: Config\nmetadata: {name: app}\n",
		"notes/release.yaml":        "kind: bugfix\ntitle: fix the thing\n",
		"hack/kind.yaml":            "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n",
		".github/workflows/ci.yaml": "on: push\n",
	})
	r := LoadAll([]string{dir}, Options{})
	if len(r.Diags) > 0 {
		t.Fatalf("diagnostics: %s", r.Diags.Error())
	}
	rel := func(p string) string { s, _ := filepath.Rel(dir, p); return filepath.ToSlash(s) }
	var read []string
	for _, f := range r.Files {
		read = append(read, rel(f))
	}
	if diff := cmp.Diff([]string{"arch.hcl", "k8s/app.yaml"}, read); diff != "" {
		t.Errorf("files read (-want +got):\n%s", diff)
	}
	var skipped []string
	for _, s := range r.Skipped {
		skipped = append(skipped, rel(s.File)+" "+s.Tool)
	}
	want := []string{
		"ami/ubuntu.pkr.hcl Packer",
		"config/sched.yaml ",
		"docker-bake.hcl docker buildx bake",
		"hack/kind.yaml ",
		"live/env.hcl Terragrunt",
		"live/terragrunt.hcl Terragrunt",
		"nomad/agent.hcl HCL",
		"nomad/web.hcl Nomad",
		"notes/release.yaml ",
		"skaffold.yaml ",
		"vault.hcl Vault",
	}
	if diff := cmp.Diff(want, skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
}

// A file named explicitly must hold something faultline reads; another tool's
// HCL and YAML without a manifest are errors then. An HCL file of no known tool
// is read as faultline's, whose diagnostics say what is wrong with it.
func TestLoadExplicitFileWithNothingToRead(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"terragrunt.hcl": "inputs = {}\n",
		"values.yaml":    "replicaCount: 3\n",
		"binary.yaml":    "\x00\x01kind\x02\xff",
		"typo.hcl":       "service \"x\" {}\n",
	})
	for name, want := range map[string]string{
		"terragrunt.hcl": "Nothing to read",
		"values.yaml":    "Nothing to read",
		"binary.yaml":    "",
		"typo.hcl":       "Unsupported block type",
	} {
		r := LoadAll([]string{filepath.Join(dir, name)}, Options{RequireComponents: true})
		errs := errorsIn(r.Diags)
		if len(errs) == 0 {
			t.Errorf("%s: no error", name)
			continue
		}
		if want != "" && !strings.Contains(errs[0], want) {
			t.Errorf("%s: errors %q, want the first to say %q", name, errs, want)
		}
	}
}

// A load that reads no component says what it found: an error when it found
// nothing it recognises, a warning when it read valid code without a component.
func TestLoadNothingToAnalyze(t *testing.T) {
	empty := t.TempDir()
	r := LoadAll([]string{empty}, Options{RequireComponents: true})
	if errs := errorsIn(r.Diags); len(errs) != 1 || !strings.Contains(errs[0], "Nothing to analyze") || !strings.Contains(errs[0], "read no file") {
		t.Errorf("empty directory: errors %q", errs)
	}
	dir := writeTree(t, map[string]string{
		"terragrunt.hcl":    "inputs = {}\n",
		"templates/a.yaml":  "image: {{ .Values.image }}\n",
		"values.yaml":       "replicaCount: 3\n",
		"prod/root.hcl":     "locals {}\n",
		"prod/account.hcl":  "locals {\n  id = 1\n}\n",
		"build/x.pkr.hcl":   "packer {}\n",
		"notes/release.yml": "kind: note\n",
	})
	// Other tools' files are valid code that declares nothing faultline
	// models: a warning, not an error (a check of them passes, saying why).
	r = LoadAll([]string{dir}, Options{RequireComponents: true})
	if errs := errorsIn(r.Diags); len(errs) != 0 {
		t.Fatalf("errors %q, want none", errs)
	}
	var warns []string
	for _, d := range r.Diags {
		if d.Severity == hclv2.DiagWarning {
			warns = append(warns, d.Error())
		}
	}
	if len(warns) != 1 {
		t.Fatalf("warnings %q, want one", warns)
	}
	for _, want := range []string{"Nothing to analyze", "skipped 1 HCL file of Packer", "skipped 3 HCL files of Terragrunt", "skipped 3 YAML or JSON files", "no finding to report"} {
		if !strings.Contains(warns[0], want) {
			t.Errorf("%q does not say %q", warns[0], want)
		}
	}
	// A chart whose templates are all off for its values renders no object:
	// the warning says so, not that no file was read.
	chart := writeTree(t, map[string]string{
		"Chart.yaml":       "apiVersion: v2\nname: c\nversion: 0.1.0\n",
		"values.yaml":      "enabled: false\n",
		"templates/d.yaml": "{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\nmetadata:\n  name: d\n{{- end }}\n",
	})
	r = LoadAll([]string{chart}, Options{RequireComponents: true})
	if errs := errorsIn(r.Diags); len(errs) != 0 {
		t.Errorf("chart rendering no object: errors %q", errs)
	}
	if len(r.Diags) == 0 || !strings.Contains(r.Diags[len(r.Diags)-1].Detail, "rendered the Helm chart "+chart+" into no object with these values") {
		t.Errorf("chart rendering no object: diagnostics %q", r.Diags.Error())
	}
	// YAML that holds no Kubernetes object, and nothing else, is no input
	// faultline recognises: still an error.
	yamlOnly := writeTree(t, map[string]string{"notes/release.yml": "kind: note\n", "values.yaml": "replicaCount: 3\n"})
	r = LoadAll([]string{yamlOnly}, Options{RequireComponents: true})
	if errs := errorsIn(r.Diags); len(errs) != 1 || !strings.Contains(errs[0], "Nothing to analyze") {
		t.Errorf("YAML without a Kubernetes object: errors %q, want Nothing to analyze", errs)
	}
	if r := LoadAll([]string{empty}, Options{}); r.Diags.HasErrors() {
		t.Errorf("without RequireComponents, an empty load is no error: %s", r.Diags.Error())
	}
}

// A walk leaves out what the repository ignores (.gitignore files from the
// repository's root down), vendored directories, and the excludes.
func TestLoadScope(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".git/HEAD":                      "ref: refs/heads/main\n",
		".gitignore":                     "generated/\n*.tmp.hcl\n",
		"deploy/.gitignore":              "/local.hcl\n!keep.tmp.hcl\n",
		"deploy/app.hcl":                 `component "app" {}`,
		"deploy/local.hcl":               `component "local" {}`,
		"deploy/sub/local.hcl":           `component "sublocal" {}`,
		"deploy/x.tmp.hcl":               `component "tmp" {}`,
		"deploy/keep.tmp.hcl":            `component "keep" {}`,
		"deploy/generated/g.hcl":         `component "generated" {}`,
		"deploy/node_modules/m/k8s.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: vendored}\n",
		"deploy/vendor/v.hcl":            `component "vendored" {}`,
		"deploy/legacy/old.hcl":          `component "old" {}`,
		"deploy/conf/skip.hcl":           `component "confskip" {}`,
	})
	deploy := filepath.Join(dir, "deploy")
	r := LoadAll([]string{deploy}, Options{Exclude: []Exclude{
		{Globs: []string{"legacy/"}},
		{Dir: dir, Globs: []string{"deploy/conf/*.hcl"}},
	}})
	if len(r.Diags) > 0 {
		t.Fatalf("diagnostics: %s", r.Diags.Error())
	}
	if diff := cmp.Diff([]string{"component.app", "component.keep", "component.sublocal"}, r.Model.IDs); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
	// A vendored directory named as the input is read.
	r = LoadAll([]string{filepath.Join(deploy, "vendor")}, Options{})
	if diff := cmp.Diff([]string{"component.vendored"}, r.Model.IDs); diff != "" {
		t.Errorf("vendor named: components (-want +got):\n%s", diff)
	}
	// An excluded file named explicitly is left out too (a pre-commit hook names
	// every changed file).
	r = LoadAll([]string{filepath.Join(deploy, "app.hcl"), filepath.Join(deploy, "legacy", "old.hcl")}, Options{Exclude: []Exclude{{Globs: []string{"legacy/"}}}})
	if diff := cmp.Diff([]string{"component.app"}, r.Model.IDs); diff != "" {
		t.Errorf("explicit: components (-want +got):\n%s", diff)
	}
}

// The assertions of kuttl and Chainsaw tests are partial objects matched
// against a cluster (a Pod without a name), not manifests: a walk skips them
// and reads the steps that apply manifests.
func TestLoadSkipsTestAssertions(t *testing.T) {
	const app = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  template: {spec: {containers: [{name: a, image: a}]}}\n"
	const partial = "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {app: app}\nstatus: {phase: Running}\n"
	dir := writeTree(t, map[string]string{
		"kuttl/basic/00-install.yaml":       app,
		"kuttl/basic/00-assert.yaml":        partial,
		"kuttl/basic/01-errors.yaml":        partial,
		"chainsaw/basic/00-install.yaml":    app,
		"chainsaw/basic/00-check.yaml":      partial,
		"chainsaw/basic/pods/ready.yaml":    partial,
		"chainsaw/basic/chainsaw-test.yaml": "apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\nmetadata: {name: basic}\nspec:\n  steps:\n  - try:\n    - apply: {file: 00-install.yaml}\n    - assert:\n        file: 00-check.yaml\n    catch:\n    - error: {file: pods/*.yaml}\n",
	})
	r := LoadAll([]string{dir}, Options{})
	if errs := errorsIn(r.Diags); len(errs) > 0 {
		t.Fatalf("errors: %q", errs)
	}
	rel := func(p string) string { s, _ := filepath.Rel(dir, p); return filepath.ToSlash(s) }
	var skipped []string
	for _, s := range r.Skipped {
		skipped = append(skipped, rel(s.File)+": "+strings.SplitN(s.Reason, " (", 2)[0])
	}
	want := []string{
		"chainsaw/basic/00-check.yaml: a Chainsaw test assertion",
		"chainsaw/basic/pods/ready.yaml: a Chainsaw test assertion",
		"kuttl/basic/00-assert.yaml: a kuttl test assertion",
		"kuttl/basic/01-errors.yaml: a kuttl test assertion",
	}
	if diff := cmp.Diff(want, skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	for _, id := range []string{"chainsaw:k8s/Deployment/default/app", "kuttl:k8s/Deployment/default/app"} {
		if !contains(r.Model.IDs, id) {
			t.Errorf("%s not read; have %q", id, r.Model.IDs)
		}
	}
}
