package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/faultline-dev/faultline/graph"
)

// PlanFile is the output of `terraform show -json` for a plan or a state, held
// in memory (it was read to recognize it, or it came on standard input).
type PlanFile struct {
	Name string
	Src  []byte
}

// IsPlan reports whether src is the output of `terraform show -json`: a JSON
// object with a "format_version" and a "planned_values" (a plan) or "values"
// (a state) object holding a "root_module". Only the top-level keys are read,
// so that a Kubernetes manifest is told from a plan without decoding either.
// A document that breaks off after showing a format_version and that mentions
// a root_module is a plan too: the plan reader then reports where it breaks.
func IsPlan(src []byte) bool {
	trimmed := bytes.TrimLeft(src, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' ||
		!bytes.Contains(src, []byte(`"format_version"`)) || !bytes.Contains(src, []byte(`"root_module"`)) {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	sawVersion, sawValues := false, false
	broken := func() bool { return sawVersion }
	if _, err := dec.Token(); err != nil {
		return false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return broken()
		}
		key, _ := tok.(string)
		switch key {
		case "format_version":
			var v any
			if err := dec.Decode(&v); err != nil {
				return broken()
			}
			// Of any type: a number or an array is a broken plan, which the
			// plan reader reports, not a file of no known kind to skip.
			sawVersion = true
		case "planned_values", "values":
			var v struct {
				RootModule json.RawMessage `json:"root_module"`
			}
			if err := dec.Decode(&v); err != nil {
				return broken()
			}
			sawValues = sawValues || len(v.RootModule) > 0 // of any type, as format_version
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return broken()
			}
		}
		if sawVersion && sawValues {
			return true
		}
	}
	return false
}

// ParsePlan reads one plan or state document and adds its components to b:
// the entry point of the fuzz test and of callers that hold a single document;
// Load is the one for runs (it prefixes IDs when a run has several roots).
func ParsePlan(filename string, src []byte, b *graph.Builder) hcl.Diagnostics {
	res := loadPlan(PlanFile{Name: filename, Src: src}, "")
	return dedupe(append(res.diags, res.emit(b)...))
}

// planReader turns one plan or state document into a rootResult. It builds the
// same instance records as the evaluator of .tf files, so that the knowledge
// base and the component and edge builder are shared: only where values and
// references come from differs. Values are the resolved ones of planned_values
// (or values, in a state); a value unknown until apply takes the references of
// its expression in the configuration section; a known string equal to the id
// or arn of another resource stands for that resource.
type planReader struct {
	f        *jsonFile
	rr       *rootResult
	cfgRoot  *jnode                       // configuration.root_module, or nil (a state)
	cfgMods  map[string]*jnode            // module instance prefix -> its configuration
	cfgRes   map[*jnode]map[string]*jnode // configuration module -> its managed resources by address
	unknown  map[string]*jnode            // resource instance address -> change.after_unknown
	ids      map[string]ref               // an id or arn -> the instance it names
	modules  map[string]bool              // module instance prefixes ("module.vpc[0].")
	mis      map[string]*modInst
	byConfig map[string][]string // config address (module keys removed) -> component IDs
	resolved map[string][]ref    // prefix NUL reference -> what it resolves to
}

// planInst is a resource instance of the values tree, before it is evaluated.
type planInst struct {
	node         *jnode
	prefix       string
	typ, name    string
	key, address string
}

// loadPlan reads one document; prefix prefixes component IDs (see Load).
func loadPlan(pf PlanFile, prefix string) *rootResult {
	rr := &rootResult{prefix: prefix, files: []string{pf.Name}}
	rr.init()
	p := &planReader{f: newJSONFile(pf.Name, pf.Src), rr: rr, cfgMods: map[string]*jnode{}, cfgRes: map[*jnode]map[string]*jnode{}, unknown: map[string]*jnode{},
		ids: map[string]ref{}, modules: map[string]bool{"": true}, mis: map[string]*modInst{}, byConfig: map[string][]string{}, resolved: map[string][]ref{}}
	p.read()
	rr.build()
	rr.diags = append(rr.diags, rr.unknownTypesWarning()...)
	return rr
}

func (p *planReader) errorf(n *jnode, summary, format string, args ...any) {
	p.rr.diags = append(p.rr.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary,
		Detail: fmt.Sprintf(format, args...), Subject: p.f.rng(n).Ptr()})
}

