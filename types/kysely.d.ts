// The types of "#kysely" (package.json "imports"): kysely's own, since dist/vendor/kysely.js is kysely
// bundled into one file (scripts/bundle-kysely.mjs).
export * from "kysely";
