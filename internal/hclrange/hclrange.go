// Package hclrange keeps diagnostic ranges within their input, for every parser
// that reports HCL diagnostics (the native format, Terraform).
package hclrange

import "github.com/hashicorp/hcl/v2"

// Valid reports whether r lies within an n-byte input, start before end.
func Valid(r hcl.Range, n int) bool {
	return r.Start.Line >= 1 && r.Start.Column >= 1 && r.Start.Byte >= 0 &&
		r.End.Line >= r.Start.Line && r.End.Column >= 1 && r.Start.Byte <= r.End.Byte && r.End.Byte <= n
}

// Clamp keeps every diagnostic's ranges within the n-byte input. hclsyntax's
// recovery can leave an expression with an end before its start (an unclosed call
// at the end of the file), and a range printed as 4,8-0,0 helps nobody.
func Clamp(diags hcl.Diagnostics, n int) hcl.Diagnostics {
	clamp := func(r *hcl.Range) *hcl.Range {
		if r == nil || Valid(*r, n) {
			return r
		}
		c := *r
		if c.Start.Byte < 0 || c.Start.Byte > n || c.Start.Line < 1 || c.Start.Column < 1 {
			c.Start = hcl.InitialPos
		}
		if c.End.Byte < c.Start.Byte || c.End.Byte > n || c.End.Line < c.Start.Line || c.End.Column < 1 {
			c.End = c.Start
		}
		return &c
	}
	for _, d := range diags {
		d.Subject = clamp(d.Subject)
		d.Context = clamp(d.Context)
	}
	return diags
}
