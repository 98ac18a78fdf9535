// Package stages times the stages of one run (reading and parsing, replay,
// build, index, each analysis pass, rendering) for the hidden --stages flag of
// the CLI: a developer's tool to see which stage grows with the input. It
// records nothing unless enabled.
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
)

// Enable starts recording.
func Enable() { enabled.Store(true) }

// Track starts timing a stage and returns the function that ends it; the
// times of stages of one name add up.
func Track(name string) func() {
	if !enabled.Load() {
		return func() {}
	}
	start := time.Now()
	return func() {
		d := time.Since(start)
		mu.Lock()
		defer mu.Unlock()
		if _, ok := total[name]; !ok {
			names = append(names, name)
		}
		total[name] += d
	}
}

// Write prints every stage recorded, in the order each first ended, with its
// wall time in milliseconds.
func Write(w io.Writer) {
	mu.Lock()
	defer mu.Unlock()
	for _, n := range names {
		fmt.Fprintf(w, "stage %-28s %9.1f ms\n", n, float64(total[n].Microseconds())/1000)
	}
}
