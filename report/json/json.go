// Package json renders check and blast results as the JSON of docs/json.md.
package json

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"slices"
	"sort"
	"sync"

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
	for i, batch := range encodeBatches(c.Findings, findingWriter{prefix: "    "}) {
		if batch.err != nil {
			return batch.err
		}
		if i > 0 {
			bw.WriteString(",\n")
		}
		bw.Write(batch.json)
		release(batch)
	}
	bw.WriteString("\n  ],\n")
	bw.Write(tail)
	return bw.Flush()
}

// RenderCompact writes a check result in the compact form of docs/json.md
// (check --format json-compact): the document of Render without
// indentation, and each event's blast radius written once, in the top-level
// blast_radii, instead of in every finding of that event.
func RenderCompact(w io.Writer, c *report.Check) error {
	jw := report.NewJSONWriter(w)
	if err := renderCompact(jw, c); err != nil {
		return err
	}
	return jw.Flush()
}

func renderCompact(w io.Writer, c *report.Check) error {
	rest := *c
	rest.Findings = []analysis.Finding{}
	envelope, err := marshal(&rest)
	if err != nil {
		return err
	}
	const empty = `"findings":[],`
	head, tail, ok := bytes.Cut(envelope, []byte(empty))
	if !ok {
		return errors.New("json: the findings list is missing") // cannot happen
	}
	// The blast radius of each event: the first finding's (in output order)
	// that lists one, when another finding lists the same; a finding with
	// another list for the same event, or the only one with its list, keeps
	// its own.
	shared := map[string][]string{}
	sharers := map[string]int{}
	var events []string
	// Each rule's ID and severity: the first finding's of the rule.
	rules := map[string]ruleEntry{}
	var names []string
	for i := range c.Findings {
		f := &c.Findings[i]
		if _, ok := rules[f.Rule]; !ok {
			rules[f.Rule] = ruleEntry{ID: f.ID, Severity: f.Severity}
			names = append(names, f.Rule)
		}
		if len(f.BlastRadius) == 0 {
			continue
		}
		if s, ok := shared[f.Event]; !ok {
			shared[f.Event] = f.BlastRadius
			sharers[f.Event] = 1
			events = append(events, f.Event)
		} else if equal(s, f.BlastRadius) {
			sharers[f.Event]++
		}
	}
	events = slices.DeleteFunc(events, func(ev string) bool {
		if sharers[ev] < 2 {
			delete(shared, ev)
			return true
		}
		return false
	})
	sort.Strings(events)
	sort.Strings(names)
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(head)
	bw.WriteString(`"findings":[`)
	for i, batch := range encodeBatches(c.Findings, findingWriter{compact: true, omit: true, shared: shared, rules: rules}) {
		if batch.err != nil {
			return batch.err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.Write(batch.json)
		release(batch)
	}
	bw.WriteString(`],"blast_radii":{`)
	tw := findingWriter{compact: true}
	for i, ev := range events {
		tw.b = tw.b[:0]
		if i > 0 {
			tw.b = append(tw.b, ',')
		}
		tw.str(ev)
		tw.b = append(tw.b, ':')
		tw.strings(shared[ev])
		bw.Write(tw.b)
	}
	bw.WriteString(`},"rules":{`)
	for i, name := range names {
		tw.b = tw.b[:0]
		if i > 0 {
			tw.b = append(tw.b, ',')
		}
		tw.str(name)
		tw.b = append(tw.b, `:{"id":`...)
		tw.str(rules[name].ID)
		tw.b = append(tw.b, `,"severity":`...)
		tw.str(string(rules[name].Severity))
		tw.b = append(tw.b, '}')
		bw.Write(tw.b)
	}
	bw.WriteString(`},`)
	bw.Write(tail)
	return bw.Flush()
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// batchSize is the number of findings one goroutine encodes at a time.
const batchSize = 256

// encoded is the JSON of a batch of findings, each indented as an element of
// the findings list (or compact), separated by ",\n" (",").
type encoded struct {
	json []byte
	err  error
}

// encodeBatches encodes the findings in batches with copies of w, on every
// core, and yields the batches in order; at most two per core are held at
// once.
func encodeBatches(fs []analysis.Finding, w findingWriter) func(yield func(int, encoded) bool) {
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
					slots[b] <- encodeBatch(fs, b*batchSize, min(len(fs), (b+1)*batchSize), w)
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

// buffers holds the buffers of batches already written, so that a batch
// starts with room for its bytes instead of growing a new slice from nothing.
var buffers sync.Pool

func release(e encoded) { buffers.Put(&e.json) }

// encodeBatch encodes fs[lo:hi].
func encodeBatch(fs []analysis.Finding, lo, hi int, w findingWriter) encoded {
	w.b = nil
	if b, ok := buffers.Get().(*[]byte); ok {
		w.b = (*b)[:0]
	}
	for i := lo; i < hi; i++ {
		if i > lo {
			w.b = append(w.b, ',')
			if !w.compact {
				w.b = append(w.b, '\n')
			}
		}
		w.b = append(w.b, w.prefix...)
		var prev *analysis.Finding
		if i > 0 {
			prev = &fs[i-1]
		}
		w.finding(&fs[i], prev)
	}
	return encoded{json: w.b}
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
