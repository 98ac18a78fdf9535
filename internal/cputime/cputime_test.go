//go:build unix || windows

package cputime

import (
	"testing"
	"time"
)

// TestUsedGrows: a busy loop is counted, a sleep is not (or barely).
func TestUsedGrows(t *testing.T) {
	start := Used()
	x := 0
	for i := 0; i < 200_000_000; i++ {
		x += i & 3
	}
	busy := Since(start)
	if busy <= 0 {
		t.Fatalf("a busy loop used %v of CPU (x=%d)", busy, x)
	}
	start = Used()
	time.Sleep(300 * time.Millisecond)
	if slept := Since(start); slept > 200*time.Millisecond {
		t.Errorf("a 300 ms sleep used %v of CPU", slept)
	}
}
