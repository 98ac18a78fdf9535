package parser

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const variant = `apiVersion: apps/v1
kind: Deployment
metadata: {name: controller, namespace: ingress}
spec:
  selector: {matchLabels: {app: c}}
  template:
    metadata: {labels: {app: c}}
    spec: {containers: [{name: c, image: c}]}
---
apiVersion: v1
kind: Service
metadata: {name: controller, namespace: ingress}
spec: {type: LoadBalancer, selector: {app: c}}
`

// Directories whose objects collide are alternatives (one install per cloud):
// each is a unit of its own, its IDs prefixed with its directory. Directories
// that do not collide merge into the unit of the input path.
func TestUnitsSplitOnCollision(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"provider/aws/deploy.yaml":     variant,
		"provider/aws/nlb/deploy.yaml": variant,
		"provider/gcp/deploy.yaml":     variant,
		"app/web.yaml":                 "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n",
		"app/db/db.yaml":               "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {selector: {app: db}}\n",
		"native/a.hcl":                 `component "a" {}`,
		"native/b/b.hcl":               `component "b" { requires = [component.a] }`,
		"provider/gcp/README.yaml":     "title: not a manifest\n",
	})
	r := LoadAll([]string{dir}, Options{})
	if errs := errorsIn(r.Diags); len(errs) > 0 {
		t.Fatalf("errors: %q", errs)
	}
	want := []string{
		"component.a", "component.b",
		"k8s/Service/default/db", "k8s/Service/default/web",
		"provider/aws/nlb:k8s/Deployment/ingress/controller", "provider/aws/nlb:k8s/Service/ingress/controller",
		"provider/aws:k8s/Deployment/ingress/controller", "provider/aws:k8s/Service/ingress/controller",
		"provider/gcp:k8s/Deployment/ingress/controller", "provider/gcp:k8s/Service/ingress/controller",
	}
	if diff := cmp.Diff(want, r.Model.IDs); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
	// Within each unit, the Service selects its own Deployment.
	for _, u := range []string{"provider/aws:", "provider/gcp:", "provider/aws/nlb:"} {
		if len(r.Model.EdgesBetween(u+"k8s/Service/ingress/controller", u+"k8s/Deployment/ingress/controller")) == 0 {
			t.Errorf("%s: the Service does not select its Deployment", u)
		}
	}
}

// A unit's IDs do not change when another unit is added, and a unit block of
// the configuration names a unit explicitly.
func TestUnitsStable(t *testing.T) {
	files := map[string]string{
		"base/deploy.yaml": variant,
		"edge/deploy.yaml": variant,
	}
	dir := writeTree(t, files)
	before := LoadAll([]string{dir}, Options{}).Model.IDs
	files["new/deploy.yaml"] = variant
	dir2 := writeTree(t, files)
	after := LoadAll([]string{dir2}, Options{}).Model.IDs
	for _, id := range before {
		if !contains(after, id) {
			t.Errorf("%s is gone after adding a unit: %q", id, after)
		}
	}
	r := LoadAll([]string{dir2}, Options{Units: []UnitSpec{{Name: "prod", Dir: dir2, Paths: []string{"edge/"}}}})
	if len(r.Diags) > 0 {
		t.Fatalf("diagnostics: %s", r.Diags.Error())
	}
	if !contains(r.Model.IDs, "prod:k8s/Deployment/ingress/controller") || contains(r.Model.IDs, "edge:k8s/Deployment/ingress/controller") {
		t.Errorf("the unit block did not name edge/ prod: %q", r.Model.IDs)
	}
	// Named explicitly, files are one unit: the user put them together.
	r = LoadAll([]string{filepath.Join(dir, "base", "deploy.yaml"), filepath.Join(dir, "edge", "deploy.yaml")}, Options{})
	if errs := errorsIn(r.Diags); len(errs) == 0 {
		t.Errorf("two variants named explicitly gave no duplicate: %q", r.Model.IDs)
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// Files of one directory that declare the same object are alternatives too (a
// test fixture beside its expected output, install.yaml beside
// install-ha.yaml): each is a unit named by the file, and the directory's other
// files stay in the directory's part.
func TestUnitsSplitFilesOfOneDirectory(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"fixtures/hello.yaml":          variant,
		"fixtures/hello.injected.yaml": variant,
		"fixtures/other.yaml":          "apiVersion: v1\nkind: Service\nmetadata: {name: other}\nspec: {selector: {app: other}}\n",
		"web/web.yaml":                 "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n",
	})
	r := LoadAll([]string{dir}, Options{})
	if errs := errorsIn(r.Diags); len(errs) > 0 {
		t.Fatalf("errors: %q", errs)
	}
	want := []string{
		"fixtures/hello.injected.yaml:k8s/Deployment/ingress/controller", "fixtures/hello.injected.yaml:k8s/Service/ingress/controller",
		"fixtures/hello.yaml:k8s/Deployment/ingress/controller", "fixtures/hello.yaml:k8s/Service/ingress/controller",
		"k8s/Service/default/other", "k8s/Service/default/web",
	}
	if diff := cmp.Diff(want, r.Model.IDs); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
	// An object declared twice within one file is still a duplicate.
	dup := writeTree(t, map[string]string{"a/twice.yaml": variant + "---\n" + variant, "a/b.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {selector: {app: b}}\n"})
	if errs := errorsIn(LoadAll([]string{dup}, Options{}).Diags); len(errs) == 0 {
		t.Error("an object declared twice in one file is no error")
	}
}

// A Kustomize directory holds the files of its own directory and those beneath
// the paths its kustomization names; a subdirectory it does not name (the
// examples beside a root kustomization that lists one bundle) is read on its
// own.
func TestKustomizeHoldsOnlyWhatItNames(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"kustomization.yaml":        "resources:\n- bundle.yaml\n- deploy/web/web.yaml\npatches:\n- path: patches/replicas.yaml\n",
		"bundle.yaml":               "apiVersion: v1\nkind: Service\nmetadata: {name: bundle}\nspec: {selector: {app: bundle}}\n",
		"deploy/web/web.yaml":       "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n",
		"patches/replicas.yaml":     "apiVersion: v1\nkind: Service\nmetadata: {name: bundle}\nspec: {type: NodePort}\n",
		"example/app/service.yaml":  "apiVersion: v1\nkind: Service\nmetadata: {name: example}\nspec: {selector: {app: example}}\n",
		"example/app/workload.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: example}\nspec:\n  selector: {matchLabels: {app: example}}\n  template:\n    metadata: {labels: {app: example}}\n    spec: {containers: [{name: e, image: e}]}\n",
	})
	r := LoadAll([]string{dir}, Options{})
	if errs := errorsIn(r.Diags); len(errs) > 0 {
		t.Fatalf("errors: %q", errs)
	}
	want := []string{"k8s/Deployment/default/example", "k8s/Service/default/bundle", "k8s/Service/default/example", "k8s/Service/default/web"}
	if diff := cmp.Diff(want, r.Model.IDs); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
	if len(r.Model.EdgesBetween("k8s/Service/default/example", "k8s/Deployment/default/example")) == 0 {
		t.Error("the example's Service does not select its Deployment")
	}
}
