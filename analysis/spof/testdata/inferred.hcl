# No entrypoint is declared: components without dependents count as entrypoints,
# so a single-instance entrypoint is a SPOF of itself.
component "web" { # want `it is an entrypoint itself \(nothing in the inputs depends on it\)`
  requires = [component.api]
}
component "api" { # want `spof: component.api .* \(component.web\)`
}
# A monitor that nothing depends on is not user-facing.
component "watch" {
  monitors = [component.web]
}
