package terraform

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// TestFunctionTable: every Terraform built-in function is provided, and
// nothing that Terraform does not have.
func TestFunctionTable(t *testing.T) {
	table := functions("")
	want := map[string]bool{}
	for _, n := range TerraformFunctions {
		want[n] = true
		if _, ok := table[n]; !ok {
			t.Errorf("missing function %s", n)
		}
	}
	for n := range table {
		if !want[n] {
			t.Errorf("function %s is not one of Terraform's", n)
		}
	}
}

// TestFunctions evaluates expressions as Terraform does: results, the
// functions' arity, and unknowns that stay unknown.
func TestFunctions(t *testing.T) {
	unknownObj := cty.UnknownVal(cty.Object(map[string]cty.Type{"a": cty.String}))
	vars := map[string]cty.Value{
		"u":    cty.DynamicVal,
		"uobj": unknownObj,
		"m":    cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("x"), "b": cty.UnknownVal(cty.String)}),
	}
	tests := []struct {
		expr, want, err string
	}{
		{expr: `lookup({a = 1}, "a")`, want: `1`},
		{expr: `lookup({a = 1}, "b", null)`, want: `null`},
		{expr: `lookup({a = 1}, "b", 2)`, want: `2`},
		{expr: `lookup({a = 1}, "b")`, err: `lookup failed to find key "b"`},
		{expr: `lookup({a = 1}, "a", 2, 3)`, err: `two or three arguments`},
		{expr: `lookup(u, "a")`, want: `unknown`},
		{expr: `length(merge({a = 1}, {b = 2}))`, want: `2`},
		{expr: `length(merge(m, {c = 3}))`, want: `3`},
		{expr: `length("héllo")`, want: `5`},
		{expr: `length(u)`, want: `unknown`},
		{expr: `length([u, u])`, want: `2`},
		{expr: `length(1)`, err: `must be a string, a collection type, or a structural type`},
		{expr: `uobj.a`, want: `unknown`},
		{expr: `true ? {a = 1} : {a = 2, b = 3}`, want: `{"a":1}`},
		{expr: `true ? "a" : [1]`, err: `Inconsistent conditional result types`},
		{expr: `u == "x" ? [1] : []`, want: `unknown`},
		{expr: `true ? tolist(["a"]) : []`, want: `["a"]`},
		{expr: `replace("a1b22", "/[0-9]+/", "-")`, want: `"a-b-"`},
		{expr: `replace("a.b", ".", "-")`, want: `"a-b"`},
		{expr: `cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)`, want: `["10.1.0.0/20","10.1.16.0/20","10.1.32.0/24","10.1.48.0/20"]`},
		{expr: `uuidv5("dns", "www.example.com")`, want: `"2ed6657d-e927-568b-95e1-2665a8aea6a2"`},
		{expr: `transpose({a = ["1", "2"], b = ["2", "3"]})`, want: `{"1":["a"],"2":["a","b"],"3":["b"]}`},
		{expr: `matchkeys(["i-1", "i-2"], ["us-east-1a", "us-east-1b"], ["us-east-1b"])`, want: `["i-2"]`},
		{expr: `timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")`, want: `-1`},
		{expr: `sha512("a")`, want: `"1f40fc92da241694750979ee6cf582f2d5d7d28e18335de05abc54d0560e0f5302860c652bf08d560252aa5e74210546f369fbbbce8c12cfc7957b2652fe9a75"`},
		{expr: `base64decode(base64encode("héllo"))`, want: `"héllo"`},
		{expr: `file("a", "b")`, err: `Function "file" expects only 1 argument`},
		{expr: `file("a")`, want: `unknown`},
		{expr: `timestamp()`, want: `unknown`},
		{expr: `templatefile("x.tpl", { a = 1 })`, want: `unknown`},
		{expr: `setsymmetricdifference([1], [2])`, err: `no function named "setsymmetricdifference"`},
		{expr: `coalescelist([], [])`, err: `no non-null arguments`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			e, diags := hclsyntax.ParseExpression([]byte(tt.expr), "test.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			v, diags := e.Value(&hcl.EvalContext{Variables: vars, Functions: functions("")})
			if tt.err != "" {
				if !diags.HasErrors() || !strings.Contains(diags.Error(), tt.err) {
					t.Errorf("got %#v, %v; want the error %q", v, diags, tt.err)
				}
				return
			}
			if diags.HasErrors() {
				t.Fatalf("error: %v", diags)
			}
			if got := show(v); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// show renders a value compactly: "unknown", "null", or its JSON.
func show(v cty.Value) string {
	switch {
	case !v.IsKnown():
		return "unknown"
	case v.IsNull():
		return "null"
	}
	b, err := ctyjsonMarshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func ctyjsonMarshal(v cty.Value) ([]byte, error) { return ctyjson.Marshal(v, v.Type()) }

// TestNamespacedFunctions: core::NAME is the built-in, a provider's function
// is unknown, and any other namespace is still an unknown function.
func TestNamespacedFunctions(t *testing.T) {
	for _, tt := range []struct{ expr, want, err string }{
		{expr: `core::length([1, 2])`, want: `2`},
		{expr: `provider::aws::arn_parse("arn:aws:s3:::b")`, want: `unknown`},
		{expr: `other::length([1])`, err: `Call to unknown function`},
		{expr: `core::nosuch(1)`, err: `Call to unknown function`},
	} {
		t.Run(tt.expr, func(t *testing.T) {
			e, diags := hclsyntax.ParseExpression([]byte(tt.expr), "test.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			ctx := &hcl.EvalContext{Functions: functions("")}
			v, diags := e.Value(ctx)
			if ns := namespacedFunctions(diags); ns != nil {
				child := ctx.NewChild()
				child.Functions = ns
				v, diags = e.Value(child)
			}
			if tt.err != "" {
				if !diags.HasErrors() || !strings.Contains(diags.Error(), tt.err) {
					t.Errorf("got %#v, %v; want the error %q", v, diags, tt.err)
				}
				return
			}
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if got := show(v); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
