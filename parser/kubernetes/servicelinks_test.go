package kubernetes

import "testing"

func TestServiceVarValue(t *testing.T) {
	svc := func(name string, headless bool, ports ...servicePort) *object {
		return &object{kind: "Service", name: name, namespace: "shop", service: &service{headless: headless, ports: ports}}
	}
	m := &model{services: map[string]*object{
		key("shop", "redis"):         svc("redis", false, servicePort{name: "redis", port: 6379, protocol: "TCP"}, servicePort{name: "sentinel-port", port: 26379, protocol: "TCP"}),
		key("shop", "redis-service"): svc("redis-service", false, servicePort{port: 6380, protocol: "TCP"}),
		key("shop", "dns"):           svc("dns", false, servicePort{port: 53, protocol: "UDP"}),
		key("shop", "peers"):         svc("peers", true, servicePort{port: 7000, protocol: "TCP"}),
	}}
	for _, c := range []struct{ name, want string }{
		{"REDIS_SERVICE_HOST", "redis"},
		{"REDIS_SERVICE_PORT", "6379"},
		{"REDIS_SERVICE_PORT_SENTINEL_PORT", "26379"},
		{"REDIS_PORT", "tcp://redis:6379"},
		{"REDIS_PORT_26379_TCP", "tcp://redis:26379"},
		{"REDIS_PORT_6379_TCP_ADDR", "redis"},
		{"REDIS_PORT_6379_TCP_PORT", "6379"},
		{"REDIS_PORT_6379_TCP_PROTO", "tcp"},
		{"DNS_PORT_53_UDP_ADDR", "dns"},
		{"REDIS_SERVICE_SERVICE_HOST", "redis-service"},
		{"REDIS_SERVICE_SERVICE_PORT", "6380"},
		{"REDIS_PORT_6379_UDP_ADDR", ""}, // no such port and protocol
		{"REDIS_SERVICE_PORT_NOPE", ""},  // no such port name
		{"PEERS_SERVICE_HOST", ""},       // headless: no cluster IP, no variables
		{"GHOST_SERVICE_HOST", ""},       // no such Service
		{"redis_SERVICE_HOST", ""},       // the kubelet's names are upper case
	} {
		got, ok := m.serviceVarValue(c.name, "shop")
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s = %q, %v; want %q", c.name, got, ok, c.want)
		}
		if _, ok := m.serviceVarValue(c.name, "other"); ok {
			t.Errorf("%s resolves in another namespace", c.name)
		}
	}
}
