package evalbudget

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

func testContext() *hcl.EvalContext {
	return &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"name": cty.StringVal("web"),
			"n":    cty.NumberIntVal(3),
			"list": cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")}),
			"u":    cty.UnknownVal(cty.String),
		},
		Functions: map[string]function.Function{"upper": stdlib.UpperFunc, "range": stdlib.RangeFunc, "join": stdlib.JoinFunc, "length": stdlib.LengthFunc},
	}
}

// TestJSONAgreesWithHCL: Value evaluates JSON-syntax expressions as hcl's
// json package does (values and error summaries), templates in strings and
// object keys included.
func TestJSONAgreesWithHCL(t *testing.T) {
	for _, src := range []string{
		`{"a": "plain", "b": 1.5, "c": true, "d": null}`,
		`{"a": "${upper(name)}-${n}", "b": ["x", "${name}", ["${n + 1}"]], "c": {"k": "${list[1]}"}}`,
		`{"a": "%{for x in list}${x},%{endfor}", "b": "${[for i in range(n) : i * 2]}"}`,
		`{"a": {"${name}": 1, "lit": "${u}"}, "b": {"${u}": 1}, "c": {"${null}": 1}}`,
		`{"a": {"x": 1, "${\"x\"}": 2}, "b": "${nope}", "c": "${upper(}", "d": "${list[*]}"}`,
		`{"a": {"k": ["${list}"]}, "b": "$${literal}", "c": "%%{literal}"}`,
	} {
		f, diags := hcljson.Parse([]byte(src), "t.tf.json")
		if diags.HasErrors() {
			t.Fatalf("%s: %v", src, diags)
		}
		attrs, _ := f.Body.JustAttributes()
		for name, a := range attrs {
			want, wantDiags := a.Expr.Value(testContext())
			got, gotDiags := Value(a.Expr, Attach(testContext(), New()))
			if !got.RawEquals(want) {
				t.Errorf("%s: %s = %#v, hcl gives %#v", src, name, got, want)
			}
			if summaries(gotDiags) != summaries(wantDiags) {
				t.Errorf("%s: %s diagnostics %q, hcl gives %q", src, name, summaries(gotDiags), summaries(wantDiags))
			}
		}
	}
}

func summaries(d hcl.Diagnostics) string {
	var s []string
	for _, x := range d {
		s = append(s, x.Summary)
	}
	return strings.Join(s, "; ")
}

func tuple(n int) string {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%d,", i)
	}
	b.WriteString("]")
	return b.String()
}

// spends evaluates expr under a fresh budget and checks that it spends it,
// with the diagnostic at line, and that it returns an unknown value.
func spends(t *testing.T, expr hcl.Expression, ctx *hcl.EvalContext, line int) *Budget {
	t.Helper()
	b := New()
	b.Predict = func(name string, args []cty.Value) (float64, float64) {
		if name == "range" && len(args) == 1 && args[0].IsKnown() {
			n, _ := args[0].AsBigFloat().Float64()
			return n, 0
		}
		return 0, 0
	}
	v, _ := Value(expr, Attach(ctx, b))
	d := b.Diagnostic()
	if d == nil || d.Summary != "Evaluation too costly" || d.Subject == nil || d.Subject.Start.Line != line {
		t.Fatalf("diagnostic %v, want Evaluation too costly at line %d", d, line)
	}
	if v.IsKnown() {
		t.Errorf("value %#v, want unknown", v)
	}
	return b
}

// TestJSONTemplatesBudgeted: a .tf.json string's %{for} directives and
// interpolated for expressions spend the budget (they were outside it).
func TestJSONTemplatesBudgeted(t *testing.T) {
	for name, c := range map[string]struct {
		src  string
		line int
	}{
		"for directives":  {"{\n\"a\":\n\"%{for a in range(1024)}%{for b in range(1024)}%{for c in range(1024)}x%{endfor}%{endfor}%{endfor}\"}", 3},
		"for expressions": {"{\n\"a\":\n\"${[for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]}\"}", 3},
		"in an array":     {"{\"a\": [1,\n\"${[for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]}\"]}", 2},
		"in a key":        {"{\"a\": {\n\"%{for a in range(1024)}%{for b in range(1024)}%{for c in range(1024)}x%{endfor}%{endfor}%{endfor}\": 1}}", 2},
	} {
		t.Run(name, func(t *testing.T) {
			f, diags := hcljson.Parse([]byte(c.src), "t.tf.json")
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			attrs, _ := f.Body.JustAttributes()
			spends(t, attrs["a"].Expr, testContext(), c.line)
		})
	}
}

