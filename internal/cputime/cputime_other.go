//go:build !unix && !windows

package cputime

import "time"

var processStart = time.Now()

// Used falls back to the wall-clock time since the process started where the
// platform offers no process CPU time.
func Used() time.Duration { return time.Since(processStart) }
