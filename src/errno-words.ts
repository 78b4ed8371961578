// What a failed write's error code means, in words, for the one line that
// says so: shared by the files integrate writes and by its own stdout (a full
// disk under `integrate export > backup.json`). No imports: main.ts loads it
// before anything else.
export const WRITE_FAILURES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied', EPERM: 'permission denied', ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only', EIO: 'an input/output error (failing disk or removed drive?)', EFBIG: 'the file is too large',
};
