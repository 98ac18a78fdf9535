package hcl

import (
	"testing"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestLiteralMatchesValue checks that literal gives what evaluating gives.
func TestLiteralMatchesValue(t *testing.T) {
	for _, src := range []string{`"a"`, `""`, `1`, `1.5`, `true`, `null`, `["a", "b"]`, `["a", 1, true, null]`, `[["a"], "b"]`, `"$${x}"`, `"%%{x}"`, `"a\nb"`, `"é"`} {
		e, diags := hclsyntax.ParseExpression([]byte(src), "t", hclv2.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		want, _ := e.Value(nil)
		got, ok := literal(e)
		if !ok {
			t.Logf("%s: not a literal", src)
			continue
		}
		if !got.RawEquals(want) {
			t.Errorf("%s: literal %#v, Value %#v", src, got, want)
		}
	}
}
