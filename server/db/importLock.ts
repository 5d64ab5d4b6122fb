// Placeholder until the import-lock module lands (issue 11, importer robustness).
export function importInProgress(_storePath: string): boolean {
  return false;
}
