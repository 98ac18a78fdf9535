package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	hclv2 "github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
)

// Hostile input (docs/SECURITY.md): what a pull request may put in a repository
// that faultline checks in CI. Each case must give a clear diagnostic, in bounded
// time, and read nothing outside the input's boundary.

// write creates files under dir; a value starting with "->" makes a symbolic link.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "->"); ok {
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// load runs LoadWith from inside dir (paths relative to it) within a time bound.
func load(t *testing.T, dir string, paths []string, opts Options) ([]string, hclv2.Diagnostics, []string) {
	t.Helper()
	t.Chdir(dir)
	start := cputime.Used()
	m, diags, read := LoadWith(paths, opts)
	if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
		t.Errorf("the load took %v", d)
	}
	return m.IDs, diags, read
}

// has reports whether some diagnostic's summary and detail contain both parts.
func has(diags hclv2.Diagnostics, sev hclv2.DiagnosticSeverity, summary, detail string) bool {
	for _, d := range diags {
		if d.Severity == sev && strings.Contains(d.Summary, summary) && strings.Contains(d.Detail, detail) {
			return true
		}
	}
	return false
}

const secret = "TOPSECRET"

// outside returns a directory outside the repository, holding files that must
// never be read: each contains secret, and a component or resource.
func outside(t *testing.T) string {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"passwd.hcl":  `component "` + secret + `" {}`,
		"passwd.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: " + strings.ToLower(secret) + "}\n",
		"mod/main.tf": `resource "aws_instance" "` + secret + `" {}`,
		"vars.tfvars": `n = "` + secret + `"`,
	})
	return dir
}

// repo returns a git repository (a directory with a .git entry) holding a good
// file, so that every case also shows that the rest is still read.
func repo(t *testing.T) string {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		".git/HEAD":      "ref: refs/heads/main\n",
		"arch/good.hcl":  "component \"db\" {}\ncomponent \"api\" {\n  requires = [component.db]\n}\n",
		"arch/README.md": "not read",
	})
	return dir
}

func noSecret(t *testing.T, ids []string, diags hclv2.Diagnostics, read []string) {
	t.Helper()
	for _, id := range ids {
		if strings.Contains(strings.ToUpper(id), secret) {
			t.Errorf("a component from outside the repository: %s", id)
		}
	}
	for _, d := range diags {
		if strings.Contains(strings.ToUpper(d.Summary+d.Detail), secret) {
			t.Errorf("a diagnostic shows what lies outside the repository: %s", d.Error())
		}
	}
	for _, f := range read {
		if strings.Contains(f, "passwd") || strings.Contains(f, "vars.tfvars") {
			t.Errorf("read %s", f)
		}
	}
	if !containsID(ids, "component.api") {
		t.Errorf("the good file was not read: %v", ids)
	}
}

func containsID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func TestSymlinkOutside(t *testing.T) {
	out := outside(t)
	dir := repo(t)
	write(t, dir, map[string]string{
		"arch/link.hcl":      "->" + filepath.Join(out, "passwd.hcl"),
		"arch/link.yaml":     "->" + filepath.Join(out, "passwd.yaml"),
		"arch/rel.hcl":       "->../../../../../../../../../../" + filepath.Join(out, "passwd.hcl"),
		"arch/zero.yaml":     "->/dev/zero",
		"arch/inside.hcl":    "->good2.hcl.txt",
		"arch/good2.hcl.txt": "component \"cache\" {}\n",
	})
	ids, diags, read := load(t, dir, []string{"arch"}, Options{})
	noSecret(t, ids, diags, read)
	for _, name := range []string{"link.hcl", "link.yaml", "rel.hcl", "zero.yaml"} {
		if !has(diags, hclv2.DiagError, "Failed to read file", filepath.Join("arch", name)) || !has(diags, hclv2.DiagError, "", "faultline reads nothing outside it") {
			t.Errorf("no diagnostic for %s: %s", name, diags.Error())
		}
	}
	// A link that stays inside the repository is followed.
	if !containsID(ids, "component.cache") {
		t.Errorf("the link inside the repository was not followed: %v", ids)
	}
	// Named explicitly, a link to outside is refused too; so is a directory link.
	write(t, dir, map[string]string{"linkdir": "->" + out})
	ids, diags, read = load(t, dir, []string{"arch/good.hcl", "arch/link.hcl", "linkdir"}, Options{})
	noSecret(t, ids, diags, read)
	if !has(diags, hclv2.DiagError, "Cannot read arch/link.hcl", "outside") || !has(diags, hclv2.DiagError, "Cannot read linkdir", "outside") {
		t.Errorf("explicit links to outside: %s", diags.Error())
	}
}

