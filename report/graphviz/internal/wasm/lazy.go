package wasm

// This file is faultline's only change to go-graphviz v0.2.10's internal/wasm
// package (bind.go, ext.go and graphviz.wasm are copied unchanged, except that
// bind.go's func init is renamed load). Upstream compiles the 1.5 MB WebAssembly
// module in a package init, which costs every program that links it about 0.4 s
// on a cold compilation cache and writes the cache into $TMPDIR, whether or not
// it ever renders a graph. Here the module is compiled on first use, so that
// only faultline's rendering commands pay for it.

import (
	"fmt"
	"sync"
)

var (
	loadOnce sync.Once
	loadErr  error
)

// Load compiles and instantiates the Graphviz module once; every other function
// of this package must be called after it has returned nil.
func Load() error {
	loadOnce.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				loadErr = fmt.Errorf("graphviz: loading the WebAssembly module: %v", r)
			}
		}()
		load()
	})
	return loadErr
}
