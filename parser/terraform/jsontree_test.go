package terraform

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestJSONPos: positions from the checkpoints of long lines are those of
// counting from the start of the line, for every offset of a source of short
// and long lines, multi-byte characters and invalid UTF-8.
func TestJSONPos(t *testing.T) {
	var b strings.Builder
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"a", "é", "€", "😀", "\xff", "\xe2\x82", " ", "\"k\":"}
	for line := range 6 {
		n := 10
		if line%2 == 1 {
			n = 20_000 // past 4 checkpoints
		}
		for range n {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		b.WriteString("\n")
	}
	src := []byte(b.String())
	f := newJSONFile("x.json", src)
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	for k := 0; k < 5_000; k++ {
		off := rng.Intn(len(src) + 1)
		line := 0
		for line+1 < len(starts) && starts[line+1] <= off {
			line++
		}
		want := utf8.RuneCount(src[starts[line]:off]) + 1
		if p := f.pos(off); p.Line != line+1 || p.Column != want || p.Byte != off {
			t.Fatalf("offset %d: %d:%d, want %d:%d", off, p.Line, p.Column, line+1, want)
		}
	}
}
