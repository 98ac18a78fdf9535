// Package raster turns the SVG that Graphviz's svg renderer writes into an
// image, in pure Go: shapes are filled and stroked with golang.org/x/image/vector
// and text is drawn with the Go fonts (golang.org/x/image/font/gofont), which are
// embedded, so the picture is the same on every machine, fonts installed or not.
//
// It reads the subset of SVG that Graphviz emits (svg, g with transforms, a,
// title, polygon, polyline, ellipse, path, text, with fill, stroke,
// stroke-width, stroke-dasharray, opacity and font attributes) and reports an
// element or attribute value outside that subset as an error rather than
// silently drawing less: Graphviz's own PNG output from the WebAssembly build
// draws edges as black blobs (go-graphviz issue #106), and a general SVG
// rasterizer either lacks text (oksvg) or needs system fonts and a large
// dependency tree (tdewolff/canvas).
package raster

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// Options bound the canvas.
type Options struct {
	// Scale is pixels per SVG user unit (Graphviz: points); default 1.5.
	Scale float64
	// MaxSide and MaxPixels bound the canvas: the scale shrinks until the image
	// fits (defaults 4000 px and 16 million pixels, 64 MB of RGBA).
	MaxSide   int
	MaxPixels int
}

// Rasterize draws an SVG document on a white canvas.
func Rasterize(svg []byte, opts Options) (*image.RGBA, error) {
	if opts.Scale <= 0 {
		opts.Scale = 1.5
	}
	if opts.MaxSide <= 0 {
		opts.MaxSide = 4000
	}
	if opts.MaxPixels <= 0 {
		opts.MaxPixels = 16_000_000
	}
	r := &renderer{faces: map[faceKey]font.Face{}}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	// Graphviz declares the SVG 1.1 DTD; its entities are the XML ones.
	dec.Entity = xml.HTMLEntity
	var stack []state
	var text *textRun
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			attrs := map[string]string{}
			for _, a := range t.Attr {
				name := a.Name.Local
				if a.Name.Space == "xlink" || a.Name.Space == "http://www.w3.org/1999/xlink" {
					name = "xlink:" + name
				}
				attrs[name] = a.Value
			}
			st := state{m: identity, fill: color.RGBA{0, 0, 0, 255}, hasFill: true}
			if len(stack) > 0 {
				st = stack[len(stack)-1]
				st.skip = stack[len(stack)-1].skip
			}
			if err := st.inherit(attrs); err != nil {
				return nil, fmt.Errorf("svg <%s>: %w", t.Name.Local, err)
			}
			stack = append(stack, st)
			if st.skip {
				continue
			}
			switch t.Name.Local {
			case "svg":
				if r.img != nil {
					return nil, errors.New("svg: nested <svg> is not supported")
				}
				if err := r.canvas(attrs, opts); err != nil {
					return nil, err
				}
				stack[len(stack)-1].m = r.view
			case "g", "a":
			case "title", "desc", "metadata":
				stack[len(stack)-1].skip = true
			case "polygon", "polyline":
				pts, err := parsePoints(attrs["points"])
				if err != nil {
					return nil, err
				}
				if err := r.need(); err != nil {
					return nil, err
				}
				r.shape(&stack[len(stack)-1], [][]pt{pts})
			case "ellipse":
				cx, cy, rx, ry := num(attrs["cx"]), num(attrs["cy"]), num(attrs["rx"]), num(attrs["ry"])
				if err := r.need(); err != nil {
					return nil, err
				}
				r.shape(&stack[len(stack)-1], [][]pt{ellipse(cx, cy, rx, ry)})
			case "path":
				subs, err := parsePath(attrs["d"])
				if err != nil {
					return nil, err
				}
				if err := r.need(); err != nil {
					return nil, err
				}
				r.shape(&stack[len(stack)-1], subs)
			case "text":
				text = &textRun{x: num(attrs["x"]), y: num(attrs["y"]), anchor: attrs["text-anchor"], st: stack[len(stack)-1]}
			default:
				return nil, fmt.Errorf("svg: element <%s> is not supported", t.Name.Local)
			}
		case xml.CharData:
			if text != nil {
				text.s += string(t)
			}
		case xml.EndElement:
			if t.Name.Local == "text" && text != nil {
				if err := r.need(); err != nil {
					return nil, err
				}
				r.text(text)
				text = nil
			}
			stack = stack[:len(stack)-1]
		}
	}
	if r.img == nil {
		return nil, errors.New("svg: no <svg> element")
	}
	return r.img, nil
}

