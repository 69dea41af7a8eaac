// Every vector file, by name: the single list that the script writes and the
// regeneration test compares with the committed files.
import { CERTIFICATE_SIZES, certificateFileName, generateCertificates } from './gen-certificates.ts';
import { THRESHOLD_PARAMS, generateThreshold, serialize, thresholdFileName } from './gen-threshold.ts';

export interface Generated { name: string; /** true for the files too slow to regenerate in `npm test`. */ large: boolean; text(): string }

export function allVectorFiles(): Generated[] {
  return [
    ...THRESHOLD_PARAMS.map(([t, n]) => ({ name: thresholdFileName(t, n), large: n >= 100, text: () => serialize(generateThreshold(t, n)) })),
    ...CERTIFICATE_SIZES.map((n) => ({ name: certificateFileName(n), large: n >= 100, text: () => serialize(generateCertificates(n)) })),
  ];
}
