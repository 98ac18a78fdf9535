package hcl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/depth"
	"github.com/faultline-dev/faultline/internal/race"
)

// TestDepthLimits feeds inputs beyond the limits; each must be one diagnostic. The
// brackets, 100,000 deep, overflow hclsyntax's stack, a fatal error, without the
// check; the others would need a million levels or operators to do so.
func TestDepthLimits(t *testing.T) {
	race.SkipBound(t)
	const n = 4 * depth.MaxOperators
	attr := func(expr string) string { return "component \"a\" {\n  replicas = " + expr + "\n}\n" }
	tests := []struct {
		name, src, summary string
	}{
		{"brackets", attr(strings.Repeat("[", 100000) + strings.Repeat("]", 100000)), "Nesting too deep"},
		{"objects", attr(strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n)), "Nesting too deep"},
		{"templates", attr(strings.Repeat(`"${`, n) + "1" + strings.Repeat(`}"`, n)), "Nesting too deep"},
		{"blocks", "component \"a\" {\n" + strings.Repeat("placement {\n", n) + strings.Repeat("}\n", n) + "}\n", "Nesting too deep"},
		{"unary", attr(strings.Repeat("-", n) + "1"), "Expression too complex"},
		{"binary", attr(strings.Repeat("1+", n) + "1"), "Expression too complex"},
		{"conditional", attr(strings.Repeat("true ? 1 : ", n) + "1"), "Expression too complex"},
		{"splat", attr("[[1]]" + strings.Repeat("[*]", n)), "Expression too complex"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := parse("deep.hcl", []byte(tt.src))
			if len(diags) != 1 || diags[0].Summary != tt.summary {
				t.Fatalf("diagnostics = %v, want one %q", diags, tt.summary)
			}
			if s := diags[0].Subject; s == nil || s.Start.Line < 2 {
				t.Errorf("subject %v, want within the nesting", s)
			}
		})
	}
}

// Nesting up to the limit, and many operators spread over statements, are read.
func TestDepthWithinLimits(t *testing.T) {
	nested := "component \"a\" {\n  replicas = " + strings.Repeat("[", depth.MaxNesting-1) + strings.Repeat("]", depth.MaxNesting-1) + "\n}\n"
	_, diags := parse("ok.hcl", []byte(nested))
	if len(diags) != 1 || diags[0].Summary != "Incorrect attribute value type" {
		t.Errorf("nesting %d: diagnostics = %v, want only the type error", depth.MaxNesting, diags)
	}
	var many strings.Builder
	for i := 0; i < 2*depth.MaxOperators; i++ {
		fmt.Fprintf(&many, "component \"c%d\" { replicas = 1 + 1 - 1 }\n", i)
	}
	if _, diags := parse("many.hcl", []byte(many.String())); len(diags) > 0 {
		t.Errorf("many statements: %s", diags.Error())
	}
}
