// Serves the preset of graphile.config.mjs with Node's own http server (library
// mode, grafserv/node), as PostGraphile's documentation shows; stops on SIGTERM.
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import preset from "./graphile.config.mjs";

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.keepAliveTimeout = 60_000;
server.on("error", (error) => {
  console.error(error);
  process.exit(1);
});
await serv.addTo(server);
server.listen(preset.grafserv.port, preset.grafserv.host, () => {
  console.log(`listening on ${preset.grafserv.host}:${preset.grafserv.port}`);
});

process.on("SIGTERM", async () => {
  server.close();
  await pgl.release();
  process.exit(0);
});
