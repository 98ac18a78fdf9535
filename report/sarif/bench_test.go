package sarif_test

import (
	"io"
	"testing"

	"github.com/faultline-dev/faultline/internal/benchdata"
	"github.com/faultline-dev/faultline/report"
	"github.com/faultline-dev/faultline/report/sarif"
)

// BenchmarkRender renders the SARIF log of a generated 10,000-component
// architecture's check result.
func BenchmarkRender(b *testing.B) {
	benchdata.Render(b, func(w io.Writer, c *report.Check) error {
		return sarif.RenderWith(w, c, sarif.Options{ToolVersion: "bench"})
	})
}
