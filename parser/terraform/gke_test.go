package terraform_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/faultline-dev/faultline/parser"
)

// TestGKEDefaultNodePool: a GKE cluster that keeps its default node pool (a
// known initial_node_count, no node_pool blocks, neither
// remove_default_node_pool nor enable_autopilot true) runs initial_node_count
// nodes in each of its zones, like a google_container_node_pool: one node of
// a zonal cluster is a single point of failure, three in one zone share it,
// a regional cluster's three zones hold one node each. A cluster that removes
// its default pool, or runs Autopilot, stays a regional service.
func TestGKEDefaultNodePool(t *testing.T) {
	dir := t.TempDir()
	src := `resource "google_container_cluster" "zonal" {
  name               = "tutorial"
  location           = "us-central1-a"
  initial_node_count = 1
}
resource "google_container_cluster" "zonal3" {
  name               = "three"
  location           = "us-central1-a"
  initial_node_count = 3
}
resource "google_container_cluster" "regional" {
  name               = "regional"
  location           = "us-central1"
  initial_node_count = 1
}
resource "google_container_cluster" "removed" {
  name                     = "removed"
  location                 = "us-central1-a"
  initial_node_count       = 1
  remove_default_node_pool = true
}
resource "google_container_cluster" "autopilot" {
  name             = "ap"
  location         = "us-central1"
  enable_autopilot = true
}
`
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
	m, diags, _ := parser.Load([]string{dir})
	if e := errorsOf(diags); len(e) > 0 {
		t.Fatalf("diagnostics: %v", e)
	}
	for id, want := range map[string][]string{
		"google_container_cluster.zonal":  {"us-central1-a"},
		"google_container_cluster.zonal3": {"us-central1-a", "us-central1-a", "us-central1-a"},
		"google_container_cluster.regional": {
			"google_container_cluster.regional.node_locations[0]",
			"google_container_cluster.regional.node_locations[1]",
			"google_container_cluster.regional.node_locations[2]",
		},
		"google_container_cluster.removed":   nil,
		"google_container_cluster.autopilot": nil,
	} {
		c := m.Component(id)
		if diff := cmp.Diff(want, c.Placement["zone"]); diff != "" {
			t.Errorf("%s: %d replicas, zones (-want +got):\n%s", id, c.Replicas, diff)
		}
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	if diff := cmp.Diff([]string{
		"shared-domain google_container_cluster.zonal3 zone=us-central1-a main.tf:6",
		"spof google_container_cluster.zonal instance of google_container_cluster.zonal main.tf:1",
	}, keep(got, "spof", "shared-domain", "unknown-placement")); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
