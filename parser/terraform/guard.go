package terraform

import (
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

// precheck estimates the size of a call's result from its arguments.
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
	length := func(v cty.Value) float64 {
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
			return 1
		}
		return float64(v.LengthInt())
	}
	switch name {
	case "setproduct":
		p := 1.0
		for _, a := range args {
			p *= length(a)
		}
		return evalbudget.TooLarge(p*float64(len(args)+1), 0)
	case "indent":
		s, ok := str(1)
		n := args[0]
		if n, _ = n.Unmark(); ok && n.IsKnown() && !n.IsNull() && n.Type() == cty.Number {
			spaces, _ := n.AsBigFloat().Float64()
			return evalbudget.TooLarge(1, spaces*float64(strings.Count(s, "\n")+1)+float64(len(s)))
		}
	case "format", "formatlist":
		if s, ok := str(0); ok {
			if w := largestWidth(s); w > evalbudget.MaxValueBytes {
				return evalbudget.TooLarge(1, w)
			}
		}
	case "replace":
		s, ok1 := str(0)
		sub, ok2 := str(1)
		rep, ok3 := str(2)
		if ok1 && ok2 && ok3 {
			times := float64(len(s) + 1) // an empty or pattern substring: at most one match per position
			if sub != "" && !(len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/') {
				times = float64(strings.Count(s, sub))
			}
			return evalbudget.TooLarge(1, float64(len(s))+times*float64(len(rep)))
		}
	case "join":
		if sep, ok := str(0); ok {
			n := 0.0
			for _, a := range args[1:] {
				n += length(a)
			}
			return evalbudget.TooLarge(1, bytes+n*float64(len(sep)))
		}
	case "split":
		sep, ok1 := str(0)
		s, ok2 := str(1)
		if ok1 && ok2 {
			n := float64(len(s) + 1)
			if sep != "" {
				n = float64(strings.Count(s, sep) + 1)
			}
			return evalbudget.TooLarge(n+1, float64(len(s)))
		}
	}
	return nil
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
