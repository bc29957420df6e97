import type { Rule } from '../../engine/types';
import type { LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import { netTrustRx } from './trust-rx';

/** Rules over libvirt network XML (NET-TRUST-RX also reads domain interfaces). */
export const libvirtNetworkRules: Rule<LibvirtXmlModel>[] = [netTrustRx];
