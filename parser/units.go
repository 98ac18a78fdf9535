package parser

import (
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/ignore"
)

// Units: how a walk splits into deployments.
//
// Terraform root modules are units of their own already (parser/terraform).
// For faultline's HCL and Kubernetes manifests, the files of one input path go
// to units by these rules, the first that applies:
//
//  1. A unit block of the configuration file claims the files its paths match.
//  2. A Kustomize directory (kustomization.yaml) is a unit, and so is a Helm
//     chart (Chart.yaml): the files beneath belong to it, and are read
//     through it (see kustomize.go and helm.go), never as plain manifests. A
//     Kustomize directory that another one of the walk uses as a resource is
//     a base, read through that overlay, not a unit of its own.
//  3. The other files are merged directory by directory, from the deepest up.
//     Files of one directory that declare an object another file of it
//     declares are alternatives, each a unit named by the file. A
//     directory's other files and the merged files of each subdirectory are
//     parts; when two parts declare the same object (kind, namespace and name;
//     a native component's name), they are alternatives — the variants of an
//     install, one per cloud — and each part becomes a unit named by its
//     directory; otherwise they merge and go up as one part. What reaches the
//     input path merged is the unit of the input path itself.
//
// A unit's components are named name:ID, where name is the unit's directory
// relative to the input path (or the unit block's label); the unit of the input
// path itself keeps plain IDs. Adding a unit of rules 1 and 2 never renames
// another unit's components.

// unitSpec is a unit block of the configuration: its name, and its paths
// relative to Dir.
type unitSpec struct {
	Name     string
	Dir      string
	patterns ignore.Matcher
}

// UnitSpec is a unit block of the configuration file: the files under Paths
// (gitignore syntax, relative to Dir) form the unit Name.
type UnitSpec struct {
	Name  string
	Dir   string
	Paths []string
}

// walked is a file read for a unit: its input path, and the identities of what
// it declares.
type walked struct {
	file  string
	input string // the input path it was found under; "" for a file named explicitly
	ids   []string
	unit  string // the unit it was assigned to
	fixed bool   // unit was set by a Kustomize directory: assignUnits leaves it
}

// assignUnits sets the unit of every file. files are sorted by name.
func assignUnits(files []*walked, specs []UnitSpec, explicitUnits map[string]string) {
	var matchers []unitSpec
	for _, s := range specs {
		u := unitSpec{Name: s.Name, Dir: s.Dir}
		if abs, err := filepath.Abs(s.Dir); err == nil {
			u.Dir = abs
		}
		for _, p := range s.Paths {
			if pat, ok := ignore.Glob(p); ok {
				u.patterns.Add(pat)
			}
		}
		matchers = append(matchers, u)
	}
	byInput := map[string][]*walked{}
	var inputs []string
	for _, f := range files {
		if f.fixed {
			continue
		}
		if name, ok := configUnit(matchers, f.file); ok {
			f.unit = name
			continue
		}
		if u, ok := explicitUnits[f.file]; ok {
			f.unit = u
			continue
		}
		if f.input == "" {
			continue // named explicitly: the unit of the input paths themselves
		}
		if _, ok := byInput[f.input]; !ok {
			inputs = append(inputs, f.input)
		}
		byInput[f.input] = append(byInput[f.input], f)
	}
	for _, in := range inputs {
		splitByCollision(in, byInput[in])
	}
}

// configUnit returns the unit block that claims file, if any.
func configUnit(specs []unitSpec, file string) (string, bool) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", false
	}
	for i := range specs {
		rel, ok := relTo(specs[i].Dir, abs)
		if !ok {
			continue
		}
		if specs[i].patterns.Ignored(rel, false) {
			return specs[i].Name, true
		}
		for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
			if specs[i].patterns.Ignored(dir, true) {
				return specs[i].Name, true
			}
		}
	}
	return "", false
}

// unitName is a directory relative to an input path, as a unit's name.
func unitName(input, dir string) string {
	rel, err := filepath.Rel(input, dir)
	if err != nil || rel == "." {
		return ""
	}
	return filepath.ToSlash(rel)
}

