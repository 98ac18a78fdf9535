package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// wallClockReaders are the only non-test files allowed to read the wall clock:
// the commands' "today" (clock, replaced by testClock in the tests), the
// kernels command, which times the algorithms it runs, and the stage timer of
// --stages, which measures elapsed time and prints it on stderr only, and the
// CPU-time fallback of platforms with no process CPU time (tests' bounds).
var wallClockReaders = map[string]bool{
	"cmd/faultline/check.go":            true,
	"cmd/faultline/kernels.go":          true,
	"internal/stages/stages.go":         true,
	"internal/cputime/cputime_other.go": true,
}

// TestNoWallClock keeps the suite independent of the day it runs. The analysis
// refuses a zero Options.Now at run time; this test finds the other way the
// calendar could leak into an output: a read of time.Now anywhere but the
// commands' clock. In tests, time.Now is allowed only to measure elapsed time
// (assigned to a variable named start), never to decide or render anything.
// The other guard (TestMain's testClock) runs every script with "today" years
// ahead of when they were written.
func TestNoWallClock(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		isTest := strings.HasSuffix(path, "_test.go")
		allowed := map[ast.Node]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			// start := time.Now() (or start = time.Now()) in a test measures time.
			if as, ok := n.(*ast.AssignStmt); ok && isTest && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
				if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name == "start" {
					if call, ok := as.Rhs[0].(*ast.CallExpr); ok {
						allowed[call.Fun] = true
					}
				}
			}
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Now" {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "time" {
				return true
			}
			if allowed[sel] || (!isTest && wallClockReaders[rel]) {
				return true
			}
			t.Errorf("%s: reads the wall clock (time.Now); pass a time in (analysis.Options.Now, --now) instead", fset.Position(sel.Pos()))
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
