package helm

import (
	"bytes"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/dsa" //nolint:staticcheck // Sprig's genPrivateKey "dsa" makes DSA keys
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"strings"
	"time"
	_ "time/tzdata" // named zones (dateInZone) read the same on every machine, with or without a system zone database

	"github.com/Masterminds/sprig/v3"
	"golang.org/x/crypto/blowfish"
)

// Determinism. Helm's random functions (Sprig's randAlphaNum, uuidv4,
// genCA, bcrypt, …) read the operating system's randomness and certificates
// start at the wall clock, so two renderings of one chart differ. faultline
// promises the same output for the same input: here each template draws its
// randomness from its own stream, a ChaCha8 generator (math/rand/v2) seeded
// from the chart's name and version and the template's name, and every
// function that reads the time reads the rendering's "now" (Options.Now, the
// commands' clock). The values look like Helm's (same alphabets, lengths,
// formats, key types and sizes, certificate fields) but are not secret:
// anyone can compute them from the chart. faultline only reads them.

// entropySeed is the seed of a template's stream: the same chart, version
// and template give the same stream, whatever the values, the release, the
// machine or the order in which templates run.
func entropySeed(chart, version, template string) [32]byte {
	h := sha256.New()
	for _, s := range []string{"faultline/helm random v1", chart, version, template} {
		fmt.Fprintf(h, "%d:%s\x00", len(s), s)
	}
	var seed [32]byte
	copy(seed[:], h.Sum(nil))
	return seed
}

// entropy is a template's deterministic random stream.
type entropy struct{ r *mrand.ChaCha8 }

func newEntropy(seed [32]byte) *entropy { return &entropy{r: mrand.NewChaCha8(seed)} }

func (e *entropy) Read(p []byte) (int, error) { return e.r.Read(p) }

// intn is uniform in [0, n), n > 0.
func (e *entropy) intn(n int) int { return int(mrand.New(e.r).Uint64N(uint64(n))) }

const (
	alphaChars    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	numericChars  = "0123456789"
	alnumChars    = alphaChars + numericChars
	maxRandString = 1 << 24
)

// asciiChars are the printable ASCII characters, space to tilde, as Sprig's
// randAscii draws them.
var asciiChars = func() string {
	var b strings.Builder
	for c := byte(32); c <= 126; c++ {
		b.WriteByte(c)
	}
	return b.String()
}()

// randString draws n characters of the alphabet; a negative n gives "" (as
// Sprig does, which drops the error).
func (e *entropy) randString(alphabet string, n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[e.intn(len(alphabet))]
	}
	return string(b)
}

func (e *entropy) randBytes(n int) (string, error) {
	if n < 0 {
		return "", fmt.Errorf("randBytes: negative count %d", n)
	}
	b := make([]byte, n)
	_, _ = e.Read(b)
	return base64.StdEncoding.EncodeToString(b), nil
}

func (e *entropy) randInt(lo, hi int) (int, error) {
	if hi <= lo {
		return 0, fmt.Errorf("randInt: the maximum %d is not above the minimum %d", hi, lo)
	}
	return lo + e.intn(hi-lo), nil
}

// shuffle permutes the runes of s.
func (e *entropy) shuffle(s string) string {
	rs := []rune(s)
	for i := len(rs) - 1; i > 0; i-- {
		j := e.intn(i + 1)
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}

// uuidv4 is a version 4 (random) UUID, RFC 9562.
func (e *entropy) uuidv4() string {
	var u [16]byte
	_, _ = e.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// prime is a random prime of exactly bits bits, its two top bits set (so
// that the product of two has twice the bits): a random odd start, then the
// next odd numbers. math/big's primality test is deterministic.
func (e *entropy) prime(bits int) *big.Int {
	buf := make([]byte, (bits+7)/8)
	top := uint(bits % 8)
	if top == 0 {
		top = 8
	}
	two := big.NewInt(2)
	for {
		_, _ = e.Read(buf)
		buf[0] &= byte(1<<top - 1)
		if top >= 2 {
			buf[0] |= 3 << (top - 2)
		} else {
			buf[0] |= 1
			if len(buf) > 1 {
				buf[1] |= 0x80
			}
		}
		buf[len(buf)-1] |= 1
		p := new(big.Int).SetBytes(buf)
		for i := 0; i < 1<<14 && p.BitLen() == bits; i++ {
			if p.ProbablyPrime(20) {
				return p
			}
			p.Add(p, two)
		}
	}
}

// rsaKey is an RSA key of the given size, exponent 65537, from the stream
// (crypto/rsa.GenerateKey reads the system's randomness whatever reader it is
// given, since Go 1.26).
func (e *entropy) rsaKey(bits int) (*rsa.PrivateKey, error) {
	one := big.NewInt(1)
	exp := big.NewInt(65537)
	for range 64 {
		p, q := e.prime(bits-bits/2), e.prime(bits/2)
		if p.Cmp(q) == 0 {
			continue
		}
		n := new(big.Int).Mul(p, q)
		if n.BitLen() != bits {
			continue
		}
		pm, qm := new(big.Int).Sub(p, one), new(big.Int).Sub(q, one)
		gcd := new(big.Int).GCD(nil, nil, pm, qm)
		lambda := new(big.Int).Div(new(big.Int).Mul(pm, qm), gcd)
		d := new(big.Int).ModInverse(exp, lambda)
		if d == nil {
			continue
		}
		k := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: n, E: 65537}, D: d, Primes: []*big.Int{p, q}}
		k.Precompute()
		if k.Validate() == nil {
			return k, nil
		}
	}
	return nil, errors.New("error generating rsa key")
}

