// Package certexpiry defines the cert-expiry rule: certificates that expire soon,
// have expired, or need a manual renewal.
package certexpiry

import (
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/failure"
)

// Analyzer reports certificates at risk of expiring.
var Analyzer = &analysis.Analyzer{
	Name:     "cert-expiry",
	Rule:     Rule,
	Requires: []*analysis.Analyzer{failure.Analyzer},
	Run:      run,
}

// Rule documents cert-expiry.
var Rule = &analysis.Rule{
	ID:       "FL011",
	Name:     "cert-expiry",
	Severity: analysis.Error,
	Title:    "Certificate expires soon or needs manual renewal",
	Text: `A certificate (a component with an expiry date) has expired, or expires within the
warning window (30 days by default) of the analysis date (--now, default today),
or is renewed by hand. An expired certificate fails every TLS client at once, and
a manual renewal is a single point of failure in time: one forgotten calendar
entry. Severity: error when expired, or manual and inside the window; warning when
it expires inside the window but renews automatically, or when it is manual but
not yet due. The finding shows what goes down with the certificate.`,
	Before: `component "api_tls" {
  kind       = "certificate"
  expires    = "2026-12-01"
  auto_renew = false
}
component "api" {
  entrypoint = true
  replicas   = 2
  requires   = [component.api_tls]
}`,
	After: `component "api_tls" {
  kind       = "certificate"
  expires    = "2027-03-01"
  auto_renew = true   # ACME / cert-manager
}`,
	Fix: `Automate renewal (ACME, cert-manager, a managed certificate service) and alert
on the expiry date well ahead of it; renew an expired or imminent certificate now.`,
	Since: "0.1.0",
}

func run(p *analysis.Pass) (any, error) {
	res := p.ResultOf[failure.Analyzer].(*failure.Results)
	x := p.Index
	window := p.Options.CertWarningDays
	for v, c := range x.Comp {
		if c.Expires.IsZero() {
			continue
		}
		// Whole days from the Unix times: time.Duration saturates at
		// 292 years (9999-12-31 was "in 106751 days").
		days := int((c.Expires.Unix() - p.Now.Unix()) / 86400)
		expired := !c.Expires.After(p.Now)
		manual := c.AutoRenew != nil && !*c.AutoRenew
		soon := !expired && days <= window
		var sev analysis.Severity
		var what string
		date := c.Expires.Format("2006-01-02")
		switch {
		case expired:
			sev, what = analysis.Error, fmt.Sprintf("expired on %s", date)
		case soon && manual:
			sev, what = analysis.Error, fmt.Sprintf("expires on %s, in %d days, and is renewed by hand", date, days)
		case soon:
			sev, what = analysis.Warning, fmt.Sprintf("expires on %s, in %d days", date, days)
		case manual:
			sev, what = analysis.Warning, fmt.Sprintf("is renewed by hand (expires on %s, in %d days)", date, days)
		default:
			continue
		}
		w := res.Whole(int32(v))
		msg := fmt.Sprintf("certificate %s %s", c.ID, what)
		if len(w.EntryDown) > 0 {
			ents := failure.IDs(x, w.EntryDown)
			msg += fmt.Sprintf("; when it lapses it takes down %s (%s)", analysis.Plural(len(ents), "entrypoint"), strings.Join(ents, ", "))
		}
		path := []string{c.ID}
		if e := w.ClosestEntry(); e >= 0 {
			path = w.Path(e)
		}
		var blast []int32
		for _, d := range w.Down {
			if d != int32(v) {
				blast = append(blast, d)
			}
		}
		blastIDs, blastSize := p.BlastRadius(blast)
		p.Report(analysis.Finding{
			Severity:        sev,
			Component:       c.ID,
			Message:         msg,
			Location:        analysis.LocationOf(c.Range),
			Event:           "certificate expiry on " + date,
			BlastRadius:     blastIDs,
			BlastRadiusSize: blastSize,
			Path:            path,
			Entrypoints:     failure.IDs(x, w.EntryDown),
		})
	}
	return nil, nil
}
