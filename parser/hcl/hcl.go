// Package hcl reads faultline's native architecture format (docs/native-format.md), HCL files of
// component and domain blocks, into a graph.Builder.
//
// Decoding is schema-driven and keeps going: a bad attribute is a diagnostic at its
// range and the rest of its component, and the other components of the file, are
// still added. References are static traversals (component.db), checked for their
// shape here and resolved by the Builder, which may see them declared in another file.
package hcl

import (
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/internal/depth"
	"github.com/faultline-dev/faultline/internal/evalbudget"
	"github.com/faultline-dev/faultline/internal/hclrange"
	hclv2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/faultline-dev/faultline/graph"
)

// Source is the value of graph.Component.Source for components read by this package.
const Source = "hcl"

var fileSchema = &hclv2.BodySchema{
	Blocks: []hclv2.BlockHeaderSchema{
		{Type: "component", LabelNames: []string{"name"}},
		{Type: "domain", LabelNames: []string{"type", "name"}},
	},
}

var domainSchema = &hclv2.BodySchema{
	Attributes: []hclv2.AttributeSchema{{Name: "parent"}},
}

// ParseFile parses one native-format file and adds its components, domains,
// dependencies, requires-any groups and calls to b. It returns every problem it
// finds as a diagnostic and adds what it could read; references to undeclared
// components are reported later, by b.Build.
func ParseFile(filename string, src []byte, b *graph.Builder) hclv2.Diagnostics {
	return Prepare(filename, src).Decode(b)
}

// Prepared is a file that has been checked, parsed and decoded but not yet added
// to a builder. Prepare is safe to call from several goroutines at once (one file
// each), so that a loader can parse and decode files in parallel and add them to
// its builder in order, which only replays what Prepare recorded. Decode
// hands the builder the components and dependencies themselves, not copies:
// a Prepared is decoded into one builder.
type Prepared struct {
	// Foreign names the tool whose file this is when it is HCL but not
	// faultline's format (Terragrunt, Packer, …; "HCL" when no tool is
	// recognised): it holds no component or domain block. It is still decoded
	// as faultline's, for a file named explicitly.
	Foreign string
	src     []byte
	diags   hclv2.Diagnostics // the file's own diagnostics, in the order found
	ops     []op              // what to add to the builder, each at its place in diags
}

// Prepare checks, parses and decodes one file. The syntax tree is dropped: a
// Prepared holds only the components and domains read from it.
func Prepare(filename string, src []byte) *Prepared {
	if diag := boundary.CheckText(filename, src); diag != nil {
		return &Prepared{src: src, diags: hclv2.Diagnostics{diag}}
	}
	if diag := depth.Check(filename, src); diag != nil {
		return &Prepared{src: src, diags: hclv2.Diagnostics{diag}}
	}
	if p := preparePieces(filename, src); p != nil {
		return p
	}
	return prepareWhole(filename, src)
}

// prepareWhole parses and decodes src as one piece.
func prepareWhole(filename string, src []byte) *Prepared {
	var body hclv2.Body
	var diags hclv2.Diagnostics
	if fast := fastParse(filename, src); fast != nil {
		body = fast
	} else {
		file, pdiags := hclsyntax.ParseConfig(src, filename, hclv2.InitialPos)
		if file == nil || file.Body == nil {
			return &Prepared{src: src, diags: pdiags}
		}
		body, diags = file.Body, pdiags
	}
	foreignTool := ""
	if sb, ok := body.(*hclsyntax.Body); ok {
		if tool := foreign(filename, sb); tool != "" && !(diags.HasErrors() && declaresNative(src)) {
			foreignTool = tool
		} else if tool == "" && diags.HasErrors() && !declaresNative(src) {
			// It does not parse as HCL 2 (HCL 1's quoted argument names,
			// `"advertise" = {…}`, in a Nomad or Consul agent file) and
			// declares no component or domain: not faultline's.
			foreignTool = "HCL"
		}
	}
	d := &decoder{diags: diags, budget: evalbudget.New()}
	for _, diag := range diags {
		if diag.Severity == hclv2.DiagError && diag.Subject != nil {
			d.syntaxErrors = append(d.syntaxErrors, *diag.Subject)
		}
	}
	content, cdiags := bodyContent(body, fileSchema)
	d.diags = append(d.diags, cdiags...)
	d.blocks(content.Blocks)
	if diag := d.budget.Diagnostic(); diag != nil {
		d.diags = append(d.diags, diag)
	}
	return &Prepared{src: src, diags: d.diags, ops: d.ops, Foreign: foreignTool}
}

