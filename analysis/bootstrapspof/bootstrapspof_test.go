package bootstrapspof_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/bootstrapspof"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", bootstrapspof.Analyzer) }
