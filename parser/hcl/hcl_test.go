package hcl

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	hclv2 "github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/graph"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// parse parses one file with a fresh builder and builds the model, as Load does.
func parse(filename string, src []byte) (*graph.Model, hclv2.Diagnostics) {
	b := graph.NewBuilder()
	diags := ParseFile(filename, src, b)
	m, bdiags := b.Build()
	return m, append(diags, bdiags...)
}

// expectation is one diagnostic a fixture expects: "# ERROR: summary" on the line
// where its subject starts ("# WARNING: summary" for a warning).
type expectation struct {
	Line     int
	Severity string
	Summary  string
}

var expectRx = regexp.MustCompile(`#\s*(ERROR|WARNING):\s*(.*?)\s*(?:$|#\s*(?:ERROR|WARNING):)`)

func expectations(t *testing.T, src []byte) []expectation {
	t.Helper()
	var out []expectation
	sc := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		// Several expectations may share a line.
		for {
			m := expectRx.FindStringSubmatchIndex(text)
			if m == nil {
				break
			}
			out = append(out, expectation{line, text[m[2]:m[3]], text[m[4]:m[5]]})
			text = text[m[5]:]
		}
	}
	return out
}

func severityName(s hclv2.DiagnosticSeverity) string {
	if s == hclv2.DiagError {
		return "ERROR"
	}
	return "WARNING"
}

func sortExpectations(es []expectation) {
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Summary < b.Summary
	})
}

// TestFixtures parses each testdata/*.hcl with Build and compares its diagnostics,
// by line and summary, with the file's "# ERROR:" comments: an unexpected
// diagnostic and an unmatched expectation both fail.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.hcl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".hcl"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, diags := parse(file, src)
			var got []expectation
			for _, d := range diags {
				if d.Subject == nil {
					t.Errorf("diagnostic without a subject: %s: %s", d.Summary, d.Detail)
					continue
				}
				if d.Subject.Filename != file {
					t.Errorf("diagnostic in file %q, want %q: %s", d.Subject.Filename, file, d.Summary)
				}
				if d.Detail == "" {
					t.Errorf("%s: %s: no detail", d.Subject, d.Summary)
				}
				got = append(got, expectation{d.Subject.Start.Line, severityName(d.Severity), d.Summary})
			}
			want := expectations(t, src)
			sortExpectations(got)
			sortExpectations(want)
			if diff := cmp.Diff(want, got); diff != "" {
				for _, d := range diags {
					t.Logf("%s: %s: %s", d.Subject, d.Summary, d.Detail)
				}
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGolden dumps the model of each valid fixture, every field, into a golden file.
func TestGolden(t *testing.T) {
	for _, name := range []string{"valid"} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join("testdata", name+".hcl")
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			m, diags := parse(file, src)
			if len(diags) > 0 {
				t.Fatalf("diagnostics in a valid fixture: %s", diags.Error())
			}
			got := dump(m)
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("model of %s differs from %s (-want +got; go test -update rewrites it):\n%s", file, golden, diff)
			}
		})
	}
}

// dump writes every field of m in a deterministic order.
func dump(m *graph.Model) string {
	var sb strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&sb, format+"\n", args...) }
	rng := func(r graph.Range) string {
		return fmt.Sprintf("%s:%d,%d-%d,%d", r.Filename, r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
	}
	for _, id := range m.IDs {
		c := m.Components[id]
		p("component %s", c.ID)
		p("  kind %q source %q group %q range %s", c.Kind, c.Source, c.Group, rng(c.Range))
		p("  replicas %d quorum %d entrypoint %t", c.Replicas, c.Quorum, c.Entrypoint)
		p("  availability %g slo %g capacity %g load %g criticality %q", c.Availability, c.SLO, c.Capacity, c.Load, c.Criticality)
		autoRenew := "unknown"
		if c.AutoRenew != nil {
			autoRenew = fmt.Sprint(*c.AutoRenew)
		}
		expires := "none"
		if !c.Expires.IsZero() {
			expires = c.Expires.Format("2006-01-02T15:04:05Z07:00")
		}
		p("  expires %s auto_renew %s", expires, autoRenew)
		types := make([]string, 0, len(c.Placement))
		for typ := range c.Placement {
			types = append(types, typ)
		}
		sort.Strings(types)
		for _, typ := range types {
			p("  placement %s %q at %s", typ, c.Placement[typ], rng(c.PlacementRange[typ]))
		}
	}
	for _, d := range m.Dependencies {
		p("dependency %s -> %s %s group %d at %s", d.From, d.To, d.Kind, d.Group, rng(d.Range))
		if c := d.Call; c != nil {
			p("  call %q timeout %s has_timeout %t retries %d circuit_breaker %t at %s",
				c.Name, c.Timeout, c.HasTimeout, c.Retries, c.CircuitBreaker, rng(c.Range))
		}
	}
	for i, g := range m.Groups {
		p("group %d %s %q of %q need %d at %s", i, g.Owner, g.Name, g.Of, g.Need, rng(g.Range))
	}
	for _, ref := range m.SortedDomains() {
		d := m.Domains[ref]
		parent := "none"
		if d.Parent != nil {
			parent = d.Parent.String() + " at " + rng(d.ParentRng)
		}
		p("domain %s declared %t at %s parent %s", d.Ref, d.Declared, rng(d.Range), parent)
	}
	p("entrypoints %q declared %t", m.Entrypoints, m.EntrypointsDeclared)
	return sb.String()
}
