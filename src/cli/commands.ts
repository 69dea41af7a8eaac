// The subcommands of `hybrid-bft`. Each lives in its own module exporting
// `run(args: string[]): Promise<number>` (the exit code) and is loaded lazily.
export interface CommandModule { run(args: string[]): Promise<number> }
export interface Command { summary: string; load(): Promise<CommandModule> }

export const commands: Record<string, Command> = {
  check: { summary: 'everything: TLC models, traces, replay with coverage, vectors', load: () => import('./check.ts') },
  tlc: { summary: 'model-check one entry of spec/models.json (or --ci: all CI entries)', load: () => import('./tlc.ts') },
  run: { summary: 'run n nodes in memory for some heights and print the decisions', load: () => import('./run.ts') },
  node: { summary: 'one validator as its own process over TCP on loopback, with its WAL', load: () => import('./node.ts') },
  testnet: { summary: 'start n node processes on loopback and print their decisions as they happen', load: () => import('./testnet.ts') },
  vectors: { summary: 'check the implementation against conformance/vectors/', load: () => import('./vectors.ts') },
  traces: { summary: 'generate traces with TLC (simulation, witnesses, cover) as ITF JSON', load: () => import('./traces.ts') },
  replay: { summary: 'replay ITF traces against the core and report coverage', load: () => import('./replay.ts') },
  show: { summary: 'draw a trace or counterexample as an HTML message-sequence diagram', load: () => import('./show.ts') },
  simulate: { summary: 'randomized fault-injection runs of the real node, checked for safety and liveness', load: () => import('./simulate.ts') },
  validate: { summary: 'simulated runs recorded and checked by TLC against the model (trace validation)', load: () => import('./validate.ts') },
  oracle: { summary: 'check an external implementation through the driver protocol', load: () => import('./oracle.ts') },
};
