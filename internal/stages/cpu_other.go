//go:build !unix

package stages

import "time"

// cpuTime is not measured on this system: the CPU column reads 0.
func cpuTime() time.Duration { return 0 }
