package kubernetes

import (
	"bytes"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// fastYAML reads one document written in the plain block style that kubectl,
// Helm and kustomize print — block mappings and sequences, one-line plain and
// quoted scalars without escapes, literal block scalars, empty flow
// collections, comments — into the node tree the reader walks, without the
// general YAML parser, which took over half of the CPU time of a large stream.
// It returns nil for anything else (anchors, aliases, tags, flow collections,
// folded or multi-line scalars, escapes, tabs, CRLF, several documents, an
// error...), and the caller uses yaml.v3, which also reports the errors.
//
// The nodes carry what the reader uses and what yaml.v3 sets: Kind, Value,
// Style for quoted and literal scalars, Line and Column, Content, and Tag:
// "!!map", "!!seq", "!!str" for quoted and literal scalars, "!!null" for a
// null, and empty for other plain scalars, which Node.ShortTag resolves as
// yaml.v3 does. TestFastYAML and FuzzFastYAML check that whatever it accepts,
// yaml.v3 reads into the same tree.
func fastYAML(src []byte) *yaml.Node {
	if !printable(src) {
		return nil
	}
	p := &yparser{src: src}
	p.splitLines()
	if p.bad {
		return nil
	}
	// Leading blank and comment lines, then an optional document marker.
	p.skipBlank()
	if p.i < len(p.lines) && p.lines[p.i].marker {
		p.i++
		p.skipBlank()
	}
	if p.i == len(p.lines) {
		return nil // an empty document: rare, left to yaml.v3
	}
	root := p.block(p.lines[p.i].indent)
	p.skipBlank()
	if p.bad || root == nil || p.i != len(p.lines) {
		return nil
	}
	return root
}

type yline struct {
	start, end int // the line's bytes, without its newline
	indent     int // leading spaces
	blank      bool
	marker     bool // "---" with nothing after it but a comment
}

type yparser struct {
	src   []byte
	lines []yline
	i     int // current line
	bad   bool
	depth int // collections open, block and flow
}

// maxFastDepth bounds the nesting the fast path reads: a deeper document is
// left to yaml.v3, which reads up to its own limit (10,000) and reports the
// error beyond it. The fast path recurses once per level; the bound keeps its
// stack small whatever the input (four million "[" once overflowed it), and
// keeps every depth decision yaml.v3's.
const maxFastDepth = 100

func (p *yparser) splitLines() {
	for off := 0; off < len(p.src); {
		end := bytes.IndexByte(p.src[off:], '\n')
		if end < 0 {
			end = len(p.src)
		} else {
			end += off
		}
		l := yline{start: off, end: end}
		for l.start+l.indent < end && p.src[l.start+l.indent] == ' ' {
			l.indent++
		}
		rest := p.src[l.start+l.indent : end]
		switch {
		case bytes.IndexByte(p.src[off:end], '\r') >= 0 || bytes.IndexByte(p.src[off:end], '\t') >= 0:
			p.bad = true // CRLF and tabs: left to yaml.v3
			return
		case len(rest) == 0 || rest[0] == '#':
			l.blank = true
		case l.indent == 0 && bytes.HasPrefix(rest, []byte("---")):
			after := bytes.TrimLeft(rest[3:], " ")
			if len(rest) > 3 && rest[3] != ' ' || len(after) > 0 && after[0] != '#' {
				p.bad = true
				return
			}
			l.marker = true
		case l.indent == 0 && (bytes.HasPrefix(rest, []byte("...")) || rest[0] == '%'):
			p.bad = true // document end, directives
			return
		}
		p.lines = append(p.lines, l)
		off = end + 1
	}
}

func (p *yparser) skipBlank() {
	for p.i < len(p.lines) && p.lines[p.i].blank {
		p.i++
	}
}

// next returns the indentation of the next non-blank line, or -1 at the end.
func (p *yparser) next() int {
	p.skipBlank()
	if p.i == len(p.lines) || p.lines[p.i].marker {
		return -1
	}
	return p.lines[p.i].indent
}

// block reads the collection that starts on the current line at indent.
func (p *yparser) block(indent int) *yaml.Node {
	if p.depth++; p.depth > maxFastDepth {
		return p.fail()
	}
	defer func() { p.depth-- }()
	l := p.lines[p.i]
	at := l.start + indent
	if p.isSeqEntry(at, l.end) {
		return p.sequence(indent)
	}
	return p.mapping(indent, at)
}

func (p *yparser) isSeqEntry(at, end int) bool {
	return at < end && p.src[at] == '-' && (at+1 == end || p.src[at+1] == ' ')
}

func (p *yparser) fail() *yaml.Node { p.bad = true; return nil }

// mapping reads a block mapping whose keys sit at column indent; its first key
// starts at byte at of the current line (after "- " for a mapping in a
// sequence entry).
func (p *yparser) mapping(indent, at int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.i + 1, Column: indent + 1}
	for {
		l := p.lines[p.i]
		key, valueAt := p.key(at, l.end, indent)
		if key == nil {
			return p.fail()
		}
		v := p.value(indent, valueAt)
		if v == nil {
			return p.fail()
		}
		n.Content = append(n.Content, key, v)
		ni := p.next()
		if ni < indent {
			return n
		}
		if ni > indent {
			return p.fail() // a continuation line, or bad indentation
		}
		l = p.lines[p.i]
		at = l.start + indent
		if p.isSeqEntry(at, l.end) {
			return p.fail()
		}
	}
}

