// Generated from package.json's version by `npm run generate`, and by the package's `version` script.
export const PACKAGE_VERSION = '1.0.0'
