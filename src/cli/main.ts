// `hybrid-bft <command>`: dispatch to one module per subcommand.
import { endAll } from '../proc/lifetime.ts';
import { commands } from './commands.ts';

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return ['usage: hybrid-bft <command> [options]', '', 'commands:', ...lines, '',
    "Run 'hybrid-bft <command> --help' for a command's options."].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const cmd = commands[name];
  if (cmd === undefined) {
    console.error(`hybrid-bft: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await cmd.load();
  return mod.run(rest);
}

// No command outlives its work: whatever it started and did not end (a driver's
// process group, TLC's java, a temporary directory) is ended here, and the process exits
// even if a stray handle would keep it alive (src/proc/lifetime.ts).
main(process.argv.slice(2)).then(
  (code) => { endAll(); process.exit(code); },
  (e: unknown) => {
    console.error(`hybrid-bft: ${e instanceof Error ? e.message : String(e)}`);
    endAll();
    process.exit(1);
  });
