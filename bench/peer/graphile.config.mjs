// PostGraphile 5 as the benchmark's peer (python -m bench.run --peer postgraphile).
//
// The Amber preset over the schema the run seeded, production settings: no
// GraphiQL, no watch mode, no EXPLAIN in answers, errors masked. bench/peer.py
// passes the database, schema and port in the environment; nothing here is
// part of the service.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

const connectionString = process.env.PEER_DATABASE_URL;
const schema = process.env.PEER_SCHEMA ?? "bench";
const pool = Number(process.env.PEER_POOL ?? "10");

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString,
      schemas: [schema],
      // node-postgres's pool: at least one connection per load-generator connection (8).
      poolConfig: { max: pool },
    }),
  ],
  grafserv: {
    host: "127.0.0.1",
    port: Number(process.env.PEER_PORT ?? "5678"),
    graphqlPath: "/graphql",
    graphiql: false,
    watch: false,
    websockets: false,
  },
  grafast: {
    explain: false,
  },
};

export default preset;
