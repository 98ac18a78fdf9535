// Package config reads what a team tells faultline about its system and its
// policy: the configuration file .faultline.hcl (entrypoints, criticality, rule
// severities, thresholds, domain availabilities, ignore rules), the ignore
// comments and annotations written in the input itself, and baseline files. It
// applies them around an analysis: before it (entrypoints, thresholds) and after
// it (severities, suppressions, baselines).
package config

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/faultline-dev/faultline/internal/depth"
	"github.com/faultline-dev/faultline/internal/evalbudget"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/parser/kubernetes"
)

// FileName is the configuration file's name.
const FileName = ".faultline.hcl"

// Config is a decoded configuration file. The zero Config (no file) changes nothing.
type Config struct {
	// File is the file it was read from; empty when there is none.
	File string
	// Entrypoints are ID patterns; when set, the components they match are
	// exactly the entrypoints, whatever the input marks.
	Entrypoints []Pattern
	// Criticality maps ID patterns to a criticality recorded on the components.
	Criticality []Criticality
	// Rules are per-rule settings, keyed by rule name.
	Rules map[string]*RuleSetting
	// FailOn is the default of --fail-on; empty when not set.
	FailOn string
	// FailOnWorsened is the default of --fail-on-worsened: whether a finding a
	// baseline (or a diff's base) already has, whose reach grew, counts toward
	// --fail-on like a new one; nil when not set (it does).
	FailOnWorsened *bool
	// Namespace is the default of -n/--namespace: the namespace of Kubernetes
	// objects that name none; empty when not set.
	Namespace string
	// RetryThreshold and CertWarningDays are the analysis thresholds; 0: default.
	RetryThreshold  float64
	CertWarningDays int
	// DomainAvailability overrides the availability of a failure domain, by type.
	DomainAvailability map[string]float64
	// Ignores are the ignore blocks, in file order.
	Ignores []*Ignore
	// Paths are the inputs of a check run without PATH arguments, and Exclude
	// the paths a walk leaves out (gitignore syntax); both are relative to the
	// configuration file's directory.
	Paths   []string
	Exclude []string
	// Units are the unit blocks: the deployment units a walk is split into,
	// said explicitly.
	Units []Unit
	// Clusters are the cluster blocks: which manifests run on which cluster.
	Clusters []Cluster
}

// Unit is a unit block: the files under Paths (gitignore syntax, relative to the
// configuration file's directory) form one deployment, named Name.
type Unit struct {
	Name  string
	Paths []string
	Range hcl.Range
}

// Pattern is a component ID pattern: '*' matches any run of characters (slashes
// included, since Kubernetes IDs hold them), '?' one character.
type Pattern struct {
	Glob  string
	Range hcl.Range
}

// Match reports whether id matches the pattern.
func (p Pattern) Match(id string) bool { return Glob(p.Glob, id) }

// Criticality is one entry of the criticality map.
type Criticality struct {
	Pattern
	Level string
}

// RuleSetting is a rule block.
type RuleSetting struct {
	Name     string            // the rule's name (the block may use its ID)
	Severity analysis.Severity // empty: the rule's own
	Disabled bool
	Range    hcl.Range
}

// Ignore is an ignore block: findings of Rule about components matching
// Component are accepted for Reason, until Expires.
type Ignore struct {
	Rule      string // a rule name, or "*" for every rule
	Component Pattern
	Reason    string
	Expires   time.Time // zero: never
	Range     hcl.Range
}

var rootSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "entrypoints"},
		{Name: "paths"},
		{Name: "exclude"},
		{Name: "criticality"},
		{Name: "fail_on"},
		{Name: "fail_on_worsened"},
		{Name: "domain_availability"},
		{Name: "namespace"},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "rule", LabelNames: []string{"name"}},
		{Type: "thresholds"},
		{Type: "ignore"},
		{Type: "unit", LabelNames: []string{"name"}},
		{Type: "cluster", LabelNames: []string{"id"}},
	},
}

var unitSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "paths", Required: true}}}

var ruleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "severity"}, {Name: "enabled"}}}

var thresholdsSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "retry_amplification"}, {Name: "cert_warning_days"}}}

var ignoreSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "rule", Required: true},
	{Name: "component"},
	{Name: "reason", Required: true},
	{Name: "expires"},
}}

