# What neither the Terraform nor the manifests show, declared by hand: the
# nightly reconciliation job runs on two VMs of the finance team, outside the
# cluster, calls the orders service and writes its reports to the bucket.
component "reconciliation" {
  entrypoint = true
  replicas   = 2
  placement {
    zone = ["us-east-1b", "us-east-1c"]
  }
  requires = ["k8s/Service/shop/orders", aws_s3_bucket.reports]
}