// key reads "key:" at byte at of the current line and returns the key node and
// where the value starts.
func (p *yparser) key(at, end, col int) (*yaml.Node, int) {
	k := &yaml.Node{Kind: yaml.ScalarNode, Line: p.i + 1, Column: col + 1}
	switch c := p.src[at]; c {
	case '"', '\'':
		s, after, ok := p.quoted(at, end)
		if !ok || after-at > maxKey || after >= end || p.src[after] != ':' || after+1 < end && p.src[after+1] != ' ' || !ascii(p.src[at:after]) {
			return nil, 0 // non-ASCII before the value: yaml.v3 counts its columns in characters
		}
		k.Value, k.Tag, k.Style = s, "!!str", quoteStyle(c)
		return k, after + 1
	}
	if !plainStart(p.src, at, end) {
		return nil, 0
	}
	for i := at; i < end; i++ {
		c := p.src[i]
		if c >= 0x80 || c == '#' && p.src[i-1] == ' ' {
			return nil, 0
		}
		if c == ':' && (i+1 == end || p.src[i+1] == ' ') {
			if i-at > maxKey {
				return nil, 0
			}
			text := strings.TrimRight(string(p.src[at:i]), " ")
			if text == "" || text == "<<" || isNull(text) {
				return nil, 0 // merge keys and null keys: left to yaml.v3
			}
			k.Value = text
			return k, i + 1
		}
	}
	return nil, 0
}

// value reads the value of a mapping entry whose key sits at column indent; it
// starts at byte at of the current line (after the colon).
func (p *yparser) value(indent, at int) *yaml.Node {
	l := p.lines[p.i]
	for at < l.end && p.src[at] == ' ' {
		at++
	}
	if at == l.end || p.src[at] == '#' {
		// The value is on the lines below: a deeper block, or a sequence at
		// the key's own indentation. Nothing there is a null, whose position
		// is left to yaml.v3.
		p.i++
		ni := p.next()
		switch {
		case ni > indent:
			return p.block(ni)
		case ni == indent && p.isSeqEntry(p.lines[p.i].start+ni, p.lines[p.i].end):
			return p.sequence(indent)
		}
		return p.fail()
	}
	n := p.scalar(at, l.end, indent)
	p.i++
	return n
}

// scalar reads a scalar that starts at byte at of the current line and runs to
// its end (or a comment); indent is the enclosing collection's indentation, for
// literal block scalars.
func (p *yparser) scalar(at, end, indent int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Line: p.i + 1, Column: at - p.lines[p.i].start + 1}
	switch c := p.src[at]; c {
	case '"', '\'':
		s, after, ok := p.quoted(at, end)
		if !ok || !p.restIsComment(after, end) {
			return nil
		}
		n.Value, n.Tag, n.Style = s, "!!str", quoteStyle(c)
		return n
	case '[', '{':
		f, after := p.flow(at, end)
		if f == nil || !p.restIsComment(after, end) {
			return nil
		}
		return f
	case '|':
		return nil // literal block scalars: left to yaml.v3 for now
	}
	if !plainStart(p.src, at, end) {
		return nil
	}
	stop := end
	for i := at; i < end; i++ {
		c := p.src[i]
		if c == '#' && p.src[i-1] == ' ' {
			stop = i
			break
		}
		if c == ':' && (i+1 == end || p.src[i+1] == ' ') {
			return nil // "a: b: c" is an error; a compact mapping is not plain
		}
	}
	n.Value = strings.TrimRight(string(p.src[at:stop]), " ")
	if isNull(n.Value) {
		n.Tag = "!!null"
	}
	return n
}

