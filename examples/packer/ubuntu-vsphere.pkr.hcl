# Builds an Ubuntu template on vCenter. Scan it: vharden scan examples/packer
packer {
  required_plugins {
    vsphere = {
      version = ">= 1.2.0"
      source  = "github.com/hashicorp/vsphere"
    }
  }
}

source "vsphere-iso" "ubuntu" {
  vcenter_server      = "vcsa.lab.example"
  username            = "packer@vsphere.local"
  password            = "Packer-Build-2024"
  insecure_connection = true
  datacenter          = "dc-lab"
  cluster             = "lab"
  datastore           = "datastore1"

  vm_name       = "ubuntu-2204-template"
  guest_os_type = "ubuntu64Guest"
  CPUs          = 2
  RAM           = 4096
  iso_paths     = ["[datastore1] iso/ubuntu-22.04.4-live-server-amd64.iso"]

  network_adapters {
    network      = "build"
    network_card = "vmxnet3"
  }

  storage {
    disk_size             = 20480
    disk_thin_provisioned = true
  }

  http_directory = "http"
  boot_command   = ["<esc><wait>", "autoinstall ds=nocloud-net;s=http://{{ .HTTPIP }}:{{ .HTTPPort }}/<enter>"]

  ssh_username = "ubuntu"
  ssh_password = "ubuntu"
  ssh_timeout  = "30m"

  configuration_parameters = {
    "RemoteDisplay.vnc.enabled" = "TRUE"
    "RemoteDisplay.vnc.port"    = "5900"
  }

  convert_to_template = true
}

source "qemu" "ubuntu" {
  iso_url          = "https://releases.ubuntu.com/22.04/ubuntu-22.04.4-live-server-amd64.iso"
  iso_checksum     = "file:https://releases.ubuntu.com/22.04/SHA256SUMS"
  vnc_bind_address = "0.0.0.0"
  http_directory   = "http"
  ssh_username     = "ubuntu"
  ssh_password     = "ubuntu"
  boot_command     = ["<esc><wait>", "autoinstall ds=nocloud-net;s=http://{{ .HTTPIP }}:{{ .HTTPPort }}/<enter>"]
}

build {
  sources = ["source.vsphere-iso.ubuntu", "source.qemu.ubuntu"]
}
