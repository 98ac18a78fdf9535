package kubernetes

import (
	"fmt"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// $(VAR) references in a container's env values, command and args are
// expanded by the kubelet when it starts the container, with these rules
// (k8s.io/kubernetes, third_party/forked/golang/expansion, and the kubelet's
// makeEnvironmentVariables and ExpandContainerCommandAndArgs):
//
//   - an env value sees the variables declared before it in the container's
//     env list, with their expanded values (a later declaration of the same
//     name replaces the earlier one), plus those of envFrom and the service
//     links; command and args see every variable of the final environment;
//   - $(NAME) of a known variable is replaced by its value, and the result is
//     not expanded again; $(NAME) of an unknown one is kept as written, as is
//     $( without a closing parenthesis; the name is everything up to the first
//     ')' (no nesting, no escapes inside it);
//   - $$ is one $; a $ followed by anything else is kept with what follows.
//
// Values faultline cannot know (valueFrom, envFrom, service links) are not in
// the map, so their references stay as written, as for an undefined variable.

// maxExpandedValue bounds one value once expanded: Linux refuses to start a
// program with an argument or environment string longer than 32 pages
// (MAX_ARG_STRLEN, 128 KiB), so a container whose expanded value is longer
// cannot start. A value already longer as written is bounded by its length.
const maxExpandedValue = 128 << 10

// expansionFactor bounds what expansion adds in one document, all values
// together: at most this many times the document's size (aliases let one
// small document expand the same values many times).
const expansionFactor = 4

// expand expands the $(VAR) references of s with vars. When the result would
// pass limit bytes it stops and returns ok false with the name of the
// variable whose value crossed it.
func expand(s string, vars map[string]string, limit int) (out string, over string, ok bool) {
	return expandLinks(s, vars, nil, limit)
}

// expandLinks is expand where link, when not nil, says which unknown
// variables may be a Service's (servicelinks.go): each is replaced by
// linkMark, its name, linkMark, for the model to fill in once the Services
// are known (or to put back as written).
func expandLinks(s string, vars map[string]string, link func(string) bool, limit int) (out string, over string, ok bool) {
	if strings.IndexByte(s, '$') < 0 {
		return s, "", true
	}
	var b strings.Builder
	last := "" // the variable expanded last
	for {
		if b.Len() > limit {
			return "", last, false
		}
		i := strings.IndexByte(s, '$')
		if i < 0 || i == len(s)-1 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		switch s[i+1] {
		case '$': // an escaped operator
			b.WriteByte('$')
			s = s[i+2:]
		case '(':
			j := strings.IndexByte(s[i+2:], ')')
			if j < 0 { // no closing parenthesis: kept, and the scan goes on after "$("
				b.WriteString("$(")
				s = s[i+2:]
				continue
			}
			name := s[i+2 : i+2+j]
			if v, known := vars[name]; known {
				if b.Len()+len(v) > limit {
					return "", name, false
				}
				b.WriteString(v)
				last = name
			} else if link != nil && link(name) {
				b.WriteByte(linkMark)
				b.WriteString(name)
				b.WriteByte(linkMark)
			} else {
				b.WriteString(s[i : i+3+j])
			}
			s = s[i+3+j:]
		default: // "$" and the byte after it, kept
			b.WriteString(s[i : i+2])
			s = s[i+2:]
		}
	}
	if b.Len() > limit {
		return "", last, false
	}
	return b.String(), "", true
}

// expander expands the values of one container, with the document's budget.
type expander struct {
	r         *reader
	container string
	vars      map[string]string
	// links is set when the container gets its namespace's Service
	// variables (servicelinks.go); unknown holds the names declared with a
	// value the manifests do not give (valueFrom), which hide a Service's.
	links   bool
	unknown map[string]bool
}

func (e *expander) setUnknown(name string, unknown bool) {
	switch {
	case unknown && e.unknown == nil:
		e.unknown = map[string]bool{name: true}
	case unknown:
		e.unknown[name] = true
	default:
		delete(e.unknown, name)
	}
}

// link reports whether $(name), unknown, may be a Service's variable.
func (e *expander) link(name string) bool {
	return !e.unknown[name] && serviceVar(name)
}

// expand expands s, the value of scalar n (what says which value: "env X",
// "args[2]"). A value that would be longer than maxExpandedValue (or than
// written, if longer), or would spend more than what is left of the
// document's budget, is an error at n naming the container, the value and
// the variable; ok is false and the value is unknown. Once the budget is
// spent, every later value that expansion would make longer is unknown
// without another diagnostic. Expansion stops as soon as a bound is passed,
// so that no value is built beyond it.
func (e *expander) expand(s, what string, n *yaml.Node) (string, bool) {
	valueLimit := max(maxExpandedValue, len(s))
	limit := min(valueLimit, len(s)+e.r.expansionLeft)
	var link func(string) bool
	if e.links {
		link = e.link
	}
	out, over, ok := expandLinks(s, e.vars, link, limit)
	switch {
	case ok:
		if grown := len(out) - len(s); grown > 0 {
			e.r.expansionLeft -= grown
		}
		return out, true
	case limit == valueLimit:
		e.r.errorf(n, "Variable expansion too large", fmt.Sprintf(
			"Expanding $(%s) in %s of container %q makes the value longer than %d KiB: Linux refuses to start a program with a longer argument or environment string, so the container could not start. faultline takes the value as unknown and reads no address from it.",
			visibleName(over), what, e.container, valueLimit>>10))
	case !e.r.expansionSpent:
		e.r.expansionSpent, e.r.expansionLeft = true, 0
		e.r.errorf(n, "Variable expansion too large", fmt.Sprintf(
			"Expanding $(%s) in %s of container %q takes what $(VAR) expansion adds to the document's values past %d times the document's size. faultline takes this value, and every later value of the document that expansion would make longer, as unknown and reads no address from them.",
			visibleName(over), what, e.container, expansionFactor))
	}
	return "", false
}

// visibleName shortens a variable name for a message, at a character boundary.
func visibleName(s string) string {
	if len(s) <= 64 {
		return s
	}
	cut := 64
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
