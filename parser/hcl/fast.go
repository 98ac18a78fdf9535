package hcl

import (
	"unicode/utf8"

	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// fastParse builds, for a file written in the plain subset of HCL that the native
// format needs, exactly the syntax tree hclsyntax.ParseConfig builds, without
// hclsyntax's general lexer and parser, whose token lists and intermediate
// values dominated the cost of reading large architectures.
//
// The subset: ASCII text with LF line ends (comments may hold any UTF-8 text); blocks whose labels are identifiers
// or quoted strings, either opened at the end of a line and closed on a line of
// their own, or on one line with one attribute (placement { zone = "a" }); attributes, one per line, whose values are quoted strings without escapes
// or templates, decimal numbers, true, false, null, traversals of identifiers
// (component.db) and tuples of these; # and // comments. fastParse returns nil for
// anything else (an error, a heredoc, an object, a function call, an operator,
// a repeated attribute, ...), and the caller parses the file with hclsyntax,
// which produces the diagnostics. A test and a fuzz target check that both give
// the same tree whenever fastParse succeeds.
func fastParse(filename string, src []byte) *hclsyntax.Body {
	p := &fastParser{src: src, file: filename, line: 1, col: 1}
	body, ok := p.body(false)
	if !ok {
		return nil
	}
	return body
}

type fastParser struct {
	src       []byte
	file      string
	off       int // byte offset
	line, col int // of off, 1-based; ASCII only, so a column is a byte
}

func (p *fastParser) pos() hclv2.Pos { return hclv2.Pos{Line: p.line, Column: p.col, Byte: p.off} }

func (p *fastParser) rng(start, end hclv2.Pos) hclv2.Range {
	return hclv2.Range{Filename: p.file, Start: start, End: end}
}

func (p *fastParser) peek() byte {
	if p.off < len(p.src) {
		return p.src[p.off]
	}
	return 0
}

// advance moves over one byte that is not a newline.
func (p *fastParser) advance() { p.off++; p.col++ }

// skipSpace skips blanks and a comment running to the end of the line; it stops at
// a newline. It fails on a /* comment, left to hclsyntax.
func (p *fastParser) skipSpace() bool {
	for p.off < len(p.src) {
		switch c := p.src[p.off]; {
		case c == ' ' || c == '\t':
			p.advance()
		case c == '#' || c == '/' && p.off+1 < len(p.src) && p.src[p.off+1] == '/':
			// A comment runs to the end of the line, so nothing after it on the
			// line needs a column: it may hold any valid UTF-8 text.
			start := p.off
			for p.off < len(p.src) && p.src[p.off] != '\n' {
				if c := p.src[p.off]; c < 0x20 && c != '\t' || c == 0x7f {
					return false
				}
				p.advance()
			}
			if p.off == len(p.src) || !utf8.Valid(p.src[start:p.off]) {
				return false // hclsyntax places a last, unended comment oddly
			}
		case c == '/':
			return false
		default:
			return true
		}
	}
	return true
}

// skipLines skips blanks, comments and newlines.
func (p *fastParser) skipLines() bool {
	for {
		if !p.skipSpace() {
			return false
		}
		if p.peek() != '\n' {
			return true
		}
		p.newline()
	}
}

func (p *fastParser) newline() { p.off++; p.line++; p.col = 1 }

// endOfItem consumes what must follow an attribute or a closing brace: blanks, a
// comment, and a newline or the end of the file.
func (p *fastParser) endOfItem() bool {
	if !p.skipSpace() {
		return false
	}
	switch {
	case p.off == len(p.src):
		return true
	case p.src[p.off] == '\n':
		p.newline()
		return true
	}
	return false
}

func identStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func identPart(c byte) bool {
	return identStart(c) || c >= '0' && c <= '9' || c == '-'
}

// ident reads an identifier; ok is false when there is none.
func (p *fastParser) ident() (string, hclv2.Range, bool) {
	start := p.pos()
	if !identStart(p.peek()) {
		return "", hclv2.Range{}, false
	}
	for p.off < len(p.src) && identPart(p.src[p.off]) {
		p.advance()
	}
	return string(p.src[start.Byte:p.off]), p.rng(start, p.pos()), true
}

// quoted reads a quoted string without escapes or template sequences. It returns
// the string, the range of its text and the range with the quotes.
func (p *fastParser) quoted() (s string, inner, outer hclv2.Range, ok bool) {
	start := p.pos()
	p.advance() // "
	innerStart := p.pos()
	for {
		if p.off >= len(p.src) {
			return "", inner, outer, false
		}
		c := p.src[p.off]
		switch {
		case c == '"':
			innerEnd := p.pos()
			p.advance()
			if innerEnd == innerStart {
				// hclsyntax places an empty string's text after the closing quote.
				innerStart, innerEnd = p.pos(), p.pos()
			}
			return string(p.src[start.Byte+1 : p.off-1]), p.rng(innerStart, innerEnd), p.rng(start, p.pos()), true
		case c < 0x20 || c >= 0x7f || c == '\\':
			// Control characters, escapes and non-ASCII text (which hclsyntax
			// normalizes, and whose columns count characters, not bytes).
			return "", inner, outer, false
		case (c == '$' || c == '%') && p.off+1 < len(p.src) && p.src[p.off+1] == '{':
			return "", inner, outer, false
		}
		p.advance()
	}
}

// body parses the items of a body up to its closing brace (block) or the end of
// the file.
func (p *fastParser) body(block bool) (*hclsyntax.Body, bool) {
	b := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, Blocks: hclsyntax.Blocks{}}
	for {
		if !p.skipLines() {
			return nil, false
		}
		if p.off == len(p.src) {
			if block {
				return nil, false
			}
			end := p.pos()
			// The file's body starts at its first token: after the blanks that
			// begin it.
			lead := 0
			for lead < len(p.src) && (p.src[lead] == ' ' || p.src[lead] == '\t') {
				lead++
			}
			b.SrcRange = p.rng(hclv2.Pos{Line: 1, Column: 1 + lead, Byte: lead}, end)
			b.EndRange = p.rng(end, end)
			return b, true
		}
		if p.peek() == '}' {
			if !block {
				return nil, false
			}
			return b, true // the caller sets the ranges
		}
		name, nameRng, ok := p.ident()
		if !ok || !p.skipSpace() {
			return nil, false
		}
		if p.peek() == '=' {
			eq := p.pos()
			p.advance()
			if !p.skipSpace() {
				return nil, false
			}
			expr, ok := p.expr()
			if !ok || !p.endOfItem() {
				return nil, false
			}
			if _, dup := b.Attributes[name]; dup {
				return nil, false
			}
			b.Attributes[name] = &hclsyntax.Attribute{
				Name:        name,
				Expr:        expr,
				SrcRange:    hclv2.RangeBetween(nameRng, expr.Range()),
				NameRange:   nameRng,
				EqualsRange: p.rng(eq, hclv2.Pos{Line: eq.Line, Column: eq.Column + 1, Byte: eq.Byte + 1}),
			}
			continue
		}
		blk, ok := p.block(name, nameRng)
		if !ok {
			return nil, false
		}
		b.Blocks = append(b.Blocks, blk)
	}
}

