package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/hclrange"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/internal/depth"
	"github.com/faultline-dev/faultline/internal/evalbudget"
)

// Options are the inputs of a Terraform load beyond its directories.
type Options struct {
	// Vars are --var NAME=VALUE, VarFiles --var-file FILE, in the order given;
	// both apply to every root module.
	Vars     []string
	VarFiles []string
	// Reader reads every file of the load (docs/SECURITY.md); nil reads
	// through the same guards without keeping the bytes.
	Reader *boundary.Reader
}

// loader carries the state of one load: parsed files, modules by directory,
// and the diagnostics.
type loader struct {
	opts     Options
	boundary string                 // absolute: module sources must stay within it
	cache    *parseCache            // shared by the roots of a load
	parsed   map[string]*parsedFile // the files this root read
	modules  map[string]*module
	modDiags map[string]bool
	diags    hcl.Diagnostics
	vendored map[string]string // modules.json key -> directory, for the current root
	depth    int
	// budget bounds the evaluation of this root and its module tree
	// (internal/evalbudget): work, value sizes, instances.
	budget *evalbudget.Budget
}

// FindRoots returns the root modules among dirs, the directories of one input
// path that hold Terraform files: those that no module of the set calls with a
// local source. A repository of examples has one root per example.
func FindRoots(dirs []string) []string { return findRoots(dirs, nil) }

// findRoots is FindRoots with the parse cache of a load.
func findRoots(dirs []string, cache *parseCache) []string {
	called := map[string]bool{}
	for _, d := range dirs {
		m, _ := readModule(d, cache)
		if m == nil {
			continue
		}
		for _, c := range m.calls {
			if isLocalSource(c.source) {
				called[filepath.Clean(filepath.Join(d, c.source))] = true
			}
		}
	}
	var roots []string
	for _, d := range dirs {
		if !called[filepath.Clean(d)] {
			roots = append(roots, d)
		}
	}
	sort.Strings(roots)
	return roots
}

func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || s == "." || s == ".."
}

// Input is one input path given to faultline, the directories under it that
// hold Terraform files, and the plan and state documents (terraform show -json)
// found under it.
type Input struct {
	Path  string
	Dirs  []string
	Plans []PlanFile
}

