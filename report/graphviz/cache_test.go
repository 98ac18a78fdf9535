package graphviz

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/race"
	"github.com/faultline-dev/faultline/report/graphviz/internal/wasmcache"
)

// cacheChild is set in the environment of the copy of this test binary that
// TestCompilationCacheLocation starts.
const cacheChild = "FAULTLINE_TEST_CACHE_CHILD"

// TestCompilationCacheLocation starts this test binary again with an empty
// user cache directory and an empty $TMPDIR, so that go-graphviz's package init
// compiles its module from scratch, and checks where the compiled code landed:
// under the user cache directory (that is, wasmcache's init ran before
// go-graphviz's), nothing in $TMPDIR, and the program saw its own $TMPDIR
// again once initialized. Then again with a cache directory that others can
// write: refused, no cache anywhere, a warning, and Graphviz still renders.
func TestCompilationCacheLocation(t *testing.T) {
	if os.Getenv(cacheChild) != "" {
		reportCacheChild(t)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("the user cache directory is $XDG_CACHE_HOME on Linux only")
	}
	if testing.Short() {
		t.Skip("compiles the WebAssembly module twice from scratch (seconds)")
	}
	if race.Enabled {
		// Nothing here runs concurrently, and a cold compilation under the race
		// detector takes half a minute or more.
		t.Skip("the race detector has nothing to look at here")
	}

	t.Run("private", func(t *testing.T) {
		xdg, tmp := t.TempDir(), t.TempDir()
		out, stderr := runCacheChild(t, xdg, tmp)
		if stderr != "" {
			t.Errorf("stderr: %s", stderr)
		}
		want := fmt.Sprintf("TMPDIR=%s\ncache=%s\nerr=<nil>\nrendered\n", tmp, filepath.Join(xdg, "faultline"))
		if out != want {
			t.Errorf("child saw:\n%s\nwant:\n%s", out, want)
		}
		code, err := filepath.Glob(filepath.Join(xdg, "faultline", "go-graphviz", "wazero-*", "*"))
		if err != nil || len(code) == 0 {
			t.Fatalf("no compiled module under %s: %v", xdg, err)
		}
		for _, f := range code {
			fi, err := os.Stat(f)
			if err != nil || fi.Size() < 1<<20 || fi.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s: %v, %v: want a private file of megabytes", f, fi, err)
			}
		}
		if left := entries(t, tmp); left != "" {
			t.Errorf("$TMPDIR holds %s, want nothing", left)
		}
	})

	t.Run("refused", func(t *testing.T) {
		xdg, tmp := t.TempDir(), t.TempDir()
		dir := filepath.Join(xdg, "faultline")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		out, stderr := runCacheChild(t, xdg, tmp)
		if !strings.Contains(stderr, "Graphviz runs without a compilation cache") || !strings.Contains(stderr, "can be written by others") {
			t.Errorf("stderr: %q, want a warning that says why", stderr)
		}
		if !strings.HasPrefix(out, "TMPDIR="+tmp+"\ncache=\nerr=") || !strings.HasSuffix(out, "rendered\n") {
			t.Errorf("child saw:\n%s", out)
		}
		if left := entries(t, dir); left != "" {
			t.Errorf("the refused directory holds %s, want nothing", left)
		}
		if left := entries(t, tmp); left != "" {
			t.Errorf("$TMPDIR holds %s, want nothing", left)
		}
	})
}

func runCacheChild(t *testing.T, xdg, tmp string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCompilationCacheLocation$", "-test.count=1")
	cmd.Env = append(os.Environ(), cacheChild+"=1", "XDG_CACHE_HOME="+xdg, "TMPDIR="+tmp)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s%s", err, o.String(), e.String())
	}
	// The child prints its report before the test framework's own lines.
	got, _, _ := strings.Cut(o.String(), "PASS\n")
	return got, e.String()
}

// reportCacheChild prints what the child saw once initialized, and renders.
func reportCacheChild(t *testing.T) {
	dir, err := wasmcache.Dir()
	fmt.Printf("TMPDIR=%s\ncache=%s\nerr=%v\n", os.Getenv("TMPDIR"), dir, err)
	svg, err := renderDOT([]byte("digraph { a -> b }"), LayoutDot)
	if err != nil || !bytes.Contains(svg, []byte("<svg")) {
		t.Fatalf("render: %v", err)
	}
	fmt.Println("rendered")
}

func entries(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return strings.Join(names, ", ")
}

// TestOnlyThisPackageImportsGoGraphviz keeps go-graphviz behind this package,
// which imports internal/wasmcache and restores $TMPDIR in its init: another
// package importing go-graphviz directly would still get the checked cache
// directory only while it links this one too.
func TestOnlyThisPackageImportsGoGraphviz(t *testing.T) {
	root := filepath.Join("..", "..")
	var importers []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(src, []byte(`"github.com/goccy/go-graphviz`)) {
			importers = append(importers, filepath.ToSlash(filepath.Dir(path)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(importers) == 0 {
		t.Fatal("no package imports go-graphviz: is the walk looking at the repository?")
	}
	for _, dir := range importers {
		if dir != "../../report/graphviz" {
			t.Errorf("%s imports go-graphviz; only report/graphviz may", dir)
		}
	}
}
