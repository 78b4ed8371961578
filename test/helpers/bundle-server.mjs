// The other end of runInBundle (test/helpers/run-bin.ts): one Node process that
// imports the built dist/main.js once and runs main() for each request sent
// over IPC, one at a time, each with its own argv, environment, working
// folder and stdin, keeping what it wrote. For e2e checks that need the built
// bundle but not a process of their own per run (exit code, output, files).
import { Readable } from 'node:stream';

const { main } = await import(process.argv[2]);
const realStdin = Object.getOwnPropertyDescriptor(process, 'stdin');
let queue = Promise.resolve();

async function runOne({ args, env, cwd, input }) {
  const savedEnv = process.env;
  const savedCwd = process.cwd();
  const out = process.stdout.write;
  const err = process.stderr.write;
  let stdout = '';
  let stderr = '';
  process.env = env;
  process.chdir(cwd);
  // A closed pipe carrying `input`, as runBin gives a spawned bin.
  const stdin = Readable.from(input ? [Buffer.from(input, 'utf8')] : []);
  Object.defineProperty(process, 'stdin', { value: stdin, configurable: true });
  process.stdout.write = (chunk) => ((stdout += chunk), true);
  process.stderr.write = (chunk) => ((stderr += chunk), true);
  try {
    return { code: await main(['node', 'integrate', ...args]), stdout, stderr };
  } catch (e) {
    return { code: 1, stdout, stderr: `${stderr}runInBundle: main() threw: ${e?.stack ?? e}\n` };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    Object.defineProperty(process, 'stdin', realStdin);
    process.env = savedEnv;
    process.chdir(savedCwd);
  }
}

process.on('message', (req) => {
  queue = queue.then(async () => process.send({ id: req.id, result: await runOne(req) }));
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
