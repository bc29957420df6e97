# A small vSphere lab: one standard vSwitch for nested ESXi, a distributed switch for the web tier,
# one VM, and the automation group's grant. Scan it: vharden scan examples/terraform
terraform {
  required_providers {
    vsphere = {
      source  = "vmware/vsphere"
      version = "~> 2.10"
    }
  }
}

provider "vsphere" {
  user                 = var.vsphere_user
  password             = var.vsphere_password
  vsphere_server       = var.vsphere_server
  allow_unverified_ssl = true
}

data "vsphere_datacenter" "dc" {
  name = "dc-lab"
}

data "vsphere_host" "esxi01" {
  name          = "esxi01.lab.example"
  datacenter_id = data.vsphere_datacenter.dc.id
}

data "vsphere_datastore" "ds" {
  name          = "datastore1"
  datacenter_id = data.vsphere_datacenter.dc.id
}

data "vsphere_compute_cluster" "lab" {
  name          = "lab"
  datacenter_id = data.vsphere_datacenter.dc.id
}

resource "vsphere_host_virtual_switch" "nested" {
  name             = "vSwitch1"
  host_system_id   = data.vsphere_host.esxi01.id
  network_adapters = ["vmnic1"]
  active_nics      = ["vmnic1"]
  standby_nics     = []
}

resource "vsphere_host_port_group" "nested" {
  name                = "nested-trunk"
  host_system_id      = data.vsphere_host.esxi01.id
  virtual_switch_name = vsphere_host_virtual_switch.nested.name
  vlan_id             = 4095
  allow_promiscuous   = true
}

resource "vsphere_distributed_virtual_switch" "prod" {
  name          = "dvs-prod"
  datacenter_id = data.vsphere_datacenter.dc.id

  uplinks         = ["uplink1", "uplink2"]
  active_uplinks  = ["uplink1"]
  standby_uplinks = ["uplink2"]

  host {
    host_system_id = data.vsphere_host.esxi01.id
    devices        = ["vmnic2", "vmnic3"]
  }
}

resource "vsphere_distributed_port_group" "web" {
  name                            = "web"
  distributed_virtual_switch_uuid = vsphere_distributed_virtual_switch.prod.id
  vlan_id                         = 20
  allow_mac_changes               = true
}

resource "vsphere_virtual_machine" "web01" {
  name             = "web01"
  resource_pool_id = data.vsphere_compute_cluster.lab.resource_pool_id
  datastore_id     = data.vsphere_datastore.ds.id
  num_cpus         = 2
  memory           = 4096
  guest_id         = "ubuntu64Guest"

  network_interface {
    network_id = vsphere_distributed_port_group.web.id
  }

  disk {
    label = "disk0"
    size  = 40
  }

  extra_config = {
    "RemoteDisplay.vnc.enabled"    = "TRUE"
    "RemoteDisplay.vnc.port"       = "5901"
    "isolation.tools.copy.disable" = "FALSE"
  }
}

resource "vsphere_entity_permissions" "automation" {
  entity_id   = "group-d1"
  entity_type = "Folder"
  permissions {
    user_or_group = "LAB\\terraform-admins"
    is_group      = true
    propagate     = true
    role_id       = "-1"
  }
}