// Find returns the configuration file that applies to path: .faultline.hcl in
// path's directory (path itself when it is a directory) or in the nearest
// ancestor up to the root of the git repository that holds it (a directory
// with a .git entry). Outside a repository only path's own directory is
// looked at: a configuration above the input path (in a parent directory that
// the input did not come with) never applies. It returns "" when there is
// none.
func Find(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	if info, err := os.Stat(abs); err != nil || !info.IsDir() {
		abs = filepath.Dir(abs)
	}
	inRepo := false
	for cur := abs; ; cur = filepath.Dir(cur) {
		if _, err := os.Lstat(filepath.Join(cur, ".git")); err == nil {
			inRepo = true
			break
		}
		if filepath.Dir(cur) == cur {
			break
		}
	}
	for cur := abs; ; {
		cand := filepath.Join(cur, FileName)
		if info, err := os.Lstat(cand); err == nil && !info.IsDir() {
			if rel, err := filepath.Rel(mustWD(), cand); err == nil && !strings.HasPrefix(rel, "..") {
				return rel
			}
			return cand
		}
		if !inRepo {
			return ""
		}
		if _, err := os.Lstat(filepath.Join(cur, ".git")); err == nil {
			return ""
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return ""
		}
		cur = parent
	}
}

func mustWD() string {
	wd, _ := os.Getwd()
	return wd
}

// Load reads and decodes a configuration file. Every problem is a diagnostic at
// its range; what could be decoded is returned with them.
//
// The file is read through boundary.ReadFile: a pull request may replace it with
// a symbolic link, which must not lead out of the repository that holds it.
func Load(file string) (*Config, hcl.Diagnostics) {
	src, err := boundary.ReadFile(file, "")
	if err != nil {
		return &Config{File: file}, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read the configuration file",
			Detail:   fmt.Sprintf("The configuration file %q cannot be read: %s.", file, reason(err)),
		}}
	}
	return Parse(file, src)
}

// Parse decodes a configuration file's contents.
func Parse(file string, src []byte) (*Config, hcl.Diagnostics) {
	c := &Config{File: file, Rules: map[string]*RuleSetting{}, DomainAvailability: map[string]float64{}}
	// A pull request may change the configuration file: the guard against
	// nesting that overflows the parser's stack applies to it too.
	if d := depth.Check(file, src); d != nil {
		return c, hcl.Diagnostics{d}
	}
	f, diags := hclsyntax.ParseConfig(src, file, hcl.InitialPos)
	if diags.HasErrors() {
		return c, diags
	}
	content, ds := f.Body.Content(rootSchema)
	diags = append(diags, ds...)
	d := &decoder{diags: diags, budget: evalbudget.New()}
	if a := content.Attributes["entrypoints"]; a != nil {
		for _, s := range d.strings(a.Expr) {
			c.Entrypoints = append(c.Entrypoints, s)
		}
	}
	for _, attr := range []struct {
		name string
		to   *[]string
	}{{"paths", &c.Paths}, {"exclude", &c.Exclude}} {
		if a := content.Attributes[attr.name]; a != nil {
			for _, s := range d.strings(a.Expr) {
				*attr.to = append(*attr.to, s.Glob)
			}
		}
	}
	if a := content.Attributes["criticality"]; a != nil {
		for _, kv := range d.stringMap(a.Expr) {
			c.Criticality = append(c.Criticality, Criticality{Pattern: Pattern{Glob: kv.key, Range: kv.rng}, Level: kv.value})
		}
	}
	if a := content.Attributes["fail_on"]; a != nil {
		if s, rng, ok := d.str(a.Expr); ok {
			switch s {
			case "error", "warning", "info", "never":
				c.FailOn = s
			default:
				d.errorf(rng, "Invalid fail_on", "fail_on is one of error, warning, info, never; not %q.", s)
			}
		}
	}
	if a := content.Attributes["fail_on_worsened"]; a != nil {
		if v, ok := d.value(a.Expr); ok {
			if v.Type() != cty.Bool {
				d.errorf(a.Expr.Range(), "Invalid fail_on_worsened", "fail_on_worsened is true or false.")
			} else {
				b := v.True()
				c.FailOnWorsened = &b
			}
		}
	}
	if a := content.Attributes["namespace"]; a != nil {
		if s, rng, ok := d.str(a.Expr); ok {
			if kubernetes.ValidNamespace(s) {
				c.Namespace = s
			} else {
				d.errorf(rng, "Invalid namespace", "namespace is a Kubernetes namespace name (lower case letters, digits and '-', at most 63 characters); not %q.", s)
			}
		}
	}
	if a := content.Attributes["domain_availability"]; a != nil {
		for _, kv := range d.numberMap(a.Expr) {
			if kv.value <= 0 || kv.value > 1 {
				d.errorf(kv.rng, "Invalid availability", "The availability of a %s domain must be in (0, 1], like 0.9995; not %g.", kv.key, kv.value)
				continue
			}
			c.DomainAvailability[kv.key] = kv.value
		}
	}
	seenThresholds := false
	for _, b := range content.Blocks {
		switch b.Type {
		case "rule":
			d.rule(c, b)
		case "thresholds":
			if seenThresholds {
				d.errorf(b.DefRange, "Duplicate thresholds block", "Only one thresholds block is allowed.")
				continue
			}
			seenThresholds = true
			d.thresholds(c, b)
		case "ignore":
			d.ignore(c, b)
		case "unit":
			d.unit(c, b)
		case "cluster":
			d.cluster(c, b)
		}
	}
	if diag := d.budget.Diagnostic(); diag != nil {
		d.diags = append(d.diags, diag)
	}
	return c, d.diags
}

