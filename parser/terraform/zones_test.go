package terraform_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/faultline-dev/faultline/parser"
)

// TestZonesFromDataSource: subnets placed by a slice of
// data.aws_availability_zones are in distinct zones whose names are unknown:
// they get symbolic zones (never invented names) and no unknown-placement
// warning. So do instances that index the list itself at distinct places
// (names[count.index], as the provider's examples write it, directly or
// through a local): the list holds each zone once and an index past its end
// fails the apply. element() wraps around the list's unknown length: its
// zones stay unknown.
func TestZonesFromDataSource(t *testing.T) {
	dir := t.TempDir()
	src := `data "aws_availability_zones" "available" {}
locals { azs = slice(data.aws_availability_zones.available.names, 0, 3) }

resource "aws_subnet" "sliced" {
  count             = length(local.azs)
  availability_zone = element(local.azs, count.index)
}

resource "aws_subnet" "indexed" {
  count             = 2
  availability_zone = data.aws_availability_zones.available.names[count.index]
}

locals { all = data.aws_availability_zones.available.names }

resource "aws_subnet" "via_local" {
  count             = 2
  availability_zone = "${local.all[count.index]}"
}

resource "aws_subnet" "literal" {
  availability_zone = data.aws_availability_zones.available.names[1]
}

resource "aws_subnet" "wrapped" {
  count             = 2
  availability_zone = element(data.aws_availability_zones.available.names, count.index)
}
`
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
	m, diags, _ := parser.Load([]string{dir})
	if e := errorsOf(diags); len(e) > 0 {
		t.Fatalf("diagnostics: %v", e)
	}
	sliced := m.Component("aws_subnet.sliced")
	want := []string{"data.aws_availability_zones.available[0]", "data.aws_availability_zones.available[1]", "data.aws_availability_zones.available[2]"}
	if diff := cmp.Diff(want, sliced.Placement["zone"]); diff != "" {
		t.Errorf("zones of the sliced subnets (-want +got):\n%s", diff)
	}
	if len(sliced.UnknownPlacement) > 0 || len(sliced.Unknowns) != 1 {
		t.Errorf("sliced: unknown placement %v, unknowns %q; want none and one note", sliced.UnknownPlacement, sliced.Unknowns)
	}
	for id, want := range map[string][]string{
		"aws_subnet.indexed":   want[:2],
		"aws_subnet.via_local": want[:2],
		"aws_subnet.literal":   want[1:2],
	} {
		c := m.Component(id)
		if diff := cmp.Diff(want, c.Placement["zone"]); diff != "" || len(c.UnknownPlacement) > 0 {
			t.Errorf("%s: unknown placement %v, zones (-want +got):\n%s", id, c.UnknownPlacement, diff)
		}
	}
	wrapped := m.Component("aws_subnet.wrapped")
	if wrapped.Placement["zone"] != nil || len(wrapped.UnknownPlacement) == 0 {
		t.Errorf("wrapped: zones %v, unknown placement %v; want unknown", wrapped.Placement["zone"], wrapped.UnknownPlacement)
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	if diff := cmp.Diff([]string{
		"unknown-placement aws_subnet.wrapped one zone holding every instance of aws_subnet.wrapped main.tf:25",
	}, keep(got, "unknown-placement", "shared-domain", "spof")); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestUnplacedInstances: instances of a zonal resource that name no zone and
// no subnet (count = 3 on an aws_instance, as Terraform: Up & Running's
// multiple-ec2-instances writes it) run where the provider puts them, all in
// one zone as likely as not: unknown placement, not a spread. A Multi-AZ
// database names no zone either, but AWS puts its standby in another zone:
// no warning. An AKS node pool without zones is not spread over zones either
// (its nodes are in no availability zone); with zones it is.
func TestUnplacedInstances(t *testing.T) {
	dir := t.TempDir()
	src := `provider "aws" { region = "us-east-2" }

resource "aws_instance" "example_1" {
  count         = 3
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t2.micro"
}

resource "aws_db_instance" "pair" {
  count          = 2
  multi_az       = true
  instance_class = "db.t3.micro"
}

resource "azurerm_kubernetes_cluster_node_pool" "nozones" {
  name       = "nozones"
  location   = "eastus2"
  node_count = 3
}

resource "azurerm_kubernetes_cluster_node_pool" "zoned" {
  name       = "zoned"
  location   = "eastus2"
  node_count = 3
  zones      = ["1", "2", "3"]
}
`
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
	got, _ := check(t, []string{dir}, parser.Options{})
	if diff := cmp.Diff([]string{
		"unknown-placement aws_instance.example_1 one zone holding every instance of aws_instance.example_1 main.tf:3",
		"unknown-placement azurerm_kubernetes_cluster_node_pool.nozones one zone holding every instance of azurerm_kubernetes_cluster_node_pool.nozones main.tf:15",
	}, keep(got, "unknown-placement", "shared-domain", "spof")); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestGKENodePoolPerZone: a GKE node pool's node_count (or autoscaling
// minimum, or initial_node_count) is per zone. Google's sample
// gke/standard/regional/node_pool (terraform-docs-samples, Apache-2.0; the
// pool sets no count, so one node per zone) runs three nodes in the three
// zones GKE chooses in the cluster's region: no single point of failure. A
// pool that lists node_locations has its count in each; a pool of a zonal
// cluster has it in that zone.
func TestGKENodePoolPerZone(t *testing.T) {
	dir := t.TempDir()
	src := `resource "google_container_cluster" "default" {
  name     = "gke-standard-regional-cluster"
  location = "us-central1"

  initial_node_count       = 1
  remove_default_node_pool = true
}

resource "google_container_node_pool" "default" {
  name    = "gke-standard-regional-node-pool"
  cluster = google_container_cluster.default.name
}

resource "google_container_node_pool" "two_zones" {
  name           = "two-zones"
  cluster        = google_container_cluster.default.name
  node_locations = ["us-central1-a", "us-central1-b"]
  node_count     = 2
}

resource "google_container_cluster" "zonal" {
  name     = "zonal"
  location = "us-central1-f"
}

resource "google_container_node_pool" "zonal" {
  name       = "zonal"
  cluster    = google_container_cluster.zonal.name
  node_count = 1
}
`
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
	m, diags, _ := parser.Load([]string{dir})
	if e := errorsOf(diags); len(e) > 0 {
		t.Fatalf("diagnostics: %v", e)
	}
	for id, want := range map[string][]string{
		"google_container_node_pool.default": {
			"google_container_cluster.default.node_locations[0]",
			"google_container_cluster.default.node_locations[1]",
			"google_container_cluster.default.node_locations[2]",
		},
		"google_container_node_pool.two_zones": {"us-central1-a", "us-central1-b", "us-central1-a", "us-central1-b"},
		"google_container_node_pool.zonal":     {"us-central1-f"},
	} {
		c := m.Component(id)
		if diff := cmp.Diff(want, c.Placement["zone"]); diff != "" || c.Replicas != len(want) {
			t.Errorf("%s: %d replicas, zones (-want +got):\n%s", id, c.Replicas, diff)
		}
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	if diff := cmp.Diff([]string{
		"spof google_container_node_pool.zonal instance of google_container_node_pool.zonal main.tf:26",
	}, keep(got, "unknown-placement", "shared-domain", "spof")); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestCountOfZones: count = length(data.aws_availability_zones.x.names), one
// instance per zone, as Terraform: Up & Running's multiple-ec2-instances
// writes it, is unknown until apply but at least two (every AWS Region has
// several zones): two instances in two distinct zones are counted, with a
// note, not one unknown instance (a spof). A data source that filters zones
// out (exclude_names) may leave one: the count stays unknown.
func TestCountOfZones(t *testing.T) {
	dir := t.TempDir()
	src := `provider "aws" { region = "us-east-2" }

resource "aws_instance" "example_2" {
  count             = length(data.aws_availability_zones.all.names)
  availability_zone = data.aws_availability_zones.all.names[count.index]
  ami               = "ami-0c55b159cbfafe1f0"
  instance_type     = "t2.micro"
}

data "aws_availability_zones" "all" {}

data "aws_availability_zones" "some" {
  exclude_names = ["us-east-2a"]
}

resource "aws_instance" "filtered" {
  count             = length(data.aws_availability_zones.some.names)
  availability_zone = data.aws_availability_zones.some.names[count.index]
}
`
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
	m, diags, _ := parser.Load([]string{dir})
	if e := errorsOf(diags); len(e) > 0 {
		t.Fatalf("diagnostics: %v", e)
	}
	c := m.Component("aws_instance.example_2")
	want := []string{"data.aws_availability_zones.all[0]", "data.aws_availability_zones.all[1]"}
	if diff := cmp.Diff(want, c.Placement["zone"]); diff != "" || c.Replicas != 2 {
		t.Errorf("example_2: %d replicas, zones (-want +got):\n%s", c.Replicas, diff)
	}
	if !slices.ContainsFunc(c.Unknowns, func(u string) bool { return strings.Contains(u, "at least 2") }) {
		t.Errorf("example_2: no note on the count in %q", c.Unknowns)
	}
	if f := m.Component("aws_instance.filtered"); f.Replicas != 1 {
		t.Errorf("filtered: %d replicas, want the unknown count's one", f.Replicas)
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	if diff := cmp.Diff([]string{
		"spof aws_instance.filtered instance of aws_instance.filtered main.tf:16",
	}, keep(got, "unknown-placement", "shared-domain", "spof")); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
