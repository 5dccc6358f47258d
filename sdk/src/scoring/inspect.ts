/**
 * Static checks of a scoring module before it runs: its imports (against an allow-list), its
 * memory (declared limits against a cap; a module that declares no maximum gets the cap written
 * into its memory section, so `memory.grow` past it fails inside the module), and its exports.
 * A small reader of the WebAssembly binary format (sections, LEB128), nothing more.
 */
import { ScoringError, ScoringErrorCode } from "./errors.js";

export interface ModuleShape {
  imports: Array<{ module: string; name: string; kind: number }>;
  exports: string[];
  memory: { initial: number; maximum: number | null } | null;
}

class Reader {
  at = 0;
  constructor(readonly b: Uint8Array) {}
  byte(): number {
    if (this.at >= this.b.length) throw new ScoringError(ScoringErrorCode.BAD_MODULE, "the module is truncated (a section runs past the end)");
    return this.b[this.at++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const x = this.byte();
      result += (x & 0x7f) * 2 ** shift;
      if ((x & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new ScoringError(ScoringErrorCode.BAD_MODULE, "malformed LEB128 number in the module");
    }
  }
  name(): string {
    const len = this.u32();
    const s = new TextDecoder().decode(this.b.subarray(this.at, this.at + len));
    this.at += len;
    return s;
  }
  limits(): { initial: number; maximum: number | null } {
    const flags = this.byte();
    const initial = this.u32();
    const maximum = flags & 1 ? this.u32() : null;
    return { initial, maximum };
  }
}

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
};

/** Reads the import, memory and export sections. Throws SCORING_BAD_MODULE on a malformed binary. */
export function inspectModule(bytes: Uint8Array): ModuleShape {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new ScoringError(ScoringErrorCode.BAD_MODULE, "not a WebAssembly module (no \\0asm header); build the scoring module with asc");
  }
  const r = new Reader(bytes);
  r.at = 8;
  const shape: ModuleShape = { imports: [], exports: [], memory: null };
  let memories = 0;
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.at + size;
    if (end > bytes.length) throw new ScoringError(ScoringErrorCode.BAD_MODULE, "the module is truncated (a section runs past the end)");
    if (id === 2) {
      for (let i = r.u32(); i > 0; i--) {
        const module = r.name();
        const name = r.name();
        const kind = r.byte();
        if (kind === 0) r.u32();
        else if (kind === 1) {
          r.byte();
          r.limits();
        } else if (kind === 2) {
          shape.memory = r.limits();
          memories++;
        } else if (kind === 3) {
          r.byte();
          r.byte();
        } else r.u32();
        shape.imports.push({ module, name, kind });
      }
    } else if (id === 5) {
      const count = r.u32();
      memories += count;
      if (count > 0) shape.memory = r.limits();
    } else if (id === 7) {
      for (let i = r.u32(); i > 0; i--) {
        shape.exports.push(r.name());
        r.byte();
        r.u32();
      }
    }
    r.at = end;
  }
  // the cap is written into one memory; a second (multi-memory) one would escape it
  if (memories > 1) throw new ScoringError(ScoringErrorCode.BAD_MODULE, `module has ${memories} memories; the ABI allows exactly one (exported as "memory")`);
  return shape;
}

/**
 * Returns the module with its (defined) memory's maximum set to `capPages` when it declares none.
 * The sha256 is checked on the original bytes before this runs.
 */
export function capMemory(bytes: Uint8Array, capPages: number): Uint8Array {
  const r = new Reader(bytes);
  r.at = 8;
  while (r.at < bytes.length) {
    const start = r.at;
    const id = r.byte();
    const size = r.u32();
    const bodyStart = r.at;
    const end = bodyStart + size;
    if (id === 5) {
      const count = r.u32();
      if (count !== 1) return bytes;
      const limits = r.limits();
      if (limits.maximum !== null) return bytes;
      const body = [...leb(1), 0x01, ...leb(limits.initial), ...leb(capPages)];
      const section = [5, ...leb(body.length), ...body];
      const out = new Uint8Array(bytes.length - (end - start) + section.length);
      out.set(bytes.subarray(0, start), 0);
      out.set(section, start);
      out.set(bytes.subarray(end), start + section.length);
      return out;
    }
    r.at = end;
  }
  return bytes;
}
