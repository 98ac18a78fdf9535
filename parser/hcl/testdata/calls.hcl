# call: a target reference and the call's timeout, retries and circuit breaker.

component "db" {}
component "cache" {}

component "api" {
  requires = [component.db]

  call "no_target" { # ERROR: Missing required argument
    timeout = "1s"
  }
  call "bad_duration" {
    target  = component.db
    timeout = "2 seconds" # ERROR: Invalid timeout
  }
  call "unitless" {
    target  = component.cache
    timeout = 2 # ERROR: Invalid timeout
  }
  call "negative_timeout" {
    target  = component.other # ERROR: Reference to undeclared component
    timeout = "-1s" # ERROR: Invalid timeout
  }
  call "negative_retries" {
    target  = component.x # ERROR: Reference to undeclared component
    retries = -1 # ERROR: Invalid retries
  }
  call "many_retries" {
    target  = component.y # ERROR: Reference to undeclared component
    retries = 100000 # ERROR: Invalid retries
  }
  call "breaker" {
    target          = component.z # ERROR: Reference to undeclared component
    circuit_breaker = "maybe" # ERROR: Incorrect attribute value type
  }
  call "string_target" {
    target = "db" # ERROR: Invalid reference
  }
  call "bad_duration" { # ERROR: Duplicate call
    target = component.w
  }
  call "db_again" {
    target = component.db # ERROR: Duplicate call target
  }
  call "unknown" {
    target = component.db2 # ERROR: Reference to undeclared component
    budget = 3 # ERROR: Unsupported argument
  }
}
