package terraform

import (
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/faultline-dev/faultline/internal/boundary"
)

// parseCache parses each file once per load, whatever the number of root
// modules that use it: a repository of a hundred roots that call the same
// three modules parses those modules' files once, not a hundred times, and
// finding the roots parses nothing twice. Parsed files are shared by the roots
// evaluated in parallel; nothing mutates them after parsing (hclsyntax bodies
// answer PartialContent with new bodies).
type parseCache struct {
	mu sync.Mutex
	m  map[string]*cacheEntry
	// vars memoizes the traversals of native expressions, which every root
	// that calls a module asks of the same shared expression, again for its
	// edges: hclsyntax walks the expression each time.
	vars sync.Map // hclsyntax.Expression -> []hcl.Traversal
	// reader reads the files (nil: boundary.ReadFile, keeping nothing).
	reader *boundary.Reader
}

type cacheEntry struct {
	once sync.Once
	pf   *parsedFile
}

func newParseCache(r *boundary.Reader) *parseCache {
	return &parseCache{m: map[string]*cacheEntry{}, reader: r}
}

// get returns the parsed file, parsing it on first use. Safe for concurrent use;
// a nil cache parses every time.
func (c *parseCache) get(name string) *parsedFile {
	if c == nil {
		return parseOne(name, nil)
	}
	c.mu.Lock()
	e := c.m[name]
	if e == nil {
		e = &cacheEntry{}
		c.m[name] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.pf = parseOne(name, c.reader) })
	return e.pf
}

// variables returns expr.Variables(), memoized for native expressions (all
// pointers, so usable as keys). A nil cache does not memoize.
func (c *parseCache) variables(expr hcl.Expression) []hcl.Traversal {
	se, ok := expr.(hclsyntax.Expression)
	if c == nil || !ok {
		return expr.Variables()
	}
	if v, ok := c.vars.Load(se); ok {
		return v.([]hcl.Traversal)
	}
	v := expr.Variables()
	c.vars.Store(se, v)
	return v
}

// warm parses the Terraform files of dirs on all cores, largest first so that
// one big file does not finish last alone.
func (c *parseCache) warm(dirs []string) {
	type file struct {
		name string
		size int64
	}
	var files []file
	for _, d := range dirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if e.IsDir() || !isTerraformFile(e.Name()) {
				continue
			}
			var size int64
			if info, err := e.Info(); err == nil {
				size = info.Size()
			}
			files = append(files, file{filepath.Join(d, e.Name()), size})
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].size > files[j].size })
	parallel(len(files), func(i int) { c.get(files[i].name) })
}
