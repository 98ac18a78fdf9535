// Package evalbudget bounds the work and the value sizes of evaluating HCL
// expressions written by someone else (docs/SECURITY.md). A few hundred bytes
// of Terraform or of faultline's own format can ask for a billion iterations
// (three nested for expressions over range(1024)), a gigabyte string
// (indent(1e9, …), twenty locals each doubling the last) or a billion-element
// set (setproduct): hclsyntax and go-cty evaluate what they are given.
//
// A Budget is spent by evaluation: every iteration of a for expression (and of
// a %{for} template), and every value node and every 64 bytes of string that
// an iteration or a template produces. Instrument rewrites a parsed body once
// so that its for expressions and templates charge the budget of their
// evaluation; when it is spent, they evaluate to unknown values without
// further work, and the Budget holds one error diagnostic naming the
// expression that spent it. No single value may exceed MaxValueNodes nodes or
// MaxValueBytes bytes of string (Check): the functions that expand their
// arguments (setproduct, indent, format widths, replace, join, split) are
// checked before they run by the callers' function tables.
package evalbudget

import (
	"fmt"
	"reflect"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

const (
	// MaxWork is the work one budget allows (one evaluation: a Terraform root
	// module with its module tree, or one native file): far above what real
	// configurations spend, and a few seconds of evaluation at most.
	MaxWork = 600_000
	// MaxValueNodes and MaxValueBytes bound one value: its nodes (every
	// element, attribute and scalar, nested ones included) and the bytes of
	// its strings.
	MaxValueNodes = 1 << 20
	MaxValueBytes = 16 << 20
	// MaxInstances bounds the module and resource instances of one Terraform
	// root module, counted across module nesting (a module of count 1000
	// calling one of count 1000 asks for a million).
	MaxInstances = 50_000
)

// Budget is the work left to one evaluation. It is not safe for concurrent
// use: each root module (each file of the native format) has its own, which
// also keeps the diagnostics deterministic.
type Budget struct {
	work, instances int64
	diag            *hcl.Diagnostic
}

// New returns a full budget.
func New() *Budget { return &Budget{} }

// Spent reports whether the budget ran out.
func (b *Budget) Spent() bool { return b != nil && b.diag != nil }

// Diagnostic returns the error of the expression that spent the budget, or nil.
func (b *Budget) Diagnostic() *hcl.Diagnostic {
	if b == nil {
		return nil
	}
	return b.diag
}

// Charge spends n units of work on the expression at rng (what names it:
// "for expression", "template"). It returns false once the budget is spent.
func (b *Budget) Charge(n int64, rng hcl.Range, what string) bool {
	if b == nil {
		return true
	}
	if b.diag != nil {
		return false
	}
	b.work += n
	if b.work > MaxWork {
		r := rng
		b.diag = &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Evaluation too costly",
			Detail: fmt.Sprintf("Evaluating this %s spends the last of the %d units of work that faultline gives one evaluation (an iteration of a for expression, a value node or 64 bytes of string built); its value, and that of every expression evaluated after it, is unknown.",
				what, MaxWork),
			Subject: &r}
		return false
	}
	return true
}

// ChargeValue charges the size of a value built by the expression at rng: a
// node per element, attribute or scalar, and a unit per 64 bytes of string.
func (b *Budget) ChargeValue(v cty.Value, rng hcl.Range, what string) bool {
	if b == nil {
		return true
	}
	nodes, bytes := Size(v)
	return b.Charge(nodes+bytes/64, rng, what)
}

// Used returns the work spent so far.
func (b *Budget) Used() int64 { return b.work }

// ChargeInstances counts n more instances (of a resource or a module call,
// whose count or for_each is at rng); it returns false, and the budget is
// spent, when they pass MaxInstances.
func (b *Budget) ChargeInstances(n int, rng hcl.Range, what string) bool {
	if b == nil {
		return true
	}
	if b.diag != nil {
		return false
	}
	b.instances += int64(n)
	if b.instances > MaxInstances {
		r := rng
		b.diag = &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Too many instances",
			Detail: fmt.Sprintf("The %d instances of %s take this root module past %d resource and module instances, counted across module nesting; faultline stops evaluating it here, and what follows is unknown.",
				n, what, MaxInstances),
			Subject: &r}
		return false
	}
	return true
}

// diagWeight is what a diagnostic counts for: an error repeated in every
// iteration of nested for expressions (a misspelled function) would
// otherwise pile up a million of them, each far costlier than an iteration.
const diagWeight = 100

// markedWeight is what a marked node counts for in Size.
const markedWeight = 4

// Size returns the nodes (a marked node counts as markedWeight) and string bytes of v, counting no further than just
// past MaxValueNodes or MaxValueBytes (a value may share one large part many
// times; the count stops anyway).
func Size(v cty.Value) (nodes, bytes int64) {
	if ty := v.Type(); ty.IsPrimitiveType() && !v.IsMarked() { // the common case, without the walk
		if ty == cty.String && v.IsKnown() && !v.IsNull() {
			return 1, int64(len(v.AsString()))
		}
		return 1, 0
	}
	var walk func(v cty.Value)
	walk = func(v cty.Value) {
		if nodes > MaxValueNodes || bytes > MaxValueBytes {
			return
		}
		nodes++
		if v.IsMarked() {
			// A marked value (in Terraform, a reference to a resource
			// instance) becomes a dependency edge downstream, work of its own.
			nodes += markedWeight - 1
		}
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() {
			return
		}
		ty := v.Type()
		switch {
		case ty == cty.String:
			bytes += int64(len(v.AsString()))
		case ty.IsListType() || ty.IsSetType() || ty.IsMapType() || ty.IsTupleType() || ty.IsObjectType():
			for it := v.ElementIterator(); it.Next(); {
				_, e := it.Element()
				walk(e)
				if nodes > MaxValueNodes || bytes > MaxValueBytes {
					return
				}
			}
		}
	}
	walk(v)
	return nodes, bytes
}

