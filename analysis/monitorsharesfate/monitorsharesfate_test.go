package monitorsharesfate_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/monitorsharesfate"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", monitorsharesfate.Analyzer) }
