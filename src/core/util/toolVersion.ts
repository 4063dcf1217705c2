/** The product's version, recorded in every manifest. */
import packageJson from '../../../package.json';

export const TOOL_NAME = 'maskmedpaint';
export const TOOL_VERSION: string = packageJson.version;
