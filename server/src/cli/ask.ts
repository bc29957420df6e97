import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

type Ask = (question: string, opts: { secret: boolean }) => Promise<string | undefined>;

/**
 * How `vharden collect` asks for what the environment does not give (a user name, a password): at a
 * terminal, a prompt on standard error that does not echo secrets; otherwise the lines of standard
 * input in order (`printf '%s\n' "$PASSWORD" | vharden collect vsphere …`), none when it is empty.
 */
export function terminalAsk(stdin: NodeJS.ReadStream = process.stdin, stderr: NodeJS.WriteStream = process.stderr): Ask {
  if (stdin.isTTY) {
    return (question, { secret }) =>
      new Promise((resolve) => {
        let muted = false;
        const output = new Writable({
          write(chunk, _enc, done) {
            if (!muted) stderr.write(chunk);
            done();
          },
        });
        const rl = createInterface({ input: stdin, output, terminal: true });
        let answered = false;
        rl.on('SIGINT', () => rl.close());
        rl.on('close', () => {
          if (secret) stderr.write('\n');
          if (!answered) resolve(undefined);
        });
        rl.question(question, (answer) => {
          answered = true;
          resolve(answer);
          rl.close();
        });
        muted = secret;
      });
  }
  let lines: Promise<string[]> | undefined;
  let next = 0;
  return async () => {
    lines ??= new Promise((resolve) => {
      const chunks: Buffer[] = [];
      stdin.on('data', (c: Buffer) => chunks.push(c));
      stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8').split(/\r?\n/)));
      stdin.on('error', () => resolve([]));
    });
    const all = await lines;
    const line = all[next++];
    return line === undefined || (line === '' && next >= all.length) ? undefined : line;
  };
}
