package hcl

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// value evaluates attr without variables or functions. ok is false when the
// attribute is null (unset, as in Terraform) or could not be evaluated; in the
// latter case the diagnostics say why.
func (d *decoder) value(attr *hclv2.Attribute) (v cty.Value, ok bool) {
	if d.broken(attr.Expr.Range()) {
		return cty.NilVal, false
	}
	v, isLit := literal(attr.Expr)
	if !isLit {
		var diags hclv2.Diagnostics
		if d.budget.Spent() {
			return cty.NilVal, false // the budget's diagnostic says why
		}
		v, diags = d.eval(attr.Expr)
		d.diags = append(d.diags, diags...)
		if diags.HasErrors() {
			return cty.NilVal, false
		}
	}
	if !v.IsWhollyKnown() {
		// Without variables, only an expression that failed to parse is unknown;
		// errorf drops this when the parser reported it.
		d.errorf(attr.Expr.Range(), "Invalid value",
			"The value of %q must be known when the file is read.", attr.Name)
		return cty.NilVal, false
	}
	if v.IsNull() {
		return cty.NilVal, false
	}
	return v, true
}

// literal returns the value of a literal, a quoted string without templates or a
// non-empty tuple of these, as evaluating it would, without evaluating it (which
// allocates for every template); ok is false for any other expression.
func literal(e hclv2.Expression) (cty.Value, bool) {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return e.Val, true
	case *hclsyntax.TemplateExpr:
		if len(e.Parts) == 1 {
			if lit, ok := e.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() && !lit.Val.IsNull() {
				return lit.Val, true
			}
		}
	case *hclsyntax.TupleConsExpr:
		if len(e.Exprs) == 0 {
			return cty.NilVal, false
		}
		vals := make([]cty.Value, len(e.Exprs))
		for i, x := range e.Exprs {
			v, ok := literal(x)
			if !ok {
				return cty.NilVal, false
			}
			vals[i] = v
		}
		return cty.TupleVal(vals), true
	}
	return cty.NilVal, false
}

// typed evaluates attr and converts it to want, the way HCL converts attribute
// values (so "2" is a number and "true" a bool).
func (d *decoder) typed(attr *hclv2.Attribute, want cty.Type) (cty.Value, bool) {
	v, ok := d.value(attr)
	if !ok {
		return cty.NilVal, false
	}
	cv, err := convert.Convert(v, want)
	if err != nil || cv.IsNull() || !cv.IsWhollyKnown() {
		d.diags = append(d.diags, &hclv2.Diagnostic{
			Severity: hclv2.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail: fmt.Sprintf("Inappropriate value for attribute %q: %s is required, not %s.",
				attr.Name, typeName(want), typeName(v.Type())),
			Subject: attr.Expr.Range().Ptr(),
			Context: attr.Range.Ptr(),
		})
		return cty.NilVal, false
	}
	return cv, true
}

func typeName(t cty.Type) string {
	switch {
	case t == cty.String:
		return "a string"
	case t == cty.Number:
		return "a number"
	case t == cty.Bool:
		return "a bool"
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		return "a list"
	case t.IsObjectType() || t.IsMapType():
		return "an object"
	}
	return t.FriendlyName()
}

func (d *decoder) str(attr *hclv2.Attribute) (string, bool) {
	v, ok := d.typed(attr, cty.String)
	if !ok {
		return "", false
	}
	return v.AsString(), true
}

func (d *decoder) boolean(attr *hclv2.Attribute) (bool, bool) {
	v, ok := d.typed(attr, cty.Bool)
	if !ok {
		return false, false
	}
	return v.True(), true
}

// number returns attr as a finite float64.
func (d *decoder) number(attr *hclv2.Attribute) (float64, bool) {
	v, ok := d.typed(attr, cty.Number)
	if !ok {
		return 0, false
	}
	f, _ := v.AsBigFloat().Float64()
	if math.IsInf(f, 0) || math.IsNaN(f) {
		d.errorf(attr.Expr.Range(), "Invalid "+attr.Name, "The value of %q must be a finite number.", attr.Name)
		return 0, false
	}
	return f, true
}

// maxWhole bounds the whole numbers that callers see: a larger magnitude is
// clamped to ±(maxWhole+1), beyond every range that an attribute allows, so that
// callers report it with their own bounds and nothing overflows an int.
const maxWhole = 1 << 40

// whole returns attr as a whole number; callers check the range their attribute
// allows.
func (d *decoder) whole(attr *hclv2.Attribute) (int, bool) {
	v, ok := d.typed(attr, cty.Number)
	if !ok {
		return 0, false
	}
	bf := v.AsBigFloat()
	if !bf.IsInf() && !bf.IsInt() {
		d.errorf(attr.Expr.Range(), "Invalid "+attr.Name,
			"The value of %q must be a whole number; %s is not.", attr.Name, bf.Text('g', 10))
		return 0, false
	}
	if new(big.Float).Abs(bf).Cmp(big.NewFloat(maxWhole)) > 0 {
		if bf.Sign() < 0 {
			return -maxWhole - 1, true
		}
		return maxWhole + 1, true
	}
	n, _ := bf.Int64()
	return int(n), true
}

