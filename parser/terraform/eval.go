package terraform

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/faultline-dev/faultline/internal/evalbudget"
)

var ctyString = cty.String

// ref marks an unknown value that stands for a resource instance (its ID, its
// ARN, any computed attribute): wherever the value flows, through locals, module
// inputs and outputs, for expressions and functions, the mark says which instance
// it came from. Comp is the component ID (module path and address), Key the
// instance key ("", "[0]", `["a"]`, "[*]" when the keys are unknown).
type ref struct {
	Comp, Key string
}

func (r ref) String() string { return r.Comp + r.Key }

// unsetVar marks the unknown value of a root module variable that has neither
// a default nor a value (--var, a .tfvars file): findings that rest on it name it.
type unsetVar string

// cell is a lazily evaluated value with cycle detection.
type cell struct {
	state int8 // 0 new, 1 evaluating, 2 done
	val   cty.Value
}

// modInst is one instance of a module: the root, or one instance of a call.
type modInst struct {
	l      *loader
	mod    *module
	prefix string // "module.vpc." or "" for the root
	keys   string // dotted call names, as in .terraform/modules/modules.json
	parent *modInst
	call   *moduleCall
	cscope *scope // the parent's scope of this call instance (count/each of the call)
	root   *modInst

	rootVars map[string]cty.Value // for the root: values given by tfvars and --var
	vars     map[string]*cell
	locals   map[string]*cell
	outputs  map[string]*cell
	res      map[string]*resInst // by address within the module
	children map[string]*callInst
	opaque   map[string]string // call name -> why it is opaque
	// note says why this instance is counted although it may not exist (a
	// call's count of 0 or 1 on an unknown condition); its components carry it.
	note string
}

// resInst is a resource's expansion: its instances and the value references see.
type resInst struct {
	r       *resource
	mi      *modInst
	state   int8
	keys    []instKey
	unknown string // why the instances are unknown ("" when known)
	note    string // what the known instances rest on (a count taken at its floor)
	val     cty.Value
}

type instKey struct {
	key     string
	count   cty.Value // count.index, or NilVal
	eachKey cty.Value
	eachVal cty.Value
	// countObj and eachObj are the count and each objects, built on first use.
	countObj, eachObj cty.Value
}

type callInst struct {
	state     int8
	instances []*modInst
	keys      []instKey
	unknown   string
	val       cty.Value
}

// scope is what an expression of a module instance sees besides module-level names.
type scope struct {
	mi   *modInst
	inst *instKey             // count/each, or nil
	iter map[string]cty.Value // dynamic block iterators
}

func newModInst(l *loader, mod *module, parent *modInst, call *moduleCall, cs *scope, key string) *modInst {
	mi := &modInst{l: l, mod: mod, parent: parent, call: call, cscope: cs,
		vars: map[string]*cell{}, locals: map[string]*cell{}, outputs: map[string]*cell{},
		res: map[string]*resInst{}, children: map[string]*callInst{}, opaque: map[string]string{}}
	if parent == nil {
		mi.root = mi
	} else {
		mi.root = parent.root
		mi.prefix = parent.prefix + "module." + call.name + key + "."
		mi.keys = call.name
		if parent.keys != "" {
			mi.keys = parent.keys + "." + call.name
		}
	}
	for _, r := range mod.resources {
		mi.res[r.addr()] = &resInst{r: r, mi: mi}
	}
	return mi
}

func (l *loader) errorf(subject *hcl.Range, summary, format string, args ...any) {
	l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(format, args...), Subject: subject})
}