// flow reads a one-line flow sequence or mapping of plain and quoted scalars and
// flow collections ([a, "b"], {k: v, l: [1]}) at byte at, and returns it and
// the byte after it.
func (p *yparser) flow(at, end int) (*yaml.Node, int) {
	if p.depth++; p.depth > maxFastDepth {
		p.bad = true
		return nil, 0
	}
	defer func() { p.depth-- }()
	open := p.src[at]
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: p.i + 1, Column: at - p.lines[p.i].start + 1}
	closer := byte(']')
	if open == '{' {
		n.Kind, n.Tag, closer = yaml.MappingNode, "!!map", '}'
	}
	skip := func(i int) int {
		for i < end && p.src[i] == ' ' {
			i++
		}
		return i
	}
	// item reads a scalar ending at a separator: a comma, the closer, or (for a
	// key) ": ".
	item := func(i int, key bool) (*yaml.Node, int) {
		if i >= end {
			return nil, 0
		}
		if c := p.src[i]; (c == '[' || c == '{') && !key {
			return p.flow(i, end)
		}
		s := &yaml.Node{Kind: yaml.ScalarNode, Line: p.i + 1, Column: i - p.lines[p.i].start + 1}
		if c := p.src[i]; c == '"' || c == '\'' {
			v, after, ok := p.quoted(i, end)
			if !ok || !ascii(p.src[i:after]) {
				return nil, 0 // what follows on the line would have its column counted in characters
			}
			s.Value, s.Tag, s.Style = v, "!!str", quoteStyle(c)
			return s, after
		}
		if !plainStart(p.src, i, end) {
			return nil, 0
		}
		// yaml.v3 ends a plain scalar in a flow collection at "?" too (and
		// then fails), and at a ":" before a flow indicator: both are left to
		// it, as are a ":" at the end of the line and anything but ASCII.
		j := i
		for ; j < end; j++ {
			c := p.src[j]
			if c >= 0x80 || c == '[' || c == '{' || c == '#' || c == '?' {
				return nil, 0
			}
			if c == ':' && j+1 < end && p.src[j+1] != ' ' && strings.IndexByte(",[]{}", p.src[j+1]) >= 0 {
				return nil, 0
			}
			if c == ',' || c == ']' || c == '}' || c == ':' && (j+1 == end || p.src[j+1] == ' ') {
				break
			}
		}
		s.Value = strings.TrimRight(string(p.src[i:j]), " ")
		if key && (s.Value == "<<" || isNull(s.Value)) {
			return nil, 0
		}
		if isNull(s.Value) {
			s.Tag = "!!null"
		}
		return s, j
	}
	i := skip(at + 1)
	if i < end && p.src[i] == closer {
		return n, i + 1
	}
	for {
		ks := i
		k, after := item(i, open == '{')
		if k == nil {
			return nil, 0
		}
		i = skip(after)
		if open == '{' {
			if i+1 >= end || p.src[i] != ':' || p.src[i+1] != ' ' || i-ks > maxKey {
				return nil, 0
			}
			v, after := item(skip(i+1), false)
			if v == nil {
				return nil, 0
			}
			n.Content = append(n.Content, k, v)
			i = skip(after)
		} else {
			n.Content = append(n.Content, k)
		}
		switch {
		case i < end && p.src[i] == closer:
			return n, i + 1
		case i < end && p.src[i] == ',':
			i = skip(i + 1)
			if i < end && p.src[i] == closer {
				return nil, 0 // a trailing comma: left to yaml.v3
			}
		default:
			return nil, 0
		}
	}
}

// restIsComment reports whether only blanks and a comment follow byte at.
func (p *yparser) restIsComment(at, end int) bool {
	for at < end && p.src[at] == ' ' {
		at++
	}
	return at == end || p.src[at] == '#' && p.src[at-1] == ' '
}

