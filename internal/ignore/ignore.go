// Package ignore matches paths against gitignore patterns (git's
// gitignore(5)) and against the --exclude globs of a walk, which use the same
// syntax, so that a walk leaves out what a repository itself leaves out.
//
// It is written here rather than taken from a module: the gitignore packages
// served to this build either come with a whole git implementation (go-git's,
// with its filesystem abstraction) or are unmaintained with known mistakes in
// negation and "**" (sabhiram/go-gitignore, last changed in 2021). The rules are
// short, and the test holds the cases of gitignore(5).
package ignore

import (
	"path"
	"strings"
)

// Pattern is one gitignore line.
type Pattern struct {
	segs     []string // the pattern's /-separated segments; "**" is any number of segments
	negate   bool     // !pattern: re-include
	dirOnly  bool     // pattern/: matches directories only
	anchored bool     // a / at the start or in the middle: relative to base only
	base     string   // the directory of the file the pattern comes from, /-separated, "" for the root
}

// Parse reads the lines of a gitignore file found in the directory base (a
// /-separated path relative to the walk's root, "" for the root itself).
func Parse(src []byte, base string) []Pattern {
	var out []Pattern
	for line := range strings.Lines(string(src)) {
		if p, ok := parseLine(strings.TrimRight(line, "\r\n"), base); ok {
			out = append(out, p)
		}
	}
	return out
}

// Glob is one --exclude or configuration exclude pattern: gitignore syntax,
// relative to the walk's root (base "").
func Glob(glob string) (Pattern, bool) { return parseLine(glob, "") }

func parseLine(line, base string) (Pattern, bool) {
	if line == "" || strings.HasPrefix(line, "#") {
		return Pattern{}, false
	}
	// Trailing spaces are ignored unless escaped with a backslash.
	for strings.HasSuffix(line, " ") && !strings.HasSuffix(line, "\\ ") {
		line = line[:len(line)-1]
	}
	p := Pattern{base: base}
	if strings.HasPrefix(line, "!") {
		p.negate, line = true, line[1:]
	} else if strings.HasPrefix(line, "\\!") || strings.HasPrefix(line, "\\#") {
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly, line = true, strings.TrimRight(line, "/")
	}
	if line == "" {
		return Pattern{}, false
	}
	if strings.Contains(line, "/") {
		p.anchored = true
		line = strings.TrimPrefix(line, "/")
	}
	p.segs = strings.Split(line, "/")
	if !p.anchored {
		// A pattern without a slash matches at any depth below base.
		p.segs = append([]string{"**"}, p.segs...)
	}
	return p, true
}

// match reports whether the pattern matches rel, a /-separated path relative
// to the walk's root.
func (p Pattern) match(rel string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	if p.base != "" {
		r, ok := strings.CutPrefix(rel, p.base+"/")
		if !ok {
			return false
		}
		rel = r
	}
	return matchSegs(p.segs, strings.Split(rel, "/"))
}

func matchSegs(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			if len(rest) == 0 {
				return len(name) > 0 // "a/**" matches what is inside a, not a itself
			}
			for i := 0; i <= len(name); i++ {
				if matchSegs(rest, name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// Matcher holds the patterns that apply in a walk, in the order they take
// effect: outer files first, then deeper ones; later patterns win.
type Matcher struct {
	patterns []Pattern
}

// Add appends patterns (those of a deeper .gitignore, or --exclude globs).
func (m *Matcher) Add(ps ...Pattern) { m.patterns = append(m.patterns, ps...) }

// Patterns returns the patterns, in order; the slice is not to be changed.
func (m *Matcher) Patterns() []Pattern { return m.patterns }

// Len returns the number of patterns.
func (m *Matcher) Len() int { return len(m.patterns) }

// Ignored reports whether rel (a /-separated path relative to the walk's root)
// is ignored: the last pattern that matches it decides. A walk that skips an
// ignored directory never sees the files within, as git does (a file cannot be
// re-included when its directory is excluded).
func (m *Matcher) Ignored(rel string, isDir bool) bool {
	for i := len(m.patterns) - 1; i >= 0; i-- {
		if m.patterns[i].match(rel, isDir) {
			return !m.patterns[i].negate
		}
	}
	return false
}
