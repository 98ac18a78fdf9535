package boundary

import (
	"bytes"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// CheckText refuses a configuration file that holds a NUL byte: HCL files are
// text, and hclsyntax takes a NUL inside a quoted string or a comment as part of
// it without a word. It returns the error at the first NUL, or nil.
func CheckText(filename string, src []byte) *hcl.Diagnostic {
	i := bytes.IndexByte(src, 0)
	if i < 0 {
		return nil
	}
	line := 1 + bytes.Count(src[:i], []byte{'\n'})
	col := 1 + utf8.RuneCount(src[bytes.LastIndexByte(src[:i], '\n')+1:i])
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid character",
		Detail:   "This file holds a NUL byte: it is not a text configuration file, and faultline does not read it.",
		Subject: &hcl.Range{Filename: filename, Start: hcl.Pos{Line: line, Column: col, Byte: i},
			End: hcl.Pos{Line: line, Column: col + 1, Byte: i + 1}},
	}
}
