package kubernetes

import (
	"fmt"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/graph"
)

// Service variables. The kubelet gives every container the variables of the
// Services of its pod's namespace (unless the pod sets enableServiceLinks:
// false), for each Service with a cluster IP (not headless, not
// ExternalName): NAME_SERVICE_HOST (the cluster IP), NAME_SERVICE_PORT (the
// first port), NAME_SERVICE_PORT_PORTNAME (each named port), and Docker's link
// variables NAME_PORT (proto://ip:port of the first port),
// NAME_PORT_N_PROTO (proto://ip:N), NAME_PORT_N_PROTO_ADDR, _PORT and _PROTO,
// where NAME is the Service's name upper-cased with '-' as '_'
// (k8s.io/kubernetes pkg/kubelet/envvars). They come before envFrom and env: a
// variable the container declares itself wins, and $(VAR) in an env value,
// command or args expands to them as to any other variable. So
// http://$(REDIS_SERVICE_HOST):$(REDIS_SERVICE_PORT) is a call to the
// Service redis of the pod's namespace: faultline resolves such a value once
// every Service is known, with the Service's name standing for its cluster IP.
// A variable of a Service that is not in the inputs (in that namespace, with
// a cluster IP) stays as written, as the kubelet leaves an unknown variable,
// and names nothing. faultline takes the Services as existing when the pod
// starts (one created later gives it no variables), and does not see a
// Service variable that an envFrom source redefines.

// linkMark brackets the name of a possible Service variable in a value
// expanded at read time.
const linkMark = '\x00'

// linkValue is an env value, command or args entry that names Service
// variables, to be resolved once the Services are known.
type linkValue struct {
	value, where string
	rng          graph.Range
	init, hint   bool
	soft         bool // its variable or flag names a telemetry destination
	ctr          int
}

// hasLinkMark reports whether a container's env values, command or args
// hold the mark byte themselves: its values are then expanded without
// Service variables, so that no byte of the input is taken for a mark.
func hasLinkMark(c *yaml.Node) bool {
	for _, key := range []string{"command", "args"} {
		for _, a := range items(field(c, key)) {
			if s, ok := str(a); ok && strings.IndexByte(s, linkMark) >= 0 {
				return true
			}
		}
	}
	for _, e := range items(field(c, "env")) {
		for _, k := range []string{"name", "value"} {
			if s, ok := str(field(e, k)); ok && strings.IndexByte(s, linkMark) >= 0 {
				return true
			}
		}
	}
	return false
}

// serviceVar reports whether name has the shape of a Service variable.
func serviceVar(name string) bool {
	return len(linkReadings(name)) > 0
}

// linkReading is one way to read a variable name as a Service's: the
// variable's prefix (the Service's name) and what it holds.
type linkReading struct {
	prefix string
	what   string // "host", "port" (first), "named" (port name), "url" (first), "nurl", "naddr", "nport", "nproto"
	port   string // the port name (upper case) or number
	proto  string
}

