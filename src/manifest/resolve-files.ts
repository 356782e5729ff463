import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { describeFsError } from './fetch-source.js';

/*
 * Reading the files a document's `$ref`s name, confined: a hostile document must not read
 * `/etc/passwd` into a tool description, nor hang on a FIFO, nor exhaust memory on `/dev/zero`.
 *  - only inside one folder tree (the root document's folder, or `--ref-root`), checked on the path as
 *    written and again with symbolic links resolved (a link that points out is outside);
 *  - only regular files: opened non-blocking (a FIFO cannot hang the open), then checked with fstat
 *    on the open descriptor, so what is read is what was checked;
 *  - at most `maxBytes` over all referenced files together (the 64 MiB document bound by default).
 */

/** Where file `$ref`s may read, and how much. */
export interface RefScope {
  /** The folder as given (absolute). */
  root: string;
  /** How messages name it: "the document's folder" or "--ref-root". */
  label: string;
  maxBytes: number;
}

/** Whether `path` is `root` or lies below it (both absolute, normalised). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** Reads referenced files within a scope; each refusal is a one-line reason naming the file. */
export class ScopedFiles {
  private used = 0;
  private realRoot: string | undefined;

  constructor(readonly scope: RefScope) {}

  /** The text of a referenced file, or throws an Error whose message says why not (no stack needed). */
  read(path: string, display: (p: string) => string): string {
    const { root, label, maxBytes } = this.scope;
    const shown = display(path);
    if (!isInside(root, path)) throw new Error(`${shown} is outside ${display(root)} (${label}); runos reads referenced files only inside it (widen with --ref-root <dir>)`);
    let real: string;
    try {
      real = realpathSync(path);
      this.realRoot ??= realpathSync(root);
    } catch (err) {
      throw new Error(`${shown}: ${describeFsError(err)}`);
    }
    if (!isInside(this.realRoot, real)) throw new Error(`${shown} leads outside ${display(root)} (${label}) through a symbolic link, to ${real}`);
    let fd: number;
    try {
      fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (err) {
      throw new Error(`${shown}: ${describeFsError(err)}`);
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new Error(`${shown}: not a regular file`);
      if (stat.size > maxBytes) throw new Error(`${shown}: larger than ${maxBytes} bytes`);
      if (this.used + stat.size > maxBytes) throw new Error(`${shown}: referenced files together are larger than ${maxBytes} bytes`);
      // Read what fstat promised, and one byte more to notice a file that grew meanwhile.
      const buf = Buffer.allocUnsafe(stat.size + 1);
      let got = 0;
      for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, null);
      if (got > stat.size) throw new Error(`${shown}: changed while being read`);
      this.used += got;
      return buf.toString('utf8', 0, got);
    } finally {
      closeSync(fd);
    }
  }
}
