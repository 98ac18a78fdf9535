component "consul" {
  replicas  = 3
  bootstrap = [component.vault] # want `dependency-cycle: dependency cycle: component.consul bootstrap component.vault, component.vault requires component.consul`
}
component "vault" {
  replicas = 3
  requires = [component.consul]
}
component "self" {
  requires = [component.self] # want `component.self requires component.self`
}
# Soft and monitors edges do not make a cycle.
component "a" { soft = [component.b] }
component "b" {
  requires = [component.a]
  monitors = [component.a]
}