// expect reports a member of the wrong JSON type; it returns whether n is usable.
func (p *planReader) expect(n *jnode, kind jkind, what string) bool {
	if n == nil || n.kind == jNull {
		return false
	}
	if n.kind != kind {
		p.errorf(n, "Invalid plan JSON", "%s must be %s, not %s.", what, jkindNames[kind], jkindNames[n.kind])
		return false
	}
	return true
}

func (p *planReader) read() {
	top, d := p.f.parse()
	if d != nil {
		p.rr.diags = append(p.rr.diags, d)
		return
	}
	if !p.expect(top, jObject, "A plan or state document") {
		return
	}
	fv := top.get("format_version")
	if !p.expect(fv, jString, "format_version") {
		p.errorf(top, "Invalid plan JSON", "The document has no format_version: is it the output of terraform show -json?")
		return
	}
	if major, _, _ := strings.Cut(fv.s, "."); major != "0" && major != "1" {
		p.errorf(fv, "Unsupported plan format version", "faultline reads format versions 0.x and 1.x of terraform show -json, not %q.", fv.s)
		return
	}
	values := top.get("planned_values")
	what := "planned_values"
	if values == nil {
		values, what = top.get("values"), "values"
	}
	if !p.expect(values, jObject, what) {
		return
	}
	root := values.get("root_module")
	if !p.expect(root, jObject, what+".root_module") {
		return
	}
	if cfg := top.get("configuration"); p.expect(cfg, jObject, "configuration") {
		if rm := cfg.get("root_module"); p.expect(rm, jObject, "configuration.root_module") {
			p.cfgRoot = rm
		}
	}
	if rc := top.get("resource_changes"); p.expect(rc, jArray, "resource_changes") {
		for _, c := range rc.vals {
			if c.kind != jObject {
				continue
			}
			if ch := c.get("change"); ch != nil {
				if u := ch.get("after_unknown"); u != nil && u.kind == jObject && c.str("address") != "" {
					p.unknown[c.str("address")] = u
				}
			}
		}
	}
	var insts []*planInst
	seen := map[string]*jnode{}
	p.collect(root, "", &insts, seen, 0)
	// The ids and arns of every instance first: a reference may name a
	// resource that comes later in the document.
	count := map[string]int{}
	for _, in := range insts {
		for _, attr := range []string{"id", "arn"} {
			if s := in.node.get("values").str(attr); s != "" {
				count[s]++
				p.ids[s] = ref{in.prefix + in.typ + "." + in.name, in.key}
			}
		}
	}
	for s, n := range count {
		if n > 1 { // two instances share it (a name reused as an id): it names neither
			delete(p.ids, s)
		}
	}
	for _, in := range insts {
		comp := in.prefix + in.typ + "." + in.name
		rec := &instRec{comp: comp, key: in.key, blocks: map[string]int{}, mi: p.modInst(in.prefix),
			res: &resource{typ: in.typ, name: in.name, rng: p.f.rng(in.node)}}
		if rec.kb = Lookup(in.typ); rec.kb == nil {
			p.rr.noteUnknownType(in.typ, rec.res.rng)
		}
		p.rr.add(rec)
		if len(p.byConfig[configAddr(comp)]) == 0 || p.byConfig[configAddr(comp)][len(p.byConfig[configAddr(comp)])-1] != comp {
			p.byConfig[configAddr(comp)] = append(p.byConfig[configAddr(comp)], comp)
		}
	}
	for _, in := range insts {
		rec := p.rr.byRef[ref{in.prefix + in.typ + "." + in.name, in.key}]
		cfg := p.configResource(in.prefix, in.typ+"."+in.name)
		var exprs *jnode
		if cfg != nil {
			exprs = cfg.get("expressions")
			if do := cfg.get("depends_on"); p.expect(do, jArray, "depends_on") {
				for _, s := range do.vals {
					if t := p.traversal(s); t != nil {
						rec.res.dependsOn = append(rec.res.dependsOn, t)
					}
				}
			}
		}
		p.attrs(rec, in.node.get("values"), p.unknown[in.address], exprs, "", rec.comp+rec.key)
		if do := in.node.get("depends_on"); p.expect(do, jArray, "depends_on") { // a state's: absolute addresses
			for _, s := range do.vals {
				if s.kind != jString {
					continue
				}
				for _, c := range p.stateDependency(in.prefix, s.s) {
					rec.deps = append(rec.deps, resolvedDep{comp: c, rng: p.f.rng(s)})
				}
			}
		}
	}
}

