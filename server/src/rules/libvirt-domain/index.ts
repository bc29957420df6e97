import type { Rule } from '../../engine/types';
import type { LibvirtXmlModel } from '../../formats/libvirt-xml/model';
import { domChardevTcp } from './chardev-tcp';
import { domFsPassthrough } from './fs-passthrough';
import { domGraphicsPasswd } from './graphics-passwd';
import { domGraphicsPublic } from './graphics-public';
import { domHostdevPassthru } from './hostdev-passthru';
import { domNoFilterref } from './no-filterref';
import { domPortIsolation } from './port-isolation';
import { domSeclabelNone } from './seclabel-none';

/** Rules over libvirt domain XML. */
export const libvirtDomainRules: Rule<LibvirtXmlModel>[] = [domGraphicsPublic, domGraphicsPasswd, domChardevTcp, domNoFilterref, domPortIsolation, domHostdevPassthru, domSeclabelNone, domFsPassthrough];
