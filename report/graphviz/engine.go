package graphviz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	gv "github.com/goccy/go-graphviz"

	"github.com/faultline-dev/faultline/report/graphviz/internal/wasmcache"
)

// go-graphviz's init, which compiled the WebAssembly module, has run by now
// (this package imports it): give the program its $TMPDIR back.
func init() { wasmcache.Restore() }

// The embedded Graphviz is one WebAssembly instance with global state: it is
// not safe to call from two goroutines, even through separate contexts
// (CONVENTIONS.md). Every call goes through this mutex.
var (
	engineMu sync.Mutex
	engine   *gv.Graphviz
)

// Layout engines.
const (
	LayoutDot  = "dot"  // hierarchical; best up to a few hundred components
	LayoutSFDP = "sfdp" // force-directed; seconds, not minutes, for thousands
)

// renderDOT lays out a DOT source with the given engine and returns the SVG that
// Graphviz writes.
func renderDOT(dot []byte, layout string) ([]byte, error) {
	engineMu.Lock()
	defer engineMu.Unlock()
	ctx := context.Background()
	if engine == nil {
		// Graphviz's own plugins only: go-graphviz's Go PNG and JPEG renderers
		// are not used (PNGs are rasterized from the SVG, see WritePNG).
		e, err := gv.NewWithPlugins(ctx)
		if err != nil {
			return nil, fmt.Errorf("graphviz: %w", err)
		}
		engine = e
	}
	g, err := gv.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("graphviz: reading DOT: %w", err)
	}
	if g == nil {
		return nil, errors.New("graphviz: reading DOT failed")
	}
	defer g.Close()
	var out bytes.Buffer
	if err := engine.SetLayout(gv.Layout(layout)).Render(ctx, g, gv.SVG, &out); err != nil {
		return nil, fmt.Errorf("graphviz: %s layout: %w", layout, err)
	}
	if out.Len() == 0 {
		// go-graphviz returns no error when Graphviz fails without a message.
		return nil, fmt.Errorf("graphviz: %s layout produced no SVG", layout)
	}
	return out.Bytes(), nil
}
