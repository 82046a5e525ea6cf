// The one error the lab format throws: a sentence that starts with file:line:col when it has one.
export class LabFormatError extends Error {
  override readonly name = 'LabFormatError';
}