// unit decodes a unit block.
func (d *decoder) unit(c *Config, b *hcl.Block) {
	content, diags := b.Body.Content(unitSchema)
	d.diags = append(d.diags, diags...)
	u := Unit{Name: b.Labels[0], Range: b.DefRange}
	if u.Name == "" || strings.ContainsAny(u.Name, ": ") {
		d.errorf(b.LabelRanges[0], "Invalid unit name", "%s", "A unit's name prefixes its components' IDs (name:…); it must be non-empty, without spaces or colons.")
		return
	}
	for _, prev := range c.Units {
		if prev.Name == u.Name {
			d.errorf(b.DefRange, "Duplicate unit", "%s", fmt.Sprintf("A unit %q was already declared at %s.", u.Name, prev.Range))
			return
		}
	}
	if a := content.Attributes["paths"]; a != nil {
		for _, s := range d.strings(a.Expr) {
			u.Paths = append(u.Paths, s.Glob)
		}
	}
	c.Units = append(c.Units, u)
}

// InputPaths returns Paths relative to the current directory.
func (c *Config) InputPaths() []string {
	var out []string
	for _, p := range c.Paths {
		out = append(out, filepath.Join(c.Dir(), filepath.FromSlash(p)))
	}
	return out
}

// Dir is the directory of the configuration file, to which its paths are
// relative; "." when there is no file.
func (c *Config) Dir() string {
	if c.File == "" {
		return "."
	}
	return filepath.Dir(c.File)
}

func (d *decoder) rule(c *Config, b *hcl.Block) {
	name := b.Labels[0]
	a := catalog.Lookup(name)
	if a == nil {
		d.errorf(b.LabelRanges[0], "Unknown rule", "There is no rule %q%s; faultline rules lists them.", name, suggestRule(name))
		return
	}
	if prev := c.Rules[a.Rule.Name]; prev != nil {
		d.errorf(b.DefRange, "Duplicate rule block", "The rule %s was already configured at %s.", a.Rule.Name, prev.Range)
		return
	}
	rs := &RuleSetting{Name: a.Rule.Name, Range: b.DefRange}
	content, ds := b.Body.Content(ruleSchema)
	d.diags = append(d.diags, ds...)
	if attr := content.Attributes["severity"]; attr != nil {
		if s, rng, ok := d.str(attr.Expr); ok {
			if analysis.Severity(s).Rank() == 0 {
				d.errorf(rng, "Invalid severity", "A severity is error, warning or info; not %q.", s)
			} else {
				rs.Severity = analysis.Severity(s)
			}
		}
	}
	if attr := content.Attributes["enabled"]; attr != nil {
		v, ds := evalbudget.Eval(attr.Expr, nil, d.budget)
		d.diags = append(d.diags, ds...)
		if !ds.HasErrors() {
			if v.Type() != cty.Bool || v.IsNull() {
				d.errorf(attr.Expr.Range(), "Invalid enabled", "enabled is true or false.")
			} else {
				rs.Disabled = v.False()
			}
		}
	}
	c.Rules[rs.Name] = rs
}

func (d *decoder) thresholds(c *Config, b *hcl.Block) {
	content, ds := b.Body.Content(thresholdsSchema)
	d.diags = append(d.diags, ds...)
	if a := content.Attributes["retry_amplification"]; a != nil {
		if n, ok := d.number(a.Expr); ok {
			if n < 1 {
				d.errorf(a.Expr.Range(), "Invalid threshold", "retry_amplification is the number of attempts along a call path above which retries are reported: at least 1; not %g.", n)
			} else {
				c.RetryThreshold = n
			}
		}
	}
	if a := content.Attributes["cert_warning_days"]; a != nil {
		if n, ok := d.number(a.Expr); ok {
			if n < 1 || n != math.Trunc(n) || n > 3650 {
				d.errorf(a.Expr.Range(), "Invalid threshold", "cert_warning_days is a whole number of days between 1 and 3650; not %g.", n)
			} else {
				c.CertWarningDays = int(n)
			}
		}
	}
}

