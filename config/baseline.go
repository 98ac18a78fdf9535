package config

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/report"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline is a recorded set of accepted findings (--write-baseline, --baseline).
// Entries are identified by their fingerprint (analysis.Fingerprint: rule,
// component and event, no position), so that unrelated edits do not churn it;
// rule, component and event are kept for the people who read the file.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Component   string `json:"component"`
	Event       string `json:"event"`
	// BlastRadiusSize, Entrypoints and EntrypointsSize record the finding's
	// reach, so that a later run tells a finding that got worse (it takes down
	// a new entrypoint, its blast radius grew) from one that did not. A
	// baseline written before they were recorded has no BlastRadiusSize: its
	// findings are never worse or better.
	BlastRadiusSize *int     `json:"blast_radius_size,omitempty"`
	Entrypoints     []string `json:"entrypoints,omitempty"`
	EntrypointsSize int      `json:"entrypoints_size,omitempty"`
}

// NewBaseline records findings (suppressed ones too: a suppression may be
// removed later, and the finding is still an old one).
func NewBaseline(fs []analysis.Finding) *Baseline {
	b := &Baseline{Version: BaselineVersion, Findings: []BaselineEntry{}}
	for _, f := range fs {
		fp := f.Fingerprint
		if fp == "" {
			fp = analysis.Fingerprint(f.Rule, f.Component, f.Event)
		}
		size := f.BlastRadiusSize
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: fp, Rule: f.Rule, Component: f.Component, Event: f.Event,
			BlastRadiusSize: &size, Entrypoints: f.Entrypoints, EntrypointsSize: f.EntrypointsSize})
	}
	sort.Slice(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		if x.Component != y.Component {
			return x.Component < y.Component
		}
		if x.Event != y.Event {
			return x.Event < y.Event
		}
		return x.Fingerprint < y.Fingerprint
	})
	return b
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(b)
}

// ReadBaseline reads a baseline file.
func ReadBaseline(file string) (*Baseline, error) {
	data, err := boundary.ReadTrusted(file)
	if err != nil {
		if _, ok := err.(*os.PathError); !ok {
			return nil, fmt.Errorf("--baseline: %s: %s", file, reason(err))
		}
		return nil, fmt.Errorf("--baseline: %s", reason(err))
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("--baseline: %s is not a faultline baseline: %v", file, err)
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("--baseline: %s has version %d; this faultline reads version %d", file, b.Version, BaselineVersion)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			if e.Rule == "" || e.Component == "" {
				return nil, fmt.Errorf("--baseline: %s: entry %d has no fingerprint", file, i+1)
			}
			b.Findings[i].Fingerprint = analysis.Fingerprint(e.Rule, e.Component, e.Event)
		}
	}
	return &b, nil
}

// Compare compares findings with the baseline's: those it does not hold are
// introduced, those whose reach grew worsened, those whose reach shrank
// improved (see report.Compare).
func (b *Baseline) Compare(fs []analysis.Finding) report.Comparison {
	base := make([]analysis.Finding, len(b.Findings))
	for i, e := range b.Findings {
		base[i] = analysis.Finding{Rule: e.Rule, Component: e.Component, Event: e.Event, Fingerprint: e.Fingerprint,
			Entrypoints: e.Entrypoints, EntrypointsSize: e.EntrypointsSize}
		if e.BlastRadiusSize != nil {
			base[i].BlastRadiusSize = *e.BlastRadiusSize
		}
	}
	return report.Compare(fs, base, func(i int) bool { return b.Findings[i].BlastRadiusSize != nil })
}
