package hcl

import (
	"bytes"
	"runtime"
	"sync"
)

// splitMin is the size from which one file is parsed and decoded in pieces,
// in parallel; splitPiece is the size of a piece it aims at. (Variables for
// the tests, which cut small files.)
var (
	splitMin   = 1 << 20
	splitPiece = 256 << 10
)

// preparePieces parses and decodes a large file in pieces cut before lines
// that open a top-level component or domain block, one goroutine per core.
// Each piece is parsed by the fast path from its place in the file (the same
// positions as a parse of the whole file) and decoded alone; the pieces'
// diagnostics and operations are concatenated in file order. It returns nil,
// and the caller parses the whole file, unless every piece is a sequence of
// component and domain blocks that the fast path reads and the file schema
// accepts without a diagnostic: then the result is exactly the whole file's
// (TestPreparePiecesMatchesWhole compares them).
func preparePieces(filename string, src []byte) *Prepared {
	workers := runtime.GOMAXPROCS(0)
	if len(src) < splitMin || workers < 2 {
		return nil
	}
	cuts := cutPoints(src)
	if len(cuts) < 2 {
		return nil
	}
	lines := make([]int, len(cuts))
	lines[0] = 1
	for i := 1; i < len(cuts); i++ {
		lines[i] = lines[i-1] + bytes.Count(src[cuts[i-1]:cuts[i]], []byte("\n"))
	}
	type result struct {
		d  *decoder
		ok bool
	}
	results := make([]result, len(cuts))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				end := len(src)
				if i+1 < len(cuts) {
					end = cuts[i+1]
				}
				d, ok := preparePiece(filename, src, cuts[i], end, lines[i])
				results[i] = result{d, ok}
			}
		}()
	}
	for i := range cuts {
		next <- i
	}
	close(next)
	wg.Wait()
	whole := &decoder{}
	for _, r := range results {
		if !r.ok {
			return nil
		}
		base := len(whole.diags)
		for _, o := range r.d.ops {
			switch o := o.(type) {
			case *componentOp:
				o.pos += base
			case *domainOp:
				o.pos += base
			}
		}
		whole.diags = append(whole.diags, r.d.diags...)
		whole.ops = append(whole.ops, r.d.ops...)
	}
	return &Prepared{src: src, diags: whole.diags, ops: whole.ops}
}

// cutPoints returns where the pieces of src start: 0, then the first line
// opening a top-level block ("component " or "domain " in column 1) after each
// multiple of splitPiece. A cut inside a block, a comment or a heredoc makes a
// piece that the fast path refuses.
func cutPoints(src []byte) []int {
	cuts := []int{0}
	for from := splitPiece; from < len(src); {
		i := bytes.IndexByte(src[from:], '\n')
		if i < 0 {
			break
		}
		at := from + i + 1
		rest := src[at:]
		if bytes.HasPrefix(rest, []byte("component ")) || bytes.HasPrefix(rest, []byte("domain ")) {
			cuts = append(cuts, at)
			from = at + splitPiece
			continue
		}
		from = at
	}
	return cuts
}

// preparePiece parses src[start:end] as the fast path would parse it within
// the whole file, and decodes its blocks; ok is false when the fast path
// refuses the piece, it holds an attribute, or the file schema has anything to
// say about it.
func preparePiece(filename string, src []byte, start, end, line int) (*decoder, bool) {
	p := &fastParser{src: src[:end], file: filename, off: start, line: line, col: 1}
	body, ok := p.body(false)
	if !ok || len(body.Attributes) > 0 || len(body.Blocks) == 0 {
		return nil, false
	}
	content, cdiags := bodyContent(body, fileSchema)
	if len(cdiags) > 0 {
		return nil, false
	}
	d := &decoder{}
	d.blocks(content.Blocks)
	return d, true
}