// Load reads the Terraform modules of every input: it finds the root modules
// among each input's directories, evaluates each root with its module tree, and
// adds one component per resource to b. Each plan or state document is a root
// of its own, read with its resolved values. Component IDs are Terraform
// addresses; when there are several roots, each ID is prefixed with its root's
// directory (or document) relative to its input path and a colon
// (examples/simple:module.vpc.aws_vpc.this, plan.json:aws_nat_gateway.this).
// It returns the diagnostics and the files it read.
func Load(inputs []Input, opts Options, b *graph.Builder) (hcl.Diagnostics, []string) {
	type rootOf struct {
		in   Input
		root string
		plan *PlanFile
	}
	var roots []rootOf
	cache := newParseCache(opts.Reader)
	var dirs []string
	for _, in := range inputs {
		dirs = append(dirs, in.Dirs...)
	}
	cache.warm(dirs)
	for _, in := range inputs {
		for _, r := range findRoots(in.Dirs, cache) {
			roots = append(roots, rootOf{in: in, root: r})
		}
		for i := range in.Plans {
			roots = append(roots, rootOf{in: in, root: in.Plans[i].Name, plan: &in.Plans[i]})
		}
	}
	var all hcl.Diagnostics
	filesSeen := map[string]bool{}
	results := make([]*rootResult, len(roots))
	parallel(len(roots), func(i int) {
		r := roots[i]
		prefix := ""
		if len(roots) > 1 {
			rel, err := filepath.Rel(r.in.Path, r.root)
			if r.in.Path == "-" { // a plan on standard input
				rel, err = r.root, nil
			}
			if err != nil || rel == "." {
				rel = filepath.Base(r.root)
				if abs, err := filepath.Abs(r.root); err == nil {
					rel = filepath.Base(abs)
				}
			}
			prefix = filepath.ToSlash(rel) + ":"
		}
		if r.plan != nil {
			results[i] = loadPlan(*r.plan, prefix)
			return
		}
		results[i] = loadRoot(r.in.Path, r.root, prefix, opts, cache)
	})
	for _, res := range results {
		all = append(all, res.diags...)
		for _, f := range res.files {
			filesSeen[f] = true
		}
	}
	files := make([]string, 0, len(filesSeen))
	for f := range filesSeen {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, res := range results {
		all = append(all, res.emit(b)...)
	}
	return dedupe(all), files
}

// repositoryRoot returns the root of the git repository that holds dir (the
// nearest ancestor with a .git entry), or dir itself outside any repository.
// Module sources may reach anywhere inside the repository, as they do for
// Terraform when a user checks one example of a repository, but never out of it.
func repositoryRoot(dir string) string {
	for cur := dir; ; {
		if _, err := os.Lstat(filepath.Join(cur, ".git")); err == nil {
			return cur
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return dir
		}
		cur = parent
	}
}

// loadRoot evaluates one root module and its module tree.
func loadRoot(boundary, dir, prefix string, opts Options, cache *parseCache) *rootResult {
	abs, err := filepath.Abs(boundary)
	if err != nil {
		abs = boundary
	}
	if info, err := os.Stat(boundary); err == nil && !info.IsDir() {
		abs = filepath.Dir(abs)
	}
	abs = repositoryRoot(abs)
	l := &loader{opts: opts, boundary: abs, cache: cache, parsed: map[string]*parsedFile{}, modules: map[string]*module{}, modDiags: map[string]bool{},
		budget: newBudget()}
	l.vendored = readModulesJSON(dir, opts.Reader)
	mod := l.module(dir)
	root := newModInst(l, mod, nil, nil, nil, "")
	root.rootVars = l.rootVars(mod)
	res := &rootResult{prefix: prefix, cache: cache}
	res.collect(root)
	for f := range l.parsed {
		res.files = append(res.files, f)
	}
	res.diags = append(l.diags, res.unknownTypesWarning()...)
	if d := l.budget.Diagnostic(); d != nil {
		res.diags = append(res.diags, d)
	}
	return res
}

// unknownTypesWarning reports each resource type the knowledge base lacks, at
// its first block: read as configuration, a failure it could cause is not
// analyzed. A module that several roots call reports a type once.
func (rr *rootResult) unknownTypesWarning() hcl.Diagnostics {
	types := make([]string, 0, len(rr.unknownTypes))
	for t := range rr.unknownTypes {
		types = append(types, t)
	}
	sort.Strings(types)
	var out hcl.Diagnostics
	for _, t := range types {
		rng := rr.unknownTypes[t]
		out = append(out, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Resource type not in the knowledge base",
			Detail:  fmt.Sprintf("%s is read as configuration, so that its failures are not analyzed (docs/terraform-resources.md lists the known types).", t),
			Subject: &rng})
	}
	return out
}

// module reads (once) the module in dir.
func (l *loader) module(dir string) *module {
	dir = filepath.Clean(dir)
	if m := l.modules[dir]; m != nil {
		return m
	}
	m, diags := readModule(dir, l.cache)
	if m != nil {
		for _, n := range m.files {
			l.parsed[n] = l.cache.get(n)
		}
	}
	if m == nil {
		m = &module{dir: dir, variables: map[string]*variable{}, locals: map[string]*hcl.Attribute{}, outputs: map[string]*hcl.Attribute{}, byAddr: map[string]*resource{}, callByName: map[string]*moduleCall{}}
	}
	l.diags = append(l.diags, diags...)
	l.modules[dir] = m
	return m
}

// readModulesJSON reads the module manifest that terraform init writes.
func readModulesJSON(root string, rd *boundary.Reader) map[string]string {
	src, err := rd.ReadFile(filepath.Join(root, ".terraform", "modules", "modules.json"), "")
	if err != nil {
		return nil
	}
	var manifest struct {
		Modules []struct{ Key, Dir string }
	}
	if json.Unmarshal(src, &manifest) != nil {
		return nil
	}
	out := map[string]string{}
	for _, m := range manifest.Modules {
		if m.Key != "" {
			out[m.Key] = filepath.Join(root, filepath.FromSlash(m.Dir))
		}
	}
	return out
}

