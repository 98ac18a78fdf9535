//go:build unix

package terraform_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used: a time bound on it holds on
// a machine loaded by other work, where wall-clock time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
