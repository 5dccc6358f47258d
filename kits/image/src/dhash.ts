/**
 * The perceptual hash that binds an answer to its challenge image: a 256-bit difference hash
 * (dHash). The image is turned to grey in integers (77 R + 150 G + 29 B) >> 8, averaged over a
 * 17 × 16 grid of cells, and each bit says whether the step from a cell to its right neighbour
 * rises more than the row's average step (16 rows × 16 comparisons; a plain dHash compares the
 * step with 0, which lets gradient backgrounds make unrelated images look alike). Integers only: every miner and validator gets the same 64 hex
 * digits for the same pixels. Miners put it in `image_hash`; an answer carrying another image's
 * hash (one replayed from an earlier round) is vetoed.
 */
import type { RgbImage } from "./png.js";

const COLS = 17;
const ROWS = 16;

/** The 256-bit dHash of an image, as 64 lowercase hex digits. */
export function dHash(image: RgbImage): string {
  const { width, height, data } = image;
  const sums = new Float64Array(COLS * ROWS); // integer sums (< 2^53), counts below
  const counts = new Float64Array(COLS * ROWS);
  const colOf = new Int32Array(width);
  for (let x = 0; x < width; x++) colOf[x] = Math.min(COLS - 1, Math.floor((x * COLS) / width));
  for (let y = 0; y < height; y++) {
    const row = Math.min(ROWS - 1, Math.floor((y * ROWS) / height)) * COLS;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const grey = (77 * data[o]! + 150 * data[o + 1]! + 29 * data[o + 2]!) >> 8;
      sums[row + colOf[x]!]! += grey;
      counts[row + colOf[x]!]! += 1;
    }
  }
  // cell means in 1/256 grey levels (integers), then one bit per pair of neighbours: is the step
  // from this cell to the next steeper than the row's average step? Comparing with the row's trend
  // (rather than with 0, as the plain dHash does) keeps a smooth gradient background from setting
  // most bits the same way in every image.
  const mean = new Float64Array(COLS * ROWS);
  for (let i = 0; i < mean.length; i++) mean[i] = counts[i]! > 0 ? Math.floor((sums[i]! * 256) / counts[i]!) : 0;
  let hex = "";
  for (let r = 0; r < ROWS; r++) {
    const row = r * COLS;
    const trend = mean[row + COLS - 1]! - mean[row]!; // 16 × the average step
    for (let c = 0; c < COLS - 1; c += 4) {
      let nibble = 0;
      for (let k = 0; k < 4; k++) {
        const a = row + c + k;
        nibble = (nibble << 1) | ((mean[a + 1]! - mean[a]!) * (COLS - 1) > trend ? 1 : 0);
      }
      hex += nibble.toString(16);
    }
  }
  return hex;
}

/** Number of differing bits between two hex hashes of the same length (Infinity when they cannot be compared). */
export function hammingHex(a: string, b: string): number {
  if (a.length !== b.length || !/^[0-9a-f]*$/.test(a) || !/^[0-9a-f]*$/.test(b)) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}