type pt struct{ x, y float64 }

// affine is [a c e; b d f]: x' = a x + c y + e, y' = b x + d y + f.
type affine struct{ a, b, c, d, e, f float64 }

var identity = affine{a: 1, d: 1}

func (m affine) apply(p pt) pt { return pt{m.a*p.x + m.c*p.y + m.e, m.b*p.x + m.d*p.y + m.f} }

// then returns m followed by n (n applied to the result of m).
func (m affine) mul(n affine) affine {
	// m ∘ n: apply n first, then m.
	return affine{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

func (m affine) scale() float64 { return math.Sqrt(math.Abs(m.a*m.d - m.b*m.c)) }

type state struct {
	m                affine
	fill, stroke     color.RGBA
	hasFill          bool
	hasStroke        bool
	strokeWidth      float64
	dash             []float64
	fontSize         float64
	bold             bool
	skip             bool
	fillOp, strokeOp float64
}

func (s *state) inherit(attrs map[string]string) error {
	if s.strokeWidth == 0 {
		s.strokeWidth = 1
		s.fontSize = 14
		s.fillOp, s.strokeOp = 1, 1
	}
	if v, ok := attrs["transform"]; ok {
		t, err := parseTransform(v)
		if err != nil {
			return err
		}
		s.m = s.m.mul(t)
	}
	if v, ok := attrs["fill"]; ok {
		c, has, err := parseColor(v)
		if err != nil {
			return err
		}
		s.fill, s.hasFill = c, has
	}
	if v, ok := attrs["stroke"]; ok {
		c, has, err := parseColor(v)
		if err != nil {
			return err
		}
		s.stroke, s.hasStroke = c, has
	}
	if v, ok := attrs["fill-opacity"]; ok {
		s.fillOp = num(v)
	}
	if v, ok := attrs["stroke-opacity"]; ok {
		s.strokeOp = num(v)
	}
	if v, ok := attrs["stroke-width"]; ok {
		s.strokeWidth = num(v)
	}
	if v, ok := attrs["stroke-dasharray"]; ok {
		s.dash = nil
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			s.dash = append(s.dash, num(f))
		}
	}
	if v, ok := attrs["font-size"]; ok {
		s.fontSize = num(v)
	}
	if v, ok := attrs["font-weight"]; ok {
		s.bold = v == "bold" || v == "bolder" || num(v) >= 600
	}
	return nil
}

func num(s string) float64 {
	f, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "pt"), 64)
	return f
}

func parseTransform(s string) (affine, error) {
	m := identity
	s = strings.TrimSpace(s)
	for s != "" {
		open := strings.IndexByte(s, '(')
		close := strings.IndexByte(s, ')')
		if open < 0 || close < open {
			return m, fmt.Errorf("bad transform %q", s)
		}
		name := strings.TrimSpace(s[:open])
		var args []float64
		for _, f := range strings.FieldsFunc(s[open+1:close], func(r rune) bool { return r == ',' || r == ' ' }) {
			args = append(args, num(f))
		}
		var t affine
		switch {
		case name == "scale" && len(args) == 1:
			t = affine{a: args[0], d: args[0]}
		case name == "scale" && len(args) == 2:
			t = affine{a: args[0], d: args[1]}
		case name == "translate" && len(args) >= 1:
			t = identity
			t.e = args[0]
			if len(args) > 1 {
				t.f = args[1]
			}
		case name == "rotate" && len(args) == 1:
			rad := args[0] * math.Pi / 180
			t = affine{a: math.Cos(rad), b: math.Sin(rad), c: -math.Sin(rad), d: math.Cos(rad)}
		case name == "matrix" && len(args) == 6:
			t = affine{args[0], args[1], args[2], args[3], args[4], args[5]}
		default:
			return m, fmt.Errorf("transform %s(%v) is not supported", name, args)
		}
		m = m.mul(t)
		s = strings.TrimLeft(s[close+1:], " ,")
	}
	return m, nil
}

