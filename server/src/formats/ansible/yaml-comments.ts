import type { Comment } from '../../engine/types';

/** CST tokens nested deeper than this are not walked (task lists never come close). */
export const MAX_TOKEN_DEPTH = 256;

/** Walks CST tokens (plain objects and arrays) for `comment` tokens. Depth-bounded. */
export function collectComments(token: unknown, text: string, out: Comment[], depth: number): void {
  if (depth > MAX_TOKEN_DEPTH || token === null || typeof token !== 'object') return;
  if (Array.isArray(token)) {
    for (let i = 0; i < token.length; i++) collectComments(token[i], text, out, depth + 1);
    return;
  }
  const t = token as { type?: string; offset?: number; source?: string };
  if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
    const start = t.offset;
    const end = start + t.source.length;
    let i = start - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    const trailing = i >= 0 && text[i] !== '\n' && text[i] !== '\r';
    out.push({ start, end, text: t.source.slice(1), trailing });
    return;
  }
  // a `for in` over the token's keys (CST tokens are plain objects) allocates nothing, unlike Object.entries
  const fields = t as Record<string, unknown>;
  for (const k in fields) {
    if (k === 'source' || k === 'type' || k === 'offset' || k === 'indent') continue;
    const v = fields[k];
    if (v && typeof v === 'object') collectComments(v, text, out, depth + 1);
  }
}

