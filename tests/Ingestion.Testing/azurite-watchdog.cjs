// Preloaded into Azurite with `node --require`. The .NET side keeps Azurite's stdin open; when it closes (a graceful
// stop, or the test process dying without cleaning up), Azurite shuts down instead of lingering on its ports.
"use strict";

const shutDown = () => {
  process.kill(process.pid, "SIGTERM");
  // Azurite closes its servers on SIGTERM; if a handle still keeps the process alive, leave anyway.
  setTimeout(() => process.exit(0), 5000).unref();
};

process.stdin.once("end", shutDown);
process.stdin.once("error", shutDown);
process.stdin.resume();
