package ignore

import "testing"

// The cases of gitignore(5), and the ones its implementations get wrong.
func TestIgnored(t *testing.T) {
	for _, c := range []struct {
		gitignore string
		base      string
		path      string
		dir       bool
		want      bool
	}{
		{"node_modules/", "", "node_modules", true, true},
		{"node_modules/", "", "web/node_modules", true, true},
		{"node_modules/", "", "node_modules", false, false}, // a file of that name
		{"*.log", "", "a/b/c.log", false, true},
		{"*.log", "", "a/b/c.log.txt", false, false},
		{"/build", "", "build", true, true},
		{"/build", "", "src/build", true, false},
		{"doc/frotz/", "", "doc/frotz", true, true},
		{"doc/frotz/", "", "a/doc/frotz", true, false},
		{"frotz/", "", "a/doc/frotz", true, true},
		{"**/foo", "", "x/y/foo", false, true},
		{"**/foo", "", "foo", false, true},
		{"**/foo/bar", "", "x/foo/bar", false, true},
		{"abc/**", "", "abc/x/y", false, true},
		{"abc/**", "", "abc", true, false},
		{"a/**/b", "", "a/b", false, true},
		{"a/**/b", "", "a/x/y/b", false, true},
		{"a/*/b", "", "a/x/y/b", false, false},
		{"*.yaml\n!keep.yaml", "", "d/keep.yaml", false, false},
		{"*.yaml\n!keep.yaml", "", "d/drop.yaml", false, true},
		{"!keep.yaml\n*.yaml", "", "d/keep.yaml", false, true}, // the last match wins
		{"\\#notes", "", "#notes", false, true},
		{"# comment", "", "# comment", false, false},
		{"trail   ", "", "trail", false, true},
		{"gen/", "sub", "sub/gen", true, true},
		{"gen/", "sub", "gen", true, false}, // a pattern of sub/.gitignore stays in sub
		{"/gen", "sub", "sub/gen", true, true},
		{"/gen", "sub", "sub/x/gen", true, false},
		{"[ab].yaml", "", "a.yaml", false, true},
		{"?.yaml", "", "ab.yaml", false, false},
	} {
		var m Matcher
		m.Add(Parse([]byte(c.gitignore), c.base)...)
		if got := m.Ignored(c.path, c.dir); got != c.want {
			t.Errorf("%q in %q: Ignored(%q, dir=%t) = %t, want %t", c.gitignore, c.base, c.path, c.dir, got, c.want)
		}
	}
}