// block parses a block after its type: labels, a brace at the end of the line,
// the body, and a closing brace ending its line.
func (p *fastParser) block(typ string, typeRng hclv2.Range) (*hclsyntax.Block, bool) {
	blk := &hclsyntax.Block{Type: typ, TypeRange: typeRng}
	for {
		switch c := p.peek(); {
		case c == '"':
			s, _, outer, ok := p.quoted()
			if !ok {
				return nil, false
			}
			blk.Labels = append(blk.Labels, s)
			blk.LabelRanges = append(blk.LabelRanges, outer)
		case identStart(c):
			s, r, _ := p.ident()
			blk.Labels = append(blk.Labels, s)
			blk.LabelRanges = append(blk.LabelRanges, r)
		case c == '{':
			open := p.pos()
			p.advance()
			blk.OpenBraceRange = p.rng(open, p.pos())
			if !p.skipSpace() {
				return nil, false
			}
			if c := p.peek(); c != '\n' && c != '}' {
				// A one-line block: a single attribute, then the closing brace.
				body, ok := p.singleAttrBody()
				if !ok {
					return nil, false
				}
				closeStart := p.pos()
				p.advance() // }
				blk.CloseBraceRange = p.rng(closeStart, p.pos())
				blk.Body = body
				return blk, p.endOfItem()
			}
			body, ok := p.body(true)
			if !ok {
				return nil, false
			}
			closeStart := p.pos()
			p.advance() // }
			closeEnd := p.pos()
			blk.CloseBraceRange = p.rng(closeStart, closeEnd)
			body.SrcRange = hclv2.RangeBetween(blk.OpenBraceRange, blk.CloseBraceRange)
			body.EndRange = p.rng(closeEnd, closeEnd)
			blk.Body = body
			return blk, p.endOfItem()
		default:
			return nil, false
		}
		if !p.skipSpace() {
			return nil, false
		}
	}
}

