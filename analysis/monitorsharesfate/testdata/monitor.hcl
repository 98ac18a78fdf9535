component "kinesis" { replicas = 3 }
component "cognito" {
  replicas = 3
  requires = [component.kinesis]
}
component "dashboard" {
  replicas = 2
  requires = [component.cognito]
  monitors = [component.kinesis, component.cognito] # want `component.dashboard monitors component.kinesis but depends on it` `component.dashboard monitors component.cognito but depends on it`
}
component "api" {
  entrypoint = true
  replicas   = 2
  requires   = [component.cognito]
}
