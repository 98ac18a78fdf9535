# AWS us-east-1, 25 November 2020 — the Kinesis cascade.
#
# Capacity added to the Kinesis front-end fleet pushed every front-end server past the
# operating system's thread limit (each server keeps a thread per peer), so the whole
# fleet failed at once although it had many servers in several zones. Cognito and
# CloudWatch use Kinesis; Lambda and EC2 Auto Scaling use CloudWatch metrics; and the
# Service Health Dashboard could not be updated because its publishing tool used
# Cognito. A simplified model of the public summary, not AWS's real topology.
#
# faultline finds (pinned by cmd/faultline/testdata/script/examples.txtar):
# - shared-domain on component.kinesis: six front-end servers over three zones survive
#   any single loss, but all share one thread model (software=frontend-thread-per-peer):
#   that one event downs Kinesis and every entrypoint.
# - monitor-shares-fate on component.status_dashboard, three times: it depends on
#   Kinesis through Cognito, and the same event takes down Cognito and CloudWatch
#   together with the dashboard that should report them.

component "kinesis" {
  kind       = "queue"
  entrypoint = true
  replicas   = 6
  placement {
    zone     = ["use1-az1", "use1-az1", "use1-az2", "use1-az2", "use1-az4", "use1-az4"]
    software = "frontend-thread-per-peer"
  }
}

component "cognito" {
  kind       = "service"
  entrypoint = true
  replicas   = 3
  placement  { zone = ["use1-az1", "use1-az2", "use1-az4"] }
  requires   = [component.kinesis]
}

component "cloudwatch" {
  kind       = "service"
  entrypoint = true
  replicas   = 3
  placement  { zone = ["use1-az1", "use1-az2", "use1-az4"] }
  requires   = [component.kinesis]
}

component "lambda" {
  kind       = "service"
  entrypoint = true
  replicas   = 3
  placement  { zone = ["use1-az1", "use1-az2", "use1-az4"] }
  requires   = [component.cloudwatch]
}

component "autoscaling" {
  kind       = "service"
  entrypoint = true
  replicas   = 3
  placement  { zone = ["use1-az1", "use1-az2", "use1-az4"] }
  requires   = [component.cloudwatch]
}

component "status_dashboard" {
  kind      = "monitor"
  replicas  = 2
  placement { zone = ["use1-az1", "use1-az2"] }
  requires  = [component.cognito]        # the publishing tool signs in through Cognito
  monitors  = [component.kinesis, component.cognito, component.cloudwatch]
}