// singleAttrBody parses the body of a one-line block, name = value, up to the
// closing brace, which it leaves for the caller.
func (p *fastParser) singleAttrBody() (*hclsyntax.Body, bool) {
	name, nameRng, ok := p.ident()
	if !ok || !p.skipSpace() || p.peek() != '=' {
		return nil, false
	}
	eq := p.pos()
	p.advance()
	if !p.skipSpace() {
		return nil, false
	}
	expr, ok := p.expr()
	if !ok || !p.skipSpace() || p.peek() != '}' {
		return nil, false
	}
	attr := &hclsyntax.Attribute{
		Name:        name,
		Expr:        expr,
		SrcRange:    hclv2.RangeBetween(nameRng, expr.Range()),
		NameRange:   nameRng,
		EqualsRange: p.rng(eq, hclv2.Pos{Line: eq.Line, Column: eq.Column + 1, Byte: eq.Byte + 1}),
	}
	end := attr.SrcRange.End
	return &hclsyntax.Body{
		Attributes: hclsyntax.Attributes{name: attr},
		SrcRange:   attr.SrcRange,
		EndRange:   p.rng(end, end),
	}, true
}

// expr parses a value of the subset.
func (p *fastParser) expr() (hclsyntax.Expression, bool) {
	c := p.peek()
	switch {
	case c == '"':
		s, inner, outer, ok := p.quoted()
		if !ok {
			return nil, false
		}
		return &hclsyntax.TemplateExpr{
			Parts:    []hclsyntax.Expression{&hclsyntax.LiteralValueExpr{Val: cty.StringVal(s), SrcRange: inner}},
			SrcRange: outer,
		}, true
	case c >= '0' && c <= '9':
		return p.number()
	case c == '[':
		return p.tuple()
	case identStart(c):
		name, r, _ := p.ident()
		switch name {
		case "true":
			return &hclsyntax.LiteralValueExpr{Val: cty.True, SrcRange: r}, true
		case "false":
			return &hclsyntax.LiteralValueExpr{Val: cty.False, SrcRange: r}, true
		case "null":
			return &hclsyntax.LiteralValueExpr{Val: cty.NullVal(cty.DynamicPseudoType), SrcRange: r}, true
		case "for":
			return nil, false
		}
		t := &hclsyntax.ScopeTraversalExpr{
			Traversal: hclv2.Traversal{hclv2.TraverseRoot{Name: name, SrcRange: r}},
			SrcRange:  r,
		}
		for p.peek() == '.' {
			dot := p.pos()
			p.advance()
			attr, ar, ok := p.ident()
			if !ok {
				return nil, false
			}
			step := p.rng(dot, ar.End)
			t.Traversal = append(t.Traversal, hclv2.TraverseAttr{Name: attr, SrcRange: step})
			t.SrcRange = hclv2.RangeBetween(t.SrcRange, step)
		}
		switch p.peek() {
		case '(', '[', ':':
			return nil, false // a call or an index
		}
		return t, true
	}
	return nil, false
}

// number parses digits with an optional fraction.
func (p *fastParser) number() (hclsyntax.Expression, bool) {
	start := p.pos()
	digits := func() int {
		n := 0
		for p.off < len(p.src) && p.src[p.off] >= '0' && p.src[p.off] <= '9' {
			p.advance()
			n++
		}
		return n
	}
	digits()
	if p.peek() == '.' {
		p.advance()
		if digits() == 0 {
			return nil, false
		}
	}
	if c := p.peek(); identPart(c) || c == '.' {
		return nil, false // an exponent, or something the lexer reads otherwise
	}
	v, err := cty.ParseNumberVal(string(p.src[start.Byte:p.off]))
	if err != nil {
		return nil, false
	}
	return &hclsyntax.LiteralValueExpr{Val: v, SrcRange: p.rng(start, p.pos())}, true
}

// tuple parses [a, b, ...], over several lines if need be.
func (p *fastParser) tuple() (hclsyntax.Expression, bool) {
	open := p.pos()
	p.advance()
	openRng := p.rng(open, p.pos())
	var exprs []hclsyntax.Expression
	for {
		if !p.skipLines() {
			return nil, false
		}
		if p.peek() == ']' {
			break
		}
		e, ok := p.expr()
		if !ok || !p.skipLines() {
			return nil, false
		}
		exprs = append(exprs, e)
		if p.peek() == ']' {
			break
		}
		if p.peek() != ',' {
			return nil, false
		}
		p.advance()
	}
	p.advance()
	return &hclsyntax.TupleConsExpr{
		Exprs:     exprs,
		SrcRange:  p.rng(open, p.pos()),
		OpenRange: openRng,
	}, true
}
