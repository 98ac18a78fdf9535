package dependencycycle_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/dependencycycle"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", dependencycycle.Analyzer) }
