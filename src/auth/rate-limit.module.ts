import { Module } from '@nestjs/common';
import { RateLimitStore } from './rate-limit.storage.js';

/** The rate limiter's counters, made once per app and closed with it. */
@Module({ providers: [RateLimitStore], exports: [RateLimitStore] })
export class RateLimitModule {}
