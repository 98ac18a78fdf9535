//go:build !race

// Package race reports whether the race detector is on, so that tests that bound
// the time of hostile inputs can allow for its slowdown (5-20x).
package race

// Enabled is true when the binary is built with -race.
const Enabled = false
