//go:build !unix

package terraform_test

import "time"

var processStart = time.Now()

// cpuTime falls back to the wall-clock time since the test binary started.
func cpuTime() time.Duration { return time.Since(processStart) }
