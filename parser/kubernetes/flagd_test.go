package kubernetes

import (
	"os"
	"testing"

	"github.com/faultline-dev/faultline/graph"
)

// TestFlagdSoft: an address of OpenFeature's flagd is a soft dependency,
// whether the variable names flagd (FLAGD_HOST, as the OpenTelemetry demo
// writes it) or the Service runs flagd's image: the SDK returns the caller's
// default value when flagd cannot be reached, so a single flagd pod is no
// single point of failure of the services that read flags from it.
func TestFlagdSoft(t *testing.T) {
	src, err := os.ReadFile("testdata/flagd.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, diags := build("flagd.yaml", src, false)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	want := map[string]bool{
		"k8s/Deployment/default/checkout":       true,
		"k8s/Deployment/default/recommendation": true,
	}
	for _, d := range m.Dependencies {
		if d.To != "k8s/Service/default/flagd" {
			continue
		}
		if !want[d.From] {
			t.Errorf("unexpected edge %s -> %s", d.From, d.To)
			continue
		}
		delete(want, d.From)
		if d.Kind != graph.Soft {
			t.Errorf("%s -> flagd is %s, want soft", d.From, d.Kind)
		}
	}
	for from := range want {
		t.Errorf("no edge from %s to flagd", from)
	}
}
