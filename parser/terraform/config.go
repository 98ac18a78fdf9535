package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/faultline-dev/faultline/internal/depth"
	"github.com/faultline-dev/faultline/internal/evalbudget"
	"github.com/faultline-dev/faultline/internal/hclrange"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"github.com/faultline-dev/faultline/internal/boundary"
)

// module is one Terraform module directory as declared: the blocks of all its
// .tf and .tf.json files, override files merged in.
type module struct {
	dir        string
	files      []string
	variables  map[string]*variable
	locals     map[string]*hcl.Attribute
	outputs    map[string]*hcl.Attribute
	resources  []*resource // in declaration order (files sorted)
	byAddr     map[string]*resource
	calls      []*moduleCall
	callByName map[string]*moduleCall
	region     hcl.Expression // the default aws/google provider's region, if any
	// providers are the provider blocks by NAME or NAME.ALIAS.
	providers map[string]*providerConfig
	// file is the file being decoded (constValue).
	file *parsedFile
}

// providerConfig is a provider block.
type providerConfig struct {
	key  string // NAME or NAME.ALIAS
	body *body
	rng  hcl.Range
}

type variable struct {
	name string
	def  hcl.Expression // nil when the variable has no default
	typ  hcl.Expression
	rng  hcl.Range
}

// resource is a resource or data block.
type resource struct {
	data      bool
	typ, name string
	rng       hcl.Range // the block header, where findings point
	count     hcl.Expression
	forEach   hcl.Expression
	dependsOn []hcl.Traversal
	provider  string // the provider meta-argument (NAME or NAME.ALIAS), "" for the default
	body      *body
}

// providerKey is the provider configuration a resource uses: its provider
// meta-argument, or the default configuration of the provider its type names
// (aws for aws_instance).
func (r *resource) providerKey() string {
	if r.provider != "" {
		return r.provider
	}
	name, _, _ := strings.Cut(r.typ, "_")
	return name
}

// addr is the resource's address within its module: TYPE.NAME or data.TYPE.NAME.
func (r *resource) addr() string {
	if r.data {
		return "data." + r.typ + "." + r.name
	}
	return r.typ + "." + r.name
}

type moduleCall struct {
	name      string
	source    string
	srcRange  hcl.Range
	rng       hcl.Range
	count     hcl.Expression
	forEach   hcl.Expression
	dependsOn []hcl.Traversal
	inputs    map[string]*hcl.Attribute
	// providers maps the child's provider keys to the parent's (providers = { aws = aws.west }).
	providers map[string]string
}

// body is a block body reduced to what faultline reads: attributes and nested
// blocks. Native and JSON bodies both become one.
type body struct {
	attrs  map[string]*hcl.Attribute
	blocks []*nested
}

type nested struct {
	typ    string
	labels []string
	body   *body
	rng    hcl.Range
}

var metaAttrs = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true, "lifecycle": true, "connection": true, "provisioner": true}

var topSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
		{Type: "module", LabelNames: []string{"name"}},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "output", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "terraform"},
		{Type: "moved"},
		{Type: "import"},
		{Type: "removed"},
		{Type: "check", LabelNames: []string{"name"}},
		{Type: "ephemeral", LabelNames: []string{"type", "name"}},
	},
}

