/** A mistake in how the CLI was called; the message says what to do instead. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A broken OpenAPI document or overrides file; names the file and the JSON pointer. */
export class ManifestError extends Error {
  override name = 'ManifestError';
  constructor(
    message: string,
    readonly file?: string,
    readonly pointer?: string,
  ) {
    super(
      [file && `${file}${pointer !== undefined ? `#${pointer}` : ''}`, message].filter(Boolean).join(': '),
    );
  }
}

/** A client config, profile or table file that cannot be read or written; names the path. */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** Errors the CLI prints as a plain sentence (exit 1 or 2) instead of a stack. */
export function isUserError(err: unknown): err is UsageError | ManifestError | ConfigFileError {
  return err instanceof UsageError || err instanceof ManifestError || err instanceof ConfigFileError;
}
