// `hybrid-bft node` processes over TCP, partitioned by loopback proxies (one per directed
// link): safety holds while cut, every node decides after the heal. Nothing started is
// left running.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { freePorts } from '../../src/node/ports.ts';
import { until } from './procs.ts';
import {
  LoopbackProxy, assertAgreement, decidedHeights, startNode, nodeProcFolder,
} from './node-procs.ts';

const IDS = ['c1', 'c2', 'c3', 'c4'];
/** The nodes' last height: beyond what they reach before the cut (it is placed after height 1). */
const LAST = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cli: node processes, a network partition and its heal', function () {
  this.timeout(60_000);
  const ctx = nodeProcFolder();

  it('partition {c1,c2} | {c3,c4} by loopback proxies: no progress and agreement while cut, all decide after the heal', async () => {
    const { T, procs } = ctx;
    const ports = await freePorts(4);
    // One proxy per directed link i -> j: node i reaches j through proxy (i, j).
    const proxies = new Map<string, LoopbackProxy>();
    for (const a of IDS) for (const [j, b] of IDS.entries()) if (a !== b) proxies.set(`${a}>${b}`, await new LoopbackProxy(ports[j]!).start());
    const group = (id: string) => (id === 'c1' || id === 'c2' ? 0 : 1);
    const crossing = [...proxies].filter(([k]) => { const [a, b] = k.split('>'); return group(a!) !== group(b!); }).map(([, p]) => p);
    try {
      const all = IDS.map((id, i) => {
        const peers = IDS.map((o, j) => `${o}=127.0.0.1:${o === id ? ports[i] : proxies.get(`${id}>${o}`)!.port}`).join(',');
        const p = startNode(id, peers, join(T, id), ['--heights', String(LAST), '--linger', '60000']);
        procs.push(p);
        return p;
      });
      await until('height 1 at every node', () => all.every((p) => decidedHeights(p).includes(1)), 45_000);
      for (const p of crossing) p.cut();
      await sleep(300); // decisions made before the cut reach us over the nodes' stdout
      const atCut = Math.max(...all.map((p) => Math.max(...decidedHeights(p))));
      await sleep(4000);
      const during = Math.max(...all.map((p) => Math.max(...decidedHeights(p))));
      // A height whose precommits were already delivered may still complete; nothing after it can.
      assert.ok(during <= atCut + 1, `no quorum on either side: highest decided ${atCut} at the cut, ${during} after 4 s cut`);
      assert.ok(during < LAST, `the cut stopped progress before height ${LAST}`);
      for (const p of crossing) p.heal();
      // Progress after the heal: three more heights at every node (the run's last height is
      // far enough that a fast machine cannot reach it before the cut is in place).
      const target = during + 3;
      await until(`heights 1..${target} at every node after the heal`, () => all.every((p) => decidedHeights(p).includes(target)), 40_000);
      assertAgreement(all, target);
    } finally {
      await Promise.all([...proxies.values()].map((p) => p.close()));
    }
  });
});
