// `hybrid-bft replay`: not built yet (see the open issues).
export async function run(_args: string[]): Promise<number> {
  console.error('hybrid-bft replay: not implemented yet');
  return 1;
}
