import { StepHandler, type StepContext, type StepHandlerContract } from '../../../../lib';
import { usernameFor, type NewAccount, type OnboardingContext } from '../onboarding-context';

/** The account itself: an id stable across retries (the step's key) and a username. */
@StepHandler('onboarding.create_account')
export class CreateAccountStep implements StepHandlerContract<OnboardingContext, NewAccount> {
  process(ctx: StepContext<OnboardingContext>): NewAccount {
    return {
      accountId: `acct_${ctx.step.idempotencyKey.slice(0, 8)}`,
      username: usernameFor(ctx.task.context.fullName),
    };
  }
}