var named = map[string]color.RGBA{
	"black": {0, 0, 0, 255}, "white": {255, 255, 255, 255}, "red": {255, 0, 0, 255},
	"green": {0, 128, 0, 255}, "blue": {0, 0, 255, 255}, "grey": {128, 128, 128, 255},
	"gray": {128, 128, 128, 255}, "lightgrey": {211, 211, 211, 255}, "orange": {255, 165, 0, 255},
	"yellow": {255, 255, 0, 255},
}

// parseColor returns the colour and whether anything is painted.
func parseColor(s string) (color.RGBA, bool, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	switch s {
	case "none", "transparent", "":
		return color.RGBA{}, false, nil
	}
	if c, ok := named[s]; ok {
		return c, true, nil
	}
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		if len(h) == 6 {
			v, err := strconv.ParseUint(h, 16, 32)
			if err == nil {
				return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, true, nil
			}
		}
	}
	return color.RGBA{}, false, fmt.Errorf("colour %q is not supported", s)
}

func parsePoints(s string) ([]pt, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
	if len(f)%2 != 0 {
		return nil, fmt.Errorf("svg: odd number of coordinates in points %q", s)
	}
	pts := make([]pt, 0, len(f)/2)
	for i := 0; i+1 < len(f); i += 2 {
		pts = append(pts, pt{num(f[i]), num(f[i+1])})
	}
	return pts, nil
}

// parsePath flattens a path's d attribute (M, L, H, V, C, Q, Z, absolute or
// relative) into polylines.
func parsePath(d string) ([][]pt, error) {
	toks := tokenizePath(d)
	var subs [][]pt
	var cur []pt
	var p, start pt
	cmd := byte(0)
	i := 0
	next := func() (float64, error) {
		if i >= len(toks) || isCmd(toks[i]) {
			return 0, fmt.Errorf("svg: path %q: missing number", d)
		}
		v, err := strconv.ParseFloat(toks[i], 64)
		i++
		return v, err
	}
	for i < len(toks) {
		if isCmd(toks[i]) {
			cmd = toks[i][0]
			i++
		} else if cmd == 0 {
			return nil, fmt.Errorf("svg: path %q does not start with a command", d)
		}
		rel := cmd >= 'a'
		var base pt
		if rel {
			base = p
		}
		switch cmd | 0x20 {
		case 'm':
			x, err1 := next()
			y, err2 := next()
			if err := errors.Join(err1, err2); err != nil {
				return nil, err
			}
			if len(cur) > 1 {
				subs = append(subs, cur)
			}
			p = pt{base.x + x, base.y + y}
			start = p
			cur = []pt{p}
			// Further pairs are lines.
			if cmd == 'm' {
				cmd = 'l'
			} else {
				cmd = 'L'
			}
		case 'l':
			x, err1 := next()
			y, err2 := next()
			if err := errors.Join(err1, err2); err != nil {
				return nil, err
			}
			p = pt{base.x + x, base.y + y}
			cur = append(cur, p)
		case 'h':
			x, err := next()
			if err != nil {
				return nil, err
			}
			p = pt{base.x + x, p.y}
			cur = append(cur, p)
		case 'v':
			y, err := next()
			if err != nil {
				return nil, err
			}
			p = pt{p.x, base.y + y}
			cur = append(cur, p)
		case 'c':
			var v [6]float64
			for k := range v {
				f, err := next()
				if err != nil {
					return nil, err
				}
				v[k] = f
			}
			c1 := pt{base.x + v[0], base.y + v[1]}
			c2 := pt{base.x + v[2], base.y + v[3]}
			end := pt{base.x + v[4], base.y + v[5]}
			cur = appendCubic(cur, p, c1, c2, end)
			p = end
		case 'q':
			var v [4]float64
			for k := range v {
				f, err := next()
				if err != nil {
					return nil, err
				}
				v[k] = f
			}
			c := pt{base.x + v[0], base.y + v[1]}
			end := pt{base.x + v[2], base.y + v[3]}
			// Elevate to a cubic.
			c1 := pt{p.x + 2.0/3*(c.x-p.x), p.y + 2.0/3*(c.y-p.y)}
			c2 := pt{end.x + 2.0/3*(c.x-end.x), end.y + 2.0/3*(c.y-end.y)}
			cur = appendCubic(cur, p, c1, c2, end)
			p = end
		case 'z':
			cur = append(cur, start)
			subs = append(subs, cur)
			cur = nil
			p = start
			cmd = 0
		default:
			return nil, fmt.Errorf("svg: path command %q is not supported", string(cmd))
		}
	}
	if len(cur) > 1 {
		subs = append(subs, cur)
	}
	return subs, nil
}

