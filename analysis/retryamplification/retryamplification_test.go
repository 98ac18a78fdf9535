package retryamplification_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/retryamplification"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", retryamplification.Analyzer) }
