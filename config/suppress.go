package config

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/parser"
)

// Directive is the comment marker of an in-source ignore:
//
//	# faultline:ignore RULE[,RULE...] reason
//
// in a '#' or '//' comment, on the line of a finding or of the declaration of
// its component, or in the comment block directly above it. In a YAML document,
// a directive among the comments that open the document covers the whole
// document. RULE is a rule name or ID.
const Directive = "faultline:ignore"

// AnnotationKey is the Kubernetes annotation that ignores findings about the
// annotated object: "RULE[,RULE...] reason", one ignore per line.
const AnnotationKey = "faultline.dev/ignore"

// sourceIgnore is a directive found in a source file, or an annotation.
type sourceIgnore struct {
	kind     string // "comment" or "annotation"
	rules    []string
	reason   string
	rng      hcl.Range
	from, to int    // the lines it covers, in rng.Filename
	comp     string // for annotations: the component it belongs to
	used     bool
}

// Suppressor matches findings with the ignores of one run.
type Suppressor struct {
	// Now decides which ignore blocks have expired.
	Now     time.Time
	conf    *Config
	sources map[string][]*sourceIgnore // by file
	// model holds the components, whose declarations a directive may
	// cover: looked up for the findings only when some file has a
	// directive, not copied into a map of every component.
	model   *graph.Model
	annots  map[string][]*sourceIgnore // component ID -> annotations
	all     []*sourceIgnore
	confUse []bool
	diags   hcl.Diagnostics
}

// NewSuppressor scans the files that were read for ignore directives, in the
// bytes the loader read (src, from its boundary.Reader: the scan never opens a
// file, so it reads nothing the loader refused and nothing changed since),
// and collects the ignore annotations of the model's components. Malformed
// directives (no reason, an unknown rule) are error diagnostics.
func NewSuppressor(conf *Config, m *graph.Model, files []string, src map[string][]byte, now time.Time) *Suppressor {
	if conf == nil {
		conf = &Config{}
	}
	s := &Suppressor{Now: now, conf: conf, sources: map[string][]*sourceIgnore{}, model: m,
		annots: map[string][]*sourceIgnore{}, confUse: make([]bool, len(conf.Ignores))}
	for _, f := range files {
		b, ok := src[f]
		if !ok {
			continue // not read: the loader reported why
		}
		for _, ig := range s.scan(f, b) {
			s.sources[f] = append(s.sources[f], ig)
			s.all = append(s.all, ig)
		}
	}
	if m != nil {
		for _, id := range m.IDs {
			c := m.Components[id]
			for _, ig := range c.Ignores {
				rules, reason, ok := s.parse(strings.TrimSpace(ig.Rule+" "+ig.Reason), ig.Range, "annotation "+AnnotationKey)
				if !ok {
					continue
				}
				si := &sourceIgnore{kind: "annotation", rules: rules, reason: reason, rng: ig.Range, comp: id}
				s.annots[id] = append(s.annots[id], si)
				s.all = append(s.all, si)
			}
		}
	}
	return s
}

// scan finds the directives of one file.
func (s *Suppressor) scan(file string, src []byte) []*sourceIgnore {
	if !bytes.Contains(src, []byte(Directive)) {
		return nil
	}
	lines := strings.Split(string(src), "\n")
	// Standard input is read as Kubernetes YAML.
	yaml := strings.HasSuffix(file, ".yaml") || strings.HasSuffix(file, ".yml") || file == parser.StdinName
	var out []*sourceIgnore
	for i, line := range lines {
		at := strings.Index(line, Directive)
		if at < 0 {
			continue
		}
		before := strings.TrimRight(line[:at], " \t")
		wholeLine := isComment(strings.TrimSpace(line))
		if !strings.HasSuffix(before, "#") && !strings.HasSuffix(before, "//") {
			continue // not the start of a comment: a string, or prose
		}
		text := strings.TrimRight(line[at+len(Directive):], " \t\r")
		if text != "" && text[0] != ' ' && text[0] != '\t' {
			continue // faultline:ignored, faultline:ignore-foo: not ours
		}
		rng := hcl.Range{Filename: file,
			Start: hcl.Pos{Line: i + 1, Column: at + 1, Byte: -1},
			End:   hcl.Pos{Line: i + 1, Column: len(strings.TrimRight(line, " \t\r")) + 1, Byte: -1}}
		rules, reason, ok := s.parse(text, rng, "faultline:ignore")
		if !ok {
			continue
		}
		ig := &sourceIgnore{kind: "comment", rules: rules, reason: reason, rng: rng, from: i + 1, to: i + 1}
		if wholeLine {
			// The comment block ends at the first line that is not a comment;
			// the directive covers that line (the declaration under it).
			j := i + 1
			for j < len(lines) && isComment(strings.TrimSpace(lines[j])) {
				j++
			}
			if j < len(lines) && strings.TrimSpace(lines[j]) != "" {
				ig.to = j + 1
			}
			if yaml {
				if start, end, ok := yamlDocumentHead(lines, i); ok {
					ig.from, ig.to = start, end
				}
			}
		}
		out = append(out, ig)
	}
	return out
}

