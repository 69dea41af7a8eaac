// `hybrid-bft traces`: not built yet (see the open issues).
export async function run(_args: string[]): Promise<number> {
  console.error('hybrid-bft traces: not implemented yet');
  return 1;
}