func (d *decoder) ignore(c *Config, b *hcl.Block) {
	content, ds := b.Body.Content(ignoreSchema)
	d.diags = append(d.diags, ds...)
	if ds.HasErrors() {
		return
	}
	ig := &Ignore{Range: b.DefRange, Component: Pattern{Glob: "*", Range: b.DefRange}}
	ok := true
	if s, rng, good := d.str(content.Attributes["rule"].Expr); good {
		if s == "*" {
			ig.Rule = s
		} else if a := catalog.Lookup(s); a != nil {
			ig.Rule = a.Rule.Name
		} else {
			d.errorf(rng, "Unknown rule", "There is no rule %q%s; use a rule name or ID, or \"*\" for every rule.", s, suggestRule(s))
			ok = false
		}
	} else {
		ok = false
	}
	if s, rng, good := d.str(content.Attributes["reason"].Expr); good {
		if strings.TrimSpace(s) == "" {
			d.errorf(rng, "Missing reason", "An ignore must say why the findings it accepts are acceptable.")
			ok = false
		}
		ig.Reason = strings.TrimSpace(s)
	} else {
		ok = false
	}
	if a := content.Attributes["component"]; a != nil {
		if s, rng, good := d.str(a.Expr); good {
			ig.Component = Pattern{Glob: s, Range: rng}
		} else {
			ok = false
		}
	}
	if a := content.Attributes["expires"]; a != nil {
		if s, rng, good := d.str(a.Expr); good {
			t, err := time.Parse("2006-01-02", s)
			if err != nil {
				d.errorf(rng, "Invalid expiry date", "expires is a date, YYYY-MM-DD; not %q.", s)
				ok = false
			}
			ig.Expires = t
		} else {
			ok = false
		}
	}
	if ok {
		c.Ignores = append(c.Ignores, ig)
	}
}

// decoder accumulates diagnostics while decoding literal values.
type decoder struct {
	diags hcl.Diagnostics
	// budget bounds evaluation: a pull request may change this file too.
	budget *evalbudget.Budget
}

func (d *decoder) errorf(rng hcl.Range, summary, format string, args ...any) {
	r := rng
	d.diags = append(d.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(format, args...), Subject: &r})
}

func (d *decoder) value(e hcl.Expression) (cty.Value, bool) {
	v, ds := evalbudget.Eval(e, nil, d.budget)
	d.diags = append(d.diags, ds...)
	if ds.HasErrors() {
		return cty.NilVal, false
	}
	if v.IsNull() || !v.IsWhollyKnown() {
		d.errorf(e.Range(), "Invalid value", "A literal value is required here.")
		return cty.NilVal, false
	}
	return v, true
}

func (d *decoder) str(e hcl.Expression) (string, hcl.Range, bool) {
	v, ok := d.value(e)
	if !ok {
		return "", e.Range(), false
	}
	if v.Type() != cty.String {
		d.errorf(e.Range(), "Invalid value", "A string is required here.")
		return "", e.Range(), false
	}
	return v.AsString(), e.Range(), true
}

func (d *decoder) number(e hcl.Expression) (float64, bool) {
	v, ok := d.value(e)
	if !ok {
		return 0, false
	}
	if v.Type() != cty.Number {
		d.errorf(e.Range(), "Invalid value", "A number is required here.")
		return 0, false
	}
	f, _ := v.AsBigFloat().Float64()
	return f, true
}

// strings decodes a list of strings, each with its own range when the list is
// written as a literal.
func (d *decoder) strings(e hcl.Expression) []Pattern {
	if tup, ok := e.(*hclsyntax.TupleConsExpr); ok {
		var out []Pattern
		for _, item := range tup.Exprs {
			if s, rng, ok := d.str(item); ok {
				out = append(out, Pattern{Glob: s, Range: rng})
			}
		}
		return out
	}
	d.errorf(e.Range(), "Invalid value", "A list of strings is required here, like [\"component.api\"].")
	return nil
}

type strKV struct {
	key, value string
	rng        hcl.Range
}

type numKV struct {
	key   string
	value float64
	rng   hcl.Range
}

