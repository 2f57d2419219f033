import { Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/env.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeysService } from './api-keys.service.js';

@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeysService, ApiKeysRepository],
  exports: [ApiKeysService],
})
export class ApiKeysModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    private readonly keys: ApiKeysService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /**
   * After migrations (module init): make sure BOOTSTRAP_ADMIN_KEY exists, if it is set. Otherwise, on
   * a database with no keys at all, make an admin key and print it once, so a first `npm start`
   * can be used at all.
   */
  async onApplicationBootstrap(): Promise<void> {
    const secret = this.config.get('BOOTSTRAP_ADMIN_KEY', { infer: true });
    if (secret) {
      if (await this.keys.ensureAdminKey(secret))
        this.logger.log('Created the admin key given in BOOTSTRAP_ADMIN_KEY');
      return;
    }
    const firstKey = await this.keys.createFirstAdminKey();
    if (firstKey) {
      this.logger.warn(
        `No API keys existed, so this admin key was made. Store it now; it will not be shown again:\n\n    ${firstKey}\n\n` +
          'Send it as "Authorization: Bearer <key>". Make keys for others with POST /v1/api-keys.',
      );
    }
  }
}
