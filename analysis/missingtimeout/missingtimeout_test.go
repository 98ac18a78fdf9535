package missingtimeout_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/missingtimeout"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", missingtimeout.Analyzer) }
