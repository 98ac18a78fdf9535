# The infrastructure of the shop: a VPC with a private subnet in each of three
# zones, an EKS cluster, two node groups, and the orders database.
#
# faultline reads this together with the manifests in ../k8s and the
# hand-written ../arch.hcl (see ../README.md for what it finds).

locals {
  zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  count             = 3
  vpc_id            = aws_vpc.main.id
  availability_zone = local.zones[count.index]
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
}

resource "aws_eks_cluster" "shop" {
  name     = "shop"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = aws_subnet.private[*].id
  }
}

# The general node group spans the three zones.
resource "aws_eks_node_group" "general" {
  cluster_name    = aws_eks_cluster.shop.name
  node_group_name = "general"
  node_role_arn   = "arn:aws:iam::111122223333:role/eks-node"
  subnet_ids      = aws_subnet.private[*].id
  scaling_config {
    min_size     = 3
    max_size     = 9
    desired_size = 3
  }
}

# The orders team's node group: bigger instances, and only in the first
# subnet, "to keep the database traffic in one zone".
resource "aws_eks_node_group" "orders" {
  cluster_name    = aws_eks_cluster.shop.name
  node_group_name = "orders"
  node_role_arn   = "arn:aws:iam::111122223333:role/eks-node"
  subnet_ids      = [aws_subnet.private[0].id]
  instance_types  = ["m6i.2xlarge"]
  labels = {
    "team" = "orders"
  }
  taint {
    key    = "team"
    value  = "orders"
    effect = "NO_SCHEDULE"
  }
  scaling_config {
    min_size     = 3
    max_size     = 3
    desired_size = 3
  }
}

# A single-AZ database (multi_az is not set).
resource "aws_db_instance" "orders" {
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.m6i.large"
  allocated_storage = 100
  availability_zone = local.zones[0]
}

# Terraform writes the database's address into the cluster: the orders
# Deployment reads it from this ConfigMap.
resource "kubernetes_config_map_v1" "orders_db" {
  metadata {
    name      = "orders-db"
    namespace = "shop"
  }
  data = {
    DB_HOST = aws_db_instance.orders.address
    DB_PORT = "5432"
  }
}

# Where the reconciliation job (../arch.hcl) writes its reports.
resource "aws_s3_bucket" "reports" {
  bucket = "shop-reconciliation-reports"
}
resource "google_container_cluster" "shop" {
  name     = "shop"
  location = "us-central1"
  remove_default_node_pool = true
  initial_node_count       = 1
}

resource "google_container_node_pool" "default" {
  name           = "default"
  cluster        = google_container_cluster.shop.id
  node_locations = ["us-central1-a"]
  node_count     = 3
}
resource "azurerm_kubernetes_cluster" "shop" {
  name                = "shop"
  location            = "eastus"
  resource_group_name = "shop"
  dns_prefix          = "shop"
  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 3
    zones      = ["1"]
  }
}
resource "aws_eks_fargate_profile" "batch" {
  cluster_name           = aws_eks_cluster.main.name
  fargate_profile_name   = "batch"
  pod_execution_role_arn = "arn:aws:iam::1:role/fargate"
  subnet_ids             = [aws_subnet.a.id]
  selector {
    namespace = "batch"
  }
}
resource "kubernetes_service_v1" "sessions" {
  metadata {
    name      = "sessions"
    namespace = "shop"
  }
  spec {
    type          = "ExternalName"
    external_name = aws_elasticache_replication_group.sessions.primary_endpoint_address
  }
}
resource "aws_autoscaling_group" "self_managed" {
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = aws_subnet.private[*].id
  tag {
    key                 = "kubernetes.io/cluster/${aws_eks_cluster.shop.name}"
    value               = "owned"
    propagate_at_launch = true
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "spot" {
  name                  = "spot"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.shop.id
  vm_size               = "Standard_D4s_v5"
  node_count            = 2
  zones                 = ["1", "2"]
  node_labels           = { "pool" = "spot" }
  node_taints           = ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]
}