func isCmd(t string) bool {
	return len(t) == 1 && strings.ContainsRune("MmLlHhVvCcQqZzSsTtAa", rune(t[0]))
}

func tokenizePath(d string) []string {
	var toks []string
	i := 0
	for i < len(d) {
		c := d[i]
		switch {
		case c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r':
			i++
		case (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z' && c != 'e'):
			toks = append(toks, string(c))
			i++
		default:
			j := i + 1
			for j < len(d) {
				cj := d[j]
				if (cj >= '0' && cj <= '9') || cj == '.' || cj == 'e' || cj == 'E' ||
					((cj == '-' || cj == '+') && (d[j-1] == 'e' || d[j-1] == 'E')) {
					j++
					continue
				}
				break
			}
			toks = append(toks, d[i:j])
			i = j
		}
	}
	return toks
}

func appendCubic(out []pt, p0, p1, p2, p3 pt) []pt {
	l := dist(p0, p1) + dist(p1, p2) + dist(p2, p3)
	n := int(math.Ceil(l / 3))
	if n < 2 {
		n = 2
	}
	if n > 64 {
		n = 64
	}
	for k := 1; k <= n; k++ {
		t := float64(k) / float64(n)
		u := 1 - t
		out = append(out, pt{
			u*u*u*p0.x + 3*u*u*t*p1.x + 3*u*t*t*p2.x + t*t*t*p3.x,
			u*u*u*p0.y + 3*u*u*t*p1.y + 3*u*t*t*p2.y + t*t*t*p3.y,
		})
	}
	return out
}

func ellipse(cx, cy, rx, ry float64) []pt {
	n := 48
	pts := make([]pt, 0, n+1)
	for k := 0; k <= n; k++ {
		a := 2 * math.Pi * float64(k) / float64(n)
		pts = append(pts, pt{cx + rx*math.Cos(a), cy + ry*math.Sin(a)})
	}
	return pts
}

func dist(a, b pt) float64 { return math.Hypot(a.x-b.x, a.y-b.y) }

type faceKey struct {
	size float64
	bold bool
}

type renderer struct {
	img   *image.RGBA
	view  affine
	z     vector.Rasterizer
	faces map[faceKey]font.Face
}

func (r *renderer) need() error {
	if r.img == nil {
		return errors.New("svg: shape outside <svg>")
	}
	return nil
}

// canvas sizes the image from the svg element's viewBox (or width and height).
func (r *renderer) canvas(attrs map[string]string, opts Options) error {
	var vx, vy, vw, vh float64
	if vb := strings.Fields(strings.ReplaceAll(attrs["viewBox"], ",", " ")); len(vb) == 4 {
		vx, vy, vw, vh = num(vb[0]), num(vb[1]), num(vb[2]), num(vb[3])
	} else {
		vw, vh = num(attrs["width"]), num(attrs["height"])
	}
	if vw <= 0 || vh <= 0 {
		return fmt.Errorf("svg: no size (viewBox %q)", attrs["viewBox"])
	}
	k := opts.Scale
	if s := float64(opts.MaxSide) / math.Max(vw, vh); k > s {
		k = s
	}
	if s := math.Sqrt(float64(opts.MaxPixels) / (vw * vh)); k > s {
		k = s
	}
	w, h := int(math.Ceil(vw*k)), int(math.Ceil(vh*k))
	r.img = image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(r.img, r.img.Bounds(), image.White, image.Point{}, draw.Src)
	r.view = affine{a: k, d: k, e: -vx * k, f: -vy * k}
	return nil
}

// shape fills and strokes polylines in user space.
func (r *renderer) shape(st *state, subs [][]pt) {
	dev := make([][]pt, len(subs))
	for i, s := range subs {
		dev[i] = make([]pt, len(s))
		for j, p := range s {
			dev[i][j] = st.m.apply(p)
		}
	}
	// SVG fills open paths and polylines too, as if closed.
	if st.hasFill && st.fillOp > 0 {
		r.fill(dev, withAlpha(st.fill, st.fillOp))
	}
	if st.hasStroke && st.strokeOp > 0 {
		w := st.strokeWidth * st.m.scale()
		if w < 0.8 {
			w = 0.8
		}
		var dash []float64
		for _, d := range st.dash {
			dash = append(dash, d*st.m.scale())
		}
		var polys [][]pt
		for _, s := range dev {
			for _, seg := range dashed(s, dash) {
				polys = append(polys, strokePolys(split(seg, 48), w)...)
			}
		}
		c := withAlpha(st.stroke, st.strokeOp)
		if len(polys) > 0 && bboxArea(polys) > 256*256 {
			// A long stroke is painted piece by piece: the rasterizer's work is
			// proportional to the bounding box it covers, and the box of a long
			// diagonal edge is most of the canvas.
			for _, p := range polys {
				r.fillUnion([][]pt{p}, c)
			}
		} else {
			r.fillUnion(polys, c)
		}
	}
}

func withAlpha(c color.RGBA, op float64) color.RGBA {
	if op >= 1 {
		return c
	}
	f := math.Max(0, op)
	return color.RGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), uint8(float64(c.A) * f)}
}

