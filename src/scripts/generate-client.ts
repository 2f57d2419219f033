/**
 * `npm run client:generate`: writes the API document a server with the default settings serves
 * (docs/openapi.json) and the typed client's types generated from it (src/client/schema.ts). The
 * server is built in memory, on an in-memory embedded database, and never listens.
 */
import { writeFileSync } from 'node:fs';
import {
  DOCUMENT_PATH,
  SCHEMA_PATH,
  renderDocument,
  renderSchema,
  servedDocument,
} from './client-schema.js';

async function main(): Promise<void> {
  const document = await servedDocument();
  writeFileSync(DOCUMENT_PATH, renderDocument(document));
  writeFileSync(SCHEMA_PATH, await renderSchema(document));
  console.log(`Wrote ${DOCUMENT_PATH} and ${SCHEMA_PATH}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
