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

// TestQuickScanCases pins inputs where the scan must defer to the exact check.
func TestQuickScanCases(t *testing.T) {
	deep := strings.Repeat("{", MaxNesting+5)
	for name, src := range map[string]string{
		"quote ends at newline": "a = \"x\n" + deep,
		"not a heredoc":         "a = <<O(" + deep,
		"invalid utf-8":         strings.Repeat("{\xc9}", MaxNesting+5),
		"open comment":          "/* " + deep,
	} {
		if quickWithinLimits([]byte(src)) && checkDepthExact("f.hcl", []byte(src)) != nil {
			t.Errorf("%s: the quick scan clears what the exact check refuses", name)
		}
	}
}
