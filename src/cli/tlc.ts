// `hybrid-bft tlc`: not built yet (see the open issues).
export async function run(_args: string[]): Promise<number> {
  console.error('hybrid-bft tlc: not implemented yet');
  return 1;
}
