import { Module } from '@nestjs/common';
import { GraphqlIdeController } from './graphql-ide.controller';

/** The offline GraphQL IDE's assets; imported only when GRAPHQL_IDE is on. */
@Module({ controllers: [GraphqlIdeController] })
export class GraphqlIdeModule {}
