// Package json renders check and blast results as the JSON of docs/json.md.
package json

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"runtime"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/report"
)

// streamAbove is the number of findings above which Render writes them one at a
// time instead of encoding the whole result in memory first (a large
// architecture's findings can run to gigabytes of JSON). The bytes are the same.
var streamAbove = 1000

// Render writes a check result as indented JSON.
// DEL and the C1 controls of the input are written as \u escapes
// (report.NewJSONWriter).
func Render(w io.Writer, c *report.Check) error {
	jw := report.NewJSONWriter(w)
	if err := render(jw, c); err != nil {
		return err
	}
	return jw.Flush()
}

func render(w io.Writer, c *report.Check) error {
	if len(c.Findings) <= streamAbove {
		return write(w, c)
	}
	// Encode the result with no findings, then write them into its empty list.
	rest := *c
	rest.Findings = []analysis.Finding{}
	var envelope bytes.Buffer
	if err := write(&envelope, &rest); err != nil {
		return err
	}
	const empty = "\n  \"findings\": [],\n"
	head, tail, ok := bytes.Cut(envelope.Bytes(), []byte(empty))
	if !ok {
		return write(w, c) // cannot happen: the list is always there
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(head)
	bw.WriteString("\n  \"findings\": [\n")
	for i, batch := range encodeBatches(c.Findings) {
		if batch.err != nil {
			return batch.err
		}
		if i > 0 {
			bw.WriteString(",\n")
		}
		bw.Write(batch.json)
	}
	bw.WriteString("\n  ],\n")
	bw.Write(tail)
	return bw.Flush()
}

// batchSize is the number of findings one goroutine encodes at a time.
const batchSize = 256

// encoded is the JSON of a batch of findings, each indented as an element of
// the findings list, separated by ",\n".
type encoded struct {
	json []byte
	err  error
}

// encodeBatches encodes the findings in batches, on every core, and yields
// the batches in order; at most two per core are held at once.
func encodeBatches(fs []analysis.Finding) func(yield func(int, encoded) bool) {
	return func(yield func(int, encoded) bool) {
		batches := (len(fs) + batchSize - 1) / batchSize
		workers := max(1, runtime.GOMAXPROCS(0))
		slots := make([]chan encoded, batches)
		for i := range slots {
			slots[i] = make(chan encoded, 1)
		}
		window := make(chan struct{}, 2*workers)
		done := make(chan struct{})
		defer close(done)
		go func() {
			for b := range batches {
				select {
				case window <- struct{}{}:
				case <-done:
					return
				}
				go func() {
					slots[b] <- encodeBatch(fs[b*batchSize : min(len(fs), (b+1)*batchSize)])
				}()
			}
		}()
		for b := range batches {
			e := <-slots[b]
			<-window
			if !yield(b, e) {
				return
			}
		}
	}
}

func encodeBatch(fs []analysis.Finding) encoded {
	var out, one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetIndent("    ", "  ")
	enc.SetEscapeHTML(false)
	for i := range fs {
		one.Reset()
		if err := enc.Encode(&fs[i]); err != nil {
			return encoded{err: err}
		}
		if i > 0 {
			out.WriteString(",\n")
		}
		out.WriteString("    ")
		out.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
	}
	return encoded{json: out.Bytes()}
}

// RenderBlast writes a blast result as indented JSON.
func RenderBlast(w io.Writer, b *report.Blast) error {
	jw := report.NewJSONWriter(w)
	if err := write(jw, b); err != nil {
		return err
	}
	return jw.Flush()
}

func write(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
