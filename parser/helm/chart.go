// Package helm renders Helm charts in-process and offline, as `helm template`
// does with its defaults, without Helm's own packages (which bring the
// Kubernetes client libraries and slow every start-up of faultline): the
// template engine is Go's text/template with the Sprig function library, as in
// Helm, and Helm's own functions, built-in objects, value coalescing,
// dependencies and --set syntax are implemented here from Helm's
// documentation (docs/helm.md says what is and is not supported).
package helm

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/Masterminds/semver/v3"
	"sigs.k8s.io/yaml"
)

// Metadata is Chart.yaml, with the field names templates see as .Chart.
type Metadata struct {
	Name         string            `json:"name,omitempty"`
	Home         string            `json:"home,omitempty"`
	Sources      []string          `json:"sources,omitempty"`
	Version      string            `json:"version,omitempty"`
	Description  string            `json:"description,omitempty"`
	Keywords     []string          `json:"keywords,omitempty"`
	Maintainers  []*Maintainer     `json:"maintainers,omitempty"`
	Icon         string            `json:"icon,omitempty"`
	APIVersion   string            `json:"apiVersion,omitempty"`
	Condition    string            `json:"condition,omitempty"`
	Tags         string            `json:"tags,omitempty"`
	AppVersion   string            `json:"appVersion,omitempty"`
	Deprecated   bool              `json:"deprecated,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	KubeVersion  string            `json:"kubeVersion,omitempty"`
	Dependencies []*Dependency     `json:"dependencies,omitempty"`
	Type         string            `json:"type,omitempty"`
}

// Maintainer is an entry of Chart.yaml's maintainers.
type Maintainer struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	URL   string `json:"url,omitempty"`
}

// Dependency is an entry of Chart.yaml's dependencies (requirements.yaml for
// apiVersion v1 charts).
type Dependency struct {
	Name         string   `json:"name"`
	Version      string   `json:"version,omitempty"`
	Repository   string   `json:"repository"`
	Condition    string   `json:"condition,omitempty"`
	Tags         []string `json:"tags,omitempty"`
	Enabled      bool     `json:"enabled,omitempty"`
	ImportValues []any    `json:"import-values,omitempty"`
	Alias        string   `json:"alias,omitempty"`
}

// file is a file of a chart: its name relative to the chart's root, its
// bytes, and where it is for diagnostics (a path on disk, or inside an
// archive: charts/db-1.0.0.tgz/db/templates/x.yaml).
type file struct {
	name string
	data []byte
	loc  string
}

// Chart is a loaded chart.
type Chart struct {
	Meta      *Metadata
	values    map[string]any
	templates []file
	files     []file
	deps      []*Chart
	parent    *Chart
	// loc is where the chart is (its directory, or the archive and its
	// directory inside).
	loc string
	// chartYAML is where Chart.yaml is, for diagnostics.
	chartYAML string
	// missing are declared dependencies that are not in charts/.
	missing []*Dependency
}

// Name is the chart's name (its alias once dependencies are processed).
func (c *Chart) Name() string { return c.Meta.Name }

func (c *Chart) fullPath() string {
	if c.parent == nil {
		return c.Name()
	}
	return c.parent.fullPath() + "/charts/" + c.Name()
}

// LoadError is a chart that cannot be loaded, with the file at fault.
type LoadError struct {
	File string
	Err  error
}

func (e *LoadError) Error() string { return e.Err.Error() }

// Limits on what one chart (subcharts and archives included) may hold.
const (
	maxChartFiles = 20_000
	maxChartBytes = 256 << 20
	maxNesting    = 16
)

// loadFiles builds a chart from its files (names relative to its root, with
// '/' separators). loc maps a name to its location.
func loadFiles(files []file, loc, chartYAML string, depth int, budget *int64) (*Chart, error) {
	if depth > maxNesting {
		return nil, &LoadError{File: chartYAML, Err: fmt.Errorf("subcharts nested more than %d deep", maxNesting)}
	}
	c := &Chart{loc: loc, chartYAML: chartYAML, values: map[string]any{}}
	sub := map[string][]file{}
	var subNames []string
	var requirements []byte
	for _, f := range files {
		switch {
		case f.name == "Chart.yaml":
			c.Meta = &Metadata{}
			if err := yaml.Unmarshal(f.data, c.Meta); err != nil {
				return nil, &LoadError{File: f.loc, Err: fmt.Errorf("cannot load Chart.yaml: %v", err)}
			}
		case f.name == "values.yaml":
			v, err := ReadValues(f.data)
			if err != nil {
				return nil, &LoadError{File: f.loc, Err: fmt.Errorf("cannot load values.yaml: %v", err)}
			}
			c.values = v
		case f.name == "values.schema.json", f.name == "Chart.lock", f.name == "requirements.lock":
		case f.name == "requirements.yaml":
			requirements = f.data
			c.files = append(c.files, f)
		case strings.HasPrefix(f.name, "templates/"):
			c.templates = append(c.templates, f)
		case strings.HasPrefix(f.name, "charts/") && path.Ext(f.name) != ".prov":
			rest := strings.TrimPrefix(f.name, "charts/")
			n, inner, _ := strings.Cut(rest, "/")
			if _, ok := sub[n]; !ok {
				subNames = append(subNames, n)
			}
			sub[n] = append(sub[n], file{name: inner, data: f.data, loc: f.loc})
		default:
			c.files = append(c.files, f)
		}
	}
	if c.Meta == nil {
		return nil, &LoadError{File: chartYAML, Err: errors.New("Chart.yaml file is missing")}
	}
	if c.Meta.APIVersion == "" {
		c.Meta.APIVersion = "v1"
	}
	if requirements != nil {
		var req struct {
			Dependencies []*Dependency `json:"dependencies"`
		}
		if err := yaml.Unmarshal(requirements, &req); err != nil {
			return nil, &LoadError{File: loc + "/requirements.yaml", Err: fmt.Errorf("cannot load requirements.yaml: %v", err)}
		}
		if c.Meta.APIVersion == "v1" {
			c.Meta.Dependencies = req.Dependencies
		}
	}
	switch {
	case c.Meta.Name == "":
		return nil, &LoadError{File: chartYAML, Err: errors.New("validation: chart.metadata.name is required")}
	case c.Meta.Version == "":
		return nil, &LoadError{File: chartYAML, Err: errors.New("validation: chart.metadata.version is required")}
	case !validSemver(c.Meta.Version):
		return nil, &LoadError{File: chartYAML, Err: fmt.Errorf("validation: chart.metadata.version %q is invalid", c.Meta.Version)}
	case c.Meta.Type != "" && !strings.EqualFold(c.Meta.Type, "application") && !strings.EqualFold(c.Meta.Type, "library"):
		return nil, &LoadError{File: chartYAML, Err: errors.New("validation: chart.metadata.type must be application or library")}
	case c.Meta.Name == "." || c.Meta.Name == "..":
		return nil, &LoadError{File: chartYAML, Err: fmt.Errorf("validation: chart.metadata.name %q is not allowed", c.Meta.Name)}
	case strings.ContainsAny(c.Meta.Name, "/\\"):
		return nil, &LoadError{File: chartYAML, Err: fmt.Errorf("validation: chart.metadata.name %q is invalid", c.Meta.Name)}
	}
	sort.Strings(subNames)
	for _, n := range subNames {
		if strings.IndexAny(n, "_.") == 0 {
			continue
		}
		fs := sub[n]
		var sc *Chart
		var err error
		if path.Ext(n) == ".tgz" {
			if len(fs) != 1 || fs[0].name != "" {
				continue // a directory named like an archive
			}
			sc, err = loadArchive(fs[0].data, fs[0].loc, depth+1, budget)
		} else {
			var inner []file
			for _, f := range fs {
				if f.name != "" {
					inner = append(inner, f)
				}
			}
			sc, err = loadFiles(inner, loc+"/charts/"+n, loc+"/charts/"+n+"/Chart.yaml", depth+1, budget)
		}
		if err != nil {
			return nil, err
		}
		sc.parent = c
		c.deps = append(c.deps, sc)
	}
	return c, nil
}

// loadArchive reads a chart packaged as a .tgz (helm package): one top
// directory holding the chart.
func loadArchive(data []byte, loc string, depth int, budget *int64) (*Chart, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, &LoadError{File: loc, Err: fmt.Errorf("cannot read the chart archive: %v", err)}
	}
	tr := tar.NewReader(zr)
	var files []file
	top := ""
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &LoadError{File: loc, Err: fmt.Errorf("cannot read the chart archive: %v", err)}
		}
		if h.Typeflag != tar.TypeReg && h.Typeflag != tar.TypeRegA {
			continue
		}
		name := path.Clean(strings.ReplaceAll(h.Name, "\\", "/"))
		if strings.HasPrefix(name, "/") || name == ".." || strings.HasPrefix(name, "../") {
			return nil, &LoadError{File: loc, Err: fmt.Errorf("the chart archive holds the illegal path %q", h.Name)}
		}
		d, rest, ok := strings.Cut(name, "/")
		if !ok {
			continue // Helm keeps only files inside the chart's directory
		}
		if top == "" {
			top = d
		}
		if len(files) >= maxChartFiles {
			return nil, &LoadError{File: loc, Err: fmt.Errorf("the chart archive holds more than %d files", maxChartFiles)}
		}
		*budget -= h.Size
		if h.Size < 0 || *budget < 0 {
			return nil, &LoadError{File: loc, Err: fmt.Errorf("the chart and its archives hold more than %d MiB", maxChartBytes>>20)}
		}
		b, err := io.ReadAll(io.LimitReader(tr, h.Size+1))
		if err != nil {
			return nil, &LoadError{File: loc, Err: fmt.Errorf("cannot read the chart archive: %v", err)}
		}
		files = append(files, file{name: rest, data: b, loc: loc + "/" + name})
	}
	if top == "" {
		return nil, &LoadError{File: loc, Err: errors.New("the chart archive holds no chart")}
	}
	var mine []file
	for _, f := range files {
		if strings.HasPrefix(f.loc, loc+"/"+top+"/") {
			mine = append(mine, f)
		}
	}
	return loadFiles(mine, loc+"/"+top, loc+"/"+top+"/Chart.yaml", depth, budget)
}

// ReadValues parses a values file as Helm does (through JSON: numbers are
// float64), an empty file being no values.
func ReadValues(src []byte) (map[string]any, error) {
	v := map[string]any{}
	if err := yaml.Unmarshal(src, &v); err != nil {
		return nil, err
	}
	if v == nil {
		v = map[string]any{}
	}
	return v, nil
}

// Entry is a directory entry as the loader sees it: a directory (a symbolic
// link to one included) or a file.
type Entry struct {
	Name string
	Dir  bool
}

// FS is how the loader reads a chart directory: the caller keeps it within
// its boundary.
type FS interface {
	ReadFile(name string) ([]byte, error)
	ReadDir(name string) ([]Entry, error)
}

// LoadDir loads the chart in the directory dir (a path of fsys; locations are
// dir + "/" + the file's name in the chart), as helm template does: its
// .helmignore leaves files out, and subcharts come from charts/ (directories and
// .tgz archives).
func LoadDir(fsys FS, dir string) (*Chart, error) {
	var rules []ignoreRule
	if src, err := fsys.ReadFile(dir + "/.helmignore"); err == nil {
		var perr error
		if rules, perr = parseHelmignore(src); perr != nil {
			return nil, &LoadError{File: dir + "/.helmignore", Err: perr}
		}
	}
	rules = append(rules, ignoreRule{pattern: "templates/.?*"})
	var files []file
	budget := int64(maxChartBytes)
	var walk func(rel string, depth int) error
	walk = func(rel string, depth int) error {
		if depth > 64 {
			return &LoadError{File: dir + "/" + rel, Err: errors.New("directories nested too deep")}
		}
		d := dir
		if rel != "" {
			d += "/" + rel
		}
		entries, err := fsys.ReadDir(d)
		if err != nil {
			return &LoadError{File: d, Err: err}
		}
		for _, e := range entries {
			n := e.Name
			if rel != "" {
				n = rel + "/" + n
			}
			if e.Dir {
				if e.Name == ".git" || helmIgnores(rules, n, true) {
					continue
				}
				if err := walk(n, depth+1); err != nil {
					return err
				}
				continue
			}
			if helmIgnores(rules, n, false) {
				continue
			}
			if len(files) >= maxChartFiles {
				return &LoadError{File: dir, Err: fmt.Errorf("the chart holds more than %d files", maxChartFiles)}
			}
			data, err := fsys.ReadFile(dir + "/" + n)
			if err != nil {
				return &LoadError{File: dir + "/" + n, Err: err}
			}
			if budget -= int64(len(data)); budget < 0 {
				return &LoadError{File: dir, Err: fmt.Errorf("the chart holds more than %d MiB", maxChartBytes>>20)}
			}
			files = append(files, file{name: n, data: bytes.TrimPrefix(data, utf8BOM), loc: dir + "/" + n})
		}
		return nil
	}
	if err := walk("", 0); err != nil {
		return nil, err
	}
	return loadFiles(files, dir, dir+"/Chart.yaml", 0, &budget)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ignoreRule is a pattern of .helmignore. Helm's documentation: shell glob
// matching, relative path matching, negation with '!', a trailing '/' for
// directories only; '**' is not supported. As in Helm, a pattern with a '/'
// matches the path from the chart's root, one without matches the base name,
// and a negated pattern leaves out everything it does not match.
type ignoreRule struct {
	pattern string
	negate  bool
	dirOnly bool
}

func parseHelmignore(src []byte) ([]ignoreRule, error) {
	src = bytes.TrimPrefix(src, utf8BOM)
	var rules []ignoreRule
	for _, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.Contains(line, "**") {
			return nil, errors.New("double-star (**) syntax is not supported")
		}
		if _, err := path.Match(line, "abc"); err != nil {
			return nil, fmt.Errorf("%q: %v", line, err)
		}
		r := ignoreRule{}
		if strings.HasPrefix(line, "!") {
			r.negate = true
			line = line[1:]
		}
		if strings.HasSuffix(line, "/") {
			r.dirOnly = true
			line = strings.TrimSuffix(line, "/")
		}
		r.pattern = line
		rules = append(rules, r)
	}
	return rules, nil
}

// helmIgnores reports whether the rules leave out the file or directory p
// (relative to the chart's root).
func helmIgnores(rules []ignoreRule, p string, isDir bool) bool {
	for _, r := range rules {
		var ok bool
		switch {
		case strings.HasPrefix(r.pattern, "/"):
			ok, _ = path.Match(strings.TrimPrefix(r.pattern, "/"), p)
		case strings.Contains(r.pattern, "/"):
			ok, _ = path.Match(r.pattern, p)
		default:
			ok, _ = path.Match(r.pattern, path.Base(p))
		}
		if r.negate {
			if r.dirOnly && !isDir || !ok {
				return true
			}
			continue
		}
		if r.dirOnly && !isDir {
			continue
		}
		if ok {
			return true
		}
	}
	return false
}

func validSemver(v string) bool {
	_, err := semver.NewVersion(v)
	return err == nil
}
