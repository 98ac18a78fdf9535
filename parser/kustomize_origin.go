package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	hclv2 "github.com/hashicorp/hcl/v2"
	yaml "go.yaml.in/yaml/v3"
	"sigs.k8s.io/kustomize/api/resource"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/boundary"
)

// A Kustomize build is parsed as the stream it outputs, so the ranges of what
// is read from it are positions in that stream. They are moved to the source:
// the build runs with kustomize's origin annotations on (buildMetadata:
// [originAnnotations], added to the top kustomization as the build sees it, not
// on disk, and removed from the output before it is parsed), which say, for
// every object, the resource file that declares it, or the kustomization whose
// generator made it. Each object's nodes are matched to the nodes of its
// declaration (and of the patches that change it) by their path, so that a
// range points at the same key or value in the source; a node that no source
// holds (a namespace, a label that the kustomization adds) points at the
// object's declaration (its metadata.name), as does every node of a generated
// object (at its generator's entry in the kustomization).

// buildMap moves the ranges of one build's stream to the sources.
type buildMap struct {
	name  string    // the stream's name, "<kustomize build DIR>"
	docs  []*docMap // by document, in stream order
	files *srcFiles // the sources read
	first []int     // the first line of each document in the stream
}

// docMap maps one object of the stream to its sources.
type docMap struct {
	files   *srcFiles
	decl    srcPos // the declaration: metadata.name, or the generator's entry
	nodes   map[int][]nodeEntry
	patches []graph.Range // the patches that change it, in order
}

// srcPos is a position in a source file. text is set when the source holds
// the same text as the stream at that node, so that a position inside the
// node (an address within a value) keeps its offset, up to width characters.
type srcPos struct {
	file      string
	line, col int
	text      bool
	width     int
	shift     int // an opening quote in the source that the stream has not
}

type nodeEntry struct {
	col int
	to  srcPos
}

// srcFiles reads the sources of a build through the guarded reader, each once.
type srcFiles struct {
	rd   *boundary.Reader
	bnd  string
	src  map[string][]byte
	docs map[string][]*yaml.Node
	// lines holds, for each source pos was asked about, the byte offset at
	// which each of its lines starts.
	lines map[string][]int
}

func (f *srcFiles) read(name string) ([]byte, bool) {
	if src, ok := f.src[name]; ok {
		return src, src != nil
	}
	src, err := f.rd.ReadFile(name, f.bnd)
	if err != nil {
		src = nil
	}
	f.src[name] = src
	return src, src != nil
}

// documents returns the documents of a YAML file (their root nodes), nil when
// it cannot be read or parsed.
func (f *srcFiles) documents(name string) []*yaml.Node {
	if d, ok := f.docs[name]; ok {
		return d
	}
	var out []*yaml.Node
	if src, ok := f.read(name); ok {
		out = parseDocs(src)
	}
	f.docs[name] = out
	return out
}

func parseDocs(src []byte) []*yaml.Node {
	var out []*yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var n yaml.Node
		if dec.Decode(&n) != nil {
			return out
		}
		if len(n.Content) == 1 && n.Content[0].Kind == yaml.MappingNode {
			out = append(out, n.Content[0])
		}
	}
}

// pos converts a line and a column (in characters) of a source to a position;
// a line past the last is the last. The lines of each source are indexed once,
// so that each position costs its column, not the lines before it (mapping a
// build asks for a position per field: scanning from the file's start made
// that quadratic in the file's length).
func (f *srcFiles) pos(file string, line, col int) hclv2.Pos {
	src := f.src[file]
	starts, ok := f.lines[file]
	if !ok {
		starts = lineStarts(src)
		if f.lines == nil {
			f.lines = map[string][]int{}
		}
		f.lines[file] = starts
	}
	off := 0
	if line > 1 {
		off = starts[min(line, len(starts))-1]
	}
	for c := 1; c < col && off < len(src) && src[off] != '\n'; c++ {
		_, n := utf8.DecodeRune(src[off:])
		off += n
	}
	return hclv2.Pos{Line: line, Column: col, Byte: off}
}

