package commondependency_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/commondependency"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", commondependency.Analyzer) }
