package shareddomain_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/shareddomain"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", shareddomain.Analyzer) }