// lineStarts returns the byte offset at which each line of src starts.
func lineStarts(src []byte) []int {
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// mapBuild maps the stream out of the build of dir, whose objects have the
// given origins (nil when unknown), to their sources.
func mapBuild(rd *boundary.Reader, bnd, dir, name string, out []byte, origins []*resource.Origin) *buildMap {
	built := parseDocs(out)
	if len(built) != len(origins) {
		return nil // not the stream that was annotated: leave its ranges be
	}
	bm := &buildMap{name: name, files: &srcFiles{rd: rd, bnd: bnd, src: map[string][]byte{}, docs: map[string][]*yaml.Node{}}}
	bm.first = append(bm.first, 1)
	for i, line := range bytes.Split(out, []byte("\n")) {
		if string(line) == "---" {
			bm.first = append(bm.first, i+1)
		}
	}
	if len(bm.first) != len(built) {
		return nil
	}
	layers := bm.layers(filepath.Join(dir, kustomizationFile(dir)), 0, map[string]bool{})
	for i, b := range built {
		bm.docs = append(bm.docs, bm.mapDoc(dir, b, origins[i], layers))
	}
	return bm
}

// kustomizationFile returns the name of dir's kustomization file.
func kustomizationFile(dir string) string {
	for _, n := range kustomizationNames {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return n
		}
	}
	return kustomizationNames[0]
}

// mapDoc maps one built object b to its declaration.
func (bm *buildMap) mapDoc(dir string, b *yaml.Node, o *resource.Origin, layers []*klayer) *docMap {
	if o == nil || o.Repo != "" {
		return nil
	}
	kind, builtName, ns := scalarAt(b, "kind"), scalarAt(b, "metadata", "name"), scalarAt(b, "metadata", "namespace")
	labels := map[string]string{}
	if l := nodeAt(b, "metadata", "labels"); l != nil && l.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(l.Content); i += 2 {
			labels[l.Content[i].Value] = l.Content[i+1].Value
		}
	}
	d := &docMap{nodes: map[int][]nodeEntry{}, files: bm.files}
	switch {
	case o.Path != "":
		file := filepath.Clean(filepath.Join(dir, filepath.FromSlash(o.Path)))
		src := declaration(bm.files.documents(file), kind, builtName)
		if src == nil {
			return nil
		}
		d.decl = declPos(file, src)
		var patches []*yaml.Node
		var patchFiles []string
		srcName := scalarAt(src, "metadata", "name")
		for _, l := range layers {
			if !l.files[file] {
				continue
			}
			for _, p := range l.patches {
				if p.matches(kind, srcName, builtName, ns, labels) {
					d.patches = append(d.patches, p.rng)
					if p.doc != nil {
						patches = append(patches, p.doc)
						patchFiles = append(patchFiles, p.file)
					}
				}
			}
		}
		d.walk(b, src, file, false)
		for i := len(patches) - 1; i >= 0; i-- { // the last patch applied wins
			d.walk(b, patches[i], patchFiles[i], false)
		}
		d.walk(b, src, file, true)
		for i := len(patches) - 1; i >= 0; i-- {
			d.walk(b, patches[i], patchFiles[i], true)
		}
		for line := range d.nodes {
			sort.SliceStable(d.nodes[line], func(i, j int) bool { return d.nodes[line][i].col < d.nodes[line][j].col })
		}
	case o.ConfiguredIn != "":
		file := filepath.Clean(filepath.Join(dir, filepath.FromSlash(o.ConfiguredIn)))
		pos, ok := bm.generatorEntry(file, o.ConfiguredBy.Kind, builtName)
		if !ok {
			return nil
		}
		d.decl = pos
	default:
		return nil
	}
	return d
}

// declaration returns the document of docs that declares the object of kind
// that the build named name: the one of that kind and name, else the one whose
// name the build extended (a prefix, a suffix), else the only one of that kind.
func declaration(docs []*yaml.Node, kind, name string) *yaml.Node {
	var best, only *yaml.Node
	count := 0
	for _, d := range docs {
		if scalarAt(d, "kind") != kind {
			continue
		}
		count++
		only = d
		n := scalarAt(d, "metadata", "name")
		if n == name {
			return d
		}
		if n != "" && strings.Contains(name, n) && (best == nil || len(n) > len(scalarAt(best, "metadata", "name"))) {
			best = d
		}
	}
	if best != nil {
		return best
	}
	if count == 1 {
		return only
	}
	return nil
}

// declPos is an object's declaration: its metadata.name, else its first line.
func declPos(file string, doc *yaml.Node) srcPos {
	if n := nodeAt(doc, "metadata", "name"); n != nil {
		return srcPos{file: file, line: n.Line, col: n.Column}
	}
	return srcPos{file: file, line: doc.Line, col: doc.Column}
}

