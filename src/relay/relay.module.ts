import { Module } from '@nestjs/common';
import { NodeResolver } from './node.resolver';

/** Relay object identification (`node`, `nodes`): reads through the loaders features declare with @NodeLoader. */
@Module({ providers: [NodeResolver] })
export class RelayModule {}
