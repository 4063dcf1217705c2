/**
 * The header of a generated DICOM object, built by allow-list under the DICOM PS3.15 Basic
 * Application Level Confidentiality Profile: nothing of the source's header is copied unless
 * listed here as safe (pixel description, modality, rescale, windows, spacing); the patient and
 * study attributes the IODs require are present but empty (action Z), every instance UID is
 * replaced by a derived one (action U), dates and times are left out (action X/Z), and the
 * object says so (Patient Identity Removed, De-identification Method and its code).
 */

/** Code of the profile applied (PS3.16 CID 7050): Basic Application Confidentiality Profile. */
export const BASIC_PROFILE_CODE = {
  CodeValue: '113100',
  CodingSchemeDesignator: 'DCM',
  CodeMeaning: 'Basic Application Confidentiality Profile',
} as const;

/** The De-identification Method text (an LO, at most 64 characters) written to outputs and manifests. */
export const DEIDENTIFICATION_METHOD =
  'PS3.15 Basic Application Confidentiality Profile (DCM 113100)';

/**
 * The attributes an output carries to say it was de-identified and to satisfy the Patient and
 * General Study modules (type 2 attributes present, empty).
 */
export function deidentifiedPatientAndStudy(studyInstanceUid: string): Record<string, unknown> {
  return {
    PatientName: '',
    PatientID: '',
    PatientBirthDate: '',
    PatientSex: '',
    PatientIdentityRemoved: 'YES',
    DeidentificationMethod: DEIDENTIFICATION_METHOD,
    DeidentificationMethodCodeSequence: [{ ...BASIC_PROFILE_CODE }],
    // Dates were removed rather than shifted (PS3.3 C.7.1.1 with the profile's X/Z actions).
    LongitudinalTemporalInformationModified: 'REMOVED',
    StudyInstanceUID: studyInstanceUid,
    StudyDate: '',
    StudyTime: '',
    ReferringPhysicianName: '',
    StudyID: '',
    AccessionNumber: '',
  };
}
