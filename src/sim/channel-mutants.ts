// The channel layer's negative controls: a signer and a collector that are broken on
// purpose, so that a test can show the simulator's channel checks catch them.
import { CollectError, type Collected, type PartialSource, type ThresholdPublic } from '../crypto/collector.ts';
import { partialSign, type Partial, type Share } from '../crypto/threshold.ts';
import { channelStateBytes, type ChannelState } from '../channel/state.ts';

/** A signer that skips the commit check: signs any update it is asked about. */
export const uncheckedSigner = (entityId: string, share: Share) => (u: ChannelState): Partial =>
  partialSign(share, channelStateBytes(entityId, u));

/** A collector that takes the first t partials it is given, verifying none (SignatureCollector without its checks). */
export class TrustingCollector {
  constructor(private readonly pub: ThresholdPublic, private readonly source: PartialSource) {}

  async collect(msg: Uint8Array, order?: readonly number[]): Promise<Collected> {
    const queue = [...(order ?? Array.from({ length: this.pub.n }, (_, i) => i + 1))];
    const partials: Partial[] = [];
    while (partials.length < this.pub.t && queue.length > 0) {
      const wave = queue.splice(0, this.pub.t - partials.length);
      const answers = await Promise.allSettled(wave.map((i) => this.source.requestPartial(i, msg)));
      for (const a of answers) if (a.status === 'fulfilled') partials.push(a.value);
    }
    if (partials.length < this.pub.t) throw new CollectError(`collect: need ${this.pub.t} partials, got ${partials.length}`, partials.map((p) => p.index), []);
    return { partials, bad: [] };
  }
}
