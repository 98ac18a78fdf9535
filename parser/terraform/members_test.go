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
	m := loadMain(t, src)
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

// TestGCPLoadBalancerChain: a forwarding rule targets a proxy, the proxy a
// URL map, the map a backend service (default_service, path matchers), the
// backend service a managed instance group: the forwarding rule, the
// entrypoint, requires the backend service through the two configuration
// resources, so a zonal group's zone takes the load balancer down.
func TestGCPLoadBalancerChain(t *testing.T) {
	src := `resource "google_compute_instance_template" "t" {
  machine_type = "e2-small"
}
resource "google_compute_instance_group_manager" "mig" {
  name               = "mig"
  zone               = "us-east1-b"
  base_instance_name = "vm"
  target_size        = 2
  version {
    instance_template = google_compute_instance_template.t.id
  }
}
resource "google_compute_backend_service" "web" {
  name = "web"
  backend {
    group = google_compute_instance_group_manager.mig.instance_group
  }
}
resource "google_compute_backend_service" "api" {
  name = "api"
}
resource "google_compute_url_map" "m" {
  name            = "m"
  default_service = google_compute_backend_service.web.id
  path_matcher {
    name            = "p"
    default_service = google_compute_backend_service.web.id
    path_rule {
      paths   = ["/api/*"]
      service = google_compute_backend_service.api.id
    }
  }
}
resource "google_compute_target_http_proxy" "p" {
  name    = "p"
  url_map = google_compute_url_map.m.id
}
resource "google_compute_global_forwarding_rule" "fr" {
  name   = "fr"
  target = google_compute_target_http_proxy.p.id
}
`
	m := loadMain(t, src)
	var got []string
	for _, d := range m.Dependencies {
		got = append(got, d.From+" -> "+d.To)
	}
	for _, want := range []string{
		"google_compute_global_forwarding_rule.fr -> google_compute_backend_service.web",
		"google_compute_global_forwarding_rule.fr -> google_compute_backend_service.api",
		"google_compute_backend_service.web -> google_compute_instance_group_manager.mig",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no %s: %q", want, got)
		}
	}
	if !slices.Equal(m.Entrypoints, []string{"google_compute_global_forwarding_rule.fr"}) {
		t.Errorf("entrypoints %q", m.Entrypoints)
	}
}

// TestAppGatewayCapacity: an application gateway without zones runs its
// sku's capacity, or its autoscale minimum, of instances.
func TestAppGatewayCapacity(t *testing.T) {
	src := `resource "azurerm_application_gateway" "fixed" {
  name = "fixed"
  sku {
    name     = "Standard_v2"
    tier     = "Standard_v2"
    capacity = 2
  }
}
resource "azurerm_application_gateway" "auto" {
  name = "auto"
  sku {
    name = "WAF_v2"
    tier = "WAF_v2"
  }
  autoscale_configuration {
    min_capacity = 3
    max_capacity = 10
  }
}
resource "azurerm_application_gateway" "one" {
  name = "one"
  sku {
    name     = "Standard_v2"
    tier     = "Standard_v2"
    capacity = 1
  }
}
`
	m := loadMain(t, src)
	for id, want := range map[string]int{"azurerm_application_gateway.fixed": 2, "azurerm_application_gateway.auto": 3, "azurerm_application_gateway.one": 1} {
		if c := m.Component(id); c == nil || c.Replicas != want {
			t.Errorf("%s: %+v, want %d instances", id, c, want)
		}
	}
}
