import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { Random } from "@tao-subnet/sdk/kit";
import { describe, expect, it } from "vitest";
import { decodePng, encodePng, ImageInputError, type RgbImage, renderScene } from "./index.js";

const scene = (n: number) => renderScene(new Random(new Uint8Array(32).fill(n)));
const pngfix = ["/usr/bin/pngfix"].find((p) => existsSync(p)); // Debian's libpng-tools

/** A PNG built by hand: any colour type, one filter type per row, optional extra chunks. */
function handPng(width: number, height: number, colour: number, channels: number, pixels: Uint8Array, filterOf: (y: number) => number): Uint8Array {
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  const prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const f = filterOf(y);
    raw[y * (stride + 1)] = f;
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const pa = Math.abs(b - c),
        pb = Math.abs(a - c),
        pc = Math.abs(a + b - 2 * c);
      const p = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f]!;
      raw[y * (stride + 1) + 1 + i] = (row[i]! - p) & 0xff;
    }
    prev.set(row);
  }
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, colour, 0, 0, 0], 8);
  return withChunks([
    ["IHDR", ihdr],
    ["IDAT", deflateSync(raw)],
    ["IEND", new Uint8Array(0)],
  ]);
}

function withChunks(chunks: Array<[string, Uint8Array]>): Uint8Array {
  // reuse the encoder's CRC by round-tripping through a 1×1 image is overkill; compute it here
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Uint8Array) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)];
  for (const [type, data] of chunks) {
    const out = new Uint8Array(12 + data.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, data.length);
    out.set(Buffer.from(type, "latin1"), 4);
    out.set(data, 8);
    v.setUint32(8 + data.length, crc(out.subarray(4, 8 + data.length)));
    parts.push(out);
  }
  return new Uint8Array(Buffer.concat(parts));
}

describe("the PNG codec", () => {
  it("round-trips rendered scenes byte for byte", () => {
    for (let n = 1; n <= 5; n++) {
      const { image } = scene(n);
      const back = decodePng(encodePng(image));
      expect([back.width, back.height]).toEqual([image.width, image.height]);
      expect(Buffer.compare(back.data, image.data)).toBe(0);
    }
  });

  it("reads every filter type and grey, grey+alpha, RGB and RGBA images", () => {
    const w = 23,
      h = 17;
    const r = new Random(new Uint8Array(32).fill(3));
    for (const [colour, channels] of [
      [0, 1],
      [4, 2],
      [2, 3],
      [6, 4],
    ] as const) {
      const pixels = Uint8Array.from({ length: w * h * channels }, () => r.int(256));
      const img = decodePng(handPng(w, h, colour, channels, pixels, (y) => y % 5));
      for (let p = 0; p < w * h; p++) {
        const want =
          channels >= 3
            ? [pixels[p * channels]!, pixels[p * channels + 1]!, pixels[p * channels + 2]!]
            : [pixels[p * channels]!, pixels[p * channels]!, pixels[p * channels]!];
        expect([img.data[p * 3], img.data[p * 3 + 1], img.data[p * 3 + 2]], `colour type ${colour}, pixel ${p}`).toEqual(want);
      }
    }
  });

  it.skipIf(!pngfix)("writes files libpng accepts (pngfix), and reads them back after libpng recompresses them", () => {
    const dir = mkdtempSync(join(tmpdir(), "kit-image-png-"));
    const { image } = scene(9);
    writeFileSync(join(dir, "ours.png"), encodePng(image));
    const out = execFileSync(pngfix!, ["--optimize", `--out=${join(dir, "libpng.png")}`, join(dir, "ours.png")], { encoding: "utf8" });
    expect(out).toMatch(/IDAT OK/);
    const again = decodePng(new Uint8Array(readFileSync(join(dir, "libpng.png"))));
    expect(Buffer.compare(again.data, image.data)).toBe(0);
    // and libpng agrees that a cut file is broken
    writeFileSync(join(dir, "cut.png"), encodePng(image).subarray(0, 5000));
    expect(() => execFileSync(pngfix!, [join(dir, "cut.png")], { stdio: "pipe" })).toThrow();
  });
});

