package depth

import (
	"strings"
	"testing"
)

// FuzzQuickWithinLimits checks that the byte scan never passes an input that the
// exact check (lexing) refuses: it must over-approximate.
func FuzzQuickWithinLimits(f *testing.F) {
	for _, s := range []string{
		"a = \"${b}\"\n", "a = <<EOF\n${x}\nEOF\n", "a = \"\\\"(\"\n", "# ((((\n", "/* [[[ */ b = 1",
		"a = \"$${\" \n", "x = %{ if a }b%{ endif }", "a = <<-EOT\n  ${[[[}\n  EOT\nb = [[[",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// Shrink the limits' effect: repeat the input so that it can reach them.
		big := []byte(strings.Repeat(string(src), 1+MaxNesting/(len(src)+1)))
		for _, in := range [][]byte{src, big} {
			if quickWithinLimits(in) && checkDepthExact("f.hcl", in) != nil {
				t.Fatalf("the quick scan passes an input that the exact check refuses: %q", in)
			}
		}
	})
}
