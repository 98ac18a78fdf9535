package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/config"
	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
)

// TestConfigEvaluationBudget: a .faultline.hcl from a pull request is
// evaluated under the same budget as the inputs: nested for expressions are
// an error at the expression, within seconds.
func TestConfigEvaluationBudget(t *testing.T) {
	list := "[" + strings.TrimSuffix(strings.Repeat("0,", 30), ",") + "]"
	nested := "x"
	for i := 0; i < 6; i++ {
		v := string(rune('a' + i))
		nested = "[for " + v + " in " + list + " : " + nested + "]"
	}
	start := cputime.Used()
	_, diags := config.Parse(".faultline.hcl", []byte("fail_on = "+nested+"\n"))
	if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
		t.Errorf("took %v", d)
	}
	found := false
	for _, d := range diags {
		found = found || d.Summary == "Evaluation too costly" && d.Subject != nil && d.Subject.Start.Line == 1
	}
	if !found {
		t.Errorf("no budget error at line 1: %v", diags)
	}
}
