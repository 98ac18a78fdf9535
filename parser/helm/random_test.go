package helm

import (
	"crypto/x509"
	"encoding/pem"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// renderTemplates renders a chart named name, version 1.0.0, made of the
// given templates (name: text) with now.
func renderTemplates(t *testing.T, name string, tpls map[string]string, now time.Time) map[string]string {
	t.Helper()
	files := []file{{name: "Chart.yaml", data: []byte("apiVersion: v2\nname: " + name + "\nversion: 1.0.0\n"), loc: name + "/Chart.yaml"}}
	for n, s := range tpls {
		files = append(files, file{name: "templates/" + n, data: []byte(s), loc: name + "/templates/" + n})
	}
	budget := int64(maxChartBytes)
	c, err := loadFiles(files, name, name+"/Chart.yaml", 0, &budget)
	if err != nil {
		t.Fatal(err)
	}
	res := Render(c, Options{Now: now})
	for _, e := range res.Errors {
		t.Fatalf("%s:%d:%d: %s", e.Loc, e.Line, e.Col, e.Msg)
	}
	out := map[string]string{}
	for _, o := range res.Outputs {
		out[strings.TrimPrefix(o.Name, name+"/templates/")] = string(o.Data)
	}
	return out
}

var pinned = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// TestRandomFunctionsDeterministic renders every function that Helm makes
// random or reads the wall clock with, twice, and checks that the renderings
// are the same byte for byte, and that each value has the form Helm's has.
func TestRandomFunctionsDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name, tpl string
		check     func(t *testing.T, out string)
	}{
		{"randAlphaNum", `{{ randAlphaNum 40 }}`, matches(`^[A-Za-z0-9]{40}$`)},
		{"randAlpha", `{{ randAlpha 40 }}`, matches(`^[A-Za-z]{40}$`)},
		{"randNumeric", `{{ randNumeric 40 }}`, matches(`^[0-9]{40}$`)},
		{"randAscii", `{{ randAscii 40 }}`, matches(`^[ -~]{40}$`)},
		{"randAlphaNum negative", `[{{ randAlphaNum -1 }}]`, matches(`^\[\]$`)},
		{"randBytes", `{{ randBytes 12 }}`, matches(`^[A-Za-z0-9+/]{16}$`)},
		{"randInt", `{{ randInt 10 20 }}`, matches(`^1[0-9]$`)},
		{"shuffle", `{{ shuffle "abcdefghij" }}`, func(t *testing.T, out string) {
			if len(out) != 10 || sortString(out) != "abcdefghij" {
				t.Errorf("shuffle gave %q", out)
			}
		}},
		{"uuidv4", `{{ uuidv4 }}`, matches(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)},
		{"two calls differ", `{{ randAlphaNum 16 }} {{ randAlphaNum 16 }}`, func(t *testing.T, out string) {
			a, b, _ := strings.Cut(out, " ")
			if a == b {
				t.Errorf("two calls gave the same %q", a)
			}
		}},
		{"bcrypt", `{{ bcrypt "s3cret" }}`, func(t *testing.T, out string) {
			if err := bcrypt.CompareHashAndPassword([]byte(out), []byte("s3cret")); err != nil {
				t.Errorf("bcrypt %q does not verify: %v", out, err)
			}
			if !strings.HasPrefix(out, "$2a$10$") {
				t.Errorf("bcrypt %q is not version 2a, cost 10", out)
			}
		}},
		{"htpasswd", `{{ htpasswd "me" "pw" }}`, func(t *testing.T, out string) {
			u, h, _ := strings.Cut(out, ":")
			if u != "me" || bcrypt.CompareHashAndPassword([]byte(h), []byte("pw")) != nil {
				t.Errorf("htpasswd gave %q", out)
			}
		}},
		{"encryptAES", `{{ encryptAES "key" "plain text" | decryptAES "key" }}`, matches(`^plain text$`)},
		{"derivePassword", `{{ derivePassword 1 "long" "password" "user" "example.com" }}`, matches(`^\S{14}$`)},
		{"now", `{{ now | date "2006-01-02T15:04:05Z07:00" }}`, matches(`^2026-03-04T05:06:07Z$`)},
		{"date of a non-time is now", `{{ date "2006-01-02" "x" }} {{ htmlDate "x" }}`, matches(`^2026-03-04 2026-03-04$`)},
		{"date in the machine's zone is UTC", `{{ date "15:04 MST" 0 }}`, matches(`^00:00 UTC$`)},
		// The zone database is compiled in (time/tzdata): a named zone reads
		// the same on a machine without /usr/share/zoneinfo (a scratch or
		// distroless CI image) as on one with it.
		{"dateInZone named zone", `{{ dateInZone "2006-01-02 15:04 MST" 0 "Asia/Tokyo" }}`, matches(`^1970-01-01 09:00 JST$`)},
		{"dateInZone unknown zone is UTC", `{{ dateInZone "15:04 MST" 0 "Nowhere/Else" }}`, matches(`^00:00 UTC$`)},
		{"ago", `{{ ago (now | dateModify "-90m") }}`, matches(`^1h30m0s$`)},
		{"durationRound of a time", `{{ durationRound (now | dateModify "-50h") }}`, matches(`^2d$`)},
		{"toDate", `{{ toDate "2006-01-02" "2024-05-06" | unixEpoch }}`, matches(`^1714953600$`)},
		{"genPrivateKey ecdsa", `{{ genPrivateKey "ecdsa" }}`, keyPEM("EC PRIVATE KEY")},
		{"genPrivateKey ed25519", `{{ genPrivateKey "ed25519" }}`, keyPEM("PRIVATE KEY")},
		{"genPrivateKey unknown", `{{ genPrivateKey "x" }}`, matches(`^Unknown type x$`)},
		{"genCA", `{{ $ca := genCA "my-ca" 365 }}{{ $ca.Cert }}{{ $ca.Key }}`, func(t *testing.T, out string) {
			c := cert(t, out)
			if !c.IsCA || c.Subject.CommonName != "my-ca" {
				t.Errorf("genCA: IsCA %v, CN %q", c.IsCA, c.Subject.CommonName)
			}
			if !c.NotBefore.Equal(pinned) || !c.NotAfter.Equal(pinned.AddDate(0, 0, 365)) {
				t.Errorf("genCA is valid from %s to %s, not from now (%s) for 365 days", c.NotBefore, c.NotAfter, pinned)
			}
			keyPEM("RSA PRIVATE KEY")(t, out[strings.Index(out, "-----BEGIN RSA"):])
		}},
		{"genSignedCert", `{{ $ca := genCA "ca" 10 }}{{ $c := genSignedCert "svc" (list "10.0.0.1") (list "svc.local") 30 $ca }}{{ $ca.Cert }}{{ $c.Cert }}`, func(t *testing.T, out string) {
			rest := []byte(out)
			var certs []*x509.Certificate
			for {
				var b *pem.Block
				if b, rest = pem.Decode(rest); b == nil {
					break
				}
				c, err := x509.ParseCertificate(b.Bytes)
				if err != nil {
					t.Fatal(err)
				}
				certs = append(certs, c)
			}
			if len(certs) != 2 {
				t.Fatalf("%d certificates", len(certs))
			}
			if err := certs[1].CheckSignatureFrom(certs[0]); err != nil {
				t.Errorf("the signed certificate is not signed by the CA: %v", err)
			}
			if certs[1].DNSNames[0] != "svc.local" || !certs[1].NotAfter.Equal(pinned.AddDate(0, 0, 30)) {
				t.Errorf("signed certificate: %v, until %s", certs[1].DNSNames, certs[1].NotAfter)
			}
		}},
		{"genSelfSignedCertWithKey ecdsa", `{{ $k := genPrivateKey "ecdsa" }}{{ (genSelfSignedCertWithKey "x" nil nil 1 $k).Cert }}`, func(t *testing.T, out string) {
			if c := cert(t, out); c.Subject.CommonName != "x" {
				t.Errorf("CN %q", c.Subject.CommonName)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpls := map[string]string{"t.yaml": tc.tpl}
			first := renderTemplates(t, "det", tpls, pinned)["t.yaml"]
			second := renderTemplates(t, "det", tpls, pinned)["t.yaml"]
			if first != second {
				t.Fatalf("two renderings differ:\n%s\n%s", first, second)
			}
			tc.check(t, first)
		})
	}
}

