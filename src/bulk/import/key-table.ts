import { hash, randomBytes } from 'node:crypto';

/** Bytes of a name (a key's digest, or an id) and of a value (an id) in a table. */
const NAME_BYTES = 16;
const VALUE_BYTES = 16;
/** Slot: name, value, then one byte of tag (0: empty). */
const SLOT_BYTES = NAME_BYTES + VALUE_BYTES + 1;
const TAG_OFFSET = NAME_BYTES + VALUE_BYTES;

const FIRST_CAPACITY = 1024;
/** The table grows by half when it is this full; linear probing stays short up to there. */
const MAX_LOAD = 0.8;

const NO_VALUE = Buffer.alloc(VALUE_BYTES);

/** A uuid as its 16 bytes. */
export function uuidBytes(id: string, into: Buffer = Buffer.allocUnsafe(16)): Buffer {
  into.write(id.replace(/-/g, ''), 'hex');
  return into;
}

/** 16 bytes as a lower-case uuid. */
export function bytesToUuid(bytes: Buffer, offset = 0): string {
  const hex = bytes.toString('hex', offset, offset + 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A map from 16-byte names to a tag (1–255) and a 16-byte value, in one Buffer: open addressing
 * with linear probing, 33 bytes a slot, 41 to 62 bytes an entry. It holds no JavaScript object per
 * entry, so a million entries cost about 50 MB outside the heap and nothing for the garbage
 * collector to walk. Entries are never removed.
 *
 * Where a slot starts comes from the name mixed with a seed drawn per table: names chosen to
 * crowd one run of slots (ids a file gives) cannot be chosen without it.
 */
export class CompactTable {
  private slots = Buffer.alloc(FIRST_CAPACITY * SLOT_BYTES);
  private capacity = FIRST_CAPACITY;
  private readonly seed = randomBytes(4).readUInt32LE(0);
  size = 0;

  /** Bytes the table holds. */
  get bytes(): number {
    return this.slots.length;
  }

  /** The tag of the name (0 when absent); with `value`, copies the value into it. */
  get(name: Buffer, value?: Buffer): number {
    const at = this.find(this.slots, this.capacity, name);
    const tag = this.slots[at + TAG_OFFSET];
    if (tag !== 0 && value) this.slots.copy(value, 0, at + NAME_BYTES, at + TAG_OFFSET);
    return tag;
  }

  /** Adds or replaces the name's entry. */
  set(name: Buffer, tag: number, value: Buffer = NO_VALUE): void {
    if (tag < 1 || tag > 255) throw new RangeError('a tag is 1 to 255');
    let at = this.find(this.slots, this.capacity, name);
    if (this.slots[at + TAG_OFFSET] === 0) {
      if (this.size + 1 > this.capacity * MAX_LOAD) {
        this.grow();
        at = this.find(this.slots, this.capacity, name);
      }
      this.size++;
      name.copy(this.slots, at, 0, NAME_BYTES);
    }
    value.copy(this.slots, at + NAME_BYTES, 0, VALUE_BYTES);
    this.slots[at + TAG_OFFSET] = tag;
  }

  /** The offset of the name's slot, or of the empty slot where it would go. */
  private find(slots: Buffer, capacity: number, name: Buffer): number {
    let i = this.start(name) % capacity;
    for (;;) {
      const at = i * SLOT_BYTES;
      if (
        slots[at + TAG_OFFSET] === 0 ||
        slots.compare(name, 0, NAME_BYTES, at, at + NAME_BYTES) === 0
      ) {
        return at;
      }
      i = i + 1 === capacity ? 0 : i + 1;
    }
  }

  /** MurmurHash3's finaliser over the name's four words, chained from the seed. */
  private start(name: Buffer): number {
    let h = this.seed;
    for (let word = 0; word < NAME_BYTES; word += 4) {
      h ^= name.readUInt32LE(word);
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h ^= h >>> 16;
    }
    return h >>> 0;
  }

  private grow(): void {
    const capacity = Math.ceil(this.capacity * 1.5);
    const slots = Buffer.alloc(capacity * SLOT_BYTES);
    for (let at = 0; at < this.slots.length; at += SLOT_BYTES) {
      if (this.slots[at + TAG_OFFSET] === 0) continue;
      const to = this.find(slots, capacity, this.slots.subarray(at, at + NAME_BYTES));
      this.slots.copy(slots, to, at, at + SLOT_BYTES);
    }
    this.slots = slots;
    this.capacity = capacity;
  }
}

export type KeyType = 'source' | 'claim';

/** What a key names: a record of a type, and its id, or null when the key's line was refused. */
export interface KeyEntry {
  type: KeyType;
  id: string | null;
}

const TAGS: Record<KeyType, { stored: number; refused: number }> = {
  source: { stored: 1, refused: 2 },
  claim: { stored: 3, refused: 4 },
};

/**
 * The keys of an import file (one namespace for sources and claims), each held as the first 16
 * bytes of its SHA-256 rather than as its text: about 50 bytes a key whatever its length. Two keys
 * of a file share a digest with a chance far below one in 10^20, and nobody can make them.
 */
export class KeyTable {
  private readonly table = new CompactTable();
  private readonly name = Buffer.allocUnsafe(NAME_BYTES);
  private readonly value = Buffer.allocUnsafe(VALUE_BYTES);

  get size(): number {
    return this.table.size;
  }

  /** Bytes the table holds. */
  get bytes(): number {
    return this.table.bytes;
  }

  get(key: string): KeyEntry | undefined {
    if (this.table.size === 0) return undefined;
    const tag = this.table.get(this.digest(key), this.value);
    switch (tag) {
      case 0:
        return undefined;
      case TAGS.source.stored:
        return { type: 'source', id: bytesToUuid(this.value) };
      case TAGS.source.refused:
        return { type: 'source', id: null };
      case TAGS.claim.stored:
        return { type: 'claim', id: bytesToUuid(this.value) };
      default:
        return { type: 'claim', id: null };
    }
  }

  has(key: string): boolean {
    return this.table.size > 0 && this.table.get(this.digest(key)) !== 0;
  }

  /** Remembers the key as naming a record of this type, with its id (null: the line was refused). */
  set(key: string, type: KeyType, id: string | null): void {
    const name = this.digest(key);
    if (id === null) this.table.set(name, TAGS[type].refused);
    else this.table.set(name, TAGS[type].stored, uuidBytes(id, this.value));
  }

  private digest(key: string): Buffer {
    hash('sha256', key, 'buffer').copy(this.name, 0, 0, NAME_BYTES);
    return this.name;
  }
}

/**
 * Ids of records an import made, each with a tag and an optional id it points to (a source's
 * independence group, the claim a claim was merged into), 16 bytes each rather than two strings.
 */
export class IdTable {
  private readonly table = new CompactTable();
  private readonly name = Buffer.allocUnsafe(16);
  private readonly value = Buffer.allocUnsafe(16);

  get size(): number {
    return this.table.size;
  }

  /** Bytes the table holds. */
  get bytes(): number {
    return this.table.bytes;
  }

  has(id: string): boolean {
    return this.table.size > 0 && this.table.get(uuidBytes(id, this.name)) !== 0;
  }

  /** The id's tag (0 when absent). */
  tag(id: string): number {
    return this.table.size === 0 ? 0 : this.table.get(uuidBytes(id, this.name));
  }

  /** The id the entry points to; undefined when the id is absent. */
  target(id: string): string | undefined {
    if (this.table.size === 0) return undefined;
    return this.table.get(uuidBytes(id, this.name), this.value) === 0
      ? undefined
      : bytesToUuid(this.value);
  }

  set(id: string, tag: number, target?: string): void {
    this.table.set(
      uuidBytes(id, this.name),
      tag,
      target === undefined ? undefined : uuidBytes(target, this.value),
    );
  }
}
