package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	hclv2 "github.com/hashicorp/hcl/v2"
)

// writeTree creates files (path -> content) under a new temporary directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func errorsIn(diags hclv2.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		if d.Severity == hclv2.DiagError {
			out = append(out, d.Error())
		}
	}
	return out
}

// A syntax error in one file hides neither the other files' components nor the
// rest of its own.
func TestLoadSyntaxErrorKeepsOtherFiles(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"bad.hcl": `component "broken" {
  replicas = = 2
}
component "after" {}
`,
		"good.hcl": `component "db" { kind = "database" }
component "api" {
  entrypoint = true
  requires   = [component.db, component.after]
}
`,
	})
	m, diags, read := Load([]string{dir})
	errs := errorsIn(diags)
	if len(errs) != 1 || !strings.Contains(errs[0], "bad.hcl:2,") {
		t.Errorf("errors = %q, want one syntax error in bad.hcl line 2", errs)
	}
	for _, id := range []string{"component.db", "component.api", "component.after", "component.broken"} {
		if m.Component(id) == nil {
			t.Errorf("component %s missing; have %q", id, m.IDs)
		}
	}
	if got := len(m.EdgesBetween("component.api", "component.db")); got != 1 {
		t.Errorf("api -> db edges = %d, want 1", got)
	}
	want := []string{filepath.Join(dir, "bad.hcl"), filepath.Join(dir, "good.hcl")}
	if diff := cmp.Diff(want, read); diff != "" {
		t.Errorf("files read (-want +got):\n%s", diff)
	}
}

func TestLoadWalk(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"b.hcl":                    `component "b" { requires = [component.a] }`,
		"sub/a.hcl":                `component "a" {}`,
		"sub/deeper/c.hcl":         `component "c" {}`,
		"README.md":                "not an input",
		"main.tf":                  `resource "aws_s3_bucket" "logs" {}`,
		".faultline.hcl":           "rule \"spof\" { severity = \"warning\" }",
		".git/x.hcl":               "broken {",
		".terraform/modules/m.hcl": "broken {",
		"sub/.hidden.hcl":          "broken {",
		"sub/#a.hcl#":              "broken {",
		"sub/a.hcl~":               "broken {",
	})
	m, diags, read := Load([]string{dir})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", diags.Error())
	}
	want := []string{
		filepath.Join(dir, "b.hcl"),
		filepath.Join(dir, "main.tf"),
		filepath.Join(dir, "sub", "a.hcl"),
		filepath.Join(dir, "sub", "deeper", "c.hcl"),
	}
	if diff := cmp.Diff(want, read); diff != "" {
		t.Errorf("files read (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"aws_s3_bucket.logs", "component.a", "component.b", "component.c"}, m.IDs); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
}

// Files are parsed in sorted order whatever the order of the paths, and a file
// reached twice is read once.
func TestLoadOrderAndDuplicates(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.hcl": `component "x" { kind = "first" }`,
		"b.hcl": `component "x" { kind = "second" }`,
	})
	a, b := filepath.Join(dir, "a.hcl"), filepath.Join(dir, "b.hcl")
	for _, paths := range [][]string{{a, b}, {b, a}, {b, dir, a}} {
		m, diags, read := Load(paths)
		if diff := cmp.Diff([]string{a, b}, read); diff != "" {
			t.Errorf("Load(%q): files read (-want +got):\n%s", paths, diff)
		}
		errs := errorsIn(diags)
		if len(errs) != 1 || !strings.Contains(errs[0], "b.hcl:1,") || !strings.Contains(errs[0], "Duplicate component") {
			t.Errorf("Load(%q): errors = %q, want the duplicate in b.hcl", paths, errs)
		}
		if k := m.Component("component.x").Kind; k != "first" {
			t.Errorf("Load(%q): kind = %q, want the first file's", paths, k)
		}
	}
}

func TestLoadBadPaths(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"arch.hcl":       `component "a" {}`,
		"notes.txt":      "hello",
		".faultline.hcl": "",
	})
	missing := filepath.Join(dir, "missing")
	m, diags, read := Load([]string{missing, filepath.Join(dir, "notes.txt"), filepath.Join(dir, ".faultline.hcl"), filepath.Join(dir, "arch.hcl")})
	if m.Component("component.a") == nil {
		t.Errorf("the good file was not read; have %q", m.IDs)
	}
	if diff := cmp.Diff([]string{filepath.Join(dir, "arch.hcl")}, read); diff != "" {
		t.Errorf("files read (-want +got):\n%s", diff)
	}
	type diag struct {
		Severity hclv2.DiagnosticSeverity
		Summary  string
		File     string
	}
	var got []diag
	for _, d := range diags {
		g := diag{Severity: d.Severity, Summary: d.Summary}
		if d.Subject != nil {
			g.File = d.Subject.Filename
		}
		if !strings.Contains(d.Summary+d.Detail, dir) {
			t.Errorf("%q: the diagnostic does not name the path", d.Error())
		}
		got = append(got, g)
	}
	want := []diag{
		{hclv2.DiagError, "Cannot read " + missing, ""},
		{hclv2.DiagError, "Unsupported file type", filepath.Join(dir, "notes.txt")},
		{hclv2.DiagWarning, "Configuration file ignored", filepath.Join(dir, ".faultline.hcl")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestLoadUnreadableFile(t *testing.T) {
	dir := writeTree(t, map[string]string{"b.hcl": `component "b" {}`})
	// A dangling symlink cannot be read, even by root.
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "a.hcl")); err != nil {
		t.Skip("no symlinks:", err)
	}
	m, diags, read := Load([]string{dir})
	errs := errorsIn(diags)
	if len(errs) != 1 || !strings.Contains(errs[0], "a.hcl") || !strings.Contains(errs[0], "Failed to read file") {
		t.Errorf("errors = %q, want one about a.hcl", errs)
	}
	if m.Component("component.b") == nil || len(read) != 1 {
		t.Errorf("b.hcl not read: components %q, files %q", m.IDs, read)
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]bool{
		"a.hcl": true, "dir/x.y.hcl": true, "a.hcl.bak": false, "a.tf": true, "a.tf.json": true, "hcl": false,
	} {
		if got := formatOf(name) != nil; got != want {
			t.Errorf("formatOf(%q) known = %t, want %t", name, got, want)
		}
	}
}
