/**
 * The API document the server serves and the typed client's types generated from it, rendered as
 * they are committed (docs/openapi.json, src/client/schema.ts). Used by `npm run client:generate`
 * and by the test that fails while either file is stale.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module.js';
import { buildOpenApi, createHttpAdapter } from '../app.setup.js';
import { loadConfig } from '../config/env.js';

export const DOCUMENT_PATH = 'docs/openapi.json';
export const SCHEMA_PATH = 'src/client/schema.ts';

/** The document as committed: two-space JSON with a final newline. */
export function renderDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The client's types for `document`, as committed. */
export async function renderSchema(document: OpenAPIObject): Promise<string> {
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
    exportType: true,
    // A default is what the server fills in when a request leaves the field out: optional to send.
    defaultNonNullable: false,
    alphabetize: false,
  });
  const text = [
    '/**',
    ` * Generated from ${DOCUMENT_PATH} by \`npm run client:generate\`. Do not edit by hand.`,
    ' */',
    '',
    astToString(ast),
  ].join('\n');
  // Formatted as the rest of the code is, so the committed file passes the formatting check.
  return format(text, { ...(await resolveConfig(SCHEMA_PATH)), filepath: SCHEMA_PATH });
}

/** The document a server with the default settings serves at /docs-json. */
export async function servedDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({ DATA_DIR: 'memory://', LOG_REQUESTS: 'false' });
  const app = await NestFactory.create(AppModule.forRoot(config), createHttpAdapter(), {
    bodyParser: false,
    logger: false,
  });
  try {
    await app.init();
    return buildOpenApi(app);
  } finally {
    await app.close();
  }
}