// isOverride reports whether a file is an override file, merged over the others.
func isOverride(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(name), ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// isTerraformFile reports whether a file name is a Terraform configuration file.
func isTerraformFile(name string) bool {
	return (strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")) &&
		!strings.HasPrefix(name, ".") && !strings.HasSuffix(name, "~")
}

// parseFile parses one file into an hcl.File; src may come from memory (fuzzing).
func parseFile(name string, src []byte) (*hcl.File, hcl.Diagnostics) {
	if d := boundary.CheckText(name, src); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	if strings.HasSuffix(name, ".json") {
		if d := checkJSONDepth(name, src); d != nil {
			return nil, hcl.Diagnostics{d}
		}
		return hcljson.Parse(src, name)
	}
	if d := depth.Check(name, src); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if f != nil {
		// Once, before the file is shared by the roots that evaluate it: its
		// for expressions and templates charge the budget of each evaluation.
		evalbudget.Instrument(f.Body, nil)
	}
	return f, diags
}

// readModule reads every .tf and .tf.json file of dir, through the cache.
func readModule(dir string, cache *parseCache) (*module, hcl.Diagnostics) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read module directory",
			Detail: fmt.Sprintf("The module directory %q cannot be read: %s.", dir, reason(err))}}
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && isTerraformFile(e.Name()) {
			names = append(names, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(names)
	var files []*parsedFile
	var diags hcl.Diagnostics
	for _, n := range names {
		pf := cache.get(n)
		diags = append(diags, pf.diags...)
		files = append(files, pf)
	}
	m, d := buildModule(dir, files)
	return m, append(diags, d...)
}

// parsedFile is a file parsed once, whatever the number of module calls that use it.
type parsedFile struct {
	name  string
	file  *hcl.File
	diags hcl.Diagnostics
	// consts are the values of the file's arguments read without a context
	// (constValue), under one budget; roots evaluated in parallel share them.
	constMu     sync.Mutex
	consts      map[hcl.Expression]constVal
	constBudget *evalbudget.Budget
}

type constVal struct {
	val   cty.Value
	diags hcl.Diagnostics
}

func parseOne(name string, rd *boundary.Reader) *parsedFile {
	src, err := rd.ReadFile(name, "")
	if err != nil {
		return &parsedFile{name: name, diags: hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Failed to read file",
			Detail: fmt.Sprintf("The file %q could not be read: %s.", name, reason(err)), Subject: fileRange(name)}}}
	}
	f, diags := parseFile(name, src)
	return &parsedFile{name: name, file: f, diags: hclrange.Clamp(diags, len(src))}
}

// buildModule decodes parsed files into a module, the override files last.
func buildModule(dir string, files []*parsedFile) (*module, hcl.Diagnostics) {
	m := &module{dir: dir, variables: map[string]*variable{}, locals: map[string]*hcl.Attribute{},
		outputs: map[string]*hcl.Attribute{}, byAddr: map[string]*resource{}, callByName: map[string]*moduleCall{}}
	var diags hcl.Diagnostics
	sort.SliceStable(files, func(i, j int) bool { return !isOverride(files[i].name) && isOverride(files[j].name) })
	for _, pf := range files {
		m.files = append(m.files, pf.name)
		if pf.file == nil || pf.file.Body == nil {
			continue
		}
		m.file = pf
		diags = append(diags, m.decodeFile(pf.file, isOverride(pf.name))...)
		if d := pf.constDiag(); d != nil {
			diags = append(diags, d)
		}
	}
	m.file = nil
	return m, diags
}

// constValue evaluates an argument that Terraform reads without a context (a
// module's source, a provider's alias). A JSON-syntax string is its literal
// text, as without a context. A native expression is evaluated in an empty
// context, which succeeds exactly where no context does (neither has
// variables or functions), under the budget of its file's such arguments,
// once: every root that reads the file, and the search for roots, share the
// value.
func (m *module) constValue(e hcl.Expression) (cty.Value, hcl.Diagnostics) {
	if evalbudget.IsJSON(e) || m.file == nil {
		return e.Value(nil)
	}
	pf := m.file
	pf.constMu.Lock()
	defer pf.constMu.Unlock()
	if c, ok := pf.consts[e]; ok {
		return c.val, c.diags
	}
	if pf.consts == nil {
		pf.consts, pf.constBudget = map[hcl.Expression]constVal{}, newBudget()
	}
	v, d := safeValue(e, evalbudget.Attach(&hcl.EvalContext{}, pf.constBudget))
	pf.consts[e] = constVal{v, d}
	return v, d
}

// constDiag is the error of the expression that spent the budget of the
// file's arguments read without a context, or nil.
func (pf *parsedFile) constDiag() *hcl.Diagnostic {
	pf.constMu.Lock()
	defer pf.constMu.Unlock()
	return pf.constBudget.Diagnostic()
}

