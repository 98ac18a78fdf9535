// Package json renders check and blast results as the JSON of SPEC §6.
package json

import (
	"encoding/json"
	"io"

	"github.com/faultline-dev/faultline/report"
)

// Render writes a check result as indented JSON.
func Render(w io.Writer, c *report.Check) error { return write(w, c) }

// RenderBlast writes a blast result as indented JSON.
func RenderBlast(w io.Writer, b *report.Blast) error { return write(w, b) }

func write(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
