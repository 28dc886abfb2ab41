import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { EntityManager } from 'typeorm';
import { DomainEventBus } from './domain-event-bus';
import { OnDomainEvent } from './on-domain-event.decorator';
import { TransactionHooksService } from './transaction-hooks.service';

interface SpecEvent {
  n: number;
}
declare module './domain-events' {
  interface DomainEvents {
    'spec.happened': SpecEvent;
  }
}

const log: string[] = [];

@Injectable()
class Zeta {
  @OnDomainEvent('spec.happened')
  async inTransaction(event: SpecEvent, manager: EntityManager) {
    log.push(`zeta tx ${event.n} ${manager ? 'with manager' : 'without'}`);
  }

  @OnDomainEvent('spec.happened', { phase: 'afterCommit' })
  later(event: SpecEvent, manager?: EntityManager) {
    log.push(`zeta after ${event.n} ${manager ? 'with manager' : 'without'}`);
  }
}

@Injectable()
class Alpha {
  @OnDomainEvent('spec.happened')
  first(event: SpecEvent) {
    log.push(`alpha tx ${event.n}`);
  }

  @OnDomainEvent('spec.happened', { phase: 'afterCommit' })
  failing() {
    throw new Error('after-commit failure must not escape');
  }
}

/** Stands in for the transaction hooks: after-commit work waits until `commit()`. */
class FakeHooks {
  pending: (() => unknown)[] = [];
  async afterCommit(_manager: EntityManager, run: () => unknown) {
    this.pending.push(run);
  }
  async commit() {
    for (const run of this.pending.splice(0)) await run();
  }
}

describe('DomainEventBus', () => {
  let bus: DomainEventBus;
  let hooks: FakeHooks;
  const manager = {} as EntityManager;

  beforeEach(async () => {
    log.length = 0;
    hooks = new FakeHooks();
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [DomainEventBus, Zeta, Alpha, { provide: TransactionHooksService, useValue: hooks }],
    }).compile();
    await moduleRef.init();
    bus = moduleRef.get(DomainEventBus);
  });

  it('finds the declared handlers, in a stable order by owner', () => {
    expect(bus.handlersOf('spec.happened')).toEqual([
      { phase: 'afterCommit', owner: 'Alpha.failing' },
      { phase: 'transaction', owner: 'Alpha.first' },
      { phase: 'transaction', owner: 'Zeta.inTransaction' },
      { phase: 'afterCommit', owner: 'Zeta.later' },
    ]);
  });

  it('runs transaction handlers at once with the manager, after-commit ones only after commit and without it', async () => {
    await bus.emit(manager, 'spec.happened', { n: 1 });
    expect(log).toEqual(['alpha tx 1', 'zeta tx 1 with manager']);
    await hooks.commit();
    expect(log).toEqual(['alpha tx 1', 'zeta tx 1 with manager', 'zeta after 1 without']);
  });

  it('drops after-commit handlers when the transaction never commits', async () => {
    await bus.emit(manager, 'spec.happened', { n: 2 });
    hooks.pending = []; // rolled back
    await hooks.commit();
    expect(log).toEqual(['alpha tx 2', 'zeta tx 2 with manager']);
  });

  it('a failing transaction handler fails the emit (and so rolls the change back)', async () => {
    @Injectable()
    class Refusing {
      @OnDomainEvent('spec.happened')
      refuse(): void {
        throw new Error('refused');
      }
    }
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [DomainEventBus, Refusing, { provide: TransactionHooksService, useValue: hooks }],
    }).compile();
    await moduleRef.init();
    await expect(moduleRef.get(DomainEventBus).emit(manager, 'spec.happened', { n: 3 })).rejects.toThrow('refused');
  });

  it('an event without handlers is a no-op', async () => {
    await expect(bus.emit(manager, 'user.access-changed' as never, { userId: 'x' } as never)).resolves.toBeUndefined();
  });
});