// dsaKeyFormat is a DSA key's ASN.1 form in PEM (OpenSSL's, as Sprig writes).
type dsaKeyFormat struct {
	Version       int
	P, Q, G, Y, X *big.Int
}

// privateKey is genPrivateKey's key of the type: "" or rsa (4096 bits), dsa,
// ecdsa (P-256), ed25519.
func (e *entropy) privateKey(typ string) (any, error) {
	switch typ {
	case "", "rsa":
		return e.rsaKey(4096)
	case "dsa":
		k := new(dsa.PrivateKey)
		if err := dsa.GenerateParameters(&k.Parameters, e, dsa.L2048N256); err != nil {
			return nil, fmt.Errorf("failed to generate dsa params: %s", err)
		}
		if err := dsa.GenerateKey(k, e); err != nil {
			return nil, err
		}
		return k, nil
	case "ecdsa":
		d := make([]byte, 32)
		for {
			_, _ = e.Read(d)
			if k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d); err == nil {
				return k, nil
			}
		}
	case "ed25519":
		seed := make([]byte, ed25519.SeedSize)
		_, _ = e.Read(seed)
		return ed25519.NewKeyFromSeed(seed), nil
	}
	return nil, fmt.Errorf("Unknown type %s", typ)
}

func pemOfKey(k any) (string, error) {
	var blk *pem.Block
	switch k := k.(type) {
	case *rsa.PrivateKey:
		blk = &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}
	case *dsa.PrivateKey:
		b, err := asn1.Marshal(dsaKeyFormat{P: k.P, Q: k.Q, G: k.G, Y: k.Y, X: k.X})
		if err != nil {
			return "", err
		}
		blk = &pem.Block{Type: "DSA PRIVATE KEY", Bytes: b}
	case *ecdsa.PrivateKey:
		b, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			return "", err
		}
		blk = &pem.Block{Type: "EC PRIVATE KEY", Bytes: b}
	default:
		b, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			return "", err
		}
		blk = &pem.Block{Type: "PRIVATE KEY", Bytes: b}
	}
	return string(pem.EncodeToMemory(blk)), nil
}

func (e *entropy) genPrivateKey(typ string) string {
	k, err := e.privateKey(typ)
	if err != nil {
		if strings.HasPrefix(err.Error(), "Unknown type") {
			return err.Error()
		}
		return fmt.Sprintf("failed to generate private key: %s", err)
	}
	s, err := pemOfKey(k)
	if err != nil {
		return fmt.Sprintf("failed to generate private key: %s", err)
	}
	return s
}

// parseKeyPEM reads a private key in PEM: PKCS#8, or PKCS#1 RSA, SEC 1 EC,
// OpenSSL DSA.
func parseKeyPEM(s string) (crypto.PrivateKey, error) {
	blk, _ := pem.Decode([]byte(s))
	if blk == nil {
		return nil, errors.New("no PEM data in input")
	}
	switch blk.Type {
	case "PRIVATE KEY":
		return x509.ParsePKCS8PrivateKey(blk.Bytes)
	case "RSA PRIVATE KEY":
		return x509.ParsePKCS1PrivateKey(blk.Bytes)
	case "EC PRIVATE KEY":
		return x509.ParseECPrivateKey(blk.Bytes)
	case "DSA PRIVATE KEY":
		var k dsaKeyFormat
		if _, err := asn1.Unmarshal(blk.Bytes, &k); err != nil {
			return nil, fmt.Errorf("parsing DSA private key from PEM: %s", err)
		}
		return &dsa.PrivateKey{PublicKey: dsa.PublicKey{Parameters: dsa.Parameters{P: k.P, Q: k.Q, G: k.G}, Y: k.Y}, X: k.X}, nil
	}
	return nil, fmt.Errorf("invalid private key type %s", blk.Type)
}

