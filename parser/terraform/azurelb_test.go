package terraform_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/parser"
)

// TestAzureLoadBalancerBackends: an Azure load balancer requires the members
// of its backend pools, which are declared on their side: a network
// interface joins a pool (azurerm_network_interface_backend_address_pool_association)
// and a VM names the interface (network_interface_ids); a scale set names the
// pool in its ip_configuration. The VM behind the load balancer is then a
// single point of failure with the load balancer in its path, not an
// entrypoint of its own.
func TestAzureLoadBalancerBackends(t *testing.T) {
	m, diags, _ := parser.Load([]string{"testdata/azure-lb"})
	if e := errorsOf(diags); len(e) > 0 {
		t.Fatalf("diagnostics: %v", e)
	}
	var got []string
	for _, d := range m.Dependencies {
		if d.Kind == graph.Requires {
			got = append(got, d.From+" -> "+d.To)
		}
	}
	want := []string{
		"azurerm_lb.lb -> azurerm_linux_virtual_machine.vm",
		"azurerm_lb.lb -> azurerm_public_ip.pip",
		"azurerm_lb.lb2 -> azurerm_linux_virtual_machine_scale_set.ss",
		"azurerm_linux_virtual_machine_scale_set.ss -> azurerm_subnet.sn",
		"azurerm_subnet.sn -> azurerm_virtual_network.vnet",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requires edges (-want +got):\n%s", diff)
	}
	findings, _ := check(t, []string{"testdata/azure-lb"}, parser.Options{})
	if diff := cmp.Diff([]string{
		"spof azurerm_linux_virtual_machine.vm instance of azurerm_linux_virtual_machine.vm main.tf:56",
	}, keep(findings, "spof")); diff != "" {
		t.Errorf("spof findings (-want +got):\n%s", diff)
	}
}
