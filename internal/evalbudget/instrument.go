package evalbudget

import (
	"fmt"
	"reflect"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Instrument rewrites the for expressions, templates, splats and function
// calls under node (an *hclsyntax.Body, an hclsyntax.Expression, or anything
// holding them) in place, so that they charge b, or when b is nil the budget
// attached to the context they are evaluated in (none: they evaluate as
// before). Call it once, after parsing, before the tree is shared. It returns
// node.
func Instrument(node any, b *Budget) any {
	instrument(reflect.ValueOf(node), b, map[uintptr]bool{})
	return node
}

var exprType = reflect.TypeOf((*hclsyntax.Expression)(nil)).Elem()

// instrument walks the syntax tree by reflection: every field, slice element
// and map value whose type is hclsyntax.Expression and holds a node that
// iterates or builds (wrap) is replaced by its wrapper, whose own children are
// walked.
func instrument(v reflect.Value, b *Budget, seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		instrument(v.Elem(), b, seen)
	case reflect.Interface:
		if !v.IsNil() {
			instrument(v.Elem(), b, seen)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if !f.CanSet() {
				continue // unexported: not part of the tree
			}
			if f.Type() == exprType {
				if w := wrap(f, b, seen); w.IsValid() {
					f.Set(w)
					continue
				}
			}
			instrument(f, b, seen)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			e := v.Index(i)
			if e.Type() == exprType {
				if w := wrap(e, b, seen); w.IsValid() {
					e.Set(w)
					continue
				}
			}
			instrument(e, b, seen)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			instrument(it.Value(), b, seen)
		}
	}
}

// wrap returns the wrapper of the node in the expression-typed f, its
// children instrumented, or an invalid Value.
func wrap(f reflect.Value, b *Budget, seen map[uintptr]bool) reflect.Value {
	if f.IsNil() {
		return reflect.Value{}
	}
	if w := wrapper(f.Elem().Interface().(hclsyntax.Expression), b, seen); w != nil {
		return reflect.ValueOf(w)
	}
	return reflect.Value{}
}

// wrapper returns the wrapper of e, its children instrumented, or nil when e
// is not a node that iterates or builds.
func wrapper(e hclsyntax.Expression, b *Budget, seen map[uintptr]bool) hclsyntax.Expression {
	switch e := e.(type) {
	case *hclsyntax.ForExpr:
		instrument(reflect.ValueOf(e), b, seen)
		return &forExpr{ForExpr: e, b: b}
	case *hclsyntax.TemplateExpr:
		instrument(reflect.ValueOf(e), b, seen)
		return &templateExpr{TemplateExpr: e, b: b}
	case *hclsyntax.SplatExpr:
		instrument(reflect.ValueOf(e), b, seen)
		return &splatExpr{SplatExpr: e, b: b}
	case *hclsyntax.FunctionCallExpr:
		instrument(reflect.ValueOf(e), b, seen)
		return &callExpr{FunctionCallExpr: e, b: b, what: "call of " + e.Name + "()"}
	case *hclsyntax.BinaryOpExpr:
		if e.Op == hclsyntax.OpEqual || e.Op == hclsyntax.OpNotEqual {
			instrument(reflect.ValueOf(e), b, seen)
			return &equalityExpr{BinaryOpExpr: e, b: b}
		}
	case *hclsyntax.ConditionalExpr:
		instrument(reflect.ValueOf(e), b, seen)
		return &conditionalExpr{ConditionalExpr: e, b: b}
	}
	return nil
}

// InstrumentExpr is Instrument for a top-level expression, which cannot be
// replaced in place: it returns the expression to evaluate.
func InstrumentExpr(e hcl.Expression, b *Budget) hcl.Expression {
	if se, ok := e.(hclsyntax.Expression); ok {
		if w := wrapper(se, b, map[uintptr]bool{}); w != nil {
			return w
		}
	}
	Instrument(e, b)
	return e
}

// budgetOf returns the budget of a wrapper: its own, or the one attached to
// ctx (nil: none).
func budgetOf(b *Budget, ctx *hcl.EvalContext) *Budget {
	if b != nil {
		return b
	}
	return FromContext(ctx)
}

// fixed is an expression whose value was already computed: the wrappers
// evaluate a child once and hand the original node its value.
type fixed struct {
	hclsyntax.Expression
	val   cty.Value
	diags hcl.Diagnostics
}

func (f *fixed) Value(*hcl.EvalContext) (cty.Value, hcl.Diagnostics) { return f.val, f.diags }

// charged is a for expression's value or key expression: each iteration
// charges what it produced, and produces nothing once the budget is spent.
type charged struct {
	hclsyntax.Expression
	b   *Budget
	rng hcl.Range
}

func (c *charged) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if c.b.Spent() {
		return cty.DynamicVal, nil
	}
	v, diags := c.Expression.Value(ctx)
	if !c.b.Charge(int64(len(diags))*diagWeight, c.rng, "for expression") || !c.b.ChargeValue(v, c.rng, "for expression") {
		return cty.DynamicVal, nil
	}
	return v, diags
}

