// Compiles src/, migrations/ and bench/ to dist/ with SWC, file by file and without type checking
// (that is `npm run typecheck`, which CI runs): a whole build takes about a second. When nothing it
// reads has changed since the last build (the sources, tsconfig.json, SWC, this file), it stops at
// once, so `npm start` on a built tree starts the server without a compile step.
//
//   node build.js            build if anything changed
//   node build.js --force    build even if nothing changed
//   node build.js --watch    build, then again after each change (for `npm run start:dev`)
import { transform } from '@swc/core';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const ROOTS = ['src', 'migrations', 'bench'];
const OUT = join(root, 'dist');
const STAMP = join(OUT, '.build-stamp');
/** Declarations, unit tests and end-to-end tests are not part of what runs. */
const SKIP = /(?:\.d|\.spec|\.e2e-spec)\.ts$/;

/** Files under `dir` (relative to the repository) whose names pass `keep`, in a stable order. */
function filesUnder(dir, keep) {
  if (!existsSync(join(root, dir))) return [];
  const found = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && keep(entry.name)) {
      found.push(relative(root, join(entry.parentPath ?? entry.path, entry.name)));
    }
  }
  return found.sort();
}

const sources = () =>
  ROOTS.flatMap((dir) => filesUnder(dir, (name) => name.endsWith('.ts') && !SKIP.test(name)));

/** What tsconfig.json says about the emitted code, in SWC's terms. */
function swcOptions() {
  const { compilerOptions: ts } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: ts.target,
      // Nest names providers and loggers after their classes.
      keepClassNames: true,
      transform: {
        legacyDecorator: ts.experimentalDecorators,
        // Nest's dependency injection and class-validator read the types of constructor
        // parameters and properties at run time.
        decoratorMetadata: ts.emitDecoratorMetadata,
        useDefineForClassFields: ts.useDefineForClassFields,
      },
    },
    module: { type: 'es6' },
    sourceMaps: true,
  };
}

/** The sources' contents, with everything else the output depends on. */
function readInputs() {
  const files = sources();
  const options = swcOptions();
  const contents = new Map(files.map((file) => [file, readFileSync(join(root, file), 'utf8')]));
  const hash = createHash('sha256');
  const { version } = createRequire(import.meta.url)('@swc/core/package.json');
  hash.update(`${version}\n${JSON.stringify(options)}\n`);
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  for (const [file, text] of contents) hash.update(`\0${file}\0${text}`);
  return { contents, options, stamp: hash.digest('hex') };
}

/** Writes `text` to `path` unless it already holds it, so unchanged outputs keep their times. */
function writeIfChanged(path, text) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return true;
}

async function build(force) {
  const started = process.hrtime.bigint();
  const { contents, options, stamp } = readInputs();
  if (!force && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp) return;
  rmSync(STAMP, { force: true });
  const outputs = new Set();
  const written = await Promise.all(
    [...contents].map(async ([file, text]) => {
      const target = join(OUT, file.replace(/\.ts$/, '.js'));
      const { code, map } = await transform(text, {
        ...options,
        filename: join(root, file),
        sourceFileName: relative(dirname(target), join(root, file)),
      });
      outputs.add(target).add(`${target}.map`);
      const js = writeIfChanged(target, `${code}\n//# sourceMappingURL=${basename(target)}.map\n`);
      if (map) writeIfChanged(`${target}.map`, map);
      return js;
    }),
  );
  // The output of a source that is gone must not linger (it might still be imported).
  for (const dir of ROOTS) {
    for (const file of filesUnder(join('dist', dir), (name) => /\.js(?:\.map)?$/.test(name))) {
      if (!outputs.has(join(root, file))) rmSync(join(root, file));
    }
  }
  writeFileSync(STAMP, stamp);
  const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  const changed = written.filter(Boolean).length;
  console.log(`Compiled ${contents.size} files (${changed} changed) into dist/ in ${ms} ms`);
}

function watchSources() {
  let timer;
  let running = Promise.resolve();
  const rebuild = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => build(false)).catch((error) => console.error(String(error)));
    }, 100);
  };
  for (const dir of ROOTS) watch(join(root, dir), { recursive: true }, rebuild);
  watch(join(root, 'tsconfig.json'), rebuild);
  console.log('Watching src/, migrations/ and bench/ for changes');
}

const args = process.argv.slice(2);
build(args.includes('--force')).then(
  () => {
    if (args.includes('--watch')) watchSources();
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