// eval evaluates expr in sc. Errors become diagnostics and an unknown value.
func (sc *scope) eval(expr hcl.Expression) cty.Value {
	if expr == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	mi := sc.mi
	vars := map[string]cty.Value{}
	objs := map[string]map[string]cty.Value{}
	put := func(root, name string, v cty.Value) {
		if objs[root] == nil {
			objs[root] = map[string]cty.Value{}
		}
		objs[root][name] = v
	}
	data := map[string]map[string]cty.Value{}
	for _, t := range mi.l.cache.variables(expr) {
		root := t.RootName()
		name, nameRng := attrName(t, 1)
		if v, ok := sc.iter[root]; ok {
			vars[root] = v
			continue
		}
		switch root {
		case "var":
			if name == "" {
				continue
			}
			if mi.mod.variables[name] == nil {
				mi.l.errorf(nameRng.Ptr(), "Reference to undeclared input variable", "An input variable named %q is not declared in %s.", name, mi.mod.dir)
				put(root, name, cty.DynamicVal)
				continue
			}
			put(root, name, mi.variable(name))
		case "local":
			if name == "" {
				continue
			}
			if mi.mod.locals[name] == nil {
				mi.l.errorf(nameRng.Ptr(), "Reference to undeclared local value", "A local value named %q is not declared in %s.", name, mi.mod.dir)
				put(root, name, cty.DynamicVal)
				continue
			}
			put(root, name, mi.local(name))
		case "module":
			if name == "" {
				continue
			}
			c := mi.mod.callByName[name]
			if c == nil {
				mi.l.errorf(nameRng.Ptr(), "Reference to undeclared module", "No module call named %q is declared in %s.", name, mi.mod.dir)
				put(root, name, cty.DynamicVal)
				continue
			}
			put(root, name, mi.callValue(c))
		case "count":
			if sc.inst != nil && sc.inst.count != cty.NilVal {
				if sc.inst.countObj == cty.NilVal {
					sc.inst.countObj = cty.ObjectVal(map[string]cty.Value{"index": sc.inst.count})
				}
				vars["count"] = sc.inst.countObj
			} else {
				mi.l.errorf(t.SourceRange().Ptr(), `Reference to "count" in non-counted context`, `The "count" object can only be used in a block that has the "count" argument set.`)
				vars["count"] = cty.DynamicVal
			}
		case "each":
			if sc.inst != nil && sc.inst.eachKey != cty.NilVal {
				if sc.inst.eachObj == cty.NilVal {
					sc.inst.eachObj = cty.ObjectVal(map[string]cty.Value{"key": sc.inst.eachKey, "value": sc.inst.eachVal})
				}
				vars["each"] = sc.inst.eachObj
			} else {
				mi.l.errorf(t.SourceRange().Ptr(), `Reference to "each" in context without for_each`, `The "each" object can be used only in a block that has the "for_each" argument set.`)
				vars["each"] = cty.DynamicVal
			}
		case "path":
			vars["path"] = cty.ObjectVal(map[string]cty.Value{
				"module": cty.StringVal(filepath.ToSlash(mi.mod.dir)),
				"root":   cty.StringVal(filepath.ToSlash(mi.root.mod.dir)),
				"cwd":    cty.StringVal(filepath.ToSlash(mi.root.mod.dir)),
			})
		case "terraform":
			vars["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		case "self":
			vars["self"] = cty.DynamicVal
		case "data":
			typ := name
			n, nrng := attrName(t, 2)
			if typ == "" || n == "" {
				continue
			}
			ri := mi.res["data."+typ+"."+n]
			v := cty.DynamicVal
			if ri == nil {
				mi.l.errorf(nrng.Ptr(), "Reference to undeclared resource", "A data resource %q %q has not been declared in %s.", typ, n, mi.mod.dir)
			} else {
				v = ri.value()
			}
			if data[typ] == nil {
				data[typ] = map[string]cty.Value{}
			}
			data[typ][n] = v
		default:
			if name == "" {
				continue
			}
			ri := mi.res[root+"."+name]
			if ri == nil {
				if !strings.Contains(root, "_") {
					mi.l.errorf(t.SourceRange().Ptr(), "Invalid reference", "A reference to a resource type must be followed by at least one attribute access, specifying the resource name; %q is not a known object.", root)
				} else {
					mi.l.errorf(t.SourceRange().Ptr(), "Reference to undeclared resource", "A managed resource %q %q has not been declared in %s.", root, name, mi.mod.dir)
				}
				put(root, name, cty.DynamicVal)
				continue
			}
			put(root, name, ri.value())
		}
	}
	for k, m := range objs {
		vars[k] = cty.ObjectVal(m)
	}
	if len(data) > 0 {
		dm := map[string]cty.Value{}
		for k, m := range data {
			dm[k] = cty.ObjectVal(m)
		}
		vars["data"] = cty.ObjectVal(dm)
	}
	ctx := evalbudget.Attach(&hcl.EvalContext{Variables: vars, Functions: functions(mi.root.mod.dir)}, mi.l.budget)
	v, diags := safeValue(expr, ctx)
	if ns := namespacedFunctions(diags); ns != nil {
		child := ctx.NewChild()
		child.Functions = ns
		v, diags = safeValue(expr, child)
	}
	if diags.HasErrors() {
		for _, d := range diags {
			if mi.prefix != "" {
				d.Detail = strings.TrimSpace(d.Detail + " (in " + mi.displayName() + ")")
			}
		}
		mi.l.diags = append(mi.l.diags, diags...)
		return cty.DynamicVal
	}
	return zoneAt(expr, ctx, v)
}

// minRegionZones is the least number of availability zones an AWS Region has
// ("each Region has multiple, isolated locations known as Availability Zones").
const minRegionZones = 2

// atMostOne reports whether a count unknown until apply is a conditional of
// known counts of 0 or 1 (count = var.create ? 1 : 0, the most common way of
// making a resource optional): the resource, when created, has one instance,
// whatever the condition.
func (sc *scope) atMostOne(expr hcl.Expression) bool {
	for {
		expr = evalbudget.Unwrap(expr)
		p, ok := expr.(*hclsyntax.ParenthesesExpr)
		if !ok {
			break
		}
		expr = p.Expression
	}
	cond, ok := expr.(*hclsyntax.ConditionalExpr)
	if !ok {
		return false
	}
	one := false
	for _, branch := range []hcl.Expression{cond.TrueResult, cond.FalseResult} {
		v, _ := sc.eval(branch).Unmark()
		if !v.IsKnown() || v.IsNull() {
			return false
		}
		n, err := convert.Convert(v, cty.Number)
		if err != nil {
			return false
		}
		switch {
		case n.Equals(cty.NumberIntVal(1)).True():
			one = true
		case !n.Equals(cty.Zero).True():
			return false
		}
	}
	return one
}

// zoneCount recognizes count = length(data.aws_availability_zones.x.names) (or
// zone_ids; directly or through a local or variable holding the list): one
// instance per zone of the region, a number unknown until apply but at least
// minRegionZones, unless the data source filters zones out (exclude_names,
// exclude_zone_ids, a filter block), which may leave one. It returns that floor
// and the data source, or 0.
func (sc *scope) zoneCount(expr hcl.Expression) (int, string) {
	for {
		expr = evalbudget.Unwrap(expr)
		switch e := expr.(type) {
		case *hclsyntax.TemplateWrapExpr:
			expr = e.Wrapped
			continue
		case *hclsyntax.ParenthesesExpr:
			expr = e.Expression
			continue
		}
		break
	}
	call, ok := expr.(*hclsyntax.FunctionCallExpr)
	if !ok || (call.Name != "length" && call.Name != "core::length") || len(call.Args) != 1 {
		return 0, ""
	}
	if _, ok := call.Args[0].(*hclsyntax.ScopeTraversalExpr); !ok {
		return 0, ""
	}
	v := sc.eval(call.Args[0])
	uv, marks := v.Unmark()
	if uv.IsKnown() {
		return 0, ""
	}
	for m := range marks {
		if _, ok := m.(zoneSlot); ok {
			return 0, "" // one element, not the list
		}
	}
	list := zoneList(marks)
	if list == "" {
		return 0, ""
	}
	// The data source, in this module (a list passed in from another module is
	// not looked into: its filters are not read).
	ri := sc.mi.res[strings.TrimPrefix(list, sc.mi.prefix)]
	if ri == nil || ri.r.body == nil {
		return 0, ""
	}
	for _, a := range []string{"exclude_names", "exclude_zone_ids"} {
		if ri.r.body.attrs[a] != nil {
			return 0, ""
		}
	}
	for _, b := range ri.r.body.blocks {
		if b.typ == "filter" {
			return 0, ""
		}
	}
	return minRegionZones, list
}

// zoneAt marks v, the unknown value of an index into a list of availability
// zones (data.aws_availability_zones.x.names[count.index], or through a local
// or variable holding that list), as the zone at that index: the list holds
// each zone once, and an index past its end fails the apply, so that two
// instances that index it at different places are in different zones. It
// returns v unchanged for any other expression. element() is not read: it
// wraps around the list's length, which is unknown until apply.
func zoneAt(expr hcl.Expression, ctx *hcl.EvalContext, v cty.Value) cty.Value {
	uv, marks := v.Unmark()
	if uv.IsKnown() || len(marks) == 0 {
		return v
	}
	for m := range marks {
		if _, ok := m.(zoneSlot); ok {
			return v
		}
	}
	list := zoneList(marks)
	if list == "" {
		return v
	}
	for {
		expr = evalbudget.Unwrap(expr)
		switch e := expr.(type) {
		case *hclsyntax.TemplateWrapExpr:
			expr = e.Wrapped
			continue
		case *hclsyntax.ParenthesesExpr:
			expr = e.Expression
			continue
		}
		break
	}
	var key cty.Value
	switch e := expr.(type) {
	case *hclsyntax.IndexExpr:
		if _, ok := e.Collection.(*hclsyntax.ScopeTraversalExpr); !ok {
			return v
		}
		k, diags := e.Key.Value(ctx)
		if diags.HasErrors() {
			return v
		}
		key = k
	case *hclsyntax.ScopeTraversalExpr:
		n := len(e.Traversal)
		if n < 2 {
			return v
		}
		ti, ok := e.Traversal[n-1].(hcl.TraverseIndex)
		if !ok {
			return v
		}
		key = ti.Key
	default:
		return v
	}
	var i int
	if k, err := convert.Convert(key, cty.Number); err != nil || gocty(k, &i) != nil || i < 0 || i > maxInstances {
		return v
	}
	return v.Mark(zoneSlot{List: list, Index: i})
}

// safeValue evaluates expr, turning a panic in a function into a diagnostic:
// bad input never crashes the tool. It is the one place where this package
// evaluates an expression (native or JSON syntax, through evalbudget.Value),
// under the evaluation budget attached to ctx: once it is spent, nothing more
// is evaluated (the values are unknown), and a value larger than one value
// may be is an error at expr.
func safeValue(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value, diags hcl.Diagnostics) {
	if evalbudget.FromContext(ctx).Spent() {
		return cty.DynamicVal, nil
	}
	defer func() {
		if diags.HasErrors() || v == cty.NilVal {
			return
		}
		if d := evalbudget.Check(v, expr.Range(), "expression"); d != nil {
			v, diags = cty.DynamicVal, append(diags, d)
			return
		}
		// What every expression builds counts: a splat of 3,000 subnets
		// in each of 3,000 load balancers is nine million values.
		if b := evalbudget.FromContext(ctx); !b.ChargeValue(v, expr.Range(), "expression") {
			v = cty.DynamicVal
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			v = cty.DynamicVal
			diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Expression cannot be evaluated",
				Detail: fmt.Sprintf("faultline could not evaluate this expression: %v.", r), Subject: expr.Range().Ptr()}}
		}
	}()
	defer func() { suggestFunctions(diags, ctx) }()
	return evalbudget.Value(expr, ctx)
}

