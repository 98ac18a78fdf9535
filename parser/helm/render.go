package helm

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
	"time"

	yamlv3 "go.yaml.in/yaml/v3"
)

// Options are the settings of helm template that a rendering takes.
type Options struct {
	// ReleaseName is .Release.Name; "" is helm template's "release-name".
	ReleaseName string
	// Namespace is .Release.Namespace; "" is "default".
	Namespace string
	// Values are the user's values (--values files, then --set), as
	// UserValues builds them.
	Values map[string]any
	// Now is what the now function returns.
	Now time.Time
	// MaxWork and MaxBytes bound the rendering (0: the defaults).
	MaxWork, MaxBytes int64
}

// Default bounds of one chart's rendering: far above what real charts spend
// (the largest charts of Helm's test data and of public charts spend under
// 100,000 units and a few MiB), and a few seconds at most.
const (
	DefaultMaxWork  = 2_000_000
	DefaultMaxBytes = 64 << 20
)

// Output is what one template of the chart renders to.
type Output struct {
	// Name is the template's name as helm template prints it in its
	// "# Source:" comments: chart/templates/x.yaml, or
	// chart/charts/sub/templates/x.yaml for a subchart's.
	Name string
	// Loc is where the template is: its path on disk, or inside an archive.
	Loc string
	// Data is the rendered text.
	Data []byte
}

// Error is a rendering error at a place of a template.
type Error struct {
	Loc       string // the template's location ("" when none is known)
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return e.Msg }

// Result is a chart's rendering.
type Result struct {
	Outputs []Output
	Errors  []*Error
	// Missing are the dependencies declared and enabled but not in charts/
	// (not vendored): helm template would fetch nothing either, and fails.
	Missing []*Dependency
	// MissingIn is the Chart.yaml that declares each of Missing.
	MissingIn []string
	// Work and Bytes are what the rendering spent of its budget.
	Work, Bytes int64
}

// UserValues merges values files (in order: a later one wins, maps merging)
// and applies --set then --set-string arguments, as helm template does.
func UserValues(files [][]byte, set, setString []string) (map[string]any, error) {
	vals := map[string]any{}
	for _, src := range files {
		v, err := ReadValues(src)
		if err != nil {
			return nil, err
		}
		vals = mergeMaps(vals, v)
	}
	for _, s := range set {
		if err := ParseSet(s, vals, false); err != nil {
			return nil, fmt.Errorf("--set %s: %v", s, err)
		}
	}
	for _, s := range setString {
		if err := ParseSet(s, vals, true); err != nil {
			return nil, fmt.Errorf("--set-string %s: %v", s, err)
		}
	}
	return vals, nil
}

func mergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if vm, ok := v.(map[string]any); ok {
			if om, ok := out[k].(map[string]any); ok {
				out[k] = mergeMaps(om, vm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// Capabilities is .Capabilities as helm template sets it without a cluster.
type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion BuildInfo
}

// KubeVersion is .Capabilities.KubeVersion.
type KubeVersion struct {
	Version string
	Major   string
	Minor   string
}

func (k *KubeVersion) String() string     { return k.Version }
func (k *KubeVersion) GitVersion() string { return k.Version }

// VersionSet is .Capabilities.APIVersions.
type VersionSet []string

// Has reports whether the set holds an API version (group/version, or
// group/version/Kind).
func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

// BuildInfo is .Capabilities.HelmVersion.
type BuildInfo struct {
	Version      string `json:"version,omitempty"`
	GitCommit    string `json:"git_commit,omitempty"`
	GitTreeState string `json:"git_tree_state,omitempty"`
	GoVersion    string `json:"go_version,omitempty"`
}

// HelmVersion is the Helm release whose helm template this renderer follows;
// KubeVersionMinor the Kubernetes minor version it reports by default (that
// of the Kubernetes libraries Helm v3.21 is built with).
const (
	HelmVersion      = "v3.21.4"
	KubeVersionMinor = "36"
)

func defaultCapabilities() *Capabilities {
	return &Capabilities{
		KubeVersion: KubeVersion{Version: "v1." + KubeVersionMinor + ".0", Major: "1", Minor: KubeVersionMinor},
		APIVersions: append(VersionSet(nil), defaultAPIVersions...),
		HelmVersion: BuildInfo{Version: HelmVersion, GitTreeState: "clean", GoVersion: runtime.Version()},
	}
}

// tickFunc is the function every range iteration calls (see instrument).
const tickFunc = "faultlineRangeIteration"

type renderer struct {
	set    *template.Template
	budget *budget
	now    func() time.Time
	// rng is the random stream of the template being executed (random.go).
	rng      *entropy
	included map[string]int
	done     map[*parse.Tree]bool
	// depth is the nesting of include and tpl calls, bounded by maxNesting.
	depth int
}

// maxCallNesting bounds how deep include and tpl calls nest, whatever their
// names (Helm bounds include at 1,000 per name and tpl not at all: a tpl
// that renders itself exhausts the stack); real charts nest a few deep.
const maxCallNesting = 500

func (r *renderer) tick() (string, error) { return "", r.budget.charge(1) }

// include executes a named template into a string; a template may include
// itself at most 1,000 times deep, as in Helm.
func (r *renderer) include(name string, data any) (string, error) {
	if r.included[name] > 1000 {
		return "", fmt.Errorf("rendering template has a nested reference name: %s: unable to execute template", name)
	}
	if r.depth >= maxCallNesting {
		return "", fmt.Errorf("%w: include and tpl calls nest more than %d deep", errBudget, maxCallNesting)
	}
	r.included[name]++
	r.depth++
	defer func() { r.included[name]--; r.depth-- }()
	var b strings.Builder
	err := r.set.ExecuteTemplate(&limitWriter{w: &b, b: r.budget}, name, data)
	return b.String(), err
}

// tpl renders a string as a template, with the chart's named templates.
func (r *renderer) tpl(text string, data any) (string, error) {
	if r.depth >= maxCallNesting {
		return "", fmt.Errorf("%w: include and tpl calls nest more than %d deep", errBudget, maxCallNesting)
	}
	r.depth++
	defer func() { r.depth-- }()
	if err := r.budget.charge(int64(len(r.set.Templates()))); err != nil {
		return "", err // each tpl copies the set of templates
	}
	t, err := r.set.Clone()
	if err != nil {
		return "", fmt.Errorf("cannot clone template: %v", err)
	}
	t, err = t.New(r.set.Name()).Parse(text)
	if err != nil {
		return "", fmt.Errorf("cannot parse template %q: %v", text, err)
	}
	r.instrument(t)
	var b strings.Builder
	if err := t.Execute(&limitWriter{w: &b, b: r.budget}, data); err != nil {
		return "", fmt.Errorf("error during tpl function execution for %q: %v", text, err)
	}
	return strings.ReplaceAll(b.String(), "<no value>", ""), nil
}

// instrument makes every range of the set's templates call tickFunc on each
// iteration, so that a loop with no output and no function call still spends
// the budget.
func (r *renderer) instrument(t *template.Template) {
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil || r.done[tt.Tree] {
			continue
		}
		r.done[tt.Tree] = true
		instrumentList(tt.Tree.Root)
	}
}

func instrumentList(l *parse.ListNode) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.IfNode:
			instrumentList(n.List)
			instrumentList(n.ElseList)
		case *parse.WithNode:
			instrumentList(n.List)
			instrumentList(n.ElseList)
		case *parse.RangeNode:
			instrumentList(n.List)
			instrumentList(n.ElseList)
			if n.List != nil {
				id := parse.NewIdentifier(tickFunc).SetPos(n.Pos)
				cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Pos, Args: []parse.Node{id}}
				pipe := &parse.PipeNode{NodeType: parse.NodePipe, Pos: n.Pos, Line: n.Line, Cmds: []*parse.CommandNode{cmd}}
				act := &parse.ActionNode{NodeType: parse.NodeAction, Pos: n.Pos, Line: n.Line, Pipe: pipe}
				n.List.Nodes = append([]parse.Node{act}, n.List.Nodes...)
			}
		case *parse.ListNode:
			instrumentList(n)
		}
	}
}

// limitWriter bounds the bytes templates write.
type limitWriter struct {
	w io.Writer
	b *budget
}

func (l *limitWriter) Write(p []byte) (int, error) {
	l.b.bytes += int64(len(p))
	if l.b.bytes > l.b.maxBytes {
		return 0, fmt.Errorf("%w: it writes more than %d MiB", errBudget, l.b.maxBytes>>20)
	}
	if err := l.b.charge(int64(len(p)) / 64); err != nil {
		return 0, err
	}
	return l.w.Write(p)
}

type renderable struct {
	name, loc string
	src       string
	scope     map[string]any
	basePath  string
}

