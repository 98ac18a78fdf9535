package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	hclv2 "github.com/hashicorp/hcl/v2"
	yaml "go.yaml.in/yaml/v3"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resource"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/faultline-dev/faultline/internal/boundary"
)

// Kustomize directories are built in-process with sigs.k8s.io/kustomize/api,
// the library behind kustomize build and kubectl apply -k, offline: the build
// sees the disk through kustomizeFS, which reads every byte through the
// loader's guarded reader, within the input's boundary, writes nothing, and
// shows each kustomization file without its remote entries (a git repository,
// a URL, a path not on disk), so that kustomize never fetches anything. A remote
// entry left out is a warning, like a Terraform registry module.

// kustomizationNames are the file names that make a directory a Kustomize directory.
var kustomizationNames = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

func isKustomization(name string) bool {
	base := filepath.Base(name)
	for _, n := range kustomizationNames {
		if base == n {
			return true
		}
	}
	return false
}

// kustomizeFS is the file system a build sees.
type kustomizeFS struct {
	filesys.FileSystem // the disk, for the methods that only look
	rd                 *boundary.Reader
	bnd                string
	dropped            *[]droppedEntry
	// top is the directory built (absolute): its kustomization is shown with
	// origin annotations on (see kustomize_origin.go).
	top string
}

// droppedEntry is a remote entry left out of a kustomization.
type droppedEntry struct {
	file, entry string
	line, col   int
	missing     bool // a local path that does not exist: the kustomization is broken
}

var errReadOnly = errors.New("faultline's Kustomize build writes nothing")

func (f kustomizeFS) Create(string) (filesys.File, error) { return nil, errReadOnly }
func (f kustomizeFS) Mkdir(string) error                  { return errReadOnly }
func (f kustomizeFS) MkdirAll(string) error               { return errReadOnly }
func (f kustomizeFS) RemoveAll(string) error              { return errReadOnly }
func (f kustomizeFS) WriteFile(string, []byte) error      { return errReadOnly }
func (f kustomizeFS) Open(string) (filesys.File, error) {
	return nil, errors.New("faultline's Kustomize build reads files whole")
}

// ReadFile reads through the guarded reader; a kustomization file is shown
// without its remote entries.
func (f kustomizeFS) ReadFile(p string) ([]byte, error) {
	src, err := f.rd.ReadFile(p, f.bnd)
	if err != nil || !isKustomization(p) {
		return src, err
	}
	src = f.withoutRemote(p, src)
	if filepath.Dir(p) == f.top {
		src = withOrigins(src)
	}
	return src, nil
}

// withOrigins returns a kustomization with originAnnotations in its
// buildMetadata, so that every object built says where it was declared.
func withOrigins(src []byte) []byte {
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return src // kustomize reports what is wrong with it
	}
	root := doc.Content[0]
	item := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: types.OriginAnnotations}
	found := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "buildMetadata" {
			continue
		}
		found = true
		val := root.Content[i+1]
		if val.Kind != yaml.SequenceNode {
			return src
		}
		for _, c := range val.Content {
			if c.Value == types.OriginAnnotations {
				return src
			}
		}
		val.Content = append(val.Content, item)
	}
	if !found {
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "buildMetadata"},
			&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{item}})
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if enc.Encode(&doc) != nil {
		return src
	}
	return buf.Bytes()
}

// remoteKeys are the kustomization fields whose entries may name a remote base.
var remoteKeys = map[string]bool{"resources": true, "bases": true, "components": true, "crds": true}

// withoutRemote returns src without the entries of resources, bases,
// components and crds that are not on disk (kustomize would fetch them), and
// without patches read from a URL.
func (f kustomizeFS) withoutRemote(file string, src []byte) []byte {
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return src // kustomize reports what is wrong with it
	}
	dir := filepath.Dir(file)
	root := doc.Content[0]
	changed := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i].Value, root.Content[i+1]
		if val.Kind != yaml.SequenceNode {
			continue
		}
		var keep []*yaml.Node
		for _, item := range val.Content {
			entry := ""
			switch {
			case remoteKeys[key] && item.Kind == yaml.ScalarNode:
				entry = item.Value
				if f.onDisk(dir, entry) {
					entry = ""
				}
			case item.Kind == yaml.MappingNode:
				for j := 0; j+1 < len(item.Content); j += 2 {
					if item.Content[j].Value == "path" && isURL(item.Content[j+1].Value) {
						entry = item.Content[j+1].Value
					}
				}
			}
			if entry == "" {
				keep = append(keep, item)
				continue
			}
			changed = true
			missing := !isURL(entry) && !strings.HasPrefix(entry, "git@") && !strings.Contains(entry, "?ref=") && !f.FileSystem.Exists(filepath.Join(dir, entry))
			*f.dropped = append(*f.dropped, droppedEntry{file: file, entry: entry, line: item.Line, col: item.Column, missing: missing})
		}
		val.Content = keep
	}
	if !changed {
		return src
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if enc.Encode(&doc) != nil {
		return src
	}
	return buf.Bytes()
}

