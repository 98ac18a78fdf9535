// Package cputime reads the CPU time the process has used so far. The tests'
// time bounds ("ends within 10 s") are measured with it rather than with the
// wall clock: on a machine shared with other work the wall clock of a bounded
// computation stretches with the load, its CPU time does not.
package cputime

import "time"

// Since returns the CPU time used by the process since an earlier reading of
// Used.
func Since(start time.Duration) time.Duration { return Used() - start }