func TestSymlinkLoops(t *testing.T) {
	dir := repo(t)
	write(t, dir, map[string]string{
		"arch/a.hcl":     "->b.hcl",
		"arch/b.hcl":     "->a.hcl",
		"arch/self.yaml": "->self.yaml",
		"arch/sub/up":    "->..", // a directory loop: the walk does not follow links
		"arch/sub/x.hcl": "->../sub/up/sub/up/good.hcl",
	})
	ids, diags, read := load(t, dir, []string{"arch"}, Options{})
	noSecret(t, ids, diags, read)
	for _, name := range []string{"a.hcl", "b.hcl", "self.yaml"} {
		if !has(diags, hclv2.DiagError, "Failed to read file", "arch/"+name+"\" could not be read: it is a loop of symbolic links") {
			t.Errorf("no diagnostic for the loop %s: %s", name, diags.Error())
		}
	}
	// x.hcl resolves (through the loop, to good.hcl inside the repository): it is
	// read, and since it redeclares what good.hcl declares, its directory is a
	// unit of its own (sub:…), an alternative to the other.
	if !slices.Contains(read, filepath.Join("arch", "sub", "x.hcl")) || !slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(id, "sub:") }) {
		t.Errorf("x.hcl was not read into the unit sub: files %q, components %q, %s", read, ids, diags.Error())
	}
}

func TestNotRegular(t *testing.T) {
	dir := repo(t)
	if err := syscall.Mkfifo(filepath.Join(dir, "arch", "fifo.yaml"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	write(t, dir, map[string]string{"arch/dir.hcl/x": "", "arch/fifolink.hcl": "->fifo.yaml"})
	ids, diags, read := load(t, dir, []string{"arch"}, Options{})
	noSecret(t, ids, diags, read)
	if !has(diags, hclv2.DiagError, "Failed to read file", "arch/fifo.yaml\" could not be read: it is not a regular file") ||
		!has(diags, hclv2.DiagError, "Failed to read file", "arch/fifolink.hcl\" could not be read: it is not a regular file") {
		t.Errorf("a named pipe: %s", diags.Error())
	}
}

func TestFileSizeLimit(t *testing.T) {
	t.Setenv(boundary.MaxFileEnv, "4KiB")
	dir := repo(t)
	big := "# " + strings.Repeat("x", 5000) + "\ncomponent \"big\" {}\n"
	write(t, dir, map[string]string{"arch/big.hcl": big, "arch/big.yaml": "kind: Service\n" + big, "arch/big/main.tf": big})
	ids, diags, read := load(t, dir, []string{"arch"}, Options{})
	noSecret(t, ids, diags, read)
	for _, name := range []string{"big.hcl", "big.yaml", "big/main.tf"} {
		if !has(diags, hclv2.DiagError, "", filepath.Join("arch", name)+"\" could not be read: it is 50") || !has(diags, hclv2.DiagError, "", "bytes, over the limit of 4096 bytes") {
			t.Errorf("no size diagnostic for %s: %s", name, diags.Error())
		}
	}
	// Standard input: the same limit.
	_, diags, _ = load(t, dir, []string{"-"}, Options{Stdin: strings.NewReader("kind: Service\n" + big)})
	if !has(diags, hclv2.DiagError, "Cannot read standard input", "larger than the limit of 4096 bytes") {
		t.Errorf("standard input over the limit: %s", diags.Error())
	}
}

func TestNULBytes(t *testing.T) {
	dir := repo(t)
	write(t, dir, map[string]string{
		"arch/nul.hcl":      "component \"x\x00\" {}\n",
		"arch/nul2.hcl":     "component \"y\" {\n  kind = \"a\x00b\"\n}\n# \x00\n",
		"arch/nul.yaml":     "apiVersion: v1\nkind: Service\nmetadata: {name: \"a\x00b\"}\n\x00\n",
		"arch/nul.json":     "{\"kind\": \"Service\x00\"}",
		"arch/tf/main.tf":   "resource \"aws_instance\" \"a\x00\" {}\n",
		"arch/tj/x.tf.json": "{\"resource\": \x00}",
	})
	ids, diags, read := load(t, dir, []string{"arch"}, Options{})
	noSecret(t, ids, diags, read)
	for _, name := range []string{"nul.hcl", "nul2.hcl", "nul.yaml", "nul.json", "tf/main.tf", "tj/x.tf.json"} {
		found := false
		for _, d := range diags {
			found = found || d.Severity == hclv2.DiagError && d.Subject != nil && d.Subject.Filename == filepath.Join("arch", name)
		}
		if !found {
			t.Errorf("no error at %s: %s", name, diags.Error())
		}
	}
}

func TestDeepNesting(t *testing.T) {
	race.SkipBound(t)
	dir := repo(t)
	const n = 200000
	write(t, dir, map[string]string{
		"arch/deep.hcl":        "component \"x\" {\n  kind = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n}\n",
		"arch/deep.yaml":       "kind: Service\nspec: " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n",
		"arch/deepmap.yaml":    "kind: Service\nspec: " + strings.Repeat("{a: ", n) + strings.Repeat("}", n) + "\n",
		"arch/deep.json":       "{\"kind\": \"Service\", \"spec\": " + strings.Repeat("[", n) + strings.Repeat("]", n) + "}",
		"arch/tf/main.tf":      "locals {\n  x = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "\n}\n",
		"arch/tj/main.tf.json": "{\"locals\": " + strings.Repeat("[", n) + strings.Repeat("]", n) + "}",
		"arch/tt/main.tf.json": "{\"locals\": {\"x\": \"${" + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "}\"}}",
		"arch/to/main.tf.json": "{\"locals\": {\"x\": \"${1" + strings.Repeat("+1", n) + "}\"}}",
	})
	ids, diags, read := load(t, dir, []string{"arch"}, Options{})
	noSecret(t, ids, diags, read)
	for name, summary := range map[string]string{
		"deep.hcl": "Nesting too deep", "deep.yaml": "Invalid YAML", "deepmap.yaml": "Invalid YAML",
		"deep.json": "Invalid YAML", "tf/main.tf": "Nesting too deep", "tj/main.tf.json": "Nesting too deep",
		"tt/main.tf.json": "Nesting too deep", "to/main.tf.json": "Expression too complex",
	} {
		if !has(diags, hclv2.DiagError, summary, "") {
			t.Errorf("%s: no %q: %s", name, summary, diags.Error())
		}
	}
}

func TestAliasBomb(t *testing.T) {
	dir := repo(t)
	var b bytes.Buffer
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("  a" + string(rune('0'+i%10)) + string(rune('a'+i)) + ": &a" + string(rune('a'+i)) + " [")
		prev := "a0"
		if i > 1 {
			prev = "a" + string(rune('a'+i-1))
		}
		b.WriteString(strings.TrimSuffix(strings.Repeat("*"+prev+", ", 10), ", ") + "]\n")
	}
	write(t, dir, map[string]string{"arch/lol.yaml": b.String()})
	ids, diags, read := load(t, dir, []string{"arch"}, Options{})
	noSecret(t, ids, diags, read)
	if !has(diags, hclv2.DiagError, "Excessive aliasing", "") {
		t.Errorf("no alias-bomb diagnostic: %s", diags.Error())
	}
}

