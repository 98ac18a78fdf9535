package terraform_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/evalbudget"
	"github.com/faultline-dev/faultline/internal/race"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/parser/terraform"
)

// writeModule writes files (name -> content) into a new directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestVarNestingGuard: a --var value nested 60,000 deep once overflowed the
// parser's stack (a fatal error); the nesting guard applies to it as to a file.
func TestVarNestingGuard(t *testing.T) {
	race.SkipBound(t)
	dir := writeModule(t, map[string]string{"main.tf": `variable "x" {}
resource "aws_instance" "a" {
  ami = "a"
}
`})
	start := cputime.Used()
	deep := "x=" + strings.Repeat("[", 60000) + strings.Repeat("]", 60000)
	_, diags, _ := parser.LoadWith([]string{dir}, parser.Options{Vars: []string{deep}})
	if !strings.Contains(diags.Error(), "Nesting too deep") || !strings.Contains(diags.Error(), "--var value of x") {
		t.Errorf("diagnostics: %v", diags)
	}
	if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
		t.Errorf("took %v", d)
	}
}

// TestEvaluationBudget: each input once took minutes or gigabytes (issue 19).
// Each is now one error at the expression that spent the budget or built too
// large a value, within seconds, and the native file beside it is still read.
func TestEvaluationBudget(t *testing.T) {
	race.SkipBound(t)
	use := "\nresource \"aws_instance\" \"x\" {\n  count = length(local.p) > 0 ? 1 : 1\n  ami   = \"a\"\n}\n"
	doubling := "locals {\n  p = local.a30\n  a0 = \"xxxxxxxxxxxxxxxx\"\n"
	for i := 1; i <= 30; i++ {
		doubling += fmt.Sprintf("  a%d = \"${local.a%d}${local.a%d}\"\n", i, i-1, i-1)
	}
	doubling += "}\n" + use
	cases := []struct {
		name    string
		files   map[string]string
		summary string
		line    int
	}{
		{"setproduct", map[string]string{"main.tf": "locals {\n  p = setproduct(range(1024), range(1024), range(1024))\n}\n" + use}, "Invalid function argument|Error in function call", 2},
		{"nested for", map[string]string{"main.tf": "locals {\n  p = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]\n}\n" + use}, "Evaluation too costly", 2},
		{"template for", map[string]string{"main.tf": "locals {\n  p = [for a in range(1024) : \"%{for b in range(1024)}%{for c in range(1024)}x%{endfor}%{endfor}\"]\n}\n" + use}, "Evaluation too costly|Value too large", 2},
		{"indent", map[string]string{"main.tf": "locals {\n  p = indent(1000000000, \"a\\nb\")\n}\n" + use}, "Error in function call|Invalid function argument", 2},
		{"format width", map[string]string{"main.tf": "locals {\n  p = format(\"%1000000000d\", 1)\n}\n" + use}, "Error in function call|Invalid function argument", 2},
		{"replace", map[string]string{"main.tf": "locals {\n  big = join(\"\", [for i in range(1000) : \"aaaaaaaaaa\"])\n  p = replace(local.big, \"a\", local.big)\n}\n" + use}, "Error in function call|Invalid function argument", 3},
		{"doubling locals", map[string]string{"main.tf": doubling}, "Value too large|Evaluation too costly", 0},
		{"count x count modules", map[string]string{
			"main.tf":           "module \"m\" {\n  source = \"./mod\"\n  count  = 1000\n}\n",
			"mod/main.tf":       "module \"inner\" {\n  source = \"./inner\"\n  count  = 1000\n}\n",
			"mod/inner/main.tf": "resource \"aws_instance\" \"x\" {\n  ami = \"a\"\n}\n",
		}, "Too many instances", 3},
		{"splat 3000x3000", map[string]string{"main.tf": "resource \"aws_subnet\" \"s\" {\n  count = 3000\n  vpc_id = \"v\"\n}\nresource \"aws_lb\" \"lb\" {\n  count   = 3000\n  subnets = aws_subnet.s[*].id\n}\n"}, "Evaluation too costly", 7},

		// The same in .tf.json, whose strings are templates ("${...}", %{for}).
		{"json setproduct", jsonLocal(`${setproduct(range(1024), range(1024), range(1024))}`), "Invalid function argument|Error in function call", 3},
		{"json nested for", jsonLocal(`${[for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]}`), "Evaluation too costly", 3},
		{"json template for", jsonLocal(`%{for a in range(1024)}%{for b in range(1024)}%{for c in range(1024)}x%{endfor}%{endfor}%{endfor}`), "Evaluation too costly|Value too large", 3},
		{"json for of templates", jsonLocal(`${[for a in range(1024) : \"%{for b in range(1024)}%{for c in range(1024)}x%{endfor}%{endfor}\"]}`), "Evaluation too costly|Value too large", 3},
		{"json indent", jsonLocal(`${indent(1000000000, \"a\\nb\")}`), "Error in function call|Invalid function argument", 3},
		{"json format width", jsonLocal(`${format(\"%1000000000d\", 1)}`), "Error in function call|Invalid function argument", 3},
		{"json doubling locals", map[string]string{"main.tf.json": jsonDoubling()}, "Value too large|Evaluation too costly", 0},
		{"json count x count modules", map[string]string{
			"main.tf.json":           "{\"module\": {\"m\": {\"source\": \"./mod\",\n\"count\": 1000}}}\n",
			"mod/main.tf.json":       "{\"module\": {\"inner\": {\"source\": \"./inner\",\n\"count\": \"${1000}\"}}}\n",
			"mod/inner/main.tf.json": "{\"resource\": {\"aws_instance\": {\"x\": {\"ami\": \"a\"}}}}\n",
		}, "Too many instances", 2},
		{"json splat 3000x3000", map[string]string{"main.tf.json": "{\"resource\": {\"aws_subnet\": {\"s\": {\"count\": 3000, \"vpc_id\": \"v\"}},\n\"aws_lb\": {\"lb\": {\"count\": 3000,\n\"subnets\": \"${aws_subnet.s[*].id}\"}}}}\n"}, "Evaluation too costly", 3},
		// Every other path that evaluates an expression.
		{"calls in for", map[string]string{"main.tf": "locals {\n  p = [for a in range(1024) : [for b in range(1024) : sum(range(1024))]]\n}\n" + use}, "Evaluation too costly", 2},
		{"splat in for", map[string]string{"main.tf": "locals {\n  p = [for a in range(1024) : [for b in range(1024) : range(1024)[*]]]\n}\n" + use}, "Evaluation too costly", 2},
		{"setproduct predicted", map[string]string{"main.tf": "locals {\n  p = [for a in range(100) : length(setproduct(range(1000), range(300)))]\n}\n" + use}, "Evaluation too costly", 2},
		{"regexall groups", map[string]string{"main.tf": "locals {\n  s = join(\"\", [for i in range(1000) : \"aaaaaaaaaaaaaaaaaaaa\"])\n  p = regexall(\"" + strings.Repeat("(a?)", 100) + "\", local.s)\n}\n" + use}, "Error in function call|Invalid function argument", 3},
		{"format repeated verb", map[string]string{"main.tf": "locals {\n  s = join(\"\", [for i in range(1000) : \"aaaaaaaaaa\"])\n  p = format(\"" + strings.Repeat("%[1]s", 2000) + "\", local.s)\n}\n" + use}, "Error in function call|Invalid function argument", 3},
		{"comparisons in for", map[string]string{"main.tf": "locals {\n  s = join(\"\", [for i in range(1000) : \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"])\n  p = [for a in range(1024) : [for b in range(1024) : local.s == \"${local.s}\" ? local.s : \"\"]]\n}\n" + use}, "Evaluation too costly", 3},
		{"try", map[string]string{"main.tf": "locals {\n  p = try([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]], 1)\n}\n" + use}, "Evaluation too costly", 2},
		{"dynamic block", map[string]string{"main.tf": "resource \"aws_security_group\" \"g\" {\n  dynamic \"ingress\" {\n    for_each = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]\n    content {}\n  }\n}\n"}, "Evaluation too costly", 3},
		{"module source", map[string]string{"main.tf": "module \"m\" {\n  source = \"%{for a in " + tuple(100) + "}%{for b in " + tuple(100) + "}%{for c in " + tuple(100) + "}x%{endfor}%{endfor}%{endfor}\"\n}\n"}, "Evaluation too costly", 2},
		{"provider alias", map[string]string{"main.tf": "provider \"aws\" {\n  alias = \"%{for a in " + tuple(100) + "}%{for b in " + tuple(100) + "}%{for c in " + tuple(100) + "}x%{endfor}%{endfor}%{endfor}\"\n}\n"}, "Evaluation too costly", 2},
		{"tfvars json", map[string]string{"main.tf": "variable \"v\" {}\n" + use, "terraform.tfvars.json": "{\n\"v\": \"${[for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]}\"}\n"}, "Evaluation too costly", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeModule(t, c.files)
			good := filepath.Join(t.TempDir(), "good.hcl")
			if err := os.WriteFile(good, []byte("component \"db\" {}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			start := cputime.Used()
			m, diags, _ := parser.LoadWith([]string{dir, good}, parser.Options{})
			if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
				t.Errorf("took %v", d)
			}
			var found bool
			for _, d := range diags {
				if d.Severity == hcl.DiagError && regexp.MustCompile(c.summary).MatchString(d.Summary) && d.Subject != nil &&
					(strings.HasSuffix(d.Subject.Filename, ".tf") || strings.HasSuffix(d.Subject.Filename, ".json")) && (c.line == 0 || d.Subject.Start.Line == c.line) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error %q at line %d: %v", c.summary, c.line, diags)
			}
			if m == nil || m.Components["component.db"] == nil {
				t.Error("the native file beside it was not read")
			}
		})
	}
}

