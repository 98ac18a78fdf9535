package kubernetes

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	hclv2 "github.com/hashicorp/hcl/v2"
	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/graph"
)

// Limits that keep memory bounded whatever the input. The API server refuses
// objects over about 1.5 MiB (etcd's request limit), so a document far above that
// is not a manifest; a List of many objects in one JSON document (kubectl get -o
// json) is the largest legitimate case.
const (
	maxDocumentBytes = 16 << 20
	// maxAliasGrowth bounds what aliases add to a document once expanded, in
	// units of one per node and one per 64 bytes of a scalar: a billion-laughs
	// document (&a [*a, *a, …]) is tiny on disk and exponential when a reader
	// follows its aliases, and one long scalar aliased many times is read as
	// many times. A document without aliases adds nothing, whatever its size.
	maxAliasGrowth = 1 << 20
	// maxReplicas bounds a workload's replicas (and an HPA's minReplicas), as the
	// native format does: every instance is a vertex of the failure engine, and
	// replicas: 1000000000 would otherwise take minutes and gigabytes.
	maxReplicas = 100000
)

// source is one input file: its name, its bytes and where each line starts, to
// turn the yaml package's line and column into hcl positions with byte offsets.
type source struct {
	name       string
	src        []byte
	lineStarts []int
	// wide marks the lines that hold a byte outside ASCII: on the others a
	// column is a byte offset. Columns on a wide line are counted in runes, from
	// a checkpoint every checkpointRunes runes on a long line (a JSON List of
	// thousands of objects is one line of megabytes: counting from its start
	// for every node took minutes).
	wide        map[int]bool
	mu          sync.Mutex
	checkpoints map[int][]int // line -> byte offset of every checkpointRunes-th rune
}

const checkpointRunes = 256

func newSource(name string, src []byte) *source {
	s := &source{name: name, src: src, lineStarts: make([]int, 1, 1+bytes.Count(src, []byte{'\n'}))}
	for i, c := range src {
		if c == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		} else if c >= utf8.RuneSelf {
			if s.wide == nil {
				s.wide = map[int]bool{}
			}
			s.wide[len(s.lineStarts)] = true
		}
	}
	return s
}

// lineCheckpoints returns the byte offsets of every checkpointRunes-th rune of a
// long wide line, computed once; documents are read in parallel.
func (s *source) lineCheckpoints(line int) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cp, ok := s.checkpoints[line]; ok {
		return cp
	}
	off, end := s.lineStarts[line-1], s.lineEnd(line)
	var cp []int
	for n := 0; off < end; n++ {
		if n%checkpointRunes == 0 {
			cp = append(cp, off)
		}
		_, size := utf8.DecodeRune(s.src[off:end])
		off += size
	}
	if s.checkpoints == nil {
		s.checkpoints = map[int][]int{}
	}
	s.checkpoints[line] = cp
	return cp
}

// lineEnd returns the byte offset of the end of line (1-based), without its newline.
func (s *source) lineEnd(line int) int {
	if line < len(s.lineStarts) {
		end := s.lineStarts[line] - 1
		if end > 0 && s.src[end-1] == '\r' {
			end--
		}
		return end
	}
	return len(s.src)
}

// pos converts a line and a column (in characters, both 1-based) to a position.
func (s *source) pos(line, col int) hclv2.Pos {
	if line < 1 {
		line = 1
	}
	if line > len(s.lineStarts) {
		line = len(s.lineStarts)
	}
	if col < 1 {
		col = 1
	}
	off, end := s.lineStarts[line-1], s.lineEnd(line)
	if !s.wide[line] {
		off = min(off+col-1, end)
		return hclv2.Pos{Line: line, Column: 1 + off - s.lineStarts[line-1], Byte: off}
	}
	c := 1
	if end-off > 4*checkpointRunes {
		cp := s.lineCheckpoints(line)
		i := min((col-1)/checkpointRunes, len(cp)-1)
		off, c = cp[i], 1+i*checkpointRunes
	}
	for c < col && off < end {
		_, n := utf8.DecodeRune(s.src[off:end])
		off += n
		c++
	}
	return hclv2.Pos{Line: line, Column: c, Byte: off}
}

