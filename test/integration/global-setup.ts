/** The CLI tests run the real `machinist` binary: build it once before the integration project. */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit', timeout: 180_000 });
}