// unknownFunction is the detail HCL gives a call to a function that does not
// exist, with its "Did you mean" suggestion.
var unknownFunction = regexp.MustCompile(`^There is no function named ("(?:[^"\\]|\\.)*")\.(?: Did you mean "[^"]*"\?)?$`)

// suggestFunctions makes the suggestion of each "Call to unknown function"
// deterministic. HCL takes the first function within an edit distance of 3 in
// the order of a Go map, so that the same input printed "Did you mean min?",
// "can?" or "tomap?" from run to run (and duplicates of one diagnostic no
// longer looked alike): here the nearest function is suggested, the first in
// alphabetical order among the nearest.
func suggestFunctions(diags hcl.Diagnostics, ctx *hcl.EvalContext) {
	for _, d := range diags {
		if d.Summary != "Call to unknown function" {
			continue
		}
		m := unknownFunction.FindStringSubmatch(d.Detail)
		if m == nil {
			continue
		}
		name, err := strconv.Unquote(m[1])
		if err != nil {
			continue
		}
		var names []string
		for c := ctx; c != nil; c = c.Parent() {
			for n := range c.Functions {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		best, bestDist := "", 3
		for _, n := range names {
			if dist := levenshtein.Distance(name, n, nil); dist < bestDist {
				best, bestDist = n, dist
			}
		}
		d.Detail = fmt.Sprintf("There is no function named %q.", name)
		if best != "" {
			d.Detail += fmt.Sprintf(" Did you mean %q?", best)
		}
	}
}

// attrName returns the name of the traversal's i-th step when it is an attribute.
func attrName(t hcl.Traversal, i int) (string, hcl.Range) {
	if len(t) <= i {
		return "", t.SourceRange()
	}
	if a, ok := t[i].(hcl.TraverseAttr); ok {
		return a.Name, a.SrcRange
	}
	return "", t.SourceRange()
}

func (mi *modInst) scope() *scope { return &scope{mi: mi} }

// variable returns the value of an input variable of the module instance.
func (mi *modInst) variable(name string) cty.Value {
	c := mi.vars[name]
	if c == nil {
		c = &cell{}
		mi.vars[name] = c
	}
	switch c.state {
	case 2:
		return c.val
	case 1:
		v := mi.mod.variables[name]
		mi.l.errorf(v.rng.Ptr(), "Cycle in module input", "The value of var.%s of %s depends on itself.", name, mi.displayName())
		return cty.DynamicVal
	}
	c.state = 1
	v := mi.mod.variables[name]
	val := cty.NilVal
	if mi.parent == nil {
		if rv, ok := mi.rootVars[name]; ok {
			val = rv
		}
	} else if a := mi.call.inputs[name]; a != nil {
		val = mi.cscope.eval(a.Expr)
	}
	if val == cty.NilVal || val.IsNull() && v.def != nil {
		if v.def != nil {
			val = mi.scope().evalConst(v.def)
		} else if val == cty.NilVal {
			if mi.parent != nil {
				mi.l.errorf(mi.call.rng.Ptr(), "Missing required argument", "The module %q has no value for its required input %q.", mi.call.name, name)
			}
			val = cty.DynamicVal.Mark(unsetVar(name))
		}
	}
	if v.typ != nil {
		val = convertTo(val, v.typ)
	}
	c.val, c.state = val, 2
	return val
}

// evalConst evaluates a variable default, which may not reference anything.
func (sc *scope) evalConst(e hcl.Expression) cty.Value {
	v, diags := safeValue(e, evalbudget.Attach(&hcl.EvalContext{Functions: functions(sc.mi.root.mod.dir)}, sc.mi.l.budget))
	if diags.HasErrors() {
		sc.mi.l.diags = append(sc.mi.l.diags, diags...)
		return cty.DynamicVal
	}
	return v
}

// convertTo applies a variable's type constraint (set(string) changes what a
// for_each sees); a value that does not convert is kept as it is.
func convertTo(val cty.Value, typExpr hcl.Expression) cty.Value {
	ty, def, diags := typeexpr.TypeConstraintWithDefaults(typExpr)
	if diags.HasErrors() {
		return val
	}
	if def != nil {
		val = def.Apply(val)
	}
	out, err := convert.Convert(val, ty)
	if err != nil {
		return val
	}
	return out
}

func (mi *modInst) local(name string) cty.Value {
	c := mi.locals[name]
	if c == nil {
		c = &cell{}
		mi.locals[name] = c
	}
	switch c.state {
	case 2:
		return c.val
	case 1:
		a := mi.mod.locals[name]
		mi.l.errorf(a.NameRange.Ptr(), "Cycle in local values", "local.%s depends on itself (in %s).", name, mi.displayName())
		c.val, c.state = cty.DynamicVal, 2
		return c.val
	}
	c.state = 1
	v := mi.scope().eval(mi.mod.locals[name].Expr)
	if c.state == 2 { // a cycle was reported while evaluating
		return c.val
	}
	c.val, c.state = v, 2
	return v
}

func (mi *modInst) output(name string) cty.Value {
	c := mi.outputs[name]
	if c == nil {
		c = &cell{}
		mi.outputs[name] = c
	}
	switch c.state {
	case 2:
		return c.val
	case 1:
		a := mi.mod.outputs[name]
		mi.l.errorf(a.NameRange.Ptr(), "Cycle in module outputs", "output %q of %s depends on itself.", name, mi.displayName())
		c.val, c.state = cty.DynamicVal, 2
		return c.val
	}
	c.state = 1
	v := mi.scope().eval(mi.mod.outputs[name].Expr)
	if c.state == 2 {
		return c.val
	}
	c.val, c.state = v, 2
	return v
}

func (mi *modInst) displayName() string {
	if mi.prefix == "" {
		return "the root module " + mi.mod.dir
	}
	return strings.TrimSuffix(mi.prefix, ".")
}

// expand evaluates count or for_each into instance keys. unknown explains why
// the keys cannot be known; the instances are then one "[*]" placeholder.
func (sc *scope) expand(count, forEach hcl.Expression, what string) (keys []instKey, unknown string) {
	switch {
	case count != nil:
		v := sc.eval(count)
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() {
			return []instKey{{key: "[*]", count: cty.UnknownVal(cty.Number)}}, fmt.Sprintf("the count of %s is unknown until apply", what)
		}
		n, err := convert.Convert(v, cty.Number)
		if err != nil {
			sc.mi.l.errorf(count.Range().Ptr(), "Invalid count argument", "The count of %s must be a whole number, not %s.", what, v.Type().FriendlyName())
			return nil, ""
		}
		bf := n.AsBigFloat()
		i, acc := bf.Int64()
		if !bf.IsInt() || acc != 0 || i < 0 || i > maxInstances {
			sc.mi.l.errorf(count.Range().Ptr(), "Invalid count argument", "The count of %s must be a whole number between 0 and %d.", what, maxInstances)
			return nil, ""
		}
		if !sc.mi.l.budget.ChargeInstances(int(i), count.Range(), what) {
			return nil, ""
		}
		for k := int64(0); k < i; k++ {
			keys = append(keys, instKey{key: fmt.Sprintf("[%d]", k), count: cty.NumberIntVal(k)})
		}
		return keys, ""
	case forEach != nil:
		v := sc.eval(forEach)
		v, _ = v.Unmark()
		if v.IsNull() {
			sc.mi.l.errorf(forEach.Range().Ptr(), "Invalid for_each argument", "The for_each of %s is null.", what)
			return nil, ""
		}
		if !v.IsKnown() || !v.Type().IsObjectType() && !v.Type().IsMapType() && !v.Type().IsSetType() && !v.IsWhollyKnown() {
			return []instKey{{key: "[*]", eachKey: cty.UnknownVal(cty.String), eachVal: cty.DynamicVal}}, fmt.Sprintf("the for_each of %s is unknown until apply", what)
		}
		ty := v.Type()
		switch {
		case ty.IsSetType():
			for it := v.ElementIterator(); it.Next(); {
				_, e := it.Element()
				ue, _ := e.Unmark()
				if !ue.IsKnown() || ue.IsNull() || !ue.Type().Equals(cty.String) {
					if !ue.IsKnown() {
						return []instKey{{key: "[*]", eachKey: cty.UnknownVal(cty.String), eachVal: cty.DynamicVal}}, fmt.Sprintf("the for_each of %s has elements unknown until apply", what)
					}
					sc.mi.l.errorf(forEach.Range().Ptr(), "Invalid for_each argument", "The for_each set of %s must hold strings.", what)
					return nil, ""
				}
				keys = append(keys, instKey{key: fmt.Sprintf("[%q]", ue.AsString()), eachKey: ue, eachVal: e})
			}
		case ty.IsObjectType() || ty.IsMapType():
			for it := v.ElementIterator(); it.Next(); {
				k, e := it.Element()
				keys = append(keys, instKey{key: fmt.Sprintf("[%q]", k.AsString()), eachKey: k, eachVal: e})
			}
		default:
			sc.mi.l.errorf(forEach.Range().Ptr(), "Invalid for_each argument", "The for_each of %s must be a map or a set of strings, not %s.", what, ty.FriendlyName())
			return nil, ""
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i].key < keys[j].key })
		if len(keys) > maxInstances {
			sc.mi.l.errorf(forEach.Range().Ptr(), "Invalid for_each argument", "The for_each of %s has more than %d elements.", what, maxInstances)
			return nil, ""
		}
		if !sc.mi.l.budget.ChargeInstances(len(keys), forEach.Range(), what) {
			return nil, ""
		}
		return keys, ""
	}
	return []instKey{{key: ""}}, ""
}

