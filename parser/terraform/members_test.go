package terraform_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/parser"
)

// TestMemberReadsOwner: an Aurora instance names its cluster
// (cluster_identifier, which makes the cluster require the instance) and
// copies the cluster's engine and engine_version, as the provider's own
// example does: those references read the cluster's settings and are no
// need of the instance's, so there is one edge, cluster -> instances, and
// no dependency cycle. DocumentDB's instances, the same.
func TestMemberReadsOwner(t *testing.T) {
	dir := t.TempDir()
	src := `resource "aws_rds_cluster" "default" {
  cluster_identifier = "aurora-cluster-demo"
  engine             = "aurora-postgresql"
  availability_zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
}
resource "aws_rds_cluster_instance" "cluster_instances" {
  count              = 2
  identifier         = "aurora-cluster-demo-${count.index}"
  cluster_identifier = aws_rds_cluster.default.id
  instance_class     = "db.r4.large"
  engine             = aws_rds_cluster.default.engine
  engine_version     = aws_rds_cluster.default.engine_version
}
resource "aws_docdb_cluster" "docs" {
  cluster_identifier = "docs"
}
resource "aws_docdb_cluster_instance" "docs" {
  count              = 3
  cluster_identifier = aws_docdb_cluster.docs.id
  instance_class     = aws_docdb_cluster.docs.engine == "docdb" ? "db.r5.large" : "db.t3.medium"
}
`
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
	m, diags, _ := parser.Load([]string{dir})
	if e := errorsOf(diags); len(e) > 0 {
		t.Fatalf("diagnostics: %v", e)
	}
	var got []string
	for _, d := range m.Dependencies {
		got = append(got, d.From+" -> "+d.To+" "+d.Kind.String())
	}
	for _, want := range []string{
		"aws_rds_cluster.default -> aws_rds_cluster_instance.cluster_instances requires",
		"aws_docdb_cluster.docs -> aws_docdb_cluster_instance.docs requires",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no %s: %q", want, got)
		}
	}
	for _, bad := range []string{
		"aws_rds_cluster_instance.cluster_instances -> aws_rds_cluster.default requires",
		"aws_docdb_cluster_instance.docs -> aws_docdb_cluster.docs requires",
	} {
		if slices.Contains(got, bad) {
			t.Errorf("%s: a cycle with the cluster's need of its instances", bad)
		}
	}
}

// TestConfigProvidersQuiet: a resource of a provider that configures
// monitoring, paging or code hosting (a Datadog monitor, a GitHub
// repository) is configuration without a warning; an unknown type of
// another provider still gets one, once.
func TestConfigProvidersQuiet(t *testing.T) {
	dir := t.TempDir()
	src := `resource "datadog_monitor" "m" { name = "x" }
resource "github_repository" "r" { name = "r" }
resource "pagerduty_schedule" "s" { name = "s" }
resource "aws_made_up_thing" "a" {}
resource "aws_made_up_thing" "b" {}
`
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
	_, diags, _ := parser.Load([]string{dir})
	var unknown []string
	for _, d := range diags {
		if d.Summary == "Resource type not in the knowledge base" {
			unknown = append(unknown, d.Detail)
		}
	}
	if len(unknown) != 1 || !strings.HasPrefix(unknown[0], "aws_made_up_thing ") {
		t.Errorf("warnings %q, want one for aws_made_up_thing", unknown)
	}
}