// generatorKeys are the kustomization fields of the builtin generators.
var generatorKeys = map[string]string{"ConfigMapGenerator": "configMapGenerator", "SecretGenerator": "secretGenerator", "HelmChartInflationGenerator": "helmCharts"}

// generatorEntry returns the position of the entry of a kustomization's
// generator that made the object the build named name: the entry whose name
// the build extended (a hash, a prefix), else the generator's field.
func (bm *buildMap) generatorEntry(kfile, kind, name string) (srcPos, bool) {
	docs := bm.files.documents(kfile)
	if len(docs) == 0 {
		return srcPos{}, false
	}
	key := generatorKeys[kind]
	for i := 0; i+1 < len(docs[0].Content); i += 2 {
		if docs[0].Content[i].Value != key || key == "" {
			continue
		}
		var best *yaml.Node
		for _, e := range docs[0].Content[i+1].Content {
			n := nodeAt(e, "name")
			if n != nil && strings.Contains(name, n.Value) && (best == nil || len(n.Value) > len(best.Value)) {
				best = n
			}
		}
		if best != nil {
			return srcPos{file: kfile, line: best.Line, col: best.Column}, true
		}
		k := docs[0].Content[i]
		return srcPos{file: kfile, line: k.Line, col: k.Column}, true
	}
	return srcPos{file: kfile, line: docs[0].Line, col: docs[0].Column}, true
}

// walk records where the nodes of b (built) are in s (a source of the same
// path). Scalars are recorded when the source holds the same value; with
// fallback, a value that no source holds (a name with a prefix) is recorded
// at the source's value.
// The first record of a node wins.
func (d *docMap) walk(b, s *yaml.Node, file string, fallback bool) {
	if s != nil && s.Kind == yaml.AliasNode {
		s = s.Alias
	}
	if b == nil || s == nil || b.Kind != s.Kind {
		return
	}
	switch b.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(b.Content); i += 2 {
			k, v := b.Content[i], b.Content[i+1]
			for j := 0; j+1 < len(s.Content); j += 2 {
				if s.Content[j].Value != k.Value || s.Content[j].Kind != yaml.ScalarNode {
					continue
				}
				sk, sv := s.Content[j], s.Content[j+1]
				if !fallback {
					d.record(k, d.same(k, sk, file))
				}
				d.walk(v, sv, file, fallback)
				if fallback {
					d.record(v, srcPos{file: file, line: sv.Line, col: sv.Column})
				}
				break
			}
		}
	case yaml.SequenceNode:
		used := make([]bool, len(s.Content))
		for i, item := range b.Content {
			j := matchItem(item, i, s.Content, used)
			if j >= 0 {
				used[j] = true
				d.walk(item, s.Content[j], file, fallback)
			}
		}
	case yaml.ScalarNode:
		if !fallback && b.Value == s.Value {
			d.record(b, d.same(b, s, file))
		}
		return
	}
	d.record(b, srcPos{file: file, line: s.Line, col: s.Column})
}

// matchItem returns the index of the item of s that b's item i is: the one of
// the same name (containers, env, ports), else the same scalar, else the one
// at the same index when neither is named; -1 when none.
func matchItem(b *yaml.Node, i int, s []*yaml.Node, used []bool) int {
	if b.Kind == yaml.MappingNode {
		if name := scalarAt(b, "name"); name != "" {
			for j, c := range s {
				if !used[j] && scalarAt(c, "name") == name {
					return j
				}
			}
			return -1
		}
	}
	if b.Kind == yaml.ScalarNode {
		for j, c := range s {
			if !used[j] && c.Kind == yaml.ScalarNode && c.Value == b.Value {
				return j
			}
		}
		return -1
	}
	if i < len(s) && !used[i] && s[i].Kind == b.Kind && (s[i].Kind != yaml.MappingNode || scalarAt(s[i], "name") == "") {
		return i
	}
	return -1
}

// same is the source position of scalar s, of the same value as b: text is
// set when the source spells the value as the stream does (a plain value,
// or the same in quotes), so that offsets within b carry over.
func (d *docMap) same(b, s *yaml.Node, file string) srcPos {
	to := srcPos{file: file, line: s.Line, col: s.Column}
	if strings.Contains(b.Value, "\n") || b.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return to
	}
	src := d.files.src[file]
	start := d.files.pos(file, s.Line, s.Column).Byte
	if start >= len(src) {
		return to
	}
	rest := src[start:]
	if rest[0] == '"' || rest[0] == '\'' {
		to.shift, rest = 1, rest[1:]
	}
	if bytes.HasPrefix(rest, []byte(b.Value)) {
		to.text, to.width = true, utf8.RuneCountInString(b.Value)
	}
	return to
}

