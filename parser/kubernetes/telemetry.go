package kubernetes

import (
	"bytes"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/faultline-dev/faultline/graph"
)

// Telemetry is not a hard dependency. The OpenTelemetry specification forbids
// an SDK to fail the application when its exporter cannot reach the collector
// (exports time out, batches are dropped), and the Jaeger, Zipkin, Datadog,
// statsd, Elastic APM and Sentry clients drop what they cannot send: an address
// that a workload exports telemetry to is a soft edge (its loss degrades, never
// downs). A scraper does not depend on what it scrapes either: a scrape or
// receiver target is watched (a monitors edge from the scraper), and a
// collector's own exporters are soft. The README's Kubernetes section lists what
// is read.

// use says how a reference to a Service counts.
type use uint8

const (
	useDefault use = iota // requires (bootstrap from an init container)
	useSoft               // telemetry export: its loss degrades
	useMonitor            // a scrape target: the workload watches it
)

// kind returns the edge kind of a reference used as u, where def is the kind
// an ordinary reference from the same place would have.
func (u use) kind(def graph.EdgeKind) graph.EdgeKind {
	switch u {
	case useSoft:
		return graph.Soft
	case useMonitor:
		return graph.Monitors
	}
	return def
}

// telemetryWords are the parts of an environment variable's (or a ConfigMap
// key's, or a flag's) name that say it holds a telemetry destination: the
// OpenTelemetry SDK's OTEL_EXPORTER_OTLP_ENDPOINT and its per-signal, Zipkin and
// Jaeger forms; the Jaeger clients' JAEGER_AGENT_HOST and JAEGER_ENDPOINT;
// Zipkin's (Spring) MANAGEMENT_ZIPKIN_TRACING_ENDPOINT; Datadog's DD_AGENT_HOST,
// DD_TRACE_AGENT_URL and DD_DOGSTATSD_*; STATSD_HOST; ELASTIC_APM_SERVER_URL;
// SENTRY_DSN; NEW_RELIC_*; and the common spellings of a tracing or metrics
// collector's address (COLLECTOR_SERVICE_ADDR, TRACING_ENDPOINT, …).
//
// FLAGD is no telemetry but is soft for the same reason: OpenFeature's flagd
// provider (FLAGD_HOST, FLAGD_PORT, FLAGD_TARGET_URI) serves cached flags and
// then errors when flagd is unreachable, and the OpenFeature SDK must never
// throw from a flag evaluation: it returns the default value the caller gave
// (specification, requirement 1.4.10). Losing flagd degrades, never downs.
var telemetryWords = []string{
	"OTEL", "OTLP", "JAEGER", "ZIPKIN", "STATSD", "DD_AGENT", "DD_TRACE", "DATADOG",
	"ELASTIC_APM", "SENTRY", "NEW_RELIC", "NEWRELIC", "TRACING", "TRACER", "TELEMETRY",
	"COLLECTOR", "FLUENT", "LOKI", "METRICS", "HONEYCOMB", "LIGHTSTEP", "PYROSCOPE", "PROFILER",
	"XRAY", "PUSHGATEWAY", "GRAPHITE", "LOGSTASH", "INSTANA", "SIGNALFX", "FLAGD",
}

// telemetryName reports whether a variable, key or flag name says that it
// holds a telemetry destination. A flag (--otlp-address=…) is read up to its '='.
func telemetryName(name string) bool {
	if k := strings.IndexByte(name, '='); k >= 0 {
		name = name[:k]
	}
	u := strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(name))
	for _, w := range telemetryWords {
		if strings.Contains(u, w) {
			return true
		}
	}
	return false
}

// sinkImages are the image path segments (prefixes) of telemetry sinks: a
// reference to a Service in front of one is telemetry whatever the variable is
// called. Beyond the tracing and metrics collectors: Logstash and Loki (log
// pipelines), Graphite and Telegraf (statsd and carbon metrics), the
// Prometheus Pushgateway, Elastic's APM Server and the AWS X-Ray daemon (UDP).
// sinkContains may appear anywhere in a segment (a vendor's collector
// distribution: splunk-otel-collector, aws-otel-collector); sinkSegments must
// match a whole segment (grafana/alloy, not a database named alloydb…);
// flagd (ghcr.io/open-feature/flagd) is the feature-flag daemon, soft as
// telemetryWords says, and its UI (flagd-ui) is not.
var (
	sinkImages = []string{
		"opentelemetry-collector", "otel-collector", "otelcol", "jaeger", "zipkin", "openzipkin",
		"statsd", "fluentd", "fluent-bit", "tempo", "grafana-agent", "logstash", "loki",
		"graphite", "telegraf", "pushgateway", "apm-server", "aws-xray-daemon", "xray-daemon",
	}
	sinkContains = []string{"-otel-collector", "-opentelemetry-collector"}
	sinkSegments = []string{"vector", "datadog-agent", "alloy", "flagd"}
)