// TestRandomStreams: a template's values depend on the chart and the
// template, not on the other templates, and differ between templates and
// charts.
func TestRandomStreams(t *testing.T) {
	const tpl = `{{ randAlphaNum 20 }}`
	alone := renderTemplates(t, "a", map[string]string{"x.yaml": tpl}, pinned)
	with := renderTemplates(t, "a", map[string]string{"x.yaml": tpl, "w.yaml": tpl + tpl, "y.yaml": tpl}, pinned)
	other := renderTemplates(t, "b", map[string]string{"x.yaml": tpl}, pinned)
	later := renderTemplates(t, "a", map[string]string{"x.yaml": tpl}, pinned.AddDate(1, 0, 0))
	if alone["x.yaml"] != with["x.yaml"] {
		t.Errorf("adding templates changed x.yaml: %q, %q", alone["x.yaml"], with["x.yaml"])
	}
	if alone["x.yaml"] != later["x.yaml"] {
		t.Errorf("the date changed x.yaml: %q, %q", alone["x.yaml"], later["x.yaml"])
	}
	if with["x.yaml"] == with["y.yaml"] {
		t.Errorf("two templates drew the same %q", with["x.yaml"])
	}
	if alone["x.yaml"] == other["x.yaml"] {
		t.Errorf("two charts drew the same %q", alone["x.yaml"])
	}
}

