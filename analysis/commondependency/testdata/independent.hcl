# Independent alternatives, and a dependency shared by only one of two needed.
component "net_a" {}
component "net_b" {}
component "dns_a" { requires = [component.net_a] }
component "dns_b" { requires = [component.net_b] }
component "web" {
  entrypoint = true
  replicas   = 2
  requires_any "dns" {
    of   = [component.dns_a, component.dns_b]
    need = 1
  }
}
