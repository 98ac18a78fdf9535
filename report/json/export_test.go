package json

import "github.com/faultline-dev/faultline/analysis"

// SetStreamAbove changes the streaming threshold and returns a function that
// restores it.
func SetStreamAbove(n int) func() {
	saved := streamAbove
	streamAbove = n
	return func() { streamAbove = saved }
}

// AppendFinding appends f as the findings of Render do (indented, the first
// line without its prefix) or, compact, as RenderCompact does without a
// shared blast radius.
func AppendFinding(b []byte, f *analysis.Finding, compact bool) []byte {
	w := findingWriter{b: b, prefix: "    ", compact: compact}
	if compact {
		w.prefix = ""
	}
	w.finding(f, nil)
	return w.b
}
