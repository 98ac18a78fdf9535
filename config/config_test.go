package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/config"
	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/parser"
)

func TestStarterParses(t *testing.T) {
	c, diags := config.Parse(config.FileName, []byte(config.Starter))
	if len(diags) > 0 {
		t.Fatal(diags.Error())
	}
	if c.RetryThreshold != analysis.DefaultRetryThreshold || c.CertWarningDays != analysis.DefaultCertWarningDays {
		t.Errorf("starter thresholds: %g %d", c.RetryThreshold, c.CertWarningDays)
	}
}

func TestParse(t *testing.T) {
	src := `
entrypoints = ["component.api", "k8s/Ingress/*"]
criticality = { "component.pay" = "high" }
fail_on     = "warning"
domain_availability = { zone = 0.999 }
rule "FL007" {
  severity = "error"
}
rule "unknown-placement" {
  enabled = false
}
thresholds {
  retry_amplification = 20
  cert_warning_days   = 14
}
ignore {
  rule      = "spof"
  component = "component.legacy_*"
  reason    = "retired soon"
  expires   = "2026-12-31"
}
`
	c, diags := config.Parse("f.hcl", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags.Error())
	}
	if len(c.Entrypoints) != 2 || !c.Entrypoints[1].Match("k8s/Ingress/shop/web") || c.FailOn != "warning" ||
		c.DomainAvailability["zone"] != 0.999 || c.Rules["missing-timeout"].Severity != "error" ||
		!c.Rules["unknown-placement"].Disabled || c.RetryThreshold != 20 || c.CertWarningDays != 14 ||
		len(c.Ignores) != 1 || c.Ignores[0].Reason != "retired soon" || c.Criticality[0].Level != "high" {
		t.Errorf("decoded: %+v", c)
	}
	for _, a := range c.Analyzers() {
		if a.Rule.Name == "unknown-placement" {
			t.Error("a disabled rule still runs")
		}
	}
}

// TestParseErrors checks that each mistake is one diagnostic at its line.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"rule \"spf\" {}\n", `f.hcl:1,6-11: Unknown rule; There is no rule "spf" (did you mean "spof"?)`},
		{"ignore {\n  rule = \"spof\"\n}\n", `f.hcl:1,8-8: Missing required argument; The argument "reason" is required`},
		{"ignore {\n  rule = \"spof\"\n  reason = \" \"\n}\n", "f.hcl:3,12-15: Missing reason"},
		{"ignore {\n  rule = \"spof\"\n  reason = \"r\"\n  expires = \"soon\"\n}\n", "f.hcl:4,13-19: Invalid expiry date"},
		{"rule \"spof\" {\n  severity = \"fatal\"\n}\n", "f.hcl:2,14-21: Invalid severity"},
		{"thresholds {\n  cert_warning_days = 1.5\n}\n", "f.hcl:2,23-26: Invalid threshold"},
		{"fail_on = \"sometimes\"\n", "f.hcl:1,11-22: Invalid fail_on"},
		{"bogus = 1\n", `f.hcl:1,1-6: Unsupported argument`},
		{"entrypoints = \"component.api\"\n", "f.hcl:1,15-30: Invalid value"},
	} {
		_, diags := config.Parse("f.hcl", []byte(tc.src))
		if len(diags) != 1 || !strings.HasPrefix(diags[0].Subject.String()+": "+diags[0].Summary+"; "+diags[0].Detail, tc.want) {
			t.Errorf("%q: got %v, want %s", tc.src, diags, tc.want)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "repo", ".git"), 0o755))
	must(os.MkdirAll(filepath.Join(root, "repo", "infra", "prod"), 0o755))
	must(os.WriteFile(filepath.Join(root, config.FileName), nil, 0o644)) // outside the repository
	if got := config.Find(filepath.Join(root, "repo", "infra", "prod")); got != "" {
		t.Errorf("found %s above the repository root", got)
	}
	want := filepath.Join(root, "repo", config.FileName)
	must(os.WriteFile(want, nil, 0o644))
	if got := config.Find(filepath.Join(root, "repo", "infra", "prod")); got != want {
		t.Errorf("Find = %q, want %q", got, want)
	}
	if got := config.Find(filepath.Join(root, "repo", "infra", "prod", "x.hcl")); got != want {
		t.Errorf("Find(file) = %q, want %q", got, want)
	}
}

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		p, s string
		want bool
	}{
		{"*", "anything/at/all", true},
		{"component.*", "component.db", true},
		{"component.*", "aws_db.x", false},
		{"k8s/*/shop/*", "k8s/Deployment/shop/web", true},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"*db", "component.db", true},
		{"*db*x", "component.db", false},
	} {
		if got := config.Glob(tc.p, tc.s); got != tc.want {
			t.Errorf("Glob(%q, %q) = %v", tc.p, tc.s, got)
		}
	}
}