func isURL(s string) bool { return strings.Contains(s, "://") }

// onDisk reports whether entry, relative to dir, is a file or directory within
// the boundary.
func (f kustomizeFS) onDisk(dir, entry string) bool {
	if isURL(entry) || strings.HasPrefix(entry, "git@") || strings.Contains(entry, "?ref=") {
		return false
	}
	p := filepath.Join(dir, entry)
	if !f.FileSystem.Exists(p) {
		return false
	}
	ok, _, err := boundary.Within(f.bnd, p)
	return err == nil && ok
}

// kustomizeBuild builds the Kustomize directory dir and returns the stream of
// manifests and the diagnostics: a failed build is an error at the
// kustomization file, a remote entry left out a warning at its line.
func kustomizeBuild(rd *boundary.Reader, bnd, dir string) ([]byte, []*resource.Origin, hclv2.Diagnostics) {
	kfile := filepath.Join(dir, kustomizationNames[0])
	for _, n := range kustomizationNames {
		if p := filepath.Join(dir, n); filesys.MakeFsOnDisk().Exists(p) {
			kfile = p
			break
		}
	}
	var dropped []droppedEntry
	fs := kustomizeFS{FileSystem: filesys.MakeFsOnDisk(), rd: rd, bnd: bnd, dropped: &dropped}
	opts := krusty.MakeDefaultOptions()
	opts.LoadRestrictions = types.LoadRestrictionsNone // overlays name ../base; kustomizeFS keeps to the boundary
	opts.Reorder = krusty.ReorderOptionUnspecified     // as kustomize build: the kustomization's sortOptions, else legacy order
	var diags hclv2.Diagnostics
	out, origins, err := build(fs, opts, dir)
	wd, _ := os.Getwd()
	for _, d := range dropped {
		pos := hclv2.Pos{Line: d.line, Column: d.col}
		if rel, err := filepath.Rel(wd, d.file); err == nil && !strings.HasPrefix(rel, "..") {
			d.file = rel
		}
		diags = append(diags, &hclv2.Diagnostic{
			Severity: hclv2.DiagWarning,
			Summary:  "Remote Kustomize entry not read",
			Detail:   fmt.Sprintf("%q is not on disk within %s (a git repository, a URL, a missing path, or one outside the repository); faultline reads nothing from the network or outside the repository, so the build of %s leaves it out. Vendor it into the repository, or pipe the output of kustomize build in: kustomize build %s | faultline check -", d.entry, bnd, dir, dir),
			Subject:  &hclv2.Range{Filename: d.file, Start: pos, End: pos},
		})
	}
	if err != nil {
		d := &hclv2.Diagnostic{
			Severity: hclv2.DiagError,
			Summary:  "Kustomize build failed",
			Detail:   fmt.Sprintf("The Kustomize directory %s does not build: %v.", dir, err),
			Subject:  fileRange(kfile),
		}
		switch {
		case strings.Contains(err.Error(), "--enable-helm"):
			// kustomize build without --enable-helm fails the same way: the
			// kustomization is valid, faultline does not inflate its charts.
			d.Severity, d.Summary = hclv2.DiagWarning, "Kustomize Helm charts not inflated"
			d.Detail = fmt.Sprintf("The Kustomize directory %s inflates Helm charts (helmCharts), which faultline does not render, so it is not read. Pipe the build in: kustomize build --enable-helm %s | faultline check -", dir, dir)
		case len(dropped) > 0 && !slices.ContainsFunc(dropped, func(d droppedEntry) bool { return d.missing }):
			// What the build lacks is what was left out (a patch of an object
			// of the remote base): already said, at the entry's line.
			d.Severity, d.Summary = hclv2.DiagWarning, "Kustomize build incomplete"
			d.Detail = fmt.Sprintf("The Kustomize directory %s does not build without the remote entries left out (%v), so it is not read. Pipe the build in: kustomize build %s | faultline check -", dir, err, dir)
		}
		diags = append(diags, d)
		return nil, nil, diags
	}
	if out == nil {
		out = []byte{} // built, to nothing: nil is a build that failed
	}
	return out, origins, diags
}

