//go:build unix

package stages

import (
	"syscall"
	"time"
)

// cpuTime returns the user and system CPU time the process has used so far,
// every thread included (the collector's and other goroutines' too).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
