import { TaskHandler } from '../../../lib';
import { ONBOARDING_CONTEXT_SCHEMA } from './onboarding-context';
import { CreateAccountStep } from './steps/create-account.step-handler';
import { ProvisionMailboxStep } from './steps/provision-mailbox.step-handler';
import { SendWelcomeStep } from './steps/send-welcome.step-handler';
import { ServiceCallStep } from './steps/service-call.step-handler';

/** Account → CRM contact and mailbox in parallel (both over HTTP) → welcome message (HTTP). */
@TaskHandler({
  namespace: 'onboarding',
  name: 'new_customer',
  version: '1.0.0',
  description: 'Create the account, register it with the CRM and the mail service, send the welcome',
  contextSchema: ONBOARDING_CONTEXT_SCHEMA,
  steps: [
    { name: 'create_account', handler: CreateAccountStep },
    {
      name: 'create_crm_contact',
      handler: ServiceCallStep,
      dependsOn: ['create_account'],
      config: { path: '/crm/contacts', method: 'POST', timeoutMs: 5000 },
    },
    {
      name: 'provision_mailbox',
      handler: ProvisionMailboxStep,
      dependsOn: ['create_account'],
      maxAttempts: 6,
      config: { path: '/mail/mailboxes', method: 'POST', timeoutMs: 5000 },
    },
    {
      name: 'send_welcome',
      handler: SendWelcomeStep,
      dependsOn: ['create_crm_contact', 'provision_mailbox'],
      config: { path: '/mail/messages', method: 'POST', timeoutMs: 5000 },
    },
  ],
})
export class NewCustomerTask {}
