package certexpiry_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/certexpiry"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", certexpiry.Analyzer) }