// build runs kustomize and returns its output and the origin of each object
// of it, in order (nil when unknown); a panic in it is an error, never a crash.
func build(fs kustomizeFS, opts *krusty.Options, dir string) (out []byte, origins []*resource.Origin, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, origins, err = nil, nil, fmt.Errorf("kustomize failed: %v", p)
		}
	}()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	fs.top = abs
	defer muteStderr()()
	m, err := krusty.MakeKustomizer(opts).Run(fs, abs)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range m.Resources() {
		o, err := r.GetOrigin()
		if err != nil {
			o = nil
		}
		origins = append(origins, o)
	}
	if err := m.RemoveOriginAnnotations(); err != nil {
		return nil, nil, err
	}
	out, err = m.AsYaml()
	return out, origins, err
}

// muteStderr sends what is written to os.Stderr nowhere until the returned
// function is called: the Kustomize library prints its notes on deprecated
// fields ("# Warning: 'commonLabels' is deprecated…") straight to os.Stderr,
// where they would break the lines of faultline's diagnostics. The fields
// still build; faultline reads the result.
func muteStderr() func() {
	r, w, err := os.Pipe()
	if err != nil {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, r)
		r.Close()
		close(done)
	}()
	old := os.Stderr
	os.Stderr = w
	return func() {
		os.Stderr = old
		w.Close()
		<-done
	}
}

// kustomizeEntries returns the local directories a kustomization uses
// (resources, bases, components), so that a walk can tell bases from overlays.
func kustomizeEntries(kfile string, src []byte) []string {
	var k struct {
		Resources  []string `yaml:"resources"`
		Bases      []string `yaml:"bases"`
		Components []string `yaml:"components"`
	}
	if yaml.Unmarshal(src, &k) != nil {
		return nil
	}
	var out []string
	dir := filepath.Dir(kfile)
	for _, list := range [][]string{k.Resources, k.Bases, k.Components} {
		for _, e := range list {
			if !isURL(e) {
				out = append(out, filepath.Clean(filepath.Join(dir, e)))
			}
		}
	}
	return out
}

// project is a kustomization file or a Helm Chart.yaml found by a walk (or
// named explicitly: input is "").
type project struct {
	file, input string
	src         []byte
}

// projectBuild is the manifest stream a Kustomize directory builds to (or, for
// a kustomization that only lists resources, the resource files themselves,
// read where they are, so that findings point at them), and its unit.
type projectBuild struct {
	name string
	src  []byte
	unit string
	// plain is set when name is a resource file read as it is, not a build.
	plain bool
	// where moves the ranges of a build's stream to its sources; nil when
	// plain or unknown.
	where *buildMap
}

// projectsRead is what readProjects learned: the directories whose files are
// read as a whole (not one by one) and the builds.
type projectsRead struct {
	dirs []string
	// uses holds, for each Kustomize directory, the local paths its
	// kustomization names (resources, patches, generators' files…): a
	// subdirectory it does not name is not part of it.
	uses   map[string][]string
	builds []projectBuild
	diags  hclv2.Diagnostics
	// failed are the charts and Kustomize directories that did not render
	// ("the Helm chart DIR", "the Kustomize directory DIR").
	failed []string
	// empty names the charts that rendered without error into no object
	// (every template off for these values), for "Nothing to analyze".
	empty []string
}

// plainResources returns the resource files of a kustomization that does
// nothing but list them (apiVersion, kind, resources; a directory resource
// being such a kustomization too): kustomize build would output exactly their
// objects, so they are read in place. ok is false for any other kustomization.
// A file reached twice (listed twice, under two spellings, or through two
// directories) is added twice by kustomize build, which rejects the second
// copy of its objects ("may not add resource with an already registered id"):
// dup is then the second entry, and ok is false, so that the directory is
// built and fails as kustomize build fails.
func plainResources(rd *boundary.Reader, bnd, kfile string, src []byte, depth int) (files []string, dup *listedTwice, ok bool) {
	seen := map[string]bool{}
	files, dup, ok = plainList(rd, bnd, kfile, src, depth, seen)
	return files, dup, ok && dup == nil
}

