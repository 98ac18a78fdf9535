package sloinfeasible_test

import (
	"testing"

	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/sloinfeasible"
)

func TestAnalyzer(t *testing.T) { analysistest.Run(t, "testdata", sloinfeasible.Analyzer) }