// lineRange is the range of a whole line, from its first non-blank character.
func (s *source) lineRange(line int) graph.Range {
	start := s.pos(line, 1)
	end := s.lineEnd(start.Line)
	for start.Byte < end && (s.src[start.Byte] == ' ' || s.src[start.Byte] == '\t') {
		start.Byte++
		start.Column++
	}
	return graph.Range{Filename: s.name, Start: start, End: s.advance(start, end)}
}

// advance returns the position of byte offset to (on start's line) after start.
func (s *source) advance(start hclv2.Pos, to int) hclv2.Pos {
	if to < start.Byte {
		to = start.Byte
	}
	return hclv2.Pos{Line: start.Line, Column: start.Column + utf8.RuneCount(s.src[start.Byte:to]), Byte: to}
}

// rng returns the range of node n in the document that starts at line offset
// lineOff. A scalar's range covers its token on its first line (quotes included);
// a collection's range is its first line.
func (s *source) rng(n *yaml.Node, lineOff int) graph.Range {
	if n == nil {
		return graph.Range{Filename: s.name, Start: hclv2.InitialPos, End: hclv2.InitialPos}
	}
	start := s.pos(n.Line+lineOff, n.Column)
	end := s.lineEnd(start.Line)
	if n.Kind != yaml.ScalarNode {
		return graph.Range{Filename: s.name, Start: start, End: s.advance(start, min(end, start.Byte+1))}
	}
	stop := start.Byte
	rest := s.src[start.Byte:end]
	switch {
	case len(rest) > 0 && (rest[0] == '"' || rest[0] == '\''):
		q := rest[0]
		stop++
		for i := 1; i < len(rest); i++ {
			if q == '"' && rest[i] == '\\' {
				i++
				continue
			}
			if rest[i] == q {
				if q == '\'' && i+1 < len(rest) && rest[i+1] == '\'' {
					i++
					continue
				}
				stop = start.Byte + i + 1
				break
			}
			stop = start.Byte + i + 1
		}
	case bytes.HasPrefix(rest, []byte(n.Value)) && n.Value != "":
		stop += len(n.Value)
	default:
		// A block scalar (its indicator), or a plain scalar folded over lines.
		i := bytes.IndexAny(rest, " \t,]}#")
		if i < 0 {
			i = len(rest)
		}
		stop += max(i, min(1, len(rest)))
	}
	return graph.Range{Filename: s.name, Start: start, End: s.advance(start, stop)}
}

// chunk is one YAML document of a stream, as a slice of the source.
type chunk struct {
	start, end int // byte offsets
	line       int // the line of start, 1-based
}

// splitDocuments cuts a stream at its document markers ("---" at the start of a
// line), so that a syntax error in one document, which ends a yaml stream, does
// not hide the documents after it. A "---" inside a block scalar would have to be
// indented, so a marker at column 1 always starts a document.
func splitDocuments(src []byte) []chunk {
	var out []chunk
	cur := chunk{start: 0, line: 1}
	line := 1
	for off := 0; off < len(src); line++ {
		nl := bytes.IndexByte(src[off:], '\n')
		next := len(src)
		if nl >= 0 {
			next = off + nl + 1
		}
		if isMarker(src[off:next]) && off > cur.start {
			cur.end = off
			out = append(out, cur)
			cur = chunk{start: off, line: line}
		}
		off = next
	}
	cur.end = len(src)
	out = append(out, cur)
	var split []chunk
	for i, c := range out {
		if more := splitJSON(src, c); len(more) > 1 {
			if split == nil {
				split = append(split, out[:i]...)
			}
			split = append(split, more...)
		} else if split != nil {
			split = append(split, c)
		}
	}
	if split != nil {
		return split
	}
	return out
}