// maxInstances bounds count and for_each: every instance is a replica in the engine.
const maxInstances = 100000

// value is what a reference to the resource evaluates to: an unknown value
// marked with the instance, per instance, shaped as Terraform shapes it.
func (ri *resInst) value() cty.Value {
	switch ri.state {
	case 2:
		return ri.val
	case 1:
		ri.mi.l.errorf(ri.r.rng.Ptr(), "Cycle in resource expansion", "The count or for_each of %s depends on the resource itself.", ri.r.addr())
		return cty.DynamicVal
	}
	ri.state = 1
	id := ri.mi.prefix + ri.r.addr()
	ri.keys, ri.unknown = ri.mi.scope().expand(ri.r.count, ri.r.forEach, id)
	if ri.unknown != "" && ri.r.count != nil {
		if n, list := ri.mi.scope().zoneCount(ri.r.count); n > 0 {
			ri.keys, ri.unknown = nil, ""
			for k := 0; k < n; k++ {
				ri.keys = append(ri.keys, instKey{key: fmt.Sprintf("[%d]", k), count: cty.NumberIntVal(int64(k))})
			}
			ri.note = fmt.Sprintf("the count of %s is the number of zones of %s, unknown until apply: at least %d (every AWS Region has several zones), and %d are counted", id, list, n, n)
		} else if ri.mi.scope().atMostOne(ri.r.count) {
			ri.keys, ri.unknown = []instKey{{key: "[0]", count: cty.NumberIntVal(0)}}, ""
			ri.note = fmt.Sprintf("the count of %s is 0 or 1 on a condition unknown until apply: the one instance it has when it is created is counted", id)
		}
	}
	switch {
	case ri.unknown != "":
		ri.val = cty.DynamicVal.Mark(ref{id, "[*]"})
	case ri.r.count != nil:
		elems := make([]cty.Value, len(ri.keys))
		for i, k := range ri.keys {
			elems[i] = cty.DynamicVal.Mark(ref{id, k.key})
		}
		ri.val = cty.TupleVal(elems)
	case ri.r.forEach != nil:
		m := map[string]cty.Value{}
		for _, k := range ri.keys {
			m[k.eachKey.AsString()] = cty.DynamicVal.Mark(ref{id, k.key})
		}
		ri.val = cty.ObjectVal(m)
	default:
		ri.val = cty.DynamicVal.Mark(ref{id, ""})
	}
	ri.state = 2
	return ri.val
}