// TestSuppress covers the comment forms, the YAML document head, config
// ignores with expiry, and unused and malformed ignores.
func TestSuppress(t *testing.T) {
	dir := t.TempDir()
	hcl := `# faultline:ignore spof the cache is rebuilt in seconds
component "cache" { kind = "cache" }

component "db" {  # faultline:ignore FL001,shared-domain accepted for now
  kind = "database"
}

// faultline:ignore dependency-cycle nothing to find here
component "queue" { kind = "queue" }

# faultline:ignore spof
component "search" { kind = "search" }

component "api" {
  entrypoint = true
  replicas   = 2
  placement {
    zone = ["a", "b"]
  }
  requires   = [component.cache, component.db, component.queue, component.search, component.legacy]
}

component "legacy" { kind = "service" }
`
	file := filepath.Join(dir, "arch.hcl")
	if err := os.WriteFile(file, []byte(hcl), 0o644); err != nil {
		t.Fatal(err)
	}
	rd := boundary.NewReader()
	m, diags, files := parser.LoadWith([]string{file}, parser.Options{Reader: rd})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
	if err != nil {
		t.Fatal(err)
	}
	conf, cd := config.Parse("c.hcl", []byte(`
ignore {
  rule      = "spof"
  component = "component.legacy"
  reason    = "expired"
  expires   = "2026-01-01"
}
ignore {
  rule      = "spof"
  component = "component.queue"
  reason    = "until next year"
  expires   = "2026-12-31"
}
ignore {
  rule   = "dependency-cycle"
  reason = "matches nothing"
}
`))
	if len(cd) > 0 {
		t.Fatal(cd.Error())
	}
	s := config.NewSuppressor(conf, m, files, rd.Sources(), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	s.Apply(fs)
	got := map[string]string{}
	for _, f := range fs {
		if f.Rule != "spof" {
			continue
		}
		if f.Suppressed == nil {
			got[f.Component] = "reported"
		} else {
			got[f.Component] = f.Suppressed.Kind + ": " + f.Suppressed.Reason
		}
	}
	want := map[string]string{
		"component.cache":  "comment: the cache is rebuilt in seconds",
		"component.db":     "comment: accepted for now",
		"component.queue":  "config: until next year",
		"component.search": "reported", // the directive has no reason
		"component.legacy": "reported", // the ignore expired
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	var ds []string
	for _, d := range s.Diagnostics() {
		ds = append(ds, d.Subject.String()+" "+d.Summary)
	}
	wantDiags := []string{
		file + ":11,3-24 Ignore without a reason",
		file + ":8,4-58 Unused ignore",
		"c.hcl:2,1-7 Expired ignore",
		"c.hcl:14,1-7 Unused ignore",
	}
	if strings.Join(ds, "\n") != strings.Join(wantDiags, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(ds, "\n"), strings.Join(wantDiags, "\n"))
	}
}

func TestSuppressYAMLDocumentHead(t *testing.T) {
	dir := t.TempDir()
	yaml := `# faultline:ignore spof,unknown-placement one replica in staging
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
---
apiVersion: v1
kind: Service
metadata:
  name: db
  annotations:
    faultline.dev/ignore: "spof the Service follows its Deployment"
spec:
  type: LoadBalancer
  selector: {app: db}
`
	file := filepath.Join(dir, "db.yaml")
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	rd := boundary.NewReader()
	m, diags, files := parser.LoadWith([]string{file}, parser.Options{Reader: rd})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
	if err != nil {
		t.Fatal(err)
	}
	s := config.NewSuppressor(nil, m, files, rd.Sources(), analysistest.Now)
	s.Apply(fs)
	n := 0
	for _, f := range fs {
		if f.Component == "k8s/Deployment/default/db" && f.Rule == "spof" {
			n++
			if f.Suppressed == nil || f.Suppressed.Kind != "comment" {
				t.Errorf("not suppressed by the document's head comment: %+v", f)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d spof findings about the Deployment, want 1: %+v", n, fs)
	}
}

// TestSuppressCoversDeclaration checks that a directive above a component's
// declaration suppresses a finding about the component located elsewhere (a
// dependency's line), and one about another component on that line does not.
func TestSuppressCoversDeclaration(t *testing.T) {
	dir := t.TempDir()
	src := `component "api" {
  entrypoint = true
  requires   = [component.cache]
}

# faultline:ignore spof the cache is rebuilt in seconds
component "cache" { kind = "cache" }
`
	file := filepath.Join(dir, "arch.hcl")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rd := boundary.NewReader()
	m, diags, files := parser.LoadWith([]string{file}, parser.Options{Reader: rd})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	fs := []analysis.Finding{
		{Rule: "spof", Component: "component.cache", Location: analysis.Location{File: file, Line: 3, Column: 3}},
		{Rule: "spof", Component: "component.api", Location: analysis.Location{File: file, Line: 3, Column: 3}},
	}
	config.NewSuppressor(&config.Config{}, m, files, rd.Sources(), analysistest.Now).Apply(fs)
	if fs[0].Suppressed == nil || fs[0].Suppressed.Reason != "the cache is rebuilt in seconds" {
		t.Errorf("the finding about the cache: suppressed %+v, want by the directive above its declaration", fs[0].Suppressed)
	}
	if fs[1].Suppressed != nil {
		t.Errorf("the finding about the api: suppressed %+v, want reported", fs[1].Suppressed)
	}
}
