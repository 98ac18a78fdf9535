package unknownplacement_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/unknownplacement"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", unknownplacement.Analyzer) }
