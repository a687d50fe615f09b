/** fail: fail the task with a message. */
import { z } from 'zod';
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { builtinAliases } from '../kit/args.js';

export const DEFAULT_FAIL_MSG = 'Failed as requested from task';

export const failSchema = z.object({ msg: z.unknown().optional() }).strict();

export const failModule = defineModule({
  name: 'fail',
  aliases: builtinAliases('fail'),
  schema: failSchema,
  runsOn: 'controller',
  async plan(args) {
    const msg = args.msg === undefined || args.msg === null ? DEFAULT_FAIL_MSG : args.msg;
    throw new ModuleFailure(typeof msg === 'string' ? msg : JSON.stringify(msg), { changed: false, failed: true, msg });
  },
});