// length is the number of elements of a known collection, else 1.
func length(v cty.Value) int {
	if c, _ := v.Unmark(); c.IsKnown() && !c.IsNull() && c.CanIterateElements() {
		return c.LengthInt()
	}
	return 1
}

// forExpr is a for expression that charges its iterations and what they build.
type forExpr struct {
	*hclsyntax.ForExpr
	b *Budget
}

func (e *forExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	b := budgetOf(e.b, ctx)
	if b == nil {
		return e.ForExpr.Value(ctx)
	}
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	coll, diags := e.CollExpr.Value(ctx)
	if !b.Charge(int64(len(diags))*diagWeight, e.SrcRange, "for expression") {
		return cty.DynamicVal, nil
	}
	// Every iteration is charged before any runs: a for expression over a
	// collection longer than the work left stops here.
	if !b.Charge(int64(length(coll))+1, e.SrcRange, "for expression") {
		return cty.DynamicVal, nil
	}
	fe := *e.ForExpr
	fe.CollExpr = &fixed{Expression: e.CollExpr, val: coll, diags: diags}
	fe.ValExpr = &charged{Expression: e.ValExpr, b: b, rng: e.SrcRange}
	if e.KeyExpr != nil {
		fe.KeyExpr = &charged{Expression: e.KeyExpr, b: b, rng: e.SrcRange}
	}
	v, d := fe.Value(ctx)
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	if dd := Check(v, e.SrcRange, "for expression"); dd != nil {
		return cty.DynamicVal, append(d, dd)
	}
	return v, d
}

// templateExpr is a template that checks the size of its parts before
// joining them, and charges what it builds.
type templateExpr struct {
	*hclsyntax.TemplateExpr
	b *Budget
}

func (e *templateExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	b := budgetOf(e.b, ctx)
	if b == nil {
		return e.TemplateExpr.Value(ctx)
	}
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	parts := make([]hclsyntax.Expression, len(e.Parts))
	var total int64
	for i, p := range e.Parts {
		v, d := p.Value(ctx)
		if b.Spent() {
			return cty.DynamicVal, nil
		}
		_, bytes := Size(v)
		total += bytes
		parts[i] = &fixed{Expression: p, val: v, diags: d}
	}
	if total > MaxValueBytes {
		r := e.SrcRange
		return cty.DynamicVal, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Value too large",
			Detail:  fmt.Sprintf("This template would build a string of more than %d MiB, more than faultline reads in one value; it is unknown.", MaxValueBytes>>20),
			Subject: &r}}
	}
	if !b.Charge(1+total/64, e.SrcRange, "template") {
		return cty.DynamicVal, nil
	}
	te := *e.TemplateExpr
	te.Parts = parts
	return te.Value(ctx)
}

// splatExpr is a splat (list[*].attr) that charges an iteration per element
// of its source before it iterates.
type splatExpr struct {
	*hclsyntax.SplatExpr
	b *Budget
}

func (e *splatExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	b := budgetOf(e.b, ctx)
	if b == nil {
		return e.SplatExpr.Value(ctx)
	}
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	src, diags := e.Source.Value(ctx)
	if b.Spent() || !b.Charge(int64(len(diags))*diagWeight+int64(length(src))+1, e.SrcRange, "splat expression") {
		return cty.DynamicVal, nil
	}
	se := *e.SplatExpr
	se.Source = &fixed{Expression: e.Source, val: src, diags: diags}
	v, d := se.Value(ctx)
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	return v, d
}

// callExpr is a function call that charges the call, the arguments it
// touches, the result Budget.Predict expects before the function runs, and
// what it returned.
type callExpr struct {
	*hclsyntax.FunctionCallExpr
	b    *Budget
	what string
}

func (e *callExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	b := budgetOf(e.b, ctx)
	if b == nil || ctx == nil {
		return e.FunctionCallExpr.Value(ctx)
	}
	rng := e.Range()
	if b.Spent() || !b.Charge(1, rng, e.what) {
		return cty.DynamicVal, nil
	}
	f, ok := lookup(ctx, e.Name)
	if !ok || takesExpressions(f) {
		// An unknown function is hcl's error; try and can evaluate their
		// arguments themselves, one by one (the wrappers inside charge).
		v, diags := e.FunctionCallExpr.Value(ctx)
		if b.Spent() || !b.ChargeValue(v, rng, e.what) {
			return cty.DynamicVal, nil
		}
		return v, diags
	}
	args := make([]hclsyntax.Expression, len(e.Args))
	vals := make([]cty.Value, len(e.Args))
	var ndiags int64
	for i, a := range e.Args {
		v, d := a.Value(ctx)
		if b.Spent() || !b.ChargeValue(v, rng, e.what) {
			return cty.DynamicVal, nil
		}
		args[i], vals[i] = &fixed{Expression: a, val: v, diags: d}, v
		ndiags += int64(len(d))
	}
	if !b.Charge(ndiags*diagWeight, rng, e.what) {
		return cty.DynamicVal, nil
	}
	var predicted int64
	if b.Predict != nil {
		if e.ExpandFinal && len(vals) > 0 {
			vals = expandFinal(vals)
		}
		nodes, bytes := b.Predict(e.Name, vals)
		// Past one value's limits the function itself refuses to run
		// (the callers' function tables check TooLarge): its error is
		// the call's.
		if nodes <= MaxValueNodes && bytes <= MaxValueBytes {
			predicted = int64(nodes + bytes/64)
			if !b.Charge(predicted, rng, e.what) {
				return cty.DynamicVal, nil
			}
		}
	}
	fe := *e.FunctionCallExpr
	fe.Args = args
	v, diags := fe.Value(ctx)
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	if got := b.cost(v); got > predicted && !b.Charge(got-predicted, rng, e.what) {
		return cty.DynamicVal, nil
	}
	return v, diags
}

