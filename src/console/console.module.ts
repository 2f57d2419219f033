import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller.js';

/** The web console's files (see ConsoleController). Listed last: its pages never shadow /v1. */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