// linkReadings returns the readings of name, the Kubernetes forms first.
func linkReadings(name string) []linkReading {
	var out []linkReading
	if p, ok := strings.CutSuffix(name, "_SERVICE_HOST"); ok && p != "" {
		out = append(out, linkReading{prefix: p, what: "host"})
	}
	if p, ok := strings.CutSuffix(name, "_SERVICE_PORT"); ok && p != "" {
		out = append(out, linkReading{prefix: p, what: "port"})
	}
	for i := strings.Index(name, "_SERVICE_PORT_"); i > 0; {
		if rest := name[i+len("_SERVICE_PORT_"):]; rest != "" {
			out = append(out, linkReading{prefix: name[:i], what: "named", port: rest})
		}
		j := strings.Index(name[i+1:], "_SERVICE_PORT_")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	// Docker's link variables: PREFIX_PORT_N_PROTO[_ADDR|_PORT|_PROTO].
	parts := strings.Split(name, "_")
	for i := 1; i+2 < len(parts); i++ {
		if parts[i] != "PORT" || !allDigits(parts[i+1]) {
			continue
		}
		proto := parts[i+2]
		if proto != "TCP" && proto != "UDP" && proto != "SCTP" {
			continue
		}
		r := linkReading{prefix: strings.Join(parts[:i], "_"), port: parts[i+1], proto: proto}
		switch strings.Join(parts[i+3:], "_") {
		case "":
			r.what = "nurl"
		case "ADDR":
			r.what = "naddr"
		case "PORT":
			r.what = "nport"
		case "PROTO":
			r.what = "nproto"
		default:
			continue
		}
		out = append(out, r)
	}
	if p, ok := strings.CutSuffix(name, "_PORT"); ok && p != "" {
		out = append(out, linkReading{prefix: p, what: "url"})
	}
	return out
}

// envName is a Service's or port's name as the kubelet spells it in a
// variable name.
func envName(s string) string {
	return strings.ToUpper(strings.ReplaceAll(s, "-", "_"))
}

// serviceVarValue returns the value of Service variable name in namespace
// ns, with the Service's name for its cluster IP; ok is false when no
// Service of the inputs defines it.
func (m *model) serviceVarValue(name, ns string) (string, bool) {
	for _, rd := range linkReadings(name) {
		if strings.ContainsAny(rd.prefix, "abcdefghijklmnopqrstuvwxyz") {
			continue // the kubelet's names are upper case
		}
		svcName := strings.ToLower(strings.ReplaceAll(rd.prefix, "_", "-"))
		o := m.services[key(ns, svcName)]
		if o == nil || o.service == nil || o.service.headless || o.service.externalName != "" || len(o.service.ports) == 0 {
			continue
		}
		ports := o.service.ports
		first := ports[0]
		switch rd.what {
		case "host":
			return svcName, true
		case "port":
			return strconv.Itoa(first.port), true
		case "url":
			return strings.ToLower(first.protocol) + "://" + svcName + ":" + strconv.Itoa(first.port), true
		case "named":
			for _, p := range ports {
				if p.name != "" && envName(p.name) == rd.port {
					return strconv.Itoa(p.port), true
				}
			}
			continue
		}
		for _, p := range ports {
			if strconv.Itoa(p.port) != rd.port || p.protocol != rd.proto {
				continue
			}
			switch rd.what {
			case "nurl":
				return strings.ToLower(p.protocol) + "://" + svcName + ":" + rd.port, true
			case "naddr":
				return svcName, true
			case "nport":
				return rd.port, true
			case "nproto":
				return strings.ToLower(p.protocol), true
			}
		}
	}
	return "", false
}

// linkRefs resolves the Service variables of the workload's values and
// returns the references they make.
func (m *model) linkRefs(o *object) []ref {
	var out []ref
	for _, lv := range o.workload.links {
		var b strings.Builder
		rest := lv.value
		for {
			i := strings.IndexByte(rest, linkMark)
			if i < 0 {
				b.WriteString(rest)
				break
			}
			b.WriteString(rest[:i])
			j := strings.IndexByte(rest[i+1:], linkMark)
			if j < 0 { // cannot happen: marks come in pairs
				b.WriteString(rest[i+1:])
				break
			}
			name := rest[i+1 : i+1+j]
			if v, ok := m.serviceVarValue(name, o.namespace); ok {
				b.WriteString(v)
			} else {
				b.WriteString("$(" + name + ")")
			}
			rest = rest[i+2+j:]
			if b.Len() > maxExpandedValue+len(lv.value) {
				break
			}
		}
		value := b.String()
		if len(value) > maxExpandedValue && len(value) > len(lv.value) {
			m.warn(lv.rng, "Variable expansion too large", fmt.Sprintf(
				"Expanding the Service variables in %s of %s makes the value longer than %d KiB: Linux refuses to start a program with a longer argument or environment string. faultline takes the value as unknown and reads no address from it.",
				lv.where, o.id(), maxExpandedValue>>10))
			continue
		}
		as := addresses(value, lv.hint)
		if len(as) == 0 {
			continue
		}
		rf := ref{value: value, where: lv.where, init: lv.init, ctr: lv.ctr, addrs: make([]addrRef, len(as))}
		for i, a := range as {
			rf.addrs[i] = addrRef{address: a, rng: lv.rng}
		}
		if lv.soft {
			rf.use = useSoft
		}
		out = append(out, rf)
	}
	return out
}
