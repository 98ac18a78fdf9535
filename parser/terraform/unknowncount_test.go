package terraform_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/parser"
)

// TestUnknownCount: a module read on its own has inputs without defaults. A
// count from one is unknown until apply: the resource is counted as one
// instance, and its spof finding says so and is a warning, not an error (the
// callers may run three). A count that is 0 or 1 on an unknown condition
// (count = var.create ? 1 : 0) has one instance whenever the resource exists:
// its spof is an error, with a note. A count from a default is known.
func TestUnknownCount(t *testing.T) {
	src := `variable "instance_count" {
  type = number
}
variable "create_cache" {
  type = bool
}
variable "workers" {
  type    = number
  default = 1
}
resource "aws_elasticache_cluster" "cache" {
  count           = var.create_cache ? 1 : 0
  cluster_id      = "c"
  engine          = "redis"
  num_cache_nodes = 1
}
resource "aws_instance" "app" {
  count     = var.instance_count
  user_data = aws_elasticache_cluster.cache[0].cache_nodes[0].address
}
resource "aws_instance" "worker" {
  count     = var.workers
  user_data = aws_elasticache_cluster.cache[0].cache_nodes[0].address
}
`
	m := loadMain(t, src)
	for id, want := range map[string]bool{"aws_instance.app": true, "aws_elasticache_cluster.cache": false, "aws_instance.worker": false} {
		if c := m.Component(id); c == nil || c.InstancesUnknown != want || c.Replicas != 1 {
			t.Errorf("%s: %+v, want InstancesUnknown %v and one replica", id, c, want)
		}
	}
	findings, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings {
		if f.Rule == "spof" {
			got = append(got, string(f.Severity)+" "+f.Component+": "+f.Message)
		}
	}
	sort.Strings(got)
	want := []string{
		"error aws_elasticache_cluster.cache: aws_elasticache_cluster.cache is a single point of failure: it runs a single instance, and its loss takes down 2 entrypoints (aws_instance.app, aws_instance.worker) (this rests on values unknown before apply: see unknowns)",
		"error aws_instance.worker: aws_instance.worker is a single point of failure: it runs a single instance, and it is an entrypoint itself (nothing in the inputs depends on it)",
		"warning aws_instance.app: aws_instance.app is a single point of failure: its number of instances is unknown until apply and one is counted, and it is an entrypoint itself (nothing in the inputs depends on it) (this rests on values unknown before apply: see unknowns)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("spof findings (-want +got):\n%s", diff)
	}
	cache := m.Component("aws_elasticache_cluster.cache")
	if diff := cmp.Diff([]string{"the count of aws_elasticache_cluster.cache is 0 or 1 on a condition unknown until apply: the one instance it has when it is created is counted"}, cache.Unknowns); diff != "" {
		t.Errorf("cache unknowns (-want +got):\n%s", diff)
	}
}

// TestUnknownModuleCount: a module called with count = var.create ? 1 : 0 and
// the variable unknown is read as one instance (its components carry the
// note), not made opaque: a single-AZ database inside it is still found.
func TestUnknownModuleCount(t *testing.T) {
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "modules", "db"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`variable "create_db" {
  type = bool
}
module "db" {
  source = "./modules/db"
  count  = var.create_db ? 1 : 0
}
resource "aws_instance" "app" {
  user_data = module.db[0].address
}
`), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "modules", "db", "main.tf"), []byte(`resource "aws_db_instance" "this" {
  engine   = "postgres"
  multi_az = false
}
output "address" {
  value = aws_db_instance.this.address
}
`), 0o644))
	m, diags, _ := parser.Load([]string{dir})
	if e := errorsOf(diags); len(e) > 0 {
		t.Fatalf("diagnostics: %v", e)
	}
	db := m.Component("module.db[0].aws_db_instance.this")
	if db == nil || db.Opaque || db.InstancesUnknown {
		t.Fatalf("module.db[0].aws_db_instance.this: %+v, want a known single instance", db)
	}
	if diff := cmp.Diff([]string{"the count of module.db is 0 or 1 on a condition unknown until apply: the one instance it has when it is used is counted"}, db.Unknowns); diff != "" {
		t.Errorf("unknowns (-want +got):\n%s", diff)
	}
	got, _ := check(t, []string{dir}, parser.Options{})
	if diff := cmp.Diff([]string{
		"spof aws_instance.app instance of aws_instance.app main.tf:8",
		"spof module.db[0].aws_db_instance.this instance of module.db[0].aws_db_instance.this main.tf:1",
	}, keep(got, "spof")); diff != "" {
		t.Errorf("spof findings (-want +got):\n%s", diff)
	}
}
