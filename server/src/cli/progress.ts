import { visible } from '../report/safe-text';

/**
 * A one-line progress display for terminals: rewritten in place at most every 100 ms, erased
 * when done. Only used when standard error is a TTY, so logs and pipes never see it.
 */
export function progressLine(write: (s: string) => void, now: () => number = Date.now): { update: (path: string, done: number) => void; done: () => void } {
  let last = 0;
  let shown = false;
  const width = Math.max(40, (process.stderr.columns ?? 80) - 1);
  return {
    update(rawPath, done) {
      const t = now();
      if (t - last < 100) return;
      last = t;
      const path = visible(rawPath); // a file name can hold escape sequences
      const head = `vharden: ${done} files looked at `;
      const room = width - head.length;
      const tail = path.length > room ? `…${path.slice(path.length - room + 1)}` : path;
      write(`\r\x1b[2K${head}${room > 5 ? tail : ''}`);
      shown = true;
    },
    done() {
      if (shown) write('\r\x1b[2K');
    },
  };
}
