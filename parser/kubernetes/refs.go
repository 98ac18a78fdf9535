package kubernetes

import (
	"net"
	"strings"

	hclv2 "github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/graph"
)

// address is a host name found in a string value, with what made it look like an
// address (a scheme, a port, dots) and where in the value it is.
type address struct {
	host        string
	scheme      bool
	port        bool
	start, stop int // byte offsets of the token in the value
}

// separators split a value into tokens: lists (a,b), connection strings
// (Host=db;Port=5432), shell words and quotes.
func separator(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', ',', ';', '"', '\'', '(', ')', '[', ']', '{', '}', '<', '>', '|', '`', '\\':
		return true
	}
	return false
}

// addresses returns the host names in v that look like addresses: with a scheme
// (postgres://orders-db:5432/db), a port (cartservice:7070), or dots
// (redis-cart.shop.svc.cluster.local). A bare word (redis) counts only when it is
// the whole value and bare is set (the variable's name says it holds an address).
func addresses(v string, bare bool) []address {
	var out []address
	i := 0
	for i < len(v) {
		for i < len(v) && separator(rune(v[i])) {
			i++
		}
		j := i
		for j < len(v) && !separator(rune(v[j])) {
			j++
		}
		if j > i {
			if a, ok := parseAddress(v[i:j]); ok {
				a.start += i
				a.stop += i
				whole := strings.TrimSpace(v) == v[i:j]
				if a.scheme || a.port || strings.Contains(a.host, ".") || bare && whole {
					out = append(out, a)
				}
			}
		}
		i = j
	}
	return out
}

// parseAddress reads one token: [scheme://][userinfo@]host[:port][/path…], or
// KEY=value where value is such an address.
func parseAddress(tok string) (address, bool) {
	var a address
	off := 0
	// KEY=value: the last '=' before the address proper, not one in a query
	// string (postgres://db:5432/x?sslmode=require).
	head := tok
	if k := strings.Index(tok, "://"); k >= 0 {
		head = tok[:k]
	} else if k := strings.IndexAny(tok, "/?#"); k >= 0 {
		head = tok[:k]
	}
	if k := strings.LastIndexByte(head, '='); k >= 0 {
		off = k + 1
	}
	rest := tok[off:]
	if k := strings.Index(rest, "://"); k > 0 {
		if notNetwork[strings.ToLower(rest[:k])] {
			return a, false
		}
		a.scheme = true
		off += k + 3
		rest = rest[k+3:]
	}
	end := len(rest)
	if k := strings.IndexAny(rest, "/?#"); k >= 0 {
		end = k
	}
	if k := strings.LastIndexByte(rest[:end], '@'); k >= 0 {
		off += k + 1
		rest = rest[k+1:]
		end -= k + 1
	}
	hostport := rest[:end]
	host := hostport
	if k := strings.LastIndexByte(hostport, ':'); k >= 0 {
		port := hostport[k+1:]
		if port == "" {
			host = hostport[:k]
		} else if allDigits(port) {
			host, a.port = hostport[:k], true
		} else {
			return a, false // a:b is not an address (a time, a key:value)
		}
	}
	host = strings.TrimSuffix(host, ".")
	if !a.scheme && !strings.Contains(host, ".") && host != strings.ToLower(host) {
		// A Service's name is a lowercase DNS label (RFC 1123): a bare word
		// in capitals before a number is a setting (MinIO's EC:2), not a host.
		return a, false
	}
	if !validHost(host) {
		// An IPv4 literal names no Service, but may be the endpoint of a
		// Terraform data store reached by IP (Memorystore, Cloud SQL's
		// private IP): the binding across layers matches it exactly.
		if ip := net.ParseIP(host); ip == nil || ip.To4() == nil || strings.Count(host, ".") != 3 || ip.IsLoopback() || ip.IsUnspecified() {
			return a, false
		}
	}
	switch host {
	case "localhost", "127.0.0.1", "0.0.0.0":
		return a, false
	}
	if !a.scheme && listenProtocol[strings.ToLower(host)] {
		// tcp:5432 is a listening spec (the Cloud SQL Auth Proxy's
		// -instances=PROJECT:REGION:NAME=tcp:5432, socat's TCP:PORT), not
		// a Service called tcp.
		return a, false
	}
	a.host = strings.ToLower(host)
	a.start, a.stop = off, off+len(host)
	return a, true
}

// listenProtocol are the transport names that stand before a port in a
// listening spec.
var listenProtocol = map[string]bool{
	"tcp": true, "tcp4": true, "tcp6": true, "udp": true, "udp4": true, "udp6": true, "sctp": true, "unix": true,
}

// notNetwork are the URI schemes whose "host" is no host to connect to:
// Istio's credential names (kubernetes://[namespace/]secret and
// kubernetes-gateway://namespace/secret name a Kubernetes Secret that the
// proxy fetches over SDS, builtin:// the workload's own certificate, sds:// a
// custom SDS server's resource; Istio's pilot/pkg/model/credentials), and
// local paths (file://, unix://). Such a value names no Service: it is
// neither an edge nor an "Unknown service" warning.
var notNetwork = map[string]bool{
	"kubernetes": true, "kubernetes-gateway": true, "builtin": true, "sds": true,
	"file": true, "unix": true,
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// validHost reports whether s is a DNS name of RFC 1123 labels that is not an
// IP address or a number.
func validHost(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	numeric := true
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i] | 0x20
			switch {
			case c >= 'a' && c <= 'z':
				numeric = false
			case label[i] >= '0' && label[i] <= '9':
			case label[i] == '-' && i > 0 && i < len(label)-1:
				numeric = false
			default:
				return false
			}
		}
	}
	return !numeric
}

// narrowAll sets the range of each address to that of its token within rng,
// the range of the scalar that holds value, when the scalar is written on one
// line as its value (plain, or quoted without escapes); else to rng itself.
// The addresses are in the order of their tokens in value (as addresses
// returns them): the scalar is compared with value once, and the columns are
// counted once from its start, so that a value of n addresses takes time in
// proportion to its length, not n times it.
func narrowAll(s *source, rng graph.Range, value string, addrs []addrRef) {
	for i := range addrs {
		addrs[i].rng = rng
	}
	if s == nil || rng.Start.Line != rng.End.Line || rng.Start.Byte < 0 || rng.Start.Byte > rng.End.Byte || rng.End.Byte > len(s.src) {
		return
	}
	tok := s.src[rng.Start.Byte:rng.End.Byte]
	base := rng.Start.Byte
	if len(tok) >= 2 && (tok[0] == '"' || tok[0] == '\'') && tok[len(tok)-1] == tok[0] {
		tok = tok[1 : len(tok)-1]
		base++
	}
	if string(tok) != value {
		return
	}
	// at is a position on the scalar's line, moved forward only.
	at := hclv2.Pos{Line: rng.Start.Line, Column: rng.Start.Column, Byte: rng.Start.Byte}
	for i, a := range addrs {
		if a.stop > len(tok) {
			continue
		}
		if base+a.start < at.Byte { // out of order: count again from the scalar's start
			at = hclv2.Pos{Line: rng.Start.Line, Column: rng.Start.Column, Byte: rng.Start.Byte}
		}
		at = s.advance(at, base+a.start)
		end := s.advance(at, base+a.stop)
		addrs[i].rng = graph.Range{Filename: rng.Filename, Start: at, End: end}
		at = end
	}
}
