package report_test

import (
	"reflect"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/report"
)

func spof(component string, blast int, entrypoints ...string) analysis.Finding {
	f := analysis.Finding{Rule: "spof", ID: "FL001", Severity: analysis.Error, Component: component,
		Event: "instance of " + component, BlastRadiusSize: blast, Entrypoints: entrypoints}
	f.Fingerprint = analysis.Fingerprint(f.Rule, f.Component, f.Event)
	return f
}

// TestCompare sorts findings into introduced, fixed, worsened, improved and
// unchanged by fingerprint and reach.
func TestCompare(t *testing.T) {
	base := []analysis.Finding{
		spof("db", 2, "web"),
		spof("cache", 3, "web", "admin"),
		spof("queue", 1, "web"),
		spof("gone", 1, "web"),
		spof("same", 1, "web"),
	}
	head := []analysis.Finding{
		spof("db", 4, "admin", "web"), // a new entrypoint: worsened
		spof("cache", 2, "web"),       // lost one entrypoint: improved
		spof("queue", 3, "web"),       // a larger blast radius only: worsened
		spof("same", 1, "web"),
		spof("new", 1, "web"),
	}
	c := report.Compare(head, base, nil)
	if len(c.Introduced) != 1 || c.Introduced[0].Component != "new" {
		t.Errorf("introduced: %+v", c.Introduced)
	}
	if len(c.Fixed) != 1 || c.Fixed[0].Component != "gone" {
		t.Errorf("fixed: %+v", c.Fixed)
	}
	if c.Unchanged != 1 {
		t.Errorf("unchanged: %d, want 1", c.Unchanged)
	}
	if len(c.Worsened) != 2 || c.Worsened[0].Component != "db" || c.Worsened[1].Component != "queue" {
		t.Fatalf("worsened: %+v", c.Worsened)
	}
	db := c.Worsened[0]
	if !reflect.DeepEqual(db.AddedEntrypoints, []string{"admin"}) || db.Before != (report.Reach{EntrypointsLost: 1, BlastRadiusSize: 2}) ||
		db.After != (report.Reach{EntrypointsLost: 2, BlastRadiusSize: 4}) {
		t.Errorf("db: %+v", db)
	}
	if got, want := report.Worse(&db), "Worsened: entrypoints lost 1 → 2 (now also takes down admin); blast radius 2 → 4."; got != want {
		t.Errorf("Worse: %q, want %q", got, want)
	}
	if got, want := report.Worse(&c.Worsened[1]), "Worsened: blast radius 1 → 3."; got != want {
		t.Errorf("Worse: %q, want %q", got, want)
	}
	if len(c.Improved) != 1 || !reflect.DeepEqual(c.Improved[0].RemovedEntrypoints, []string{"admin"}) {
		t.Errorf("improved: %+v", c.Improved)
	}
	// A base whose reach is unknown (an old baseline) makes nothing worse.
	c = report.Compare(head, base, func(int) bool { return false })
	if len(c.Worsened) != 0 || len(c.Improved) != 0 || c.Unchanged != 4 {
		t.Errorf("unmeasured base: %d worsened, %d improved, %d unchanged", len(c.Worsened), len(c.Improved), c.Unchanged)
	}
}

// TestCompareCutLists: an entrypoint list cut by --blast-limit proves nothing
// absent, so only the counts decide.
func TestCompareCutLists(t *testing.T) {
	b := spof("db", 5, "a", "b")
	b.EntrypointsSize = 5
	h := spof("db", 5, "a", "c")
	h.EntrypointsSize = 5
	c := report.Compare([]analysis.Finding{h}, []analysis.Finding{b}, nil)
	if len(c.Worsened) != 0 || len(c.Improved) != 0 || c.Unchanged != 1 {
		t.Errorf("cut lists of the same size: %+v", c)
	}
}

// TestMostImportantFirst orders by suppression, severity, entrypoints lost,
// blast radius, and keeps the input order otherwise.
func TestMostImportantFirst(t *testing.T) {
	warn := spof("w", 50, "a", "b", "c")
	warn.Severity = analysis.Warning
	sup := spof("s", 99, "a", "b", "c", "d")
	sup.Suppressed = &analysis.Suppression{Kind: "comment", Reason: "known"}
	fs := []analysis.Finding{warn, spof("e1", 1, "a"), sup, spof("e2", 9, "a"), spof("e3", 1, "a", "b"), spof("e4", 1, "a")}
	var got []string
	for _, f := range report.MostImportantFirst(fs) {
		got = append(got, f.Component)
	}
	if want := []string{"e3", "e2", "e1", "e4", "w", "s"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