// callValue is what module.NAME evaluates to.
func (mi *modInst) callValue(c *moduleCall) cty.Value {
	ci := mi.children[c.name]
	if ci == nil {
		ci = mi.expandCall(c)
	}
	if ci.state == 1 {
		mi.l.errorf(c.rng.Ptr(), "Cycle in module expansion", "The count or for_each of module %q depends on the module itself.", c.name)
		return cty.DynamicVal
	}
	if ci.state == 2 {
		return ci.val
	}
	ci.state = 1
	if why, ok := mi.opaque[c.name]; ok || ci.unknown != "" {
		if why == "" {
			why = ci.unknown
		}
		ci.val = cty.DynamicVal.Mark(ref{mi.prefix + "module." + c.name, ""})
		ci.state = 2
		return ci.val
	}
	obj := func(ch *modInst) cty.Value {
		m := map[string]cty.Value{}
		names := make([]string, 0, len(ch.mod.outputs))
		for n := range ch.mod.outputs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			m[n] = ch.output(n)
		}
		return cty.ObjectVal(m)
	}
	switch {
	case c.count != nil:
		elems := make([]cty.Value, len(ci.instances))
		for i, ch := range ci.instances {
			elems[i] = obj(ch)
		}
		ci.val = cty.TupleVal(elems)
	case c.forEach != nil:
		m := map[string]cty.Value{}
		for i, ch := range ci.instances {
			m[ci.keys[i].eachKey.AsString()] = obj(ch)
		}
		ci.val = cty.ObjectVal(m)
	default:
		ci.val = obj(ci.instances[0])
	}
	ci.state = 2
	return ci.val
}
