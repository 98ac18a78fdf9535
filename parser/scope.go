package parser

import (
	"path/filepath"
	"strings"

	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/internal/ignore"
)

// Exclude is a set of gitignore-style patterns of paths a load leaves out
// (--exclude, a configuration file's exclude), relative to Dir, or, when Dir is
// empty, to each input path and to the current directory.
type Exclude struct {
	Dir   string
	Globs []string
}

// vendored are the directories a walk skips: other people's code, copied in
// by a package manager. .terraform is hidden, and read by the Terraform loader
// when a root module calls a module vendored there.
var vendored = map[string]bool{
	"node_modules": true, "vendor": true, "bower_components": true, "jspm_packages": true,
	"site-packages": true, "__pycache__": true,
}

// scope decides what a walk of one input path leaves out: hidden and vendored
// directories, what the repository's .gitignore files ignore, and the excludes.
type scope struct {
	rd       *boundary.Reader
	bnd      string // the input's boundary (absolute), where gitignore paths start
	root     string // the input path as given
	absRoot  string
	dirs     map[string]*ignore.Matcher // gitignore patterns in effect, by directory walked
	excludes []excludeSet
}

type excludeSet struct {
	dir      string // absolute; "" for the input path and the current directory
	patterns ignore.Matcher
}

func newScope(rd *boundary.Reader, bnd, root string, excludes []Exclude) *scope {
	s := &scope{rd: rd, bnd: bnd, root: root, dirs: map[string]*ignore.Matcher{}}
	s.absRoot, _ = filepath.Abs(root)
	if abs, err := filepath.Abs(bnd); err == nil {
		s.bnd = abs
	}
	for _, e := range excludes {
		set := excludeSet{}
		if e.Dir != "" {
			set.dir, _ = filepath.Abs(e.Dir)
		}
		for _, g := range e.Globs {
			if p, ok := ignore.Glob(g); ok {
				set.patterns.Add(p)
			}
		}
		s.excludes = append(s.excludes, set)
	}
	return s
}

// relTo returns abs relative to dir, /-separated, and whether it lies within.
func relTo(dir, abs string) (string, bool) {
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// abs returns the absolute path of p, a path under the input path.
func (s *scope) abs(p string) string {
	rel, err := filepath.Rel(s.root, p)
	if err != nil {
		a, _ := filepath.Abs(p)
		return a
	}
	return filepath.Join(s.absRoot, rel)
}

// excluded reports whether an exclude pattern matches p.
func (s *scope) excluded(p string, isDir bool) bool {
	abs := s.abs(p)
	for i := range s.excludes {
		e := &s.excludes[i]
		if e.dir == "" {
			if rel, ok := relTo(s.absRoot, abs); ok && rel != "." && e.patterns.Ignored(rel, isDir) {
				return true
			}
			if e.patterns.Ignored(filepath.ToSlash(filepath.Clean(p)), isDir) {
				return true
			}
			continue
		}
		if rel, ok := relTo(e.dir, abs); ok && rel != "." && e.patterns.Ignored(rel, isDir) {
			return true
		}
	}
	return false
}

// excludedFile reports whether an exclude pattern matches the file p, named
// as an input, or one of the directories on its path.
func (s *scope) excludedFile(p string) bool {
	if s.excluded(p, false) {
		return true
	}
	for dir := filepath.Dir(p); dir != "." && dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if s.excluded(dir, true) {
			return true
		}
	}
	return false
}

// enter returns whether the walk goes into the directory p, and reads its
// .gitignore when it does. The input path itself is always entered.
func (s *scope) enter(p, name string) bool {
	isRoot := filepath.Clean(p) == filepath.Clean(s.root)
	if !isRoot && (isHidden(name) || vendored[name] || s.excluded(p, true) || s.gitignored(p, true)) {
		return false
	}
	abs := s.abs(p)
	var parent *ignore.Matcher
	if isRoot {
		parent = s.ancestors(abs)
	} else {
		parent = s.dirs[filepath.Dir(abs)]
	}
	s.dirs[abs] = s.withGitignore(parent, abs)
	return true
}

// keep reports whether the walk reads the file p.
func (s *scope) keep(p string) bool {
	return !s.excluded(p, false) && !s.gitignored(p, false)
}

// gitignored reports whether the .gitignore files in effect ignore p.
func (s *scope) gitignored(p string, isDir bool) bool {
	abs := s.abs(p)
	m := s.dirs[filepath.Dir(abs)]
	if m == nil || m.Len() == 0 {
		return false
	}
	rel, ok := relTo(s.bnd, abs)
	return ok && m.Ignored(rel, isDir)
}

// ancestors returns the patterns of the .gitignore files from the boundary
// (the repository's root) down to dir's parent.
func (s *scope) ancestors(dir string) *ignore.Matcher {
	m := &ignore.Matcher{}
	rel, ok := relTo(s.bnd, dir)
	if !ok || rel == "." {
		return m
	}
	cur := s.bnd
	for _, seg := range strings.Split(rel, "/") {
		m = s.withGitignore(m, cur)
		cur = filepath.Join(cur, seg)
	}
	return m
}

// withGitignore returns parent's patterns followed by those of dir/.gitignore.
func (s *scope) withGitignore(parent *ignore.Matcher, dir string) *ignore.Matcher {
	if parent == nil {
		parent = &ignore.Matcher{}
	}
	src, err := s.rd.ReadFile(filepath.Join(dir, ".gitignore"), s.bnd)
	if err != nil || len(src) == 0 {
		return parent
	}
	base, ok := relTo(s.bnd, dir)
	if !ok {
		return parent
	}
	if base == "." {
		base = ""
	}
	m := &ignore.Matcher{}
	m.Add(parent.Patterns()...)
	m.Add(ignore.Parse(src, base)...)
	return m
}