// Check returns an error diagnostic at rng when v is larger than one value
// may be, else nil.
func Check(v cty.Value, rng hcl.Range, what string) *hcl.Diagnostic {
	nodes, bytes := Size(v)
	if nodes <= MaxValueNodes && bytes <= MaxValueBytes {
		return nil
	}
	r := rng
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Value too large",
		Detail: fmt.Sprintf("The value of this %s has more than %d elements or %d MiB of strings, more than faultline reads in one value; it is unknown.",
			what, MaxValueNodes, MaxValueBytes>>20),
		Subject: &r}
}

// TooLarge is the error of a function whose result would be larger than one
// value may be; it is checked before the function runs.
func TooLarge(nodes, bytes float64) error {
	if nodes > MaxValueNodes || bytes > MaxValueBytes {
		return fmt.Errorf("the result would have %.3g elements and %.3g bytes of strings, more than faultline computes in one value (%d elements, %d MiB)",
			nodes, bytes, MaxValueNodes, MaxValueBytes>>20)
	}
	return nil
}

// capsule carries a Budget in an evaluation context, under a variable name
// that no expression can reference.
var capsule = cty.Capsule("evaluation budget", reflect.TypeOf(Budget{}))

const varName = "\x00budget"

// Attach makes b the budget of evaluations in ctx and its children.
func Attach(ctx *hcl.EvalContext, b *Budget) *hcl.EvalContext {
	if ctx.Variables == nil {
		ctx.Variables = map[string]cty.Value{}
	}
	ctx.Variables[varName] = cty.CapsuleVal(capsule, b)
	return ctx
}

// FromContext returns the budget attached to ctx or a parent, or nil.
func FromContext(ctx *hcl.EvalContext) *Budget {
	for c := ctx; c != nil; c = c.Parent() {
		if v, ok := c.Variables[varName]; ok {
			return v.EncapsulatedValue().(*Budget)
		}
	}
	return nil
}

// Instrument rewrites the for expressions and templates under node (an
// *hclsyntax.Body, an hclsyntax.Expression, or anything holding them) in
// place, so that they charge b, or when b is nil the budget attached to the
// context they are evaluated in (none: they evaluate as before). Call it once,
// after parsing, before the tree is shared. It returns node.
func Instrument(node any, b *Budget) any {
	instrument(reflect.ValueOf(node), b, map[uintptr]bool{})
	return node
}

var (
	exprType     = reflect.TypeOf((*hclsyntax.Expression)(nil)).Elem()
	forType      = reflect.TypeOf((*hclsyntax.ForExpr)(nil))
	templateType = reflect.TypeOf((*hclsyntax.TemplateExpr)(nil))
)

// instrument walks the syntax tree by reflection: every field, slice element
// and map value whose type is hclsyntax.Expression and holds a for expression
// or a template is replaced by its wrapper, whose own children are walked.
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

// wrap returns the wrapper of the for expression or template in the
// expression-typed f, its children instrumented, or an invalid Value.
func wrap(f reflect.Value, b *Budget, seen map[uintptr]bool) reflect.Value {
	if f.IsNil() {
		return reflect.Value{}
	}
	switch e := f.Elem().Interface().(type) {
	case *hclsyntax.ForExpr:
		instrument(reflect.ValueOf(e), b, seen)
		return reflect.ValueOf(&forExpr{ForExpr: e, b: b})
	case *hclsyntax.TemplateExpr:
		instrument(reflect.ValueOf(e), b, seen)
		return reflect.ValueOf(&templateExpr{TemplateExpr: e, b: b})
	}
	return reflect.Value{}
}

// InstrumentExpr is Instrument for a top-level expression, which cannot be
// replaced in place: it returns the expression to evaluate.
func InstrumentExpr(e hcl.Expression, b *Budget) hcl.Expression {
	Instrument(e, b)
	switch x := e.(type) {
	case *hclsyntax.ForExpr:
		return &forExpr{ForExpr: x, b: b}
	case *hclsyntax.TemplateExpr:
		return &templateExpr{TemplateExpr: x, b: b}
	}
	return e
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

// forExpr is a for expression that charges its iterations and what they build.
type forExpr struct {
	*hclsyntax.ForExpr
	b *Budget
}

func (e *forExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	b := e.b
	if b == nil {
		b = FromContext(ctx)
	}
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
	n := 0
	if c, _ := coll.Unmark(); c.IsKnown() && !c.IsNull() && c.CanIterateElements() {
		n = c.LengthInt()
	}
	if !b.Charge(int64(n)+1, e.SrcRange, "for expression") {
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
	b := e.b
	if b == nil {
		b = FromContext(ctx)
	}
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

// Eval evaluates e in ctx (nil: without variables or functions) under b,
// instrumenting e first; e must not be evaluated by another goroutine at the
// same time (the native format's and the configuration's expressions belong
// to one file's decoding). Once b is spent, it returns an unknown value and no
// diagnostic: b's own diagnostic says why.
func Eval(e hcl.Expression, ctx *hcl.EvalContext, b *Budget) (cty.Value, hcl.Diagnostics) {
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	v, diags := InstrumentExpr(e, b).Value(ctx)
	if b.Spent() {
		return cty.DynamicVal, nil
	}
	if !diags.HasErrors() {
		if d := Check(v, e.Range(), "expression"); d != nil {
			return cty.DynamicVal, append(diags, d)
		}
	}
	return v, diags
}