// certificate is what the gen*Cert functions return (.Cert, .Key in PEM).
type certificate struct {
	Cert string
	Key  string
}

// signer signs deterministically: RSA PKCS #1 v1.5 and Ed25519 are; ECDSA is
// with RFC 6979 (a nil reader), not with the system's randomness.
type signer struct{ crypto.Signer }

func (s signer) Sign(_ io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	return s.Signer.Sign(nil, digest, opts)
}

func toStrings(what string, vs []any) ([]string, error) {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("error processing %s: %v is not a string", what, v)
		}
		out = append(out, s)
	}
	return out, nil
}

// certTemplate is a certificate valid from now for days days, with a
// random serial number of 128 bits.
func (e *entropy) certTemplate(now time.Time, cn string, ips, dns []any, days int) (*x509.Certificate, error) {
	ipStrs, err := toStrings("ip", ips)
	if err != nil {
		return nil, err
	}
	var addrs []net.IP
	for _, s := range ipStrs {
		ip := net.ParseIP(s)
		if ip == nil {
			return nil, fmt.Errorf("error parsing ip: %s", s)
		}
		addrs = append(addrs, ip)
	}
	names, err := toStrings("alternate dns name", dns)
	if err != nil {
		return nil, err
	}
	serial := make([]byte, 16)
	_, _ = e.Read(serial)
	return &x509.Certificate{
		SerialNumber:          new(big.Int).SetBytes(serial),
		Subject:               pkix.Name{CommonName: cn},
		IPAddresses:           addrs,
		DNSNames:              names,
		NotBefore:             now,
		NotAfter:              now.Add(time.Duration(days) * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageKeyEncipherment | x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
	}, nil
}

// issue signs tmpl for key by parent (nil: self-signed) with signKey.
func issue(tmpl, parent *x509.Certificate, key, signKey any) (certificate, error) {
	pub, ok := key.(crypto.Signer)
	if !ok {
		return certificate{}, fmt.Errorf("error retrieving public key from signee key: unable to get public key for type %T", key)
	}
	sk, ok := signKey.(crypto.Signer)
	if !ok {
		return certificate{}, fmt.Errorf("error creating certificate: unsupported key type %T", signKey)
	}
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(nil, tmpl, parent, pub.Public(), signer{sk})
	if err != nil {
		return certificate{}, fmt.Errorf("error creating certificate: %s", err)
	}
	keyPEM, err := pemOfKey(key)
	if err != nil {
		return certificate{}, fmt.Errorf("error pem-encoding key: %s", err)
	}
	return certificate{Cert: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), Key: keyPEM}, nil
}

// keyOr is the key in PEM, or a new RSA key of 2048 bits when there is none.
func (e *entropy) keyOr(keyPEM *string) (any, error) {
	if keyPEM == nil {
		k, err := e.rsaKey(2048)
		if err != nil {
			return nil, fmt.Errorf("error generating rsa key: %s", err)
		}
		return k, nil
	}
	k, err := parseKeyPEM(*keyPEM)
	if err != nil {
		return nil, fmt.Errorf("parsing private key: %s", err)
	}
	return k, nil
}

// keyAndTemplate is what every generated certificate starts from: its key (the
// one given, or a new one from the stream) and its template.
func (e *entropy) keyAndTemplate(now time.Time, cn string, ips, dns []any, days int, keyPEM *string) (any, *x509.Certificate, error) {
	key, err := e.keyOr(keyPEM)
	if err != nil {
		return nil, nil, err
	}
	tmpl, err := e.certTemplate(now, cn, ips, dns, days)
	if err != nil {
		return nil, nil, err
	}
	return key, tmpl, nil
}

func (e *entropy) genCA(now time.Time, cn string, days int, keyPEM *string) (certificate, error) {
	key, tmpl, err := e.keyAndTemplate(now, cn, nil, nil, days, keyPEM)
	if err != nil {
		return certificate{}, err
	}
	tmpl.KeyUsage |= x509.KeyUsageCertSign
	tmpl.IsCA = true
	return issue(tmpl, nil, key, key)
}

func (e *entropy) genSelfSigned(now time.Time, cn string, ips, dns []any, days int, keyPEM *string) (certificate, error) {
	key, tmpl, err := e.keyAndTemplate(now, cn, ips, dns, days, keyPEM)
	if err != nil {
		return certificate{}, err
	}
	return issue(tmpl, nil, key, key)
}

