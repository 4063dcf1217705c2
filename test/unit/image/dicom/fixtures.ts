/** Paths of the real DICOM files copied from pydicom's test data (test/fixtures/dicom/pydicom). */
import { join } from 'node:path';

/** Absolute path of a pydicom test file kept in the repository. */
export function pydicomFile(name: string): string {
  return join(__dirname, '../../../fixtures/dicom/pydicom', name);
}
