import { runArchiveCli } from './archive-cli';

// node dist/apps/archive/src/main.js export --government <code> --out <file.tar.gz>
// node dist/apps/archive/src/main.js import --in <file.tar.gz> [--as-code <code>]
void runArchiveCli(process.argv.slice(2), {
  databaseUrl: process.env['DATABASE_URL']?.trim() || undefined,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((status) => {
  process.exitCode = status;
});
