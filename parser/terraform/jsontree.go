package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// jkind is the kind of a JSON value.
type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

var jkindNames = [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}

// jnode is a JSON value with its byte offsets in the source, so that a
// component read from a plan points at its object in the file. encoding/json
// validates and unescapes; the tree only adds positions.
type jnode struct {
	kind       jkind
	start, end int
	s          string // string value, or the literal of a number
	b          bool
	keys       []string // object members, in order
	vals       []*jnode // object member values, or array elements
	// index maps a key to its last member, for objects of more than
	// indexKeys members: a lookup in a resource of 60,000 attributes is
	// then constant, not a scan.
	index map[string]int
}

// indexKeys is the number of members above which an object is indexed.
const indexKeys = 8

// get returns the value of an object member (the last, when a key repeats), or nil.
func (n *jnode) get(key string) *jnode {
	if n == nil || n.kind != jObject {
		return nil
	}
	if n.index != nil {
		if i, ok := n.index[key]; ok {
			return n.vals[i]
		}
		return nil
	}
	for i := len(n.keys) - 1; i >= 0; i-- {
		if n.keys[i] == key {
			return n.vals[i]
		}
	}
	return nil
}

// str returns an object member's string value, or "".
func (n *jnode) str(key string) string {
	if v := n.get(key); v != nil && v.kind == jString {
		return v.s
	}
	return ""
}

// maxJSONDepth bounds the nesting of plan JSON: Terraform's own output nests a
// few dozen levels at most, and a bound keeps hostile input from exhausting the stack.
const maxJSONDepth = 512

// jsonFile is a parsed JSON file and the line index that turns offsets into positions.
type jsonFile struct {
	name  string
	src   []byte
	lines []int // offset of the start of each line
	// checkpoints holds, for a long line (terraform show -json writes one),
	// the offset of every checkpointRunes-th character from its start, made
	// the first time a position on it is asked for: the column of an offset
	// is then counted from the checkpoint before it, not from the line's start.
	checkpoints map[int][]int
}

// checkpointRunes is the distance, in characters, between two checkpoints of a line.
const checkpointRunes = 1024

func newJSONFile(name string, src []byte) *jsonFile {
	f := &jsonFile{name: name, src: src, lines: []int{0}}
	for i, c := range src {
		if c == '\n' {
			f.lines = append(f.lines, i+1)
		}
	}
	return f
}

// pos converts a byte offset into a position. Columns count characters
// (Unicode code points, as the Kubernetes reader's do; HCL's count grapheme
// clusters, which differ only for combining sequences); a position costs at
// most checkpointRunes characters of counting once its line is indexed.
func (f *jsonFile) pos(off int) hcl.Pos {
	off = min(max(off, 0), len(f.src))
	line := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	from, col := f.lines[line], 1
	if off-from > 4*checkpointRunes {
		cp := f.lineCheckpoints(line)
		i := sort.Search(len(cp), func(i int) bool { return cp[i] > off }) - 1
		from, col = cp[i], 1+i*checkpointRunes
	}
	col += utf8.RuneCount(f.src[from:off])
	return hcl.Pos{Line: line + 1, Column: col, Byte: off}
}

// lineCheckpoints returns the checkpoints of line (0-based): the offsets of
// characters 0, checkpointRunes, 2×checkpointRunes… of the line, decoded from
// its start as utf8.RuneCount decodes (an invalid byte is one character).
func (f *jsonFile) lineCheckpoints(line int) []int {
	if cp, ok := f.checkpoints[line]; ok {
		return cp
	}
	end := len(f.src)
	if line+1 < len(f.lines) {
		end = f.lines[line+1]
	}
	var cp []int
	for off, n := f.lines[line], 0; off < end; n++ {
		if n%checkpointRunes == 0 {
			cp = append(cp, off)
		}
		_, size := utf8.DecodeRune(f.src[off:end])
		off += size
	}
	if f.checkpoints == nil {
		f.checkpoints = map[int][]int{}
	}
	f.checkpoints[line] = cp
	return cp
}

// rng is the range of a node.
func (f *jsonFile) rng(n *jnode) hcl.Range {
	if n == nil {
		return hcl.Range{Filename: f.name, Start: hcl.InitialPos, End: hcl.InitialPos}
	}
	return hcl.Range{Filename: f.name, Start: f.pos(n.start), End: f.pos(n.end)}
}

// parse reads the whole source as one JSON value.
func (f *jsonFile) parse() (*jnode, *hcl.Diagnostic) {
	dec := json.NewDecoder(bytes.NewReader(f.src))
	dec.UseNumber()
	p := &jparser{f: f, dec: dec}
	root, err := p.value(0)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = &jsonError{off: p.skip(int(dec.InputOffset())), msg: "extra data after the top-level value"}
			if terr != nil && !errors.Is(terr, io.EOF) {
				err = p.wrap(terr)
			}
		}
	}
	if err != nil {
		je, _ := err.(*jsonError)
		if je == nil {
			je = &jsonError{off: len(f.src), msg: err.Error()}
		}
		p := f.pos(je.off)
		return nil, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid JSON",
			Detail:  fmt.Sprintf("The plan or state JSON cannot be read: %s.", je.msg),
			Subject: &hcl.Range{Filename: f.name, Start: p, End: p}}
	}
	return root, nil
}

type jsonError struct {
	off int
	msg string
}

func (e *jsonError) Error() string { return e.msg }

type jparser struct {
	f   *jsonFile
	dec *json.Decoder
}

// skip returns the offset of the first byte at or after off that is not
// whitespace or a separator: where the next token starts.
func (p *jparser) skip(off int) int {
	for off < len(p.f.src) {
		switch p.f.src[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

func (p *jparser) wrap(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &jsonError{off: int(se.Offset), msg: se.Error()}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &jsonError{off: len(p.f.src), msg: "unexpected end of input"}
	}
	return &jsonError{off: p.skip(int(p.dec.InputOffset())), msg: err.Error()}
}

func (p *jparser) value(depth int) (*jnode, error) {
	start := p.skip(int(p.dec.InputOffset()))
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.wrap(err)
	}
	n := &jnode{start: start}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= maxJSONDepth {
			return nil, &jsonError{off: start, msg: fmt.Sprintf("values nest more than %d deep", maxJSONDepth)}
		}
		if t == '{' {
			n.kind = jObject
			for p.dec.More() {
				ktok, err := p.dec.Token()
				if err != nil {
					return nil, p.wrap(err)
				}
				k, _ := ktok.(string)
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, v)
			}
			if len(n.keys) > indexKeys {
				n.index = make(map[string]int, len(n.keys))
				for i, k := range n.keys {
					n.index[k] = i // the last member of a repeated key
				}
			}
		} else {
			n.kind = jArray
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, v)
			}
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, p.wrap(err)
		}
	case string:
		n.kind, n.s = jString, t
	case json.Number:
		n.kind, n.s = jNumber, string(t)
	case bool:
		n.kind, n.b = jBool, t
	case nil:
		n.kind = jNull
	}
	n.end = int(p.dec.InputOffset())
	return n, nil
}
