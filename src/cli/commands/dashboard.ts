import { createServer, type RequestListener } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Command } from 'commander';
import { z } from 'zod';
import { describeRedisUrl, probeRedis, QueueRuntime, queueNames } from '../../../jobs/index.ts';
import { type GlobalContext, loadContext } from '../context.ts';
import { parseFlags } from '../exit.ts';

const flags = z.object({
  port: z.coerce
    .number({ message: 'expected a port number from 0 to 65535' })
    .int({ message: 'expected a port number from 0 to 65535' })
    .min(0, { message: 'expected a port number from 0 to 65535' })
    .max(65_535, { message: 'expected a port number from 0 to 65535' })
    .default(3000),
});

export function registerDashboard(program: Command, global: () => GlobalContext): void {
  program
    .command('dashboard')
    .description('Bull Board for the sync queues, on 127.0.0.1 only (jobs, retries, failures, schedules)')
    .option('--port <n>', 'port to listen on (0 = any free port)', '3000')
    .action(async (raw: unknown) => {
      const opts = parseFlags(flags, raw);
      const { config, log } = loadContext(global());
      await probeRedis(config.redisUrl);
      const runtime = new QueueRuntime(config, log);
      const serverAdapter = new ExpressAdapter();
      serverAdapter.setBasePath('/');
      createBullBoard({
        queues: queueNames().map((name) => new BullMQAdapter(runtime.queue(name))),
        serverAdapter,
        options: { uiConfig: { boardTitle: 'opsledger' } },
      });
      // The adapter's router is an express app: a plain request listener for node:http.
      const app: RequestListener = serverAdapter.getRouter();
      const server = createServer(app).listen(opts.port, '127.0.0.1');
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      process.stdout.write(
        `Bull Board: http://127.0.0.1:${port}/ (queues ${queueNames().join(', ')}, prefix ${runtime.prefix}, Redis ${describeRedisUrl(config.redisUrl)})\nPress Ctrl+C to stop.\n`,
      );
      const stop = () => {
        server.close();
        runtime.close().finally(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