// isComment reports whether a trimmed line is a whole-line comment.
func isComment(t string) bool { return strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") }

// yamlDocumentHead reports whether line i is among the comments that open a
// YAML document (before its first content line) and returns the document's
// lines, 1-based and inclusive.
func yamlDocumentHead(lines []string, i int) (int, int, bool) {
	start := 0
	for j := i - 1; j >= 0; j-- {
		t := strings.TrimSpace(lines[j])
		if strings.HasPrefix(t, "---") {
			start = j + 1
			break
		}
		if t != "" && !isComment(t) {
			return 0, 0, false // content above: not the document's head
		}
	}
	end := len(lines)
	for j := i + 1; j < len(lines); j++ {
		if strings.HasPrefix(strings.TrimSpace(lines[j]), "---") {
			end = j
			break
		}
	}
	return start + 1, end, true
}

// parse reads "RULE[,RULE...] reason"; a missing reason or an unknown rule is
// an error diagnostic.
func (s *Suppressor) parse(text string, rng hcl.Range, what string) ([]string, string, bool) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		s.errorf(rng, "Malformed ignore", "%s needs a rule and a reason: %s RULE reason.", what, Directive)
		return nil, "", false
	}
	var rules []string
	for _, r := range strings.Split(fields[0], ",") {
		if r == "" {
			continue
		}
		a := catalog.Lookup(r)
		if a == nil {
			s.errorf(rng, "Unknown rule in ignore", "%s names %q, which is no rule%s.", what, r, suggestRule(r))
			return nil, "", false
		}
		rules = append(rules, a.Rule.Name)
	}
	reason := strings.TrimSpace(strings.Join(fields[1:], " "))
	reason = strings.TrimSpace(strings.TrimSuffix(reason, "*/"))
	if reason == "" {
		s.errorf(rng, "Ignore without a reason", "%s %s says which findings to accept but not why: add the reason after the rule.", what, fields[0])
		return nil, "", false
	}
	return rules, reason, true
}

func (s *Suppressor) errorf(rng hcl.Range, summary, format string, args ...any) {
	r := rng
	s.diags = append(s.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(format, args...), Subject: &r})
}

func has(rules []string, rule string) bool {
	for _, r := range rules {
		if r == rule {
			return true
		}
	}
	return false
}

// Apply marks the findings that an ignore accepts (Finding.Suppressed). In-source
// ignores come first, then the configuration's ignore blocks; every ignore that
// matches a finding counts as used, even when an earlier one suppressed it.
func (s *Suppressor) Apply(fs []analysis.Finding) {
	for i := range fs {
		f := &fs[i]
		var first *analysis.Suppression
		take := func(kind, reason string, rng hcl.Range) {
			if first == nil {
				l := analysis.LocationOf(rng)
				first = &analysis.Suppression{Kind: kind, Reason: reason, Location: &l}
			}
		}
		for _, ig := range s.sourcesFor(f) {
			if has(ig.rules, f.Rule) {
				ig.used = true
				take(ig.kind, ig.reason, ig.rng)
			}
		}
		for _, ig := range s.annots[f.Component] {
			if has(ig.rules, f.Rule) {
				ig.used = true
				take(ig.kind, ig.reason, ig.rng)
			}
		}
		for j, ig := range s.conf.Ignores {
			if (ig.Rule == "*" || ig.Rule == f.Rule) && ig.Component.Match(f.Component) {
				s.confUse[j] = true
				if ig.Expires.IsZero() || s.Now.Before(ig.Expires.AddDate(0, 0, 1)) {
					take("config", ig.Reason, ig.Range)
				}
			}
		}
		if f.Suppressed == nil {
			f.Suppressed = first
		}
	}
}

// sourcesFor returns the comment directives that cover the finding's line or
// the declaration of its component.
func (s *Suppressor) sourcesFor(f *analysis.Finding) []*sourceIgnore {
	if len(s.sources) == 0 {
		return nil // no file has a directive
	}
	var out []*sourceIgnore
	covers := func(file string, line int) {
		for _, ig := range s.sources[file] {
			if ig.from <= line && line <= ig.to {
				out = append(out, ig)
			}
		}
	}
	covers(f.Location.File, f.Location.Line)
	if c := s.component(f.Component); c != nil {
		if r := c.Range; r.Filename != f.Location.File || r.Start.Line != f.Location.Line {
			covers(r.Filename, r.Start.Line)
		}
	}
	if len(out) < 2 {
		return out
	}
	// A directive listed twice (it covers both lines) counts once.
	seen := map[*sourceIgnore]bool{}
	uniq := out[:0]
	for _, ig := range out {
		if !seen[ig] {
			seen[ig] = true
			uniq = append(uniq, ig)
		}
	}
	return uniq
}

// component returns the model's component id, or nil.
func (s *Suppressor) component(id string) *graph.Component {
	if s.model == nil {
		return nil
	}
	return s.model.Components[id]
}

// Diagnostics returns the malformed directives, then (after Apply) a warning
// for every ignore that matched no finding and every expired ignore block.
func (s *Suppressor) Diagnostics() hcl.Diagnostics {
	diags := append(hcl.Diagnostics(nil), s.diags...)
	for _, ig := range s.all {
		if !ig.used {
			r := ig.rng
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Unused ignore",
				Detail: fmt.Sprintf("No %s finding matches this ignore; remove it.", strings.Join(ig.rules, " or ")), Subject: &r})
		}
	}
	for j, ig := range s.conf.Ignores {
		r := ig.Range
		switch {
		case !ig.Expires.IsZero() && !s.Now.Before(ig.Expires.AddDate(0, 0, 1)):
			what := "it matches no finding"
			if s.confUse[j] {
				what = "the findings it matched are reported again"
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Expired ignore",
				Detail: fmt.Sprintf("This ignore expired on %s: %s. Fix them, or renew it with a new date.", ig.Expires.Format("2006-01-02"), what), Subject: &r})
		case !s.confUse[j]:
			rule := ig.Rule
			if rule == "*" {
				rule = "rule's"
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Unused ignore",
				Detail: fmt.Sprintf("No %s finding about a component matching %q; remove it.", rule, ig.Component.Glob), Subject: &r})
		}
	}
	return diags
}
