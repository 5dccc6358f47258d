// Typed access to a JSON challenge or response: the value of a top-level string or integer field,
// read straight from the UTF-8 bytes (no tree is built). Keys are matched byte for byte at depth 1;
// nested objects and arrays are skipped. String escapes are decoded to UTF-8 (\n \t \r as
// themselves, \b and \f as a space, \uXXXX as its UTF-8, a lone surrogate half as its three-byte
// form); the decoded text goes to the heap, which the host frees between batches.
import { Bytes } from "./bytes";

@inline function isSpace(c: u8): bool { return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d; }

/** A JSON object's top-level fields. */
export class JsonObject {
  constructor(public readonly bytes: Bytes) {}

  /** The string field `key`, decoded to UTF-8; null when absent, not a string or malformed. */
  string(key: string): Bytes | null {
    const at = this.find(key);
    const len = this.bytes.length;
    if (at < 0 || at >= len || this.bytes.at(at) != 0x22) return null;
    const p = this.bytes.ptr;
    const out = __alloc(<usize>(len - at));
    let o = 0;
    for (let i = at + 1; i < len; i++) {
      const c = load<u8>(p + i);
      if (c == 0x22) return new Bytes(out, o);
      if (c != 0x5c) { store<u8>(out + o++, c); continue; }
      i++;
      if (i >= len) return null;
      const e = load<u8>(p + i);
      if (e == 0x6e) store<u8>(out + o++, 0x0a);
      else if (e == 0x74) store<u8>(out + o++, 0x09);
      else if (e == 0x72) store<u8>(out + o++, 0x0d);
      else if (e == 0x62 || e == 0x66) store<u8>(out + o++, 0x20);
      else if (e == 0x75) {
        if (i + 4 >= len) return null;
        let cp: u32 = 0;
        for (let k = 1; k <= 4; k++) {
          const h = load<u8>(p + i + k);
          const v: u32 = h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x61 && h <= 0x66 ? h - 0x57 : h >= 0x41 && h <= 0x46 ? h - 0x37 : 0xff;
          if (v == 0xff) return null;
          cp = (cp << 4) | v;
        }
        i += 4;
        if (cp < 0x80) store<u8>(out + o++, <u8>cp);
        else if (cp < 0x800) { store<u8>(out + o++, <u8>(0xc0 | (cp >> 6))); store<u8>(out + o++, <u8>(0x80 | (cp & 0x3f))); }
        else { store<u8>(out + o++, <u8>(0xe0 | (cp >> 12))); store<u8>(out + o++, <u8>(0x80 | ((cp >> 6) & 0x3f))); store<u8>(out + o++, <u8>(0x80 | (cp & 0x3f))); }
      } else store<u8>(out + o++, e);
    }
    return null;
  }

  /** The non-negative integer field `key` (at most 15 digits); -1 when absent or not such a number. */
  int(key: string): i64 {
    const at = this.find(key);
    if (at < 0) return -1;
    let v: i64 = 0;
    let digits = 0;
    for (let i = at; i < this.bytes.length; i++) {
      const c = this.bytes.at(i);
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + <i64>(c - 0x30);
      if (++digits > 15) return -1;
    }
    return digits == 0 ? -1 : v;
  }

  /** The offset just after `"key":` at depth 1 (white space skipped), or -1. */
  private find(key: string): i32 {
    const k = String.UTF8.encode(key);
    const kp = changetype<usize>(k);
    const kl = k.byteLength;
    const p = this.bytes.ptr;
    const len = this.bytes.length;
    let depth = 0;
    let inStr = false;
    for (let i = 0; i < len; i++) {
      const c = load<u8>(p + i);
      if (inStr) {
        if (c == 0x5c) i++;
        else if (c == 0x22) inStr = false;
        continue;
      }
      if (c == 0x7b || c == 0x5b) { depth++; continue; }
      if (c == 0x7d || c == 0x5d) { depth--; continue; }
      if (c != 0x22) continue;
      // a key at depth 1: compare, then expect a colon
      if (depth == 1 && i + 1 + kl + 1 <= len && load<u8>(p + i + 1 + kl) == 0x22 && memory.compare(p + i + 1, kp, kl) == 0) {
        let j = i + 2 + kl;
        while (j < len && isSpace(load<u8>(p + j))) j++;
        if (j < len && load<u8>(p + j) == 0x3a) {
          j++;
          while (j < len && isSpace(load<u8>(p + j))) j++;
          return j;
        }
      }
      inStr = true;
    }
    return -1;
  }
}