// jsonLocal is a .tf.json root whose local p (line 3) is expr, used by a
// count.
func jsonLocal(expr string) map[string]string {
	return map[string]string{"main.tf.json": "{\"locals\": {\n\"x\": 1,\n\"p\": \"" + expr + "\"},\n" +
		"\"resource\": {\"aws_instance\": {\"x\": {\"count\": \"${length(local.p) > 0 ? 1 : 1}\", \"ami\": \"a\"}}}}\n"}
}

// jsonDoubling is 30 .tf.json locals, each the last one twice.
func jsonDoubling() string {
	s := "{\"locals\": {\"p\": \"${local.a30}\", \"a0\": \"xxxxxxxxxxxxxxxx\""
	for i := 1; i <= 30; i++ {
		s += fmt.Sprintf(",\n\"a%d\": \"${local.a%d}${local.a%d}\"", i, i-1, i-1)
	}
	return s + "},\n\"resource\": {\"aws_instance\": {\"x\": {\"count\": \"${length(local.p) > 0 ? 1 : 1}\", \"ami\": \"a\"}}}}\n"
}

// tuple is a literal tuple of n numbers.
func tuple(n int) string {
	s := "["
	for i := 0; i < n; i++ {
		s += fmt.Sprintf("%d,", i)
	}
	return s + "]"
}

