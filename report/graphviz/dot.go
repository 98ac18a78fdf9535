package graphviz

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/report"
)

// The palette: strong enough to read on a projector, distinct for the common
// forms of colour blindness by lightness as well as hue, and never the only
// cue (SPOFs and victims also get a thick border, entrypoints a double one).
const (
	inkColor     = "#1b1f23"
	lineColor    = "#38424c"
	mutedColor   = "#9aa3ab"
	plainFill    = "#f3f5f7"
	redBorder    = "#c8102e"
	redFill      = "#ffd2d2"
	orangeBorder = "#d9730d"
	orangeFill   = "#ffe2bf"
	yellowBorder = "#a88400"
	yellowFill   = "#fff4c2"
	blueLine     = "#1f5fbf"
)

// layerColors tell the input formats apart in a view that mixes them.
var layerColors = map[string]struct{ name, fill, border string }{
	"kubernetes": {"Kubernetes", "#e3edfc", "#326ce5"},
	"terraform":  {"Terraform", "#ece6f8", "#6b4fbb"},
	"hcl":        {"native", plainFill, lineColor},
}

// layerLegend names the layers a view mixes, or "".
func layerLegend(v *View) string {
	seen := map[string]bool{}
	for _, n := range v.Nodes {
		seen[n.Layer] = true
	}
	var parts []string
	for _, l := range []string{"kubernetes", "terraform", "hcl"} {
		if seen[l] {
			c := layerColors[l]
			parts = append(parts, fmt.Sprintf("%s %s", layerHue[l], c.name))
		}
	}
	if len(parts) < 2 {
		return ""
	}
	return "\nlayers (plain nodes): " + strings.Join(parts, " · ")
}

var layerHue = map[string]string{"kubernetes": "blue", "terraform": "violet", "hcl": "grey"}

// Legend is the key drawn under every graph.
func legend(v *View) string {
	return legendOf(v) + layerLegend(v)
}

func legendOf(v *View) string {
	if v.Summary {
		return "red: single point of failure · orange: shared failure domain or common cause · double border: entrypoint · arrow: takes down"
	}
	if v.Blast {
		return "dark red: failed · red: down · orange, dashed: degraded · grey: unaffected · double border: entrypoint · thick red arrows: path to a lost entrypoint"
	}
	return "red: single point of failure · orange: shared failure domain or common cause · yellow: warning · double border: entrypoint\n" +
		"arrows point to dependencies: solid requires · blue requires one of · dashed bootstrap · dotted soft · grey monitors"
}

// WriteDOT writes the view as a Graphviz DOT graph. The output depends only on
// the view: nodes, edges and clusters are written in sorted order.
func WriteDOT(w io.Writer, v *View) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("digraph faultline {\n")
	var label []string
	if v.Title != "" {
		label = append(label, v.Title)
	}
	if v.Note != "" {
		label = append(label, wrap(v.Note, 110))
	}
	label = append(label, legend(v))
	p("  graph [layout=%s, fontname=\"Helvetica\", fontsize=13, fontcolor=%q, labelloc=b, label=%s, pad=0.3, bgcolor=\"white\"",
		v.Layout, inkColor, quote(strings.Join(label, "\n")))
	if v.Layout == LayoutSFDP {
		p(", overlap=scale, splines=false, outputorder=edgesfirst")
	} else {
		p(", rankdir=TB, nodesep=0.35, ranksep=0.55, newrank=true")
	}
	p("];\n")
	p("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=14, fontcolor=%q, color=%q, fillcolor=%q, penwidth=1.2, margin=\"0.16,0.07\"];\n",
		inkColor, lineColor, plainFill)
	p("  edge [color=%q, penwidth=1.3, arrowsize=0.8, fontname=\"Helvetica\", fontsize=11];\n", lineColor)

	inCluster := map[string][]*Node{}
	for _, n := range v.Nodes {
		if n.Cluster != "" {
			inCluster[n.Cluster] = append(inCluster[n.Cluster], n)
		}
	}
	for i, c := range v.Clusters {
		color, style, font := mutedColor, "rounded,dashed", "#5b6770"
		lbl := c.Label
		if c.Failed {
			color, style, font = redBorder, "rounded,bold", redBorder
			lbl += " (failed)"
		}
		p("  subgraph cluster_%d {\n", i)
		p("    graph [id=%s, label=%s, style=%q, color=%q, fontcolor=%q, fontsize=13, penwidth=1.5, labeljust=l];\n",
			quote("cluster:"+c.ID), quote(lbl), style, color, font)
		for _, n := range inCluster[c.ID] {
			p("    %s;\n", quote(n.ID))
		}
		p("  }\n")
	}
	for _, n := range v.Nodes {
		p("  %s [%s];\n", quote(n.ID), nodeAttrs(n))
	}
	for _, e := range v.Edges {
		p("  %s -> %s [%s];\n", quote(e.From), quote(e.To), edgeAttrs(v, e))
	}
	p("}\n")
	return bw.Flush()
}