describe("bad images become typed errors naming the field and the fix", () => {
  const png = encodePng(scene(2).image);
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e, String(e)).toBeInstanceOf(ImageInputError);
      return { code: (e as ImageInputError).code, field: (e as ImageInputError).field, message: (e as Error).message };
    }
    return null;
  };

  it("refuses a 100 MB image before reading its pixels", () => {
    const big = new Uint8Array(100 * 1024 * 1024);
    big.set(png.subarray(0, 33));
    const e = code(() => decodePng(big));
    expect(e).toMatchObject({ code: "IMAGE_TOO_LARGE", field: "image_png" });
    expect(e!.message).toMatch(/104857600 bytes is above the limit of 8388608; send a smaller image/);
  });

  it("refuses a small file that declares 100 million pixels (a decompression bomb)", () => {
    // the header is refused before anything is inflated
    const ihdr = Uint8Array.of(0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10, 8, 2, 0, 0, 0); // 10000 × 10000 RGB
    const bomb = withChunks([
      ["IHDR", ihdr],
      ["IDAT", deflateSync(new Uint8Array(1_000_000))],
      ["IEND", new Uint8Array(0)],
    ]);
    const e = code(() => decodePng(bomb, {}, "datasetDir/huge.png"));
    expect(e).toMatchObject({ code: "IMAGE_TOO_LARGE", field: "datasetDir/huge.png" });
    expect(e!.message).toMatch(/declares 10000×10000 = 100000000 pixels.*downscale it/);
  });

  it("reports a PNG cut at any point as truncated (or invalid), never crashing", () => {
    const cuts = [0, 4, 8, 20, 32, 33, 40, 100, 1000, 10_000, Math.floor(png.length / 2), png.length - 13, png.length - 12, png.length - 1];
    for (const cut of cuts) {
      const e = code(() => decodePng(png.subarray(0, cut)));
      expect(e, `cut at ${cut}`).not.toBeNull();
      expect(["IMAGE_TRUNCATED", "IMAGE_INVALID"], `cut at ${cut}: ${e!.message}`).toContain(e!.code);
      expect(e!.field).toBe("image_png");
    }
    expect(code(() => decodePng(png.subarray(0, png.length - 12)))).toMatchObject({ code: "IMAGE_TRUNCATED" });
    expect(code(() => decodePng(png.subarray(0, 1000)))!.message).toMatch(/truncated|ends|early/);
  });

  it("catches a flipped bit by its CRC, and names unsupported forms with how to convert them", () => {
    const bad = png.slice();
    bad[60]! ^= 0x10;
    expect(code(() => decodePng(bad))).toMatchObject({ code: "IMAGE_INVALID" });
    expect(code(() => decodePng(new TextEncoder().encode("GIF89a not a png at all......................")))!.message).toMatch(/PNG signature/);
    const edited = handPng(2, 2, 2, 3, new Uint8Array(12), () => 0);
    edited[24] = 16; // the header's CRC no longer matches
    expect(code(() => decodePng(edited))!.message).toMatch(/IHDR chunk fails its CRC/);
    const sixteen = withChunks([
      ["IHDR", Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 2, 16, 2, 0, 0, 0)],
      ["IEND", new Uint8Array(0)],
    ]);
    expect(code(() => decodePng(sixteen))).toMatchObject({ code: "IMAGE_UNSUPPORTED" });
    const paletted = withChunks([
      ["IHDR", Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 2, 8, 3, 0, 0, 0)],
      ["IEND", new Uint8Array(0)],
    ]);
    const e = code(() => decodePng(paletted));
    expect(e).toMatchObject({ code: "IMAGE_UNSUPPORTED" });
    expect(e!.message).toMatch(/re-encode it as an 8-bit/);
  });

  it("refuses pixel data that inflates beyond what the header declares", () => {
    const img: RgbImage = { width: 4, height: 4, data: new Uint8Array(48) };
    const good = encodePng(img);
    const ihdr = good.subarray(16, 29).slice();
    new DataView(ihdr.buffer).setUint32(4, 2); // header says 2 rows, data holds 4
    const lying = withChunks([
      ["IHDR", ihdr],
      ["IDAT", deflateSync(new Uint8Array(4 * 13))],
      ["IEND", new Uint8Array(0)],
    ]);
    expect(code(() => decodePng(lying))).toMatchObject({ code: "IMAGE_INVALID", field: "image_png" });
  });
});
