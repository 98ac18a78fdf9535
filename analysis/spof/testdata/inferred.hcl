# No entrypoint is declared: components without dependents count as entrypoints,
# so a single-instance entrypoint is a SPOF of itself.
component "web" { # want `takes down 1 entrypoint \(component.web\)`
  requires = [component.api]
}
component "api" { # want `spof: component.api .* \(component.web\)`
}
# A monitor that nothing depends on is not user-facing.
component "watch" {
  monitors = [component.web]
}