// equalityExpr is an == or != comparison, which walks both operands: it
// charges them (a comparison of two large values inside a for expression is
// work for every iteration, though its result is one boolean).
type equalityExpr struct {
	*hclsyntax.BinaryOpExpr
	b *Budget
}

func (e *equalityExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	b := budgetOf(e.b, ctx)
	if b == nil {
		return e.BinaryOpExpr.Value(ctx)
	}
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	lhs, ld := e.LHS.Value(ctx)
	rhs, rd := e.RHS.Value(ctx)
	if b.Spent() || !b.ChargeValue(lhs, e.SrcRange, "comparison") || !b.ChargeValue(rhs, e.SrcRange, "comparison") {
		return cty.DynamicVal, nil
	}
	be := *e.BinaryOpExpr
	be.LHS = &fixed{Expression: e.LHS, val: lhs, diags: ld}
	be.RHS = &fixed{Expression: e.RHS, val: rhs, diags: rd}
	return be.Value(ctx)
}

// conditionalExpr is a conditional (c ? a : b), which evaluates both results
// and converts them to a common type: it charges both.
type conditionalExpr struct {
	*hclsyntax.ConditionalExpr
	b *Budget
}

func (e *conditionalExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	b := budgetOf(e.b, ctx)
	if b == nil {
		return e.ConditionalExpr.Value(ctx)
	}
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	t, td := e.TrueResult.Value(ctx)
	f, fd := e.FalseResult.Value(ctx)
	if b.Spent() || !b.ChargeValue(t, e.SrcRange, "conditional expression") || !b.ChargeValue(f, e.SrcRange, "conditional expression") {
		return cty.DynamicVal, nil
	}
	ce := *e.ConditionalExpr
	ce.TrueResult = &fixed{Expression: e.TrueResult, val: t, diags: td}
	ce.FalseResult = &fixed{Expression: e.FalseResult, val: f, diags: fd}
	v, d := ce.Value(ctx)
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	return v, d
}

// lookup finds a function as hclsyntax does: in ctx or its nearest parent
// whose table holds the name.
func lookup(ctx *hcl.EvalContext, name string) (function.Function, bool) {
	for c := ctx; c != nil; c = c.Parent() {
		if f, ok := c.Functions[name]; ok {
			return f, true
		}
	}
	return function.Function{}, false
}

// takesExpressions reports whether f takes an argument as an expression that
// it evaluates itself (hcl's try and can).
func takesExpressions(f function.Function) bool {
	for _, p := range f.Params() {
		if customdecode.CustomExpressionDecoderForType(p.Type) != nil {
			return true
		}
	}
	if p := f.VarParam(); p != nil && customdecode.CustomExpressionDecoderForType(p.Type) != nil {
		return true
	}
	return false
}

// expandFinal spreads the last argument (f(a, list...)) when it is a known
// sequence.
func expandFinal(vals []cty.Value) []cty.Value {
	last, _ := vals[len(vals)-1].Unmark()
	if !last.IsKnown() || last.IsNull() || !(last.Type().IsListType() || last.Type().IsTupleType() || last.Type().IsSetType()) {
		return vals
	}
	out := append([]cty.Value(nil), vals[:len(vals)-1]...)
	for it := last.ElementIterator(); it.Next(); {
		_, e := it.Element()
		out = append(out, e)
	}
	return out
}

// Unwrap returns the syntax node an instrumented expression wraps (a function
// call, a for expression, a template, a splat, a comparison, a conditional),
// so that code reading the shape of an expression sees hclsyntax types; any
// other expression is returned as it is.
func Unwrap(e hcl.Expression) hcl.Expression {
	switch w := e.(type) {
	case *callExpr:
		return w.FunctionCallExpr
	case *forExpr:
		return w.ForExpr
	case *templateExpr:
		return w.TemplateExpr
	case *splatExpr:
		return w.SplatExpr
	case *equalityExpr:
		return w.BinaryOpExpr
	case *conditionalExpr:
		return w.ConditionalExpr
	}
	return e
}