// FuzzTerraformBudget evaluates Terraform files whose seeds ask for too much
// work (nested for expressions and templates, expanding functions, doubling
// locals, counts, splats), in the native syntax and, for an input that starts
// with '{', in the JSON syntax (.tf.json, whose strings are templates): every
// input must end quickly, without a panic, with its diagnostics inside the
// input.
func FuzzTerraformBudget(f *testing.F) {
	for _, s := range []string{
		"locals {\n  p = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]\n}\nresource \"aws_instance\" \"x\" {\n  count = length(local.p)\n}\n",
		"locals {\n  p = setproduct(range(1024), range(1024), range(1024))\n}\noutput \"o\" {\n  value = local.p\n}\nresource \"aws_instance\" \"x\" {\n  count = length(local.p)\n}\n",
		"locals {\n  a = \"xxxxxxxx\"\n  b = \"${local.a}${local.a}\"\n  c = \"${local.b}${local.b}\"\n  d = indent(100000, local.c)\n  e = format(\"%10000000s\", local.d)\n}\nresource \"aws_instance\" \"x\" {\n  ami = local.e\n}\n",
		"locals {\n  t = \"%{for a in range(100)}%{for b in range(100)}${a}${b}%{endfor}%{endfor}\"\n  r = replace(local.t, \"1\", local.t)\n  j = join(local.t, range(1000))\n}\nresource \"aws_instance\" \"x\" {\n  ami = local.j\n}\n",
		"resource \"aws_subnet\" \"s\" {\n  count = 300\n}\nresource \"aws_lb\" \"lb\" {\n  count   = 300\n  subnets = aws_subnet.s[*].id\n}\n",
		"locals {\n  p = [for a in range(1024) : [for b in range(64) : sum(range(64))]]\n  r = regexall(\"(a)(b)?\", join(\"\", [for i in range(100) : \"ab\"]))\n  f = format(\"%[1]s%[1]s%[1]s\", local.r[0][0])\n}\nresource \"aws_instance\" \"x\" {\n  count = length(local.p) + length(local.f)\n}\n",
		`{"locals": {"p": "%{for a in range(1024)}%{for b in range(1024)}${b}%{endfor}%{endfor}", "q": "${[for a in range(64) : [for b in range(64) : a * b]]}"}, "resource": {"aws_instance": {"x": {"count": "${length(local.q)}", "ami": "${local.p}"}}}}`,
		`{"resource": {"aws_subnet": {"s": {"count": 100}}, "aws_lb": {"lb": {"count": 100, "subnets": "${aws_subnet.s[*].id}"}}}, "locals": {"${\"k\"}": "${indent(1000, \"a\\nb\")}"}}`,
	} {
		f.Add([]byte(s))
	}
	// A tenth of the budget: the same paths at a tenth of the cost, so that
	// the workers of a loaded machine do not stall on inputs that spend it
	// (TestEvaluationBudget checks the real limits).
	defer evalbudget.Lower(evalbudget.MaxWork/10, evalbudget.MaxInstances/10)()
	f.Fuzz(func(t *testing.T, src []byte) {
		start := cputime.Used()
		name := "main.tf"
		if s := bytes.TrimSpace(src); len(s) > 0 && s[0] == '{' {
			name = "main.tf.json"
		}
		b := graph.NewBuilder()
		diags := terraform.ParseFile(name, src, b)
		b.Build()
		if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
			t.Fatalf("took %v:\n%s", d, src)
		}
		for _, d := range diags {
			if d.Subject != nil && (d.Subject.Start.Byte < 0 || d.Subject.End.Byte > len(src)) {
				t.Fatalf("diagnostic outside the input: %v", d)
			}
		}
	})
}

