package terraform

import (
	"fmt"

	"github.com/faultline-dev/faultline/internal/depth"
	"github.com/hashicorp/hcl/v2"
)

// The limits of the native parser's guard (parser/internal/depth) apply to
// .tf.json templates too.
const (
	maxNesting   = depth.MaxNesting
	maxOperators = depth.MaxOperators
)

// checkJSONDepth is checkDepth for .tf.json files, which hcl's JSON parser also
// reads recursively (200,000 nested brackets overflowed the stack). It counts the
// nesting of arrays and objects, and inside strings that of the template
// interpolations (${ … }) with their brackets and operators, which are parsed as
// native expressions.
func checkJSONDepth(filename string, src []byte) *hcl.Diagnostic {
	if len(src) <= maxNesting {
		return nil
	}
	at := func(off int) *hcl.Range {
		line, col := 1, 1
		for _, c := range src[:off] {
			if c == '\n' {
				line, col = line+1, 1
			} else if c < 0x80 || c >= 0xC0 {
				col++
			}
		}
		p := hcl.Pos{Line: line, Column: col, Byte: off}
		return &hcl.Range{Filename: filename, Start: p, End: hcl.Pos{Line: line, Column: col + 1, Byte: off + 1}}
	}
	tooDeep := func(off int) *hcl.Diagnostic {
		return &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Nesting too deep",
			Detail: fmt.Sprintf("Arrays, objects and template expressions nest here more than %d deep; faultline does not read a file nested so deeply.",
				maxNesting),
			Subject: at(off),
		}
	}
	depth, inner, ops := 0, 0, 0 // inner: the nesting inside the current string
	inString := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !inString {
			switch c {
			case '"':
				inString, inner, ops = true, 0, 0
			case '[', '{':
				if depth++; depth > maxNesting {
					return tooDeep(i)
				}
			case ']', '}':
				depth = max(depth-1, 0)
			}
			continue
		}
		switch c {
		case '\\':
			i++ // an escaped character, \" among them
		case '"':
			inString = false
		case '$', '%':
			if i+1 < len(src) && src[i+1] == '{' {
				if i > 0 && src[i-1] == c {
					continue // $${ and %%{ are literal
				}
				i++
				if inner++; depth+inner > maxNesting {
					return tooDeep(i)
				}
			}
		case '(', '[', '{':
			if inner > 0 {
				if inner++; depth+inner > maxNesting {
					return tooDeep(i)
				}
			}
		case ')', ']', '}':
			inner = max(inner-1, 0)
		case '+', '-', '*', '/', '!', '&', '|', '=', '<', '>', '?':
			if inner > 0 {
				if ops++; ops > maxOperators {
					return &hcl.Diagnostic{
						Severity: hcl.DiagError,
						Summary:  "Expression too complex",
						Detail: fmt.Sprintf("This string has more than %d operators in its template expressions; faultline does not read an expression so long.",
							maxOperators),
						Subject: at(i),
					}
				}
			}
		}
	}
	return nil
}