func (d *docMap) record(b *yaml.Node, to srcPos) {
	for _, e := range d.nodes[b.Line] {
		if e.col == b.Column {
			return
		}
	}
	d.nodes[b.Line] = append(d.nodes[b.Line], nodeEntry{col: b.Column, to: to})
}

// at returns the source position of the stream position p of the object.
func (d *docMap) at(p hclv2.Pos) srcPos {
	entries := d.nodes[p.Line]
	i := sort.Search(len(entries), func(i int) bool { return entries[i].col > p.Column }) - 1
	if i < 0 {
		return d.decl
	}
	e := entries[i]
	to := e.to
	if off := p.Column - e.col; to.text && off <= to.width {
		to.col += to.shift + off
	}
	return to
}

// relocate returns r moved to the source, or r when it is not a range of the
// stream or its object's source is unknown.
func (bm *buildMap) relocate(r graph.Range) graph.Range {
	if bm == nil || r.Filename != bm.name {
		return r
	}
	i := sort.SearchInts(bm.first, r.Start.Line+1) - 1
	if i < 0 || i >= len(bm.docs) || bm.docs[i] == nil {
		return r
	}
	d := bm.docs[i]
	s, e := d.at(r.Start), d.at(r.End)
	if e.file != s.file || e.line < s.line || e.line == s.line && e.col < s.col {
		e = s
	}
	if r.End == r.Start {
		e = s
	}
	start := bm.files.pos(s.file, s.line, s.col)
	return graph.Range{Filename: s.file, Start: start, End: bm.files.pos(e.file, e.line, e.col)}
}

// patchesOf returns the patches of the object whose stream range is r.
func (bm *buildMap) patchesOf(r graph.Range) []graph.Range {
	if bm == nil || r.Filename != bm.name {
		return nil
	}
	i := sort.SearchInts(bm.first, r.Start.Line+1) - 1
	if i < 0 || i >= len(bm.docs) || bm.docs[i] == nil {
		return nil
	}
	return bm.docs[i].patches
}

// klayer is one kustomization of a build: the resource files it includes,
// itself and through the kustomizations it uses, and its patches.
type klayer struct {
	files   map[string]bool
	patches []kpatch
}

// kpatch is one patch of a kustomization and the objects it targets.
type kpatch struct {
	kind, namespace string
	name            *regexp.Regexp // nil: any
	labels          map[string]string
	rng             graph.Range // the patch document, or its inline entry
	doc             *yaml.Node  // a strategic merge patch, for positions
	file            string
}

