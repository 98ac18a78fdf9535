package json

import (
	"strconv"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/analysis"
)

// A findingWriter appends findings as JSON directly, without encoding/json's
// reflection and its second pass that indents: the bytes are those that
// encoding/json writes for an analysis.Finding with SetEscapeHTML(false) and
// SetIndent(prefix, "  ") (TestFindingBytes compares them), or, compact, with
// no indentation at all.
type findingWriter struct {
	b       []byte
	prefix  string // written at the start of each line after the first
	compact bool
	// omit, with compact, leaves out what the compact form of docs/json.md
	// lets a reader infer (files, end lines, blast radius sizes).
	omit  bool
	depth int
	// shared, when set, holds the blast radius written for each event in the
	// top-level blast_radii of the compact form: a finding whose blast radius
	// is its event's there leaves out its own copy.
	shared map[string][]string
	// rules, when set (the compact form), holds each rule's ID and severity
	// as written in the top-level rules: a finding whose ID or severity is
	// its rule's there leaves it out.
	rules map[string]ruleEntry
}

// ruleEntry is a rule's ID and severity in the compact form's rules table.
type ruleEntry struct {
	ID       string
	Severity analysis.Severity
}

func (w *findingWriter) newline() {
	if w.compact {
		return
	}
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.prefix...)
	for range w.depth {
		w.b = append(w.b, "  "...)
	}
}

func (w *findingWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
}

func (w *findingWriter) close(c byte) {
	w.depth--
	w.newline()
	w.b = append(w.b, c)
}

// key starts a member of an object; first says whether it is the first.
func (w *findingWriter) key(k string, first bool) {
	if !first {
		w.b = append(w.b, ',')
	}
	w.newline()
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
	if !w.compact {
		w.b = append(w.b, ' ')
	}
}

func (w *findingWriter) str(s string) { w.b = appendString(w.b, s) }

func (w *findingWriter) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

// strings writes a list of strings: null for nil, [] for an empty one.
func (w *findingWriter) strings(list []string) {
	if list == nil {
		w.b = append(w.b, "null"...)
		return
	}
	if len(list) == 0 {
		w.b = append(w.b, "[]"...)
		return
	}
	w.open('[')
	for i, s := range list {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.newline()
		w.str(s)
	}
	w.close(']')
}

func (w *findingWriter) location(l *analysis.Location) { w.locationIn(l, "") }

// locationIn writes l; compact, a location within a finding whose own
// location is in file leaves out its file when it is the same, and every
// location leaves out an end_line that equals its line (when end_column is
// written: a reader takes the end line as the line).
func (w *findingWriter) locationIn(l *analysis.Location, file string) {
	w.open('{')
	first := true
	if !w.omit || file == "" || l.File != file {
		w.key("file", true)
		w.str(l.File)
		first = false
	}
	w.key("line", first)
	w.int(l.Line)
	w.key("column", false)
	w.int(l.Column)
	if l.EndLine != 0 && !(w.omit && l.EndLine == l.Line && l.EndColumn != 0) {
		w.key("end_line", false)
		w.int(l.EndLine)
	} else if w.omit && l.EndLine == 0 && l.EndColumn != 0 {
		// An end column without an end line: written as 0 (unknown) so that
		// a reader does not take the line.
		w.key("end_line", false)
		w.int(0)
	}
	if l.EndColumn != 0 {
		w.key("end_column", false)
		w.int(l.EndColumn)
	}
	w.close('}')
}

// finding appends f, its fields in the order of analysis.Finding's; prev is
// the finding before it in the list, or nil.
func (w *findingWriter) finding(f, prev *analysis.Finding) {
	w.open('{')
	w.key("rule", true)
	w.str(f.Rule)
	r, shared := w.rules[f.Rule]
	if !shared || r.ID != f.ID {
		w.key("id", false)
		w.str(f.ID)
	}
	if !shared || r.Severity != f.Severity {
		w.key("severity", false)
		w.str(string(f.Severity))
	}
	w.key("component", false)
	w.str(f.Component)
	w.key("message", false)
	w.str(f.Message)
	w.key("location", false)
	if w.omit && prev != nil {
		// Compact: the file is left out when it is the previous finding's.
		w.locationIn(&f.Location, prev.Location.File)
	} else {
		w.location(&f.Location)
	}
	w.key("event", false)
	w.str(f.Event)
	if !w.sharesBlast(f) {
		w.key("blast_radius", false)
		w.strings(f.BlastRadius)
	}
	if !w.omit || f.BlastRadiusSize != len(f.BlastRadius) {
		// Compact: left out when it is the length of the list.
		w.key("blast_radius_size", false)
		w.int(f.BlastRadiusSize)
	}
	w.key("path", false)
	w.strings(f.Path)
	if f.PathSize != 0 {
		w.key("path_size", false)
		w.int(f.PathSize)
	}
	if len(f.Entrypoints) > 0 {
		w.key("entrypoints", false)
		w.strings(f.Entrypoints)
	}
	if f.EntrypointsSize != 0 {
		w.key("entrypoints_size", false)
		w.int(f.EntrypointsSize)
	}
	if len(f.Related) > 0 {
		w.key("related", false)
		w.open('[')
		for i := range f.Related {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.newline()
			r := &f.Related[i]
			w.open('{')
			w.key("message", true)
			w.str(r.Message)
			w.key("location", false)
			w.locationIn(&r.Location, f.Location.File)
			w.close('}')
		}
		w.close(']')
	}
	if len(f.Unknowns) > 0 {
		w.key("unknowns", false)
		w.strings(f.Unknowns)
	}
	if f.Fingerprint != "" {
		w.key("fingerprint", false)
		w.str(f.Fingerprint)
	}
	if s := f.Suppressed; s != nil {
		w.key("suppressed", false)
		w.open('{')
		w.key("kind", true)
		w.str(s.Kind)
		w.key("reason", false)
		w.str(s.Reason)
		if s.Location != nil {
			w.key("location", false)
			w.locationIn(s.Location, f.Location.File)
		}
		w.close('}')
	}
	w.close('}')
}

// sharesBlast reports whether f's blast radius is the one written for its
// event in the shared table (the compact form only).
func (w *findingWriter) sharesBlast(f *analysis.Finding) bool {
	if w.shared == nil || f.BlastRadius == nil {
		return false
	}
	s, ok := w.shared[f.Event]
	return ok && equal(s, f.BlastRadius)
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) > 0 && &a[0] == &b[0] {
		return true // the same list, as the findings of one event share it
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string the way encoding/json writes it
// without HTML escaping: quote, backslash and the controls below 0x20 escaped
// (\b, \f, \n, \r, \t by name, the others as \u00XX), U+2028 and U+2029 as
// \u escapes, invalid UTF-8 as \ufffd, everything else as it is.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