func (m *module) decodeFile(f *hcl.File, override bool) hcl.Diagnostics {
	content, _, diags := f.Body.PartialContent(topSchema)
	for _, blk := range content.Blocks {
		switch blk.Type {
		case "resource", "data":
			diags = append(diags, m.decodeResource(blk, override)...)
		case "module":
			diags = append(diags, m.decodeCall(blk, override)...)
		case "variable":
			attrs, d := justAttributes(blk.Body)
			diags = append(diags, d...)
			v := m.variables[blk.Labels[0]]
			if v != nil && !override {
				// Terraform rejects a second declaration; taking its default
				// instead would change the answer without a word.
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate variable declaration",
					Detail:  fmt.Sprintf("A variable named %q was already declared at %s. Variable names must be unique within a module.", v.name, v.rng),
					Subject: blk.DefRange.Ptr()})
				continue
			}
			if v == nil || !override {
				v = &variable{name: blk.Labels[0], rng: blk.DefRange}
				m.variables[v.name] = v
			}
			if a := attrs["default"]; a != nil {
				v.def = a.Expr
			}
			if a := attrs["type"]; a != nil {
				v.typ = a.Expr
			}
		case "output":
			attrs, d := justAttributes(blk.Body)
			diags = append(diags, d...)
			if a := attrs["value"]; a != nil {
				m.outputs[blk.Labels[0]] = a
			}
		case "locals":
			attrs, d := blk.Body.JustAttributes()
			diags = append(diags, d...)
			for n, a := range attrs {
				if prev := m.locals[n]; prev != nil && !override {
					diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate local value definition",
						Detail: fmt.Sprintf("A local value named %q was already defined at %s.", n, prev.NameRange), Subject: a.NameRange.Ptr()})
					continue
				}
				m.locals[n] = a
			}
		case "provider":
			bd, d := toBody(blk.Body)
			diags = append(diags, d...)
			key := blk.Labels[0]
			if a := bd.attrs["alias"]; a != nil {
				if v, d := m.constValue(a.Expr); !d.HasErrors() && v.Type() == ctyString && v.IsKnown() && !v.IsNull() {
					key += "." + v.AsString()
				}
			}
			if m.providers == nil {
				m.providers = map[string]*providerConfig{}
			}
			m.providers[key] = &providerConfig{key: key, body: bd, rng: blk.DefRange}
			if blk.Labels[0] == "aws" || blk.Labels[0] == "google" || blk.Labels[0] == "azurerm" {
				attrs, _ := justAttributes(blk.Body)
				if a := attrs["alias"]; a != nil {
					continue
				}
				if a := attrs["region"]; a != nil {
					m.region = a.Expr
				} else if a := attrs["location"]; a != nil {
					m.region = a.Expr
				}
			}
		}
	}
	return diags
}

// justAttributes returns a block body's attributes, ignoring nested blocks.
func justAttributes(b hcl.Body) (hcl.Attributes, hcl.Diagnostics) {
	if sb, ok := b.(*hclsyntax.Body); ok {
		out := hcl.Attributes{}
		for n, a := range sb.Attributes {
			out[n] = a.AsHCLAttribute()
		}
		return out, nil
	}
	return b.JustAttributes()
}

func (m *module) decodeResource(blk *hcl.Block, override bool) hcl.Diagnostics {
	r := &resource{data: blk.Type == "data", typ: blk.Labels[0], name: blk.Labels[1], rng: blk.DefRange}
	bd, diags := toBody(blk.Body)
	if prev := m.byAddr[r.addr()]; prev != nil {
		if override {
			for n, a := range bd.attrs {
				prev.body.attrs[n] = a
			}
			if len(bd.blocks) > 0 {
				prev.body.blocks = bd.blocks
			}
			prev.applyMeta()
			return diags
		}
		return append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate resource",
			Detail:  fmt.Sprintf("A %s %q %q was already declared at %s.", blk.Type, r.typ, r.name, prev.rng),
			Subject: blk.DefRange.Ptr()})
	}
	r.body = bd
	diags = append(diags, r.applyMeta()...)
	m.byAddr[r.addr()] = r
	m.resources = append(m.resources, r)
	return diags
}

// applyMeta reads the meta-arguments out of the body's attributes.
func (r *resource) applyMeta() hcl.Diagnostics {
	var diags hcl.Diagnostics
	if a := r.body.attrs["count"]; a != nil {
		r.count = a.Expr
	}
	if a := r.body.attrs["for_each"]; a != nil {
		r.forEach = a.Expr
	}
	if r.count != nil && r.forEach != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: `Invalid combination of "count" and "for_each"`,
			Detail: `The "count" and "for_each" meta-arguments are mutually exclusive; only one may be used.`, Subject: r.body.attrs["for_each"].NameRange.Ptr()})
		r.forEach = nil
	}
	if a := r.body.attrs["depends_on"]; a != nil {
		tr, d := dependsOn(a)
		r.dependsOn = tr
		diags = append(diags, d...)
	}
	if a := r.body.attrs["provider"]; a != nil {
		r.provider = traversalKey(a.Expr)
	}
	return diags
}

