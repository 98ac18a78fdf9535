// Package evalbudget bounds the work and the value sizes of evaluating HCL
// expressions written by someone else (docs/SECURITY.md). A few hundred bytes
// of Terraform or of faultline's own format can ask for a billion iterations
// (three nested for expressions over range(1024)), a gigabyte string
// (indent(1e9, …), twenty locals each doubling the last) or a billion-element
// set (setproduct): hclsyntax and go-cty evaluate what they are given.
//
// A Budget is spent by evaluation, in units of work: every iteration of a for
// expression (and of a %{for} template) or of a splat, every function call,
// and every value node and every 64 bytes of string that an iteration, a
// template, a function call (its arguments and its result), a comparison (its
// operands), a conditional (both results) or a whole expression touches or
// builds. What a function would build is predicted
// from its arguments (Budget.Predict: range, setproduct, indent, …) and
// charged before it runs, so that reaching the budget costs no more than the
// budget. Instrument rewrites a parsed native-syntax tree once so that its
// for expressions, templates, splats, function calls, comparisons and
// conditionals charge the budget of
// their evaluation; Value evaluates JSON-syntax expressions (Terraform's
// .tf.json) with their strings' templates parsed and instrumented the same
// way. Once the budget is spent, expressions evaluate to unknown values
// without further work, and the Budget holds one error diagnostic naming the
// expression that spent it and its position. No single value may exceed
// MaxValueNodes nodes or MaxValueBytes bytes of string (Check).
package evalbudget

import (
	"fmt"
	"reflect"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
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
	MaxInstances = 20_000
)

// Budget is the work left to one evaluation. It is not safe for concurrent
// use: each root module (each file of the native format) has its own, which
// also keeps the diagnostics deterministic.
type Budget struct {
	work, instances int64
	// maxWork and maxInstances are the limits of this budget: MaxWork and
	// MaxInstances, unless a fuzz target lowered them (Lower).
	maxWork, maxInstances int64
	diag                  *hcl.Diagnostic
	// Predict, when set, estimates the nodes and string bytes of what the
	// function name would return for args (only the known arguments tell),
	// before it runs: the estimate is charged first, so that a call asking
	// for too much stops before it allocates. Terraform sets its functions'
	// predictions (parser/terraform).
	Predict func(name string, args []cty.Value) (nodes, bytes float64)
	// templates are the JSON-syntax strings' templates, parsed and
	// instrumented once per budget, by their range.
	templates map[hcl.Range]*jsonTemplate
}

// New returns a full budget.
func New() *Budget {
	return &Budget{maxWork: lowered.work.Load(), maxInstances: lowered.instances.Load()}
}

// lowered holds the limits that New gives a budget.
var lowered struct{ work, instances atomic.Int64 }

func init() {
	lowered.work.Store(MaxWork)
	lowered.instances.Store(MaxInstances)
}

// Lower makes the budgets created from now on, until restore is called,
// allow work and instances instead of MaxWork and MaxInstances. It is for
// fuzz targets: an input that reaches a tenth of the budget takes the same
// paths at a tenth of the cost, so the fuzzer explores more of them (the
// tests with hostile inputs check the real limits). Nothing else calls it.
func Lower(work, instances int64) (restore func()) {
	w, i := lowered.work.Swap(work), lowered.instances.Swap(instances)
	return func() { lowered.work.Store(w); lowered.instances.Store(i) }
}

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
	if b.work > b.maxWork {
		r := rng
		b.diag = &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Evaluation too costly",
			Detail: fmt.Sprintf("Evaluating this %s spends the last of the %d units of work that faultline gives one evaluation (an iteration of a for expression or a splat, a function call, a value node or 64 bytes of string touched or built); its value, and that of every expression evaluated after it, is unknown.",
				what, b.maxWork),
			Subject: &r}
		return false
	}
	return true
}

// ChargeValue charges the size of a value built by the expression at rng: a
// node per element, attribute or scalar, and a unit per 64 bytes of string.
// The walk stops once it has counted more than the work left, so that
// charging costs no more than what it charges.
func (b *Budget) ChargeValue(v cty.Value, rng hcl.Range, what string) bool {
	if b == nil {
		return true
	}
	if b.diag != nil {
		return false
	}
	return b.Charge(b.cost(v), rng, what)
}

// cost is the work of touching v: its nodes and a unit per 64 bytes of its
// strings, counted no further than just past the work left.
func (b *Budget) cost(v cty.Value) int64 {
	left := b.maxWork - b.work
	nodes, bytes := measure(v, func(nodes, bytes int64) bool { return nodes+bytes/64 > left })
	return nodes + bytes/64
}

// Used returns the work spent so far.
func (b *Budget) Used() int64 { return b.work }

// Instances returns the instances counted so far.
func (b *Budget) Instances() int64 { return b.instances }

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
	if b.instances > b.maxInstances {
		r := rng
		b.diag = &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Too many instances",
			Detail: fmt.Sprintf("The %d instances of %s take this root module past %d resource and module instances, counted across module nesting; faultline stops evaluating it here, and what follows is unknown.",
				n, what, b.maxInstances),
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
const markedWeight = 16

// Size returns the nodes (a marked node counts as markedWeight) and string
// bytes of v, counting no further than just past MaxValueNodes or
// MaxValueBytes (a value may share one large part many times; the count stops
// anyway).
func Size(v cty.Value) (nodes, bytes int64) {
	return measure(v, func(nodes, bytes int64) bool { return nodes > MaxValueNodes || bytes > MaxValueBytes })
}

// measure counts the nodes and string bytes of v, and stops walking once
// enough(nodes, bytes).
func measure(v cty.Value, enough func(nodes, bytes int64) bool) (nodes, bytes int64) {
	if ty := v.Type(); ty.IsPrimitiveType() && !v.IsMarked() { // the common case, without the walk
		if ty == cty.String && v.IsKnown() && !v.IsNull() {
			return 1, int64(len(v.AsString()))
		}
		return 1, 0
	}
	var walk func(v cty.Value)
	walk = func(v cty.Value) {
		if enough(nodes, bytes) {
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
				if enough(nodes, bytes) {
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
