import type { CodegenConfig } from "@graphql-codegen/cli";

// How the custom scalars arrive in JSON.
const scalars = {
  Date: "string", // "2026-01-05"
  DateTime: "string", // ISO 8601 with its offset
  Decimal: "string", // "600000": exact, never a float
  JSON: "unknown",
};

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["src/operations/*.graphql"],
  generates: {
    "src/generated/schema.ts": {
      plugins: ["typescript"],
      config: { scalars, enumsAsTypes: true },
    },
    "src/generated/operations.ts": {
      plugins: ["typescript-operations"],
      config: { scalars, enumsAsTypes: true, importSchemaTypesFrom: "./src/generated/schema.ts" },
    },
  },
};

export default config;
