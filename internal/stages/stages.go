// Package stages times the stages of one run (reading and parsing, replay,
// build, index, each analysis pass, rendering) for the hidden --stages flag of
// the CLI: a developer's tool to see which stage grows with the input. It
// records nothing unless enabled. Each stage has its wall time and the CPU
// time the whole process used meanwhile (every core, the garbage collector
// included): on a machine shared with other work the CPU time is the steadier
// figure.
package stages

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

var (
	enabled atomic.Bool
	mu      sync.Mutex
	names   []string
	total   = map[string]time.Duration{}
	cpu     = map[string]time.Duration{}
)

// Enable starts recording.
func Enable() { enabled.Store(true) }

// Track starts timing a stage and returns the function that ends it; the
// times of stages of one name add up.
func Track(name string) func() {
	if !enabled.Load() {
		return func() {}
	}
	start, startCPU := time.Now(), cpuTime()
	return func() {
		d, c := time.Since(start), cpuTime()-startCPU
		mu.Lock()
		defer mu.Unlock()
		if _, ok := total[name]; !ok {
			names = append(names, name)
		}
		total[name] += d
		cpu[name] += c
	}
}

// Write prints every stage recorded, in the order each first ended, with its
// wall time and the process's CPU time in milliseconds.
func Write(w io.Writer) {
	mu.Lock()
	defer mu.Unlock()
	for _, n := range names {
		fmt.Fprintf(w, "stage %-28s %9.1f ms  cpu %9.1f ms\n", n, ms(total[n]), ms(cpu[n]))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