func nodeAttrs(n *Node) string {
	a := []string{"id=" + quote(n.ID), "label=" + quote(n.Label), "tooltip=" + quote(n.Tooltip)}
	if len(n.Classes) > 0 {
		a = append(a, "class="+quote(strings.Join(n.Classes, " ")))
	}
	set := func(k, v string) { a = append(a, k+"="+quote(v)) }
	// The layer, when the view mixes them: the fill and border of a plain
	// node; a status below (Graphviz keeps the last value) overrides both.
	if l, ok := layerColors[n.Layer]; ok {
		set("fillcolor", l.fill)
		set("color", l.border)
	}
	switch {
	case n.has(ClassSPOF):
		set("fillcolor", redFill)
		set("color", redBorder)
		set("penwidth", "3")
	case n.has(ClassShared):
		set("fillcolor", orangeFill)
		set("color", orangeBorder)
		set("penwidth", "3")
	case n.has(ClassWarning):
		set("fillcolor", yellowFill)
		set("color", yellowBorder)
		set("penwidth", "2")
	case n.has(ClassEvent):
		set("fillcolor", "#8b0015")
		set("color", "#4a000b")
		set("fontcolor", "white")
		set("penwidth", "3")
	case n.has(ClassDown):
		set("fillcolor", "#ff9d9d")
		set("color", redBorder)
		set("penwidth", "2.5")
	case n.has(ClassDegraded):
		set("fillcolor", orangeFill)
		set("color", orangeBorder)
		set("style", "rounded,filled,dashed")
		set("penwidth", "2.5")
	case n.has(ClassUp):
		set("fillcolor", "white")
		set("color", "#b8c0c8")
		set("fontcolor", "#6b757e")
	}
	if n.has(ClassEntrypoint) {
		// Graphviz draws peripheries only on unrounded shapes.
		set("peripheries", "2")
		style := "filled"
		if n.has(ClassDegraded) {
			style = "filled,dashed"
		}
		set("style", style)
	}
	if n.has(ClassGroup) {
		set("shape", "folder")
		if !n.has(ClassEntrypoint) {
			set("style", "filled")
		}
	}
	return strings.Join(a, ", ")
}

func edgeAttrs(v *View, e *Edge) string {
	a := []string{"id=" + quote("edge:"+e.From+"->"+e.To+":"+e.Kind)}
	set := func(k, v string) { a = append(a, k+"="+quote(v)) }
	verb := e.Kind
	switch e.Kind {
	case "requires_any":
		set("color", blueLine)
		set("arrowhead", "empty")
		verb = "requires one of its alternatives"
	case "bootstrap":
		set("style", "dashed")
		verb = "needs to start"
	case "soft":
		set("style", "dotted")
		set("penwidth", "1.6")
		verb = "softly depends on"
	case "monitors":
		set("color", mutedColor)
		set("style", "dashed")
		set("arrowhead", "odot")
	case "downs":
		set("color", redBorder)
		set("penwidth", "2")
		verb = "takes down"
	}
	if v.Blast {
		if e.Path {
			set("color", redBorder)
			set("penwidth", "3.5")
		} else if e.Kind != "monitors" {
			set("color", "#c4cad0")
		}
	}
	set("tooltip", e.From+" "+verb+" "+e.To)
	if e.Label != "" {
		set("label", e.Label)
	}
	return strings.Join(a, ", ")
}

// quote returns s as a DOT string. A newline is a centred line break (our
// labels join their lines with one). Everything else is shown as written, and
// two different strings never quote alike, so that two components never
// become one node: a backslash is shown as \\ (Graphviz's escapes, \N, \G,
// \l, never apply to our text), and every other control character, which
// would end the DOT string (NUL), make the SVG ill-formed XML (U+0001) or be
// dropped by Graphviz (a carriage return: "web" and "web\r" drawn as one),
// is shown as \xNN (report.Visible), as is invalid UTF-8.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\\\`)
		case r == '\n':
			b.WriteString(`\n`)
		default:
			if v := report.Visible(s[i : i+size]); v != s[i:i+size] {
				b.WriteString(strings.ReplaceAll(v, `\`, `\\`))
			} else {
				b.WriteString(v)
			}
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

// wrap breaks s into lines of at most n runes at spaces.
func wrap(s string, n int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > n {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
