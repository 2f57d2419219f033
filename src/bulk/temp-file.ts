import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** How much a read of the file hands on at a time. */
const READ_CHUNK_BYTES = 256 * 1024;

/**
 * A scratch file in the system's temporary directory (`os.tmpdir()`, so TMPDIR), readable only by
 * this user, for a bulk transfer to stage its data. Its name is removed as soon as it is open where
 * the system allows (the open handle keeps the data): then not even a crash leaves it behind.
 * Elsewhere `dispose` removes it.
 */
export class TempFile {
  /** Bytes appended so far. */
  size = 0;
  private named = true;

  private constructor(
    private readonly dir: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(purpose: string): Promise<TempFile> {
    const dir = await mkdtemp(join(tmpdir(), `claimgraph-${purpose}-`));
    let handle: FileHandle;
    try {
      handle = await open(join(dir, `${purpose}.ndjson`), 'w+', 0o600);
    } catch (error) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
    const file = new TempFile(dir, handle);
    if (process.platform !== 'win32') await file.unname();
    return file;
  }

  /** Writes the bytes at the end of the file. */
  async append(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(
        bytes,
        offset,
        bytes.length - offset,
        this.size,
      );
      offset += bytesWritten;
      this.size += bytesWritten;
    }
  }

  /** The file from its start; destroying the stream leaves the file open. */
  read(): Readable {
    return this.handle.createReadStream({
      start: 0,
      autoClose: false,
      highWaterMark: READ_CHUNK_BYTES,
    });
  }

  /** Closes the file and removes it. */
  async dispose(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await this.unname();
  }

  private async unname(): Promise<void> {
    if (!this.named) return;
    try {
      await rm(this.dir, { recursive: true, force: true });
      this.named = false;
    } catch {
      // Kept for dispose.
    }
  }
}