// listedTwice is a resource entry of a kustomization that names a file
// already added to the build.
type listedTwice struct {
	kfile, entry string
	line, col    int
}

func plainList(rd *boundary.Reader, bnd, kfile string, src []byte, depth int, seen map[string]bool) ([]string, *listedTwice, bool) {
	var doc yaml.Node
	if depth > 8 || yaml.Unmarshal(src, &doc) != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, nil, false
	}
	root := doc.Content[0]
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "apiVersion", "kind":
		case "resources":
			list = root.Content[i+1]
		default:
			return nil, nil, false
		}
	}
	if list != nil && list.Kind != yaml.SequenceNode && !(list.Kind == yaml.ScalarNode && list.Tag == "!!null") {
		return nil, nil, false
	}
	var files []string
	dir := filepath.Dir(kfile)
	var entries []*yaml.Node
	if list != nil && list.Kind == yaml.SequenceNode {
		entries = list.Content
	}
	for _, e := range entries {
		if e.Kind != yaml.ScalarNode || e.Tag != "!!str" || isURL(e.Value) {
			return nil, nil, false
		}
		s := e.Value
		p := filepath.Join(dir, s)
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, false
		}
		if inside, _, err := boundary.Within(bnd, p); err != nil || !inside {
			return nil, nil, false
		}
		if !info.IsDir() {
			id := p
			if real, err := filepath.EvalSymlinks(p); err == nil {
				id = real
			}
			if seen[id] {
				return nil, &listedTwice{kfile: kfile, entry: s, line: e.Line, col: e.Column}, false
			}
			seen[id] = true
			files = append(files, p)
			continue
		}
		var sub string
		for _, n := range kustomizationNames {
			if _, err := os.Stat(filepath.Join(p, n)); err == nil {
				sub = filepath.Join(p, n)
				break
			}
		}
		if sub == "" {
			return nil, nil, false
		}
		subSrc, err := rd.ReadFile(sub, bnd)
		if err != nil {
			return nil, nil, false
		}
		more, dup, ok := plainList(rd, bnd, sub, subSrc, depth+1, seen)
		if dup != nil {
			if dup.kfile != kfile {
				// The directory brings a file this kustomization already
				// added: the entry to blame is the directory's, here.
				dup = &listedTwice{kfile: kfile, entry: s, line: e.Line, col: e.Column}
			}
			return nil, dup, false
		}
		if !ok {
			return nil, nil, false
		}
		files = append(files, more...)
	}
	return files, nil, true
}

// atEntry points the failed build's error at the resource entry that names a
// file a second time, and says so.
func atEntry(diags hclv2.Diagnostics, dup *listedTwice) {
	for _, d := range diags {
		if d.Severity != hclv2.DiagError || d.Summary != "Kustomize build failed" {
			continue
		}
		file := dup.kfile
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, file); err == nil && !strings.HasPrefix(rel, "..") {
				file = rel
			}
		}
		start := hclv2.Pos{Line: dup.line, Column: dup.col}
		end := hclv2.Pos{Line: dup.line, Column: dup.col + len(dup.entry)}
		d.Subject = &hclv2.Range{Filename: file, Start: start, End: end}
		d.Detail += fmt.Sprintf(" (%q adds a file this kustomization already added: kustomize build adds its objects twice and rejects the second copy.)", dup.entry)
	}
}

