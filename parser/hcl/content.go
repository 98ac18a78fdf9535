package hcl

import (
	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// bodyContent is body.Content(schema) without the copies hclsyntax makes on the
// way (a second body with maps of the attributes and blocks it hid, a map of
// the blocks wanted, one allocation per attribute and per block), which were
// a fifth of what decoding a large file allocated. When body is a syntax body
// whose every attribute and block the schema accepts, with the labels it
// wants and its required attributes present, the content is built directly:
// then Content has no diagnostic and returns the same. Anything else goes to
// Content, which says what is wrong. The bodies decoded here are those the
// parsers return and their blocks' bodies, never a body that PartialContent
// left (whose hidden attributes this could not see).
func bodyContent(body hclv2.Body, schema *hclv2.BodySchema) (*hclv2.BodyContent, hclv2.Diagnostics) {
	sb, ok := body.(*hclsyntax.Body)
	if !ok || !fits(sb, schema) {
		return body.Content(schema)
	}
	out := &hclv2.BodyContent{Attributes: attributes(sb), MissingItemRange: sb.MissingItemRange()}
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
