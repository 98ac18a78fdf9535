package capacityheadroom_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/capacityheadroom"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", capacityheadroom.Analyzer) }