// ref is a reference to a component, at the range of the reference itself.
type ref struct {
	id  string
	rng hclv2.Range
}

// refList reads a list of component references. elems is the number of list
// elements, valid or not, so that callers can check counts without cascading.
// A null attribute is an empty list.
func (d *decoder) refList(attr *hclv2.Attribute) (refs []ref, elems int, ok bool) {
	if d.broken(attr.Expr.Range()) {
		return nil, 0, false
	}
	exprs, diags := hclv2.ExprList(attr.Expr)
	if diags.HasErrors() {
		if v, diags := d.eval(attr.Expr); !diags.HasErrors() && v.IsNull() {
			return nil, 0, true
		}
		d.errorf(attr.Expr.Range(), "Invalid reference list",
			"The value of %q must be a list of component references, like [component.db].", attr.Name)
		return nil, 0, false
	}
	refs = make([]ref, 0, len(exprs))
	for _, e := range exprs {
		if r, ok := d.ref(e); ok {
			refs = append(refs, r)
		}
	}
	return refs, len(exprs), true
}

// ref reads one reference, which must be exactly component.NAME.
func (d *decoder) ref(e hclv2.Expression) (ref, bool) {
	rng := e.Range()
	for {
		p, ok := e.(*hclsyntax.ParenthesesExpr)
		if !ok {
			break
		}
		e = p.Expression
	}
	t, diags := hclv2.AbsTraversalForExpr(e)
	if !diags.HasErrors() && len(t) == 2 && t.RootName() == "component" {
		if step, ok := t[1].(hclv2.TraverseAttr); ok {
			return ref{id: "component." + step.Name, rng: rng}, true
		}
	}
	if !diags.HasErrors() {
		if id, ok := terraformAddress(t); ok {
			return ref{id: id, rng: rng}, true
		}
	}
	detail := "A reference to a component is required, like component.db."
	if diags.HasErrors() {
		if v, vd := d.eval(e); !vd.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
			if s := v.AsString(); otherLayer(s) {
				return ref{id: s, rng: rng}, true
			}
			detail = "A reference to a component is required, like component.db; a quoted string is not a reference."
			if s := v.AsString(); validIdentifier(strings.TrimPrefix(s, "component.")) {
				detail += fmt.Sprintf(" Did you mean component.%s, without quotes?", strings.TrimPrefix(s, "component."))
			}
		}
	} else {
		detail = fmt.Sprintf("A reference to a component is required, like component.db; %s is not one.", traversalString(t))
	}
	d.errorf(rng, "Invalid reference", "%s", detail)
	return ref{}, false
}

// terraformAddress reads a traversal that names a Terraform resource or
// module-nested resource, as Terraform components are named: aws_db_instance.main,
// module.db.aws_db_instance.this. A resource type always holds an underscore
// (provider_type), which tells it from a misspelt component reference.
func terraformAddress(t hclv2.Traversal) (string, bool) {
	if len(t) < 2 {
		return "", false
	}
	root := t.RootName()
	if root != "module" && !strings.Contains(root, "_") {
		return "", false
	}
	parts := []string{root}
	for _, step := range t[1:] {
		a, ok := step.(hclv2.TraverseAttr)
		if !ok {
			return "", false // an instance key: components are named without one
		}
		parts = append(parts, a.Name)
	}
	if root == "module" && len(parts) < 4 || root != "module" && len(parts) != 2 {
		return "", false
	}
	return strings.Join(parts, "."), true
}

// otherLayer reports whether a quoted reference names a component of another
// input format: a Kubernetes ID (k8s/KIND/NAMESPACE/NAME) or a Terraform
// address, possibly prefixed with its root ("envs/prod:aws_db_instance.main").
func otherLayer(s string) bool {
	if strings.HasPrefix(s, "k8s/") && strings.Count(s, "/") == 3 {
		return true
	}
	if i := strings.LastIndexByte(s, ':'); i > 0 {
		s = s[i+1:]
	}
	first, _, ok := strings.Cut(s, ".")
	return ok && (first == "module" || strings.Contains(first, "_")) && !strings.ContainsAny(s, " \t\n\"")
}

// traversalString writes t back in HCL syntax, for messages.
func traversalString(t hclv2.Traversal) string {
	var sb strings.Builder
	for _, step := range t {
		switch s := step.(type) {
		case hclv2.TraverseRoot:
			sb.WriteString(s.Name)
		case hclv2.TraverseAttr:
			sb.WriteString("." + s.Name)
		case hclv2.TraverseIndex:
			if s.Key.Type() == cty.String && s.Key.IsKnown() && !s.Key.IsNull() {
				fmt.Fprintf(&sb, "[%q]", s.Key.AsString())
			} else if s.Key.Type() == cty.Number && s.Key.IsKnown() && !s.Key.IsNull() {
				fmt.Fprintf(&sb, "[%s]", s.Key.AsBigFloat().Text('f', -1))
			} else {
				sb.WriteString("[...]")
			}
		case hclv2.TraverseSplat:
			sb.WriteString("[*]")
		}
	}
	return sb.String()
}

// plural writes a count and a noun: "1 replica", "2 replicas".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
