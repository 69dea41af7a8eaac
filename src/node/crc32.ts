// CRC-32 (IEEE 802.3, the zlib/PNG polynomial 0xEDB88320, reflected), used to checksum
// WAL records. Own table instead of zlib.crc32 because that needs Node >= 20.15 and the
// package promises Node >= 20. It detects torn and bit-flipped records; it is not a MAC.

const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of `bytes` as an unsigned 32-bit integer; crc32("123456789") = 0xcbf43926. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
