// Builds conformance/drivers/go/cometbft/bin/cometbft-driver: the driver's own package
// plus overlay/driver_hooks.go added to CometBFT's `consensus` package (go build
// -overlay), so that no CometBFT code is copied into this repository. Go refuses an
// overlay of a file beneath GOMODCACHE, so the modules are first vendored (`go mod
// vendor`: vendor/ is generated from go.sum's modules, never committed) and
// bin/overlay.json adds the file to vendor/github.com/cometbft/cometbft/consensus/.
//   node conformance/drivers/go/cometbft/build.mjs      (Go >= 1.23 on PATH; modules from the proxy)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const go = (...args) => execFileSync('go', args, { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
try {
  go('mod', 'download', 'github.com/cometbft/cometbft');
  if (go('list', '-mod=readonly', '-m', '-f', '{{.Version}}', 'github.com/cometbft/cometbft') !== 'v0.38.26') {
    throw new Error('go.mod does not require github.com/cometbft/cometbft v0.38.26');
  }
  go('mod', 'vendor');
  const dir = join(here, 'vendor', 'github.com', 'cometbft', 'cometbft');
  if (!existsSync(join(dir, 'consensus', 'state.go'))) throw new Error(`go mod vendor left no ${dir}/consensus/state.go`);
  const overlay = join(here, 'bin', 'overlay.json');
  mkdirSync(join(here, 'bin'), { recursive: true });
  writeFileSync(overlay, `${JSON.stringify({ Replace: { [join(dir, 'consensus', 'driver_hooks.go')]: join(here, 'overlay', 'driver_hooks.go') } }, null, 1)}\n`);
  go('build', '-mod=vendor', '-trimpath', `-overlay=${overlay}`, '-o', join(here, 'bin', 'cometbft-driver'), '.');
} catch (e) {
  console.error(`build of the CometBFT driver failed (needs go >= 1.23 on PATH and the Go module proxy): ${e.message.split('\n')[0]}`);
  process.exit(2);
}
