package markdown_test

import (
	"testing"

	"github.com/faultline-dev/faultline/internal/benchdata"
	"github.com/faultline-dev/faultline/report/markdown"
)

// BenchmarkRender renders the Markdown summary of a generated 10,000-component architecture's
// check result.
func BenchmarkRender(b *testing.B) { benchdata.Render(b, markdown.Render) }
