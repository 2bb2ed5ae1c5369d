// A failed exchange with the remote tier. Its own module so the cache can recognise it without
// loading the HTTP client (main.ts loads remote.ts only when a remote is configured).
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly fatal: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}
