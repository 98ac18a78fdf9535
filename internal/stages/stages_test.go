package stages

import (
	"bytes"
	"strings"
	"testing"
)

// TestTrack checks that nothing is recorded until Enable, that the times of
// a name add up in one row, and that rows come in the order they first ended.
func TestTrack(t *testing.T) {
	Track("before")()
	Enable()
	Track("b")()
	Track("a")()
	Track("b")()
	var buf bytes.Buffer
	Write(&buf)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "stage b ") || !strings.HasPrefix(lines[1], "stage a ") {
		t.Errorf("recorded:\n%s\nwant the rows of b then a, and nothing before Enable", buf.String())
	}
}
