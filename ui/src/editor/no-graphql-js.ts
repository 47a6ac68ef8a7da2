// What cm6-graphql's completion, lint and jump import from graphql-js and graphql-language-service.
// Sextant uses only its grammar (the Rust engine completes and validates), so the build points
// those imports here (vite.config.ts) and graphql-js stays out of the bundle.

const notBundled = (): never => {
  throw new Error("graphql-js is not part of Sextant's page: the Rust engine answers this");
};

export const getTokenAtPosition = notBundled;
export const getTypeInfo = notBundled;
export const getAutocompleteSuggestions = notBundled;
export const getDiagnostics = notBundled;
export const validateSchema = notBundled;
