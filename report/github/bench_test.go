package github_test

import (
	"testing"

	"github.com/faultline-dev/faultline/internal/benchdata"
	"github.com/faultline-dev/faultline/report/github"
)

// BenchmarkRender renders the GitHub workflow annotations of a generated
// 10,000-component architecture's check result.
func BenchmarkRender(b *testing.B) { benchdata.Render(b, github.Render) }
