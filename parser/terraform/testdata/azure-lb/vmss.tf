resource "azurerm_linux_virtual_machine_scale_set" "ss" {
  name                = "ss"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  sku                 = "Standard_B1s"
  instances           = 3
  zones               = ["1", "2", "3"]
  admin_username      = "adminuser"
  network_interface {
    name    = "nic"
    primary = true
    ip_configuration {
      name                                   = "internal"
      primary                                = true
      subnet_id                              = azurerm_subnet.sn.id
      load_balancer_backend_address_pool_ids = [azurerm_lb_backend_address_pool.pool2.id]
    }
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Standard_LRS"
  }
}
resource "azurerm_lb" "lb2" {
  name                = "lb2"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  sku                 = "Standard"
}
resource "azurerm_lb_backend_address_pool" "pool2" {
  loadbalancer_id = azurerm_lb.lb2.id
  name            = "pool2"
}
