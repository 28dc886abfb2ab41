import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DomainEventBus } from './domain-event-bus';
import { TransactionHooksService } from './transaction-hooks.service';

/** The typed domain event bus and the transaction hooks under it (platform: global). */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [TransactionHooksService, DomainEventBus],
  exports: [TransactionHooksService, DomainEventBus],
})
export class EventsModule {}
