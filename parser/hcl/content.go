package hcl

import (
	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// parts are what the decoder reads of a body under a schema: the attributes
// it accepts and its blocks, as Content returns them.
type parts struct {
	attrs  hclv2.Attributes     // Content's attributes, when the body did not fit
	syn    hclsyntax.Attributes // else the body's own, converted when read
	Blocks hclv2.Blocks
}

// get returns the attribute name, or nil: Content's Attributes[name].
func (p *parts) get(name string) *hclv2.Attribute {
	if p.syn != nil {
		return p.syn[name].AsHCLAttribute() // nil for nil
	}
	return p.attrs[name]
}

// bodyContent is body.Content(schema) without the copies hclsyntax makes on
// the way (a second body with maps of the attributes and blocks it hid, a map
// of the blocks wanted, a map of the attributes), which were a fifth of what
// decoding a large file allocated. When body is a syntax body whose every
// attribute and block the schema accepts, with the labels it wants and its
// required attributes present, the parts are read from it directly: then
// Content has no diagnostic and returns the same. Anything else goes to
// Content, which says what is wrong. The bodies decoded here are those the
// parsers return and their blocks' bodies, never a body that PartialContent
// left (whose hidden attributes this could not see).
func bodyContent(body hclv2.Body, schema *hclv2.BodySchema) (*parts, hclv2.Diagnostics) {
	sb, ok := body.(*hclsyntax.Body)
	if !ok || !fits(sb, schema) {
		content, diags := body.Content(schema)
		return &parts{attrs: content.Attributes, Blocks: content.Blocks}, diags
	}
	out := &parts{syn: sb.Attributes}
	if out.syn == nil {
		out.syn = hclsyntax.Attributes{}
	}
	if len(sb.Blocks) > 0 {
		buf := make([]hclv2.Block, len(sb.Blocks))
		out.Blocks = make(hclv2.Blocks, len(sb.Blocks))
		for i, b := range sb.Blocks {
			buf[i] = hclv2.Block{Type: b.Type, Labels: b.Labels, Body: b.Body,
				DefRange: b.DefRange(), TypeRange: b.TypeRange, LabelRanges: b.LabelRanges}
			out.Blocks[i] = &buf[i]
		}
	}
	return out, nil
}

// fits reports whether Content(schema) of sb would take every attribute and
// block of sb without a diagnostic.
func fits(sb *hclsyntax.Body, schema *hclv2.BodySchema) bool {
	for name := range sb.Attributes {
		known := false
		for _, a := range schema.Attributes {
			if a.Name == name {
				known = true
				break
			}
		}
		if !known {
			return false
		}
	}
	for _, a := range schema.Attributes {
		if a.Required && sb.Attributes[a.Name] == nil {
			return false
		}
	}
	for _, b := range sb.Blocks {
		known := false
		for _, bs := range schema.Blocks {
			if bs.Type == b.Type {
				known = len(b.Labels) == len(bs.LabelNames)
				break
			}
		}
		if !known {
			return false
		}
	}
	return true
}

// justAttributes is body.JustAttributes() without an allocation per
// attribute, for a syntax body without blocks (which has no diagnostic).
func justAttributes(body hclv2.Body) (hclv2.Attributes, hclv2.Diagnostics) {
	sb, ok := body.(*hclsyntax.Body)
	if !ok || len(sb.Blocks) > 0 {
		return body.JustAttributes()
	}
	return attributes(sb), nil
}

// attributes converts every attribute of sb, as AsHCLAttribute does, into
// one slice.
func attributes(sb *hclsyntax.Body) hclv2.Attributes {
	out := make(hclv2.Attributes, len(sb.Attributes))
	if len(sb.Attributes) == 0 {
		return out
	}
	buf := make([]hclv2.Attribute, 0, len(sb.Attributes))
	for name, a := range sb.Attributes {
		buf = append(buf, hclv2.Attribute{Name: a.Name, Expr: a.Expr, Range: a.SrcRange, NameRange: a.NameRange})
		out[name] = &buf[len(buf)-1]
	}
	return out
}

// validIdentifier is hclsyntax.ValidIdentifier, which runs the whole lexer,
// answered at once for an ASCII name: a letter or underscore, then letters,
// digits, underscores and dashes. Anything else asks hclsyntax.
func validIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return hclsyntax.ValidIdentifier(s)
		}
	}
	return true
}