// telemetrySink reports whether workload o runs a telemetry sink: its main
// container (containers.go) does, and a log shipper beside an application
// does not make the application one.
func telemetrySink(o *object) bool {
	if o.workload == nil {
		return false
	}
	if c := o.workload.mainContainer(); c != nil {
		return imageSink(c.image)
	}
	if len(o.workload.images) > 0 {
		return imageSink(o.workload.images[0])
	}
	return false
}

// imageSink reports whether an image is a telemetry sink's: a segment of its
// path ("otel/opentelemetry-collector-contrib", "jaegertracing/all-in-one",
// "timberio/vector", "datadog/agent").
func imageSink(image string) bool {
	img := strings.ToLower(image)
	if i := strings.IndexByte(img, '@'); i >= 0 {
		img = img[:i]
	}
	if i := strings.LastIndexByte(img, ':'); i > strings.LastIndexByte(img, '/') {
		img = img[:i]
	}
	segs := strings.Split(img, "/")
	for i, seg := range segs {
		for _, s := range sinkImages {
			if strings.HasPrefix(seg, s) {
				return true
			}
		}
		for _, s := range sinkContains {
			if strings.Contains(seg, s) {
				return true
			}
		}
		for _, s := range sinkSegments {
			if seg == s {
				return true
			}
		}
		if seg == "agent" && i > 0 && strings.HasPrefix(segs[i-1], "datadog") {
			return true
		}
	}
	return false
}

// toolConfig reads the value of a ConfigMap or Secret key that is the
// configuration of a scraper or collector, and returns the references it
// makes, each with its use; ok is false when the value is no such
// configuration, and it is then read as any other value. Read:
//   - Prometheus (scrape_configs at the top, or under an OpenTelemetry
//     collector's prometheus receiver): static_configs targets are watched;
//     remote_write URLs and alerting.alertmanagers targets are soft.
//   - OpenTelemetry collector (receivers and exporters): every exporter's
//     endpoint is soft; a receiver's endpoint is where it listens (no edge).
//   - Fluent Bit, YAML (pipeline.outputs[].host) and classic ([OUTPUT] Host):
//     outputs are soft; inputs listen.
//
// Service discovery (kubernetes_sd_configs and the like) names no address in
// the manifests and gives no edge.
func (r *reader) toolConfig(value, where string, n *yaml.Node) ([]ref, bool) {
	switch {
	case strings.Contains(value, "scrape_configs") || strings.Contains(value, "exporters") || strings.Contains(value, "pipeline"):
		return r.yamlToolConfig(value, where, n)
	case strings.Contains(strings.ToUpper(value), "[OUTPUT]"):
		return r.fluentBitClassic(value, where, n), true
	}
	return nil, false
}

// maxToolConfig bounds the size of a configuration value faultline parses.
const maxToolConfig = 1 << 20

func (r *reader) yamlToolConfig(value, where string, n *yaml.Node) ([]ref, bool) {
	if len(value) > maxToolConfig {
		return nil, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(value), &doc); err != nil {
		return nil, false
	}
	if size, _ := aliasGrowth(&doc, maxAliasGrowth); size > maxAliasGrowth {
		return nil, false
	}
	root := deref(&doc)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, false
	}
	c := &toolReader{r: r, value: value, where: where, outer: n}
	switch {
	case field(root, "scrape_configs") != nil:
		c.prometheus(root)
	case field(root, "receivers") != nil && field(root, "exporters") != nil:
		c.otelCollector(root)
	case at(root, "pipeline", "outputs") != nil || at(root, "pipeline", "inputs") != nil:
		for _, o := range items(at(root, "pipeline", "outputs")) {
			c.add(field(o, "host"), useSoft, true)
		}
	default:
		return nil, false
	}
	return c.refs, true
}

// toolReader collects the references of one configuration value.
type toolReader struct {
	r     *reader
	value string
	where string
	outer *yaml.Node // the ConfigMap value's scalar
	refs  []ref
}

func (c *toolReader) prometheus(root *yaml.Node) {
	for _, sc := range items(field(root, "scrape_configs")) {
		for _, st := range items(field(sc, "static_configs")) {
			for _, t := range items(field(st, "targets")) {
				c.add(t, useMonitor, true)
			}
		}
	}
	for _, rw := range items(field(root, "remote_write")) {
		c.add(field(rw, "url"), useSoft, false)
	}
	for _, am := range items(at(root, "alerting", "alertmanagers")) {
		for _, st := range items(field(am, "static_configs")) {
			for _, t := range items(field(st, "targets")) {
				c.add(t, useSoft, true)
			}
		}
	}
}

