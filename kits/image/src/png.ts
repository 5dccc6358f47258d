/**
 * A small PNG codec on node:zlib: `encodePng` writes 8-bit RGB (the kit's rendered challenges),
 * `decodePng` reads 8-bit grey, grey+alpha, RGB and RGBA, non-interlaced (rendered challenges and
 * most dataset images) into RGB. Decoding is defensive: the byte size, the declared dimensions and
 * the inflated size are checked against limits *before* any large allocation, every chunk's CRC is
 * checked, and a file that ends early is reported as truncated. Every failure is an
 * `ImageInputError` naming the field the bytes came from.
 */
import { deflateSync, inflateSync } from "node:zlib";
import { invalidImage, tooLarge, truncated, unsupported } from "./errors.js";

/** An 8-bit RGB image, row-major, 3 bytes per pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Limits applied before decoding. */
export interface PngLimits {
  /** Largest accepted file, bytes (default 8 MiB). */
  maxBytes?: number;
  /** Largest accepted width × height (default 4,194,304 = 2048 × 2048). */
  maxPixels?: number;
}

export const DEFAULT_PNG_LIMITS: Required<PngLimits> = { maxBytes: 8 * 1024 * 1024, maxPixels: 2048 * 2048 };

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** Encodes an RGB image as a PNG (8-bit truecolour, filter None on every row, zlib level 6). */
export function encodePng(image: RgbImage): Uint8Array {
  const { width, height, data } = image;
  if (data.length !== width * height * 3) throw new RangeError(`encodePng: data has ${data.length} bytes; expected width × height × 3 = ${width * height * 3}`);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, filter set 0, no interlace
  const stride = width * 3;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const parts = [SIGNATURE, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 6 })), chunk("IEND", new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Reads width and height from a PNG header without decoding (throws like `decodePng` on a bad header). */
export function pngSize(bytes: Uint8Array, field = "image_png"): { width: number; height: number } {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    if (bytes.length < 8 && SIGNATURE.subarray(0, bytes.length).every((b, i) => bytes[i] === b))
      throw truncated(field, `only ${bytes.length} bytes, not even the PNG signature`);
    throw invalidImage(field, "does not start with the PNG signature (is it a PNG?)");
  }
  if (bytes.length < 33) throw truncated(field, `${bytes.length} bytes end inside the IHDR chunk`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") throw invalidImage(field, "the first chunk is not a 13-byte IHDR");
  if (crc32(bytes, 12, 29) !== v.getUint32(29)) throw invalidImage(field, "the IHDR chunk fails its CRC check (corrupted in transit?)");
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

/** Decodes a PNG into RGB (alpha dropped), within `limits`; `field` names the input in errors. */
export function decodePng(bytes: Uint8Array, limits: PngLimits = {}, field = "image_png"): RgbImage {
  const { maxBytes, maxPixels } = { ...DEFAULT_PNG_LIMITS, ...limits };
  if (bytes.length > maxBytes)
    throw tooLarge(field, `${bytes.length} bytes is above the limit of ${maxBytes}`, `send a smaller image (at most ${maxBytes} bytes) or raise maxImageBytes`);
  const { width, height } = pngSize(bytes, field);
  if (width === 0 || height === 0) throw invalidImage(field, `declares ${width}×${height} pixels`);
  if (width * height > maxPixels)
    throw tooLarge(
      field,
      `declares ${width}×${height} = ${width * height} pixels, above the limit of ${maxPixels}`,
      `downscale it (at most ${maxPixels} pixels) or raise maxImagePixels`,
    );
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const depth = bytes[24]!;
  const colour = bytes[25]!;
  const interlace = bytes[28]!;
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colour];
  if (depth !== 8 || channels === undefined) throw unsupported(field, `bit depth ${depth}, colour type ${colour}`);
  if (bytes[26] !== 0 || bytes[27] !== 0) throw invalidImage(field, "unknown compression or filter method in IHDR");
  if (interlace !== 0) throw unsupported(field, "Adam7 interlacing");

  const idat: Uint8Array[] = [];
  let at = 8;
  let ended = false;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw truncated(field, `the file ends inside a chunk header at byte ${at}`);
    const len = v.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + len > bytes.length)
      throw truncated(field, `chunk ${type} at byte ${at} declares ${len} bytes but the file ends ${at + 12 + len - bytes.length} bytes early`);
    if (crc32(bytes, at + 4, at + 8 + len) !== v.getUint32(at + 8 + len))
      throw invalidImage(field, `chunk ${type} at byte ${at} fails its CRC check (corrupted in transit?)`);
    if (type === "IDAT") idat.push(bytes.subarray(at + 8, at + 8 + len));
    at += 12 + len;
    if (type === "IEND") {
      ended = true;
      break;
    }
  }
  if (!ended) throw truncated(field, "no IEND chunk");
  if (idat.length === 0) throw invalidImage(field, "no IDAT chunk (no pixel data)");

  const bpp = channels;
  const stride = width * bpp;
  const rawSize = height * (stride + 1);
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: rawSize + 1 });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/unexpected end/i.test(msg)) throw truncated(field, "the compressed pixel data ends early");
    if (e instanceof RangeError || /maxOutputLength|buffer/i.test(msg))
      throw invalidImage(field, `the pixel data inflates to more than the ${rawSize} bytes its header declares`, { cause: e });
    throw invalidImage(field, `corrupt compressed pixel data (${msg})`, { cause: e });
  }
  if (raw.length < rawSize) throw truncated(field, `the pixel data holds ${raw.length} of ${rawSize} bytes`);
  if (raw.length > rawSize) throw invalidImage(field, `the pixel data inflates to more than the ${rawSize} bytes its header declares`);

  // unfilter in place, row by row
  const cur = new Uint8Array(stride);
  const prev = new Uint8Array(stride);
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const base = y * (stride + 1);
    const filter = raw[base]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[base + 1 + i]!;
      const a = i >= bpp ? cur[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      let p: number;
      switch (filter) {
        case 0:
          p = 0;
          break;
        case 1:
          p = a;
          break;
        case 2:
          p = b;
          break;
        case 3:
          p = (a + b) >> 1;
          break;
        case 4: {
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw invalidImage(field, `row ${y} has unknown filter type ${filter}`);
      }
      cur[i] = (x + p) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const s = x * bpp;
      if (bpp >= 3) {
        out[o] = cur[s]!;
        out[o + 1] = cur[s + 1]!;
        out[o + 2] = cur[s + 2]!;
      } else {
        out[o] = out[o + 1] = out[o + 2] = cur[s]!;
      }
    }
    prev.set(cur);
  }
  return { width, height, data: out };
}