func native(t *testing.T, src string) hcl.Expression {
	t.Helper()
	e, diags := hclsyntax.ParseExpression([]byte(src), "t.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return InstrumentExpr(e, nil)
}

// TestNativeClassesBudgeted: each kind of node that iterates or builds
// charges the budget attached to the context.
func TestNativeClassesBudgeted(t *testing.T) {
	for name, src := range map[string]string{
		"nested for":       "\n[for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]",
		"template for":     "\n\"%{for a in range(1024)}%{for b in range(1024)}%{for c in range(1024)}x%{endfor}%{endfor}%{endfor}\"",
		"splat in for":     "\n[for a in range(1024) : [for b in range(1024) : range(1024)[*]]]",
		"calls in for":     "\n[for a in range(1024) : [for b in range(1024) : join(\",\", list)]]",
		"predicted result": "\n[for a in range(100) : length(range(500000))]",
		"comparisons":      "\n[for a in range(1024) : [for b in range(1024) : list == list]]",
		"conditionals":     "\n[for a in range(1024) : [for b in range(1024) : a > b ? list : list]]",
	} {
		t.Run(name, func(t *testing.T) {
			spends(t, native(t, src), testContext(), 2)
		})
	}
}

// TestPredictedBeforeTheCall: a call whose predicted result is more than
// the work left spends the budget without running the function.
func TestPredictedBeforeTheCall(t *testing.T) {
	ran := 0
	ctx := testContext()
	ctx.Functions["big"] = function.New(&function.Spec{
		Type: function.StaticReturnType(cty.String),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) { ran++; return cty.StringVal("x"), nil },
	})
	b := New()
	b.Predict = func(name string, _ []cty.Value) (float64, float64) {
		if name == "big" {
			return MaxWork, 0
		}
		return 0, 0
	}
	Value(native(t, "big()"), Attach(ctx, b))
	if !b.Spent() || ran != 0 {
		t.Errorf("spent %v, the function ran %d times", b.Spent(), ran)
	}
}

// TestTryEvaluatesItsOwnArguments: try and can take expressions; the for
// expressions inside still charge.
func TestTryEvaluatesItsOwnArguments(t *testing.T) {
	ctx := testContext()
	for k, v := range map[string]function.Function{"try": tryFunc(), "can": canFunc()} {
		ctx.Functions[k] = v
	}
	v, diags := Value(native(t, "try(nope, upper(name))"), Attach(ctx, New()))
	if diags.HasErrors() || !v.RawEquals(cty.StringVal("WEB")) {
		t.Errorf("try = %#v %v", v, diags)
	}
	spends(t, native(t, "try(\n[for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]], 1)"), ctx, 2)
}

// TestChargeValueStopsAtTheWorkLeft: charging a value larger than the work
// left spends the budget.
func TestChargeValueStopsAtTheWorkLeft(t *testing.T) {
	b := New()
	b.Charge(MaxWork-10, hcl.Range{}, "x")
	elems := make([]cty.Value, 1000)
	for i := range elems {
		elems[i] = cty.StringVal("x")
	}
	if b.ChargeValue(cty.TupleVal(elems), hcl.Range{}, "x") || !b.Spent() {
		t.Error("a 1,000-node value fits in 10 units")
	}
	if b.Used() > MaxWork+100 {
		t.Errorf("charged %d: the walk went past the work left", b.Used())
	}
}

func tryFunc() function.Function { return tryfunc.TryFunc }
func canFunc() function.Function { return tryfunc.CanFunc }
