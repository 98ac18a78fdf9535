package evalbudget

import (
	"reflect"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Value evaluates expr in ctx under the budget attached to ctx: the one
// door through which a caller evaluates expressions of either syntax. A
// native-syntax expression must have been instrumented (Instrument, once
// after parsing); a JSON-syntax expression (hcl's json package: Terraform's
// .tf.json) is evaluated here as hcl evaluates it, except that each string's
// template is parsed once per budget and instrumented, so that its
// interpolations, %{for} directives and function calls charge the budget.
// Without a budget in ctx, it is expr.Value(ctx). Once the budget is spent,
// it returns an unknown value and no diagnostic.
func Value(expr hcl.Expression, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	b := FromContext(ctx)
	if b == nil {
		return expr.Value(ctx)
	}
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	if IsJSON(expr) {
		return b.jsonValue(expr, ctx)
	}
	return expr.Value(ctx)
}

const jsonPkg = "github.com/hashicorp/hcl/v2/json"

// IsJSON reports whether e is an expression of hcl's JSON syntax.
func IsJSON(e hcl.Expression) bool {
	t := reflect.TypeOf(e)
	if t == nil {
		return false
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == jsonPkg
}

// jsonTemplate is a JSON string parsed as a template.
type jsonTemplate struct {
	expr  hcl.Expression
	diags hcl.Diagnostics
}

// jsonValue is hcl's JSON-syntax evaluation (json/structure.go, expression.Value)
// with the strings' templates instrumented: an array is a tuple of its
// elements' values, an object an object whose keys are templates too, a string
// a template, anything else its literal value.
func (b *Budget) jsonValue(e hcl.Expression, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	if l, ok := e.(interface{ ExprList() []hcl.Expression }); ok {
		if items := l.ExprList(); items != nil {
			if !b.Charge(int64(len(items))+1, e.Range(), "JSON array") {
				return cty.DynamicVal, nil
			}
			var diags hcl.Diagnostics
			vals := make([]cty.Value, 0, len(items))
			for _, it := range items {
				v, d := b.jsonValue(it, ctx)
				vals = append(vals, v)
				diags = append(diags, d...)
			}
			if b.Spent() {
				return cty.DynamicVal, nil
			}
			return cty.TupleVal(vals), diags
		}
	}
	if m, ok := e.(interface{ ExprMap() []hcl.KeyValuePair }); ok {
		if pairs := m.ExprMap(); pairs != nil {
			if !b.Charge(int64(len(pairs))+1, e.Range(), "JSON object") {
				return cty.DynamicVal, nil
			}
			return b.jsonObject(pairs, ctx)
		}
	}
	lit, diags := e.Value(nil) // without a context, a string is its literal text
	if diags.HasErrors() || lit.Type() != cty.String || lit.IsNull() || !lit.IsKnown() {
		return e.Value(ctx) // a number, a boolean or null: the same with a context
	}
	t := b.template(e.Range(), lit.AsString())
	if t.diags.HasErrors() {
		return cty.DynamicVal, append(hcl.Diagnostics(nil), t.diags...)
	}
	v, d := t.expr.Value(ctx)
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	return v, append(append(hcl.Diagnostics(nil), t.diags...), d...)
}

// jsonObject evaluates an object's members as hcl's JSON syntax does: each
// name a template that must give a string, unknown names an unknown object.
func (b *Budget) jsonObject(pairs []hcl.KeyValuePair, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	attrs := map[string]cty.Value{}
	ranges := map[string]hcl.Range{}
	known := true
	var marks []cty.ValueMarks
	for _, p := range pairs {
		name, nd := b.jsonValue(p.Key, ctx)
		val, vd := b.jsonValue(p.Value, ctx)
		diags = append(diags, nd...)
		diags = append(diags, vd...)
		if b.Spent() {
			return cty.DynamicVal, nil
		}
		keyRange := p.Key.Range()
		name, err := convert.Convert(name, cty.String)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid object key expression",
				Detail: "Cannot use this expression as an object key: " + err.Error() + ".", Subject: &keyRange})
			continue
		}
		name, m := name.Unmark()
		if name.IsNull() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid object key expression",
				Detail: "Cannot use null value as an object key.", Subject: &keyRange})
			continue
		}
		if !name.IsKnown() {
			known = false
			continue
		}
		if len(m) > 0 {
			marks = append(marks, m)
		}
		s := name.AsString()
		if prev, dup := ranges[s]; dup {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate object attribute",
				Detail: "An attribute named \"" + s + "\" was already defined at " + prev.String() + ".", Subject: &keyRange})
			continue
		}
		attrs[s] = val
		ranges[s] = keyRange
	}
	if !known {
		return cty.DynamicVal, diags
	}
	return cty.ObjectVal(attrs).WithMarks(marks...), diags
}

// template returns the string at rng, text, parsed as a template (from the
// character after the opening quote, as hcl does: escapes make the columns
// after them approximate) and instrumented, once per budget.
func (b *Budget) template(rng hcl.Range, text string) *jsonTemplate {
	if t := b.templates[rng]; t != nil {
		return t
	}
	expr, diags := hclsyntax.ParseTemplate([]byte(text), rng.Filename,
		hcl.Pos{Line: rng.Start.Line, Byte: rng.Start.Byte + 1, Column: rng.Start.Column + 1})
	t := &jsonTemplate{diags: diags}
	if !diags.HasErrors() {
		t.expr = InstrumentExpr(expr, b)
	}
	if b.templates == nil {
		b.templates = map[hcl.Range]*jsonTemplate{}
	}
	b.templates[rng] = t
	return t
}
