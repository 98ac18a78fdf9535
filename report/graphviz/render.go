package graphviz

import (
	"bytes"
	"encoding/json"
	"github.com/faultline-dev/faultline/report"
	"image/png"
	"io"

	"github.com/faultline-dev/faultline/report/graphviz/internal/raster"
)

// SVGBytes lays out the view and returns its SVG.
func SVGBytes(v *View) ([]byte, error) {
	var dot bytes.Buffer
	if err := WriteDOT(&dot, v); err != nil {
		return nil, err
	}
	return renderDOT(dot.Bytes(), v.Layout)
}

// WriteSVG writes the view as SVG.
func WriteSVG(w io.Writer, v *View) error {
	svg, err := SVGBytes(v)
	if err != nil {
		return err
	}
	_, err = w.Write(svg)
	return err
}

// PNGOptions bound a PNG: Scale is pixels per point (default 1.5); the canvas
// never exceeds MaxSide pixels on a side or MaxPixels in all (defaults 4000 and
// 16 million): a larger graph is drawn smaller.
type PNGOptions = raster.Options

// WritePNG writes the view as PNG: Graphviz lays it out as SVG, which is
// rasterized in Go (Graphviz's own PNG output from the WebAssembly build draws
// edges as black blobs).
func WritePNG(w io.Writer, v *View, opts PNGOptions) error {
	svg, err := SVGBytes(v)
	if err != nil {
		return err
	}
	img, err := raster.Rasterize(svg, opts)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	return enc.Encode(w, img)
}

// WriteJSON writes the view itself: nodes with their marks, edges, clusters;
// through report.NewJSONWriter, as every JSON output (DEL and the C1 controls
// of names as \u escapes).
func WriteJSON(w io.Writer, v *View) error {
	jw := report.NewJSONWriter(w)
	enc := json.NewEncoder(jw)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(struct {
		Version int `json:"version"`
		*View
	}{1, v}); err != nil {
		return err
	}
	return jw.Flush()
}
