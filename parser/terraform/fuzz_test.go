package terraform

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/faultline-dev/faultline/graph"
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
