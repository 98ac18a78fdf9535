// Package json renders check and blast results as the JSON of docs/json.md.
package json

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

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
	var one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetIndent("    ", "  ")
	enc.SetEscapeHTML(false)
	for i := range c.Findings {
		one.Reset()
		if err := enc.Encode(&c.Findings[i]); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteString(",\n")
		}
		bw.WriteString("    ")
		bw.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n  ],\n")
	bw.Write(tail)
	return bw.Flush()
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
