package graphviz

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/faultline-dev/faultline/report/graphviz/internal/wasm"
)

// The embedded Graphviz is one WebAssembly instance with global state: it is
// not safe to call from two goroutines, even through separate contexts
// (CONVENTIONS.md). Every call goes through this mutex.
var (
	engineMu  sync.Mutex
	engineCtx *wasm.Context
)

// Layout engines.
const (
	LayoutDot  = "dot"  // hierarchical; best up to a few hundred components
	LayoutSFDP = "sfdp" // force-directed; seconds, not minutes, for thousands
)

// renderDOT lays out a DOT source with the given engine and returns the SVG that
// Graphviz writes. The first call compiles the WebAssembly module.
func renderDOT(dot []byte, layout string) ([]byte, error) {
	engineMu.Lock()
	defer engineMu.Unlock()
	if err := wasm.Load(); err != nil {
		return nil, err
	}
	ctx := context.Background()
	if engineCtx == nil {
		// Keep Graphviz's own messages off stderr; failures are returned.
		if _, err := wasm.SetError(ctx, wasm.MAX); err != nil {
			return nil, err
		}
		syms, err := wasm.DefaultSymList(ctx)
		if err != nil {
			return nil, err
		}
		c, err := wasm.GetContextWithPlugins(ctx, syms, 1)
		if err != nil {
			return nil, err
		}
		if c == nil {
			return nil, errors.New("graphviz: cannot create a context")
		}
		engineCtx = c
	}
	g, err := wasm.MemRead(ctx, string(dot))
	if err != nil {
		return nil, err
	}
	if g == nil {
		msg, _ := wasm.LastError(ctx)
		return nil, fmt.Errorf("graphviz: reading DOT: %s", strings.TrimSpace(msg))
	}
	defer g.Close(ctx)
	if res, err := engineCtx.Layout(ctx, g, layout); err != nil {
		return nil, err
	} else if res != 0 {
		msg, _ := wasm.LastError(ctx)
		return nil, fmt.Errorf("graphviz: %s layout failed: %s", layout, strings.TrimSpace(msg))
	}
	defer engineCtx.FreeLayout(ctx, g)
	var out string
	var n uint
	if _, err := engineCtx.RenderData(ctx, g, "svg", &out, &n); err != nil {
		return nil, err
	}
	if out == "" {
		msg, _ := wasm.LastError(ctx)
		return nil, fmt.Errorf("graphviz: rendering SVG failed: %s", strings.TrimSpace(msg))
	}
	return []byte(out), nil
}
