package sarif_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/internal/golden"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/report"
	"github.com/faultline-dev/faultline/report/sarif"
)

// schema compiles the SARIF 2.1.0 JSON schema in testdata (see testdata/README.md).
func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://json.schemastore.org/sarif-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validate checks a rendered log against the schema.
func validate(t *testing.T, s *jsonschema.Schema, out []byte) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(doc); err != nil {
		t.Errorf("the log does not validate against the SARIF 2.1.0 schema: %v", err)
	}
}

func check(t *testing.T, files []string) *report.Check {
	t.Helper()
	m, diags, read := parser.Load(files)
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
	if err != nil {
		t.Fatal(err)
	}
	analysis.SetFingerprints(fs)
	return report.NewCheck(m, len(read), fs, diags)
}

// TestGolden renders every example, compares it with testdata/*.sarif, and
// validates it against the schema.
func TestGolden(t *testing.T) {
	s := schema(t)
	examples, _ := filepath.Glob("../../examples/*.hcl")
	examples = append(examples, "../../testdata/suppressed.hcl", "../../testdata/broken.hcl")
	for _, ex := range examples {
		name := strings.TrimSuffix(filepath.Base(ex), ".hcl")
		t.Run(name, func(t *testing.T) {
			c := check(t, []string{ex})
			if name == "suppressed" {
				// What config.Suppressor sets for a comment on the declaration.
				for i := range c.Findings {
					l := analysis.Location{File: ex, Line: 1, Column: 3, EndLine: 1, EndColumn: 60}
					c.Findings[i].Suppressed = &analysis.Suppression{Kind: "comment", Reason: "a test database", Location: &l}
				}
			}
			var buf bytes.Buffer
			if err := sarif.Render(&buf, c); err != nil {
				t.Fatal(err)
			}
			validate(t, s, buf.Bytes())
			golden.Check(t, "testdata/"+name+".sarif", buf.Bytes())
		})
	}
}

// TestResults checks what code scanning relies on: a result per finding at its
// range, rule metadata, the fingerprint, related locations, suppressions.
func TestResults(t *testing.T) {
	c := check(t, []string{"../../testdata/suppressed.hcl"})
	c.Findings[0].Suppressed = &analysis.Suppression{Kind: "config", Reason: "accepted"}
	var buf bytes.Buffer
	if err := sarif.RenderWith(&buf, c, sarif.Options{ToolVersion: "1.2.3", New: true}); err != nil {
		t.Fatal(err)
	}
	validate(t, schema(t), buf.Bytes())
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version string
					Rules   []struct{ ID, Name, HelpURI string }
				}
			}
			Results []struct {
				RuleID        string
				RuleIndex     int
				Level         string
				BaselineState string
				Locations     []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn, EndLine, EndColumn int }
					}
				}
				RelatedLocations    []json.RawMessage
				PartialFingerprints map[string]string
				Suppressions        []struct{ Kind, Justification string }
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0]
	if r.Tool.Driver.Version != "1.2.3" || len(r.Tool.Driver.Rules) != len(catalog.Analyzers()) {
		t.Errorf("driver: %+v", r.Tool.Driver)
	}
	if len(r.Results) != 1 {
		t.Fatalf("%d results, want 1", len(r.Results))
	}
	res := r.Results[0]
	if res.RuleID != "FL001" || r.Tool.Driver.Rules[res.RuleIndex].Name != "spof" || res.Level != "error" || res.BaselineState != "new" {
		t.Errorf("result: %+v", res)
	}
	reg := res.Locations[0].PhysicalLocation.Region
	if uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "../../testdata/suppressed.hcl" || reg.StartLine != 2 || reg.StartColumn != 1 || reg.EndLine != 2 || reg.EndColumn != 15 {
		t.Errorf("location: %s %+v", uri, reg)
	}
	if len(res.RelatedLocations) != 1 {
		t.Errorf("%d related locations, want 1 (the requires reference)", len(res.RelatedLocations))
	}
	if res.PartialFingerprints[sarif.FingerprintKey] != analysis.Fingerprint("spof", "component.db", "instance of component.db") {
		t.Errorf("fingerprints: %v", res.PartialFingerprints)
	}
	if len(res.Suppressions) != 1 || res.Suppressions[0].Kind != "external" || res.Suppressions[0].Justification != "accepted" {
		t.Errorf("suppressions: %+v", res.Suppressions)
	}
}
