package terraform_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/golden"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/parser/terraform"
)

// TestPlans pins what faultline finds in the plan and state documents of
// testdata/plan (terraform show -json, written by hand in its format).
func TestPlans(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		// An existing network with one NAT gateway, a web tier being added:
		// the NAT gateway is known to sit in subnet-pub0 (us-east-1a).
		{"nat-single.json", []string{"spof aws_nat_gateway.this instance of aws_nat_gateway.this nat-single.json:153"}},
		// One NAT gateway per zone being created in a module: no finding.
		{"nat-per-az.json", nil},
		// States: a single-AZ database behind an auto scaling group in two zones.
		{"rds-single-az.json", []string{"spof aws_db_instance.main instance of aws_db_instance.main rds-single-az.json:80"}},
		{"rds-multi-az.json", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, diags := check(t, []string{filepath.Join("testdata/plan", tt.file)}, parser.Options{})
			if len(diags) > 0 {
				t.Errorf("diagnostics: %v", diags)
			}
			if diff := cmp.Diff(tt.want, keep(got, "spof", "shared-domain", "common-dependency", "unknown-placement", "dependency-cycle")); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// describe prints a model: components with replicas and placement, edges with
// the position of the reference that made them.
func describe(m *graph.Model) string {
	var b strings.Builder
	for _, id := range m.IDs {
		c := m.Components[id]
		fmt.Fprintf(&b, "%s kind=%s replicas=%d entry=%v zone=%v subnet=%v at=%d:%d unknowns=%q\n", id, c.Kind, c.Replicas, c.Entrypoint,
			c.Placement["zone"], c.Placement["subnet"], c.Range.Start.Line, c.Range.Start.Column, c.Unknowns)
	}
	for _, d := range m.Dependencies {
		fmt.Fprintf(&b, "%s -> %s %s %s:%d:%d\n", d.From, d.To, d.Kind, filepath.Base(d.Range.Filename), d.Range.Start.Line, d.Range.Start.Column)
	}
	return b.String()
}

// TestPlanGraph pins the graph of each document: IDs, replicas, zones and
// subnets, edges and the positions they point at.
func TestPlanGraph(t *testing.T) {
	files, _ := filepath.Glob("testdata/plan/*.json")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			m, diags, read := parser.Load([]string{f})
			if len(diags) > 0 {
				t.Errorf("diagnostics: %v", diags)
			}
			if diff := cmp.Diff([]string{f}, read); diff != "" {
				t.Errorf("files read (-want +got):\n%s", diff)
			}
			golden.Check(t, strings.TrimSuffix(f, ".json")+".golden", []byte(describe(m)))
		})
	}
}

// TestPlanSameAsConfiguration reads a plan next to the configuration it came
// from: each is a root of its own, so that their IDs are prefixed and do not clash.
func TestPlanSameAsConfiguration(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/plan/rds-single-az.json")
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.WriteFile(filepath.Join(dir, "plan.json"), src, 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte("resource \"aws_db_instance\" \"main\" {}\n"), 0o644))
	// A Kubernetes manifest in JSON beside them is still a manifest.
	must(t, os.WriteFile(filepath.Join(dir, "svc.json"), []byte(`{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}}`), 0o644))
	m, diags, read := parser.Load([]string{dir})
	if e := errorsOf(diags); len(e) > 0 {
		t.Errorf("diagnostics: %v", e)
	}
	// The root module in the input directory itself is named by the directory.
	for _, id := range []string{filepath.Base(dir) + ":aws_db_instance.main", "plan.json:aws_db_instance.main", "k8s/Service/default/web"} {
		if m.Component(id) == nil {
			t.Errorf("no component %s; have %v", id, m.IDs)
		}
	}
	if len(read) != 3 {
		t.Errorf("files read: %v", read)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestPlanDiagnostics: bad documents are diagnostics at their position; what
// can be read still is.
func TestPlanDiagnostics(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // "line:column: summary"
		comps     []string
	}{
		{"syntax", "{\"format_version\": \"1.0\",\n \"values\": {\"root_module\": {\"resources\": [}}}", []string{"2:43: Invalid JSON"}, nil},
		{"truncated", "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {", []string{"1:54: Invalid JSON"}, nil},
		{"version", `{"format_version": "2.0", "values": {"root_module": {}}}`, []string{"1:20: Unsupported plan format version"}, nil},
		{"types", `{"format_version": "1.0", "values": {"root_module": {"resources": [
  {"mode": "managed", "type": "aws_db_instance", "name": "a", "values": {"multi_az": true}},
  {"mode": "managed", "type": "aws_db_instance", "values": {}},
  {"mode": "managed", "type": "aws_db_instance", "name": "a", "values": {}},
  {"mode": "managed", "type": "aws_db_instance", "name": "b", "index": true, "values": {}},
  "aws_db_instance.c"
], "child_modules": {}}}}`, []string{
			"3:3: Invalid resource in plan",
			"4:3: Duplicate resource instance",
			"5:72: Invalid plan JSON",
			"6:3: Invalid plan JSON",
			"7:21: Invalid plan JSON",
		}, []string{"aws_db_instance.a"}},
		{"deep", `{"format_version": "1.0", "values": {"root_module": {"resources": [{"type": "aws_s3_bucket", "name": "x", "values": {"a":` +
			strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}}]}}}`, []string{"1:628: Invalid JSON"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := graph.NewBuilder()
			diags := terraform.ParsePlan("plan.json", []byte(tt.src), b)
			var got []string
			for _, d := range diags {
				if d.Severity != hcl.DiagError {
					continue
				}
				if d.Subject == nil || d.Subject.Filename != "plan.json" {
					t.Errorf("diagnostic without a position: %s", d.Error())
					continue
				}
				got = append(got, fmt.Sprintf("%d:%d: %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Summary))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s\n%v", diff, diags)
			}
			m, _ := b.Build()
			if diff := cmp.Diff(tt.comps, m.IDs); diff != "" {
				t.Errorf("components (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIsPlan(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{`{"format_version":"1.2","planned_values":{"root_module":{}}}`, true},
		{`{"format_version":"1.0","terraform_version":"1.9.8","values":{"outputs":{},"root_module":{"resources":[]}}}`, true},
		{`  {"format_version":"1.0","values":{"root_module":{"resources":[`, true}, // broken: the reader says where
		{`{"apiVersion":"v1","kind":"List","items":[{"kind":"ConfigMap","metadata":{"name":"format_version"},"data":{"root_module":"x"}}]}`, false},
		{`{"format_version":"1.0","values":{"note":"root_module"}}`, false},
		{`{"format_version":1,"values":{"root_module":{}}}`, true}, // mistyped: a broken plan, which the reader reports (issue 19)
		{`{"format_version":"1.0","values":{"root_module":[]}}`, true},
		{`[{"format_version":"1.0","values":{"root_module":{}}}]`, false},
		{``, false},
	}
	for _, tt := range tests {
		if got := terraform.IsPlan([]byte(tt.src)); got != tt.want {
			t.Errorf("IsPlan(%s) = %v, want %v", tt.src, got, tt.want)
		}
	}
}