// within reports whether dir lies within the loader's boundary.
func (l *loader) within(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(l.boundary, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	// Lexically inside; a symbolic link on the way may still lead out. A path
	// that does not resolve (a missing directory) is reported where it is used.
	ok, _, err := boundary.Within(l.boundary, dir)
	return ok || err != nil
}

// maxModuleDepth bounds module nesting (a module that calls itself).
const maxModuleDepth = 20

// expandCall resolves a module call's source and creates its instances.
func (mi *modInst) expandCall(c *moduleCall) *callInst {
	ci := &callInst{}
	mi.children[c.name] = ci
	l := mi.l
	key := c.name
	if mi.keys != "" {
		key = mi.keys + "." + c.name
	}
	var dir string
	switch {
	case c.source == "":
		mi.opaque[c.name] = "it has no source"
		return ci
	case isLocalSource(c.source):
		dir = filepath.Join(mi.mod.dir, filepath.FromSlash(c.source))
		if !l.within(dir) {
			l.errorf(c.srcRange.Ptr(), "Module source outside the input path",
				"The module %q has the source %q, which is outside %s (the git repository of the input path, or the input path itself outside a repository); faultline reads nothing outside it, so the module is an opaque component.", c.name, c.source, l.boundary)
			mi.opaque[c.name] = "its source is outside the input path"
			return ci
		}
	default:
		d, ok := l.vendored[key]
		if !ok || !l.within(d) {
			l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Module not on disk",
				Detail:  fmt.Sprintf("The module %q (source %q) is not vendored under .terraform/modules of its root; faultline downloads nothing, so the module is an opaque component. Run terraform init (or terraform get) to analyze it.", c.name, c.source),
				Subject: c.srcRange.Ptr()})
			mi.opaque[c.name] = fmt.Sprintf("its source %s is not on disk", c.source)
			return ci
		}
		dir = d
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		l.errorf(c.srcRange.Ptr(), "Module directory not found", "The module %q has the source %q, but %s is not a directory.", c.name, c.source, dir)
		mi.opaque[c.name] = "its source directory does not exist"
		return ci
	}
	depth := 0
	for p := mi; p != nil; p = p.parent {
		depth++
	}
	if depth > maxModuleDepth {
		l.errorf(c.srcRange.Ptr(), "Module nesting too deep", "Modules nest more than %d deep here; does a module call itself?", maxModuleDepth)
		mi.opaque[c.name] = "modules nest too deep"
		return ci
	}
	child := l.module(dir)
	ci.keys, ci.unknown = mi.scope().expand(c.count, c.forEach, "module."+c.name)
	note := ""
	if ci.unknown != "" && c.count != nil && mi.scope().atMostOne(c.count) {
		// count = var.create ? 1 : 0: one instance whenever the module is
		// used, read like a resource's (resInst.value), not made opaque.
		ci.keys, ci.unknown = []instKey{{key: "[0]", count: cty.NumberIntVal(0)}}, ""
		note = fmt.Sprintf("the count of %smodule.%s is 0 or 1 on a condition unknown until apply: the one instance it has when it is used is counted", mi.prefix, c.name)
	}
	if ci.unknown != "" {
		mi.opaque[c.name] = ci.unknown
		ci.keys = nil
		return ci
	}
	for i := range ci.keys {
		k := &ci.keys[i]
		sc := &scope{mi: mi}
		if c.count != nil || c.forEach != nil {
			sc.inst = k
		}
		inst := newModInst(l, child, mi, c, sc, k.key)
		inst.note = note
		ci.instances = append(ci.instances, inst)
	}
	return ci
}

