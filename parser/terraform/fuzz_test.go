package terraform

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/evalbudget"
)

// FuzzTerraform feeds arbitrary .tf and .tf.json files to ParseFile and then
// builds the graph: bad input must give diagnostics, never a panic, and every
// diagnostic's range must lie within the input. Seeds: testdata/fuzz/ and the fixtures.
func FuzzTerraform(f *testing.F) {
	for _, pattern := range []string{"testdata/fuzz/*", "testdata/*/*.tf", "testdata/bad/*/*.tf"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			src, err := os.ReadFile(p)
			if err == nil {
				f.Add(filepath.Ext(p) == ".json", src)
			}
		}
	}
	defer evalbudget.Lower(evalbudget.MaxWork/10, evalbudget.MaxInstances/10)() // as FuzzTerraformBudget
	f.Fuzz(func(t *testing.T, json bool, src []byte) {
		name := "fuzz.tf"
		if json {
			name = "fuzz.tf.json"
		}
		b := graph.NewBuilder()
		diags := ParseFile(name, src, b)
		for _, d := range diags {
			if d.Subject != nil && (d.Subject.Start.Byte < 0 || d.Subject.End.Byte > len(src) || d.Subject.Start.Byte > d.Subject.End.Byte) {
				t.Errorf("diagnostic range %v outside the %d-byte input: %s", d.Subject, len(src), d.Error())
			}
		}
		b.Build()
	})
}

// FuzzPlanJSON feeds arbitrary documents to ParsePlan (terraform show -json
// of a plan or a state) and builds the graph: bad input must give
// diagnostics, never a panic, and every diagnostic's range must lie within
// the input. Seeds: testdata/plan/ and a few small documents.
func FuzzPlanJSON(f *testing.F) {
	files, _ := filepath.Glob("testdata/plan/*.json")
	for _, p := range files {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	for _, s := range []string{
		`{"format_version":"1.0","values":{"root_module":{"resources":[{"mode":"managed","type":"aws_instance","name":"a","index":0,"values":{"subnet_id":"s-1"}},{"mode":"managed","type":"aws_subnet","name":"s","values":{"id":"s-1","availability_zone":"z"}}]}}}`,
		`{"format_version":"1.2","planned_values":{"root_module":{"child_modules":[{"address":"module.m[\"k\"]","resources":[{"address":"module.m[\"k\"].aws_nat_gateway.n","mode":"managed","type":"aws_nat_gateway","name":"n","values":{}}]}]}},"resource_changes":[{"address":"module.m[\"k\"].aws_nat_gateway.n","change":{"after_unknown":{"subnet_id":true}}}],"configuration":{"root_module":{"module_calls":{"m":{"expressions":{"x":{"references":["module.m.y","var.z"]}},"module":{"outputs":{"y":{"expression":{"references":["module.m.y"]}}},"resources":[{"address":"aws_nat_gateway.n","mode":"managed","type":"aws_nat_gateway","name":"n","expressions":{"subnet_id":{"references":["var.x","aws_subnet.s[\"a]\"]"]}},"depends_on":["module.m"]}]}}}}}}`,
		`{"format_version":"0.1"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		b := graph.NewBuilder()
		diags := ParsePlan("plan.json", src, b)
		for _, d := range diags {
			if d.Subject != nil && (d.Subject.Start.Byte < 0 || d.Subject.End.Byte > len(src) || d.Subject.Start.Byte > d.Subject.End.Byte) {
				t.Errorf("diagnostic range %v outside the %d-byte input: %s", d.Subject, len(src), d.Error())
			}
		}
		b.Build()
	})
}
