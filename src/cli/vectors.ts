// `hybrid-bft vectors`: not built yet (see the open issues).
export async function run(_args: string[]): Promise<number> {
  console.error('hybrid-bft vectors: not implemented yet');
  return 1;
}