// TestRandomBudget: a loop that makes keys is stopped by the budget (here
// after two keys, of 200,000 units each).
func TestRandomBudget(t *testing.T) {
	files := []file{
		{name: "Chart.yaml", data: []byte("apiVersion: v2\nname: k\nversion: 1.0.0\n"), loc: "k/Chart.yaml"},
		{name: "templates/t.yaml", data: []byte(`{{ range until 1000 }}{{ genCA "x" 1 }}{{ end }}`), loc: "k/templates/t.yaml"},
	}
	budget := int64(maxChartBytes)
	c, err := loadFiles(files, "k", "k/Chart.yaml", 0, &budget)
	if err != nil {
		t.Fatal(err)
	}
	res := Render(c, Options{Now: pinned, MaxWork: 500_000})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Msg, "units of work") {
		t.Fatalf("errors: %+v", res.Errors)
	}
}

func matches(re string) func(t *testing.T, out string) {
	rx := regexp.MustCompile(re)
	return func(t *testing.T, out string) {
		t.Helper()
		if !rx.MatchString(out) {
			t.Errorf("%q does not match %s", out, re)
		}
	}
}

func keyPEM(typ string) func(t *testing.T, out string) {
	return func(t *testing.T, out string) {
		t.Helper()
		b, _ := pem.Decode([]byte(out))
		if b == nil || b.Type != typ {
			t.Fatalf("not a %s in PEM: %q", typ, out)
		}
		if _, err := parseKeyPEM(out); err != nil {
			t.Errorf("the key does not parse: %v", err)
		}
	}
}

func cert(t *testing.T, out string) *x509.Certificate {
	t.Helper()
	b, _ := pem.Decode([]byte(out))
	if b == nil || b.Type != "CERTIFICATE" {
		t.Fatalf("no certificate in %q", out)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sortString(s string) string {
	b := []byte(s)
	for i := range b {
		for j := i + 1; j < len(b); j++ {
			if b[j] < b[i] {
				b[i], b[j] = b[j], b[i]
			}
		}
	}
	return string(b)
}
