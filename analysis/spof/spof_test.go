package spof_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/spof"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", spof.Analyzer) }