// part is a set of files that may be one deployment.
type part struct {
	dir   string
	files []*walked
	ids   map[string]bool
}

func (p *part) collides(q *part) bool {
	small, large := p.ids, q.ids
	if len(small) > len(large) {
		small, large = large, small
	}
	for id := range small {
		if large[id] {
			return true
		}
	}
	return false
}

// splitByCollision applies rule 3 to the files of one input path.
func splitByCollision(input string, files []*walked) {
	own := map[string][]*walked{} // files by directory
	children := map[string][]string{}
	seen := map[string]bool{}
	var note func(dir string)
	note = func(dir string) {
		if seen[dir] || dir == input {
			return
		}
		seen[dir] = true
		parent := filepath.Dir(dir)
		children[parent] = append(children[parent], dir)
		if dir != parent {
			note(parent)
		}
	}
	for _, f := range files {
		dir := filepath.Dir(f.file)
		own[dir] = append(own[dir], f)
		note(dir)
	}
	final := func(p *part) {
		name := unitName(input, p.dir)
		for _, f := range p.files {
			f.unit = name
		}
	}
	// walk returns the open part of dir's tree (nil when there is none) and the
	// parts already made units below it, which still collide with siblings.
	var walk func(dir string) (*part, []*part)
	walk = func(dir string) (*part, []*part) {
		var open, closed []*part
		fs, alone := ownAlternatives(own[dir])
		for _, f := range alone {
			p := &part{dir: f.file, files: []*walked{f}, ids: idSet(f)}
			final(p)
			closed = append(closed, p)
		}
		if len(fs) > 0 {
			p := &part{dir: dir, files: fs, ids: map[string]bool{}}
			for _, f := range fs {
				for _, id := range f.ids {
					p.ids[id] = true
				}
			}
			open = append(open, p)
		}
		subs := children[dir]
		sort.Strings(subs)
		for _, sub := range slices.Compact(subs) {
			o, c := walk(sub)
			if o != nil {
				open = append(open, o)
			}
			closed = append(closed, c...)
		}
		// An open part that collides with another part becomes a unit; the
		// others merge and go up.
		var rest []*part
		var made []*part
		for i, p := range open {
			hit := false
			for j, q := range open {
				hit = hit || i != j && p.collides(q)
			}
			for _, q := range closed {
				hit = hit || p.collides(q)
			}
			if hit {
				made = append(made, p)
			} else {
				rest = append(rest, p)
			}
		}
		for _, p := range made {
			final(p)
		}
		closed = append(closed, made...)
		open = rest
		if len(open) == 0 {
			return nil, closed
		}
		merged := &part{dir: dir, ids: map[string]bool{}}
		for _, p := range open {
			merged.files = append(merged.files, p.files...)
			for id := range p.ids {
				merged.ids[id] = true
			}
		}
		return merged, closed
	}
	if p, _ := walk(filepath.Clean(input)); p != nil {
		p.dir = input
		final(p)
	}
}

// ownAlternatives splits the files of one directory: those that declare an
// object another file of the directory declares too are alternatives of each
// other (a test fixture and its expected output, an install and its HA
// variant side by side), each a unit of its own named by the file; the rest
// are the directory's part.
func ownAlternatives(files []*walked) (rest, alone []*walked) {
	if len(files) < 2 {
		return files, nil
	}
	count := map[string]int{}
	for _, f := range files {
		for id := range idSet(f) {
			count[id]++
		}
	}
	for _, f := range files {
		hit := false
		for _, id := range f.ids {
			hit = hit || count[id] > 1
		}
		if hit {
			alone = append(alone, f)
		} else {
			rest = append(rest, f)
		}
	}
	return rest, alone
}

func idSet(f *walked) map[string]bool {
	s := make(map[string]bool, len(f.ids))
	for _, id := range f.ids {
		s[id] = true
	}
	return s
}

// isUnder reports whether file lies in dir or below it.
func isUnder(file, dir string) bool {
	return strings.HasPrefix(file, dir+string(filepath.Separator)) || dir == "."
}
