package terraform

import (
	"math"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/faultline-dev/faultline/internal/evalbudget"
)

// guardFunctions wraps every function of the table (but try and can, whose
// arguments are expressions evaluated inside them) so that no call builds a
// value larger than evalbudget allows: the sizes of its arguments together,
// and for the functions that expand them — setproduct, indent, format and
// formatlist widths, replace, join, split — the size of the result, are
// checked before the function runs. A call that would exceed them is an error
// at the call, as Terraform reports a function's error.
func guardFunctions(table map[string]function.Function) map[string]function.Function {
	out := make(map[string]function.Function, len(table))
	for name, f := range table {
		if name == "try" || name == "can" {
			out[name] = f
			continue
		}
		out[name] = guarded(name, f)
	}
	return out
}

// guarded is f with precheck before it. Its parameters take anything (unknown,
// null, marked, dynamic values) and hand it to f.Call, which applies f's own
// rules: the wrapper changes nothing of f's results, refinements included.
func guarded(name string, f function.Function) function.Function {
	open := func(p function.Parameter) function.Parameter {
		p.AllowUnknown, p.AllowNull, p.AllowMarked, p.AllowDynamicType = true, true, true, true
		return p
	}
	params := f.Params()
	for i := range params {
		params[i] = open(params[i])
	}
	var varParam *function.Parameter
	if vp := f.VarParam(); vp != nil {
		p := open(*vp)
		varParam = &p
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		VarParam:    varParam,
		Type:        func(args []cty.Value) (cty.Type, error) { return f.ReturnTypeForValues(args) },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if err := precheck(name, args); err != nil {
				return cty.NilVal, err
			}
			return f.Call(args)
		},
	})
}

// precheck refuses a call whose arguments together, or whose predicted
// result, are larger than one value may be.
func precheck(name string, args []cty.Value) error {
	var nodes, bytes float64
	for _, a := range args {
		n, b := evalbudget.Size(a)
		nodes += float64(n)
		bytes += float64(b)
	}
	if err := evalbudget.TooLarge(nodes, bytes); err != nil {
		return err
	}
	return evalbudget.TooLarge(predict(name, args))
}

// newBudget is the evaluation budget of one root module, with the
// predictions of this package's functions.
func newBudget() *evalbudget.Budget {
	b := evalbudget.New()
	b.Predict = predict
	return b
}

// predict estimates the nodes and string bytes of the result of the function
// name from its known arguments, for the functions whose result can be far
// larger than their arguments (0, 0 for the others: what they return is
// charged once they have run, and is at most a small multiple of what they
// were given). The budget charges the estimate before the call
// (evalbudget.Budget.Predict), and precheck refuses a call whose estimate is
// larger than one value may be: range, setproduct, indent, format and
// formatlist (widths, repeated verbs), replace, join, split, regexall.
func predict(name string, args []cty.Value) (nodes, bytes float64) {
	str := func(i int) (string, bool) {
		if i >= len(args) {
			return "", false
		}
		v, _ := args[i].Unmark()
		if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			return "", false
		}
		return v.AsString(), true
	}
	num := func(i int) (float64, bool) {
		if i >= len(args) {
			return 0, false
		}
		v, _ := args[i].Unmark()
		if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
			return 0, false
		}
		f, _ := v.AsBigFloat().Float64()
		return f, true
	}
	length := func(v cty.Value) float64 {
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
			return 1
		}
		return float64(v.LengthInt())
	}
	size := func(vs []cty.Value) (nodes, bytes, most float64) {
		for _, a := range vs {
			n, b := evalbudget.Size(a)
			nodes += float64(n)
			bytes += float64(b)
			most = max(most, float64(b))
		}
		return nodes, bytes, most
	}
	switch name {
	case "range":
		var f [3]float64
		f[2] = 1
		switch len(args) {
		case 1:
			f[1], _ = num(0)
		case 2, 3:
			for i := range args {
				f[i], _ = num(i)
			}
		}
		if f[2] != 0 {
			if n := math.Ceil((f[1] - f[0]) / f[2]); n > 0 {
				return n + 1, 0
			}
		}
	case "setproduct":
		p, per := 1.0, 0.0
		for _, a := range args {
			n := length(a)
			p *= n
			if _, b := evalbudget.Size(a); n > 0 {
				per += float64(b) / n
			}
		}
		return p * float64(len(args)+1), p * per
	case "indent":
		s, ok := str(1)
		if spaces, ok2 := num(0); ok && ok2 {
			return 1, spaces*float64(strings.Count(s, "\n")+1) + float64(len(s))
		}
	case "format", "formatlist":
		f, ok := str(0)
		if !ok {
			break
		}
		// Every verb may print the largest argument, padded to the
		// largest width: an upper bound, close for the formats written
		// by hand ("%s-%s"), exact for a repeated argument
		// ("%[1]s%[1]s…") and a wide one ("%1000000000d").
		verbs := float64(strings.Count(f, "%") - 2*strings.Count(f, "%%"))
		_, _, most := size(args[1:])
		width := largestWidth(f)
		n := 1.0
		if name == "formatlist" {
			for _, a := range args[1:] {
				if a, _ := a.Unmark(); a.IsKnown() && !a.IsNull() && (a.Type().IsListType() || a.Type().IsTupleType()) {
					n = max(n, length(a))
				}
			}
		}
		return n, n * (float64(len(f)) + max(verbs, 0)*(most+width))
	case "replace":
		s, ok1 := str(0)
		sub, ok2 := str(1)
		rep, ok3 := str(2)
		if ok1 && ok2 && ok3 {
			times := float64(len(s) + 1) // an empty or pattern substring: at most one match per position
			if sub != "" && !(len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/') {
				times = float64(strings.Count(s, sub))
			}
			return 1, float64(len(s)) + times*float64(len(rep))
		}
	case "join":
		if sep, ok := str(0); ok {
			n := 0.0
			for _, a := range args[1:] {
				n += length(a)
			}
			_, b, _ := size(args[1:])
			return 1, b + n*float64(len(sep))
		}
	case "split":
		sep, ok1 := str(0)
		s, ok2 := str(1)
		if ok1 && ok2 {
			n := float64(len(s) + 1)
			if sep != "" {
				n = float64(strings.Count(s, sep) + 1)
			}
			return n + 1, float64(len(s))
		}
	case "regexall":
		// At most one match per position, each with its groups.
		pat, ok1 := str(0)
		s, ok2 := str(1)
		if ok1 && ok2 {
			groups := float64(strings.Count(pat, "(") + 1)
			return (float64(len(s)) + 1) * groups, float64(len(s))
		}
	}
	return 0, 0
}

// largestWidth returns the largest width or precision in a format string's
// verbs (%10s, %.5f, %-1000000000d).
func largestWidth(s string) float64 {
	max := 0.0
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		n := 0.0
		for i++; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= '0' && c <= '9':
				n = n*10 + float64(c-'0')
				if n > max {
					max = n
				}
			case c == '.' || c == '-' || c == '+' || c == '#' || c == ' ' || c == '[' || c == ']' || c == '*':
				n = 0
			default:
				goto next
			}
		}
	next:
	}
	return max
}