// declaresNative reports whether src, which has syntax errors, seems to open a
// component or domain block on a line of its own: a native file with a mistake
// in it, whose errors are ours to report.
func declaresNative(src []byte) bool {
	for line := range strings.Lines(string(src)) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "component ") || strings.HasPrefix(line, "domain ") {
			return true
		}
	}
	return false
}

// Decode adds the prepared file's components and domains to b, and returns the
// file's diagnostics with the builder's (a duplicate declaration) in their place.
func (p *Prepared) Decode(b *graph.Builder) hclv2.Diagnostics {
	var out hclv2.Diagnostics
	deps := 0
	for _, o := range p.ops {
		if c, ok := o.(*componentOp); ok {
			deps += len(c.deps)
		}
	}
	b.GrowDependencies(deps)
	next := 0
	for _, o := range p.ops {
		out = append(out, p.diags[next:o.at()]...)
		next = o.at()
		out = append(out, o.apply(b)...)
	}
	out = append(out, p.diags[next:]...)
	return hclrange.Clamp(out, len(p.src))
}

// decoder carries the builder and the diagnostics accumulated for one file.
type decoder struct {
	diags hclv2.Diagnostics
	ops   []op
	// syntaxErrors are the ranges of the parser's errors. The parser recovers with
	// placeholder expressions, whose diagnostics would only repeat them.
	syntaxErrors []hclv2.Range
	// budget bounds the evaluation of the file's expressions: nested for
	// expressions and %{for} templates of a kilobyte can ask for billions
	// of iterations (internal/evalbudget).
	budget *evalbudget.Budget
}

// eval evaluates e, without variables or functions, under the file's budget.
func (d *decoder) eval(e hclv2.Expression) (cty.Value, hclv2.Diagnostics) {
	return evalbudget.Eval(e, nil, d.budget)
}

// broken reports whether a syntax error lies within rng, or rng is itself the
// malformed range of an expression that the parser recovered from.
func (d *decoder) broken(rng hclv2.Range) bool {
	if len(d.syntaxErrors) > 0 && rng.End.Byte < rng.Start.Byte {
		return true
	}
	for _, r := range d.syntaxErrors {
		if r.Start.Byte <= rng.End.Byte && rng.Start.Byte <= r.End.Byte {
			return true
		}
	}
	return false
}

// errorf adds an error at subject, unless a syntax error there already explains it.
func (d *decoder) errorf(subject hclv2.Range, summary, format string, args ...any) {
	if d.broken(subject) {
		return
	}
	d.diags = append(d.diags, &hclv2.Diagnostic{
		Severity: hclv2.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(format, args...),
		Subject:  subject.Ptr(),
	})
}

func (d *decoder) domain(block *hclv2.Block) {
	typ, name := block.Labels[0], block.Labels[1]
	ok := true
	if !validIdentifier(typ) {
		d.errorf(block.LabelRanges[0], "Invalid domain type",
			"A domain type must be a valid identifier, like zone, region or host, so that a placement can name it; %q is not.", typ)
		ok = false
	}
	if name == "" {
		d.errorf(block.LabelRanges[1], "Invalid domain name", "A domain name must not be empty.")
		ok = false
	}
	content, diags := bodyContent(block.Body, domainSchema)
	d.diags = append(d.diags, diags...)

	dom := graph.Domain{Ref: graph.DomainRef{Type: typ, Name: name}, Range: block.DefRange}
	if attr := content.get("parent"); attr != nil {
		if s, set := d.str(attr); set {
			if p, valid := parseParent(s); valid {
				dom.Parent = &p
				dom.ParentRng = attr.Expr.Range()
			} else {
				d.errorf(attr.Expr.Range(), "Invalid parent",
					`The parent must name a domain as "TYPE.NAME", like "region.us-east-1"; %q does not.`, s)
			}
		}
	}
	if ok {
		d.record(&domainOp{dom: dom})
	}
}

// parseParent parses a parent domain written TYPE.NAME. The type is an identifier,
// which has no dot, so the name may have some (a host name).
func parseParent(s string) (graph.DomainRef, bool) {
	typ, name, ok := strings.Cut(s, ".")
	if !ok || !validIdentifier(typ) || name == "" {
		return graph.DomainRef{}, false
	}
	return graph.DomainRef{Type: typ, Name: name}, true
}

// blocks decodes a file's top-level blocks (the whole file, or one piece of a
// large file that split.go cut at block boundaries).
func (d *decoder) blocks(blocks hclv2.Blocks) {
	for _, block := range blocks {
		switch block.Type {
		case "component":
			d.component(block)
		case "domain":
			d.domain(block)
		}
	}
}