// Render renders a chart as helm template does with opts: dependencies
// enabled by their conditions and tags, import-values applied, values
// coalesced, every template of the chart and its subcharts parsed into one
// set, and every one whose name does not start with '_' executed. NOTES.txt is
// executed (its errors are errors, as in Helm) but not returned. A chart with
// any error renders to nothing.
func Render(c *Chart, opts Options) (res *Result) {
	res = &Result{}
	defer func() {
		if p := recover(); p != nil {
			res.Outputs = nil
			res.Errors = append(res.Errors, &Error{Loc: c.chartYAML, Msg: fmt.Sprintf("rendering template failed: %v", p)})
		}
	}()
	if strings.EqualFold(c.Meta.Type, "library") {
		res.Errors = append(res.Errors, &Error{Loc: c.chartYAML, Line: 1, Col: 1, Msg: "library charts are not installable"})
		return res
	}
	user := opts.Values
	if user == nil {
		user = map[string]any{}
	}
	enableDependencies(c, copyTable(user), "")
	collectMissing(c, res)
	importValues(c)
	vals := coalesceValues(c, user, false)
	release := map[string]any{
		"Name": orDefault(opts.ReleaseName, "release-name"), "Namespace": orDefault(opts.Namespace, "default"),
		"IsUpgrade": false, "IsInstall": true, "Revision": 1, "Service": "Helm",
	}
	caps := defaultCapabilities()
	var tpls []renderable
	var scopeOf func(c *Chart, parentValues map[string]any) map[string]any
	scopeOf = func(c *Chart, values map[string]any) map[string]any {
		subs := map[string]any{}
		files := Files{}
		for _, f := range c.files {
			files[f.name] = f.data
		}
		scope := map[string]any{
			"Chart": struct {
				Metadata
				IsRoot bool
			}{*c.Meta, c.parent == nil},
			"Files":        files,
			"Release":      release,
			"Capabilities": caps,
			"Values":       values,
			"Subcharts":    subs,
		}
		for _, d := range c.deps {
			sub, _ := values[d.Name()].(map[string]any)
			if sub == nil {
				sub = map[string]any{}
			}
			subs[d.Name()] = scopeOf(d, sub)
		}
		library := strings.EqualFold(c.Meta.Type, "library")
		for _, t := range c.templates {
			if library && !strings.HasPrefix(path.Base(t.name), "_") {
				continue
			}
			tpls = append(tpls, renderable{name: c.fullPath() + "/" + t.name, loc: t.loc, src: string(t.data), scope: scope, basePath: c.fullPath() + "/templates"})
		}
		return scope
	}
	scopeOf(c, vals)
	// Helm's parse order: the deepest paths first, and in reverse order of
	// names at the same depth, a later definition of a named template
	// replacing an earlier one.
	sort.SliceStable(tpls, func(i, j int) bool {
		a, b := tpls[i].name, tpls[j].name
		ca, cb := strings.Count(a, "/"), strings.Count(b, "/")
		if ca != cb {
			return ca > cb
		}
		return a > b
	})
	locOf := map[string]string{}
	for _, t := range tpls {
		locOf[t.name] = t.loc
	}
	maxWork, maxBytes := opts.MaxWork, opts.MaxBytes
	if maxWork == 0 {
		maxWork = DefaultMaxWork
	}
	if maxBytes == 0 {
		maxBytes = DefaultMaxBytes
	}
	r := &renderer{
		budget:   &budget{max: maxWork, maxBytes: maxBytes},
		included: map[string]int{},
		done:     map[*parse.Tree]bool{},
		now:      func() time.Time { return opts.Now },
		rng:      newEntropy(entropySeed(c.Name(), c.Meta.Version, "")),
	}
	r.set = template.New("gotpl").Option("missingkey=zero")
	r.set.Funcs(r.funcMap())
	for _, t := range tpls {
		if _, err := r.set.New(t.name).Parse(t.src); err != nil {
			res.Errors = append(res.Errors, templateError(err, t.loc, locOf))
			return res
		}
	}
	r.instrument(r.set)
	for _, t := range tpls {
		if strings.HasPrefix(path.Base(t.name), "_") {
			continue
		}
		// As in Helm, the templates of a chart share one map, and run in the
		// parse order: a template may change .Values for those after it
		// (Istio's charts do).
		data := t.scope
		data["Template"] = map[string]any{"Name": t.name, "BasePath": t.basePath}
		r.rng = newEntropy(entropySeed(c.Name(), c.Meta.Version, t.name))
		var b strings.Builder
		err := r.set.ExecuteTemplate(&limitWriter{w: &b, b: r.budget}, t.name, data)
		if err != nil {
			res.Errors = append(res.Errors, templateError(err, t.loc, locOf))
			if errors.Is(err, errBudget) || r.budget.work > r.budget.max || r.budget.bytes > r.budget.maxBytes {
				break
			}
			continue
		}
		if t.name == c.Name()+"/templates/NOTES.txt" || strings.HasSuffix(t.name, "/NOTES.txt") {
			continue
		}
		out := []byte(strings.ReplaceAll(b.String(), "<no value>", ""))
		res.Outputs = append(res.Outputs, Output{Name: t.name, Loc: t.loc, Data: withoutUnknownHooks(out)})
	}
	res.Work, res.Bytes = r.budget.work, r.budget.bytes
	if len(res.Errors) > 0 {
		res.Outputs = nil
	}
	sort.Slice(res.Outputs, func(i, j int) bool { return res.Outputs[i].Name < res.Outputs[j].Name })
	return res
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func collectMissing(c *Chart, res *Result) {
	for _, m := range c.missing {
		res.Missing = append(res.Missing, m)
		res.MissingIn = append(res.MissingIn, c.chartYAML)
	}
	for _, d := range c.deps {
		collectMissing(d, res)
	}
}

// errPos finds "template: NAME:LINE:COL:" (or NAME:LINE:) in a text/template
// error; the last one that names a template of the chart is where it went
// wrong (an error inside an included template is reported through the
// include that called it).
var errPos = regexp.MustCompile(`template: ([^\s:]+):(\d+)(?::(\d+))?:`)

func templateError(err error, loc string, locOf map[string]string) *Error {
	e := &Error{Loc: loc, Msg: err.Error()}
	for _, m := range errPos.FindAllStringSubmatch(err.Error(), -1) {
		l, ok := locOf[m[1]]
		if !ok {
			continue
		}
		e.Loc = l
		e.Line, _ = strconv.Atoi(m[2])
		e.Col = 0
		if m[3] != "" {
			e.Col, _ = strconv.Atoi(m[3])
		}
	}
	if e.Line == 0 {
		e.Line = 1
	}
	if e.Col == 0 {
		e.Col = 1
	}
	e.Msg = strings.ReplaceAll(e.Msg, "at <"+tickFunc+">: error calling "+tickFunc+": ", "in a range: ")
	e.Msg = strings.ReplaceAll(e.Msg, "error calling "+tickFunc+": ", "")
	return e
}

// docSeparator is where helm template splits a template's output into
// documents.
var docSeparator = regexp.MustCompile(`(?:^|\s*\n)---\s*`)

// hookEvents are the hooks Helm knows; helm template leaves out a document
// whose helm.sh/hook annotation names another.
var hookEvents = map[string]bool{
	"pre-install": true, "post-install": true, "pre-delete": true, "post-delete": true,
	"pre-upgrade": true, "post-upgrade": true, "pre-rollback": true, "post-rollback": true,
	"test": true, "test-success": true,
}

// withoutUnknownHooks blanks the documents that helm template leaves out
// (unknown hooks), keeping their line breaks so that the lines of the others
// do not move.
func withoutUnknownHooks(out []byte) []byte {
	if !bytes.Contains(out, []byte("helm.sh/hook")) {
		return out
	}
	seps := docSeparator.FindAllIndex(out, -1)
	start := 0
	var cp []byte
	blank := func(from, to int) {
		var head struct {
			Metadata struct {
				Annotations map[string]string `yaml:"annotations"`
			} `yaml:"metadata"`
		}
		doc := out[from:to]
		if yamlv3.Unmarshal(doc, &head) != nil {
			return
		}
		hooks, ok := head.Metadata.Annotations["helm.sh/hook"]
		if !ok {
			return
		}
		for _, h := range strings.Split(hooks, ",") {
			if !hookEvents[strings.ToLower(strings.TrimSpace(h))] {
				if cp == nil {
					cp = append([]byte(nil), out...)
				}
				for i := from; i < to; i++ {
					if cp[i] != '\n' {
						cp[i] = ' '
					}
				}
				return
			}
		}
	}
	for _, s := range seps {
		blank(start, s[0])
		start = s[1]
	}
	blank(start, len(out))
	if cp == nil {
		return out
	}
	return cp
}
