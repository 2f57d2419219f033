import { ConfigService } from '@nestjs/config';
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../domain/actors.js';
import { ApiKeysRepository } from '../api-keys/api-keys.repository.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { loadEnvironment, isEmbedded } from '../config/env.js';
import { createDataSource } from '../database/data-source.js';
import { runMigrations } from '../database/migrate.js';

const USAGE = `Usage: npm run keys:create -- --role <${ROLES.join('|')}> --name "<who it is for>"`;

/** `npm run keys:create -- --role analyst --name "desk"`: prints a new key, the only time it is shown. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  const role = values.role as Role | undefined;
  const name = values.name?.trim();
  if (!role || !ROLES.includes(role) || !name || name.length > 200) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadEnvironment();
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  try {
    if (config.MIGRATIONS_RUN) await runMigrations(dataSource, { lock: !isEmbedded(config) });
    const audit = new AuditService(dataSource, new AuditRepository());
    const { key, secret } = await new ApiKeysService(
      dataSource,
      new ApiKeysRepository(),
      audit,
      new ConfigService(config),
    ).createKey(name, role, null);
    console.error(
      `Created ${role} key "${key.name}" (id ${key.id}). Store it now: it will not be shown again.`,
    );
    console.log(secret);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
