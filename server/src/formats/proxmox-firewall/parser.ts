import { LineIndex, indexBefore } from '../../engine/text';
import type { Comment, ToolDiagnostic } from '../../engine/types';
import { baseName, isSpace, parseError, truncate } from '../proxmox-common/kv';
import { diagnosticList } from '../../engine/diagnostics';

export type FwKind = 'cluster' | 'host' | 'vm' | 'unknown';

export interface FwSection {
  /** options, rules, aliases, ipset or group (lower case) */
  type: string;
  /** the IP set or security group name */
  name?: string;
  line: number;
  start: number;
  end: number;
}

export interface FwOption {
  key: string;
  lower: string;
  value: string;
  line: number;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

/** `-name value` of a rule. */
export interface FwRuleOption {
  name: string;
  value: string;
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
}

export interface FwRule {
  line: number;
  /** the rule without its comment */
  start: number;
  end: number;
  /** false for rules written with a leading `|` (disabled) */
  enabled: boolean;
  /** IN, OUT, FORWARD or GROUP */
  direction: string;
  /** ACCEPT/DROP/REJECT, or the group name for GROUP rules */
  verdict: string;
  /** `SSH` for `SSH(ACCEPT)` */
  macro?: string;
  actionStart: number;
  actionEnd: number;
  options: FwRuleOption[];
  /** the section the rule is in: `rules` or `group <name>` */
  section: string;
}

export interface FwIpsetEntry {
  cidr: string;
  nomatch: boolean;
  line: number;
  start: number;
  end: number;
}

export interface FwAlias {
  name: string;
  cidr: string;
  line: number;
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
}

export interface FirewallModel {
  kind: FwKind;
  index: LineIndex;
  sections: FwSection[];
  options: FwOption[];
  /** [RULES] only (security-group rules are in `groups`) */
  rules: FwRule[];
  groups: Map<string, FwRule[]>;
  /** lower-case name → entries */
  ipsets: Map<string, { section: FwSection; entries: FwIpsetEntry[] }>;
  /** lower-case name → alias */
  aliases: Map<string, FwAlias>;
  /** the last `key:` in [OPTIONS] */
  option(key: string): FwOption | undefined;
}

const DIRECTIONS = ['IN', 'OUT', 'FORWARD', 'GROUP'];
const VERDICTS = ['ACCEPT', 'DROP', 'REJECT'];
const RULE_OPTIONS = ['p', 'dport', 'sport', 'source', 'dest', 'i', 'log', 'icmp-type'];

/**
 * cluster.fw, host.fw and <vmid>.fw, also as corpus copies such as `cluster__test.fw`. Other names
 * (`cluster-web.fw`) are not a whole cluster or host file. Nor is a security-group snippet (only
 * `[group …]` sections, no `[OPTIONS]` or `[RULES]`) named cluster.fw, unless it sits at a real
 * `pve/firewall/cluster.fw` path, where it is the cluster's whole firewall configuration.
 */
export function firewallKind(path: string, text: string): FwKind {
  const base = baseName(path).toLowerCase();
  const named = (n: string): boolean => base === `${n}.fw` || base.startsWith(`${n}__`);
  if (named('cluster')) return isGroupSnippet(text) && !/(^|\/)pve\/firewall\/cluster\.fw$/i.test(path) ? 'unknown' : 'cluster';
  if (named('host')) return 'host';
  if (/^\d+([._-]|$)/.test(base)) return 'vm';
  return /^[^\S\r\n\u2028\u2029]*(macfilter|ipfilter|dhcp|ndp|radv)[^\S\r\n\u2028\u2029]*:/im.test(text.slice(0, 8192)) ? 'vm' : 'unknown';
}

function isGroupSnippet(text: string): boolean {
  return /^[ \t]*\[group[ \t]/im.test(text) && !/^[ \t]*\[(options|rules)\]/im.test(text);
}

export function parseFirewall(text: string, kind: FwKind): { model: FirewallModel; comments: Comment[]; diagnostics: ToolDiagnostic[] } {
  const index = new LineIndex(text);
  const comments: Comment[] = [];
  const diagnostics: ToolDiagnostic[] = diagnosticList();
  const model: FirewallModel = {
    kind,
    index,
    sections: [],
    options: [],
    rules: [],
    groups: new Map(),
    ipsets: new Map(),
    aliases: new Map(),
    option: (key) => {
      let found: FwOption | undefined;
      for (const o of model.options) if (o.lower === key) found = o;
      return found;
    },
  };
  let section: FwSection | undefined;
  let outsideReported = false;
  for (let line = 0; line < index.lineCount; line++) {
    const ls = index.lineStart(line);
    const le = index.lineEnd(line);
    let i = ls;
    while (i < le && isSpace(text.charCodeAt(i))) i++;
    if (i === le) continue;
    const hash = indexBefore(text, '#', i, le);
    const codeEnd0 = hash >= 0 ? hash : le;
    if (codeEnd0 < le) comments.push({ start: codeEnd0, end: le, text: text.slice(codeEnd0 + 1, le), trailing: codeEnd0 > i });
    let end = codeEnd0;
    while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
    if (i === end) continue;

    if (text[i] === '[') {
      const close = indexBefore(text, ']', i, end);
      if (close < 0) {
        diagnostics.push(parseError(i, end, line, 'This section header is not closed with `]`.'));
        section = undefined;
        continue;
      }
      const words = text.slice(i + 1, close).trim().split(/\s+/);
      const type = (words[0] ?? '').toLowerCase();
      const name = words[1];
      if (!['options', 'rules', 'aliases', 'ipset', 'group'].includes(type) || ((type === 'ipset' || type === 'group') && !name)) {
        diagnostics.push(parseError(i, close + 1, line, `\`${truncate(text.slice(i, close + 1), 40)}\` is not a firewall section ([OPTIONS], [RULES], [ALIASES], [IPSET name], [group name]); pve-firewall skips what follows.`));
        section = undefined;
        continue;
      }
      section = { type, name, line, start: i, end: close + 1 };
      model.sections.push(section);
      if (type === 'ipset') model.ipsets.set(name!.toLowerCase(), { section, entries: [] });
      if (type === 'group') model.groups.set(name!, []);
      continue;
    }
    if (!section) {
      if (!outsideReported) diagnostics.push(parseError(i, end, line, 'This line is outside any section ([OPTIONS], [RULES], ...); pve-firewall ignores it.'));
      outsideReported = true;
      continue;
    }
    switch (section.type) {
      case 'options': {
        const colon = indexBefore(text, ':', i, end);
        if (colon < 0) {
          diagnostics.push(parseError(i, end, line, 'An [OPTIONS] line is `key: value`.'));
          break;
        }
        let keyEnd = colon;
        while (keyEnd > i && isSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
        let v = colon + 1;
        while (v < end && isSpace(text.charCodeAt(v))) v++;
        const key = text.slice(i, keyEnd);
        model.options.push({ key, lower: key.toLowerCase(), value: text.slice(v, end), line, keyStart: i, keyEnd, valueStart: v, valueEnd: end });
        break;
      }
      case 'rules':
      case 'group': {
        const rule = parseRule(text, i, end, line, section.type === 'rules' ? 'rules' : `group ${section.name}`, diagnostics);
        if (!rule) break;
        if (section.type === 'rules') model.rules.push(rule);
        else model.groups.get(section.name!)!.push(rule);
        break;
      }
      case 'ipset': {
        const nomatch = text[i] === '!';
        let s = nomatch ? i + 1 : i;
        while (s < end && isSpace(text.charCodeAt(s))) s++;
        model.ipsets.get(section.name!.toLowerCase())!.entries.push({ cidr: text.slice(s, end), nomatch, line, start: i, end });
        break;
      }
      case 'aliases': {
        let n = i;
        while (n < end && !isSpace(text.charCodeAt(n))) n++;
        let v = n;
        while (v < end && isSpace(text.charCodeAt(v))) v++;
        if (v === end) {
          diagnostics.push(parseError(i, end, line, 'An alias is `name address`; this one has no address.'));
          break;
        }
        const name = text.slice(i, n);
        model.aliases.set(name.toLowerCase(), { name, cidr: text.slice(v, end), line, start: i, end, valueStart: v, valueEnd: end });
        break;
      }
    }
  }
  return { model, comments, diagnostics };
}

function parseRule(text: string, start: number, end: number, line: number, section: string, diagnostics: ToolDiagnostic[]): FwRule | undefined {
  const tokens: { text: string; start: number; end: number }[] = [];
  let i = start;
  const enabled = text[i] !== '|';
  if (!enabled) i++;
  while (i < end) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    const s = i;
    while (i < end && !isSpace(text.charCodeAt(i))) i++;
    if (i > s) tokens.push({ text: text.slice(s, i), start: s, end: i });
  }
  const dir = tokens[0];
  const action = tokens[1];
  if (!dir || !DIRECTIONS.includes(dir.text.toUpperCase())) {
    diagnostics.push(parseError(dir?.start ?? start, dir?.end ?? end, line, `A rule starts with IN, OUT, FORWARD or GROUP, not \`${truncate(dir?.text ?? '', 30)}\`; pve-firewall skips this rule.`));
    return undefined;
  }
  if (!action) {
    diagnostics.push(parseError(dir.start, end, line, 'This rule has no action (ACCEPT, DROP, REJECT, a macro such as SSH(ACCEPT), or a group name).'));
    return undefined;
  }
  const direction = dir.text.toUpperCase();
  let verdict = action.text;
  let macro: string | undefined;
  if (direction !== 'GROUP') {
    const m = /^([A-Za-z0-9_-]+)\(([A-Za-z]+)\)$/.exec(action.text);
    if (m) {
      macro = m[1]!;
      verdict = m[2]!.toUpperCase();
    } else verdict = action.text.toUpperCase();
    if (!VERDICTS.includes(verdict)) {
      diagnostics.push(parseError(action.start, action.end, line, `\`${truncate(action.text, 30)}\` is not a rule action (ACCEPT, DROP, REJECT or Macro(ACTION)); pve-firewall skips this rule.`));
      return undefined;
    }
  }
  const options: FwRuleOption[] = [];
  for (let t = 2; t < tokens.length; t++) {
    const tok = tokens[t]!;
    const name = tok.text.startsWith('-') ? tok.text.slice(1).replace(/^-/, '') : '';
    const value = tokens[t + 1];
    if (!RULE_OPTIONS.includes(name) || !value) {
      diagnostics.push(parseError(tok.start, value && RULE_OPTIONS.includes(name) ? value.end : tok.end, line, name && !value ? `Option \`${tok.text}\` has no value; pve-firewall skips this rule.` : `\`${truncate(tok.text, 30)}\` is not a rule option (-p, -dport, -sport, -source, -dest, -i, -log, -icmp-type); pve-firewall skips this rule.`));
      return undefined;
    }
    options.push({ name, value: value.text, start: tok.start, end: value.end, valueStart: value.start, valueEnd: value.end });
    t++;
  }
  return { line, start, end, enabled, direction, verdict, macro, actionStart: action.start, actionEnd: action.end, options, section };
}

export function ruleOption(rule: FwRule, name: string): FwRuleOption | undefined {
  return rule.options.find((o) => o.name === name);
}
