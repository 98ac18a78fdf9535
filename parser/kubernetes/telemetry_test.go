package kubernetes

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/faultline-dev/faultline/internal/golden"
)

// TestTelemetryEdges: telemetry exports are soft, scrape targets are watched,
// a collector's receivers listen, and each edge points at the address that
// made it, also inside a configuration file held in a ConfigMap.
func TestTelemetryEdges(t *testing.T) {
	src, err := os.ReadFile("testdata/telemetry.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, diags := build("telemetry.yaml", src, false)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	lines := strings.Split(string(src), "\n")
	var got []string
	for _, d := range m.Dependencies {
		if !strings.HasPrefix(d.To, "k8s/Service/") || strings.HasPrefix(d.From, "k8s/Service/") {
			continue
		}
		r := d.Range
		text := lines[r.Start.Line-1][r.Start.Column-1 : r.End.Column-1]
		got = append(got, fmt.Sprintf("%s %s %s at %d:%d %q", strings.TrimPrefix(d.From, "k8s/"), d.Kind, strings.TrimPrefix(d.To, "k8s/Service/shop/"), r.Start.Line, r.Start.Column, text))
	}
	sort.Strings(got)
	want := []string{
		`DaemonSet/shop/fluent-bit soft otel-collector at 177:16 "otel-collector"`, // Fluent Bit [OUTPUT] Host
		`Deployment/shop/cart soft otel-collector at 40:50 "otel-collector"`,       // COLLECTOR_SERVICE_ADDR
		`Deployment/shop/cart soft statsd at 41:50 "statsd"`,                       // DD_DOGSTATSD_URL
		`Deployment/shop/frontend requires cart at 16:37 "cart"`,                   // an ordinary address
		`Deployment/shop/frontend soft otel-collector at 17:62 "otel-collector"`,   // OTEL_EXPORTER_OTLP_ENDPOINT
		`Deployment/shop/otel-collector monitors cart at 81:26 "cart"`,             // prometheus receiver
		`Deployment/shop/otel-collector monitors frontend at 81:39 "frontend.shop.svc"`,
		`Deployment/shop/otel-collector soft jaeger-collector at 84:19 "jaeger-collector"`, // otlp exporter
		`Deployment/shop/prometheus monitors cart at 146:11 "cart"`,                        // scrape_configs
		`Deployment/shop/prometheus monitors frontend at 147:12 "frontend"`,
		`Deployment/shop/prometheus monitors otel-collector at 148:11 "otel-collector"`,
		`Deployment/shop/prometheus soft jaeger-collector at 152:19 "jaeger-collector"`, // remote_write
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	// STATS_ADDR names statsd too, but the edge is soft because statsd runs a
	// telemetry sink's image; the unused exporter (otlp/unused) and the
	// receivers' and the prometheus exporter's listen addresses give nothing.
	for _, d := range diags {
		if strings.Contains(d.Detail, "nowhere") {
			t.Errorf("an exporter in no pipeline was read: %s", d.Detail)
		}
	}
}

// TestOperatorsDoc keeps docs/kubernetes-operators.md generated from the
// knowledge base of operator resources.
func TestOperatorsDoc(t *testing.T) {
	golden.Check(t, "../../docs/kubernetes-operators.md", OperatorsMarkdown())
}

func TestTelemetrySink(t *testing.T) {
	for img, want := range map[string]bool{
		"otel/opentelemetry-collector-contrib:0.110.0": true,
		"jaegertracing/all-in-one:1.60":                true,
		"openzipkin/zipkin":                            true,
		"gcr.io/datadoghq/agent:7":                     true,
		"timberio/vector:0.40.0-debian":                true,
		"prom/statsd-exporter":                         true,
		"grafana/tempo:2.6.0":                          true,
		"docker.vectorized.io/vectorized/redpanda:v24": false,
		// Log and metrics pipelines, vendor collectors, push targets.
		"docker.elastic.co/logstash/logstash:8.11.0":                true,
		"grafana/loki:3.0.0":                                        true,
		"graphiteapp/graphite-statsd:1.1.10":                        true,
		"telegraf:1.28":                                             true,
		"prom/pushgateway:v1.6.0":                                   true,
		"docker.elastic.co/apm/apm-server:8.11.0":                   true,
		"amazon/aws-xray-daemon:3.3.7":                              true,
		"public.ecr.aws/aws-observability/aws-otel-collector:v0.40": true,
		"quay.io/signalfx/splunk-otel-collector:0.90.0":             true,
		"grafana/alloy:v1.4.0":                                      true,
		// A database whose name starts like a sink's is no sink.
		"google/alloydbomni:15": false,
		"influxdb:2.7":          false,
		"redis:7":               false,
		"shop/collector-ui:1":   false,
	} {
		o := &object{workload: &workload{images: []string{img}}}
		if got := telemetrySink(o); got != want {
			t.Errorf("telemetrySink(%s) = %v, want %v", img, got, want)
		}
	}
}
