# need 1 of 2: neither alternative alone is a SPOF.
component "dns_a" {}
component "dns_b" {}
# need 2 of 2: each is.
component "shard_a" {} # want `spof: component.shard_a is a single point of failure`
component "shard_b" {} # want `spof: component.shard_b is a single point of failure`
component "api" {
  entrypoint = true
  replicas   = 2
  requires_any "dns" {
    of   = [component.dns_a, component.dns_b]
    need = 1
  }
  requires_any "shards" {
    of   = [component.shard_a, component.shard_b]
    need = 2
  }
}
