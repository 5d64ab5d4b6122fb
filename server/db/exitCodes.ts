/**
 * Exit statuses of the import CLI and the server's start, in one place so that scripts wrapping
 * them (cron jobs, a council's deployment) can tell a refused file from a full disk from a store
 * that needs restoring. docs/robustness-import.md lists them; `npm run import -- --help` prints them.
 */
export const EXIT = {
  /** Every file imported or already stored (rows may have been rejected). */
  ok: 0,
  /** A file was refused; nothing of it was stored, everything else was. */
  refused: 1,
  /** The import stopped part-way (disk full, I/O error): whole months only; the summary says which. */
  stopped: 2,
  /** The store cannot be opened (read-only, not a database, missing folder) or is damaged. */
  store: 3,
  /** Another import holds the store's import lock. */
  locked: 4,
  /** Bad options or a data folder that does not exist (sysexits' EX_USAGE). */
  usage: 64,
} as const;

export const EXIT_CODES_HELP = `exit status:
  0   done (rows may have been rejected: see the summary)
  1   a file was refused; nothing of it was stored
  2   stopped part-way (disk full, I/O error); only whole months are stored, the summary lists the rest
  3   the store cannot be opened (read-only, not a database, missing folder) or is damaged
  4   another import into this store is running (use --wait to wait for it)
  64  bad usage, or the data folder does not exist`;
