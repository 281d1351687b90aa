import { StepHandler, type HttpStepResult, type StepContext } from '../../../../lib';
import type { OnboardingContext } from '../onboarding-context';
import { ServiceCallStep } from './service-call.step-handler';

/** Sends the welcome message, naming the new mailbox and the CRM contact in it. */
@StepHandler('onboarding.send_welcome')
export class SendWelcomeStep extends ServiceCallStep<OnboardingContext> {
  protected override body(ctx: StepContext<OnboardingContext>): unknown {
    const mailbox = ctx.result<HttpStepResult>('provision_mailbox').body as { address: string };
    const contact = ctx.result<HttpStepResult>('create_crm_contact').body as { contactId: string };
    return {
      to: ctx.task.context.email,
      template: `welcome-${ctx.task.context.plan}`,
      variables: { name: ctx.task.context.fullName, mailbox: mailbox.address, contactId: contact.contactId },
    };
  }
}