// fill paints polygons with the nonzero rule as the rasterizer accumulates them.
func (r *renderer) fill(polys [][]pt, c color.RGBA) {
	r.paint(polys, c, false)
}

// fillUnion paints the union of polygons: each is oriented the same way so that
// overlaps add up instead of cancelling.
func (r *renderer) fillUnion(polys [][]pt, c color.RGBA) {
	r.paint(polys, c, true)
}

func (r *renderer) paint(polys [][]pt, c color.RGBA, orient bool) {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range polys {
		for _, q := range p {
			minX, minY = math.Min(minX, q.x), math.Min(minY, q.y)
			maxX, maxY = math.Max(maxX, q.x), math.Max(maxY, q.y)
		}
	}
	b := r.img.Bounds()
	rect := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(b)
	if rect.Empty() {
		return
	}
	r.z.Reset(rect.Dx(), rect.Dy())
	ox, oy := float64(rect.Min.X), float64(rect.Min.Y)
	for _, p := range polys {
		if len(p) < 3 {
			continue
		}
		if orient && area(p) < 0 {
			p = reversed(p)
		}
		r.z.MoveTo(float32(p[0].x-ox), float32(p[0].y-oy))
		for _, q := range p[1:] {
			r.z.LineTo(float32(q.x-ox), float32(q.y-oy))
		}
		r.z.ClosePath()
	}
	r.z.DrawOp = draw.Over
	r.z.Draw(r.img, rect, image.NewUniform(c), image.Point{})
}

func area(p []pt) float64 {
	a := 0.0
	for i := range p {
		j := (i + 1) % len(p)
		a += p[i].x*p[j].y - p[j].x*p[i].y
	}
	return a / 2
}

func reversed(p []pt) []pt {
	out := make([]pt, len(p))
	for i := range p {
		out[i] = p[len(p)-1-i]
	}
	return out
}

// split inserts points so that no segment of p is longer than max.
func split(p []pt, max float64) []pt {
	out := []pt{p[0]}
	for i := 0; i+1 < len(p); i++ {
		a, b := p[i], p[i+1]
		n := int(math.Ceil(dist(a, b) / max))
		for k := 1; k < n; k++ {
			t := float64(k) / float64(n)
			out = append(out, pt{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t})
		}
		out = append(out, b)
	}
	return out
}

