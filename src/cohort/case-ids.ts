/**
 * The case_ids seen so far and the line each was first seen on, to report a duplicate naming
 * both lines. This is the one structure of the reader that grows with the file.
 *
 * Why not a `Map<string, number>`: on a two-million-row file the Map's get-then-set was about
 * a third of the reader's own time, and keeping two million small strings alive made every
 * garbage collection copy and promote them. This open-addressing table hashes in JavaScript
 * (FNV-1a), keeps hash and entry side by side in one typed array so that a probe touches one
 * cache line, and copies each id's characters into one growing typed array: no object per id,
 * a fraction of the memory, and strings are compared only when hashes match. Characters are
 * kept a byte each while every id is Latin-1 (as case_ids are, nearly always), and widened to
 * two bytes at the first that is not: half the memory on a national file.
 */
export class CaseIdIndex {
  /** Pairs of (hash, entry + 1); 0 as the second means an empty slot. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1024 - 1;
  private count = 0;
  /** Where each entry's characters start in `chars`; entry i ends where entry i + 1 starts. */
  private starts = new Int32Array(1024 + 1);
  private lines = new Int32Array(1024);
  private chars: Uint8Array | Uint16Array = new Uint8Array(16 * 1024);

  /** Entries expected in all (0: unknown), to size `chars` by the ids' length once it is known. */
  private expected = 0;
  /** What warm() read, kept so that the reads are not optimised away. */
  private warmed = 0;

  get size(): number {
    return this.count;
  }

  /**
   * Makes room for about `entries` ids at once (a file's rows, estimated from its size): on a
   * national file, doubling the table and rehashing it as it fills took half the index's time.
   * The table is made no larger than filling it with that many ids would have made it.
   */
  reserve(entries: number): void {
    this.expected = Math.max(this.expected, entries);
    if (entries + 1 > this.lines.length) {
      this.lines = enlarge(this.lines, entries + 1);
      this.starts = enlarge(this.starts, entries + 2);
    }
    let mask = this.mask;
    while (entries * 2 > mask) mask = mask * 2 + 1;
    if (mask !== this.mask) this.rehash(mask);
  }

  /**
   * Reads the slot each of a block's ids (column `at` of each record) will probe first, before
   * the block's rows are read one by one. On a national file the table is tens of megabytes and
   * each first probe missed the cache, about a microsecond a row with the rest of a row's work
   * between misses; read in a tight loop, the misses overlap, and the probes then find the slots
   * in the cache. Only a hint: an id the row changes later (trimmed, mapped) just misses as before.
   */
  warm(records: readonly (readonly string[])[], at: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let sum = 0;
    for (let r = 0; r < records.length; r++) {
      const id = records[r]![at];
      if (id !== undefined) sum ^= slots[2 * (hashOf(id) & mask) + 1] as number;
    }
    this.warmed ^= sum;
  }

  /**
   * Records `id` as first seen on `line` and returns undefined; or, if it was seen before,
   * returns the line it was first seen on (and records nothing).
   */
  firstLineOrAdd(id: string, line: number): number | undefined {
    const hash = hashOf(id);
    const slots = this.slots;
    const mask = this.mask;
    let at = hash & mask;
    for (;;) {
      const entry = slots[2 * at + 1] as number;
      if (entry === 0) break;
      if (slots[2 * at] === hash && this.holds(entry - 1, id)) return this.lines[entry - 1];
      at = (at + 1) & mask;
    }
    this.append(id, line);
    slots[2 * at] = hash;
    slots[2 * at + 1] = this.count;
    // Keep the table at most half full, so that probes stay short.
    if (this.count * 2 > mask) this.grow();
    return undefined;
  }

  private holds(entry: number, id: string): boolean {
    const start = this.starts[entry] as number;
    if ((this.starts[entry + 1] as number) - start !== id.length) return false;
    const chars = this.chars;
    for (let i = 0; i < id.length; i++) if (chars[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private append(id: string, line: number): void {
    const entry = this.count;
    if (entry + 1 >= this.lines.length) {
      this.lines = enlarge(this.lines, this.lines.length * 2);
      this.starts = enlarge(this.starts, this.starts.length * 2);
    }
    const start = this.starts[entry] as number;
    if (start + id.length > this.chars.length) {
      // With rows expected, room for all of them at the length of the ids so far.
      const expected = entry > 0 ? Math.ceil((start / entry) * this.expected * 1.05) : 0;
      this.chars = enlarge(this.chars, Math.max(this.chars.length * 2, start + id.length, expected));
    }
    let chars = this.chars;
    for (let i = 0; i < id.length; i++) {
      const code = id.charCodeAt(i);
      if (code > 0xff && chars instanceof Uint8Array) chars = this.chars = widened(chars);
      chars[start + i] = code;
    }
    this.starts[entry + 1] = start + id.length;
    this.lines[entry] = line;
    this.count = entry + 1;
  }

  private grow(): void {
    this.rehash(this.mask * 2 + 1);
  }

  private rehash(mask: number): void {
    const old = this.slots;
    const slots = new Int32Array(2 * (mask + 1));
    for (let i = 0; i < old.length; i += 2) {
      const entry = old[i + 1] as number;
      if (entry === 0) continue;
      const hash = old[i] as number;
      let at = hash & mask;
      while (slots[2 * at + 1] !== 0) at = (at + 1) & mask;
      slots[2 * at] = hash;
      slots[2 * at + 1] = entry;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** The characters so far, two bytes each: an id with a character beyond Latin-1 has come. */
function widened(chars: Uint8Array): Uint16Array {
  const wide = new Uint16Array(chars.length);
  wide.set(chars);
  return wide;
}

function enlarge<T extends Int32Array | Uint8Array | Uint16Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}

function hashOf(text: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  // Mix the high bits down: the table indexes by the low bits, and ids often differ only at the end.
  hash ^= hash >>> 15;
  return Math.imul(hash, 0x2c1b3c6d) ^ (hash >>> 12);
}
