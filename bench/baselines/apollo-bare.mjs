/**
 * Baseline of scenario 1: a bare Apollo Server 5 on Express 5 (the packages the service uses),
 * one field, nothing else: the floor under `{ __typename }`. PORT from the environment.
 */
import { createRequire } from 'node:module';

// the CommonJS builds, as the service loads them (the ESM build of @graphql-tools does not load with the pinned utils)
const require = createRequire(import.meta.url);
const { ApolloServer } = require('@apollo/server');
const { expressMiddleware } = require('@as-integrations/express5');
const express = require('express');

const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
await server.start();
const app = express();
app.use('/graphql', express.json(), expressMiddleware(server));
app.listen(Number(process.env.PORT), '127.0.0.1');