// collect gathers the managed resource instances of a module of the values
// tree and of its child modules, in document order.
func (p *planReader) collect(mod *jnode, prefix string, out *[]*planInst, seen map[string]*jnode, depth int) {
	if depth > maxModuleDepth*2 {
		p.errorf(mod, "Invalid plan JSON", "Modules nest more than %d deep.", maxModuleDepth*2)
		return
	}
	p.modules[prefix] = true
	if rs := mod.get("resources"); p.expect(rs, jArray, "resources") {
		for _, r := range rs.vals {
			if !p.expect(r, jObject, "A resource") {
				continue
			}
			if r.str("mode") == "data" {
				continue
			}
			typ, name := r.str("type"), r.str("name")
			if typ == "" || name == "" || strings.ContainsAny(typ+name, ".[]\" ") {
				p.errorf(r, "Invalid resource in plan", "A resource needs a type and a name (TYPE.NAME in its address).")
				continue
			}
			key := ""
			switch idx := r.get("index"); {
			case idx == nil || idx.kind == jNull:
			case idx.kind == jNumber:
				key = "[" + idx.s + "]"
			case idx.kind == jString:
				key = fmt.Sprintf("[%q]", idx.s)
			default:
				p.errorf(idx, "Invalid plan JSON", "A resource's index must be a number or a string.")
				continue
			}
			addr := prefix + typ + "." + name + key
			if prev := seen[addr]; prev != nil {
				p.errorf(r, "Duplicate resource instance", "The instance %s is already described at %s.", addr, p.f.rng(prev))
				continue
			}
			seen[addr] = r
			if a := r.str("address"); a != "" && a != addr {
				p.rr.diags = append(p.rr.diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Resource address does not match",
					Detail: fmt.Sprintf("The address %q does not match the resource's module, type, name and index (%s); faultline uses the latter.", a, addr), Subject: p.f.rng(r.get("address")).Ptr()})
			}
			*out = append(*out, &planInst{node: r, prefix: prefix, typ: typ, name: name, key: key, address: addr})
		}
	}
	if cm := mod.get("child_modules"); p.expect(cm, jArray, "child_modules") {
		for _, c := range cm.vals {
			if !p.expect(c, jObject, "A child module") {
				continue
			}
			a := c.str("address")
			if !strings.HasPrefix(a, prefix+"module.") {
				p.errorf(c, "Invalid plan JSON", "A child module of %q must have an address that starts with %q.", strings.TrimSuffix(prefix, "."), prefix+"module.")
				continue
			}
			p.collect(c, a+".", out, seen, depth+1)
		}
	}
}

func (p *planReader) modInst(prefix string) *modInst {
	if mi := p.mis[prefix]; mi != nil {
		return mi
	}
	mi := &modInst{prefix: prefix, opaque: map[string]string{}}
	p.mis[prefix] = mi
	return mi
}

