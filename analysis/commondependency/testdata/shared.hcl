component "network" { # want `common-dependency: component.network is a common dependency of component.dns_a and component.dns_b, alternatives of requires_any "dns" of component.web \(need 1 of 2\): its failure leaves 0 up and takes down 1 entrypoint \(component.web\)`
  replicas = 4
  requires = [component.network_config]
}
# The network's own dependency also downs both, but only through the network:
# the closest common cause is reported.
component "network_config" {
  replicas = 2
}
component "dns_a" { requires = [component.network] }
component "dns_b" { requires = [component.network] }
component "web" {
  entrypoint = true
  replicas   = 2
  requires_any "dns" {
    of   = [component.dns_a, component.dns_b]
    need = 1
  }
}
