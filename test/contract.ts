import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

/**
 * The API's contract, checked on every response a suite receives: the status must be one the
 * OpenAPI document lists for the operation, and a JSON body must match its schema with every
 * object closed (an undocumented field fails, as does a missing required one or an unlisted enum
 * value). What breaks it is recorded here and fails the test that saw it (see contract-setup.ts).
 */
export const violations: string[] = [];

// ajv-formats is CommonJS: its default export is the plugin function itself.
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  pattern: RegExp;
  path: string;
  responses: Record<
    string,
    { content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> }
  >;
}

/** OpenAPI 3.0 schemas as JSON Schema: `nullable` spelt out, objects closed, examples dropped. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node as Schema)) {
    if (k === 'example' || k === 'nullable') continue;
    out[k] = k === 'properties' ? mapValues(v as Schema) : toJsonSchema(v);
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  if ((node as Schema).nullable === true) {
    // A nullable reference (`allOf: [$ref]`): null, or what the reference says.
    if (out.allOf !== undefined || out.$ref !== undefined)
      return { anyOf: [out, { type: 'null' }] };
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    } else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}
const mapValues = (o: Schema): Schema =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toJsonSchema(v)]));

export class Contract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly operations: Operation[];
  private readonly compiled = new Map<Schema, ValidateFunction>();

  constructor(document: { paths: Record<string, Record<string, unknown>>; components?: Schema }) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'doc', components: toJsonSchema(document.components ?? {}) });
    this.operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        responses: (op as { responses: Operation['responses'] }).responses,
      })),
    );
  }

  private validator(schema: Schema): ValidateFunction {
    let v = this.compiled.get(schema);
    if (!v) {
      const json = JSON.parse(
        JSON.stringify(toJsonSchema(schema)).replace(/"#\/components/g, '"doc#/components'),
      ) as Schema;
      v = this.ajv.compile(json);
      this.compiled.set(schema, v);
    }
    return v;
  }

  check(
    method: string,
    url: string,
    status: number,
    headers: Record<string, unknown>,
    body: string,
  ): void {
    const type = headers['content-type'];
    const contentType = typeof type === 'string' ? type : '';
    const path = url.split('?')[0];
    const op = this.operations.find((o) => o.method === method && o.pattern.test(path));
    if (!op) return;
    const where = `${method} ${op.path} → ${status}`;
    const response = op.responses[String(status)] ?? op.responses.default;
    if (!response) {
      violations.push(`${where}: the document lists no ${status} answer`);
      return;
    }
    // The headers the document promises for this answer (Location, Retry-After) are there.
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      // A header the document marks `required: false` may be left out (see its description).
      if ((header as { required?: boolean }).required === false) continue;
      if (headers[name.toLowerCase()] === undefined) {
        violations.push(`${where}: the ${name} header the document promises is missing`);
      }
    }
    const mediaType = contentType.split(';')[0].trim();
    const json = mediaType === 'application/json' || mediaType === 'application/problem+json';
    if (!json || method === 'HEAD' || body === '') return;
    const schema = response.content?.[mediaType]?.schema;
    if (!schema) {
      violations.push(`${where}: the document has no ${mediaType} body for it`);
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      violations.push(`${where}: the body is not JSON`);
      return;
    }
    const validate = this.validator(schema);
    if (!validate(data)) {
      const errors = (validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      violations.push(`${where}: ${errors.join('; ')}`);
    }
  }

  /** Watches every response the server sends (up to 4 MiB of JSON each). */
  watch(server: Server): void {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      const keep = (chunk: unknown) => {
        const type = String(res.getHeader('content-type') ?? '');
        if (!/json/.test(type)) return;
        let buf: Buffer;
        if (Buffer.isBuffer(chunk)) buf = chunk;
        else if (typeof chunk === 'string') buf = Buffer.from(chunk);
        else if (chunk instanceof Uint8Array) buf = Buffer.from(chunk);
        else return;
        size += buf.length;
        if (size <= 4 * 1024 * 1024) chunks.push(buf);
      };
      res.write = ((...args: unknown[]) => {
        keep(args[0]);
        return write(...args);
      }) as typeof res.write;
      res.end = ((...args: unknown[]) => {
        keep(args[0]);
        return end(...args);
      }) as typeof res.end;
      res.once('finish', () => {
        if (size > 4 * 1024 * 1024) return;
        this.check(
          req.method ?? 'GET',
          req.url ?? '/',
          res.statusCode,
          res.getHeaders(),
          Buffer.concat(chunks).toString('utf8'),
        );
      });
    });
  }
}