// rootVars gathers the root module's variable values: terraform.tfvars,
// *.auto.tfvars (in name order), then --var-file and --var in order.
func (l *loader) rootVars(mod *module) map[string]cty.Value {
	out := map[string]cty.Value{}
	var files []string
	for _, n := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if p := filepath.Join(mod.dir, n); fileExists(p) {
			files = append(files, p)
		}
	}
	entries, _ := os.ReadDir(mod.dir)
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
			files = append(files, filepath.Join(mod.dir, n))
		}
	}
	read := func(p string, explicit bool) {
		var src []byte
		var err error
		if explicit {
			src, err = boundary.ReadTrusted(p) // --var-file: named by the user, anywhere
		} else {
			src, err = l.opts.Reader.ReadFile(p, l.boundary)
		}
		if err != nil {
			l.errorf(nil, "Cannot read variable file", "The variable file %q cannot be read: %s.", p, reason(err))
			return
		}
		f, diags := parseFile(p, src)
		l.diags = append(l.diags, diags...)
		if f == nil || f.Body == nil {
			return
		}
		attrs, d := f.Body.JustAttributes()
		l.diags = append(l.diags, d...)
		for n, a := range attrs {
			v, d := safeValue(a.Expr, evalbudget.Attach(&hcl.EvalContext{Functions: functions(mod.dir)}, l.budget))
			if d.HasErrors() {
				l.diags = append(l.diags, d...)
				continue
			}
			if mod.variables[n] == nil {
				if explicit {
					l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Value for undeclared variable",
						Detail: fmt.Sprintf("The root module %s does not declare a variable named %q.", mod.dir, n), Subject: a.NameRange.Ptr()})
				}
				continue
			}
			out[n] = v
		}
	}
	for _, p := range files {
		read(p, false)
	}
	for _, p := range l.opts.VarFiles {
		read(p, true)
	}
	for _, kv := range l.opts.Vars {
		name, raw, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			l.errorf(nil, "Invalid --var", "A --var value must be NAME=VALUE; %q is not.", kv)
			continue
		}
		v := mod.variables[name]
		if v == nil {
			continue // another root may declare it
		}
		// The nesting guard applies to a --var value as to a file: the
		// parser's recursion would overflow the stack on 60,000 brackets.
		if d := depth.Check("<value for var."+name+">", []byte(raw)); d != nil {
			d.Detail = "In the --var value of " + name + ": " + d.Detail
			l.diags = append(l.diags, d)
			continue
		}
		out[name] = parseVarValue(raw, v, l.budget)
	}
	return out
}

// parseVarValue reads a --var value as Terraform does: as a string for a
// variable of type string (or of no type, when it does not parse as HCL), else
// as an HCL expression, without a context (no references, no functions), under
// the root's evaluation budget.
func parseVarValue(raw string, v *variable, b *evalbudget.Budget) cty.Value {
	if v.typ != nil {
		if t, ok := hcl.ExprAsKeyword(v.typ), true; ok && t == "string" {
			return cty.StringVal(raw)
		}
	}
	e, diags := hclsyntax.ParseExpression([]byte(raw), "<value for var."+v.name+">", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.StringVal(raw)
	}
	val, diags := evalbudget.Eval(e, nil, b)
	if diags.HasErrors() {
		return cty.StringVal(raw)
	}
	return val
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// ParseFile reads one Terraform file, held in memory, as a whole root module
// and adds its resources to b. Nothing is read from disk: module calls are
// opaque. It is the entry point of the fuzz test and of callers that hold a
// single file; Load is the entry point for directories.
func ParseFile(filename string, src []byte, b *graph.Builder) hcl.Diagnostics {
	l := &loader{boundary: string([]byte{0}), parsed: map[string]*parsedFile{}, modules: map[string]*module{}, budget: newBudget()}
	f, diags := parseFile(filename, src)
	diags = hclrange.Clamp(diags, len(src))
	mod, d := buildModule(filepath.Dir(filename), []*parsedFile{{name: filename, file: f, diags: diags}})
	l.diags = append(append(l.diags, diags...), d...)
	root := newModInst(l, mod, nil, nil, nil, "")
	root.rootVars = map[string]cty.Value{}
	res := &rootResult{}
	res.collect(root)
	all := append(l.diags, res.emit(b)...)
	if d := l.budget.Diagnostic(); d != nil {
		all = append(all, d)
	}
	return hclrange.Clamp(dedupe(all), len(src))
}
