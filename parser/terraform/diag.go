package terraform

import (
	"io/fs"
	"sort"

	"github.com/hashicorp/hcl/v2"
)

// fileRange is the start of a file, the subject of a diagnostic about the whole file.
func fileRange(name string) *hcl.Range {
	return &hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos}
}

// reason is err without the path that the diagnostic already names.
func reason(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// dedupe drops repeated diagnostics (one expression evaluated for every instance
// reports the same problem once) and sorts them by position.
func dedupe(diags hcl.Diagnostics) hcl.Diagnostics {
	type key struct {
		file        string
		line, col   int
		sum, detail string
	}
	seen := map[key]bool{}
	var out hcl.Diagnostics
	for _, d := range diags {
		k := key{sum: d.Summary, detail: d.Detail}
		if d.Subject != nil {
			k.file, k.line, k.col = d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Subject, out[j].Subject
		if a == nil || b == nil {
			return a == nil && b != nil
		}
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Start.Byte < b.Start.Byte
	})
	return out
}
