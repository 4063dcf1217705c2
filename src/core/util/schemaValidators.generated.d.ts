// The types of schemaValidators.generated.js, the recipe and manifest validators that
// `npm run generate:schemas` compiles from schema/*.schema.json ahead of time.
import type { ValidateFunction } from 'ajv';

export declare const recipe: ValidateFunction;
export declare const manifest: ValidateFunction;
