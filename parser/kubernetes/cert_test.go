package kubernetes

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/graph"
)

// testCert returns the base64 of a PEM certificate valid until notAfter.
func testCert(t *testing.T, notAfter time.Time) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "shop"},
		NotBefore: notAfter.Add(-90 * 24 * time.Hour), NotAfter: notAfter}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// TestTLSCertificates: a kubernetes.io/tls Secret is a certificate with the expiry
// of its tls.crt, renewed by hand unless a cert-manager Certificate writes it; a
// workload that mounts it requires it.
func TestTLSCertificates(t *testing.T) {
	expiry := time.Date(2027, 1, 5, 12, 0, 0, 0, time.UTC)
	secret := func(name string) string {
		return "apiVersion: v1\nkind: Secret\nmetadata: {name: " + name + ", namespace: shop}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: " +
			testCert(t, expiry) + "\n  tls.key: ZmFrZQ==\n---\n"
	}
	src := secret("manual-tls") + secret("managed-tls") + secret("broken-tls") + `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: managed, namespace: shop}
spec: {secretName: managed-tls, dnsNames: [shop.example.com]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: web}]
      volumes:
      - {name: a, secret: {secretName: manual-tls}}
      - {name: b, secret: {secretName: managed-tls}}
      - {name: c, secret: {secretName: broken-tls}}
`
	// Break the third certificate.
	i := strings.Index(src, "name: broken-tls")
	j := i + strings.Index(src[i:], "tls.crt: ") + len("tls.crt: ")
	src = src[:j] + "bm90IGEgY2VydA==" + src[j+strings.Index(src[j:], "\n"):]

	b := graph.NewBuilder()
	diags := ParseFile("shop.yaml", []byte(src), b)
	m, more := b.Build()
	diags = append(diags, more...)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	manual, managed, broken := m.Component("k8s/Secret/shop/manual-tls"), m.Component("k8s/Secret/shop/managed-tls"), m.Component("k8s/Secret/shop/broken-tls")
	for _, c := range []*graph.Component{manual, managed, broken} {
		if c == nil || c.Kind != "certificate" || c.AutoRenew == nil {
			t.Fatalf("not a certificate: %+v", c)
		}
	}
	if !manual.Expires.Equal(expiry) || *manual.AutoRenew {
		t.Errorf("manual: expires %v auto %v", manual.Expires, *manual.AutoRenew)
	}
	if !managed.Expires.Equal(expiry) || !*managed.AutoRenew {
		t.Errorf("managed: expires %v auto %v", managed.Expires, *managed.AutoRenew)
	}
	if !broken.Expires.IsZero() || len(broken.Unknowns) == 0 {
		t.Errorf("broken: expires %v unknowns %v", broken.Expires, broken.Unknowns)
	}
	if !strings.Contains(diags.Error(), "Unreadable certificate") {
		t.Errorf("no warning for the broken certificate: %s", diags.Error())
	}
	var kinds []string
	for _, d := range m.EdgesBetween("k8s/Deployment/shop/web", "k8s/Secret/shop/manual-tls") {
		kinds = append(kinds, d.Kind.String())
	}
	if strings.Join(kinds, ",") != "requires" {
		t.Errorf("web -> manual-tls: %v, want requires", kinds)
	}
}
