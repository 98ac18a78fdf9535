package helm

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Helm's --set syntax (helm.sh/docs: "The Format and Limitations of --set"),
// implemented here from its documentation and observed behaviour:
//
//	name=value                 a string, or true/false/null (any case), or an
//	                           integer without a leading zero (int64; "0" too)
//	a.b.c=value                nested maps
//	name={a,b,c}               a list
//	name[0]=value, a[0].b=c    list elements (index at most 65536)
//	a=b,c=d                    several assignments
//	\, \. \= \[ \\             a literal character in a name or value
//
// With --set-string every value is a string. A value of null deletes the key
// from the chart's defaults (Helm's coalescing).

// maxSetIndex and maxSetDepth are Helm's limits on a list index and on the
// nesting of names.
const (
	maxSetIndex = 65536
	maxSetDepth = 30
)

// ParseSet applies one --set (or, with asString, --set-string) argument to dst.
func ParseSet(s string, dst map[string]any, asString bool) error {
	p := &setParser{in: []rune(s), asString: asString}
	for !p.eof() {
		if err := p.assign(dst, 0); err != nil {
			return err
		}
	}
	return nil
}

type setParser struct {
	in       []rune
	pos      int
	asString bool
}

func (p *setParser) eof() bool { return p.pos >= len(p.in) }

// until reads up to one of stop (not consumed past it: it is returned) with
// backslash escapes; stop is 0 at the end of the input.
func (p *setParser) until(stop string) (string, rune) {
	var b strings.Builder
	for p.pos < len(p.in) {
		r := p.in[p.pos]
		p.pos++
		switch {
		case strings.ContainsRune(stop, r):
			return b.String(), r
		case r == '\\':
			if p.pos < len(p.in) {
				b.WriteRune(p.in[p.pos])
				p.pos++
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), 0
}

// assign reads a name and what follows it into m.
func (p *setParser) assign(m map[string]any, depth int) error {
	name, stop := p.until("=[,.")
	switch stop {
	case 0:
		return fmt.Errorf("key %q has no value", name)
	case ',':
		return fmt.Errorf("key %q has no value (cannot end with ,)", name)
	case '=':
		v, err := p.value()
		if err != nil {
			return err
		}
		if name != "" {
			m[name] = v
		}
		return nil
	case '.':
		if depth+1 > maxSetDepth {
			return fmt.Errorf("value name nested level is greater than maximum supported nested level of %d", maxSetDepth)
		}
		inner := map[string]any{}
		if old, ok := m[name]; ok {
			om, isMap := old.(map[string]any)
			if !isMap {
				return fmt.Errorf("key %q is not a map (it is %v)", name, old)
			}
			inner = om
		}
		err := p.assign(inner, depth+1)
		if err == nil && len(inner) == 0 {
			return fmt.Errorf("key map %q has no value", name)
		}
		if len(inner) > 0 && name != "" {
			m[name] = inner
		}
		return err
	default: // '['
		i, err := p.index()
		if err != nil {
			return err
		}
		var list []any
		if old, ok := m[name]; ok {
			ol, isList := old.([]any)
			if !isList {
				return fmt.Errorf("key %q is not a list (it is %v)", name, old)
			}
			list = ol
		}
		list, err = p.element(list, i, depth)
		if name != "" {
			m[name] = list
		}
		return err
	}
}

// index reads a list index up to ']'.
func (p *setParser) index() (int, error) {
	s, stop := p.until("]")
	if stop == 0 {
		return 0, errors.New("error parsing index: no closing ]")
	}
	i, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("error parsing index: %v", err)
	}
	if i < 0 {
		return 0, fmt.Errorf("negative %d index not allowed", i)
	}
	if i > maxSetIndex {
		return 0, fmt.Errorf("index of %d is greater than maximum supported index of %d", i, maxSetIndex)
	}
	return i, nil
}

// element reads what follows name[i] into list.
func (p *setParser) element(list []any, i, depth int) ([]any, error) {
	rest, stop := p.until("[.=")
	if rest != "" {
		return list, fmt.Errorf("unexpected data at end of array index: %q", rest)
	}
	if len(list) <= i {
		list = append(list, make([]any, i+1-len(list))...)
	}
	switch stop {
	case '=':
		v, err := p.value()
		if err != nil {
			return list, err
		}
		list[i] = v
		return list, nil
	case '[':
		j, err := p.index()
		if err != nil {
			return list, err
		}
		var inner []any
		if list[i] != nil {
			il, isList := list[i].([]any)
			if !isList {
				return list, fmt.Errorf("element %d is not a list", i)
			}
			inner = il
		}
		inner, err = p.element(inner, j, depth)
		list[i] = inner
		return list, err
	case '.':
		inner, isMap := list[i].(map[string]any)
		if !isMap {
			inner = map[string]any{}
		}
		err := p.assign(inner, depth)
		list[i] = inner
		return list, err
	}
	return list, errors.New("parse error: unexpected end of input after an index")
}

// value reads a value after '=': a {list} or a scalar up to ','.
func (p *setParser) value() (any, error) {
	if p.eof() {
		return "", nil
	}
	if p.in[p.pos] != '{' {
		s, _ := p.until(",")
		return p.typed(s), nil
	}
	p.pos++
	list := []any{}
	for {
		s, stop := p.until(",}")
		switch stop {
		case 0:
			return list, errors.New("list must terminate with '}'")
		case '}':
			list = append(list, p.typed(s))
			if !p.eof() && p.in[p.pos] == ',' {
				p.pos++
			}
			return list, nil
		default:
			list = append(list, p.typed(s))
		}
	}
}

// typed is a scalar's value: bool, null, int64 or string.
func (p *setParser) typed(s string) any {
	if p.asString {
		return s
	}
	switch {
	case strings.EqualFold(s, "true"):
		return true
	case strings.EqualFold(s, "false"):
		return false
	case strings.EqualFold(s, "null"):
		return nil
	case s == "0":
		return int64(0)
	}
	if s != "" && s[0] != '0' {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	}
	return s
}