// readProjects builds every Kustomize directory that is an overlay (one that
// no other kustomization of the walk uses as a resource, base or component)
// and renders every Helm chart that is not inside another (see helm.go).
func readProjects(rd *boundary.Reader, projects []project, roots map[string]string, hr *helmRun) projectsRead {
	var r projectsRead
	used := map[string]bool{}
	var charts []string
	for _, p := range projects {
		if isKustomization(p.file) {
			for _, e := range kustomizeEntries(p.file, p.src) {
				used[e] = true
			}
		} else {
			charts = append(charts, filepath.Dir(p.file))
		}
	}
	for _, p := range projects {
		dir := filepath.Dir(p.file)
		r.dirs = append(r.dirs, dir)
		unit := ""
		if p.input != "" {
			unit = unitName(p.input, dir)
		}
		if !isKustomization(p.file) {
			if within(charts, dir) {
				continue // a subchart: read through the chart above
			}
			if hr.err != nil {
				if !hr.diagnosed {
					hr.diagnosed = true
					r.diags = append(r.diags, &hclv2.Diagnostic{Severity: hclv2.DiagError, Summary: "Invalid Helm values",
						Detail: fmt.Sprintf("The Helm values of this run are wrong, so no chart is rendered: %v.", hr.err)})
				}
				r.failed = append(r.failed, "the Helm chart "+dir)
				continue
			}
			builds, diags := helmRender(rd, roots[p.file], dir, *hr)
			r.diags = append(r.diags, diags...)
			if diags.HasErrors() {
				r.failed = append(r.failed, "the Helm chart "+dir)
			} else if len(builds) == 0 {
				r.empty = append(r.empty, "the Helm chart "+dir)
			}
			for _, b := range builds {
				b.unit = unit
				r.builds = append(r.builds, b)
			}
			continue
		}
		if r.uses == nil {
			r.uses = map[string][]string{}
		}
		r.uses[dir] = localPaths(p.file, p.src)
		if used[filepath.Clean(dir)] && p.input != "" {
			continue // a base: read through the overlays that use it
		}
		files, dup, ok := plainResources(rd, roots[p.file], p.file, p.src, 0)
		if ok {
			for _, f := range files {
				src, err := rd.ReadFile(f, roots[p.file])
				if err != nil {
					r.diags = append(r.diags, &hclv2.Diagnostic{Severity: hclv2.DiagError, Summary: "Failed to read file",
						Detail: fmt.Sprintf("The file %q could not be read: %s.", f, reason(err)), Subject: fileRange(f)})
					continue
				}
				r.builds = append(r.builds, projectBuild{name: f, src: src, unit: unit, plain: true})
			}
			continue
		}
		out, origins, diags := kustomizeBuild(rd, roots[p.file], dir)
		if dup != nil && out == nil {
			atEntry(diags, dup)
		}
		r.diags = append(r.diags, diags...)
		if out == nil {
			r.failed = append(r.failed, "the Kustomize directory "+dir)
		}
		if out == nil {
			continue
		}
		name := "<kustomize build " + filepath.ToSlash(dir) + ">"
		if src, err := rd.ReadStream(name, bytes.NewReader(out)); err == nil {
			out = src
		}
		r.builds = append(r.builds, projectBuild{name: name, src: out, unit: unit, where: mapBuild(rd, roots[p.file], dir, name, out, origins)})
	}
	return r
}

// holder returns the deepest Kustomize directory or chart that holds file,
// or "": a chart holds every file beneath it; a Kustomize directory the files
// of its own directory and those beneath a path its kustomization names (an
// example directory beside a root kustomization that lists one bundle is not
// part of it).
func (r projectsRead) holder(file string) string {
	best := ""
	for _, d := range r.dirs {
		if !isUnder(file, d) || len(d) <= len(best) {
			continue
		}
		if uses, ok := r.uses[d]; ok && filepath.Dir(file) != filepath.Clean(d) &&
			!slices.ContainsFunc(uses, func(u string) bool { return file == u || isUnder(file, u) }) {
			continue
		}
		best = d
	}
	return best
}

// within reports whether dir lies beneath the charts/ directory of one of
// dirs: a subchart.
func within(dirs []string, dir string) bool {
	for _, d := range dirs {
		if isUnder(dir, filepath.Join(d, "charts")) {
			return true
		}
	}
	return false
}

// localPaths returns every path beneath the kustomization's directory that a
// value of the kustomization names, whatever its field: resources, patches,
// components, generators' files and envs, replacements, configurations.
func localPaths(kfile string, src []byte) []string {
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil {
		return nil
	}
	dir := filepath.Clean(filepath.Dir(kfile))
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c)
			}
		case yaml.MappingNode:
			for i := 1; i < len(n.Content); i += 2 {
				walk(n.Content[i])
			}
		case yaml.ScalarNode:
			v := n.Value
			if k := strings.IndexByte(v, '='); k >= 0 {
				v = v[k+1:] // a generator's KEY=path
			}
			if v == "" || len(v) > 1024 || isURL(v) || strings.ContainsAny(v, "\n") {
				return
			}
			if p := filepath.Clean(filepath.Join(dir, filepath.FromSlash(v))); isUnder(p, dir) && p != dir {
				out = append(out, p)
			}
		}
	}
	walk(&doc)
	return out
}
