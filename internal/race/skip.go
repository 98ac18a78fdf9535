package race

import "testing"

// SkipBound skips a test that bounds the time or memory of one hostile input
// when the race detector is on: such a test runs one goroutine, so the
// detector has nothing to find in it, and its 5-20x slowdown turned seconds
// into minutes. The normal run (go test ./...) checks the bound.
func SkipBound(t testing.TB) {
	t.Helper()
	if Enabled {
		t.Skip("a resource bound on one goroutine: checked without -race")
	}
}
