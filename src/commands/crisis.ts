import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import { CRISIS_DATA, regionFrom } from '../domain/crisis.js';
import { sanitizeLine } from '../render/sanitize.js';
import { crisisText } from '../safety.js';
import { examples } from './help.js';

export function registerCrisis(program: Command, ctx: Ctx): void {
  program
    .command('crisis')
    .description('where to find help right now: crisis lines and emergency numbers')
    .option('--region <code>', 'country or region code, e.g. US, GB, IE, CA, DE (default: from INTEGRATE_REGION or your locale)')
    .addHelpText('before', examples([
      ['integrate crisis', 'resources for your region'],
      ['integrate crisis --region GB', 'for the UK'],
    ]))
    .action((opts: { region?: string }) => {
      if (opts.region && !regionFrom(opts.region, undefined)) {
        ctx.io.err(`No lines for "${sanitizeLine(opts.region)}" yet; showing the international directory and general emergency numbers.\n`);
      }
      ctx.io.out(`${crisisText(ctx, opts.region)}\n\n${ctx.io.c.dim(`These numbers were last checked on ${CRISIS_DATA.lastVerified}. If one does not work, call your local emergency number.`)}\n`);
    });
}