func bboxArea(polys [][]pt) float64 {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range polys {
		for _, q := range p {
			minX, minY = math.Min(minX, q.x), math.Min(minY, q.y)
			maxX, maxY = math.Max(maxX, q.x), math.Max(maxY, q.y)
		}
	}
	return (maxX - minX) * (maxY - minY)
}

// dashed splits a polyline into its "on" pieces.
func dashed(p []pt, dash []float64) [][]pt {
	total := 0.0
	for _, d := range dash {
		total += d
	}
	if len(dash) == 0 || total <= 0 {
		return [][]pt{p}
	}
	if len(dash)%2 == 1 {
		dash = append(dash, dash...)
	}
	var out [][]pt
	k, left, on := 0, dash[0], true
	var cur []pt
	if on {
		cur = []pt{p[0]}
	}
	for i := 0; i+1 < len(p); i++ {
		a, b := p[i], p[i+1]
		seg := dist(a, b)
		pos := 0.0
		for seg-pos > left {
			pos += left
			t := pos / seg
			q := pt{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t}
			if on {
				cur = append(cur, q)
				out = append(out, cur)
				cur = nil
			} else {
				cur = []pt{q}
			}
			on = !on
			k = (k + 1) % len(dash)
			left = dash[k]
		}
		left -= seg - pos
		if on {
			cur = append(cur, b)
		}
	}
	if on && len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}

// strokePolys returns polygons whose union is the stroke of a polyline of width
// w: a quadrilateral per segment and a disc at each joint.
func strokePolys(p []pt, w float64) [][]pt {
	h := w / 2
	var out [][]pt
	for i := 0; i+1 < len(p); i++ {
		a, b := p[i], p[i+1]
		l := dist(a, b)
		if l == 0 {
			continue
		}
		nx, ny := -(b.y-a.y)/l*h, (b.x-a.x)/l*h
		out = append(out, []pt{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}})
	}
	if w >= 1.5 {
		for i := 1; i+1 < len(p); i++ {
			out = append(out, disc(p[i], h))
		}
	}
	return out
}

func disc(c pt, r float64) []pt {
	n := 12
	pts := make([]pt, n)
	for k := range pts {
		a := 2 * math.Pi * float64(k) / float64(n)
		pts[k] = pt{c.x + r*math.Cos(a), c.y + r*math.Sin(a)}
	}
	return pts
}

type textRun struct {
	x, y   float64
	anchor string
	s      string
	st     state
}

func (r *renderer) text(t *textRun) {
	s := strings.TrimSpace(t.s)
	if s == "" || !t.st.hasFill {
		return
	}
	size := t.st.fontSize * t.st.m.scale()
	if size < 1 {
		return
	}
	face := r.face(size, t.st.bold)
	d := &font.Drawer{Dst: r.img, Src: image.NewUniform(withAlpha(t.st.fill, t.st.fillOp)), Face: face}
	p := t.st.m.apply(pt{t.x, t.y})
	adv := float64(d.MeasureString(s)) / 64
	switch t.anchor {
	case "middle":
		p.x -= adv / 2
	case "end":
		p.x -= adv
	}
	d.Dot = fixed.Point26_6{X: fixed.Int26_6(math.Round(p.x * 64)), Y: fixed.Int26_6(math.Round(p.y * 64))}
	d.DrawString(s)
}

// The fonts are parsed on first use, not when the program starts.
var (
	fontsOnce     sync.Once
	regular, bold *opentype.Font
)

func mustParse(ttf []byte) *opentype.Font {
	f, err := opentype.Parse(ttf)
	if err != nil {
		panic(err) // the Go fonts are embedded: this cannot fail
	}
	return f
}

func (r *renderer) face(size float64, isBold bool) font.Face {
	// Round the size so that a few faces serve a whole picture.
	size = math.Round(size*4) / 4
	k := faceKey{size, isBold}
	if f, ok := r.faces[k]; ok {
		return f
	}
	fontsOnce.Do(func() { regular, bold = mustParse(goregular.TTF), mustParse(gobold.TTF) })
	ft := regular
	if isBold {
		ft = bold
	}
	f, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		f = nil
	}
	r.faces[k] = f
	return f
}
