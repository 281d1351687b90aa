import { StepHandler, type StepContext } from '../../../../lib';
import type { NewAccount, OnboardingContext } from '../onboarding-context';
import { ServiceCallStep } from './service-call.step-handler';

/** Asks the mail service for a mailbox named after the account's username (it throttles now and then). */
@StepHandler('onboarding.provision_mailbox')
export class ProvisionMailboxStep extends ServiceCallStep<OnboardingContext> {
  protected override body(ctx: StepContext<OnboardingContext>): unknown {
    const { username, accountId } = ctx.result<NewAccount>('create_account');
    return { username, accountId, plan: ctx.task.context.plan };
  }
}