func (p kpatch) matches(kind, srcName, builtName, ns string, labels map[string]string) bool {
	if p.kind != "" && p.kind != kind || p.namespace != "" && p.namespace != ns {
		return false
	}
	if p.name != nil && !p.name.MatchString(srcName) && !p.name.MatchString(builtName) {
		return false
	}
	for k, v := range p.labels {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// layers returns the kustomization kfile and those it uses, each with the
// resource files it includes.
func (bm *buildMap) layers(kfile string, depth int, seen map[string]bool) []*klayer {
	if depth > 16 || seen[kfile] {
		return nil
	}
	seen[kfile] = true
	docs := bm.files.documents(kfile)
	if len(docs) == 0 {
		return nil
	}
	k, dir := docs[0], filepath.Dir(kfile)
	l := &klayer{files: map[string]bool{kfile: true}}
	out := []*klayer{l}
	for _, key := range []string{"resources", "bases", "components"} {
		for _, e := range seqAt(k, key) {
			p := filepath.Clean(filepath.Join(dir, e.Value))
			if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
				l.files[p] = true
				continue
			}
			sub := bm.layers(filepath.Join(p, kustomizationFile(p)), depth+1, seen)
			for _, s := range sub {
				for f := range s.files {
					l.files[f] = true
				}
			}
			out = append(out, sub...)
		}
	}
	for _, e := range seqAt(k, "patches") {
		l.patches = append(l.patches, bm.patch(dir, kfile, nodeAt(e, "path"), nodeAt(e, "patch"), nodeAt(e, "target"), e)...)
	}
	for _, e := range seqAt(k, "patchesJson6902") {
		l.patches = append(l.patches, bm.patch(dir, kfile, nodeAt(e, "path"), nodeAt(e, "patch"), nodeAt(e, "target"), e)...)
	}
	for _, e := range seqAt(k, "patchesStrategicMerge") {
		if e.Kind != yaml.ScalarNode {
			continue
		}
		if strings.Contains(e.Value, "\n") || strings.Contains(e.Value, ":") {
			l.patches = append(l.patches, bm.patch(dir, kfile, nil, e, nil, e)...)
		} else {
			l.patches = append(l.patches, bm.patch(dir, kfile, e, nil, nil, e)...)
		}
	}
	return out
}

// patch reads one patch entry: a file (path) or inline text (patch), with an
// optional target. Without a target, each document of the patch targets the
// object it names.
func (bm *buildMap) patch(dir, kfile string, path, inline, target, entry *yaml.Node) []kpatch {
	var docs []*yaml.Node
	var file string
	var at graph.Range
	switch {
	case path != nil && path.Kind == yaml.ScalarNode && !isURL(path.Value):
		file = filepath.Clean(filepath.Join(dir, path.Value))
		docs = bm.files.documents(file)
		if _, ok := bm.files.read(file); !ok {
			return nil
		}
		at = graph.Range{Filename: file, Start: hclv2.InitialPos, End: hclv2.InitialPos}
	case inline != nil && inline.Kind == yaml.ScalarNode:
		docs = parseDocs([]byte(inline.Value))
		file = kfile
		p := bm.files.pos(kfile, entry.Line, entry.Column)
		at = graph.Range{Filename: kfile, Start: p, End: p}
	default:
		return nil
	}
	if target != nil {
		p := kpatch{kind: scalarAt(target, "kind"), namespace: scalarAt(target, "namespace"), rng: at}
		if n := scalarAt(target, "name"); n != "" {
			p.name = nameMatcher(n)
		}
		if sel := scalarAt(target, "labelSelector"); sel != "" {
			p.labels = map[string]string{}
			for _, term := range strings.Split(sel, ",") {
				k, v, ok := strings.Cut(term, "=")
				if !ok || strings.ContainsAny(k, "!") {
					return nil // a selector faultline does not evaluate: no related location
				}
				p.labels[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		if scalarAt(target, "annotationSelector") != "" {
			return nil
		}
		if len(docs) == 1 && scalarAt(docs[0], "kind") != "" && path != nil {
			p.doc, p.file = docs[0], file
			p.rng = bm.range1(file, docs[0])
		}
		return []kpatch{p}
	}
	var out []kpatch
	for _, d := range docs {
		kind, name := scalarAt(d, "kind"), scalarAt(d, "metadata", "name")
		if kind == "" || name == "" {
			continue
		}
		p := kpatch{kind: kind, namespace: scalarAt(d, "metadata", "namespace"), name: nameMatcher(regexp.QuoteMeta(name)), rng: at}
		if path != nil {
			p.doc, p.file = d, file
			p.rng = bm.range1(file, d)
		}
		out = append(out, p)
	}
	return out
}

// range1 is the position of a patch document: its metadata.name, else its first line.
func (bm *buildMap) range1(file string, doc *yaml.Node) graph.Range {
	sp := declPos(file, doc)
	p := bm.files.pos(file, sp.line, sp.col)
	return graph.Range{Filename: file, Start: p, End: p}
}

// nameMatcher matches a patch target's name as kustomize does: a regular
// expression of the whole name.
func nameMatcher(n string) *regexp.Regexp {
	re, err := regexp.Compile("^(?:" + n + ")$")
	if err != nil {
		return regexp.MustCompile("^" + regexp.QuoteMeta(n) + "$")
	}
	return re
}

func nodeAt(n *yaml.Node, path ...string) *yaml.Node {
	for _, p := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == p {
				next = n.Content[i+1]
				break
			}
		}
		n = next
	}
	return n
}

func scalarAt(n *yaml.Node, path ...string) string {
	if n = nodeAt(n, path...); n != nil && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

func seqAt(n *yaml.Node, key string) []*yaml.Node {
	if n = nodeAt(n, key); n != nil && n.Kind == yaml.SequenceNode {
		return n.Content
	}
	return nil
}