func dependsOn(a *hcl.Attribute) ([]hcl.Traversal, hcl.Diagnostics) {
	exprs, diags := hcl.ExprList(a.Expr)
	var out []hcl.Traversal
	for _, e := range exprs {
		t, d := hcl.AbsTraversalForExpr(e)
		if d.HasErrors() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid depends_on reference",
				Detail: "A depends_on entry must be a reference to a resource, a data source or a module.", Subject: e.Range().Ptr()})
			continue
		}
		out = append(out, t)
	}
	return out, diags
}

// traversalKey renders a provider reference (aws, aws.west) as NAME or
// NAME.ALIAS; "" when expr is not one.
func traversalKey(expr hcl.Expression) string {
	t, d := hcl.AbsTraversalForExpr(expr)
	if d.HasErrors() {
		return ""
	}
	key := t.RootName()
	if a, _ := attrName(t, 1); a != "" {
		key += "." + a
	}
	return key
}

func (m *module) decodeCall(blk *hcl.Block, override bool) hcl.Diagnostics {
	attrs, diags := justAttributes(blk.Body)
	name := blk.Labels[0]
	c := m.callByName[name]
	if c != nil && !override {
		return append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate module call",
			Detail: fmt.Sprintf("A module %q was already declared at %s.", name, c.rng), Subject: blk.DefRange.Ptr()})
	}
	if c == nil {
		c = &moduleCall{name: name, rng: blk.DefRange, inputs: map[string]*hcl.Attribute{}}
		m.callByName[name] = c
		m.calls = append(m.calls, c)
	}
	for n, a := range attrs {
		switch n {
		case "source":
			v, d := m.constValue(a.Expr)
			if d.HasErrors() || v.IsNull() || !v.IsKnown() || !v.Type().Equals(ctyString) {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid module source",
					Detail: "The module source must be a literal string.", Subject: a.Expr.Range().Ptr()})
				continue
			}
			c.source, c.srcRange = v.AsString(), a.Expr.Range()
		case "count":
			c.count = a.Expr
		case "for_each":
			c.forEach = a.Expr
		case "depends_on":
			tr, d := dependsOn(a)
			c.dependsOn = tr
			diags = append(diags, d...)
		case "providers":
			pairs, d := hcl.ExprMap(a.Expr)
			diags = append(diags, d...)
			c.providers = map[string]string{}
			for _, p := range pairs {
				if k, v := traversalKey(p.Key), traversalKey(p.Value); k != "" && v != "" {
					c.providers[k] = v
				}
			}
		case "version":
		default:
			c.inputs[n] = a
		}
	}
	if c.source == "" && !override {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing module source",
			Detail: fmt.Sprintf("The module %q has no source argument.", name), Subject: blk.DefRange.Ptr()})
	}
	return diags
}

// toBody converts an HCL body into a body. Native bodies keep nested blocks
// (dynamic blocks are kept as blocks of type "dynamic"); JSON bodies have no
// schema, so nested blocks there are attributes with object values.
func toBody(b hcl.Body) (*body, hcl.Diagnostics) {
	out := &body{attrs: map[string]*hcl.Attribute{}}
	if sb, ok := b.(*hclsyntax.Body); ok {
		for n, a := range sb.Attributes {
			out.attrs[n] = a.AsHCLAttribute()
		}
		for _, nb := range sb.Blocks {
			inner, _ := toBody(nb.Body)
			out.blocks = append(out.blocks, &nested{typ: nb.Type, labels: nb.Labels, body: inner, rng: nb.DefRange()})
		}
		sort.SliceStable(out.blocks, func(i, j int) bool { return out.blocks[i].rng.Start.Byte < out.blocks[j].rng.Start.Byte })
		return out, nil
	}
	attrs, diags := b.JustAttributes()
	for n, a := range attrs {
		out.attrs[n] = a
	}
	return out, diags
}