// quoted reads a one-line quoted scalar without escapes (a single-quoted one
// may double its quote) and returns its value and the byte after it.
func (p *yparser) quoted(at, end int) (string, int, bool) {
	q := p.src[at]
	var sb strings.Builder
	for i := at + 1; i < end; i++ {
		c := p.src[i]
		switch {
		case c == '\\' && q == '"':
			return "", 0, false
		case c == q && q == '\'' && i+1 < end && p.src[i+1] == '\'':
			sb.WriteByte('\'')
			i++
		case c == q:
			return sb.String(), i + 1, true
		default:
			sb.WriteByte(c)
		}
	}
	return "", 0, false // runs over the line: left to yaml.v3
}

// sequence reads a block sequence whose dashes sit at column indent.
func (p *yparser) sequence(indent int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: p.i + 1, Column: indent + 1}
	for {
		l := p.lines[p.i]
		at := l.start + indent + 1
		for at < l.end && p.src[at] == ' ' {
			at++
		}
		var item *yaml.Node
		switch {
		case at == l.end || p.src[at] == '#':
			p.i++
			ni := p.next()
			if ni <= indent {
				return p.fail() // a null entry: left to yaml.v3
			}
			item = p.block(ni)
		case p.isSeqEntry(at, l.end):
			return p.fail() // "- - x"
		case p.looksLikeKey(at, l.end):
			item = p.mapping(at-l.start, at)
		default:
			item = p.scalar(at, l.end, indent)
			p.i++
		}
		if item == nil || p.bad {
			return p.fail()
		}
		n.Content = append(n.Content, item)
		ni := p.next()
		if ni < indent {
			return n
		}
		l = p.lines[p.i]
		if ni > indent || !p.isSeqEntry(l.start+indent, l.end) {
			if ni == indent {
				return n // the sequence was a mapping value at its key's indentation
			}
			return p.fail()
		}
	}
}

// looksLikeKey reports whether the text at byte at of a line starts a mapping
// entry: a plain or quoted key followed by a colon and a blank or the line end.
func (p *yparser) looksLikeKey(at, end int) bool {
	if c := p.src[at]; c == '"' || c == '\'' {
		_, after, ok := p.quoted(at, end)
		return ok && after < end && p.src[after] == ':' && (after+1 == end || p.src[after+1] == ' ')
	}
	if !plainStart(p.src, at, end) {
		return false // a flow collection, an anchor, a tag...
	}
	for i := at; i < end; i++ {
		c := p.src[i]
		if c == '#' && i > at && p.src[i-1] == ' ' {
			return false
		}
		if c == ':' && (i+1 == end || p.src[i+1] == ' ') {
			return true
		}
	}
	return false
}

// plainStart reports whether a plain scalar may start at byte at.
func plainStart(src []byte, at, end int) bool {
	switch c := src[at]; c {
	case '[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '-', '?', ':':
		return at+1 < end && src[at+1] != ' ' && c == '-'
	default:
		return c > ' ' && c != 0x7f
	}
}

// printable reports whether src is valid UTF-8 made only of the characters
// YAML allows in a stream (yaml.v3's is_printable), tabs and CRs excepted.
func printable(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < 0x80 {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return false
		}
		switch {
		case r == 0x2028 || r == 0x2029:
			// Line breaks to yaml.v3 (YAML 1.1), as NEL (U+0085) is: left
			// to it, which counts lines and ends scalars at them.
			return false
		case r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF, r >= 0x10000 && r <= 0x10FFFF:
		default:
			return false
		}
		i += size
	}
	return true
}

// maxKey bounds the length of an implicit key: yaml.v3 rejects keys of more
// than 1024 characters, and longer ones are left to it.
const maxKey = 1000

// ascii reports whether b holds only ASCII: the fast path counts columns in
// bytes, yaml.v3 in characters, so that nothing it positions may follow a
// multi-byte character on its line.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func isNull(s string) bool {
	return s == "" || s == "~" || s == "null" || s == "Null" || s == "NULL"
}

func quoteStyle(q byte) yaml.Style {
	if q == '"' {
		return yaml.DoubleQuotedStyle
	}
	return yaml.SingleQuotedStyle
}
