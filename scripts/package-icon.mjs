// Draws media/icon.png (128×128): a rising bar chart (a ladder of depths) on a dark tile. No dependencies.
// Usage: node scripts/package-icon.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const px = Buffer.alloc(N * N * 4);
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const rect = (x0, y0, x1, y1, color, alpha = 255) => {
  const [r, g, b] = hex(color);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) px.set([r, g, b, alpha], (y * N + x) * 4);
};
// Rounded tile.
const R = 22;
for (let y = 0; y < N; y++)
  for (let x = 0; x < N; x++) {
    const cx = Math.min(Math.max(x, R), N - 1 - R);
    const cy = Math.min(Math.max(y, R), N - 1 - R);
    if ((x - cx) ** 2 + (y - cy) ** 2 <= R * R) px.set([...hex('#1e2a38'), 255], (y * N + x) * 4);
  }
// Three bars (SIMPLE, MEDIUM, FULL) and a base line.
rect(22, 80, 44, 104, '#3fa7d6');
rect(53, 56, 75, 104, '#3fa7d6');
rect(84, 24, 106, 104, '#f2c14e');
rect(18, 106, 110, 110, '#d0d7de');

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw)),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync('media', { recursive: true });
writeFileSync('media/icon.png', png);
console.log(`media/icon.png: ${png.length} bytes`);