// objectItems returns the items of an object literal, keys decoded.
func (d *decoder) objectItems(e hcl.Expression) ([]string, []hcl.Expression, []hcl.Range) {
	obj, ok := e.(*hclsyntax.ObjectConsExpr)
	if !ok {
		d.errorf(e.Range(), "Invalid value", "A map is required here, like { \"component.api\" = \"high\" }.")
		return nil, nil, nil
	}
	var keys []string
	var vals []hcl.Expression
	var rngs []hcl.Range
	for _, it := range obj.Items {
		k, ds := evalbudget.Eval(it.KeyExpr, nil, d.budget)
		if ds.HasErrors() || k.IsNull() || k.Type() != cty.String {
			// A bare word key (zone = …) is a traversal: take its name.
			if kw := hcl.ExprAsKeyword(it.KeyExpr); kw != "" {
				keys, vals, rngs = append(keys, kw), append(vals, it.ValueExpr), append(rngs, it.KeyExpr.Range())
				continue
			}
			d.errorf(it.KeyExpr.Range(), "Invalid key", "A map key is a string.")
			continue
		}
		keys, vals, rngs = append(keys, k.AsString()), append(vals, it.ValueExpr), append(rngs, it.KeyExpr.Range())
	}
	return keys, vals, rngs
}

func (d *decoder) stringMap(e hcl.Expression) []strKV {
	keys, vals, rngs := d.objectItems(e)
	var out []strKV
	for i, k := range keys {
		if s, _, ok := d.str(vals[i]); ok {
			out = append(out, strKV{k, s, rngs[i]})
		}
	}
	return out
}

func (d *decoder) numberMap(e hcl.Expression) []numKV {
	keys, vals, rngs := d.objectItems(e)
	var out []numKV
	for i, k := range keys {
		if n, ok := d.number(vals[i]); ok {
			out = append(out, numKV{k, n, rngs[i]})
		}
	}
	return out
}

// suggestRule returns `; did you mean "x"?` for a near miss, or "".
func suggestRule(s string) string {
	best, bestD := "", 3
	for _, a := range catalog.Analyzers() {
		if dd := graph.Levenshtein(strings.ToLower(s), a.Rule.Name, bestD); dd < bestD {
			best, bestD = a.Rule.Name, dd
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// Glob reports whether s matches pattern, where '*' matches any run of
// characters and '?' any one character.
func Glob(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// Analyzers returns the catalog's analyzers less the rules the configuration
// turns off.
func (c *Config) Analyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, a := range catalog.Analyzers() {
		if rs := c.Rules[a.Rule.Name]; rs != nil && rs.Disabled {
			continue
		}
		out = append(out, a)
	}
	return out
}

// Options sets the configured thresholds on opts.
func (c *Config) Options(opts analysis.Options) analysis.Options {
	if c.RetryThreshold > 0 {
		opts.RetryThreshold = c.RetryThreshold
	}
	if c.CertWarningDays > 0 {
		opts.CertWarningDays = c.CertWarningDays
	}
	return opts
}

// ApplyModel applies the configuration to a loaded model before analysis: the
// entrypoints and the criticality. A pattern that matches no component is a
// warning at its range.
func (c *Config) ApplyModel(m *graph.Model) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if m == nil {
		return nil
	}
	if len(c.Entrypoints) > 0 {
		used := make([]bool, len(c.Entrypoints))
		n := m.SetEntrypoints(func(id string) bool {
			hit := false
			for i, p := range c.Entrypoints {
				if p.Match(id) {
					used[i], hit = true, true
				}
			}
			return hit
		})
		for i, p := range c.Entrypoints {
			if !used[i] {
				diags = append(diags, warning(p.Range, "Entrypoint matches no component",
					fmt.Sprintf("No component ID matches %q.", p.Glob)))
			}
		}
		if n == 0 {
			diags = append(diags, warning(c.Entrypoints[0].Range, "No entrypoint",
				"No component matches the configured entrypoints; the entrypoints of the input are kept."))
		}
	}
	for _, cr := range c.Criticality {
		hit := false
		for _, id := range m.IDs {
			if cr.Match(id) {
				m.Components[id].Criticality = cr.Level
				hit = true
			}
		}
		if !hit {
			diags = append(diags, warning(cr.Range, "Criticality matches no component",
				fmt.Sprintf("No component ID matches %q.", cr.Glob)))
		}
	}
	return diags
}

// ApplySeverities applies the configured rule severities to findings.
func (c *Config) ApplySeverities(fs []analysis.Finding) {
	for i := range fs {
		if rs := c.Rules[fs[i].Rule]; rs != nil && rs.Severity != "" {
			fs[i].Severity = rs.Severity
		}
	}
}

func warning(rng hcl.Range, summary, detail string) *hcl.Diagnostic {
	r := rng
	return &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail, Subject: &r}
}

func reason(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
