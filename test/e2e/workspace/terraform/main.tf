terraform {
  required_providers {
    vsphere = {
      source = "vmware/vsphere"
    }
  }
}

provider "vsphere" {
  user                 = var.vsphere_user
  password             = var.vsphere_password
  vsphere_server       = "vcsa.lab.example"
  allow_unverified_ssl = true
}

resource "vsphere_host_virtual_switch" "prod" {
  name             = "vSwitch1"
  host_system_id   = var.host_id
  network_adapters = ["vmnic1"]
  active_nics      = ["vmnic1"]
  standby_nics     = []
}

resource "vsphere_entity_permissions" "root_admin" {
  entity_id   = "group-d1"
  entity_type = "Folder"
  permissions {
    user_or_group = "VSPHERE.LOCAL\\automation"
    is_group      = true
    propagate     = true
    role_id       = "-1"
  }
}