func (e *entropy) genSigned(now time.Time, cn string, ips, dns []any, days int, ca certificate, keyPEM *string) (certificate, error) {
	blk, _ := pem.Decode([]byte(ca.Cert))
	if blk == nil {
		return certificate{}, errors.New("unable to decode certificate")
	}
	parent, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return certificate{}, fmt.Errorf("error parsing certificate: decodedSignerCert.Bytes: %s", err)
	}
	caKey, err := parseKeyPEM(ca.Key)
	if err != nil {
		return certificate{}, fmt.Errorf("error parsing private key: %s", err)
	}
	key, tmpl, err := e.keyAndTemplate(now, cn, ips, dns, days, keyPEM)
	if err != nil {
		return certificate{}, err
	}
	return issue(tmpl, parent, key, caKey)
}

// buildCustomCert is Sprig's: a certificate and a key, in base64 PEM, checked.
func buildCustomCert(b64cert, b64key string) (certificate, error) {
	certPEM, err := base64.StdEncoding.DecodeString(b64cert)
	if err != nil {
		return certificate{}, errors.New("unable to decode base64 certificate")
	}
	keyPEM, err := base64.StdEncoding.DecodeString(b64key)
	if err != nil {
		return certificate{}, errors.New("unable to decode base64 private key")
	}
	blk, _ := pem.Decode(certPEM)
	if blk == nil {
		return certificate{}, errors.New("unable to decode certificate")
	}
	if _, err := x509.ParseCertificate(blk.Bytes); err != nil {
		return certificate{}, fmt.Errorf("error parsing certificate: decodedCert.Bytes: %s", err)
	}
	if _, err := parseKeyPEM(string(keyPEM)); err != nil {
		return certificate{}, fmt.Errorf("error parsing private key: %s", err)
	}
	return certificate{Cert: string(certPEM), Key: string(keyPEM)}, nil
}

// bcrypt hashes as OpenBSD's bcrypt, version 2a, cost 10 (what Sprig's bcrypt
// gives), with a salt from the stream.
func (e *entropy) bcrypt(password string) string {
	salt := make([]byte, 16)
	_, _ = e.Read(salt)
	h, err := bcryptHash([]byte(password), salt, 10)
	if err != nil {
		return fmt.Sprintf("failed to encrypt string with bcrypt: %s", err)
	}
	return h
}

// bcryptB64 is bcrypt's base64 alphabet (no padding).
var bcryptB64 = base64.NewEncoding("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789").WithPadding(base64.NoPadding)

// bcryptHash is the bcrypt hash of the password (its first 72 bytes, with a
// terminating NUL) with the 16-byte salt at the cost: the expensive Blowfish
// key schedule (2^cost rounds of expanding the password then the salt), which
// then encrypts "OrpheanBeholderScryDoubt" 64 times.
func bcryptHash(password, salt []byte, cost int) (string, error) {
	key := append(append([]byte{}, password...), 0)
	if len(key) > 72 {
		key = key[:72]
	}
	c, err := blowfish.NewSaltedCipher(key, salt)
	if err != nil {
		return "", err
	}
	for i := 0; i < 1<<cost; i++ {
		blowfish.ExpandKey(key, c)
		blowfish.ExpandKey(salt, c)
	}
	text := []byte("OrpheanBeholderScryDoubt")
	for i := 0; i < 64; i++ {
		for j := 0; j < len(text); j += 8 {
			c.Encrypt(text[j:j+8], text[j:j+8])
		}
	}
	return fmt.Sprintf("$2a$%02d$%s%s", cost, bcryptB64.EncodeToString(salt), bcryptB64.EncodeToString(text[:23])), nil
}

func (e *entropy) htpasswd(user, password string) string {
	if strings.Contains(user, ":") {
		return fmt.Sprintf("invalid username: %s", user)
	}
	return user + ":" + e.bcrypt(password)
}

// encryptAES is Sprig's: AES-256-CBC with the password (zero-padded or cut
// to 32 bytes) as the key, PKCS #7 padding, the IV first, in base64; the IV
// from the stream.
func (e *entropy) encryptAES(password, plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	key := make([]byte, 32)
	copy(key, password)
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	pad := aes.BlockSize - len(plaintext)%aes.BlockSize
	content := append([]byte(plaintext), bytes.Repeat([]byte{byte(pad)}, pad)...)
	out := make([]byte, aes.BlockSize+len(content))
	_, _ = e.Read(out[:aes.BlockSize])
	cipher.NewCBCEncrypter(block, out[:aes.BlockSize]).CryptBlocks(out[aes.BlockSize:], content)
	return base64.StdEncoding.EncodeToString(out), nil
}