// TestVarBudget: a --var value is evaluated under the root's budget: nested
// for expressions over literal tuples (a million iterations) are an error at
// the value, not minutes.
func TestVarBudget(t *testing.T) {
	race.SkipBound(t)
	dir := writeModule(t, map[string]string{"main.tf": "variable \"x\" {}\nresource \"aws_instance\" \"a\" {\n  ami = \"a\"\n}\n"})
	start := cputime.Used()
	_, diags, _ := parser.LoadWith([]string{dir}, parser.Options{Vars: []string{"x=[for a in " + tuple(100) + " : [for b in " + tuple(100) + " : [for c in " + tuple(100) + " : c]]]"}})
	if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
		t.Errorf("took %v", d)
	}
	found := false
	for _, d := range diags {
		found = found || d.Summary == "Evaluation too costly" && d.Subject != nil && d.Subject.Filename == "<value for var.x>"
	}
	if !found {
		t.Errorf("no budget error at the --var value: %v", diags)
	}
}

// TestDuplicateVariable: Terraform rejects a second declaration of a
// variable; it once silently replaced the first default (and a finding that
// rested on it disappeared).
func TestDuplicateVariable(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"a.tf": "variable \"n\" {\n  default = 1\n}\nresource \"aws_instance\" \"x\" {\n  count = var.n\n}\n",
		"b.tf": "variable \"n\" {\n  default = 3\n}\n",
	})
	_, diags, _ := parser.LoadWith([]string{dir}, parser.Options{})
	found := false
	for _, d := range diags {
		if d.Severity == hcl.DiagError && d.Summary == "Duplicate variable declaration" && d.Subject != nil &&
			filepath.Base(d.Subject.Filename) == "b.tf" && d.Subject.Start.Line == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("no error at b.tf:1: %v", diags)
	}
}

// TestMistypedPlan: a plan whose format_version is a number, or whose
// root_module is an array, was skipped as a file of no known kind (exit 0);
// it is a broken plan, an error at the mistyped value.
func TestMistypedPlan(t *testing.T) {
	for name, src := range map[string]string{
		"version number": `{"format_version": 1.2, "planned_values": {"root_module": {"resources": []}}}`,
		"root array":     `{"format_version": "1.2", "planned_values": {"root_module": []}}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeModule(t, map[string]string{"plan.json": src})
			_, diags, _ := parser.LoadWith([]string{filepath.Join(dir, "plan.json")}, parser.Options{})
			found := false
			for _, d := range diags {
				if d.Severity == hcl.DiagError && d.Subject != nil && filepath.Base(d.Subject.Filename) == "plan.json" {
					found = true
				}
			}
			if !found {
				t.Errorf("no error at plan.json: %v", diags)
			}
		})
	}
}