// configAddr removes the instance keys of an address's modules.
func configAddr(addr string) string {
	var b strings.Builder
	depth := 0
	for _, c := range addr {
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// configModule returns the configuration of a module instance, or nil.
func (p *planReader) configModule(prefix string) *jnode {
	if p.cfgRoot == nil {
		return nil
	}
	if m, ok := p.cfgMods[prefix]; ok {
		return m
	}
	m := p.cfgRoot
	for _, step := range parseAddress(strings.TrimSuffix(prefix, ".")) {
		if step.isKey || step.name == "module" {
			continue
		}
		m = m.get("module_calls").get(step.name).get("module")
	}
	p.cfgMods[prefix] = m
	return m
}

// configResource returns the configuration of a managed resource of a module instance.
// The resources of each configuration module are indexed by address once.
func (p *planReader) configResource(prefix, local string) *jnode {
	m := p.configModule(prefix)
	if m == nil {
		return nil
	}
	byAddr, ok := p.cfgRes[m]
	if !ok {
		if rs := m.get("resources"); rs != nil && rs.kind == jArray {
			byAddr = map[string]*jnode{}
			for _, r := range rs.vals {
				a := r.str("address")
				if _, dup := byAddr[a]; !dup && r.str("mode") != "data" {
					byAddr[a] = r // the first, as a scan would find it
				}
			}
		}
		p.cfgRes[m] = byAddr
	}
	return byAddr[local]
}

// idAttrs are attributes that hold a resource's own identity, never a reference.
var idAttrs = map[string]bool{"id": true, "arn": true, "name": true, "name_prefix": true, "tags": true, "tags_all": true,
	"description": true, "owner_id": true, "unique_id": true}

// attrs adds the attributes of a values object to rec, walking the resource
// change's after_unknown and the configuration's expressions alongside. A
// list of objects is a nested block: its attributes become block.attr paths,
// one value per block, as for .tf files.
func (p *planReader) attrs(rec *instRec, vals, unknown, exprs *jnode, prefix, self string) {
	names := map[string]bool{}
	for _, n := range []*jnode{vals, unknown, exprs} {
		if n != nil && n.kind == jObject {
			for _, k := range n.keys {
				names[k] = true
			}
		}
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, name := range sorted {
		v, u, e := vals.get(name), unknown.get(name), exprs.get(name)
		if isBlockList(v) {
			for i, elem := range v.vals {
				rec.blocks[prefix+name]++
				p.attrs(rec, elem, index(u, i), blockExprs(e, i), prefix+name+".", self)
			}
			continue
		}
		refs, vars, exprNode := p.expression(rec.mi.prefix, e)
		if (v == nil || v.kind == jNull) && u != nil && u.kind == jBool && u.b && e == nil {
			// Computed by the provider and not configured (an instance's
			// availability_zone when its subnet places it): as in a .tf
			// file, the attribute is not set.
			continue
		}
		node := v
		if node == nil || node.kind == jNull && exprNode != nil {
			node = exprNode
		}
		rng := p.f.rng(node)
		if node == nil {
			rng = rec.res.rng
		}
		matchIDs := !(prefix == "" && idAttrs[name])
		val := p.value(v, u, refs, matchIDs, self, 0)
		rec.attrs = append(rec.attrs, attrVal{path: prefix + name, val: val, expr: &jsonExpr{rng: rng, vars: vars}})
	}
}

// isBlockList reports a non-empty array of objects: nested blocks.
func isBlockList(n *jnode) bool {
	if n == nil || n.kind != jArray || len(n.vals) == 0 {
		return false
	}
	for _, e := range n.vals {
		if e.kind != jObject {
			return false
		}
	}
	return true
}

// index returns the i-th element of an array, or nil.
func index(n *jnode, i int) *jnode {
	if n == nil || n.kind != jArray || i >= len(n.vals) {
		return nil
	}
	return n.vals[i]
}

// blockExprs returns the expressions of the i-th nested block: the
// configuration gives an array of block expressions, or one object for a
// single block.
func blockExprs(e *jnode, i int) *jnode {
	switch {
	case e == nil:
		return nil
	case e.kind == jArray:
		return index(e, i)
	case e.kind == jObject && !isExpression(e):
		return e
	}
	return nil
}

// isExpression reports whether an object is an expression representation
// (constant_value and/or references) rather than a nested block's expressions.
func isExpression(n *jnode) bool {
	for _, k := range n.keys {
		if k != "constant_value" && k != "references" {
			return false
		}
	}
	return true
}

// expression resolves the references of an expression representation in a
// module instance: the resource instances they lead to (through module
// outputs and input variables) and, for the references to resources of the
// module itself, traversals positioned at the reference strings.
func (p *planReader) expression(prefix string, e *jnode) (refs []ref, vars []hcl.Traversal, node *jnode) {
	if e == nil || e.kind != jObject || !isExpression(e) {
		return nil, nil, nil
	}
	rs := e.get("references")
	if rs == nil || rs.kind != jArray {
		return nil, nil, e
	}
	for _, s := range rs.vals {
		if s.kind != jString {
			continue
		}
		refs = append(refs, p.resolve(prefix, s.s, 0)...)
		if t := p.traversal(s); t != nil {
			vars = append(vars, t)
		}
	}
	return specific(refs), vars, e
}

// specific keeps, for each resource, its most specific references: a
// reference to aws_subnet.a[0] comes with the implied aws_subnet.a.
func specific(refs []ref) []ref {
	keyed := map[string]bool{}
	for _, r := range refs {
		if r.Key != "[*]" && r.Key != "" {
			keyed[r.Comp] = true
		}
	}
	var out []ref
	seen := map[ref]bool{}
	for _, r := range refs {
		if seen[r] || keyed[r.Comp] && (r.Key == "[*]" || r.Key == "") {
			continue
		}
		seen[r] = true
		out = append(out, r)
	}
	return out
}

// maxRefDepth bounds the chain of module outputs and inputs a reference is followed through.
const maxRefDepth = 40

// resolve follows one reference string of a module instance to resource
// instances. Results are memoized: outputs that feed each other would
// otherwise be followed exponentially often; a reference met again while it is
// being resolved (a cycle) resolves to nothing.
func (p *planReader) resolve(prefix, s string, depth int) []ref {
	k := prefix + "\x00" + s
	if refs, ok := p.resolved[k]; ok {
		return refs
	}
	p.resolved[k] = nil
	refs := p.resolveOnce(prefix, s, depth)
	p.resolved[k] = refs
	return refs
}

func (p *planReader) resolveOnce(prefix, s string, depth int) []ref {
	steps := parseAddress(s)
	if len(steps) < 2 || steps[0].isKey || steps[1].isKey || depth > maxRefDepth {
		return nil
	}
	switch steps[0].name {
	case "module":
		i, key := 2, ""
		if i < len(steps) && steps[i].isKey {
			key, i = steps[i].name, i+1
		}
		if i >= len(steps) || steps[i].isKey {
			return nil
		}
		call := p.configModule(prefix).get("module_calls").get(steps[1].name)
		out := call.get("module").get("outputs").get(steps[i].name).get("expression")
		var refs []ref
		for _, child := range p.childInstances(prefix, steps[1].name, key) {
			for _, r := range referenceStrings(out) {
				refs = append(refs, p.resolve(child, r, depth+1)...)
			}
		}
		return refs
	case "var":
		if prefix == "" {
			return nil
		}
		parent, call := splitModule(prefix)
		e := p.configModule(parent).get("module_calls").get(call).get("expressions").get(steps[1].name)
		var refs []ref
		for _, r := range referenceStrings(e) {
			refs = append(refs, p.resolve(parent, r, depth+1)...)
		}
		return refs
	case "data", "local", "count", "each", "path", "terraform", "self":
		return nil
	}
	comp := prefix + steps[0].name + "." + steps[1].name
	if len(p.rr.byComp[comp]) == 0 {
		return nil
	}
	switch {
	case len(steps) > 2 && steps[2].isKey:
		return []ref{{comp, steps[2].name}}
	case p.rr.byRef[ref{comp, ""}] != nil:
		return []ref{{comp, ""}}
	}
	return []ref{{comp, "[*]"}}
}

// referenceStrings returns the references of an expression representation.
func referenceStrings(e *jnode) []string {
	rs := e.get("references")
	if rs == nil || rs.kind != jArray {
		return nil
	}
	var out []string
	for _, s := range rs.vals {
		if s.kind == jString {
			out = append(out, s.s)
		}
	}
	return out
}

// childInstances returns the instance prefixes of a module call of a module
// instance (all of them, or the one with the given key).
func (p *planReader) childInstances(prefix, call, key string) []string {
	base := prefix + "module." + call
	var out []string
	for m := range p.modules {
		rest, ok := strings.CutPrefix(m, base)
		if !ok {
			continue
		}
		if key != "" {
			if rest == key+"." {
				out = append(out, m)
			}
			continue
		}
		if rest == "." || strings.HasPrefix(rest, "[") && strings.Index(rest, "].") == len(rest)-2 {
			out = append(out, m)
		}
	}
	sort.Strings(out)
	return out
}

// splitModule splits a module instance prefix into its parent's and its call's name.
func splitModule(prefix string) (parent, call string) {
	steps := parseAddress(strings.TrimSuffix(prefix, "."))
	last := len(steps) - 1
	if last >= 0 && steps[last].isKey {
		last--
	}
	if last < 1 {
		return "", ""
	}
	call = steps[last].name
	// The parent's prefix is the text before "module.CALL" of the last call.
	i := strings.LastIndex(prefix, "module."+call)
	return prefix[:i], call
}

// stateDependency resolves a state's depends_on entry (an absolute
// configuration address) to component IDs: within the dependent's own module
// instance when the address names its module, else every instance.
func (p *planReader) stateDependency(prefix, addr string) []string {
	if strings.HasPrefix(addr, "data.") || strings.Contains(addr, ".data.") {
		return nil
	}
	comps := p.byConfig[addr]
	own := configAddr(prefix)
	var mine []string
	for _, c := range comps {
		if strings.HasPrefix(c, prefix) && strings.HasPrefix(addr, own) && !strings.Contains(strings.TrimPrefix(c, prefix), "module.") {
			mine = append(mine, c)
		}
	}
	if len(mine) > 0 {
		return mine
	}
	return comps
}

// step is one step of an address or reference: a name, or an instance key
// (formatted as in addresses: [0], ["a"]).
type step struct {
	name  string
	isKey bool
}

// parseAddress splits "module.a[0].aws_x.y[\"k\"].attr" into its steps; it
// stops at anything it cannot read.
func parseAddress(s string) []step {
	var out []step
	for i := 0; i < len(s); {
		switch s[i] {
		case '.':
			i++
		case '[':
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return out
			}
			k := s[i+1 : i+end]
			if strings.HasPrefix(k, `"`) {
				// a quoted key may hold a ]: find its closing quote
				j := i + 1
				for j++; j < len(s) && s[j] != '"'; j++ {
					if s[j] == '\\' {
						j++
					}
				}
				if j+1 >= len(s) || s[j+1] != ']' {
					return out
				}
				u, err := strconv.Unquote(s[i+1 : j+1])
				if err != nil {
					return out
				}
				out = append(out, step{name: fmt.Sprintf("[%q]", u), isKey: true})
				i = j + 2
				continue
			}
			if _, err := strconv.Atoi(k); err != nil {
				return out
			}
			out = append(out, step{name: "[" + k + "]", isKey: true})
			i += end + 1
		default:
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			out = append(out, step{name: s[i:j]})
			i = j
		}
	}
	return out
}

// traversal turns a reference string node into a traversal positioned at it,
// for references that name a resource (TYPE.NAME) or a module; nil otherwise.
func (p *planReader) traversal(s *jnode) hcl.Traversal {
	if s == nil || s.kind != jString {
		return nil
	}
	steps := parseAddress(s.s)
	if len(steps) < 2 || steps[0].isKey || steps[1].isKey {
		return nil
	}
	switch steps[0].name {
	case "data", "local", "count", "each", "path", "terraform", "self", "var":
		return nil
	}
	rng := p.f.rng(s)
	return hcl.Traversal{hcl.TraverseRoot{Name: steps[0].name, SrcRange: rng}, hcl.TraverseAttr{Name: steps[1].name, SrcRange: rng}}
}

// maxValueDepth bounds the nesting of an attribute value.
const maxValueDepth = 64

// value converts a JSON value into a cty value. An unknown leaf (after_unknown
// true, or absent with references in the configuration) is an unknown value
// marked with the references; a known string equal to another resource's id
// or arn is marked with that resource.
func (p *planReader) value(v, u *jnode, refs []ref, matchIDs bool, self string, depth int) cty.Value {
	unknownVal := func() cty.Value {
		out := cty.DynamicVal
		for _, r := range refs {
			out = out.Mark(r)
		}
		return out
	}
	if u != nil && u.kind == jBool && u.b {
		return unknownVal()
	}
	if v == nil || v.kind == jNull {
		if len(refs) > 0 {
			return unknownVal()
		}
		return cty.NullVal(cty.DynamicPseudoType)
	}
	if depth > maxValueDepth {
		return cty.DynamicVal
	}
	switch v.kind {
	case jString:
		out := cty.StringVal(v.s)
		if r, ok := p.ids[v.s]; ok && matchIDs && r.String() != self {
			out = out.Mark(r)
		}
		return out
	case jNumber:
		n, err := cty.ParseNumberVal(v.s)
		if err != nil {
			return cty.DynamicVal
		}
		return n
	case jBool:
		return cty.BoolVal(v.b)
	case jArray:
		if len(v.vals) == 0 {
			return cty.EmptyTupleVal
		}
		elems := make([]cty.Value, len(v.vals))
		for i, e := range v.vals {
			elems[i] = p.value(e, index(u, i), refs, matchIDs, self, depth+1)
		}
		return cty.TupleVal(elems)
	case jObject:
		m := make(map[string]cty.Value, len(v.keys))
		for i, k := range v.keys {
			m[k] = p.value(v.vals[i], u.get(k), refs, matchIDs, self, depth+1)
		}
		return cty.ObjectVal(m)
	}
	return cty.DynamicVal
}

// jsonExpr stands for an attribute's expression in a plan: it has no source
// text, but a range (the value in the plan, or its expression in the
// configuration section) and the references of its configuration.
type jsonExpr struct {
	rng  hcl.Range
	vars []hcl.Traversal
}

func (e *jsonExpr) Value(*hcl.EvalContext) (cty.Value, hcl.Diagnostics) { return cty.DynamicVal, nil }
func (e *jsonExpr) Variables() []hcl.Traversal                          { return e.vars }
func (e *jsonExpr) Range() hcl.Range                                    { return e.rng }
func (e *jsonExpr) StartRange() hcl.Range                               { return e.rng }
