component "db" { # want `spof: component.db is a single point of failure: it runs a single instance, and its loss takes down 1 entrypoint \(component.web\)`
  kind = "database"
}
component "api" {
  replicas = 3
  requires = [component.db]
}
component "web" {
  entrypoint = true
  replicas   = 2
  requires   = [component.api]
}
