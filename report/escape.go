package report

import (
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Visible returns s with every character that could change how the output
// around it is read written as a visible escape: the C0 controls (a newline
// that would start a heading in Markdown or a "::" workflow command in a CI
// log, a carriage return that would overwrite a line in a terminal), DEL, the
// C1 controls, the Unicode line and paragraph separators, and invalid UTF-8.
// They become \n, \r, \t, \xNN or \uNNNN. Names from the input reach every
// renderer through it (or through a format's own stricter escaping); s without
// such characters is returned as it is.
func Visible(s string) string {
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if needsEscape(r, size) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && needsEscape(r, size):
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r, size):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(r rune, size int) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 ||
		r == utf8.RuneError && size == 1
}

// visibleArgs applies Visible to the text arguments of a Printf: strings
// (named string types too), and the errors and fmt.Stringers that are structs
// or pointers (a Location); numbers are left to their verbs.
func visibleArgs(args []any) []any {
	var out []any
	for i, a := range args {
		var s string
		switch v := a.(type) {
		case string:
			s = v
		case error:
			s = v.Error()
		case fmt.Stringer:
			if k := reflect.ValueOf(v).Kind(); k != reflect.Struct && k != reflect.Pointer {
				continue
			}
			s = v.String()
		default:
			if rv := reflect.ValueOf(a); rv.Kind() == reflect.String {
				s = rv.String()
			} else {
				continue
			}
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = Visible(s)
	}
	if out == nil {
		return args
	}
	return out
}

// VisibleControls is Visible for a whole rendered document that has line
// structure of its own: it keeps newlines and tabs and makes every other
// control character visible. A renderer whose template writes no control
// characters (the HTML report) passes its output through it, so that none
// from the input remains, whatever the context the template put it in.
func VisibleControls(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != '\n' && r != '\t' && needsEscape(r, size) {
			if b.Len() == 0 {
				b.Grow(len(s) + 16)
			}
			b.WriteString(s[last:i])
			b.WriteString(Visible(s[i : i+size]))
			last = i + size
		}
		i += size
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// NewJSONWriter returns a writer that passes JSON through to w with DEL and the
// C1 controls, which encoding/json leaves raw in strings (valid JSON, but a
// C1 control is a terminal escape when the output is printed), written as
// \u escapes. JSON's own structure holds no such character, so the result is
// the same document. Call Flush at the end.
func NewJSONWriter(w io.Writer) *JSONWriter { return &JSONWriter{w: w} }

// JSONWriter is the writer of NewJSONWriter.
type JSONWriter struct {
	w     io.Writer
	carry bool // the last byte written was 0xC2, held back
}

func (j *JSONWriter) Write(p []byte) (int, error) {
	var out []byte
	start := 0
	if j.carry {
		j.carry = false
		if len(p) > 0 && p[0] >= 0x80 && p[0] < 0xa0 {
			out = fmt.Appendf(out, `\u%04x`, p[0])
			start = 1
		} else {
			out = append(out, 0xc2)
		}
	}
	for i := start; i < len(p); i++ {
		switch {
		case p[i] == 0x7f:
			out = append(out, p[start:i]...)
			out = append(out, `\u007f`...)
			start = i + 1
		case p[i] == 0xc2 && i+1 < len(p) && p[i+1] >= 0x80 && p[i+1] < 0xa0:
			out = append(out, p[start:i]...)
			out = fmt.Appendf(out, `\u%04x`, p[i+1])
			i++
			start = i + 1
		case p[i] == 0xc2 && i+1 == len(p):
			out = append(out, p[start:i]...)
			start = len(p)
			j.carry = true
		}
	}
	if out == nil {
		if _, err := j.w.Write(p); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	out = append(out, p[start:]...)
	if _, err := j.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a byte held back at the end (a lone 0xC2, never in valid
// encoder output, but written as it came).
func (j *JSONWriter) Flush() error {
	if !j.carry {
		return nil
	}
	j.carry = false
	_, err := j.w.Write([]byte{0xc2})
	return err
}