func TestTerraformBoundary(t *testing.T) {
	out := outside(t)
	dir := repo(t)
	rel, err := filepath.Rel(filepath.Join(dir, "arch", "tf"), filepath.Join(out, "mod"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, map[string]string{
		"arch/tf/main.tf": `
module "climb" {
  source = "` + filepath.ToSlash(rel) + `"
}
module "etc" {
  source = "../../../../../../../../../../../../etc"
}
module "abs" {
  source = "` + filepath.Join(out, "mod") + `"
}
module "link" {
  source = "./linked"
}
resource "aws_instance" "web" {}
`,
		"arch/tf/linked":           "->" + filepath.Join(out, "mod"),
		"arch/tf/terraform.tfvars": "->" + filepath.Join(out, "vars.tfvars"),
	})
	ids, diags, read := load(t, dir, []string{"arch"}, Options{})
	noSecret(t, ids, diags, read)
	for _, name := range []string{"climb", "etc", "link"} {
		if !has(diags, hclv2.DiagError, "Module source outside the input path", `"`+name+`"`) {
			t.Errorf("module %s: %s", name, diags.Error())
		}
	}
	// An absolute source is not a local path for Terraform: not on disk here.
	if !has(diags, hclv2.DiagWarning, "Module not on disk", `"abs"`) {
		t.Errorf("module abs: %s", diags.Error())
	}
	if !has(diags, hclv2.DiagError, "Cannot read variable file", "outside") {
		t.Errorf("a linked terraform.tfvars: %s", diags.Error())
	}
	if !containsID(ids, "aws_instance.web") {
		t.Errorf("the root module's own resource is missing: %v", ids)
	}
}

func TestMillionInstances(t *testing.T) {
	dir := repo(t)
	write(t, dir, map[string]string{
		"arch/tf/main.tf": `
resource "aws_instance" "count" {
  count = 1000000
}
resource "aws_instance" "each" {
  for_each = toset([for i in range(1000000) : tostring(i)])
}
resource "aws_instance" "web" {}
`,
		"arch/many.hcl": "component \"many\" {\n  replicas = 1000000\n}\n",
		"arch/many.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: many}\nspec:\n  replicas: 1000000\n" +
			"  selector: {matchLabels: {app: many}}\n  template: {metadata: {labels: {app: many}}, spec: {containers: [{name: c, image: nginx}]}}\n",
	})
	ids, diags, read := load(t, dir, []string{"arch"}, Options{})
	noSecret(t, ids, diags, read)
	for _, want := range [][2]string{
		{"Invalid count argument", "between 0 and 100000"}, {"", "range"}, {"Invalid replicas", "at most 100000"}, {"Too many replicas", "at most 100000"},
	} {
		if !has(diags, hclv2.DiagError, want[0], want[1]) {
			t.Errorf("no %q diagnostic: %s", want, diags.Error())
		}
	}
	if !containsID(ids, "aws_instance.web") {
		t.Errorf("the good resource is missing: %v", ids)
	}
}
