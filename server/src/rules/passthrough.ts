/** "PCI 0000:01:00.0 is passed through to VM 101"; "3 host devices (PCI …, USB … and 1 more) are passed through to …". */
export function devicesMessage(devices: string[], to: string): string {
  if (devices.length === 1) return `${devices[0]} is passed through to ${to}`;
  const shown = devices.length > 3 ? `${devices.slice(0, 3).join(', ')} and ${devices.length - 3} more` : `${devices.slice(0, -1).join(', ')} and ${devices[devices.length - 1]}`;
  return `${devices.length} host devices (${shown}) are passed through to ${to}`;
}