// toTime is a date argument as Sprig's date functions take it (a time, or
// seconds since the epoch); anything else is now, which Sprig reads from the
// wall clock and faultline from the rendering's now.
func (r *renderer) toTime(d any) time.Time {
	switch d := d.(type) {
	case time.Time:
		return d
	case *time.Time:
		if d != nil {
			return *d
		}
	case int64:
		return time.Unix(d, 0).UTC()
	case int:
		return time.Unix(int64(d), 0).UTC()
	case int32:
		return time.Unix(int64(d), 0).UTC()
	}
	return r.now()
}

// zone is a time zone by name; "Local" (Sprig's default, the machine's zone)
// is UTC, so that a rendering does not depend on the machine; an unknown
// zone is UTC, as in Sprig.
func zone(name string) *time.Location {
	if name == "Local" || name == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// deterministicFuncs replace Sprig's functions that read the system's
// randomness, the wall clock or the machine's time zone: the same names,
// arguments and kinds of results, from the template's stream and the
// rendering's now.
func (r *renderer) deterministicFuncs() map[string]any {
	sprigDurationRound := sprig.TxtFuncMap()["durationRound"].(func(any) string)
	dateIn := func(f string, d any, z string) string { return r.toTime(d).In(zone(z)).Format(f) }
	return map[string]any{
		"randAlphaNum": func(n int) string { return r.rng.randString(alnumChars, n) },
		"randAlpha":    func(n int) string { return r.rng.randString(alphaChars, n) },
		"randNumeric":  func(n int) string { return r.rng.randString(numericChars, n) },
		"randAscii":    func(n int) string { return r.rng.randString(asciiChars, n) },
		"randBytes":    func(n int) (string, error) { return r.rng.randBytes(n) },
		"randInt":      func(lo, hi int) (int, error) { return r.rng.randInt(lo, hi) },
		"shuffle":      func(s string) string { return r.rng.shuffle(s) },
		"uuidv4":       func() string { return r.rng.uuidv4() },
		"bcrypt":       func(s string) string { return r.rng.bcrypt(s) },
		"htpasswd":     func(u, p string) string { return r.rng.htpasswd(u, p) },
		"encryptAES":   func(p, s string) (string, error) { return r.rng.encryptAES(p, s) },
		"genPrivateKey": func(typ string) string {
			return r.rng.genPrivateKey(typ)
		},
		"buildCustomCert": buildCustomCert,
		"genCA": func(cn string, days int) (certificate, error) {
			return r.rng.genCA(r.now(), cn, days, nil)
		},
		"genCAWithKey": func(cn string, days int, key string) (certificate, error) {
			return r.rng.genCA(r.now(), cn, days, &key)
		},
		"genSelfSignedCert": func(cn string, ips, dns []any, days int) (certificate, error) {
			return r.rng.genSelfSigned(r.now(), cn, ips, dns, days, nil)
		},
		"genSelfSignedCertWithKey": func(cn string, ips, dns []any, days int, key string) (certificate, error) {
			return r.rng.genSelfSigned(r.now(), cn, ips, dns, days, &key)
		},
		"genSignedCert": func(cn string, ips, dns []any, days int, ca certificate) (certificate, error) {
			return r.rng.genSigned(r.now(), cn, ips, dns, days, ca, nil)
		},
		"genSignedCertWithKey": func(cn string, ips, dns []any, days int, ca certificate, key string) (certificate, error) {
			return r.rng.genSigned(r.now(), cn, ips, dns, days, ca, &key)
		},
		"date":           func(f string, d any) string { return dateIn(f, d, "Local") },
		"dateInZone":     dateIn,
		"date_in_zone":   dateIn,
		"htmlDate":       func(d any) string { return dateIn("2006-01-02", d, "Local") },
		"htmlDateInZone": func(d any, z string) string { return dateIn("2006-01-02", d, z) },
		"ago": func(d any) string {
			return r.now().Sub(r.toTime(d)).Round(time.Second).String()
		},
		"durationRound": func(d any) string {
			if t, ok := d.(time.Time); ok {
				return sprigDurationRound(r.now().Sub(t).String())
			}
			return sprigDurationRound(d)
		},
		"toDate": func(f, s string) time.Time {
			t, _ := time.ParseInLocation(f, s, time.UTC)
			return t
		},
		"mustToDate": func(f, s string) (time.Time, error) { return time.ParseInLocation(f, s, time.UTC) },
	}
}