// splitJSON cuts a chunk that holds JSON values one after another (kubectl
// get -o json of several objects, concatenated; jq -c output, one per line)
// into one chunk per value, each from the start of the line where it begins,
// so that positions stay those of the stream. A YAML stream has no such
// documents: a chunk is cut only when its first value is a JSON object or
// array ('{' or '[' first, after blanks and comment lines) that closes before
// the chunk ends, and another '{' or '[' starts a later line, after nothing
// but blanks. Anything else, a value that does not close included, is one
// chunk, for the YAML parser to read or reject.
func splitJSON(src []byte, c chunk) []chunk {
	var out []chunk
	b := src[c.start:c.end]
	at, line := 0, c.line // the current value's start (a line start) and line
	for {
		i, l, ok := jsonStart(b, at, line)
		if !ok {
			return nil
		}
		end, ok := jsonEnd(b, i)
		if !ok {
			return nil
		}
		// The rest of the value's last line must be blank, and the next value
		// start on a later line.
		j := end
		for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r') {
			j++
		}
		if j < len(b) && b[j] != '\n' {
			return nil
		}
		l += bytes.Count(b[i:j], []byte{'\n'})
		if j >= len(b) || blank(b[j:]) {
			out = append(out, chunk{start: c.start + at, end: c.end, line: line})
			return out
		}
		out = append(out, chunk{start: c.start + at, end: c.start + j + 1, line: line})
		at, line = j+1, l+1
	}
}

// jsonStart returns the offset of the '{' or '[' that opens the value of b
// from at (after blank and comment lines; only blanks before it on its line),
// and its line; ok is false when something else comes first.
func jsonStart(b []byte, at, line int) (int, int, bool) {
	for at < len(b) {
		nl := bytes.IndexByte(b[at:], '\n')
		next := len(b)
		if nl >= 0 {
			next = at + nl + 1
		}
		t := bytes.TrimLeft(b[at:next], " \t\r")
		switch {
		case len(t) == 0 || t[0] == '\n' || t[0] == '#' || isMarker(t) && len(bytes.TrimSpace(t[3:])) == 0:
			at, line = next, line+1
		case t[0] == '{' || t[0] == '[':
			return next - len(t), line, true
		default:
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// jsonEnd returns the offset just after the object or array that opens at
// b[i], skipping strings; ok is false when it does not close.
func jsonEnd(b []byte, i int) (int, bool) {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}
	}
	return 0, false
}

func isMarker(l []byte) bool {
	if !bytes.HasPrefix(l, []byte("---")) {
		return false
	}
	rest := l[3:]
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r'
}

// blank reports whether a chunk holds no document: only markers, comments and space.
func blank(b []byte) bool {
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		l := b
		if nl >= 0 {
			l, b = b[:nl], b[nl+1:]
		} else {
			b = nil
		}
		t := bytes.TrimSpace(l)
		if len(t) == 0 || t[0] == '#' || isMarker(t) && len(bytes.TrimSpace(t[3:])) == 0 || string(t) == "..." {
			continue
		}
		return false
	}
	return true
}

var parserErrors = map[string]bool{
	"did not find expected ',' or ']'": true, "did not find expected ',' or '}'": true,
	"did not find expected '-' indicator": true, "did not find expected <document start>": true,
	"did not find expected key": true, "did not find expected node content": true,
	"found undefined tag handle": true, "found incompatible YAML document": true,
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxDiag turns a yaml error into a diagnostic at its line. The yaml package
// gives no column, so the subject is the line from its first non-blank character.
func (s *source) syntaxDiag(err error, c chunk) *hclv2.Diagnostic {
	msg := err.Error()
	line := c.line
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			line = c.line + n - 1
			// The yaml package reports a parser error at a 0-based line (a scanner
			// error at a 1-based one).
			if parserErrors[m[2]] {
				line++
			}
		}
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if max := s.lineAt(c.end); line > max {
		line = max
	}
	if line < c.line {
		line = c.line
	}
	r := s.lineRange(line)
	return &hclv2.Diagnostic{
		Severity: hclv2.DiagError,
		Summary:  "Invalid YAML",
		Detail:   fmt.Sprintf("The document that starts on line %d cannot be read: %s. The other documents are still read.", c.line, msg),
		Subject:  r.Ptr(),
	}
}