func (c *toolReader) otelCollector(root *yaml.Node) {
	pairs(field(root, "receivers"), func(name string, _, rc *yaml.Node) {
		if name == "prometheus" || strings.HasPrefix(name, "prometheus/") {
			if cfg := field(rc, "config"); cfg != nil {
				c.prometheus(cfg)
			}
		}
	})
	active := map[string]bool{}
	pairs(at(root, "service", "pipelines"), func(_ string, _, p *yaml.Node) {
		for _, e := range items(field(p, "exporters")) {
			if s, ok := str(e); ok {
				active[s] = true
			}
		}
	})
	pairs(field(root, "exporters"), func(name string, _, ex *yaml.Node) {
		if len(active) > 0 && !active[name] {
			return // configured but in no pipeline: the collector does not run it
		}
		if name == "prometheus" || strings.HasPrefix(name, "prometheus/") {
			return // it listens for a scraper
		}
		for _, k := range []string{"endpoint", "traces_endpoint", "metrics_endpoint", "logs_endpoint"} {
			c.add(field(ex, k), useSoft, true)
		}
	})
}

// add reads the address in scalar n of the configuration (host:port, a URL, or
// a bare host name when bare is set) as a reference used as u.
func (c *toolReader) add(n *yaml.Node, u use, bare bool) {
	s, ok := str(n)
	if !ok {
		return
	}
	rf, ok := c.r.mkRef(s, c.where, c.outer, false, bare)
	if !ok {
		return
	}
	if inner, ok := c.innerRange(deref(n).Line, deref(n).Column, s); ok {
		narrowAll(c.r.s, inner, s, rf.addrs)
	}
	rf.use = u
	c.refs = append(c.refs, rf)
}

// innerRange maps a position in the configuration value (line and column,
// 1-based) to the manifest, when the value is a literal block scalar (|) whose
// lines are the manifest's lines; ok is false otherwise.
func (c *toolReader) innerRange(line, col int, token string) (graph.Range, bool) {
	return blockRange(c.r, c.outer, line, col, token)
}

// blockRange maps line and column of a literal block scalar's content to the
// range of token in the source, checking that the source holds it there.
func blockRange(r *reader, outer *yaml.Node, line, col int, token string) (graph.Range, bool) {
	if outer == nil || r.s == nil || token == "" {
		return graph.Range{}, false
	}
	head := r.rng(outer)
	if head.Start.Byte >= len(r.s.src) || r.s.src[head.Start.Byte] != '|' {
		return graph.Range{}, false
	}
	first := head.Start.Line + 1
	indent := -1
	for l := first; l <= len(r.s.lineStarts) && indent < 0; l++ {
		text := r.s.src[r.s.lineStarts[l-1]:r.s.lineEnd(l)]
		if t := bytes.TrimLeft(text, " "); len(t) > 0 {
			indent = len(text) - len(t)
		}
		if l-first > 1000 {
			return graph.Range{}, false
		}
	}
	if indent < 0 {
		return graph.Range{}, false
	}
	target := first + line - 1
	if target > len(r.s.lineStarts) {
		return graph.Range{}, false
	}
	start := r.s.pos(target, indent+col)
	end := r.s.lineEnd(target)
	if start.Byte+len(token) > end || string(r.s.src[start.Byte:start.Byte+len(token)]) != token {
		// A quoted scalar: the token starts after its quote.
		if start.Byte+1+len(token) <= end && string(r.s.src[start.Byte+1:start.Byte+1+len(token)]) == token {
			start = r.s.advance(start, start.Byte+1)
		} else {
			return graph.Range{}, false
		}
	}
	return graph.Range{Filename: r.s.name, Start: start, End: r.s.advance(start, start.Byte+len(token))}, true
}

// fluentBitClassic reads Fluent Bit's classic configuration: the Host of each
// [OUTPUT] section is soft; an [INPUT] listens.
func (r *reader) fluentBitClassic(value, where string, n *yaml.Node) []ref {
	var out []ref
	section := ""
	for i, line := range strings.Split(value, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
			section = strings.ToUpper(strings.Trim(t, "[] "))
			continue
		}
		if section != "OUTPUT" {
			continue
		}
		k, v, ok := strings.Cut(t, " ")
		if !ok || !strings.EqualFold(k, "host") {
			continue
		}
		v = strings.TrimSpace(v)
		rf, ok := r.mkRef(v, where, n, false, true)
		if !ok {
			continue
		}
		col := strings.Index(line, v) + 1
		if inner, ok := blockRange(r, n, i+1, col, v); ok {
			narrowAll(r.s, inner, v, rf.addrs)
		}
		rf.use = useSoft
		out = append(out, rf)
	}
	return out
}
