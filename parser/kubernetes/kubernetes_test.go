package kubernetes

import (
	"bufio"
	"bytes"
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
	"github.com/faultline-dev/faultline/internal/golden"
)

// parse reads one file with a fresh builder and builds the model, as Load does.
func build(filename string, src []byte, strict bool) (*graph.Model, hclv2.Diagnostics) {
	b := graph.NewBuilder()
	var diags hclv2.Diagnostics
	if strict {
		diags = ParseStream(filename, src, b)
	} else {
		diags = ParseFile(filename, src, b)
	}
	m, bdiags := b.Build()
	return m, append(diags, bdiags...)
}

type expectation struct {
	Line     int
	Severity string
	Summary  string
}

var expectRx = regexp.MustCompile(`#\s*(ERROR|WARNING):\s*(.*?)\s*$`)

func expectations(src []byte) []expectation {
	var out []expectation
	sc := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; sc.Scan(); line++ {
		if m := expectRx.FindStringSubmatch(sc.Text()); m != nil {
			out = append(out, expectation{line, m[1], m[2]})
		}
	}
	return out
}

func sortExpectations(es []expectation) {
	sort.Slice(es, func(i, j int) bool {
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return es[i].Summary < es[j].Summary
	})
}

// TestFixtures reads each testdata/*.yaml and compares its diagnostics, by line,
// severity and summary, with the file's "# ERROR:" and "# WARNING:" comments.
func TestFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, diags := build(file, src, false)
			var got []expectation
			for _, d := range diags {
				if d.Subject == nil || d.Subject.Filename != file || d.Subject.Start.Line < 1 || d.Subject.Start.Column < 1 {
					t.Errorf("diagnostic without a position in %s: %s: %s", file, d.Summary, d.Detail)
					continue
				}
				sev := "ERROR"
				if d.Severity == hclv2.DiagWarning {
					sev = "WARNING"
				}
				got = append(got, expectation{d.Subject.Start.Line, sev, d.Summary})
			}
			want := expectations(src)
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

// The good documents around the broken ones are all read.
func TestBrokenDocumentsHideNothing(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "bad.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := build("bad.yaml", src, false)
	for _, id := range []string{"k8s/Service/default/before", "k8s/Service/default/after", "k8s/Deployment/default/web", "k8s/Ingress/default/in"} {
		if m.Component(id) == nil {
			t.Errorf("%s was not read; have %q", id, m.IDs)
		}
	}
}

// TestGolden dumps the model of the shop fixture, every field that the
// manifests set, into a golden file.
func TestGolden(t *testing.T) {
	file := filepath.Join("testdata", "shop.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m, diags := build(file, src, false)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", diags.Error())
	}
	golden.Check(t, filepath.Join("testdata", "shop.golden"), []byte(dump(m)))
}

func dump(m *graph.Model) string {
	var sb strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&sb, format+"\n", args...) }
	rng := func(r graph.Range) string {
		return fmt.Sprintf("%d,%d-%d,%d", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
	}
	for _, id := range m.IDs {
		c := m.Components[id]
		p("component %s kind %s at %s", c.ID, c.Kind, rng(c.Range))
		p("  replicas %d quorum %d entrypoint %t group %s", c.Replicas, c.Quorum, c.Entrypoint, c.Group)
		types := make([]string, 0, len(c.Placement))
		for typ := range c.Placement {
			types = append(types, typ)
		}
		sort.Strings(types)
		for _, typ := range types {
			p("  placement %s %q at %s", typ, c.Placement[typ], rng(c.PlacementRange[typ]))
		}
		if len(c.UnknownPlacement) > 0 {
			p("  unknown placement %q", c.UnknownPlacement)
		}
		for _, u := range c.Unknowns {
			p("  unknown: %s", u)
		}
	}
	for _, d := range m.Dependencies {
		p("%s -> %s %s at %s", d.From, d.To, d.Kind, rng(d.Range))
		if c := d.Call; c != nil {
			p("  call timeout %s (%t) retries %d circuit breaker %t at %s", c.Timeout, c.HasTimeout, c.Retries, c.CircuitBreaker, rng(c.Range))
		}
	}
	for _, g := range m.Groups {
		p("group %s %q of %q need %d", g.Owner, g.Name, g.Of, g.Need)
	}
	p("entrypoints %q", m.Entrypoints)
	return sb.String()
}

func TestIsObjectShape(t *testing.T) {
	for _, c := range []struct {
		apiVersion, kind string
		want             bool
	}{
		{"v1", "Service", true},
		{"apps/v1", "Deployment", true},
		{"autoscaling/v2beta2", "HorizontalPodAutoscaler", true},
		{"networking.k8s.io/v1", "Ingress", true},
		{"monitoring.coreos.com/v1alpha1", "AlertmanagerConfig", true},
		{"v1", "List", true},
		{"kustomize.config.k8s.io/v1beta1", "Kustomization", false},
		{"kubescheduler.config.k8s.io/v1", "KubeSchedulerConfiguration", false},
		{"skaffold/v4beta6", "Config", false},
		{"v2", "Chart", false},
		{"apps/v1", "deployment", false},
		{"apps/1", "Deployment", false},
		{"apps/v01", "Deployment", false},
		{"Apps.io/v1", "Thing", false},
		{"example.com/v1gamma1", "Thing", false},
		{"", "Deployment", false},
	} {
		if got := IsObjectShape(c.apiVersion, c.kind); got != c.want {
			t.Errorf("IsObjectShape(%q, %q) = %t, want %t", c.apiVersion, c.kind, got, c.want)
		}
	}
}

// An object whose name is an unfilled placeholder — a Helm action or an
// envsubst ${…} — is skipped with a warning at the name, not read as a
// component named "${APP_NAME}"; the objects around it are read.
func TestUnrenderedNames(t *testing.T) {
	src := []byte(`apiVersion: v1
kind: Service
metadata:
  name: "{{ .Values.name }}"
spec:
  selector: {app: x}
---
apiVersion: v1
kind: Service
metadata:
  name: ${APP_NAME}
spec:
  selector:
    app: ${APP_NAME}
---
apiVersion: v1
kind: Service
metadata:
  name: plain
spec:
  selector: {app: plain}
`)
	m, diags := build("svc.yaml", src, false)
	var got []string
	for _, d := range diags {
		if d.Summary == "Unrendered template" {
			got = append(got, fmt.Sprintf("%d:%d", d.Subject.Start.Line, d.Subject.Start.Column))
		}
	}
	if diff := cmp.Diff([]string{"4:9", "11:9"}, got); diff != "" {
		t.Errorf("Unrendered template warnings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"k8s/Service/default/plain"}, m.IDs); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
}