// lineAt returns the line that holds byte offset off (the last line at the end).
func (s *source) lineAt(off int) int {
	lo, hi := 0, len(s.lineStarts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if s.lineStarts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if off == len(s.src) && off > 0 && s.src[off-1] == '\n' && lo > 0 {
		lo--
	}
	return lo + 1
}

// units is the weight of one node for the alias bound.
func units(n *yaml.Node) int {
	if n.Kind == yaml.ScalarNode {
		return 1 + len(n.Value)/64
	}
	return 1
}

// aliasGrowth returns how much the aliases of n add to it once expanded (in
// units), or more than limit when that exceeds limit; the alias that crosses
// it is returned too.
func aliasGrowth(n *yaml.Node, limit int) (int, *yaml.Node) {
	written := 0 // n as written: every node once, an alias one node
	aliases := false
	for stack := []*yaml.Node{n}; len(stack) > 0; {
		m := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if m == nil {
			continue
		}
		written += units(m)
		aliases = aliases || m.Kind == yaml.AliasNode
		stack = append(stack, m.Content...)
	}
	if !aliases {
		return 0, nil
	}
	total, culprit := expandedSize(n, written+limit)
	return total - written, culprit
}

// expandedSize returns the units of n with every alias expanded, or more than
// limit when it exceeds limit; the alias that crosses it is returned too.
func expandedSize(n *yaml.Node, limit int) (int, *yaml.Node) {
	memo := map[*yaml.Node]int{}
	var size func(n *yaml.Node, depth int) (int, *yaml.Node)
	size = func(n *yaml.Node, depth int) (int, *yaml.Node) {
		if n == nil {
			return 0, nil
		}
		if v, ok := memo[n]; ok {
			return v, nil
		}
		if depth > 10000 {
			return limit + 1, n
		}
		memo[n] = limit + 1 // a cycle through an alias expands without end
		total := units(n)
		var culprit *yaml.Node
		if n.Kind == yaml.AliasNode {
			t, c := size(n.Alias, depth+1)
			total += t
			if total > limit && c == nil {
				c = n
			}
			culprit = c
		}
		for _, ch := range n.Content {
			t, c := size(ch, depth+1)
			total += t
			if total > limit {
				if c == nil && ch.Kind == yaml.AliasNode {
					c = ch
				}
				if culprit == nil {
					culprit = c
				}
				break
			}
		}
		if total > limit {
			total = limit + 1
		}
		memo[n] = total
		return total, culprit
	}
	return size(n, 0)
}

// Helpers over yaml nodes. Each resolves aliases, so that a merge or anchor in a
// hand-written manifest reads like its expansion; expandedSize has bounded that.

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return deref(n.Content[0])
	}
	return n
}

// field returns the value of key in mapping n, or nil. Merge keys (<<) are followed.
func field(n *yaml.Node, key string) *yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var merged *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.ScalarNode && k.Value == key {
			return n.Content[i+1]
		}
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && merged == nil {
			merged = n.Content[i+1]
		}
	}
	if merged != nil {
		m := deref(merged)
		if m != nil && m.Kind == yaml.SequenceNode {
			for _, e := range m.Content {
				if v := field(e, key); v != nil {
					return v
				}
			}
			return nil
		}
		return field(m, key)
	}
	return nil
}

// at follows a path of mapping keys.
func at(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n = field(n, k); n == nil {
			return nil
		}
	}
	return n
}

// str returns a scalar's value; ok is false for anything else (and for null).
func str(n *yaml.Node) (string, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", false
	}
	return n.Value, true
}

// items returns a sequence's elements, nil for anything else.
func items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, e := range n.Content {
		out = append(out, deref(e))
	}
	return out
}

// pairs calls f for each key and value of mapping n, in order.
func pairs(n *yaml.Node, f func(key string, keyNode, value *yaml.Node)) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, ok := str(n.Content[i]); ok && k != "<<" {
			f(k, n.Content[i], n.Content[i+1])
		}
	}
}

// stringMap reads a mapping of scalars (labels, a selector, ConfigMap data).
func stringMap(n *yaml.Node) map[string]string {
	var out map[string]string
	pairs(n, func(k string, _, v *yaml.Node) {
		if s, ok := str(v); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[k] = s
		}
	})
	return out
}

// intOf reads an integer scalar.
func intOf(n *yaml.Node) (int, bool) {
	s, ok := str(n)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	return v, err == nil
}
